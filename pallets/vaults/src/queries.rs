//! The vaults' answers to the restaking queries (runtime API, never dispatchables): a
//! staker's exposure, and the parts of other pallets' answers that are vault data.

use crate::{
	math,
	pallet::*,
	types::{Balance, Pool},
};
use alloc::{collections::BTreeMap, vec::Vec};
use bastion_primitives::{
	map_reader::{blake2_128_concat, twox_64_concat, MapReader},
	views::{
		AssetView, AvsExposure, PoolView, PositionExposure, QueryError, StakerExposure,
		WithdrawalView,
	},
	AvsId, AvsInspect, Fraction, OperatorsInspect, PoolObserver, VaultId,
};
use frame_support::{storage::generator::StorageDoubleMap as _, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, per_things::Rounding};

impl<T: Config> Pallet<T> {
	/// Records a new pool in `OperatorPools`; called wherever a pool is created.
	pub(crate) fn index_pool(vault: VaultId, operator: &T::AccountId) {
		OperatorPools::<T>::insert(operator, vault, ());
	}

	/// What `shares` of `pool` are worth at its price now.
	fn value_of(pool: &Pool, shares: Balance) -> Balance {
		math::assets_for_shares(pool, shares, T::VirtualShares::get()).unwrap_or_default()
	}

	/// The asset `vault` holds, as the queries show it (`Native` for an unknown vault).
	pub(crate) fn asset_view(vault: VaultId) -> AssetView {
		VaultInfo::<T>::get(vault).map(|info| info.asset.into()).unwrap_or(AssetView::Native)
	}

	/// Every pool of `operator`, read through `OperatorPools`, allocations left empty.
	pub(crate) fn pool_views(operator: &T::AccountId) -> Vec<PoolView<BlockNumberFor<T>>> {
		OperatorPools::<T>::iter_key_prefix(operator)
			.filter_map(|vault| {
				let pool = Pools::<T>::get(vault, operator)?;
				Some(PoolView {
					vault,
					asset: Self::asset_view(vault),
					total_assets: pool.total_assets.into(),
					active_assets: Self::value_of(&pool, pool.active_shares()).into(),
					total_shares: pool.total_shares.into(),
					exiting_shares: pool.exiting_shares.into(),
					escrowed: pool.escrowed.into(),
					allocations: Vec::new(),
				})
			})
			.collect()
	}

	/// What `operator`'s pool in each of `vaults` holds, in their order (zero where it has
	/// none), reading `Pools` with the operator's key hashed once (see [`MapReader`]).
	pub(crate) fn pool_totals_of(operator: &T::AccountId, vaults: &[VaultId]) -> Vec<Balance> {
		let mut pools = MapReader::new(Pools::<T>::prefix_hash());
		let operator = blake2_128_concat(operator);
		vaults
			.iter()
			.map(|vault| {
				pools
					.get::<Pool>(&[&twox_64_concat(vault), &operator])
					.map_or(0, |pool| pool.total_assets)
			})
			.collect()
	}

	/// Every holder of the (vault, operator) pool with its active and queued shares' value.
	pub(crate) fn holder_values_now(
		vault: VaultId,
		operator: &T::AccountId,
	) -> Vec<(T::AccountId, Balance)> {
		let Some(pool) = Pools::<T>::get(vault, operator) else { return Vec::new() };
		Positions::<T>::iter_prefix((vault, operator))
			.map(|(staker, position)| {
				let shares = position.shares.saturating_add(position.exiting_shares());
				(staker, Self::value_of(&pool, shares))
			})
			.collect()
	}

	/// `restaking_stakerExposure`: each of `staker`'s positions with its value, queued
	/// withdrawals, claimable rewards and what each AVS — and all of them together —
	/// could take. Reads the staker's positions from their index (at most
	/// `MaxPositionsPerAccount`).
	pub fn api_staker_exposure(
		staker: T::AccountId,
	) -> Result<StakerExposure<T::AccountId, BlockNumberFor<T>>, QueryError> {
		let keys = StakerPositions::<T>::get(&staker);
		if keys.is_empty() {
			return Err(QueryError::NoPositions);
		}
		// Positions share vaults and AVSs: each vault's asset and each AVS's cap per
		// request are read once.
		let mut assets = BTreeMap::<VaultId, AssetView>::new();
		let mut caps = BTreeMap::<AvsId, Fraction>::new();
		let positions = keys
			.iter()
			.filter_map(|(vault, operator)| {
				let position = Positions::<T>::get((*vault, operator, &staker))?;
				let pool = Pools::<T>::get(vault, operator)?;
				let value = Self::value_of(
					&pool,
					position.shares.saturating_add(position.exiting_shares()),
				);
				let withdrawals = position
					.withdrawals
					.iter()
					.map(|w| WithdrawalView {
						shares: w.shares.into(),
						value: Self::value_of(&pool, w.shares).into(),
						unlock_at: w.unlock_at,
					})
					.collect();
				let mut slices = 0u128;
				let per_avs = T::Operators::vault_slices(operator, *vault)
					.into_iter()
					.map(|(avs, slice)| {
						let cap = *caps.entry(avs).or_insert_with(|| {
							T::Avs::slashing_rules(avs)
								.map(|r| r.max_slash_per_request)
								.unwrap_or_default()
						});
						let max_total = slice.mul_floor(value);
						slices = slices.saturating_add(u128::from(slice.deconstruct()));
						AvsExposure {
							avs,
							slice: slice.into(),
							max_per_request: cap.mul_ceil(max_total).min(max_total).into(),
							max_total: max_total.into(),
						}
					})
					.collect();
				let one = u128::from(Fraction::one().deconstruct());
				let worst_case =
					multiply_by_rational_with_rounding(value, slices.min(one), one, Rounding::Up)
						.unwrap_or(value)
						.min(value);
				Some(PositionExposure {
					vault: *vault,
					operator: operator.clone(),
					asset: *assets.entry(*vault).or_insert_with(|| Self::asset_view(*vault)),
					shares: position.shares.into(),
					value: value.into(),
					withdrawals,
					claimable: T::Observer::claimable(*vault, operator, &staker, position.shares),
					per_avs,
					worst_case: worst_case.into(),
				})
			})
			.collect();
		Ok(StakerExposure { staker, positions })
	}
}
