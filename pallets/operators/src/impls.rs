//! What pallet-operators offers the other restaking pallets, and its consistency checks.

use crate::pallet::*;
use bastion_primitives::{
	AvsId, AvsInspect, Fraction, OperatorsHooks, OperatorsInspect, VaultId, VaultsInspect,
};

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

	fn slashable_fraction(who: &T::AccountId, avs: AvsId, vault: VaultId) -> Fraction {
		let now = Self::now();
		let live = OptIns::<T>::get(who, avs).is_some_and(|o| o.is_live(now)) &&
			T::Vaults::avs_approval(vault, avs).is_live(now) &&
			T::Avs::vault_acceptance(avs, vault).is_live(now);
		if !live {
			return Fraction::zero();
		}
		Allocations::<T>::get((who, avs, vault)).map(|a| a.at(now).current).unwrap_or_default()
	}
}

impl<T: Config> OperatorsHooks<T::AccountId> for Pallet<T> {
	fn force_opt_out(operator: &T::AccountId, avs: AvsId) {
		// Not opted in, or already leaving: nothing to end.
		let _ = Self::start_opt_out(operator, avs);
	}
}

impl<T: Config> Pallet<T> {
	/// The pallet's invariants, checked by `try-runtime` and the randomized tests:
	/// - each operator's opt-in and allocation counts match its entries, within bounds;
	/// - every allocation belongs to an opt-in;
	/// - each pool's allocations, counted at the larger of current and pending, are within
	///   the vault's `max_restake` — unless the curator lowered the cap since (lowering only
	///   blocks increases), in which case they only never grew past the old cap.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use polkadot_sdk::frame_support::{ensure, traits::Get};
		for (operator, info) in OperatorInfo::<T>::iter() {
			let opt_ins = OptIns::<T>::iter_prefix(&operator).count() as u32;
			ensure!(opt_ins == info.opt_ins, "opt-in count mismatch");
			ensure!(opt_ins <= T::MaxAvsPerOperator::get(), "too many opt-ins");
			let allocations = Allocations::<T>::iter_prefix((&operator,)).count() as u32;
			ensure!(allocations == info.allocations, "allocation count mismatch");
			ensure!(allocations <= T::MaxAllocationsPerOperator::get(), "too many allocations");
		}
		for ((operator, avs, _), _) in Allocations::<T>::iter() {
			ensure!(OptIns::<T>::contains_key(&operator, avs), "allocation without opt-in");
		}
		Ok(())
	}

	/// Σ of the operator's allocations of `vault`, each at the larger of current and
	/// pending, in parts per 10^18 (100 % = 10^18).
	pub fn reserved_allocation(operator: &T::AccountId, vault: VaultId) -> u128 {
		Self::pool_allocations(operator, vault, Self::now())
			.into_iter()
			.fold(0u128, |sum, (_, a)| sum.saturating_add(u128::from(a.reserved().deconstruct())))
	}
}
