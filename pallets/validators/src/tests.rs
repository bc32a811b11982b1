//! The election and the offence handler against stubbed pallets. The same paths with the
//! real pallets, the session pallet and a GRANDPA equivocation proof are in
//! `runtime/tests/consensus.rs`.

use crate::{mock::*, offence_evidence, pallet::*};
use bastion_primitives::Fraction;
use frame_support::{assert_noop, assert_ok, traits::Hooks};
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
fn too_few_candidates_keep_the_current_set_reweighed() {
	new_test_ext().execute_with(|| {
		MinValidators::set(2);
		stubs::candidate(1, 500);
		stubs::candidate(2, 400);
		assert_eq!(elect(1), Some(set(&[(1, 500), (2, 400)])));
		start(1);
		events();
		// 2 loses its keys: one candidate left, below the minimum of two. The set stays, handed
		// out again (a new GRANDPA set and trie each session).
		stubs::KEYS.with(|k| k.borrow_mut().remove(&2));
		assert_eq!(elect(2), Some(set(&[(1, 500), (2, 400)])));
		assert_eq!(events(), vec![Event::PreviousSetKept { session: 2, candidates: 1 }]);
		assert_eq!(NextSet::<Test>::get(), CurrentSet::<Test>::get());
		// 1's stake leaves before the horizon: kept, but weighed at what can still be
		// slashed from it — nothing — and so last.
		stubs::STAKES.with(|s| s.borrow_mut().retain(|(who, _)| *who != 1));
		assert_eq!(elect(2), Some(set(&[(2, 400), (1, 0)])));
		// With no candidate at all the set still stays: it is never empty.
		stubs::STAKES.with(|s| s.borrow_mut().clear());
		assert_eq!(elect(2), Some(set(&[(1, 0), (2, 0)])));
		assert_eq!(events().last(), Some(&Event::PreviousSetKept { session: 2, candidates: 0 }));
		start(2);
		assert_eq!(CurrentSet::<Test>::get().into_inner(), set(&[(1, 0), (2, 0)]));
		assert_ok!(Validators::do_try_state());
	});
}

#[test]
fn a_genesis_elects_its_staked_validators() {
	new_test_ext().execute_with(|| {
		stubs::candidate(1, 500);
		assert_eq!(
			<Validators as Historical<_, _>>::new_session_genesis(0),
			Some(set(&[(1, 500)]))
		);
	});
}

#[test]
#[should_panic(expected = "genesis: 0 staked validator candidate(s), fewer than MinValidators (1)")]
fn a_genesis_with_the_consensus_avs_and_no_staked_validator_is_refused() {
	new_test_ext().execute_with(|| {
		// Keys alone are not enough: a set whose stake is unknown could not be slashed.
		stubs::KEYS.with(|k| k.borrow_mut().insert(1));
		let _ = <Validators as Historical<_, _>>::new_session_genesis(0);
	});
}

#[test]
fn a_bare_genesis_without_the_consensus_avs_leaves_the_choice_to_the_session() {
	new_test_ext().execute_with(|| {
		stubs::NO_AVS.with(|n| *n.borrow_mut() = true);
		assert_eq!(<Validators as Historical<_, _>>::new_session_genesis(0), None);
	});
}

#[test]
fn an_election_counts_stake_slashable_until_the_last_offence_it_risks_is_reported() {
	new_test_ext().execute_with(|| {
		System::set_block_number(17);
		stubs::candidate(1, 500);
		elect(3);
		// Validating the next session, whose offences can be reported until HistoryDepth + 1 sessions
		// after it starts: (2 + 2) × 10 blocks from now.
		assert_eq!(Validators::election_horizon(), 40);
		assert_eq!(stubs::ASKED_UNTIL.with(|a| *a.borrow()), Some(17 + 40));
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

fn requests() -> Vec<stubs::Request> {
	stubs::REQUESTS.with(|r| r.borrow().clone())
}

#[test]
fn an_offence_disables_and_files_a_capped_request_at_once() {
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
			requests(),
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
		assert_eq!(ProvenOffences::<Test>::get(2).into_inner(), vec![(1, CAP)]);
		assert_ok!(Validators::do_try_state());
	});
}

#[test]
fn co_offenders_reported_one_by_one_are_slashed_once_each_at_the_final_fraction() {
	new_test_ext().execute_with(|| {
		start(0);
		events();
		// pallet-offences: a first report of one offender, then one naming a second
		// offender of the same round, which hands both over at the higher fraction.
		let one = Perbill::from_percent(1);
		let four = Perbill::from_percent(4);
		Validators::on_offence(&[offence(1, 500)], &[one], 0);
		Validators::on_offence(&[offence(1, 500), offence(2, 500)], &[four, four], 0);
		// A report of another round calling for less changes nothing.
		Validators::on_offence(&[offence(2, 500)], &[one], 0);
		let (f1, f4) = (Fraction::from_percent(1), Fraction::from_percent(4));
		assert_eq!(
			events(),
			vec![
				Event::OffenceSlashRequested { offender: 1, session: 0, id: 0, fraction: f1 },
				Event::OffenceSlashRaised { offender: 1, session: 0, id: 0, fraction: f4 },
				Event::OffenceSlashRequested { offender: 2, session: 0, id: 1, fraction: f4 },
			]
		);
		// One request each, at the round's final fraction.
		let filed: Vec<_> = requests().into_iter().map(|r| (r.operator, r.fraction)).collect();
		assert_eq!(filed, vec![(1, f4), (2, f4)]);
	});
}

#[test]
fn a_later_offence_adds_to_a_pending_request_or_files_only_what_is_new() {
	new_test_ext().execute_with(|| {
		start(0);
		start(1);
		events();
		let (two, five) = (Perbill::from_percent(2), Perbill::from_percent(5));
		// Session 0's offence is requested; while it is pending (one request may be pending
		// against an operator), session 1's offence adds to it — each offence is paid — and
		// a smaller report of session 1 changes nothing.
		Validators::on_offence(&[offence(1, 500)], &[two], 0);
		Validators::on_offence(&[offence(1, 500)], &[five], 1);
		Validators::on_offence(&[offence(1, 500)], &[Perbill::from_percent(3)], 1);
		let (f2, f7) = (Fraction::from_percent(2), Fraction::from_percent(7));
		assert_eq!(
			events(),
			vec![
				Event::OffenceSlashRequested { offender: 1, session: 0, id: 0, fraction: f2 },
				Event::OffenceSlashRaised { offender: 1, session: 1, id: 0, fraction: f7 },
			]
		);
		assert_eq!(stubs::RAISES.with(|r| r.borrow().clone()), vec![(0, f7)]);
		// Once executed, a co-offender report of session 0 calling for more files only the
		// difference: session 0's offence is not requested twice.
		stubs::executed_all();
		Validators::on_offence(&[offence(1, 500)], &[Perbill::from_percent(6)], 0);
		assert_eq!(
			events(),
			vec![Event::OffenceSlashRequested {
				offender: 1,
				session: 0,
				id: 1,
				fraction: Fraction::from_percent(4),
			}]
		);
		// Pending again (4 %): a co-offender report of session 0 at 9 % adds only 3 %.
		Validators::on_offence(&[offence(1, 500)], &[Perbill::from_percent(9)], 0);
		assert_eq!(
			events(),
			vec![Event::OffenceSlashRaised { offender: 1, session: 0, id: 1, fraction: f7 }]
		);
	});
}

#[test]
fn a_pending_request_at_the_cap_takes_no_more_and_the_rest_is_filed_later() {
	new_test_ext().execute_with(|| {
		start(0);
		start(1);
		events();
		Validators::on_offence(&[offence(1, 500)], &[Perbill::from_percent(10)], 0);
		Validators::on_offence(&[offence(1, 500)], &[Perbill::from_percent(4)], 1);
		assert_eq!(
			events(),
			vec![
				Event::OffenceSlashRequested { offender: 1, session: 0, id: 0, fraction: CAP },
				Event::OffenceCovered { offender: 1, session: 1, id: 0 },
			]
		);
		// Nothing recorded for session 1: once the capped request executed, it is filed.
		stubs::executed_all();
		Validators::on_offence(&[offence(1, 500)], &[Perbill::from_percent(4)], 1);
		assert_eq!(
			events(),
			vec![Event::OffenceSlashRequested {
				offender: 1,
				session: 1,
				id: 1,
				fraction: Fraction::from_percent(4),
			}]
		);
	});
}

#[test]
fn a_small_offence_keeps_its_own_fraction() {
	new_test_ext().execute_with(|| {
		start(0);
		let severity = Perbill::from_percent(3);
		Validators::on_offence(&[offence(1, 500)], &[severity], 0);
		assert_eq!(requests()[0].fraction, Fraction::from_percent(3));
	});
}

#[test]
fn an_offence_that_cannot_be_filed_is_reported_and_still_disables() {
	new_test_ext().execute_with(|| {
		start(0);
		events();
		// Any error the slashing pallet returns (a cooldown, nothing to slash…).
		let refused = DispatchError::Unavailable;
		stubs::REFUSE.with(|r| *r.borrow_mut() = Some(refused));
		Validators::on_offence(&[offence(7, 1)], &[Perbill::from_percent(1)], 0);
		assert_eq!(stubs::DISABLED.with(|d| d.borrow().len()), 1);
		assert_eq!(
			events(),
			vec![Event::OffenceNotSlashed { offender: 7, session: 0, error: refused }]
		);
		// Nothing recorded: a later report may file it.
		assert!(ProvenOffences::<Test>::get(0).is_empty());
		stubs::REFUSE.with(|r| *r.borrow_mut() = None);
		Validators::on_offence(&[offence(7, 1)], &[Perbill::from_percent(1)], 0);
		assert_eq!(requests().len(), 1);
	});
}

#[test]
fn a_sessions_records_are_forgotten_with_its_history() {
	new_test_ext().execute_with(|| {
		start(0);
		Validators::on_offence(&[offence(1, 500)], &[Perbill::from_percent(1)], 0);
		for session in 1..=HISTORY_DEPTH {
			start(session);
		}
		assert_eq!(ProvenOffences::<Test>::get(0).len(), 1);
		start(HISTORY_DEPTH + 1);
		assert!(ProvenOffences::<Test>::get(0).is_empty());
		assert_ok!(Validators::do_try_state());
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
		// (2 + 1) × 10 = 30 = E; the horizon (2 + 2) × 10 = 40 within D = 90.
		assert_eq!(Validators::check_delays(), Ok(30));
		assert_eq!(Validators::election_horizon(), 40);
		Validators::integrity_test();
	});
}

#[test]
fn validators_cannot_change_their_keys_until_both_sets_are_without_them() {
	new_test_ext().execute_with(|| {
		let signed = |who: AccountId| RuntimeOrigin::signed(who);
		let good = || stubs::GOOD_PROOF.to_vec();
		// Anyone outside the sets sets keys (with their proof) and becomes a candidate.
		assert_ok!(Validators::set_keys(signed(1), 11, good()));
		assert_eq!(events(), vec![Event::KeysSet { who: 1 }]);
		assert!(Validators::set_keys(signed(2), 12, b"forged".to_vec()).is_err());
		stubs::STAKES.with(|s| s.borrow_mut().push((1, 500)));
		// Elected for the next session: its keys are in the next session's trie.
		elect(1);
		assert_noop!(
			Validators::set_keys(signed(1), 13, good()),
			Error::<Test>::KeysLockedWhileValidating
		);
		assert_noop!(Validators::purge_keys(signed(1)), Error::<Test>::KeysLockedWhileValidating);
		// Validating the current session (and elected again).
		start(1);
		elect(2);
		assert_noop!(
			Validators::set_keys(signed(1), 13, good()),
			Error::<Test>::KeysLockedWhileValidating
		);
		// Its stake gone, the next election leaves it out, but it still validates now.
		stubs::STAKES.with(|s| s.borrow_mut().clear());
		stubs::candidate(2, 500);
		start(2);
		elect(3);
		assert_eq!(CurrentSet::<Test>::get().into_inner(), set(&[(1, 500)]));
		assert_noop!(Validators::purge_keys(signed(1)), Error::<Test>::KeysLockedWhileValidating);
		// Out of both sets: free to rotate or purge.
		start(3);
		events();
		assert_ok!(Validators::purge_keys(signed(1)));
		assert_eq!(events(), vec![Event::KeysPurged { who: 1 }]);
		assert!(!stubs::KEYS.with(|k| k.borrow().contains(&1)));
	});
}
