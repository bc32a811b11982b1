//! Storage migrations of pallet-rewards. Add each to the runtime's `Migrations` tuple for
//! the upgrade that first ships it; each runs once, gated by the storage version.

use crate::{
	pallet::{Config, Pallet},
	types::EarnerAsset,
};
use bastion_primitives::{AvsId, VaultId};
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, storage_alias, BoundedVec};
use sp_core::U256;
use sp_runtime::Perbill;

/// An earner as versions 0 to 3 stored it: no recorded allocation.
#[derive(Encode, Decode, MaxEncodedLen, Clone, PartialEq, Eq, Debug)]
pub struct EarnerV3<AssetKind, MaxAssets: Get<u32>> {
	/// Its earning stake since the last settlement.
	pub stake: u128,
	/// The operator's commission at the last settlement.
	pub commission: Perbill,
	/// Per asset: the source's reward per stake last seen, and commission not yet claimed.
	pub assets: BoundedVec<EarnerAsset<AssetKind>, MaxAssets>,
}

/// [`EarnerV3`] for a runtime.
pub type EarnerV3Of<T> = EarnerV3<<T as Config>::AssetKind, <T as Config>::MaxRewardAssets>;

/// A pool's accumulators as versions 2 and 3 stored them: earners without a recorded
/// allocation.
#[derive(Encode, Decode, MaxEncodedLen)]
pub struct PoolRewardsV3<AssetKind, MaxAssets: Get<u32>, MaxEarners: Get<u32>> {
	/// The pool's active shares since the last settlement.
	pub active_shares: u128,
	/// Reward per active share, per asset.
	pub per_share: BoundedVec<(AssetKind, U256), MaxAssets>,
	/// Its earners, once per AVS.
	pub earners: BoundedVec<(AvsId, EarnerV3<AssetKind, MaxAssets>), MaxEarners>,
}

/// [`PoolRewardsV3`] for a runtime.
pub type PoolRewardsV3Of<T> = PoolRewardsV3<
	<T as Config>::AssetKind,
	<T as Config>::MaxRewardAssets,
	<T as Config>::MaxEarnersPerPool,
>;

/// The accumulators in the layout versions 2 and 3 write (the storage's own name, so in a
/// module of its own).
pub mod layout_v3 {
	use super::*;

	/// `PoolAccumulators` holding [`PoolRewardsV3`] values.
	#[storage_alias]
	pub type PoolAccumulators<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		VaultId,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		PoolRewardsV3Of<T>,
	>;
}

/// The earners as versions 0 and 1 stored them: a map of their own, by (vault, operator,
/// AVS). Version 2 keeps them in their pool's accumulators.
#[storage_alias]
pub type Earners<T: Config> = StorageNMap<
	Pallet<T>,
	(
		NMapKey<Twox64Concat, VaultId>,
		NMapKey<Blake2_128Concat, <T as frame_system::Config>::AccountId>,
		NMapKey<Twox64Concat, AvsId>,
	),
	EarnerV3Of<T>,
>;

/// A pool's accumulators as version 0 stored them: no list of earners.
#[derive(Encode, Decode, MaxEncodedLen)]
pub struct PoolRewardsV0<AssetKind, MaxAssets: Get<u32>> {
	/// The pool's active shares since the last settlement.
	pub active_shares: u128,
	/// Reward per active share, per asset.
	pub per_share: BoundedVec<(AssetKind, U256), MaxAssets>,
}

/// A pool's accumulators as version 1 stored them: the AVSs it has an earner for, the
/// earners themselves in [`Earners`].
#[derive(Encode, Decode, MaxEncodedLen)]
pub struct PoolRewardsV1<AssetKind, MaxAssets: Get<u32>, MaxEarners: Get<u32>> {
	/// The pool's active shares since the last settlement.
	pub active_shares: u128,
	/// Reward per active share, per asset.
	pub per_share: BoundedVec<(AssetKind, U256), MaxAssets>,
	/// The AVSs the pool has an earner for, once each.
	pub earners: BoundedVec<AvsId, MaxEarners>,
}

/// [`PoolRewardsV1`] for a runtime.
pub type PoolRewardsV1Of<T> = PoolRewardsV1<
	<T as Config>::AssetKind,
	<T as Config>::MaxRewardAssets,
	<T as Config>::MaxEarnersPerPool,
>;

/// `pre_upgrade`'s record for both migrations: how many earners `Earners` holds.
#[cfg(feature = "try-runtime")]
fn count_earners<T: Config>() -> alloc::vec::Vec<u8> {
	(Earners::<T>::iter_keys().count() as u64).encode()
}

/// What [`count_earners`] recorded.
#[cfg(feature = "try-runtime")]
fn counted_earners(state: &[u8]) -> Result<u64, sp_runtime::TryRuntimeError> {
	u64::decode(&mut &state[..])
		.map_err(|_| sp_runtime::TryRuntimeError::Other("pre-upgrade state unreadable"))
}

/// Version 0 → 1: each pool's accumulators list the AVSs it has an earner for, so that
/// settling a pool reads its earners directly instead of walking `Earners`.
pub mod v1 {
	use super::{Earners, PoolRewardsV0, PoolRewardsV1Of};
	use crate::pallet::{Config, Event, Pallet};
	use bastion_primitives::{AvsId, VaultId};
	use frame_support::{
		defensive,
		migrations::VersionedMigration,
		pallet_prelude::*,
		storage_alias,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
		BoundedVec,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, sp_runtime::TryRuntimeError};

	/// The accumulators in the layout version 1 writes.
	#[storage_alias]
	pub type PoolAccumulators<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Twox64Concat,
		VaultId,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		PoolRewardsV1Of<T>,
	>;

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
					Some(super::PoolRewardsV1 {
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
			Ok(super::count_earners::<T>())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let earners = super::counted_earners(&state)?;
			let listed: u64 =
				PoolAccumulators::<T>::iter_values().map(|pool| pool.earners.len() as u64).sum();
			frame_support::ensure!(listed == earners, "not every earner was listed");
			Ok(())
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

/// Version 1 → 2: each pool's earners move from `Earners` into its accumulators, so that
/// settling a pool reads and writes one value however many AVSs pay it.
pub mod v2 {
	use super::{layout_v3::PoolAccumulators, Earners, PoolRewardsV1Of, PoolRewardsV3};
	use crate::pallet::{Config, Event, Pallet};
	use frame_support::{
		defensive,
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
		BoundedVec,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, sp_runtime::TryRuntimeError};

	/// Moves each pool's listed earners into its accumulators. Per pool: one read and one
	/// write of the accumulators, and per earner one read and one removal.
	pub struct MoveEarnersIntoPools<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for MoveEarnersIntoPools<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut pools, mut earners) = (0u32, 0u32);
			PoolAccumulators::<T>::translate::<PoolRewardsV1Of<T>, _>(|vault, operator, old| {
				pools = pools.saturating_add(1);
				let mut moved = BoundedVec::new();
				for avs in old.earners {
					// Never: the list has the same bound. An earner that cannot move stays
					// where it is (and `post_upgrade` says so) rather than be lost.
					if moved.len() >= T::MaxEarnersPerPool::get() as usize {
						defensive!("more earners in a pool than MaxEarnersPerPool");
						break;
					}
					// Version 1 lists exactly the earners there are (its `try_state`).
					let Some(earner) = Earners::<T>::take((vault, &operator, avs)) else {
						defensive!("a pool lists an AVS it has no earner for");
						continue;
					};
					earners = earners.saturating_add(1);
					if moved.try_push((avs, earner)).is_err() {
						defensive!("more earners in a pool than MaxEarnersPerPool");
					}
				}
				Some(PoolRewardsV3 {
					active_shares: old.active_shares,
					per_share: old.per_share,
					earners: moved,
				})
			});
			Pallet::<T>::deposit_event(Event::EarnersMovedIntoPools { pools, earners });
			let (n, e) = (u64::from(pools), u64::from(earners));
			// The walk reads one key past the last pool, the event is one write; the version
			// read and write are counted by `VersionedMigration`.
			T::DbWeight::get().reads_writes(
				n.saturating_add(1).saturating_add(e),
				n.saturating_add(e).saturating_add(1),
			)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok(super::count_earners::<T>())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let earners = super::counted_earners(&state)?;
			let moved: u64 =
				PoolAccumulators::<T>::iter_values().map(|pool| pool.earners.len() as u64).sum();
			frame_support::ensure!(moved == earners, "not every earner was moved");
			frame_support::ensure!(Earners::<T>::iter_keys().next().is_none(), "earners left");
			// The pallet's checks read the current layout: version 4's migration runs them.
			Ok(())
		}
	}

	/// [`MoveEarnersIntoPools`], run only on a chain whose pallet-rewards storage is at
	/// version 1, which it moves to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		MoveEarnersIntoPools<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 → 3: the pots' books no longer keep a running total of payouts (`paid`), so
/// that a claim writes no pot ledger: each payout is in its claim event.
pub mod v3 {
	use crate::{
		pallet::{Config, Event, Pallet, Pots},
		types::PotLedger,
	};
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	#[cfg(feature = "try-runtime")]
	use {alloc::vec::Vec, sp_runtime::TryRuntimeError};

	/// A pot's books as versions 0 to 2 stored them.
	#[derive(Encode, Decode, MaxEncodedLen)]
	pub struct PotLedgerV2 {
		/// The asset's minimum balance, paid once by the first funder.
		pub reserve: u128,
		/// Σ of every stream funded.
		pub funded: u128,
		/// Σ returned to funders.
		pub returned: u128,
		/// Σ paid to stakers and operators.
		pub paid: u128,
	}

	/// Drops `paid` from each pot's books, and says what it was in an event per pot (so the
	/// sum of payouts stays reconstructible from events). Per pot (at most one per reward
	/// asset): one read, one write and an event.
	pub struct DropPaidTotals<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for DropPaidTotals<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut pots = 0u64;
			Pots::<T>::translate::<PotLedgerV2, _>(|asset, old| {
				pots = pots.saturating_add(1);
				Pallet::<T>::deposit_event(Event::PaidTotalDropped { asset, paid: old.paid });
				Some(PotLedger { reserve: old.reserve, funded: old.funded, returned: old.returned })
			});
			// The walk reads one key past the last pot; each pot's write and event; the
			// version read and write are counted by `VersionedMigration`.
			T::DbWeight::get().reads_writes(pots.saturating_add(1), pots.saturating_mul(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok((Pots::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let before = u64::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("pre-upgrade state unreadable"))?;
			let keys: Vec<_> = Pots::<T>::iter_keys().collect();
			frame_support::ensure!(keys.len() as u64 == before, "a pot's books were lost");
			// A version 2 value decodes as version 3's too (SCALE ignores the trailing
			// `paid`): check each was rewritten at version 3's length.
			for asset in keys {
				let raw =
					frame_support::storage::unhashed::get_raw(&Pots::<T>::hashed_key_for(asset));
				frame_support::ensure!(
					raw.map(|value| value.len()) == Some(PotLedger::max_encoded_len()),
					"a pot's books were not rewritten"
				);
			}
			// The pallet's checks read the current layout: version 4's migration runs them.
			Ok(())
		}
	}

	/// [`DropPaidTotals`], run only on a chain whose pallet-rewards storage is at version 2,
	/// which it moves to 3.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		DropPaidTotals<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 3 → 4: each earner records its allocation and when that next changes by itself,
/// each pool its active assets beside its active shares, and each position record its
/// shares, so settling a pool reads an allocation only when it changed, and a claim asks
/// the vaults pallet for neither the pool nor the position.
pub mod v4 {
	use super::PoolRewardsV3Of;
	use crate::{
		pallet::{Config, Event, Pallet, PoolAccumulators, PositionRewards},
		types::{Earner, PoolRewards, PositionAsset, PositionRecord},
	};
	use bastion_primitives::{AllocationSchedule, VaultsInspect};
	use frame_support::{
		defensive,
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
		BoundedVec,
	};
	#[cfg(feature = "try-runtime")]
	use {
		alloc::vec::Vec,
		codec::{Decode, Encode},
		sp_runtime::TryRuntimeError,
	};

	/// A position's rewards as versions 0 to 3 stored them: per asset only.
	pub type PositionRewardsV3Of<T> =
		BoundedVec<PositionAsset<<T as Config>::AssetKind>, <T as Config>::MaxRewardAssets>;

	/// Records in each earner its operator's allocation now and its next change, as the
	/// operators pallet reports them, in each pool its active assets and shares, and in each
	/// position record its shares, as the vaults pallet has them. Per pool: one read and one
	/// write of the accumulators and one read of the vaults' pool; per earner: the opt-in
	/// and the allocation read; per position record: one read and one write of it and one
	/// read of the vaults' position. In one block: a chain with more position records than
	/// a block can rewrite (tens of thousands) runs it as a multi-block migration instead.
	pub struct RecordSettlementInputs<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for RecordSettlementInputs<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut pools, mut earners) = (0u32, 0u32);
			PoolAccumulators::<T>::translate::<PoolRewardsV3Of<T>, _>(|vault, operator, old| {
				pools = pools.saturating_add(1);
				let mut recorded = BoundedVec::new();
				for (avs, earner) in old.earners {
					earners = earners.saturating_add(1);
					// Migrations run before the block is initialised: this is the parent
					// block's view, and a change due at this block has `refresh_at` here, so
					// the block's first settlement reads it again.
					let (fraction, refresh_at) =
						T::Operators::allocation_schedule(&operator, avs, vault);
					let earner = Earner {
						stake: earner.stake,
						commission: earner.commission,
						fraction,
						refresh_at,
						assets: earner.assets,
					};
					// Never: the same bound as the list it comes from.
					if recorded.try_push((avs, earner)).is_err() {
						defensive!("more earners in a pool than MaxEarnersPerPool");
					}
				}
				let active = T::Vaults::active_pool(vault, &operator);
				Some(PoolRewards {
					active_assets: active.assets,
					active_shares: active.shares,
					per_share: old.per_share,
					earners: recorded,
				})
			});
			let mut positions = 0u32;
			PositionRewards::<T>::translate::<PositionRewardsV3Of<T>, _>(
				|(vault, operator, staker), assets| {
					positions = positions.saturating_add(1);
					let shares = T::Vaults::position_shares(vault, &operator, &staker);
					Some(PositionRecord { shares, assets })
				},
			);
			Pallet::<T>::deposit_event(Event::SettlementInputsRecorded {
				pools,
				earners,
				positions,
			});
			let (n, e, p) = (u64::from(pools), u64::from(earners), u64::from(positions));
			// Each walk reads one key past its last, the event is one write; the version read
			// and write are counted by `VersionedMigration`.
			T::DbWeight::get().reads_writes(
				n.saturating_mul(2)
					.saturating_add(e.saturating_mul(2))
					.saturating_add(p.saturating_mul(2))
					.saturating_add(2),
				n.saturating_add(p).saturating_add(1),
			)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let earners: u64 = super::layout_v3::PoolAccumulators::<T>::iter_values()
				.map(|pool| pool.earners.len() as u64)
				.sum();
			let positions = PositionRewards::<T>::iter_keys().count() as u64;
			Ok((earners, positions).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let (earners, positions) = <(u64, u64)>::decode(&mut &state[..])
				.map_err(|_| TryRuntimeError::Other("pre-upgrade state unreadable"))?;
			let after: u64 =
				PoolAccumulators::<T>::iter_values().map(|pool| pool.earners.len() as u64).sum();
			frame_support::ensure!(after == earners, "an earner was lost");
			// A value that does not decode is skipped by a walk of values: count both.
			frame_support::ensure!(
				PositionRewards::<T>::iter_values().count() as u64 == positions,
				"a position record was lost"
			);
			// Checks each earner's allocation against the operators pallet's, and each pool's
			// active part and each position record's shares against the vaults pallet's.
			Pallet::<T>::do_try_state()
		}
	}

	/// [`RecordSettlementInputs`], run only on a chain whose pallet-rewards storage is at
	/// version 3, which it moves to 4.
	pub type MigrateV3ToV4<T> = VersionedMigration<
		3,
		4,
		RecordSettlementInputs<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
