//! The values pallet-vaults stores.

use bastion_primitives::{AvsId, RestakePercent};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;

/// An amount of a vault's asset, or a number of shares. Both are u128 throughout.
pub type Balance = u128;

/// The parameters a curator tunes.
#[derive(
	Clone,
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
pub struct VaultParams<BlockNumber> {
	/// W: blocks between `request_withdrawal` and `complete_withdrawal`.
	pub withdrawal_delay: BlockNumber,
	/// The most the vault's pools may hold together, in the asset.
	pub deposit_cap: Balance,
	/// The smallest deposit accepted.
	pub min_deposit: Balance,
	/// The cap on the sum of an operator's allocations of this vault, in percent.
	pub max_restake: RestakePercent,
}

/// A change of parameters; `None` leaves a field as it is.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct VaultParamsUpdate<BlockNumber> {
	/// New W; applies after the current W.
	pub withdrawal_delay: Option<BlockNumber>,
	/// New deposit cap; applies at once.
	pub deposit_cap: Option<Balance>,
	/// New minimum deposit; applies at once.
	pub min_deposit: Option<Balance>,
	/// New restaking cap; a decrease applies at once, an increase after the current W.
	pub max_restake: Option<RestakePercent>,
}

/// Parameter changes waiting for their block.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct PendingParams<BlockNumber> {
	/// New W, if one is scheduled.
	pub withdrawal_delay: Option<BlockNumber>,
	/// New (higher) restaking cap, if one is scheduled.
	pub max_restake: Option<RestakePercent>,
	/// When they apply.
	pub effective_at: BlockNumber,
}

/// A vault.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct VaultDetails<AccountId, AssetKind, BlockNumber> {
	/// Created the vault; tunes it and chooses the AVSs it serves.
	pub curator: AccountId,
	/// The one asset the vault holds.
	pub asset: AssetKind,
	/// Parameters in force.
	pub params: VaultParams<BlockNumber>,
	/// Parameters scheduled to apply later.
	pub pending: Option<PendingParams<BlockNumber>>,
	/// Paused: no deposits and no allocation increases; withdrawals go on.
	pub paused: bool,
	/// The asset's minimum balance, put in the vault account by the curator at creation so
	/// the account can never be reaped. Never paid out.
	pub reserve: Balance,
	/// Σ of the pools' `total_assets`: what the deposit cap counts (never the account's
	/// balance, which tokens sent straight to the vault account would inflate).
	pub staked: Balance,
	/// Σ of the pools' escrow: taken by pending slash requests, not yet paid out.
	pub escrowed: Balance,
	/// The native deposit held from the curator for the vault's storage.
	pub deposit: Balance,
}

/// The shares and assets of one (vault, operator) pool.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Pool {
	/// What all the pool's shares are worth together. A ledger value: donations to the
	/// vault account do not change it, slashes lower it.
	pub total_assets: Balance,
	/// All shares, active and exiting.
	pub total_shares: Balance,
	/// Shares queued for withdrawal: still slashable, no longer earning.
	pub exiting_shares: Balance,
	/// Taken out of `total_assets` by pending slash requests. While non-zero the pool
	/// refuses deposits, so no one joins a pool with a slash in flight.
	pub escrowed: Balance,
	/// Whether changes to the pool are reported to `Config::Observer` (the rewards
	/// pallet asked for it when an AVS was first allocated the pool). Never cleared.
	pub observed: bool,
}

impl Pool {
	/// Shares that are not exiting.
	pub fn active_shares(&self) -> Balance {
		self.total_shares.saturating_sub(self.exiting_shares)
	}

	/// The active shares and the assets they are worth (rounded down): what earns.
	pub fn active(&self) -> bastion_primitives::ActivePool {
		let shares = self.active_shares();
		let assets = if self.total_shares == 0 {
			0
		} else {
			sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
				self.total_assets,
				shares,
				self.total_shares,
				sp_arithmetic::per_things::Rounding::Down,
			)
			.unwrap_or_default()
		};
		bastion_primitives::ActivePool { assets, shares }
	}
}

/// A queued withdrawal.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Withdrawal<BlockNumber> {
	/// Exiting shares, paid at the pool's price when completed.
	pub shares: Balance,
	/// The first block at which it can be completed.
	pub unlock_at: BlockNumber,
}

/// A staker's position in one pool.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxWithdrawals))]
pub struct Position<BlockNumber, MaxWithdrawals: Get<u32>>
where
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Active shares.
	pub shares: Balance,
	/// Queued withdrawals, oldest first.
	pub withdrawals: BoundedVec<Withdrawal<BlockNumber>, MaxWithdrawals>,
	/// Deposits minus payouts: what the staker put in and has not taken out. No position
	/// is ever worth more than this, but for rounding dust and its share of a vetoed
	/// escrow that stakers who left during the veto window left behind (a tested
	/// invariant).
	pub principal: Balance,
}

impl<BlockNumber, MaxWithdrawals> Position<BlockNumber, MaxWithdrawals>
where
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxWithdrawals: Get<u32>,
{
	/// Exiting shares of this position.
	pub fn exiting_shares(&self) -> Balance {
		self.withdrawals.iter().fold(0, |sum, w| sum.saturating_add(w.shares))
	}
}

/// How much to withdraw.
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
)]
pub enum WithdrawalAmount {
	/// This many shares.
	Shares(Balance),
	/// Shares worth at least this much now (rounded up to whole shares).
	Assets(Balance),
	/// Every active share of the position.
	All,
}

/// An AVS the curator approved, or is withdrawing approval from.
pub type AvsApproval<BlockNumber> = (AvsId, bastion_primitives::Approval<BlockNumber>);
