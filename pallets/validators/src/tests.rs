//! The election and the offence handler against stubbed pallets. The same paths with the
//! real pallets, the session pallet and a GRANDPA equivocation proof are in
//! `runtime/tests/consensus.rs`.

use crate::{mock::*, offence_evidence, pallet::*};
use bastion_primitives::Fraction;
use frame_support::{assert_ok, traits::Hooks};
use pallet_session::{historical::SessionManager as Historical, SessionManager};
use sp_runtime::{DispatchError, Perbill};
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

fn elect(session: u32) -> Option<Vec<(AccountId, u128)>> {
	<Validators as Historical<_, _>>::new_session(session)
}

fn start(session: u32) {
	<Validators as Historical<_, _>>::start_session(session)
}

fn set(of: &[(AccountId, u128)]) -> Vec<(AccountId, u128)> {
	of.to_vec()
}

#[test]
fn elects_by_stake_then_account_up_to_the_maximum() {
	new_test_ext().execute_with(|| {
		for (who, stake) in [(1, 500), (2, 900), (3, 500), (4, 700), (5, 100)] {
			stubs::candidate(who, stake);
		}
		// Top three of five; 1 and 3 tie at 500 and the lower id wins.
		let elected = set(&[(2, 900), (4, 700), (1, 500)]);
		assert_eq!(elect(1), Some(elected.clone()));
		assert_eq!(NextSet::<Test>::get().into_inner(), elected);
		assert_eq!(
			events(),
			vec![Event::ValidatorsElected { session: 1, validators: elected.clone() }]
		);
		// Unchanged candidates and stakes: the same set, elected anew (a new GRANDPA set
		// and historical trie every session).
		assert_eq!(elect(2), Some(elected.clone()));
		assert_eq!(events(), vec![Event::ValidatorsElected { session: 2, validators: elected }]);
		// A stake moves: the plain session manager hands out the new order without the
		// stakes.
		stubs::STAKES.with(|s| s.borrow_mut()[0].1 = 800);
		assert_eq!(<Validators as SessionManager<_>>::new_session(3), Some(vec![2, 1, 4]));
		assert_ok!(Validators::do_try_state());
	});
}

#[test]
fn candidates_need_keys_and_the_minimum_stake() {
	new_test_ext().execute_with(|| {
		stubs::candidate(1, MIN_STAKE);
		stubs::candidate(2, MIN_STAKE - 1);
		stubs::candidate(3, 5_000);
		// 3 has stake but no keys.
		stubs::KEYS.with(|k| k.borrow_mut().remove(&3));
		stubs::STAKES.with(|s| s.borrow_mut().push((4, 0)));
		assert_eq!(elect(1), Some(set(&[(1, MIN_STAKE)])));
	});
}

#[test]
fn too_few_candidates_keep_the_current_set() {
	new_test_ext().execute_with(|| {
		MinValidators::set(2);
		stubs::candidate(1, 500);
		stubs::candidate(2, 400);
		assert_eq!(elect(1), Some(set(&[(1, 500), (2, 400)])));
		start(1);
		events();
		// 2 loses its keys: one candidate left, below the minimum of two.
		stubs::KEYS.with(|k| k.borrow_mut().remove(&2));
		assert_eq!(elect(2), None);
		assert_eq!(events(), vec![Event::PreviousSetKept { session: 2, candidates: 1 }]);
		assert_eq!(NextSet::<Test>::get(), CurrentSet::<Test>::get());
		assert_eq!(CurrentSet::<Test>::get().len(), 2);
		// With no candidate at all the set still stays: it is never empty.
		stubs::STAKES.with(|s| s.borrow_mut().clear());
		assert_eq!(elect(2), None);
		assert_eq!(events(), vec![Event::PreviousSetKept { session: 2, candidates: 0 }]);
		start(2);
		assert_eq!(CurrentSet::<Test>::get().into_inner(), set(&[(1, 500), (2, 400)]));
	});
}

#[test]
fn a_genesis_without_stake_leaves_the_choice_to_the_session_keys() {
	new_test_ext().execute_with(|| {
		assert_eq!(<Validators as Historical<_, _>>::new_session_genesis(0), None);
		assert!(events().is_empty());
		stubs::candidate(1, 500);
		assert_eq!(
			<Validators as Historical<_, _>>::new_session_genesis(0),
			Some(set(&[(1, 500)]))
		);
	});
}

#[test]
fn sessions_rotate_the_sets_and_bound_the_history() {
	new_test_ext().execute_with(|| {
		stubs::candidate(1, 500);
		for session in 0..6u32 {
			System::set_block_number(1 + u64::from(session) * SESSION_LENGTH);
			start(session);
			assert_eq!(CurrentSession::<Test>::get(), session);
			assert_eq!(
				stubs::PRUNED_UP_TO.with(|p| *p.borrow()),
				Some(session.saturating_sub(HISTORY_DEPTH))
			);
			elect(session + 1);
		}
		// The current session's start and the two before it.
		let mut kept: Vec<_> = SessionStart::<Test>::iter().collect();
		kept.sort();
		assert_eq!(kept, vec![(3, 31), (4, 41), (5, 51)]);
		assert_eq!(CurrentSet::<Test>::get().into_inner(), set(&[(1, 500)]));
		assert_ok!(Validators::do_try_state());
	});
}

fn offence(who: AccountId, stake: u128) -> OffenceDetails<AccountId, (AccountId, u128)> {
	OffenceDetails { offender: (who, stake), reporters: vec![] }
}

#[test]
fn an_offence_disables_and_files_a_capped_request_for_its_session() {
	new_test_ext().execute_with(|| {
		stubs::candidate(1, 500);
		System::set_block_number(21);
		start(2);
		System::set_block_number(35);
		events();
		// (3 × 1 / 4)² = 56.25 %, capped at the AVS's 10 %.
		let severity = Perbill::from_rational(9u32, 16);
		Validators::on_offence(&[offence(1, 500)], &[severity], 2);
		assert_eq!(stubs::DISABLED.with(|d| d.borrow().clone()), vec![(1, severity)]);
		assert_eq!(
			stubs::REQUESTS.with(|r| r.borrow().clone()),
			vec![stubs::Request {
				requester: Validators::account_id(),
				avs: CONSENSUS_AVS,
				operator: 1,
				fraction: CAP,
				offence_block: 21,
				evidence: offence_evidence(&1u64, 2, severity),
			}]
		);
		assert_eq!(
			events(),
			vec![Event::OffenceSlashRequested { offender: 1, session: 2, id: 0, fraction: CAP }]
		);
	});
}

#[test]
fn a_small_offence_keeps_its_own_fraction() {
	new_test_ext().execute_with(|| {
		start(0);
		let severity = Perbill::from_percent(3);
		Validators::on_offence(&[offence(1, 500)], &[severity], 0);
		let filed = stubs::REQUESTS.with(|r| r.borrow()[0].fraction);
		assert_eq!(filed, Fraction::from_percent(3));
	});
}

#[test]
fn an_offence_that_cannot_be_filed_is_reported_and_still_disables() {
	new_test_ext().execute_with(|| {
		start(0);
		events();
		// Any error the slashing pallet returns (a pending request, a cooldown…).
		let refused = DispatchError::Unavailable;
		stubs::REFUSE.with(|r| *r.borrow_mut() = Some(refused));
		Validators::on_offence(&[offence(7, 1)], &[Perbill::from_percent(1)], 0);
		assert_eq!(
			events(),
			vec![Event::OffenceNotSlashed { offender: 7, session: 0, error: refused }]
		);
		assert_eq!(stubs::DISABLED.with(|d| d.borrow().len()), 1);
	});
}

#[test]
fn an_offence_in_a_forgotten_session_is_not_slashed() {
	new_test_ext().execute_with(|| {
		for session in 0..5 {
			start(session);
		}
		events();
		Validators::on_offence(&[offence(1, 500)], &[Perbill::from_percent(5)], 1);
		assert_eq!(
			events(),
			vec![Event::OffenceNotSlashed {
				offender: 1,
				session: 1,
				error: Error::<Test>::OffenceSessionUnknown.into(),
			}]
		);
		assert!(stubs::REQUESTS.with(|r| r.borrow().is_empty()));
	});
}

#[test]
fn history_fits_inside_the_offence_age() {
	new_test_ext().execute_with(|| {
		// (2 + 1) × 10 = 30 = E.
		assert_eq!(Validators::check_delays(), Ok(30));
		Validators::integrity_test();
	});
}
