//! The values pallet-rewards stores.

use bastion_primitives::{ActivePool, Approval, AvsId, Fraction, VaultId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_core::U256;
use sp_runtime::Perbill;

/// Identifies a reward stream; never reused.
pub type StreamId = u64;

/// An asset rewards may be paid in, with the least a stream of it must carry.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct RewardAsset<AssetKind> {
	/// The asset.
	pub asset: AssetKind,
	/// The smallest `amount` a stream of this asset may fund (in the asset's units).
	pub min_stream_amount: u128,
}

/// A funded stream: `amount` of `asset` paid to `avs`'s earners from `start` to `end`.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxVaults))]
pub struct Stream<AccountId, AssetKind, BlockNumber, MaxVaults>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	AssetKind: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxVaults: Get<u32>,
{
	/// The AVS whose operators and stakers earn it.
	pub avs: AvsId,
	/// Who paid; gets back what could not be paid out.
	pub funder: AccountId,
	/// The asset paid.
	pub asset: AssetKind,
	/// The amount funded.
	pub amount: u128,
	/// The block it was funded at.
	pub start: BlockNumber,
	/// The block its last part is released at.
	pub end: BlockNumber,
	/// Each vault's share of it (summing to 100 %).
	pub vault_shares: BoundedVec<(VaultId, Perbill), MaxVaults>,
	/// Funded by a sponsor (not the AVS's owner, at funding): the owner may cancel it.
	pub sponsored: bool,
}

/// One stream's budget in one vault: released linearly until `end` to the vault's earners.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct StreamPart<AssetKind, BlockNumber> {
	/// The stream.
	pub stream: StreamId,
	/// Its asset.
	pub asset: AssetKind,
	/// Its end.
	pub end: BlockNumber,
	/// Not released yet. What a period with no earning stake could not pay stays here and
	/// is spread over the rest of the stream.
	pub remaining: u128,
	/// Released to the vault's earners so far (commission, stakers' part and rounding).
	pub distributed: u128,
}

/// What one AVS pays the earners of one vault: the stream parts, the total earning stake
/// and, per asset, the reward per unit of earning stake (scaled by 10^36).
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxParts, MaxAssets))]
pub struct RewardSource<AssetKind, BlockNumber, MaxParts, MaxAssets>
where
	AssetKind: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxParts: Get<u32>,
	MaxAssets: Get<u32>,
{
	/// Σ of the earners' recorded stakes: allocation × active assets of each pool.
	pub total_stake: u128,
	/// The block up to which the parts have been released.
	pub settled_at: BlockNumber,
	/// When the vault's stake is slashable by the AVS as far as the vault's approval and
	/// the AVS's acceptance go (both together): parts release only inside it, so earning
	/// stops the block a revocation or a drop takes effect, whoever touches the source.
	pub link: Approval<BlockNumber>,
	/// The open streams' parts for this vault.
	pub parts: BoundedVec<StreamPart<AssetKind, BlockNumber>, MaxParts>,
	/// Reward per unit of earning stake, per asset, since the source was created.
	pub per_stake: BoundedVec<(AssetKind, U256), MaxAssets>,
}

/// What an operator's pool in one vault earns from one AVS.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxAssets))]
pub struct Earner<AssetKind, BlockNumber, MaxAssets>
where
	AssetKind: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAssets: Get<u32>,
{
	/// Its earning stake since the last settlement: `fraction` × the pool's active assets.
	pub stake: u128,
	/// The operator's commission at the last settlement. A period is charged the lower of
	/// this and the commission at its end, so an increase never reaches back.
	pub commission: Perbill,
	/// The operator's live allocation of the pool to the AVS, as last read. It changes by a
	/// call (the operators pallet says so: the earner is settled and reads it again) or by
	/// itself at `refresh_at`.
	pub fraction: Fraction,
	/// When `fraction` changes without a call (a pending change applying, an opt-out taking
	/// effect): the first settlement from then on reads it again.
	pub refresh_at: Option<BlockNumber>,
	/// Per asset: the source's reward per stake last seen, and commission not yet claimed.
	pub assets: BoundedVec<EarnerAsset<AssetKind>, MaxAssets>,
}

/// An earner's account in one asset.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct EarnerAsset<AssetKind> {
	/// The asset.
	pub asset: AssetKind,
	/// The source's reward per stake when last settled.
	pub seen: U256,
	/// The operator's commission, not yet claimed.
	pub commission: u128,
}

/// The rewards of one (vault, operator) pool's active shares, and what it earns from each
/// AVS it is allocated to.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxAssets, MaxEarners))]
pub struct PoolRewards<AssetKind, BlockNumber, MaxAssets, MaxEarners>
where
	AssetKind: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAssets: Get<u32>,
	MaxEarners: Get<u32>,
{
	/// The pool's active assets since the last settlement: what its earners' stakes are cut
	/// from. The vaults pallet reports every change (`PoolObserver`), so while the pool has
	/// an earner this is the pool's active assets now, and a claim need not ask.
	pub active_assets: u128,
	/// The pool's active shares since the last settlement (kept as `active_assets` is).
	pub active_shares: u128,
	/// Reward per active share, per asset (scaled by 10^36).
	pub per_share: BoundedVec<(AssetKind, U256), MaxAssets>,
	/// Its earners: what it earns from each AVS its operator allocated it to, once per AVS.
	/// Kept with the accumulators, so settling the pool reads and writes one value however
	/// many AVSs pay it. Bounded by `MaxEarnersPerPool`, which covers the operator's
	/// `MaxAvsPerOperator` opt-ins: lowering that limit on a live chain needs a migration.
	pub earners: BoundedVec<(AvsId, Earner<AssetKind, BlockNumber, MaxAssets>), MaxEarners>,
}

impl<AssetKind, BlockNumber, MaxAssets, MaxEarners> Default
	for PoolRewards<AssetKind, BlockNumber, MaxAssets, MaxEarners>
where
	AssetKind: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAssets: Get<u32>,
	MaxEarners: Get<u32>,
{
	fn default() -> Self {
		Self {
			active_assets: 0,
			active_shares: 0,
			per_share: BoundedVec::new(),
			earners: BoundedVec::new(),
		}
	}
}

impl<AssetKind, BlockNumber, MaxAssets, MaxEarners>
	PoolRewards<AssetKind, BlockNumber, MaxAssets, MaxEarners>
where
	AssetKind: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAssets: Get<u32>,
	MaxEarners: Get<u32>,
{
	/// The pool's earner for `avs`, if it has one.
	pub fn earner(&self, avs: AvsId) -> Option<&Earner<AssetKind, BlockNumber, MaxAssets>> {
		self.earners.iter().find(|(listed, _)| *listed == avs).map(|(_, earner)| earner)
	}

	/// The active part recorded at the last settlement.
	pub fn active(&self) -> ActivePool {
		ActivePool { assets: self.active_assets, shares: self.active_shares }
	}

	/// The AVSs the pool has an earner for, in its order.
	pub fn earning_from(&self) -> impl Iterator<Item = AvsId> + '_ {
		self.earners.iter().map(|(avs, _)| *avs)
	}
}

/// A staker's rewards in one pool: the shares it earns with, and per asset what it saw and
/// is owed.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	DefaultNoBound,
	Encode,
	Decode,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxAssets))]
pub struct PositionRecord<AssetKind, MaxAssets>
where
	AssetKind: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAssets: Get<u32>,
{
	/// The position's shares since it was last settled. Once its pool was paid, the vaults
	/// pallet reports every change of the position (`PoolObserver`), so this is its shares
	/// now and a claim need not ask.
	pub shares: u128,
	/// Per asset: the pool's reward per share last seen, and what is owed.
	pub assets: BoundedVec<PositionAsset<AssetKind>, MaxAssets>,
}

/// A staker's rewards in one pool, in one asset.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct PositionAsset<AssetKind> {
	/// The asset.
	pub asset: AssetKind,
	/// The pool's reward per share when last settled.
	pub seen: U256,
	/// Earned and not yet claimed.
	pub owed: u128,
}

/// The pot's books for one asset: what came in and what went back to funders. What it
/// paid to stakers and operators is in the `RewardsClaimed` and `CommissionClaimed`
/// events (a claim writes no running total): the pot account's balance of the asset is
/// `reserve + funded − returned − Σ paid`, and never less than `reserve` plus every
/// stream's unreleased remainder and everything owed to operators and stakers.
#[derive(
	Clone,
	Copy,
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
pub struct PotLedger {
	/// The asset's minimum balance, paid once by the first funder: the pot is never reaped.
	pub reserve: u128,
	/// Σ of every stream funded.
	pub funded: u128,
	/// Σ returned to funders (what no one could earn).
	pub returned: u128,
}

/// What settling one earner looped over, for the caller's weight.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct EarnerSettlement {
	/// The assets its source pays in (what crediting it looped over).
	pub assets: u32,
	/// Its source's stream parts (what releasing it looped over).
	pub parts: u32,
	/// Whether an existing earner read its allocation again, its change being due.
	pub refreshed: bool,
}
