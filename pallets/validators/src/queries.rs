//! The validators pallet's answer to the restaking queries (runtime API only).

use crate::pallet::*;
use bastion_primitives::views::{ValidatorSets, ValidatorView};
use frame_support::traits::Get;

impl<T: Config> Pallet<T> {
	/// `restaking_validators`: the current and the next validator set with their stake.
	pub fn api_validator_sets() -> ValidatorSets<T::AccountId> {
		let view = |set: ValidatorSet<T>| {
			set.into_iter()
				.map(|(validator, stake)| ValidatorView { validator, stake: stake.into() })
				.collect()
		};
		ValidatorSets {
			avs: T::ConsensusAvs::get(),
			session: CurrentSession::<T>::get(),
			current: view(CurrentSet::<T>::get()),
			next: view(NextSet::<T>::get()),
		}
	}
}
