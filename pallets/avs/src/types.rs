//! The values pallet-avs stores.

pub use bastion_primitives::SlashingRules;
use bastion_primitives::{Approval, VaultId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::*;
use scale_info::TypeInfo;

/// Who may opt in.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum OperatorPolicy {
	/// Any operator with the minimum stake.
	Open,
	/// Only operators the AVS approved.
	AllowList,
}

/// Everything an AVS declares when it registers.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[scale_info(skip_type_params(MaxVaults))]
#[serde(bound(serialize = "AccountId: serde::Serialize, BlockNumber: serde::Serialize"))]
#[serde(bound(
	deserialize = "AccountId: serde::Deserialize<'de>, BlockNumber: serde::Deserialize<'de>"
))]
pub struct AvsRegistration<AccountId, BlockNumber, MaxVaults: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The vaults whose stake it accepts.
	pub accepted_vaults: BoundedVec<VaultId, MaxVaults>,
	/// Its slashing rules.
	pub rules: SlashingRules<AccountId, BlockNumber>,
	/// The least stake an operator must have in one accepted vault to opt in.
	pub min_operator_stake: u128,
	/// Open, or allow-listed operators only.
	pub operator_policy: OperatorPolicy,
}

/// Changes to an AVS; `None` leaves a field as it is.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxVaults, MaxMetadata))]
pub struct AvsUpdate<AccountId, BlockNumber, MaxVaults: Get<u32>, MaxMetadata: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// New metadata, at once.
	pub metadata: Option<BoundedVec<u8, MaxMetadata>>,
	/// New slashing rules, after the rule-change delay (longer than every W and D).
	pub rules: Option<SlashingRules<AccountId, BlockNumber>>,
	/// New minimum operator stake, at once: it gates opt-ins, and operators already in
	/// below it can be evicted (`pallet_operators::Pallet::evict_opt_in`).
	pub min_operator_stake: Option<u128>,
	/// New operator policy, at once (operators already in stay).
	pub operator_policy: Option<OperatorPolicy>,
	/// Vaults to start accepting, at once; their stake is slashable A blocks later at the
	/// earliest (allocations wait A too).
	pub add_vaults: BoundedVec<VaultId, MaxVaults>,
	/// Vaults to stop accepting: their allocations stay slashable for D blocks.
	pub remove_vaults: BoundedVec<VaultId, MaxVaults>,
}

/// Where an AVS is in its life.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum AvsStatus<BlockNumber> {
	/// Takes operators and allocations.
	Active,
	/// Accepts nothing new; may finish deregistering from the block given.
	Deregistering { until: BlockNumber },
}

/// A registered AVS.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxVaults, MaxMetadata))]
pub struct AvsDetails<AccountId, BlockNumber, MaxVaults: Get<u32>, MaxMetadata: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Registered it; changes it.
	pub owner: AccountId,
	/// The native bond held from the owner.
	pub bond: u128,
	/// Free-form description.
	pub metadata: BoundedVec<u8, MaxMetadata>,
	/// The slashing rules in force.
	pub rules: SlashingRules<AccountId, BlockNumber>,
	/// New rules and the block they apply at.
	pub pending_rules: Option<(SlashingRules<AccountId, BlockNumber>, BlockNumber)>,
	/// Accepted vaults, and ones being dropped (slashable until their block).
	pub vaults: BoundedVec<(VaultId, Approval<BlockNumber>), MaxVaults>,
	/// The least stake to opt in.
	pub min_operator_stake: u128,
	/// Open or allow-listed.
	pub operator_policy: OperatorPolicy,
	/// How many operators are on the allow-list.
	pub allowed_operators: u32,
	/// Active or deregistering.
	pub status: AvsStatus<BlockNumber>,
}

impl<AccountId, BlockNumber, MaxVaults, MaxMetadata>
	AvsDetails<AccountId, BlockNumber, MaxVaults, MaxMetadata>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + Copy + PartialEq + Eq + PartialOrd + Ord + core::fmt::Debug,
	MaxVaults: Get<u32>,
	MaxMetadata: Get<u32>,
{
	/// The rules in force at `now`.
	pub fn rules_at(&self, now: BlockNumber) -> &SlashingRules<AccountId, BlockNumber> {
		match &self.pending_rules {
			Some((rules, at)) if *at <= now => rules,
			_ => &self.rules,
		}
	}

	/// The longest veto window in force or scheduled.
	pub fn max_veto_window(&self) -> BlockNumber {
		match &self.pending_rules {
			Some((rules, _)) => self.rules.veto_window.max(rules.veto_window),
			None => self.rules.veto_window,
		}
	}
}
