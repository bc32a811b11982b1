//! The answers of `RestakingApi` (bastion-runtime-api), read from the restaking pallets.
//!
//! Runtime API calls run on a throw-away overlay, so settling rewards to read what a
//! position could claim, or running a slash request to simulate it, changes nothing; the
//! simulation still runs in a storage transaction that is rolled back, so its effects
//! cannot leak into the other answers of the same call.
//!
//! Cost: `operator_stake` reads the operator's allocations and one pool per vault;
//! `staker_exposure` reads the staker's positions (at most `MaxPositionsPerAccount`) from
//! their index; `avs_security` and `simulate_slash` scan the allocations of every operator
//! (open AVSs keep no list of their operators) and, for the simulation, the positions of
//! each hit pool.

use crate::{
	configs::restaking::AssetKind, AccountId, BlockNumber, Operators, Rewards, Runtime,
	RuntimeEvent, Slashing, System,
};
use alloc::{collections::BTreeMap, vec::Vec};
use bastion_primitives::{AvsId, AvsInspect, Fraction, OperatorsInspect, PoolObserver, VaultId};
use bastion_runtime_api::{
	AllocationView, AssetView, AvsExposure, AvsSecurity, OperatorStake, PoolHit, PoolView,
	PositionExposure, QueryError, RewardView, SliceChangeView, SliceView, SlashSimulation,
	StakerExposure, StakerLoss, VaultSecurity, WithdrawalView,
};
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::Get,
};
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, DispatchError, Rounding};

type VirtualShares = <Runtime as pallet_vaults::Config>::VirtualShares;

fn asset_view(asset: &AssetKind) -> AssetView {
	match asset {
		AssetKind::Native => AssetView::Native,
		AssetKind::WithId(id) => AssetView::Asset(*id),
	}
}

fn vault_asset(vault: VaultId) -> AssetView {
	pallet_vaults::VaultInfo::<Runtime>::get(vault)
		.map(|info| asset_view(&info.asset))
		.unwrap_or(AssetView::Native)
}

fn value_of(pool: &pallet_vaults::Pool, shares: u128) -> u128 {
	pallet_vaults::math::assets_for_shares(pool, shares, VirtualShares::get()).unwrap_or_default()
}

/// A position's active and queued shares at the pool's price now.
fn position_value(pool: &pallet_vaults::Pool, position: &pallet_vaults::PositionOf<Runtime>) -> u128 {
	value_of(pool, position.shares.saturating_add(position.exiting_shares()))
}

pub fn operator_stake(operator: AccountId) -> Result<OperatorStake<AccountId, BlockNumber>, QueryError> {
	let info = pallet_operators::OperatorInfo::<Runtime>::get(&operator).ok_or(QueryError::NotAnOperator)?;
	let now = System::block_number();
	let mut allocations: BTreeMap<VaultId, Vec<AllocationView<BlockNumber>>> = BTreeMap::new();
	for ((avs, vault), allocation) in pallet_operators::Allocations::<Runtime>::iter_prefix((&operator,)) {
		let allocation = allocation.at(now);
		let total = pallet_vaults::Pools::<Runtime>::get(vault, &operator).map(|p| p.total_assets).unwrap_or(0);
		allocations.entry(vault).or_default().push(AllocationView {
			avs,
			fraction: allocation.current.into(),
			pending: allocation.pending.map(|(f, at)| (f.into(), at)),
			slashable: Operators::slashable_fraction(&operator, avs, vault).mul_floor(total).into(),
		});
	}
	let pools = (0..pallet_vaults::NextVaultId::<Runtime>::get())
		.filter_map(|vault| {
			let pool = pallet_vaults::Pools::<Runtime>::get(vault, &operator)?;
			let active = value_of(&pool, pool.active_shares());
			Some(PoolView {
				vault,
				asset: vault_asset(vault),
				total_assets: pool.total_assets.into(),
				active_assets: active.into(),
				total_shares: pool.total_shares.into(),
				exiting_shares: pool.exiting_shares.into(),
				escrowed: pool.escrowed.into(),
				allocations: allocations.remove(&vault).unwrap_or_default(),
			})
		})
		.collect();
	let deregistering_until = match info.status {
		pallet_operators::OperatorStatus::Active => None,
		pallet_operators::OperatorStatus::Deregistering { until } => Some(until),
	};
	Ok(OperatorStake { operator, commission: info.commission_at(now).deconstruct(), deregistering_until, pools })
}

pub fn avs_security(avs: AvsId) -> Result<AvsSecurity<AccountId>, QueryError> {
	let rules = crate::Avs::slashing_rules(avs).ok_or(QueryError::UnknownAvs)?;
	let vaults = crate::Avs::slashable_vaults(avs);
	let mut by_vault: BTreeMap<VaultId, Vec<SliceView<AccountId>>> = BTreeMap::new();
	// At most MaxOperatorsPerAvs operators, each with at most one allocation per vault of
	// the AVS: the cost does not grow with the rest of the chain.
	for (operator, vault, fraction) in Operators::avs_slices(avs, &vaults) {
		let total = pallet_vaults::Pools::<Runtime>::get(vault, &operator).map(|p| p.total_assets).unwrap_or(0);
		by_vault.entry(vault).or_default().push(SliceView {
			operator,
			fraction: fraction.into(),
			slashable: fraction.mul_floor(total).into(),
		});
	}
	let vaults = vaults
		.into_iter()
		.map(|vault| {
			let operators = by_vault.remove(&vault).unwrap_or_default();
			let slashable = operators.iter().fold(0u128, |sum, s| sum.saturating_add(s.slashable.0));
			VaultSecurity { vault, asset: vault_asset(vault), slashable: slashable.into(), operators }
		})
		.collect();
	Ok(AvsSecurity { avs, max_slash_per_request: rules.max_slash_per_request.into(), vaults })
}

/// What `staker` could claim from the (vault, operator) pool now, per asset.
fn claimable(vault: VaultId, operator: &AccountId, staker: &AccountId) -> Vec<RewardView> {
	with_transaction(|| -> TransactionOutcome<Result<Vec<RewardView>, DispatchError>> {
		let _ = <Rewards as PoolObserver<AccountId>>::before_position_change(vault, operator, staker);
		let owed = pallet_rewards::PositionRewards::<Runtime>::get((vault, operator, staker))
			.map(|entries| {
				entries
					.iter()
					.filter(|e| e.owed > 0)
					.map(|e| RewardView { asset: asset_view(&e.asset), amount: e.owed.into() })
					.collect()
			})
			.unwrap_or_default();
		TransactionOutcome::Rollback(Ok(owed))
	})
	.unwrap_or_default()
}

pub fn staker_exposure(staker: AccountId) -> Result<StakerExposure<AccountId, BlockNumber>, QueryError> {
	let keys = pallet_vaults::StakerPositions::<Runtime>::get(&staker);
	if keys.is_empty() {
		return Err(QueryError::NoPositions);
	}
	let positions = keys
		.iter()
		.filter_map(|(vault, operator)| {
			let position = pallet_vaults::Positions::<Runtime>::get((*vault, operator, &staker))?;
			let pool = pallet_vaults::Pools::<Runtime>::get(vault, operator)?;
			let value = position_value(&pool, &position);
			let withdrawals = position
				.withdrawals
				.iter()
				.map(|w| WithdrawalView {
					shares: w.shares.into(),
					value: value_of(&pool, w.shares).into(),
					unlock_at: w.unlock_at,
				})
				.collect();
			let mut slices = 0u128;
			let per_avs = pallet_operators::Allocations::<Runtime>::iter_prefix((operator,))
				.filter(|((_, v), _)| v == vault)
				.filter_map(|((avs, _), _)| {
					let slice = Operators::slashable_fraction(operator, avs, *vault);
					if slice.is_zero() {
						return None;
					}
					let cap = crate::Avs::slashing_rules(avs).map(|r| r.max_slash_per_request).unwrap_or_default();
					let max_total = slice.mul_floor(value);
					slices = slices.saturating_add(u128::from(slice.deconstruct()));
					Some(AvsExposure {
						avs,
						slice: slice.into(),
						max_per_request: cap.mul_ceil(max_total).min(max_total).into(),
						max_total: max_total.into(),
					})
				})
				.collect();
			let worst_case = multiply_by_rational_with_rounding(
				value,
				slices.min(u128::from(Fraction::one().deconstruct())),
				u128::from(Fraction::one().deconstruct()),
				Rounding::Up,
			)
			.unwrap_or(value)
			.min(value);
			Some(PositionExposure {
				vault: *vault,
				operator: operator.clone(),
				asset: vault_asset(*vault),
				shares: position.shares.into(),
				value: value.into(),
				withdrawals,
				claimable: claimable(*vault, operator, &staker),
				per_avs,
				worst_case: worst_case.into(),
			})
		})
		.collect();
	Ok(StakerExposure { staker, positions })
}

pub fn simulate_slash(
	avs: AvsId,
	operator: AccountId,
	fraction: Fraction,
) -> Result<SlashSimulation<AccountId>, QueryError> {
	let rules = crate::Avs::slashing_rules(avs).ok_or(QueryError::UnknownAvs)?;
	with_transaction(|| -> TransactionOutcome<Result<SlashSimulation<AccountId>, DispatchError>> {
		let outcome = (|| {
			// Each hit pool's stakers and their value before.
			let vaults = crate::Avs::slashable_vaults(avs);
			let mut before: BTreeMap<VaultId, Vec<(AccountId, u128)>> = BTreeMap::new();
			for vault in &vaults {
				let Some(pool) = pallet_vaults::Pools::<Runtime>::get(vault, &operator) else { continue };
				let stakers = pallet_vaults::Positions::<Runtime>::iter_prefix((*vault, &operator))
					.map(|(staker, p)| (staker, position_value(&pool, &p)))
					.collect();
				before.insert(*vault, stakers);
			}
			System::reset_events();
			let now = System::block_number();
			Slashing::request_slash(
				frame_system::RawOrigin::Signed(rules.slasher.clone()).into(),
				avs,
				operator.clone(),
				fraction,
				now,
				Default::default(),
			)?;
			let mut total = 0u128;
			let mut pools = Vec::new();
			for record in System::read_events_no_consensus() {
				let RuntimeEvent::Slashing(pallet_slashing::Event::PoolEscrowed { vault, amount, slices, .. }) =
					record.event
				else {
					continue;
				};
				total = total.saturating_add(amount);
				let pool = pallet_vaults::Pools::<Runtime>::get(vault, &operator).unwrap_or_default();
				let mut stakers: Vec<StakerLoss<AccountId>> = before
					.remove(&vault)
					.unwrap_or_default()
					.into_iter()
					.filter_map(|(staker, was)| {
						let p = pallet_vaults::Positions::<Runtime>::get((vault, &operator, &staker))?;
						let now_value = position_value(&pool, &p);
						Some(StakerLoss { staker, loss: was.saturating_sub(now_value).into() })
					})
					.collect();
				stakers.sort_by(|a, b| b.loss.cmp(&a.loss));
				pools.push(PoolHit {
					vault,
					asset: vault_asset(vault),
					amount: amount.into(),
					slices: slices
						.into_iter()
						.map(|s| SliceChangeView { avs: s.avs, before: s.before.into(), after: s.after.into() })
						.collect(),
					stakers,
				});
			}
			Ok::<_, DispatchError>(SlashSimulation {
				avs,
				operator: operator.clone(),
				fraction: fraction.into(),
				total: total.into(),
				pools,
			})
		})();
		TransactionOutcome::Rollback(outcome)
	})
	.map_err(|e| {
		let name: &'static str = match e {
			DispatchError::Module(m) => m.message.unwrap_or("Module"),
			other => other.into(),
		};
		QueryError::SlashRefused(name.as_bytes().to_vec())
	})
}
