//! The traits through which the restaking pallets see each other.

use crate::{
	views::{AssetView, PoolView, RewardView},
	ActivePool, Approval, AvsId, Fraction, PoolStake, RestakePercent, SlashId, SlashingRules,
	SliceChange, VaultId,
};
use alloc::vec::Vec;
use frame_support::weights::Weight;
use sp_runtime::{DispatchResult, Perbill};

/// What the other pallets may know about vaults and their pools.
pub trait VaultsInspect<AccountId, BlockNumber> {
	/// The vaults' ledger unit.
	type Balance;

	/// Whether the vault exists.
	fn vault_exists(vault: VaultId) -> bool;
	/// The shortest and longest withdrawal delay the vault has now or has scheduled.
	/// Checks that need `W > …` use the shortest, checks that need `… > W` the longest.
	fn withdrawal_delay_bounds(vault: VaultId) -> Option<(BlockNumber, BlockNumber)>;
	/// The cap on an operator's total allocation of the vault, effective now.
	fn max_restake(vault: VaultId) -> Option<RestakePercent>;
	/// Whether the curator paused the vault (no deposits, no allocation increases).
	fn is_paused(vault: VaultId) -> bool;
	/// Whether the vault's curator lets `avs` use the vault's stake.
	fn avs_approval(vault: VaultId, avs: AvsId) -> Approval<BlockNumber>;
	/// The stake of the (vault, operator) pool; zero if it has none.
	fn pool_stake(vault: VaultId, operator: &AccountId) -> PoolStake<Self::Balance>;
	/// The pool's active (not exiting) shares, the ones that earn rewards, and what they
	/// are worth; zero if it has none.
	fn active_pool(vault: VaultId, operator: &AccountId) -> ActivePool;
	/// `staker`'s active shares in the (vault, operator) pool; zero if it has no position.
	fn position_shares(vault: VaultId, operator: &AccountId, staker: &AccountId) -> u128;

	/// Queries (runtime API only, never in a dispatchable): the asset the vault holds
	/// (`Native` for an unknown vault).
	fn vault_asset(vault: VaultId) -> AssetView;
	/// Queries: what `operator`'s pool in each of `vaults` holds, in their order (zero
	/// where it has none): `pool_stake(vault, operator).total` of each, which an
	/// implementation may read faster together.
	fn pool_totals(operator: &AccountId, vaults: &[VaultId]) -> Vec<Self::Balance> {
		vaults.iter().map(|vault| Self::pool_stake(*vault, operator).total).collect()
	}
	/// Queries: every pool of `operator`, from the vaults' index of an operator's pools,
	/// with `allocations` left empty for the caller to fill.
	fn operator_pools(operator: &AccountId) -> Vec<PoolView<BlockNumber>>;
}

/// What the other pallets may know about operators.
pub trait OperatorsInspect<AccountId> {
	/// Registered and not deregistering: its pools may take deposits.
	fn is_active_operator(who: &AccountId) -> bool;
	/// Registered, deregistering or not.
	fn is_operator(who: &AccountId) -> bool;
	/// Whether the operator is opted in to `avs` (or still leaving it).
	fn is_opted_in(who: &AccountId, avs: AvsId) -> bool;
	/// Whether the operator holds an opt-in to `avs`, live or ended but not yet removed:
	/// one of its `max_avs_per_operator` slots.
	fn holds_opt_in(who: &AccountId, avs: AvsId) -> bool;
	/// The fraction of the (vault, operator) pool that `avs` can slash now: the live
	/// allocation, or zero if the opt-in, the vault's approval or the AVS's acceptance has
	/// run out.
	fn slashable_fraction(who: &AccountId, avs: AvsId, vault: VaultId) -> Fraction;
	/// The fraction of the (vault, operator) pool the operator allocates to `avs` now under
	/// a live opt-in, whether or not the vault's approval and the AVS's acceptance hold:
	/// what the pool earns from the AVS while they do (pallet-rewards gates that itself).
	fn allocated_fraction(who: &AccountId, avs: AvsId, vault: VaultId) -> Fraction;
	/// The operator's commission in force now; zero if it is not an operator.
	fn commission(who: &AccountId) -> Perbill;
	/// The most AVSs one operator is opted in to (ended opt-ins not yet removed included):
	/// what bounds the AVSs one pool earns from.
	fn max_avs_per_operator() -> u32;
	/// Queries (runtime API only): the AVSs that can slash `who`'s pool in `vault` now,
	/// each with its slashable fraction (zero slices left out).
	fn vault_slices(who: &AccountId, vault: VaultId) -> Vec<(AvsId, Fraction)>;
}

/// What AVSs may make operators do.
pub trait OperatorsHooks<AccountId> {
	/// The AVS removed `operator` from its set: its opt-in starts ending, exactly as if it
	/// had called `opt_out` (its stake stays slashable for D blocks). Whether an opt-in
	/// started ending (false if it was not opted in, or already leaving).
	fn force_opt_out(operator: &AccountId, avs: AvsId) -> bool;
}

impl<AccountId> OperatorsHooks<AccountId> for () {
	fn force_opt_out(_: &AccountId, _: AvsId) -> bool {
		false
	}
}

/// What the other pallets may know about AVSs.
pub trait AvsInspect<AccountId, BlockNumber> {
	/// The balance unit of minimum stakes.
	type Balance;

	/// Whether the AVS exists (deregistering or not).
	fn avs_exists(avs: AvsId) -> bool;
	/// The account that registered the AVS and manages it.
	fn avs_owner(avs: AvsId) -> Option<AccountId>;
	/// Registered and not deregistering: it may take new operators and allocations.
	fn is_active_avs(avs: AvsId) -> bool;
	/// The longest veto window the AVS has now or has scheduled.
	fn max_veto_window(avs: AvsId) -> Option<BlockNumber>;
	/// Whether the AVS accepts stake from `vault`.
	fn vault_acceptance(avs: AvsId, vault: VaultId) -> Approval<BlockNumber>;
	/// The vaults the AVS accepts now (leaving ones excluded).
	fn accepted_vaults(avs: AvsId) -> Vec<VaultId>;
	/// Whether `operator` may opt in: the AVS is open, or it approved the operator.
	fn admits_operator(avs: AvsId, operator: &AccountId) -> bool;
	/// The least stake an operator must have in one vault the AVS accepts to opt in.
	fn min_operator_stake(avs: AvsId) -> Self::Balance;
	/// The slashing rules in force now.
	fn slashing_rules(avs: AvsId) -> Option<SlashingRules<AccountId, BlockNumber>>;
	/// The vaults whose pools the AVS can slash now: accepted ones and ones it is still
	/// dropping.
	fn slashable_vaults(avs: AvsId) -> Vec<VaultId>;
}

/// What the slashing pallet may do to pools. Implemented by pallet-vaults; each call is
/// one write to the pool, whatever its number of stakers.
pub trait SlashablePools<AccountId> {
	/// The vaults' ledger unit.
	type Balance;

	/// Moves `amount` (at most the pool's assets) out of the pool's assets into its
	/// escrow. Stakers leaving from now on leave without it; the pool refuses deposits
	/// while it has escrow.
	fn escrow(vault: VaultId, operator: &AccountId, amount: Self::Balance) -> DispatchResult;
	/// Returns `amount` of the pool's escrow to its assets (veto, expiry).
	fn release(vault: VaultId, operator: &AccountId, amount: Self::Balance) -> DispatchResult;
	/// Whether anyone holds shares of the pool (active or exiting): whether escrow returned
	/// to it belongs to someone.
	fn has_holders(vault: VaultId, operator: &AccountId) -> bool;
	/// Queries (runtime API only): every holder of the pool with what their active and
	/// queued shares are worth now.
	fn holder_values(vault: VaultId, operator: &AccountId) -> Vec<(AccountId, u128)>;
	/// Sends `amount` of the pool's escrow to `to`, or burns it if `to` is `None`.
	fn pay_out(
		vault: VaultId,
		operator: &AccountId,
		amount: Self::Balance,
		to: Option<&AccountId>,
	) -> DispatchResult;
	/// The most one [`Self::pay_out`] costs above paying out the native token (which the
	/// slashing benchmarks pay): a vault's asset may be dearer to move.
	fn max_payout_surcharge() -> Weight;
}

/// How allocations answer a slash. Implemented by pallet-operators.
///
/// Allocations change only when a slash is executed, never when it is requested: a
/// request that is vetoed or expires leaves every allocation exactly as it was.
pub trait AllocationsSlashing<AccountId> {
	/// Whether the (vault, operator) pool's allocations sum above 100 %: a slash then
	/// shrinks every other AVS's slice with the pool (the overlap shares the loss), so a
	/// pending request's escrow is out of every slice's base at once.
	fn shares_loss(operator: &AccountId, vault: VaultId) -> bool;
	/// What [`Self::on_slash`] would do now, without doing it: every AVS's slice of the
	/// pool before and after `avs` takes `taken` of the `before` it holds.
	fn slice_changes(
		operator: &AccountId,
		avs: AvsId,
		vault: VaultId,
		taken: u128,
		before: u128,
	) -> Vec<SliceChange<u128>>;
	/// `avs`'s executed slash took `taken` from the (vault, operator) pool, which held
	/// `before` without it. Rescales the pool's allocations — when they sum to at most
	/// 100 %, every other AVS keeps its slice in absolute terms and the slasher's shrinks by
	/// what it took; above 100 % the overlap shares the loss — and returns every AVS's slice
	/// before and after.
	fn on_slash(
		operator: &AccountId,
		avs: AvsId,
		vault: VaultId,
		taken: u128,
		before: u128,
	) -> Vec<SliceChange<u128>>;
}

/// Which pools the [`PoolObserver`] is told about. Implemented by the vaults pallet.
///
/// A pool no AVS was ever allocated has nothing to settle, so it is not reported: its
/// deposits and withdrawals skip the observer entirely. The observer asks for a pool when
/// it starts to track it.
pub trait ObservedPools<AccountId> {
	/// From now on, changes to the (vault, operator) pool and its positions are reported
	/// to the observer. Creates the (empty) pool if no one has deposited yet.
	fn observe(vault: VaultId, operator: &AccountId);
	/// Whether the pool's changes are reported.
	fn is_observed(vault: VaultId, operator: &AccountId) -> bool;
}

/// What [`PoolObserver::after_position_change`] did, so the caller can weigh itself by it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PoolSettlement {
	/// The pool has nothing to settle: no AVS was ever allocated its stake. Nothing was
	/// written (at most one read, to learn it).
	Unrewarded,
	/// The pool's `earners` (one per AVS it is allocated to now; 0 when every allocation
	/// has since ended) and the position were settled.
	Settled {
		/// How many earners were settled, at most [`PoolObserver::max_earners_per_pool`].
		earners: u32,
		/// The most reward assets one settled earner's source, or the pool, is paid in:
		/// what each earner's settlement looped over (0 for a pool never paid).
		assets: u32,
		/// How many of them read their operator's allocation again, a change of it being
		/// due: weighed on top, each at [`PoolObserver::refresh_weight`].
		refreshed: u32,
		/// The most stream parts one settled earner's source held: what releasing its
		/// rewards up to now looped over (at most the rewards pallet's streams per AVS).
		parts: u32,
	},
}

impl PoolSettlement {
	/// How many earners were settled.
	pub fn earners(&self) -> u32 {
		match self {
			Self::Unrewarded => 0,
			Self::Settled { earners, .. } => *earners,
		}
	}

	/// How many settled earners read their operator's allocation again.
	pub fn refreshed(&self) -> u32 {
		match self {
			Self::Unrewarded => 0,
			Self::Settled { refreshed, .. } => *refreshed,
		}
	}

	/// Whether settling looped over one reward asset at most (a pool paid in one asset):
	/// such a call is weighed by its single-asset benchmark.
	pub fn single_asset(&self) -> bool {
		match self {
			Self::Unrewarded => true,
			Self::Settled { assets, .. } => *assets <= 1,
		}
	}

	/// The stream parts a settlement of at most one earner paid in at most one asset
	/// released (at least 1): such a call is weighed by its one-earner benchmark, over
	/// the parts. `None` for any other settlement.
	pub fn one_earner_parts(&self) -> Option<u32> {
		match self {
			Self::Settled { earners, assets, parts, .. } if *earners <= 1 && *assets <= 1 => {
				Some((*parts).max(1))
			}
			_ => None,
		}
	}
}

/// Told when a pool's or a position's shares or assets change, so reward accumulators
/// can be settled. Called once, after the change is written: what was earned until now is
/// settled at the values the observer recorded (and, for a position, at the shares it held
/// before), then the new values are recorded. Implemented by the rewards pallet; `()` does
/// nothing. Only pools the observer asked for ([`ObservedPools::observe`]) are reported.
pub trait PoolObserver<AccountId> {
	/// After the (vault, operator) pool's assets or shares changed, to `pool` (its active
	/// part now, which the caller has in hand): its earning stake follows (what it earned
	/// until now was settled at the old stake).
	fn after_pool_change(vault: VaultId, operator: &AccountId, pool: ActivePool);
	/// After `staker`'s shares in the (vault, operator) pool changed from `shares_before` to
	/// `shares` (and the pool with them, to `pool`, which the caller has in hand): the pool
	/// is settled as by [`Self::after_pool_change`], and what the position earned until now
	/// at `shares_before`; it earns at `shares` from now on. With both equal, it settles a
	/// position that did not change. Says what that took.
	fn after_position_change(
		vault: VaultId,
		operator: &AccountId,
		staker: &AccountId,
		shares_before: u128,
		shares: u128,
		pool: ActivePool,
	) -> PoolSettlement;
	/// The most earners one pool can have.
	fn max_earners_per_pool() -> u32;
	/// What settling adds for `refreshed` earners that read their operator's allocation
	/// again ([`PoolSettlement::refreshed`]), on top of the settling call's own weight.
	fn refresh_weight(refreshed: u32) -> Weight;
	/// The position was removed (fully withdrawn); what it earned stays claimable.
	fn on_position_closed(vault: VaultId, operator: &AccountId, staker: &AccountId);
	/// Queries (runtime API only): what `staker`, holding `shares` in the pool, could claim
	/// from it now, per asset; reads only.
	fn claimable(
		vault: VaultId,
		operator: &AccountId,
		staker: &AccountId,
		shares: u128,
	) -> Vec<RewardView>;
}

impl<AccountId> PoolObserver<AccountId> for () {
	fn after_pool_change(_: VaultId, _: &AccountId, _: ActivePool) {}
	fn after_position_change(
		_: VaultId,
		_: &AccountId,
		_: &AccountId,
		_: u128,
		_: u128,
		_: ActivePool,
	) -> PoolSettlement {
		PoolSettlement::Unrewarded
	}
	fn max_earners_per_pool() -> u32 {
		0
	}
	fn refresh_weight(_: u32) -> Weight {
		Weight::zero()
	}
	fn on_position_closed(_: VaultId, _: &AccountId, _: &AccountId) {}
	fn claimable(_: VaultId, _: &AccountId, _: &AccountId, _: u128) -> Vec<RewardView> {
		Vec::new()
	}
}

/// Told when a vault's approval of an AVS or the AVS's acceptance of the vault changed
/// (given, or being withdrawn), so that what the AVS pays the vault's stake follows the
/// span in which that stake is slashable. Implemented by the rewards pallet; `()` does
/// nothing.
pub trait ApprovalObserver {
	/// The link between `avs` and `vault` changed now.
	fn on_approval_change(avs: AvsId, vault: VaultId);
}

impl ApprovalObserver for () {
	fn on_approval_change(_: AvsId, _: VaultId) {}
}

/// Told when an operator's allocation to an AVS changed or will change, so the rewards it
/// earns follow its slice. Implemented by the rewards pallet; `()` does nothing.
pub trait AllocationObserver<AccountId, BlockNumber> {
	/// The (operator, AVS, vault) allocation — or the opt-in, vault approval or AVS
	/// acceptance behind it — changed now; if `next_change` is given it changes again
	/// then, without a call (a pending increase or decrease, an opt-out taking effect).
	fn on_allocation_change(
		operator: &AccountId,
		avs: AvsId,
		vault: VaultId,
		next_change: Option<BlockNumber>,
	);
}

impl<AccountId, BlockNumber> AllocationObserver<AccountId, BlockNumber> for () {
	fn on_allocation_change(_: &AccountId, _: AvsId, _: VaultId, _: Option<BlockNumber>) {}
}

/// When an operator's allocation changes by itself. Implemented by the operators pallet; the
/// rewards pallet keeps each earner's fraction and reads it again only when it is due or
/// [`AllocationObserver`] says it changed.
pub trait AllocationSchedule<AccountId, BlockNumber> {
	/// [`OperatorsInspect::allocated_fraction`] now, and the first block after now at which
	/// it changes without a call (a pending increase or decrease applying, an opt-out taking
	/// effect), if any.
	fn allocation_schedule(
		who: &AccountId,
		avs: AvsId,
		vault: VaultId,
	) -> (Fraction, Option<BlockNumber>);
}

/// Whether an AVS still pays rewards: its deregistration cannot finish before its streams
/// have run out. Implemented by the rewards pallet; `()` reports none.
pub trait RewardsInspect {
	/// Whether `avs` has a reward stream that has not been closed.
	fn has_open_streams(avs: AvsId) -> bool;
}

impl RewardsInspect for () {
	fn has_open_streams(_: AvsId) -> bool {
		false
	}
}

/// Whether slash requests are open: operators and AVSs cannot finish deregistering while
/// one is. Implemented by the slashing pallet; `()` reports none.
pub trait SlashingInspect<AccountId> {
	/// Whether a slash request against `operator` is pending.
	fn has_pending_against_operator(operator: &AccountId) -> bool;
	/// Whether a slash request by `avs` is pending.
	fn has_pending_by_avs(avs: AvsId) -> bool;
}

impl<AccountId> SlashingInspect<AccountId> for () {
	fn has_pending_against_operator(_: &AccountId) -> bool {
		false
	}
	fn has_pending_by_avs(_: AvsId) -> bool {
		false
	}
}

/// What an election may know about the stake behind an AVS. Implemented by
/// pallet-operators; the validators pallet elects the chain's validators with it.
pub trait AvsStakes<AccountId, BlockNumber> {
	/// Every active operator (registered, not deregistering) opted in to `avs`, with the
	/// stake `avs` can slash from it now **and still at block `until`**, in vaults that hold
	/// the native token: Σ over those vaults of the pool's active assets (exiting shares
	/// leave) × the smaller of the allocation in force now and the one in force at `until`
	/// (increases still waiting out A count for nothing; decreases, opt-outs and
	/// approvals that end by `until` count as ended). A vault counts only if its shortest
	/// withdrawal delay, now or scheduled, reaches `until`: a withdrawal requested now is
	/// still slashable then. At most `MaxOperatorsPerAvs` entries, in no given order.
	fn native_slashable_stakes(avs: AvsId, until: BlockNumber) -> Vec<(AccountId, u128)>;
}

impl<AccountId, BlockNumber> AvsStakes<AccountId, BlockNumber> for () {
	fn native_slashable_stakes(_: AvsId, _: BlockNumber) -> Vec<(AccountId, u128)> {
		Vec::new()
	}
}

/// Slash requests the chain files itself, from evidence it verified on-chain (a consensus
/// offence proven through `pallet-offences`). Implemented by the slashing pallet; the
/// request goes through the same checks, cap, cooldown, escrow and veto window as one
/// made with `request_slash`, except that no deposit is held: the evidence was checked
/// before the request existed.
pub trait ProvenSlashes<AccountId, BlockNumber> {
	/// Requests a slash of `fraction` of `operator`'s slices for `avs`, as `requester`,
	/// which must be the AVS's slasher. Returns the request's id.
	fn request_proven_slash(
		requester: AccountId,
		avs: AvsId,
		operator: AccountId,
		fraction: Fraction,
		offence_block: BlockNumber,
		evidence_hash: sp_core::H256,
	) -> Result<SlashId, sp_runtime::DispatchError>;

	/// The request of `avs` against `operator` still pending (in its veto window or due),
	/// with the fraction it takes.
	fn pending_proven_slash(avs: AvsId, operator: &AccountId) -> Option<(SlashId, Fraction)>;

	/// Raises pending request `id`, which `requester` filed, to `fraction` (within the
	/// AVS's cap): the difference is escrowed from the slices as they stand now, the veto
	/// window stays the request's.
	fn raise_proven_slash(
		requester: &AccountId,
		id: SlashId,
		fraction: Fraction,
	) -> Result<(), sp_runtime::DispatchError>;
}

/// What moving an asset costs above moving the native token, which is what the restaking
/// benchmarks move (a vault's deposits and withdrawals, slash payouts, reward payments):
/// each call that moves an asset adds this on top of its measured weight. Implemented by
/// the runtime from its own measured weights of the two transfers; `()` adds nothing (every
/// asset costs what the native token does).
pub trait AssetTransferCost<AssetKind> {
	/// What one transfer (or burn) of `asset` costs above one of the native token.
	fn transfer_surcharge(asset: &AssetKind) -> Weight;
	/// The most [`Self::transfer_surcharge`] returns: charged before dispatch, when the
	/// asset a call will move is not known yet.
	fn max_transfer_surcharge() -> Weight;
}

impl<AssetKind> AssetTransferCost<AssetKind> for () {
	fn transfer_surcharge(_: &AssetKind) -> Weight {
		Weight::zero()
	}

	fn max_transfer_surcharge() -> Weight {
		Weight::zero()
	}
}

/// [`AssetTransferCost`] of a runtime in which moving any asset but `Native` costs at most
/// `Surcharge` more than moving `Native`.
pub struct NonNativeSurcharge<Native, Surcharge>(core::marker::PhantomData<(Native, Surcharge)>);

impl<AssetKind, Native, Surcharge> AssetTransferCost<AssetKind>
	for NonNativeSurcharge<Native, Surcharge>
where
	AssetKind: PartialEq,
	Native: frame_support::traits::Get<AssetKind>,
	Surcharge: frame_support::traits::Get<Weight>,
{
	fn transfer_surcharge(asset: &AssetKind) -> Weight {
		if *asset == Native::get() {
			Weight::zero()
		} else {
			Surcharge::get()
		}
	}

	fn max_transfer_surcharge() -> Weight {
		Surcharge::get()
	}
}

#[cfg(test)]
mod tests {
	use super::PoolSettlement;

	fn settled(earners: u32, assets: u32, parts: u32) -> PoolSettlement {
		PoolSettlement::Settled { earners, assets, refreshed: 0, parts }
	}

	#[test]
	fn only_one_earner_paid_in_one_asset_is_weighed_by_its_parts() {
		assert_eq!(settled(1, 1, 3).one_earner_parts(), Some(3));
		// Every earner ended, or a source with no stream left: weighed as one part.
		assert_eq!(settled(0, 1, 0).one_earner_parts(), Some(1));
		assert_eq!(settled(1, 0, 0).one_earner_parts(), Some(1));
		// Two earners or two assets: the earners' benchmarks, at a full set of streams.
		assert_eq!(settled(2, 1, 1).one_earner_parts(), None);
		assert_eq!(settled(1, 2, 1).one_earner_parts(), None);
		assert_eq!(PoolSettlement::Unrewarded.one_earner_parts(), None);
	}
}
