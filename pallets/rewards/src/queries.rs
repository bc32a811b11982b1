//! The rewards' answers to the restaking queries (runtime API, never dispatchables).

use crate::pallet::*;
use alloc::vec::Vec;
use bastion_primitives::{views::RewardView, PoolObserver, VaultId};
use frame_support::storage::{with_transaction, TransactionOutcome};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// What `staker` could claim from the (vault, operator) pool now, per asset: the
	/// position is settled to this block in a storage transaction that is rolled back, so
	/// the answer changes nothing, not even for the queries that follow it in one call.
	pub(crate) fn claimable_now(
		vault: VaultId,
		operator: &T::AccountId,
		staker: &T::AccountId,
	) -> Vec<RewardView> {
		with_transaction(|| -> TransactionOutcome<Result<Vec<RewardView>, DispatchError>> {
			let _ = <Self as PoolObserver<T::AccountId>>::before_position_change(
				vault, operator, staker,
			);
			let owed = PositionRewards::<T>::get((vault, operator, staker))
				.map(|entries| {
					entries
						.iter()
						.filter(|e| e.owed > 0)
						.map(|e| RewardView {
							asset: e.asset.clone().into(),
							amount: e.owed.into(),
						})
						.collect()
				})
				.unwrap_or_default();
			TransactionOutcome::Rollback(Ok(owed))
		})
		.unwrap_or_default()
	}
}
