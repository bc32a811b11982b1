//! The values pallet-operators stores.

use bastion_primitives::Fraction;
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use {frame_support::pallet_prelude::*, sp_runtime::Perbill};

/// Where an operator is in its life.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum OperatorStatus<BlockNumber> {
	/// Takes deposits, opt-ins and allocation increases.
	Active,
	/// Accepts nothing new; its stake stays slashable until the block given, after which
	/// it may finish deregistering.
	Deregistering { until: BlockNumber },
}

/// A registered operator.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxMetadata))]
pub struct OperatorDetails<BlockNumber, MaxMetadata: Get<u32>>
where
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The native bond held while registered; pays for its opt-ins and allocations.
	pub bond: u128,
	/// The share of its stakers' rewards it keeps.
	pub commission: Perbill,
	/// A commission increase and the block it applies at.
	pub pending_commission: Option<(Perbill, BlockNumber)>,
	/// Free-form description (name, URL, contact).
	pub metadata: BoundedVec<u8, MaxMetadata>,
	/// Active or deregistering.
	pub status: OperatorStatus<BlockNumber>,
	/// How many AVSs it is opted in to (leaving ones included).
	pub opt_ins: u32,
	/// How many (AVS, vault) allocations it has.
	pub allocations: u32,
}

impl<BlockNumber, MaxMetadata> OperatorDetails<BlockNumber, MaxMetadata>
where
	BlockNumber: Clone + PartialEq + Eq + PartialOrd + core::fmt::Debug,
	MaxMetadata: Get<u32>,
{
	/// The commission in force at `now`.
	pub fn commission_at(&self, now: BlockNumber) -> Perbill {
		match &self.pending_commission {
			Some((next, at)) if *at <= now => *next,
			_ => self.commission,
		}
	}
}

/// An operator's opt-in to an AVS.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct OptIn<BlockNumber> {
	/// When it opted in.
	pub since: BlockNumber,
	/// Set by an opt-out: the opt-in (and every allocation to the AVS) ends at this block.
	pub leaving_at: Option<BlockNumber>,
	/// Its allocations (one per vault, live or not yet cleared), at most
	/// `MaxAllocationsPerOptIn`: what an opt-out, a removal or a prune walks.
	pub allocations: u32,
}

impl<BlockNumber: PartialOrd + Copy> OptIn<BlockNumber> {
	/// Whether the AVS can still slash through it at `now`.
	pub fn is_live(&self, now: BlockNumber) -> bool {
		self.leaving_at.is_none_or(|at| now < at)
	}
}

/// The fraction of a (vault, operator) pool allocated to one AVS.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Allocation<BlockNumber> {
	/// The fraction in force.
	pub current: Fraction,
	/// A change and the block it applies at: increases wait A, decreases D.
	pub pending: Option<(Fraction, BlockNumber)>,
}

impl<BlockNumber: PartialOrd + Copy> Allocation<BlockNumber> {
	/// The allocation with its pending change applied if due at `now`.
	pub fn at(&self, now: BlockNumber) -> Self {
		match self.pending {
			Some((next, at)) if at <= now => Allocation { current: next, pending: None },
			_ => *self,
		}
	}

	/// What it counts for against the vault's `max_restake`: the larger of the current and
	/// the pending fraction, so a pending decrease still counts until it completes.
	pub fn reserved(&self) -> Fraction {
		match self.pending {
			Some((next, _)) => self.current.max(next),
			None => self.current,
		}
	}
}

/// Σ of fractions in parts per 10^18 (Perquintill's accuracy): 100 % = 10^18. Sums of
/// allocations may exceed 100 % (restaking), so they are added as integers.
pub fn sum_parts(fractions: impl IntoIterator<Item = Fraction>) -> u128 {
	fractions.into_iter().fold(0u128, |sum, f| sum.saturating_add(u128::from(f.deconstruct())))
}

/// A restaking cap in percent, in the parts of [`sum_parts`].
pub fn cap_parts(percent: bastion_primitives::RestakePercent) -> u128 {
	u128::from(percent).saturating_mul(10u128.pow(16))
}
