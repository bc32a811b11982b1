//! The answers of the restaking queries (`RestakingApi`, served as `restaking_*` JSON-RPC
//! methods). Each is computed by the pallet that owns its data (`api_*` functions) and
//! shared here so the pallets can hand parts of an answer to each other through the
//! traits of this crate.
//!
//! JSON conventions (with the `std` feature): field names in camelCase; amounts, shares and
//! fractions as **decimal strings** (they exceed JavaScript's 2^53), fractions in parts per
//! 10^18 (`"500000000000000000"` = 50 %); accounts in SS58.

use crate::{AvsId, Fraction, VaultId};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::traits::fungible::NativeOrWithId;
use scale_info::TypeInfo;

/// A `u128` (an amount, shares, or a fraction in parts per 10^18); JSON: a decimal string.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default, Encode, Decode, TypeInfo)]
pub struct Amount(pub u128);

#[cfg(feature = "std")]
impl serde::Serialize for Amount {
	fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&self.0.to_string())
	}
}

impl From<u128> for Amount {
	fn from(v: u128) -> Self {
		Amount(v)
	}
}

impl From<Fraction> for Amount {
	fn from(f: Fraction) -> Self {
		Amount(u128::from(f.deconstruct()))
	}
}

/// The asset of a vault or a reward. JSON: `"native"` or `{"asset": 1}`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub enum AssetView {
	Native,
	Asset(u32),
}

/// One allocation of a pool to an AVS.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct AllocationView<BlockNumber> {
	pub avs: AvsId,
	/// The fraction in force (parts per 10^18).
	pub fraction: Amount,
	/// A scheduled change: (fraction, block it applies at).
	pub pending: Option<(Amount, BlockNumber)>,
	/// What the AVS can slash now: the live fraction × the pool's assets (zero once the
	/// opt-in, the vault's approval or the AVS's acceptance has run out).
	pub slashable: Amount,
}

/// One (vault, operator) pool.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct PoolView<BlockNumber> {
	pub vault: VaultId,
	pub asset: AssetView,
	/// Everything the pool's shares are worth (active and exiting).
	pub total_assets: Amount,
	/// The part held by active shares (what earns rewards).
	pub active_assets: Amount,
	pub total_shares: Amount,
	pub exiting_shares: Amount,
	/// Taken by pending slash requests (no longer in `total_assets`).
	pub escrowed: Amount,
	pub allocations: Vec<AllocationView<BlockNumber>>,
}

/// `restaking_operatorStake`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct OperatorStake<AccountId, BlockNumber> {
	pub operator: AccountId,
	/// Commission in force, in parts per 10^9.
	pub commission: u32,
	/// `None` while active; the block its stake stops being slashable once deregistering.
	pub deregistering_until: Option<BlockNumber>,
	pub pools: Vec<PoolView<BlockNumber>>,
}

/// One operator's slice of a vault, as an AVS sees it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct SliceView<AccountId> {
	pub operator: AccountId,
	pub fraction: Amount,
	pub slashable: Amount,
}

/// What an AVS can slash in one vault.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct VaultSecurity<AccountId> {
	pub vault: VaultId,
	pub asset: AssetView,
	/// Σ of the operators' slashable slices.
	pub slashable: Amount,
	pub operators: Vec<SliceView<AccountId>>,
}

/// `restaking_avsSecurity`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct AvsSecurity<AccountId> {
	pub avs: AvsId,
	/// The most one slash request may take of each slice (parts per 10^18).
	pub max_slash_per_request: Amount,
	pub vaults: Vec<VaultSecurity<AccountId>>,
}

/// A queued withdrawal.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct WithdrawalView<BlockNumber> {
	pub shares: Amount,
	/// What it would pay at the pool's price now.
	pub value: Amount,
	pub unlock_at: BlockNumber,
}

/// What one AVS could take from a position.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct AvsExposure {
	pub avs: AvsId,
	/// The AVS's slice of the pool (parts per 10^18).
	pub slice: Amount,
	/// The most one request could take from this position: value × slice × the AVS's cap.
	pub max_per_request: Amount,
	/// The most it could take over repeated requests: value × slice.
	pub max_total: Amount,
}

/// A reward amount owed.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct RewardView {
	pub asset: AssetView,
	pub amount: Amount,
}

/// One position's exposure.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct PositionExposure<AccountId, BlockNumber> {
	pub vault: VaultId,
	pub operator: AccountId,
	pub asset: AssetView,
	pub shares: Amount,
	/// Active and queued shares at the pool's price now.
	pub value: Amount,
	pub withdrawals: Vec<WithdrawalView<BlockNumber>>,
	pub claimable: Vec<RewardView>,
	pub per_avs: Vec<AvsExposure>,
	/// The most every AVS together could take: value × Σ slices, never above `value`.
	pub worst_case: Amount,
}

/// `restaking_stakerExposure`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct StakerExposure<AccountId, BlockNumber> {
	pub staker: AccountId,
	pub positions: Vec<PositionExposure<AccountId, BlockNumber>>,
}

/// One staker's loss in a simulated slash.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct StakerLoss<AccountId> {
	pub staker: AccountId,
	pub loss: Amount,
}

/// An AVS's slice of a pool before and after a slash.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct SliceChangeView {
	pub avs: AvsId,
	pub before: Amount,
	pub after: Amount,
}

/// One pool a simulated slash hits.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct PoolHit<AccountId> {
	pub vault: VaultId,
	pub asset: AssetView,
	/// What the request would escrow from the pool.
	pub amount: Amount,
	/// Every AVS's slice of the pool, before and after.
	pub slices: Vec<SliceChangeView>,
	/// Each staker's loss (active and queued shares), largest first.
	pub stakers: Vec<StakerLoss<AccountId>>,
}

/// `restaking_simulateSlash`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct SlashSimulation<AccountId> {
	pub avs: AvsId,
	pub operator: AccountId,
	pub fraction: Amount,
	pub total: Amount,
	pub pools: Vec<PoolHit<AccountId>>,
}

/// One validator and the consensus stake that elected it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct ValidatorView<AccountId> {
	pub validator: AccountId,
	/// Native stake the consensus AVS could slash from it when it was elected.
	pub stake: Amount,
}

/// `restaking_validators`: the validator set of the current session and of the next one
/// (already elected), each in election order.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize), serde(rename_all = "camelCase"))]
pub struct ValidatorSets<AccountId> {
	/// The consensus AVS.
	pub avs: AvsId,
	/// The current session's index.
	pub session: u32,
	pub current: Vec<ValidatorView<AccountId>>,
	pub next: Vec<ValidatorView<AccountId>>,
}

/// Why a query has no answer.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum QueryError {
	/// The account is not a registered operator.
	NotAnOperator,
	/// No AVS has this id.
	UnknownAvs,
	/// The account has no position (and nothing left to claim).
	NoPositions,
	/// The slash would be refused; the pallet error's name (e.g. `FractionAboveCap`).
	SlashRefused(Vec<u8>),
}

impl From<NativeOrWithId<u32>> for AssetView {
	fn from(asset: NativeOrWithId<u32>) -> Self {
		match asset {
			NativeOrWithId::Native => AssetView::Native,
			NativeOrWithId::WithId(id) => AssetView::Asset(id),
		}
	}
}
