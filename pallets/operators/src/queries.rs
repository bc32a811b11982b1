//! The operators' answers to the restaking queries (runtime API, never dispatchables):
//! what an operator holds, and what secures an AVS. Vault data comes through
//! [`VaultsInspect`], AVS data through [`AvsInspect`].

use crate::{pallet::*, types::OperatorStatus};
use alloc::{collections::BTreeMap, vec::Vec};
use bastion_primitives::{
	views::{AllocationView, AvsSecurity, OperatorStake, QueryError, SliceView, VaultSecurity},
	AvsId, AvsInspect, OperatorsInspect, VaultId, VaultsInspect,
};
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
		for (operator, vault, fraction) in Self::avs_slices(avs, &vaults) {
			// Nothing to slash in a zero slice, whatever the pool holds: no read.
			let slashable = if fraction.is_zero() {
				0
			} else {
				fraction.mul_floor(T::Vaults::pool_stake(vault, &operator).total)
			};
			by_vault.entry(vault).or_default().push(SliceView {
				operator,
				fraction: fraction.into(),
				slashable: slashable.into(),
			});
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
}
