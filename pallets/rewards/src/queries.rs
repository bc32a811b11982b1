//! The rewards' answers to the restaking queries (runtime API, never dispatchables).

use crate::{pallet::*, types::PoolRewards};
use alloc::vec::Vec;
use bastion_primitives::{views::RewardView, OperatorsInspect, VaultId};

impl<T: Config> Pallet<T> {
	/// What `staker`, holding `shares` in the (vault, operator) pool, could claim from it
	/// now, per asset: what a claim would settle — every earner's source released to this
	/// block and credited into the pool's accumulators, the position read off them —
	/// computed on copies, so it reads and never writes.
	pub(crate) fn claimable_now(
		vault: VaultId,
		operator: &T::AccountId,
		staker: &T::AccountId,
		shares: u128,
	) -> Vec<RewardView> {
		let recorded = || PositionRewards::<T>::get((vault, operator, staker)).unwrap_or_default();
		let entries = match PoolAccumulators::<T>::try_get(vault, operator) {
			Ok(mut pool) => {
				let now = Self::now();
				let commission = T::Operators::commission(operator);
				let PoolRewards { active_shares, per_share, earners, .. } = &mut pool;
				for (avs, earner) in earners.iter_mut() {
					let mut source = Sources::<T>::get(*avs, vault)
						.unwrap_or_else(|| Self::new_source(*avs, vault, now));
					Self::release(&mut source, now);
					Self::credit(&source, earner, per_share, *active_shares, commission);
				}
				Self::settle_position(&pool, vault, operator, staker, shares)
					.unwrap_or_else(recorded)
			}
			// Never an earner: nothing accrues; what is recorded is what is owed.
			Err(_) => recorded(),
		};
		entries
			.assets
			.iter()
			.filter(|e| e.owed > 0)
			.map(|e| RewardView { asset: e.asset.clone().into(), amount: e.owed.into() })
			.collect()
	}
}
