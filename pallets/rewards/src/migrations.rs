//! Storage migrations of pallet-rewards. Add each to the runtime's `Migrations` tuple for
//! the upgrade that first ships it; each runs once, gated by the storage version.

/// Version 0 → 1: each pool's accumulators list the AVSs it has an earner for, so that
/// settling a pool reads its earners directly instead of walking `Earners`.
pub mod v1 {
	use crate::{
		pallet::{Config, Earners, Event, Pallet, PoolAccumulators},
		types::PoolRewards,
	};
	use bastion_primitives::AvsId;
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{
		defensive,
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
		BoundedVec,
	};
	use sp_core::U256;
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, sp_runtime::TryRuntimeError};

	/// A pool's accumulators as version 0 stored them: no list of earners.
	#[derive(Encode, Decode, MaxEncodedLen)]
	pub struct PoolRewardsV0<AssetKind, MaxAssets: Get<u32>> {
		/// The pool's active shares since the last settlement.
		pub active_shares: u128,
		/// Reward per active share, per asset.
		pub per_share: BoundedVec<(AssetKind, U256), MaxAssets>,
	}

	/// Lists each pool's earners in its accumulators. Per pool: one read and one write of
	/// the accumulators and a walk of its earners (at most `MaxEarnersPerPool`).
	pub struct ListPoolEarners<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for ListPoolEarners<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut pools, mut earners) = (0u32, 0u64);
			PoolAccumulators::<T>::translate::<PoolRewardsV0<T::AssetKind, T::MaxRewardAssets>, _>(
				|vault, operator, old| {
					pools = pools.saturating_add(1);
					let mut listed = BoundedVec::<AvsId, T::MaxEarnersPerPool>::new();
					for avs in Earners::<T>::iter_key_prefix((vault, &operator)) {
						earners = earners.saturating_add(1);
						if listed.try_push(avs).is_err() {
							defensive!("more earners in a pool than MaxEarnersPerPool");
						}
					}
					Some(PoolRewards {
						active_shares: old.active_shares,
						per_share: old.per_share,
						earners: listed,
					})
				},
			);
			Pallet::<T>::deposit_event(Event::PoolEarnersListed { pools });
			let n = u64::from(pools);
			// A walk reads each earner's key and one past the last; the version read and
			// write are counted by `VersionedMigration`.
			T::DbWeight::get()
				.reads_writes(n.saturating_mul(2).saturating_add(earners), n.saturating_add(1))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok((Earners::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let earners = u64::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("pre-upgrade state unreadable"))?;
			let listed: u64 =
				PoolAccumulators::<T>::iter_values().map(|pool| pool.earners.len() as u64).sum();
			frame_support::ensure!(listed == earners, "not every earner was listed");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`ListPoolEarners`], run only on a chain whose pallet-rewards storage is at version
	/// 0, which it moves to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		ListPoolEarners<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
