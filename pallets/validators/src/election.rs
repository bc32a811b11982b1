//! The election: who validates each session, from the stake restaked to the consensus AVS.

use crate::{pallet::*, SessionHistory};
use alloc::vec::Vec;
use bastion_primitives::AvsStakes;
use frame_support::{
	traits::{Contains, Get},
	BoundedVec,
};
use pallet_session::historical::SessionManager as HistoricalManager;
use sp_staking::SessionIndex;

impl<T: Config> Pallet<T> {
	/// The candidates in election order: active operators of the consensus AVS with
	/// session keys and at least `MinValidatorStake` (and more than nothing) of native stake
	/// it can slash now, by stake descending, then account id ascending; at most
	/// `MaxValidators`.
	pub fn ranked_candidates() -> Vec<Elected<T>> {
		let min = T::MinValidatorStake::get();
		let mut candidates = T::Stakes::native_slashable_stakes(T::ConsensusAvs::get());
		candidates
			.retain(|(who, stake)| *stake > 0 && *stake >= min && T::SessionKeys::contains(who));
		candidates.sort_by(|(a, sa), (b, sb)| sb.cmp(sa).then_with(|| a.cmp(b)));
		candidates.truncate(T::MaxValidators::get() as usize);
		candidates
	}

	/// Elects the set of session `session`: the ranked candidates, or `None` (the current
	/// set stays) when there are fewer than `MinValidators`.
	///
	/// An election returns its set even when it equals the last one: pallet-session then
	/// rebuilds the session's historical trie from the keys queued now, GRANDPA starts a new
	/// authority set, and disabled validators are enabled again. So every session has its
	/// own GRANDPA set — an equivocation is proven against the session it happened in, never
	/// a later one of a long-lived set — and a disabling lasts the rest of the session only.
	fn elect(session: SessionIndex) -> Option<Vec<Elected<T>>> {
		let elected = Self::ranked_candidates();
		let count = elected.len() as u32;
		if count < T::MinValidators::get() {
			log::warn!(
				target: "runtime::validators",
				"session {session}: {count} candidates, fewer than the minimum; the set stays",
			);
			NextSet::<T>::put(CurrentSet::<T>::get());
			Self::deposit_event(Event::PreviousSetKept { session, candidates: count });
			return None;
		}
		NextSet::<T>::put(BoundedVec::truncate_from(elected.clone()));
		Self::deposit_event(Event::ValidatorsElected { session, validators: elected.clone() });
		Some(elected)
	}
}

impl<T: Config> pallet_session::historical::SessionManager<T::AccountId, u128> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<Elected<T>>> {
		Self::elect(new_index)
	}

	/// At genesis, a chain spec that stakes no validator (a bare test genesis) leaves the
	/// choice to `pallet-session`'s genesis keys; every preset stakes its validators, and
	/// `runtime/tests/presets.rs` checks that the two agree.
	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<Elected<T>>> {
		let elected = Self::ranked_candidates();
		if elected.is_empty() {
			return None;
		}
		Self::elect(new_index)
	}

	fn start_session(start_index: SessionIndex) {
		CurrentSet::<T>::put(NextSet::<T>::get());
		CurrentSession::<T>::put(start_index);
		SessionStart::<T>::insert(start_index, frame_system::Pallet::<T>::block_number());
		let depth = T::HistoryDepth::get();
		if let Some(forgotten) = start_index.checked_sub(depth.saturating_add(1)) {
			SessionStart::<T>::remove(forgotten);
		}
		T::History::prune_up_to(start_index.saturating_sub(depth));
	}

	fn end_session(_: SessionIndex) {}
}

/// The same manager for runtimes without `historical`: the validators' ids only.
impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		<Self as HistoricalManager<_, _>>::new_session(new_index).map(ids)
	}

	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		<Self as HistoricalManager<_, _>>::new_session_genesis(new_index).map(ids)
	}

	fn start_session(start_index: SessionIndex) {
		<Self as HistoricalManager<_, _>>::start_session(start_index)
	}

	fn end_session(end_index: SessionIndex) {
		<Self as HistoricalManager<_, _>>::end_session(end_index)
	}
}

fn ids<A>(set: Vec<(A, u128)>) -> Vec<A> {
	set.into_iter().map(|(who, _)| who).collect()
}

/// The consensus stake a validator of the current session was elected with: the full
/// identification `pallet-session`'s history keeps with each session's validators, and so
/// what an offence report names. `None` for an account outside the current set.
pub struct ElectedStake<T>(core::marker::PhantomData<T>);

impl<T: Config> sp_runtime::traits::Convert<T::AccountId, Option<u128>> for ElectedStake<T> {
	fn convert(who: T::AccountId) -> Option<u128> {
		CurrentSet::<T>::get().into_iter().find(|(v, _)| *v == who).map(|(_, stake)| stake)
	}
}
