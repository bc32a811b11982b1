//! What pallet-slashing offers the other restaking pallets, and its consistency checks.

use crate::pallet::*;
use bastion_primitives::{AvsId, SlashingInspect};

impl<T: Config> SlashingInspect<T::AccountId> for Pallet<T> {
	fn has_pending_against_operator(operator: &T::AccountId) -> bool {
		PendingAgainst::<T>::get(operator) > 0
	}

	fn has_pending_by_avs(avs: AvsId) -> bool {
		PendingBy::<T>::get(avs) > 0
	}
}

impl<T: Config> Pallet<T> {
	/// The pallet's invariants: every pending request is indexed once, in the queue in due
	/// order, and the counts match.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let queue = Queue::<T>::get();
		ensure!(queue.windows(2).all(|w| w.first().map(|a| a.0) <= w.get(1).map(|b| b.0)), "queue out of order");
		ensure!(queue.len() == Requests::<T>::iter_keys().count(), "queue and requests differ");
		for (id, request) in Requests::<T>::iter() {
			ensure!(queue.iter().any(|(_, q)| *q == id), "request missing from the queue");
			ensure!(
				PendingRequest::<T>::get(request.avs, &request.operator) == Some(id),
				"pending index mismatch"
			);
		}
		Ok(())
	}
}
