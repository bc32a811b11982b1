//! What pallet-avs offers the other restaking pallets.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use bastion_primitives::{Approval, AvsId, AvsInspect, VaultId};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> AvsInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	type Balance = u128;

	fn avs_exists(avs: AvsId) -> bool {
		AvsInfo::<T>::contains_key(avs)
	}

	fn avs_owner(avs: AvsId) -> Option<T::AccountId> {
		AvsInfo::<T>::get(avs).map(|info| info.owner)
	}

	fn is_active_avs(avs: AvsId) -> bool {
		AvsInfo::<T>::get(avs).is_some_and(|info| info.status == AvsStatus::Active)
	}

	fn max_veto_window(avs: AvsId) -> Option<BlockNumberFor<T>> {
		AvsInfo::<T>::get(avs).map(|info| info.max_veto_window())
	}

	fn vault_acceptance(avs: AvsId, vault: VaultId) -> Approval<BlockNumberFor<T>> {
		let now = Self::now();
		AvsInfo::<T>::get(avs)
			.and_then(|info| info.vaults.iter().find(|(v, _)| *v == vault).map(|(_, a)| *a))
			.filter(|approval| !approval.has_ended(now))
			.unwrap_or(Approval::No)
	}

	fn accepted_vaults(avs: AvsId) -> Vec<VaultId> {
		AvsInfo::<T>::get(avs)
			.map(|info| {
				info.vaults
					.iter()
					.filter(|(_, approval)| approval.admits_new())
					.map(|(vault, _)| *vault)
					.collect()
			})
			.unwrap_or_default()
	}

	fn admits_operator(avs: AvsId, operator: &T::AccountId) -> bool {
		AvsInfo::<T>::get(avs).is_some_and(|info| match info.operator_policy {
			OperatorPolicy::Open => true,
			OperatorPolicy::AllowList => AllowedOperators::<T>::contains_key(avs, operator),
		})
	}

	fn min_operator_stake(avs: AvsId) -> u128 {
		AvsInfo::<T>::get(avs).map(|info| info.min_operator_stake).unwrap_or_default()
	}

	fn slashing_rules(avs: AvsId) -> Option<RulesOf<T>> {
		Self::rules(avs)
	}

	fn slashable_vaults(avs: AvsId) -> Vec<VaultId> {
		let now = Self::now();
		AvsInfo::<T>::get(avs)
			.map(|info| {
				info.vaults
					.iter()
					.filter(|(_, approval)| approval.is_live(now))
					.map(|(vault, _)| *vault)
					.collect()
			})
			.unwrap_or_default()
	}
}

impl<T: Config> Pallet<T> {
	/// The slashing rules of `avs` in force now (the slashing pallet's view).
	pub fn rules(avs: AvsId) -> Option<RulesOf<T>> {
		let now = Self::now();
		AvsInfo::<T>::get(avs).map(|info| info.rules_at(now).clone())
	}

	/// The pallet's invariants: allow-list counts match, within bounds.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::{ensure, traits::Get};
		for (avs, info) in AvsInfo::<T>::iter() {
			let allowed = AllowedOperators::<T>::iter_prefix(avs).count() as u32;
			ensure!(allowed == info.allowed_operators, "allow-list count mismatch");
			ensure!(allowed <= T::MaxOperatorsPerAvs::get(), "allow-list too long");
			ensure!(
				info.rules.resolver.as_ref() != Some(&info.rules.slasher),
				"resolver is slasher"
			);
		}
		Ok(())
	}
}
