//! What pallet-operators offers the other restaking pallets, and its consistency checks.

use crate::{
	pallet::*,
	types::{cap_parts, sum_parts, Allocation},
};
use alloc::vec::Vec;
use bastion_primitives::{
	views::AssetView, AllocationObserver, AllocationSchedule, AllocationsSlashing, AvsId,
	AvsInspect, AvsStakes, Fraction, OperatorsHooks, OperatorsInspect, SliceChange, VaultId,
	VaultsInspect,
};
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_arithmetic::{per_things::Rounding, PerThing};
use sp_runtime::{Perbill, Saturating};

impl<T: Config> AvsStakes<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn native_slashable_stakes(avs: AvsId, until: BlockNumberFor<T>) -> Vec<(T::AccountId, u128)> {
		let now = Self::now();
		let horizon = until.saturating_sub(now);
		// Native vaults serving `avs` now and still at `until`, whose withdrawals requested
		// now are still in the queue at `until`.
		let vaults: Vec<VaultId> = T::Avs::slashable_vaults(avs)
			.into_iter()
			.filter(|vault| {
				T::Vaults::vault_asset(*vault) == AssetView::Native
					&& Self::vault_serves(*vault, avs, now)
					&& Self::vault_serves(*vault, avs, until)
					&& T::Vaults::withdrawal_delay_bounds(*vault)
						.is_some_and(|(shortest, _)| shortest >= horizon)
			})
			.collect();
		let mut stakes: Vec<(T::AccountId, u128)> = Vec::new();
		for operator in AvsOperators::<T>::iter_key_prefix(avs) {
			if !Self::is_active_operator(&operator)
				|| !OptIns::<T>::get(&operator, avs)
					.is_some_and(|o| o.is_live(now) && o.is_live(until))
			{
				continue;
			}
			let mut stake: u128 = 0;
			for (vault, allocation) in Allocations::<T>::iter_prefix((&operator, avs)) {
				if !vaults.contains(&vault) {
					continue;
				}
				let fraction = allocation.at(now).current.min(allocation.at(until).current);
				let slice = fraction.mul_floor(T::Vaults::pool_stake(vault, &operator).active);
				stake = stake.saturating_add(slice);
			}
			if stake > 0 {
				stakes.push((operator, stake));
			}
		}
		stakes
	}
}

impl<T: Config> OperatorsInspect<T::AccountId> for Pallet<T> {
	fn is_active_operator(who: &T::AccountId) -> bool {
		OperatorInfo::<T>::get(who).is_some_and(|info| info.status == crate::OperatorStatus::Active)
	}

	fn is_operator(who: &T::AccountId) -> bool {
		OperatorInfo::<T>::contains_key(who)
	}

	fn is_opted_in(who: &T::AccountId, avs: AvsId) -> bool {
		OptIns::<T>::get(who, avs).is_some_and(|o| o.is_live(Self::now()))
	}

	fn holds_opt_in(who: &T::AccountId, avs: AvsId) -> bool {
		OptIns::<T>::contains_key(who, avs)
	}

	fn slashable_fraction(who: &T::AccountId, avs: AvsId, vault: VaultId) -> Fraction {
		if !Self::vault_serves(vault, avs, Self::now()) {
			return Fraction::zero();
		}
		Self::allocated_fraction(who, avs, vault)
	}

	fn allocated_fraction(who: &T::AccountId, avs: AvsId, vault: VaultId) -> Fraction {
		Self::allocation_schedule(who, avs, vault).0
	}

	fn commission(who: &T::AccountId) -> Perbill {
		OperatorInfo::<T>::get(who).map(|info| info.commission_at(Self::now())).unwrap_or_default()
	}

	fn max_avs_per_operator() -> u32 {
		T::MaxAvsPerOperator::get()
	}

	fn vault_slices(who: &T::AccountId, vault: VaultId) -> Vec<(AvsId, Fraction)> {
		// Per opt-in, one read of its allocation of `vault`: an operator has at most one
		// allocation per (AVS, vault), and none without an opt-in. Walked in the same key
		// order as its allocations, so in the same order as they would be.
		let now = Self::now();
		OptIns::<T>::iter_prefix(who)
			.filter(|(_, opt_in)| opt_in.allocations > 0 && opt_in.is_live(now))
			.filter_map(|(avs, _)| {
				let allocation = Allocations::<T>::get((who, avs, vault))?;
				let slice = if Self::vault_serves(vault, avs, now) {
					allocation.at(now).current
				} else {
					Fraction::zero()
				};
				(!slice.is_zero()).then_some((avs, slice))
			})
			.collect()
	}
}

impl<T: Config> AllocationSchedule<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn allocation_schedule(
		who: &T::AccountId,
		avs: AvsId,
		vault: VaultId,
	) -> (Fraction, Option<BlockNumberFor<T>>) {
		let now = Self::now();
		let Some(opt_in) = OptIns::<T>::get(who, avs).filter(|o| o.is_live(now)) else {
			return (Fraction::zero(), None);
		};
		let Some(allocation) = Allocations::<T>::get((who, avs, vault)).map(|a| a.at(now)) else {
			return (Fraction::zero(), None);
		};
		// Both after `now`: a live opt-in's end, and a pending change not yet applied.
		let changes = [opt_in.leaving_at, allocation.pending.map(|(_, at)| at)];
		(allocation.current, changes.into_iter().flatten().min())
	}
}

impl<T: Config> OperatorsHooks<T::AccountId> for Pallet<T> {
	fn force_opt_out(operator: &T::AccountId, avs: AvsId) -> bool {
		// Not opted in, or already leaving: nothing to end.
		Self::start_opt_out(operator, avs).is_ok()
	}
}

/// `fraction × total − taken` as a fraction of `remaining`, at most `cap`: what is left of
/// a slice after `taken` was cut from it, re-expressed against the smaller pool. Rounded up
/// so that `fraction × remaining`, rounded down, gives back exactly what was left (for
/// pools below 10^18 units; above, at most `remaining / 10^18` units more).
fn shrink(
	fraction: Fraction,
	total: u128,
	taken: u128,
	remaining: u128,
	cap: Fraction,
) -> Fraction {
	let left = fraction.mul_floor(total).saturating_sub(taken);
	Fraction::from_rational_with_rounding(left, remaining, Rounding::Up)
		.unwrap_or(Fraction::one())
		.min(cap)
}

/// One allocation of a pool as a slash leaves it: its AVS, before, after, and whether the
/// AVS can slash it now (its slice counts only then).
type Rescaled<BlockNumber> = (AvsId, Allocation<BlockNumber>, Allocation<BlockNumber>, bool);

impl<T: Config> Pallet<T> {
	/// The pool's allocations before and after `avs` takes `taken` of `before`: the
	/// rescaling [`AllocationsSlashing::on_slash`] applies.
	fn rescaled(
		operator: &T::AccountId,
		avs: AvsId,
		vault: VaultId,
		taken: u128,
		before: u128,
	) -> Vec<Rescaled<BlockNumberFor<T>>> {
		let now = Self::now();
		let after = before.saturating_sub(taken);
		let mut allocations = Self::pool_allocations(operator, vault, now);
		allocations.sort_by_key(|(a, _)| *a);
		let live: Vec<bool> = allocations
			.iter()
			.map(|(a, _)| !Self::slashable_fraction(operator, *a, vault).is_zero())
			.collect();
		let sum = sum_parts(allocations.iter().map(|(_, a)| a.current));
		let one = cap_parts(100);

		// The slasher's slice shrinks by what it took, in both modes.
		let slasher = |a: &Allocation<_>| Allocation {
			current: shrink(a.current, before, taken, after, a.current),
			pending: a.pending.map(|(p, at)| (shrink(p, before, taken, after, p), at)),
		};
		// Magnitude mode (allocations ≤ 100 %): the others keep their slices in absolute
		// terms, i.e. their fractions grow as the pool shrinks.
		let magnitude: Vec<Allocation<_>> = allocations
			.iter()
			.map(|(a, alloc)| {
				if *a == avs {
					slasher(alloc)
				} else {
					Allocation {
						current: shrink(alloc.current, before, 0, after, Fraction::one()),
						pending: alloc.pending,
					}
				}
			})
			.collect();
		let reserved = |list: &[Allocation<_>]| sum_parts(list.iter().map(Allocation::reserved));
		let cap = T::Vaults::max_restake(vault).map(cap_parts).unwrap_or(one);
		let old_reserved = reserved(&allocations.iter().map(|(_, a)| *a).collect::<Vec<_>>());
		let use_magnitude =
			after > 0 && sum <= one && reserved(&magnitude) <= cap.max(old_reserved);
		// Shared mode (above 100 %, or where magnitudes would break the cap): the others
		// keep their fractions and lose with the pool.
		let updated: Vec<Allocation<_>> = if after == 0 {
			allocations.iter().map(|(_, a)| *a).collect()
		} else if use_magnitude {
			magnitude
		} else {
			allocations
				.iter()
				.map(|(a, alloc)| if *a == avs { slasher(alloc) } else { *alloc })
				.collect()
		};
		allocations
			.into_iter()
			.zip(updated)
			.zip(live)
			.map(|(((a, old), new), live)| (a, old, new, live))
			.collect()
	}

	fn slices(
		rescaled: &[Rescaled<BlockNumberFor<T>>],
		before: u128,
		taken: u128,
	) -> Vec<SliceChange<u128>> {
		let after = before.saturating_sub(taken);
		rescaled
			.iter()
			.map(|(a, old, new, live)| {
				let (slice_before, slice_after) = if *live {
					(old.current.mul_floor(before), new.current.mul_floor(after))
				} else {
					(0, 0)
				};
				SliceChange { avs: *a, before: slice_before, after: slice_after }
			})
			.collect()
	}
}

impl<T: Config> AllocationsSlashing<T::AccountId> for Pallet<T> {
	fn shares_loss(operator: &T::AccountId, vault: VaultId) -> bool {
		let allocations = Self::pool_allocations(operator, vault, Self::now());
		sum_parts(allocations.iter().map(|(_, a)| a.current)) > cap_parts(100)
	}

	fn slice_changes(
		operator: &T::AccountId,
		avs: AvsId,
		vault: VaultId,
		taken: u128,
		before: u128,
	) -> Vec<SliceChange<u128>> {
		Self::slices(&Self::rescaled(operator, avs, vault, taken, before), before, taken)
	}

	fn on_slash(
		operator: &T::AccountId,
		avs: AvsId,
		vault: VaultId,
		taken: u128,
		before: u128,
	) -> Vec<SliceChange<u128>> {
		let rescaled = Self::rescaled(operator, avs, vault, taken, before);
		for (a, old, new, _) in rescaled.iter() {
			if new != old {
				Allocations::<T>::insert((operator, *a, vault), *new);
				T::Observer::on_allocation_change(operator, *a, vault, None);
			}
		}
		Self::slices(&rescaled, before, taken)
	}
}

impl<T: Config> Pallet<T> {
	/// Whether the curator's approval of `avs` and the AVS's acceptance of `vault` are both
	/// in force at `now`: without both, no allocation of the vault to the AVS is slashable.
	pub(crate) fn vault_serves(vault: VaultId, avs: AvsId, now: BlockNumberFor<T>) -> bool {
		T::Vaults::avs_approval(vault, avs).is_live(now)
			&& T::Avs::vault_acceptance(avs, vault).is_live(now)
	}

	/// The pallet's invariants, checked by `try-runtime` and the randomized tests:
	/// - each operator's opt-in and allocation counts match its entries, within bounds;
	/// - every allocation belongs to an opt-in;
	/// - `AvsOperators` holds exactly the opt-ins, counted right and within bounds;
	/// - each pool's allocations, counted at the larger of current and pending, are within
	///   the vault's `max_restake` — unless the curator lowered the cap since (lowering only
	///   blocks increases), in which case they only never grew past the old cap.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		for (operator, info) in OperatorInfo::<T>::iter() {
			let opt_ins = OptIns::<T>::iter_prefix(&operator).count() as u32;
			ensure!(opt_ins == info.opt_ins, "opt-in count mismatch");
			ensure!(opt_ins <= T::MaxAvsPerOperator::get(), "too many opt-ins");
			let allocations = Allocations::<T>::iter_prefix((&operator,)).count() as u32;
			ensure!(allocations == info.allocations, "allocation count mismatch");
			ensure!(allocations <= T::MaxAllocationsPerOperator::get(), "too many allocations");
		}
		let mut per_opt_in =
			alloc::collections::btree_map::BTreeMap::<(T::AccountId, AvsId), u32>::new();
		for ((operator, avs, _), _) in Allocations::<T>::iter() {
			ensure!(OptIns::<T>::contains_key(&operator, avs), "allocation without opt-in");
			let n = per_opt_in.entry((operator, avs)).or_default();
			*n = n.saturating_add(1);
		}
		for (operator, avs, opt_in) in OptIns::<T>::iter() {
			let n = per_opt_in.get(&(operator, avs)).copied().unwrap_or(0);
			ensure!(n == opt_in.allocations, "opt-in allocation count mismatch");
			ensure!(n <= T::MaxAllocationsPerOptIn::get(), "too many allocations under one opt-in");
		}
		let mut per_avs = alloc::collections::btree_map::BTreeMap::<AvsId, u32>::new();
		for (operator, avs, _) in OptIns::<T>::iter() {
			ensure!(
				AvsOperators::<T>::contains_key(avs, &operator),
				"opt-in missing from the AVS index"
			);
			let count = per_avs.entry(avs).or_default();
			*count = count.saturating_add(1);
		}
		for (avs, operator, ()) in AvsOperators::<T>::iter() {
			ensure!(OptIns::<T>::contains_key(&operator, avs), "AVS index entry without opt-in");
		}
		for (avs, count) in AvsOperatorCount::<T>::iter() {
			ensure!(per_avs.remove(&avs) == Some(count), "AVS operator count mismatch");
			ensure!(count <= T::MaxOperatorsPerAvs::get(), "too many operators on an AVS");
		}
		ensure!(per_avs.is_empty(), "AVS with opt-ins but no count");
		Ok(())
	}

	/// Σ of the operator's allocations of `vault`, each at the larger of current and
	/// pending, in parts per 10^18 (100 % = 10^18).
	pub fn reserved_allocation(operator: &T::AccountId, vault: VaultId) -> u128 {
		sum_parts(
			Self::pool_allocations(operator, vault, Self::now())
				.into_iter()
				.map(|(_, a)| a.reserved()),
		)
	}
}
