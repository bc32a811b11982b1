//! Storage migrations of pallet-vaults. Add each to the runtime's `Migrations` tuple for
//! the upgrade that first ships it; each runs once, gated by the storage version.

/// Version 0 → 1: builds `OperatorPools`, the index of every operator's pools.
pub mod v1 {
	use crate::pallet::{Config, Event, OperatorPools, Pallet, Pools};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	#[cfg(feature = "try-runtime")]
	use {
		alloc::vec::Vec,
		codec::{Decode, Encode},
		sp_runtime::TryRuntimeError,
	};

	/// Indexes every (vault, operator) pool under its operator. One read and one write per
	/// pool; a chain at version 0 has as many pools as deposits opened them.
	pub struct IndexOperatorPools<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IndexOperatorPools<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut pools: u32 = 0;
			for (vault, operator) in Pools::<T>::iter_keys() {
				OperatorPools::<T>::insert(&operator, vault, ());
				pools = pools.saturating_add(1);
			}
			Pallet::<T>::deposit_event(Event::OperatorPoolsIndexed { pools });
			let n = u64::from(pools);
			// The version read and write are counted by `VersionedMigration`.
			T::DbWeight::get().reads_writes(n, n.saturating_add(1))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok((Pools::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let pools = u64::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("pre-upgrade state unreadable"))?;
			let indexed = OperatorPools::<T>::iter_keys().count() as u64;
			frame_support::ensure!(indexed == pools, "not every pool was indexed");
			for (vault, operator) in Pools::<T>::iter_keys() {
				frame_support::ensure!(
					OperatorPools::<T>::contains_key(&operator, vault),
					"a pool is missing from the index"
				);
			}
			Ok(())
		}
	}

	/// [`IndexOperatorPools`], run only on a chain whose pallet-vaults storage is at
	/// version 0, which it moves to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		IndexOperatorPools<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
