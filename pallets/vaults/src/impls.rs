//! What pallet-vaults offers the other restaking pallets, and its consistency checks.

use crate::{
	pallet::*,
	types::{Balance, Pool},
};
use alloc::vec::Vec;
use bastion_primitives::{
	views::{AssetView, PoolView},
	ActivePool, Approval, AssetTransferCost, AvsId, ObservedPools, PoolObserver, PoolStake,
	RestakePercent, SlashablePools, VaultId, VaultsInspect,
};
use {
	frame_support::{
		ensure,
		traits::{
			fungibles,
			tokens::{Fortitude, Precision, Preservation},
		},
	},
	frame_system::pallet_prelude::BlockNumberFor,
	sp_runtime::DispatchResult,
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
			.filter(|approval| !approval.has_ended(now))
			.unwrap_or(Approval::No)
	}

	fn pool_stake(vault: VaultId, operator: &T::AccountId) -> PoolStake<Balance> {
		let Some(pool) = Pools::<T>::get(vault, operator) else { return PoolStake::default() };
		PoolStake {
			total: pool.total_assets,
			active: pool.active().assets,
			escrowed: pool.escrowed,
		}
	}

	fn active_pool(vault: VaultId, operator: &T::AccountId) -> ActivePool {
		Pools::<T>::get(vault, operator).map(|pool| pool.active()).unwrap_or_default()
	}

	fn position_shares(vault: VaultId, operator: &T::AccountId, staker: &T::AccountId) -> u128 {
		Positions::<T>::get((vault, operator, staker)).map(|p| p.shares).unwrap_or_default()
	}

	fn vault_asset(vault: VaultId) -> AssetView {
		Self::asset_view(vault)
	}

	fn pool_totals(operator: &T::AccountId, vaults: &[VaultId]) -> Vec<Balance> {
		Self::pool_totals_of(operator, vaults)
	}

	fn operator_pools(operator: &T::AccountId) -> Vec<PoolView<BlockNumberFor<T>>> {
		Self::pool_views(operator)
	}
}

impl<T: Config> ObservedPools<T::AccountId> for Pallet<T> {
	fn observe(vault: VaultId, operator: &T::AccountId) {
		Pools::<T>::mutate(vault, operator, |slot| match slot {
			Some(pool) => pool.observed = true,
			None => {
				Self::index_pool(vault, operator);
				*slot = Some(Pool { observed: true, ..Default::default() });
			}
		});
	}

	fn is_observed(vault: VaultId, operator: &T::AccountId) -> bool {
		Pools::<T>::get(vault, operator).is_some_and(|pool| pool.observed)
	}
}

impl<T: Config> SlashablePools<T::AccountId> for Pallet<T> {
	type Balance = Balance;

	fn escrow(vault: VaultId, operator: &T::AccountId, amount: Balance) -> DispatchResult {
		let mut info = VaultInfo::<T>::get(vault).ok_or(Error::<T>::VaultNotFound)?;
		let mut pool =
			Pools::<T>::get(vault, operator).ok_or(Error::<T>::InsufficientPoolAssets)?;
		ensure!(amount <= pool.total_assets, Error::<T>::InsufficientPoolAssets);
		pool.total_assets = pool.total_assets.saturating_sub(amount);
		pool.escrowed = pool.escrowed.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		info.staked = info.staked.saturating_sub(amount);
		info.escrowed = info.escrowed.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Pools::<T>::insert(vault, operator, pool);
		if pool.observed {
			T::Observer::after_pool_change(vault, operator, pool.active());
		}
		VaultInfo::<T>::insert(vault, info);
		Ok(())
	}

	fn release(vault: VaultId, operator: &T::AccountId, amount: Balance) -> DispatchResult {
		let mut info = VaultInfo::<T>::get(vault).ok_or(Error::<T>::VaultNotFound)?;
		let mut pool =
			Pools::<T>::get(vault, operator).ok_or(Error::<T>::InsufficientPoolAssets)?;
		ensure!(amount <= pool.escrowed, Error::<T>::InsufficientPoolAssets);
		pool.escrowed = pool.escrowed.saturating_sub(amount);
		pool.total_assets = pool.total_assets.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		info.staked = info.staked.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		info.escrowed = info.escrowed.saturating_sub(amount);
		Pools::<T>::insert(vault, operator, pool);
		if pool.observed {
			T::Observer::after_pool_change(vault, operator, pool.active());
		}
		VaultInfo::<T>::insert(vault, info);
		Ok(())
	}

	fn has_holders(vault: VaultId, operator: &T::AccountId) -> bool {
		Pools::<T>::get(vault, operator).is_some_and(|pool| pool.total_shares > 0)
	}

	fn holder_values(vault: VaultId, operator: &T::AccountId) -> Vec<(T::AccountId, u128)> {
		Self::holder_values_now(vault, operator)
	}

	fn max_payout_surcharge() -> frame_support::weights::Weight {
		T::TransferCost::max_transfer_surcharge()
	}

	fn pay_out(
		vault: VaultId,
		operator: &T::AccountId,
		amount: Balance,
		to: Option<&T::AccountId>,
	) -> DispatchResult {
		let mut info = VaultInfo::<T>::get(vault).ok_or(Error::<T>::VaultNotFound)?;
		let mut pool =
			Pools::<T>::get(vault, operator).ok_or(Error::<T>::InsufficientPoolAssets)?;
		ensure!(amount <= pool.escrowed, Error::<T>::InsufficientPoolAssets);
		let account = Self::vault_account(vault);
		if amount > 0 {
			match to {
				Some(to) => {
					<T::Assets as fungibles::Mutate<_>>::transfer(
						info.asset.clone(),
						&account,
						to,
						amount,
						Preservation::Preserve,
					)?;
				}
				None => {
					<T::Assets as fungibles::Mutate<_>>::burn_from(
						info.asset.clone(),
						&account,
						amount,
						Preservation::Preserve,
						Precision::Exact,
						Fortitude::Force,
					)?;
				}
			}
		}
		pool.escrowed = pool.escrowed.saturating_sub(amount);
		info.escrowed = info.escrowed.saturating_sub(amount);
		Pools::<T>::insert(vault, operator, pool);
		VaultInfo::<T>::insert(vault, info);
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// The pallet's invariants, checked by `try-runtime` and after every step of the
	/// randomized tests:
	/// - each vault's `staked` is the sum of its pools' assets, and its account holds at
	///   least the ledger (`reserve + staked + escrowed`; more only by donations);
	/// - `escrowed` is the sum of the vault's pools' escrow;
	/// - each pool's shares are the sum of its positions' active and exiting shares, and
	///   its exiting shares the sum of its positions' queued withdrawals;
	/// - each account's position count matches its positions.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
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

		let mut staked: BTreeMap<VaultId, (Balance, Balance)> = BTreeMap::new();
		let mut pools = 0usize;
		for (vault, operator, pool) in Pools::<T>::iter() {
			ensure!(OperatorPools::<T>::contains_key(&operator, vault), "pool missing from index");
			pools = pools.saturating_add(1);
			let (shares, exiting) = pool_sums.remove(&(vault, operator)).unwrap_or_default();
			ensure!(pool.total_shares == shares, "pool shares != Σ position shares");
			ensure!(pool.exiting_shares == exiting, "pool exiting shares != Σ queued withdrawals");
			let sum = staked.entry(vault).or_default();
			sum.0 = sum.0.saturating_add(pool.total_assets);
			sum.1 = sum.1.saturating_add(pool.escrowed);
		}
		ensure!(pool_sums.is_empty(), "a position has no pool");
		ensure!(OperatorPools::<T>::iter_keys().count() == pools, "index entry without a pool");

		for (vault, info) in VaultInfo::<T>::iter() {
			let (assets, escrowed) = staked.get(&vault).copied().unwrap_or_default();
			ensure!(escrowed == info.escrowed, "vault escrowed != Σ pool escrow");
			ensure!(assets == info.staked, "vault staked != Σ pool assets");
			let balance = <T::Assets as fungibles::Inspect<_>>::balance(
				info.asset.clone(),
				&Self::vault_account(vault),
			);
			let ledger = info.reserve.saturating_add(assets).saturating_add(info.escrowed);
			ensure!(balance >= ledger, "vault account holds less than its ledger");
		}

		for (who, positions) in StakerPositions::<T>::iter() {
			ensure!(counts.remove(&who) == Some(positions.len() as u32), "position count mismatch");
			for (vault, operator) in positions.iter() {
				ensure!(
					Positions::<T>::contains_key((vault, operator, &who)),
					"indexed position missing"
				);
			}
		}
		ensure!(counts.is_empty(), "positions without a count");
		Ok(())
	}
}
