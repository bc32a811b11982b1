//! The operators' answers to the restaking queries (runtime API, never dispatchables):
//! what an operator holds, and what secures an AVS. Vault data comes through
//! [`VaultsInspect`], AVS data through [`AvsInspect`].

use crate::{
	pallet::*,
	types::{Allocation, OperatorStatus, OptIn},
};
use alloc::{collections::BTreeMap, vec::Vec};
use bastion_primitives::{
	map_reader::{blake2_128_concat, twox_64_concat, MapReader},
	views::{AllocationView, AvsSecurity, OperatorStake, QueryError, SliceView, VaultSecurity},
	AvsId, AvsInspect, Fraction, OperatorsInspect, VaultId, VaultsInspect,
};
use frame_support::storage::generator::{StorageDoubleMap as _, StorageNMap as _};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// `restaking_operatorStake`: the operator's pools in every vault (from the vaults'
	/// index of its pools), each with its allocations live and pending and what each AVS
	/// can slash now.
	pub fn api_operator_stake(
		operator: T::AccountId,
	) -> Result<OperatorStake<T::AccountId, BlockNumberFor<T>>, QueryError> {
		let info = OperatorInfo::<T>::get(&operator).ok_or(QueryError::NotAnOperator)?;
		let now = Self::now();
		let mut pools = T::Vaults::operator_pools(&operator);
		let mut by_vault: BTreeMap<VaultId, usize> = BTreeMap::new();
		for (i, pool) in pools.iter().enumerate() {
			by_vault.insert(pool.vault, i);
		}
		for ((avs, vault), allocation) in Allocations::<T>::iter_prefix((&operator,)) {
			let allocation = allocation.at(now);
			let Some(pool) = by_vault.get(&vault).and_then(|i| pools.get_mut(*i)) else {
				continue;
			};
			let slice = Self::slashable_fraction(&operator, avs, vault);
			pool.allocations.push(AllocationView {
				avs,
				fraction: allocation.current.into(),
				pending: allocation.pending.map(|(f, at)| (f.into(), at)),
				slashable: slice.mul_floor(pool.total_assets.0).into(),
			});
		}
		pools.sort_by_key(|pool| pool.vault);
		let deregistering_until = match info.status {
			OperatorStatus::Active => None,
			OperatorStatus::Deregistering { until } => Some(until),
		};
		Ok(OperatorStake {
			operator,
			commission: info.commission_at(now).deconstruct(),
			deregistering_until,
			pools,
		})
	}

	/// How many operators are opted in to `avs` (leaving ones included): at most
	/// `MaxOperatorsPerAvs`.
	pub fn api_avs_operator_count(avs: AvsId) -> u32 {
		AvsOperatorCount::<T>::get(avs)
	}

	/// `restaking_avsSecurity`: per vault the AVS can slash, each operator's slice and
	/// what it can slash now. At most `MaxOperatorsPerAvs` operators, each with at most
	/// one allocation per vault of the AVS: the cost does not grow with the rest of the
	/// chain.
	pub fn api_avs_security(avs: AvsId) -> Result<AvsSecurity<T::AccountId>, QueryError> {
		let rules = T::Avs::slashing_rules(avs).ok_or(QueryError::UnknownAvs)?;
		let vaults = T::Avs::slashable_vaults(avs);
		let mut by_vault: BTreeMap<VaultId, Vec<SliceView<T::AccountId>>> = BTreeMap::new();
		let slices = Self::avs_slices(avs, &vaults);
		for operator_slices in slices.chunk_by(|a, b| a.0 == b.0) {
			let Some((operator, _, _)) = operator_slices.first() else { continue };
			// Nothing to slash in a zero slice, whatever the pool holds: no read.
			let held: Vec<VaultId> = operator_slices
				.iter()
				.filter(|(_, _, fraction)| !fraction.is_zero())
				.map(|(_, vault, _)| *vault)
				.collect();
			let mut totals = T::Vaults::pool_totals(operator, &held).into_iter();
			for (operator, vault, fraction) in operator_slices {
				let slashable = if fraction.is_zero() {
					0
				} else {
					fraction.mul_floor(totals.next().unwrap_or_default())
				};
				by_vault.entry(*vault).or_default().push(SliceView {
					operator: operator.clone(),
					fraction: (*fraction).into(),
					slashable: slashable.into(),
				});
			}
		}
		let vaults = vaults
			.into_iter()
			.map(|vault| {
				let operators = by_vault.remove(&vault).unwrap_or_default();
				let slashable =
					operators.iter().fold(0u128, |sum, s| sum.saturating_add(s.slashable.0));
				VaultSecurity {
					vault,
					asset: T::Vaults::vault_asset(vault),
					slashable: slashable.into(),
					operators,
				}
			})
			.collect();
		Ok(AvsSecurity { avs, max_slash_per_request: rules.max_slash_per_request.into(), vaults })
	}

	/// Every allocation to `avs` of a vault in `vaults`, as (operator, vault, fraction the
	/// AVS can slash now), each operator's slices next to each other —
	/// [`OperatorsInspect::slashable_fraction`] for each, but reading each vault's standing
	/// once and each operator's opt-in once, with every key hashed once ([`MapReader`]): an
	/// AVS with `MaxOperatorsPerAvs` operators costs one read per operator and one per
	/// allocation. For queries (the restaking RPC).
	pub fn avs_slices(avs: AvsId, vaults: &[VaultId]) -> Vec<(T::AccountId, VaultId, Fraction)> {
		let now = Self::now();
		let serving: Vec<VaultId> =
			vaults.iter().copied().filter(|v| Self::vault_serves(*v, avs, now)).collect();
		// The operators first, in one walk: the state keeps one iterator, which a walk of
		// each operator's allocations in between would throw away at every step.
		let operators: Vec<T::AccountId> = AvsOperators::<T>::iter_key_prefix(avs).collect();
		let avs_key = twox_64_concat(&avs);
		let vault_keys: Vec<(VaultId, Vec<u8>)> =
			vaults.iter().map(|vault| (*vault, twox_64_concat(vault))).collect();
		let mut opt_ins = MapReader::new(OptIns::<T>::prefix_hash());
		let mut allocations = MapReader::new(Allocations::<T>::prefix_hash());
		let mut slices = Vec::new();
		for operator in operators {
			let operator_key = blake2_128_concat(&operator);
			let Some(opt_in) = opt_ins.get::<OptIn<BlockNumberFor<T>>>(&[&operator_key, &avs_key])
			else {
				continue;
			};
			let live = opt_in.is_live(now);
			let mut push = |vault: VaultId, allocation: Allocation<BlockNumberFor<T>>| {
				let fraction = if live && serving.contains(&vault) {
					allocation.at(now).current
				} else {
					Fraction::zero()
				};
				slices.push((operator.clone(), vault, fraction));
			};
			if vaults.len() as u32 <= opt_in.allocations {
				// No more reads than its allocations: one per vault of the AVS.
				for (vault, vault_key) in &vault_keys {
					let key = [&operator_key[..], &avs_key, vault_key];
					if let Some(allocation) = allocations.get(&key) {
						push(*vault, allocation);
					}
				}
			} else {
				for (vault, allocation) in Allocations::<T>::iter_prefix((&operator, avs)) {
					if vaults.contains(&vault) {
						push(vault, allocation);
					}
				}
			}
		}
		slices
	}
}
