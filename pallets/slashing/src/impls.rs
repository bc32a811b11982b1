//! What pallet-slashing offers the other restaking pallets, and its consistency checks.

use crate::pallet::*;
use bastion_primitives::{
	AvsId, Fraction, ProvenSlashes, SlashId, SlashingInspect, VaultId, VaultsInspect,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::DispatchError;

impl<T: Config> SlashingInspect<T::AccountId> for Pallet<T> {
	fn has_pending_against_operator(operator: &T::AccountId) -> bool {
		PendingAgainst::<T>::get(operator) > 0
	}

	fn has_pending_by_avs(avs: AvsId) -> bool {
		PendingBy::<T>::get(avs) > 0
	}
}

impl<T: Config> ProvenSlashes<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn request_proven_slash(
		requester: T::AccountId,
		avs: AvsId,
		operator: T::AccountId,
		fraction: Fraction,
		offence_block: BlockNumberFor<T>,
		evidence_hash: H256,
	) -> Result<SlashId, DispatchError> {
		// Not a dispatchable: a failure part-way (after some pool's escrow) must undo itself.
		frame_support::storage::with_storage_layer(|| {
			Self::do_request_slash(
				requester,
				avs,
				operator,
				fraction,
				offence_block,
				evidence_hash,
				0,
				|_| {},
			)
		})
	}

	fn pending_proven_slash(avs: AvsId, operator: &T::AccountId) -> Option<(SlashId, Fraction)> {
		let id = PendingRequest::<T>::get(avs, operator)?;
		Requests::<T>::get(id).map(|request| (id, request.fraction))
	}

	fn raise_proven_slash(
		requester: &T::AccountId,
		id: SlashId,
		fraction: Fraction,
	) -> Result<(), DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			let request = Requests::<T>::get(id).ok_or(Error::<T>::RequestNotFound)?;
			frame_support::ensure!(request.requester == *requester, Error::<T>::NotSlasher);
			Self::do_raise_slash(id, fraction)
		})
	}
}

impl<T: Config> Pallet<T> {
	/// The pallet's invariants: every pending request has exactly one due entry, at its
	/// `due_key`, never before its veto window ends; the counts and indexes match.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::ensure;
		let next_seq = NextDueSeq::<T>::get();
		let mut due = 0usize;
		for (key, id) in Due::<T>::iter() {
			due = due.saturating_add(1);
			let request = Requests::<T>::get(id).ok_or("a due entry without a request")?;
			ensure!(request.due_key == key, "due entry not at the request's due_key");
			let seq = u64::from_be_bytes(key.split_at(8).1.try_into().map_err(|_| "due key")?);
			ensure!(seq < next_seq, "due sequence number not yet issued");
			let executable_at: u64 = sp_runtime::traits::UniqueSaturatedInto::unique_saturated_into(
				request.executable_at,
			);
			ensure!(crate::due_block(&key) >= executable_at, "due before its veto window ends");
		}
		ensure!(due == Requests::<T>::iter_keys().count(), "due entries and requests differ");
		let mut by_avs = BTreeMap::<AvsId, u32>::new();
		let mut against = BTreeMap::<T::AccountId, u32>::new();
		for (id, request) in Requests::<T>::iter() {
			ensure!(
				PendingRequest::<T>::get(request.avs, &request.operator) == Some(id),
				"pending index mismatch"
			);
			let n = by_avs.entry(request.avs).or_default();
			*n = n.saturating_add(1);
			let n = against.entry(request.operator.clone()).or_default();
			*n = n.saturating_add(1);
		}
		ensure!(PendingRequest::<T>::iter().count() == due, "stale pending index");
		// Each pool's escrow is exactly what its pending requests took.
		let mut escrow = BTreeMap::<(VaultId, T::AccountId), u128>::new();
		for (_, request) in Requests::<T>::iter() {
			for (vault, amount) in request.pools.iter() {
				let sum = escrow.entry((*vault, request.operator.clone())).or_default();
				*sum = sum.saturating_add(*amount);
			}
		}
		for ((vault, operator), sum) in escrow {
			ensure!(
				T::Vaults::pool_stake(vault, &operator).escrowed == sum,
				"pool escrow != Σ its pending requests"
			);
		}
		for (avs, n) in PendingBy::<T>::iter() {
			ensure!(by_avs.remove(&avs) == Some(n), "PendingBy mismatch");
		}
		ensure!(by_avs.is_empty(), "PendingBy missing an AVS");
		for (operator, n) in PendingAgainst::<T>::iter() {
			ensure!(against.remove(&operator) == Some(n), "PendingAgainst mismatch");
		}
		ensure!(against.is_empty(), "PendingAgainst missing an operator");
		Ok(())
	}
}
