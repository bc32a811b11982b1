//! Unit tests: every call's success path, errors and events, and the delay inequalities.

use crate::{mock::*, pallet::*, types::*, Error, Event};
use bastion_primitives::{Approval, AvsInspect, Fraction, SlashDestination};
use {
	frame_support::{
		assert_noop, assert_ok,
		traits::fungible::{Inspect as _, InspectHold as _},
		BoundedVec,
	},
	sp_runtime::DispatchError,
};

fn rules(veto_window: BlockNumber) -> SlashingRules<AccountId, BlockNumber> {
	SlashingRules {
		slasher: SLASHER,
		resolver: Some(RESOLVER),
		veto_window,
		max_slash_per_request: Fraction::from_percent(20),
		slash_cooldown: 5,
		destination: SlashDestination::Burn,
	}
}

fn config(vaults: &[u32]) -> AvsRegistrationOf<Test> {
	AvsRegistration {
		accepted_vaults: BoundedVec::truncate_from(vaults.to_vec()),
		rules: rules(10),
		min_operator_stake: 0,
		operator_policy: OperatorPolicy::Open,
	}
}

fn register(config: AvsRegistrationOf<Test>) -> u32 {
	assert_ok!(Avs::register_avs(
		RuntimeOrigin::signed(OWNER),
		BoundedVec::truncate_from(b"oracle".to_vec()),
		config
	));
	NextAvsId::<Test>::get() - 1
}

fn update() -> AvsUpdateOf<Test> {
	AvsUpdate {
		metadata: None,
		rules: None,
		min_operator_stake: None,
		operator_policy: None,
		add_vaults: Default::default(),
		remove_vaults: Default::default(),
	}
}

fn check_invariants() {
	Avs::do_try_state().expect("invariants hold");
}

mod register_avs {
	use super::*;

	#[test]
	fn holds_the_bond_and_records_the_config() {
		new_test_ext().execute_with(|| {
			stubs::vault(0, 50);
			let avs = register(config(&[0]));
			assert_eq!(avs, 0);
			assert_eq!(Balances::balance_on_hold(&HoldReason::AvsBond.into(), &OWNER), BOND);
			assert_eq!(Balances::balance(&OWNER), INITIAL - BOND);
			assert!(Avs::is_active_avs(avs));
			assert_eq!(Avs::vault_acceptance(avs, 0), Approval::Yes { from: 1 + ALLOCATION_DELAY });
			assert_eq!(Avs::accepted_vaults(avs), vec![0]);
			assert_eq!(Avs::max_veto_window(avs), Some(10));
			assert_eq!(Avs::rules(avs), Some(rules(10)));
			assert_eq!(
				avs_events(),
				vec![Event::AvsRegistered { avs, owner: OWNER, config: config(&[0]) }]
			);
			// Ids are never reused.
			assert_eq!(register(config(&[])), 1);
			check_invariants();
		});
	}

	#[test]
	fn rejects_unsafe_rules() {
		new_test_ext().execute_with(|| {
			stubs::vault(0, 50);
			let reg = |c| Avs::register_avs(RuntimeOrigin::signed(OWNER), Default::default(), c);
			let with_rules = |r| AvsRegistration { rules: r, ..config(&[0]) };
			assert_noop!(
				reg(with_rules(SlashingRules { resolver: Some(SLASHER), ..rules(10) })),
				Error::<Test>::ResolverIsSlasher
			);
			assert_noop!(
				reg(with_rules(SlashingRules {
					max_slash_per_request: Fraction::zero(),
					..rules(10)
				})),
				Error::<Test>::InvalidSlashCap
			);
			assert_noop!(
				reg(with_rules(SlashingRules {
					max_slash_per_request: Fraction::from_percent(51),
					..rules(10)
				})),
				Error::<Test>::InvalidSlashCap
			);
			assert_noop!(
				reg(with_rules(SlashingRules {
					destination: SlashDestination::Account(SLASHER),
					..rules(10)
				})),
				Error::<Test>::InvalidDestination
			);
			// V ≥ MinVetoWindow (10).
			assert_noop!(reg(with_rules(rules(9))), Error::<Test>::VetoWindowTooShort);
			// W (50) > E (30) + V: V = 20 breaks it.
			assert_noop!(reg(with_rules(rules(20))), Error::<Test>::WithdrawalDelayTooShort);
			assert_ok!(reg(with_rules(rules(19))));
			// D (90) ≥ E + V: V = 61 breaks it even with no vault.
			assert_noop!(
				reg(AvsRegistration { rules: rules(61), ..config(&[]) }),
				Error::<Test>::DeallocationDelayTooShort
			);
			assert_noop!(reg(config(&[7])), Error::<Test>::VaultNotFound);
			assert_noop!(reg(config(&[0, 0])), Error::<Test>::VaultAlreadyAccepted);
			assert_noop!(
				Avs::register_avs(RuntimeOrigin::none(), Default::default(), config(&[])),
				DispatchError::BadOrigin
			);
		});
	}
}

mod update_avs {
	use super::*;

	#[test]
	fn rule_changes_wait_longer_than_every_withdrawal_delay() {
		new_test_ext().execute_with(|| {
			stubs::vault(0, 50);
			let avs = register(config(&[0]));
			avs_events();
			let new_rules =
				SlashingRules { max_slash_per_request: Fraction::from_percent(40), ..rules(15) };
			assert_ok!(Avs::update_avs(
				RuntimeOrigin::signed(OWNER),
				avs,
				AvsUpdate { rules: Some(new_rules.clone()), ..update() }
			));
			assert_eq!(
				avs_events(),
				vec![
					Event::RulesScheduled {
						avs,
						rules: new_rules.clone(),
						effective_at: 1 + RULE_CHANGE_DELAY
					},
					Event::AvsUpdated { avs }
				]
			);
			// The longer window counts at once for the delay checks.
			assert_eq!(Avs::max_veto_window(avs), Some(15));
			run_to(RULE_CHANGE_DELAY);
			assert_eq!(Avs::rules(avs), Some(rules(10)));
			run_to(1 + RULE_CHANGE_DELAY);
			assert_eq!(Avs::rules(avs), Some(new_rules));
		});
	}

	#[test]
	fn a_longer_veto_window_must_still_fit_every_vault() {
		new_test_ext().execute_with(|| {
			stubs::vault(0, 50);
			let avs = register(config(&[0]));
			assert_noop!(
				Avs::update_avs(
					RuntimeOrigin::signed(OWNER),
					avs,
					AvsUpdate { rules: Some(rules(20)), ..update() }
				),
				Error::<Test>::WithdrawalDelayTooShort
			);
			// A vault with a short W cannot be added while V is long.
			assert_ok!(Avs::update_avs(
				RuntimeOrigin::signed(OWNER),
				avs,
				AvsUpdate { rules: Some(rules(19)), ..update() }
			));
			stubs::vault(1, 45);
			assert_noop!(
				Avs::update_avs(
					RuntimeOrigin::signed(OWNER),
					avs,
					AvsUpdate { add_vaults: BoundedVec::truncate_from(vec![1]), ..update() }
				),
				Error::<Test>::WithdrawalDelayTooShort
			);
		});
	}

	#[test]
	fn vaults_are_accepted_at_once_and_dropped_after_the_deallocation_delay() {
		new_test_ext().execute_with(|| {
			stubs::vault(0, 50);
			stubs::vault(1, 50);
			let avs = register(config(&[0]));
			avs_events();
			assert_ok!(Avs::update_avs(
				RuntimeOrigin::signed(OWNER),
				avs,
				AvsUpdate {
					add_vaults: BoundedVec::truncate_from(vec![1]),
					remove_vaults: BoundedVec::truncate_from(vec![0]),
					..update()
				}
			));
			assert_eq!(
				avs_events(),
				vec![
					Event::VaultDropped { avs, vault: 0, effective_at: 1 + DEALLOCATION_DELAY },
					Event::VaultAccepted { avs, vault: 1, slashable_from: 1 + ALLOCATION_DELAY },
					Event::AvsUpdated { avs }
				]
			);
			assert_eq!(
				Avs::vault_acceptance(avs, 0),
				Approval::Leaving { from: 1 + ALLOCATION_DELAY, until: 1 + DEALLOCATION_DELAY }
			);
			assert_eq!(Avs::accepted_vaults(avs), vec![1]);
			run_to(1 + DEALLOCATION_DELAY);
			assert_eq!(Avs::vault_acceptance(avs, 0), Approval::No);
			let remove = |v: u32| AvsUpdate {
				remove_vaults: BoundedVec::truncate_from(vec![v]),
				..update()
			};
			assert_noop!(
				Avs::update_avs(RuntimeOrigin::signed(OWNER), avs, remove(0)),
				Error::<Test>::VaultNotAccepted
			);
		});
	}

	#[test]
	fn updates_are_checked() {
		new_test_ext().execute_with(|| {
			stubs::vault(0, 50);
			let avs = register(config(&[0]));
			let add =
				|v: Vec<u32>| AvsUpdate { add_vaults: BoundedVec::truncate_from(v), ..update() };
			assert_noop!(
				Avs::update_avs(RuntimeOrigin::signed(STRANGER), avs, update()),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Avs::update_avs(RuntimeOrigin::signed(OWNER), 9, update()),
				Error::<Test>::AvsNotFound
			);
			assert_noop!(
				Avs::update_avs(RuntimeOrigin::signed(OWNER), avs, update()),
				Error::<Test>::NothingToUpdate
			);
			assert_noop!(
				Avs::update_avs(RuntimeOrigin::signed(OWNER), avs, add(vec![0])),
				Error::<Test>::VaultAlreadyAccepted
			);
			assert_noop!(
				Avs::update_avs(RuntimeOrigin::signed(OWNER), avs, add(vec![8])),
				Error::<Test>::VaultNotFound
			);
			for v in 1..=MAX_VAULTS {
				stubs::vault(v, 50);
			}
			assert_noop!(
				Avs::update_avs(RuntimeOrigin::signed(OWNER), avs, add(vec![1, 2, 3])),
				Error::<Test>::TooManyVaults
			);
			assert_ok!(Avs::update_avs(
				RuntimeOrigin::signed(OWNER),
				avs,
				AvsUpdate {
					min_operator_stake: Some(500),
					operator_policy: Some(OperatorPolicy::AllowList),
					..update()
				}
			));
			assert_eq!(Avs::min_operator_stake(avs), 500);
		});
	}
}

mod operators {
	use super::*;

	/// An open AVS removes an operator from its set too (its opt-in ends after D); a
	/// stranger cannot.
	#[test]
	fn an_open_avs_removes_operators_from_its_set() {
		new_test_ext().execute_with(|| {
			let avs = register(config(&[]));
			avs_events();
			assert_noop!(
				Avs::remove_operator(RuntimeOrigin::signed(STRANGER), avs, 10),
				Error::<Test>::NotOwner
			);
			assert_ok!(Avs::remove_operator(RuntimeOrigin::signed(OWNER), avs, 10));
			assert_eq!(stubs::FORCED_OUT.with(|f| f.borrow().clone()), vec![(10, avs)]);
			assert_eq!(avs_events(), vec![Event::OperatorRemoved { avs, operator: 10 }]);
			// Already leaving: nothing left to remove.
			assert_noop!(
				Avs::remove_operator(RuntimeOrigin::signed(OWNER), avs, 10),
				Error::<Test>::OperatorNotApproved
			);
		});
	}

	#[test]
	fn an_allow_list_admits_and_removes_operators() {
		new_test_ext().execute_with(|| {
			let avs = register(AvsRegistration {
				operator_policy: OperatorPolicy::AllowList,
				..config(&[])
			});
			avs_events();
			assert!(!Avs::admits_operator(avs, &10));
			assert_noop!(
				Avs::approve_operator(RuntimeOrigin::signed(STRANGER), avs, 10),
				Error::<Test>::NotOwner
			);
			assert_ok!(Avs::approve_operator(RuntimeOrigin::signed(OWNER), avs, 10));
			assert!(Avs::admits_operator(avs, &10));
			assert_noop!(
				Avs::approve_operator(RuntimeOrigin::signed(OWNER), avs, 10),
				Error::<Test>::OperatorAlreadyApproved
			);
			assert_ok!(Avs::approve_operator(RuntimeOrigin::signed(OWNER), avs, 11));
			assert_noop!(
				Avs::approve_operator(RuntimeOrigin::signed(OWNER), avs, 12),
				Error::<Test>::TooManyOperators
			);
			assert_ok!(Avs::remove_operator(RuntimeOrigin::signed(OWNER), avs, 10));
			assert!(!Avs::admits_operator(avs, &10));
			// The removed operator's opt-in is ended (it stays slashable for D).
			assert_eq!(stubs::FORCED_OUT.with(|f| f.borrow().clone()), vec![(10, avs)]);
			assert_noop!(
				Avs::remove_operator(RuntimeOrigin::signed(OWNER), avs, 10),
				Error::<Test>::OperatorNotApproved
			);
			assert_eq!(
				avs_events(),
				vec![
					Event::OperatorApproved { avs, operator: 10 },
					Event::OperatorApproved { avs, operator: 11 },
					Event::OperatorRemoved { avs, operator: 10 },
				]
			);
			check_invariants();
		});
	}

	#[test]
	fn an_open_avs_has_no_allow_list() {
		new_test_ext().execute_with(|| {
			let avs = register(config(&[]));
			assert!(Avs::admits_operator(avs, &10));
			assert_noop!(
				Avs::approve_operator(RuntimeOrigin::signed(OWNER), avs, 10),
				Error::<Test>::AvsIsOpen
			);
		});
	}
}

mod deregistration {
	use super::*;

	#[test]
	fn takes_two_phases_and_waits_for_pending_slashes() {
		new_test_ext().execute_with(|| {
			stubs::vault(0, 50);
			let avs = register(AvsRegistration {
				operator_policy: OperatorPolicy::AllowList,
				..config(&[0])
			});
			assert_ok!(Avs::approve_operator(RuntimeOrigin::signed(OWNER), avs, 10));
			avs_events();
			assert_noop!(
				Avs::deregister_avs(RuntimeOrigin::signed(STRANGER), avs),
				Error::<Test>::NotOwner
			);
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), avs));
			assert_eq!(
				avs_events(),
				vec![Event::AvsDeregistering { avs, until: 1 + DEALLOCATION_DELAY }]
			);
			// Accepts nothing new; stake stays slashable through its vaults.
			assert!(!Avs::is_active_avs(avs));
			assert_eq!(Avs::vault_acceptance(avs, 0), Approval::Yes { from: 1 + ALLOCATION_DELAY });
			assert_noop!(
				Avs::approve_operator(RuntimeOrigin::signed(OWNER), avs, 11),
				Error::<Test>::AvsDeregistering
			);
			assert_noop!(
				Avs::deregister_avs(RuntimeOrigin::signed(OWNER), avs),
				Error::<Test>::DeregistrationNotDue
			);
			run_to(1 + DEALLOCATION_DELAY);
			stubs::PENDING_SLASH.with(|p| p.borrow_mut().push(avs));
			assert_noop!(
				Avs::deregister_avs(RuntimeOrigin::signed(OWNER), avs),
				Error::<Test>::PendingSlash
			);
			stubs::PENDING_SLASH.with(|p| p.borrow_mut().clear());
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), avs));
			assert_eq!(avs_events(), vec![Event::AvsDeregistered { avs }]);
			assert_eq!(Balances::balance(&OWNER), INITIAL);
			assert!(!Avs::avs_exists(avs));
			assert_eq!(AllowedOperators::<Test>::iter().count(), 0);
			// The id is not reused.
			assert_eq!(register(config(&[])), avs + 1);
		});
	}
}
