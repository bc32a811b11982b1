//! The slashing pallet's answer to `restaking_simulateSlash` (runtime API, never a
//! dispatchable): a dry run of `request_slash` by the AVS's slasher on the state now.

use crate::pallet::*;
use alloc::{collections::BTreeMap, vec::Vec};
use bastion_primitives::{
	views::{PoolHit, QueryError, SlashSimulation, SliceChangeView, StakerLoss},
	AvsId, AvsInspect, Fraction, SlashablePools, VaultId, VaultsInspect,
};
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::Get,
};
use sp_core::H256;
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// `restaking_simulateSlash`: what `request_slash(avs, operator, fraction)` by the
	/// AVS's slasher would escrow now — per pool the amount, per staker the loss (active
	/// and queued shares, largest first), per AVS its slice before and after — or the
	/// name of the error that would refuse it. Runs the request in a storage transaction
	/// that is rolled back: nothing changes.
	pub fn api_simulate_slash(
		avs: AvsId,
		operator: T::AccountId,
		fraction: Fraction,
	) -> Result<SlashSimulation<T::AccountId>, QueryError> {
		let rules = T::Avs::slashing_rules(avs).ok_or(QueryError::UnknownAvs)?;
		with_transaction(|| {
			let outcome = Self::simulate(rules.slasher.clone(), avs, &operator, fraction);
			TransactionOutcome::Rollback(Ok::<_, DispatchError>(outcome))
		})
		.unwrap_or_else(Err)
		.map_err(|e| {
			let name: &'static str = match e {
				DispatchError::Module(m) => m.message.unwrap_or("Module"),
				other => other.into(),
			};
			QueryError::SlashRefused(name.as_bytes().to_vec())
		})
	}

	/// The request itself, inside the caller's transaction.
	fn simulate(
		slasher: T::AccountId,
		avs: AvsId,
		operator: &T::AccountId,
		fraction: Fraction,
	) -> Result<SlashSimulation<T::AccountId>, DispatchError> {
		// Each hit pool's holders and their value before.
		let mut before: BTreeMap<VaultId, Vec<(T::AccountId, u128)>> = BTreeMap::new();
		for vault in T::Avs::slashable_vaults(avs) {
			before.insert(vault, T::Vaults::holder_values(vault, operator));
		}
		let now = Self::now();
		let mut escrowed = Vec::new();
		Self::do_request_slash(
			slasher,
			avs,
			operator.clone(),
			fraction,
			now,
			H256::default(),
			T::RequestDeposit::get(),
			|pool| {
				let slices = pool
					.slices
					.iter()
					.map(|s| SliceChangeView {
						avs: s.avs,
						before: s.before.into(),
						after: s.after.into(),
					})
					.collect::<Vec<_>>();
				escrowed.push((pool.vault, pool.amount, slices));
			},
		)?;
		let mut total = 0u128;
		let pools = escrowed
			.into_iter()
			.map(|(vault, amount, slices)| {
				total = total.saturating_add(amount);
				let after: BTreeMap<T::AccountId, u128> =
					T::Vaults::holder_values(vault, operator).into_iter().collect();
				let mut stakers: Vec<StakerLoss<T::AccountId>> = before
					.remove(&vault)
					.unwrap_or_default()
					.into_iter()
					.filter_map(|(staker, was)| {
						let now_value = after.get(&staker)?;
						Some(StakerLoss { loss: was.saturating_sub(*now_value).into(), staker })
					})
					.collect();
				stakers.sort_by_key(|s| core::cmp::Reverse(s.loss));
				PoolHit {
					vault,
					asset: T::Vaults::vault_asset(vault),
					amount: amount.into(),
					slices,
					stakers,
				}
			})
			.collect();
		Ok(SlashSimulation {
			avs,
			operator: operator.clone(),
			fraction: fraction.into(),
			total: total.into(),
			pools,
		})
	}
}
