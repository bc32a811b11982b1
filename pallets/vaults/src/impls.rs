//! What pallet-vaults offers the other restaking pallets, and its consistency checks.

use crate::{pallet::*, types::Balance};
use bastion_primitives::{Approval, AvsId, PoolStake, RestakePercent, VaultId, VaultsInspect};
use polkadot_sdk::{
	frame_support::traits::fungibles,
	frame_system::pallet_prelude::BlockNumberFor,
	sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, per_things::Rounding},
};

impl<T: Config> VaultsInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	type Balance = Balance;

	fn vault_exists(vault: VaultId) -> bool {
		VaultInfo::<T>::contains_key(vault)
	}

	fn withdrawal_delay_bounds(vault: VaultId) -> Option<(BlockNumberFor<T>, BlockNumberFor<T>)> {
		Self::vault_now(vault).ok().map(|info| Self::delay_bounds(&info))
	}

	fn max_restake(vault: VaultId) -> Option<RestakePercent> {
		Self::vault_now(vault).ok().map(|info| info.params.max_restake)
	}

	fn is_paused(vault: VaultId) -> bool {
		VaultInfo::<T>::get(vault).is_some_and(|info| info.paused)
	}

	fn avs_approval(vault: VaultId, avs: AvsId) -> Approval<BlockNumberFor<T>> {
		let now = Self::now();
		VaultAvs::<T>::get(vault)
			.iter()
			.find(|(id, _)| *id == avs)
			.map(|(_, approval)| *approval)
			.filter(|approval| approval.is_live(now))
			.unwrap_or(Approval::No)
	}

	fn pool_stake(vault: VaultId, operator: &T::AccountId) -> PoolStake<Balance> {
		let Some(pool) = Pools::<T>::get(vault, operator) else { return PoolStake::default() };
		let active = if pool.total_shares == 0 {
			0
		} else {
			multiply_by_rational_with_rounding(
				pool.total_assets,
				pool.active_shares(),
				pool.total_shares,
				Rounding::Down,
			)
			.unwrap_or_default()
		};
		PoolStake { total: pool.total_assets, active }
	}
}

impl<T: Config> Pallet<T> {
	/// The pallet's invariants, checked by `try-runtime` and after every step of the
	/// randomized tests:
	/// - each vault account holds exactly the vault's ledger (`reserve + staked`);
	/// - `staked` is the sum of the vault's pools' assets;
	/// - each pool's shares are the sum of its positions' active and exiting shares, and
	///   its exiting shares the sum of its positions' queued withdrawals;
	/// - each account's position count matches its positions.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use polkadot_sdk::frame_support::ensure;

		let mut pool_sums: BTreeMap<(VaultId, T::AccountId), (Balance, Balance)> = BTreeMap::new();
		let mut counts: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for ((vault, operator, staker), position) in Positions::<T>::iter() {
			let entry = pool_sums.entry((vault, operator)).or_default();
			let exiting = position.exiting_shares();
			entry.0 = entry.0.saturating_add(position.shares).saturating_add(exiting);
			entry.1 = entry.1.saturating_add(exiting);
			let count = counts.entry(staker).or_default();
			*count = count.saturating_add(1);
		}

		let mut staked: BTreeMap<VaultId, Balance> = BTreeMap::new();
		for (vault, operator, pool) in Pools::<T>::iter() {
			let (shares, exiting) = pool_sums.remove(&(vault, operator)).unwrap_or_default();
			ensure!(pool.total_shares == shares, "pool shares != Σ position shares");
			ensure!(pool.exiting_shares == exiting, "pool exiting shares != Σ queued withdrawals");
			let sum = staked.entry(vault).or_default();
			*sum = sum.saturating_add(pool.total_assets);
		}
		ensure!(pool_sums.is_empty(), "a position has no pool");

		for (vault, info) in VaultInfo::<T>::iter() {
			ensure!(
				staked.get(&vault).copied().unwrap_or_default() == info.staked,
				"vault staked != Σ pool assets"
			);
			let balance = <T::Assets as fungibles::Inspect<_>>::balance(
				info.asset.clone(),
				&Self::vault_account(vault),
			);
			ensure!(balance == info.ledger(), "vault account balance != ledger");
		}

		for (who, count) in PositionCount::<T>::iter() {
			ensure!(counts.remove(&who) == Some(count), "position count mismatch");
		}
		ensure!(counts.is_empty(), "positions without a count");
		Ok(())
	}
}
