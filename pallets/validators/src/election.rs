//! The election: who validates each session, from the stake restaked to the consensus AVS.

use crate::{pallet::*, SessionHistory, SessionKeyRegistry};
use alloc::vec::Vec;
use bastion_primitives::{AvsInspect, AvsStakes};
use frame_support::{traits::Get, BoundedVec};
use pallet_session::historical::SessionManager as HistoricalManager;
use sp_runtime::Saturating;
use sp_staking::SessionIndex;

impl<T: Config> Pallet<T> {
	/// What the consensus AVS can slash from each of its operators now and until the
	/// election's horizon ([`Pallet::election_horizon`]).
	fn slashable_stakes() -> Vec<Elected<T>> {
		let until =
			frame_system::Pallet::<T>::block_number().saturating_add(Self::election_horizon());
		T::Stakes::native_slashable_stakes(T::ConsensusAvs::get(), until)
	}

	/// The candidates in election order: active operators of the consensus AVS with
	/// session keys and at least `MinValidatorStake` (and more than nothing) of native stake
	/// it can slash now and until the election's horizon, by stake descending, then account
	/// id ascending; at most `MaxValidators`.
	pub fn ranked_candidates() -> Vec<Elected<T>> {
		Self::rank(Self::slashable_stakes())
	}

	fn rank(mut candidates: Vec<Elected<T>>) -> Vec<Elected<T>> {
		let min = T::MinValidatorStake::get();
		candidates
			.retain(|(who, stake)| *stake > 0 && *stake >= min && T::SessionKeys::has_keys(who));
		sort(&mut candidates);
		candidates.truncate(T::MaxValidators::get() as usize);
		candidates
	}

	/// Elects the set of session `session`: the ranked candidates, or, when there are fewer
	/// than `MinValidators`, the current set kept ([`Event::PreviousSetKept`]) — re-weighed:
	/// each member with the stake the consensus AVS can still slash from it until the
	/// horizon, nothing for one whose stake leaves before (the set's history then says what
	/// an offence can take). Liveness over slashability: a kept set may hold members that
	/// can no longer be slashed, and the event is the signal to restore candidates.
	///
	/// An election returns its set even when it equals the last one: pallet-session then
	/// rebuilds the session's historical trie from the keys queued now, GRANDPA starts a new
	/// authority set, and disabled validators are enabled again. So every session has its
	/// own GRANDPA set — an equivocation is proven against the session it happened in, never
	/// a later one of a long-lived set — and a disabling lasts the rest of the session only.
	fn elect(session: SessionIndex) -> Option<Vec<Elected<T>>> {
		let stakes = Self::slashable_stakes();
		let elected = Self::rank(stakes.clone());
		let count = elected.len() as u32;
		let set = if count < T::MinValidators::get() {
			log::warn!(
				target: "runtime::validators",
				"session {session}: {count} candidates, fewer than the minimum; the set stays",
			);
			let mut kept: Vec<Elected<T>> = CurrentSet::<T>::get()
				.into_iter()
				.map(|(who, _)| {
					let stake = stakes.iter().find(|(w, _)| *w == who).map_or(0, |(_, s)| *s);
					(who, stake)
				})
				.collect();
			if kept.is_empty() {
				return None;
			}
			sort(&mut kept);
			Self::deposit_event(Event::PreviousSetKept { session, candidates: count });
			kept
		} else {
			Self::deposit_event(Event::ValidatorsElected { session, validators: elected.clone() });
			elected
		};
		NextSet::<T>::put(BoundedVec::truncate_from(set.clone()));
		Some(set)
	}
}

/// What a genesis refused for too few staked validators says to do.
const GENESIS_HINT: &str = "Each genesis validator needs session keys, an operator registration \
	opted in to the consensus AVS, and at least MinValidatorStake of native stake allocated to \
	it (genesis fields vaults.deposits and operators.allocations).";

/// Election order: stake descending, then account id ascending.
fn sort<A: Ord>(set: &mut [(A, u128)]) {
	set.sort_by(|(a, sa), (b, sb)| sb.cmp(sa).then_with(|| a.cmp(b)));
}

impl<T: Config> pallet_session::historical::SessionManager<T::AccountId, u128> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<Elected<T>>> {
		Self::elect(new_index)
	}

	/// At genesis a chain that registers the consensus AVS must stake at least
	/// `MinValidators` validators in it: a set whose stake is unknown could not be slashed.
	/// A chain spec that does not is refused with a message saying what to add (every
	/// preset stakes its validators; `runtime/tests/presets.rs` checks each). Only a bare
	/// genesis without the consensus AVS (the runtime's `Default` config) leaves the choice
	/// to `pallet-session`'s genesis keys.
	// Genesis building, not block execution: a chain spec that cannot run is refused.
	#[allow(clippy::panic)]
	fn new_session_genesis(new_index: SessionIndex) -> Option<Vec<Elected<T>>> {
		let elected = Self::ranked_candidates();
		if !T::Avs::avs_exists(T::ConsensusAvs::get()) {
			return None;
		}
		let (count, min) = (elected.len() as u32, T::MinValidators::get());
		if count < min {
			panic!("genesis: {count} staked validator candidate(s), fewer than MinValidators ({min}). {GENESIS_HINT}");
		}
		Self::elect(new_index)
	}

	/// Starts session `start_index`: its set becomes current, and the session `HistoryDepth
	/// + 1` before it can no longer be proven against, so its history is forgotten.
	fn start_session(start_index: SessionIndex) {
		CurrentSet::<T>::put(NextSet::<T>::get());
		CurrentSession::<T>::put(start_index);
		SessionStart::<T>::insert(start_index, frame_system::Pallet::<T>::block_number());
		let depth = T::HistoryDepth::get();
		if let Some(closed) = start_index.checked_sub(depth.saturating_add(1)) {
			SessionStart::<T>::remove(closed);
			ProvenOffences::<T>::remove(closed);
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
