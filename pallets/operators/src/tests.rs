//! Unit tests: every call's success path, errors and events.

use crate::{mock::*, pallet::*, Error, Event};
use bastion_primitives::{Approval, Fraction, OperatorsHooks, OperatorsInspect};
use {
	frame_support::{
		assert_noop, assert_ok,
		traits::fungible::{Inspect as _, InspectHold as _},
		BoundedVec,
	},
	sp_runtime::{DispatchError, Perbill},
};

fn pct(p: u64) -> Fraction {
	Fraction::from_percent(p)
}

fn register(who: AccountId) {
	assert_ok!(Operators::register_operator(
		RuntimeOrigin::signed(who),
		Perbill::from_percent(10),
		BoundedVec::truncate_from(b"op".to_vec())
	));
}

/// Operator OP registered and opted in to AVS 1; vault 0 (cap 100 %) and AVS 1 approve
/// each other.
fn setup() {
	stubs::vault(0, 100, &[1, 2]);
	stubs::avs(1, &[0]);
	stubs::avs(2, &[0]);
	register(OP);
	assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 1));
	operator_events();
}

fn allocate(avs: u32, vault: u32, f: Fraction) -> sp_runtime::DispatchResult {
	Operators::allocate(RuntimeOrigin::signed(OP), avs, vault, f)
}

fn check_invariants() {
	Operators::do_try_state().expect("invariants hold");
}

mod registration {
	use super::*;

	#[test]
	fn register_holds_the_bond() {
		new_test_ext().execute_with(|| {
			register(OP);
			assert_eq!(Balances::balance_on_hold(&HoldReason::OperatorBond.into(), &OP), BOND);
			assert_eq!(Balances::balance(&OP), INITIAL - BOND);
			assert!(Operators::is_active_operator(&OP));
			assert_eq!(
				operator_events(),
				vec![Event::OperatorRegistered {
					operator: OP,
					commission: Perbill::from_percent(10),
					bond: BOND
				}]
			);
			assert_noop!(
				Operators::register_operator(
					RuntimeOrigin::signed(OP),
					Perbill::zero(),
					Default::default()
				),
				Error::<Test>::AlreadyRegistered
			);
			assert_noop!(
				Operators::register_operator(
					RuntimeOrigin::signed(OTHER),
					Perbill::from_percent(51),
					Default::default()
				),
				Error::<Test>::CommissionTooHigh
			);
			assert_noop!(
				Operators::register_operator(
					RuntimeOrigin::none(),
					Perbill::zero(),
					Default::default()
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn update_replaces_metadata() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				Operators::update_operator(RuntimeOrigin::signed(OP), Default::default()),
				Error::<Test>::NotOperator
			);
			register(OP);
			operator_events();
			assert_ok!(Operators::update_operator(
				RuntimeOrigin::signed(OP),
				BoundedVec::truncate_from(b"new".to_vec())
			));
			assert_eq!(OperatorInfo::<Test>::get(OP).unwrap().metadata.to_vec(), b"new".to_vec());
			assert_eq!(operator_events(), vec![Event::OperatorUpdated { operator: OP }]);
		});
	}
}

mod commission {
	use super::*;

	#[test]
	fn a_decrease_applies_now_an_increase_after_the_allocation_delay() {
		new_test_ext().execute_with(|| {
			register(OP);
			operator_events();
			let set =
				|p| Operators::set_commission(RuntimeOrigin::signed(OP), Perbill::from_percent(p));
			assert_ok!(set(5));
			assert_eq!(
				OperatorInfo::<Test>::get(OP).unwrap().commission_at(1),
				Perbill::from_percent(5)
			);
			assert_ok!(set(20));
			let info = OperatorInfo::<Test>::get(OP).unwrap();
			assert_eq!(info.commission_at(ALLOCATION_DELAY), Perbill::from_percent(5));
			assert_eq!(info.commission_at(1 + ALLOCATION_DELAY), Perbill::from_percent(20));
			assert_eq!(
				operator_events(),
				vec![
					Event::CommissionChanged {
						operator: OP,
						commission: Perbill::from_percent(5),
						effective_at: 1
					},
					Event::CommissionChanged {
						operator: OP,
						commission: Perbill::from_percent(20),
						effective_at: 1 + ALLOCATION_DELAY
					},
				]
			);
			// Setting the current value cancels the pending increase.
			assert_ok!(set(5));
			assert_eq!(
				OperatorInfo::<Test>::get(OP).unwrap().commission_at(1000),
				Perbill::from_percent(5)
			);
			assert_noop!(set(5), Error::<Test>::CommissionUnchanged);
			assert_noop!(set(51), Error::<Test>::CommissionTooHigh);
			assert_noop!(
				Operators::set_commission(RuntimeOrigin::signed(OTHER), Perbill::zero()),
				Error::<Test>::NotOperator
			);
		});
	}
}

mod opt_in {
	use super::*;

	#[test]
	fn opting_in_and_out() {
		new_test_ext().execute_with(|| {
			stubs::avs(1, &[0]);
			register(OP);
			operator_events();
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 1));
			assert!(Operators::is_opted_in(&OP, 1));
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OP), 1),
				Error::<Test>::AlreadyOptedIn
			);
			assert_ok!(Operators::opt_out(RuntimeOrigin::signed(OP), 1));
			assert_noop!(
				Operators::opt_out(RuntimeOrigin::signed(OP), 1),
				Error::<Test>::NotOptedIn
			);
			assert_eq!(
				operator_events(),
				vec![
					Event::OptedIn { operator: OP, avs: 1 },
					Event::OptedOut { operator: OP, avs: 1, effective_at: 1 + DEALLOCATION_DELAY },
				]
			);
			// Still opted in (slashable) until D has passed.
			run_to(DEALLOCATION_DELAY);
			assert!(Operators::is_opted_in(&OP, 1));
			run_to(1 + DEALLOCATION_DELAY);
			assert!(!Operators::is_opted_in(&OP, 1));
			// Opting in again replaces the ended opt-in.
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 1));
			assert_eq!(OperatorInfo::<Test>::get(OP).unwrap().opt_ins, 1);
			check_invariants();
		});
	}

	#[test]
	fn the_avs_must_admit_the_operator() {
		new_test_ext().execute_with(|| {
			stubs::vault(0, 100, &[1]);
			stubs::avs(1, &[0]);
			register(OP);
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OP), 9),
				Error::<Test>::AvsNotActive
			);
			stubs::with_avs(1, |a| a.open = false);
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OP), 1),
				Error::<Test>::NotAdmittedByAvs
			);
			stubs::with_avs(1, |a| a.allowed.push(OP));
			stubs::with_avs(1, |a| a.min_stake = 1_000);
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OP), 1),
				Error::<Test>::InsufficientStake
			);
			stubs::with_vault(0, |v| {
				v.pools.insert(OP, 1_000);
			});
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 1));
			stubs::with_avs(1, |a| a.active = false);
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OP), 1),
				Error::<Test>::AvsNotActive
			);
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OTHER), 1),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn opt_ins_are_bounded() {
		new_test_ext().execute_with(|| {
			register(OP);
			for avs in 0..=MAX_AVS {
				stubs::avs(avs, &[]);
			}
			for avs in 0..MAX_AVS {
				assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), avs));
			}
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OP), MAX_AVS),
				Error::<Test>::TooManyOptIns
			);
		});
	}

	/// Operators that were removed (or left) hold no slot once their opt-in ended: anyone
	/// prunes it, and the AVS's set and the operator's opt-ins have room again.
	#[test]
	fn an_ended_opt_in_frees_its_slots_for_anyone_to_take() {
		new_test_ext().execute_with(|| {
			stubs::avs(1, &[]);
			let operators: Vec<AccountId> = (1..=MAX_OPERATORS_PER_AVS as u64 + 1).collect();
			for op in &operators {
				register(*op);
			}
			let (squatter, newcomer) = (operators[0], operators[MAX_OPERATORS_PER_AVS as usize]);
			for op in &operators[..MAX_OPERATORS_PER_AVS as usize] {
				assert_ok!(Operators::opt_in(RuntimeOrigin::signed(*op), 1));
			}
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(newcomer), 1),
				Error::<Test>::TooManyOperators
			);
			// The AVS removes the squatter (an open AVS's owner may): it leaves after D.
			assert!(<Operators as OperatorsHooks<_>>::force_opt_out(&squatter, 1));
			assert_noop!(
				Operators::prune_opt_in(RuntimeOrigin::signed(newcomer), squatter, 1),
				Error::<Test>::OptInNotEnded
			);
			run_to(1 + DEALLOCATION_DELAY);
			operator_events();
			assert_ok!(Operators::prune_opt_in(RuntimeOrigin::signed(newcomer), squatter, 1));
			assert_eq!(operator_events(), vec![Event::OptInPruned { operator: squatter, avs: 1 }]);
			assert_eq!(OperatorInfo::<Test>::get(squatter).map(|i| i.opt_ins), Some(0));
			assert_noop!(
				Operators::prune_opt_in(RuntimeOrigin::signed(newcomer), squatter, 1),
				Error::<Test>::NotOptedIn
			);
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(newcomer), 1));
			assert_eq!(AvsOperatorCount::<Test>::get(1), MAX_OPERATORS_PER_AVS);
			check_invariants();
		});
	}

	/// An opt-in to an AVS that is gone (deregistered) is pruned at once.
	#[test]
	fn an_opt_in_to_a_gone_avs_is_pruned_at_once() {
		new_test_ext().execute_with(|| {
			setup();
			assert_noop!(
				Operators::prune_opt_in(RuntimeOrigin::signed(OTHER), OP, 1),
				Error::<Test>::OptInNotEnded
			);
			stubs::AVSS.with(|a| a.borrow_mut().remove(&1));
			assert_ok!(Operators::prune_opt_in(RuntimeOrigin::signed(OTHER), OP, 1));
			assert!(!OptIns::<Test>::contains_key(OP, 1));
			check_invariants();
		});
	}

	#[test]
	fn each_avs_indexes_its_operators_within_a_bound() {
		new_test_ext().execute_with(|| {
			stubs::avs(1, &[]);
			stubs::avs(2, &[]);
			let operators: Vec<AccountId> = (1..=MAX_OPERATORS_PER_AVS as u64 + 1).collect();
			for op in &operators {
				register(*op);
			}
			let (last, first) = (operators[MAX_OPERATORS_PER_AVS as usize], operators[0]);
			for op in &operators[..MAX_OPERATORS_PER_AVS as usize] {
				assert_ok!(Operators::opt_in(RuntimeOrigin::signed(*op), 1));
			}
			let mut indexed: Vec<AccountId> = AvsOperators::<Test>::iter_key_prefix(1).collect();
			indexed.sort();
			assert_eq!(indexed, operators[..MAX_OPERATORS_PER_AVS as usize].to_vec());
			assert_eq!(AvsOperatorCount::<Test>::get(1), MAX_OPERATORS_PER_AVS);
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(last), 1),
				Error::<Test>::TooManyOperators
			);
			// Other AVSs are not affected.
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(last), 2));
			// A leaving operator keeps its slot until its opt-in is cleared; deregistering
			// clears it.
			assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(first)));
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(last), 1),
				Error::<Test>::TooManyOperators
			);
			run_to(1 + DEALLOCATION_DELAY);
			assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(first)));
			assert!(!AvsOperators::<Test>::contains_key(1, first));
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(last), 1));
			assert_eq!(AvsOperatorCount::<Test>::get(1), MAX_OPERATORS_PER_AVS);
			check_invariants();
		});
	}

	#[test]
	fn an_avs_removing_the_operator_forces_an_opt_out() {
		new_test_ext().execute_with(|| {
			setup();
			<Operators as OperatorsHooks<_>>::force_opt_out(&OP, 1);
			assert_eq!(
				operator_events(),
				vec![Event::OptedOut {
					operator: OP,
					avs: 1,
					effective_at: 1 + DEALLOCATION_DELAY
				}]
			);
			// A second removal changes nothing.
			<Operators as OperatorsHooks<_>>::force_opt_out(&OP, 1);
			assert!(operator_events().is_empty());
		});
	}
}

mod allocate {
	use super::*;

	#[test]
	fn an_increase_applies_after_the_allocation_delay() {
		new_test_ext().execute_with(|| {
			setup();
			assert_ok!(allocate(1, 0, pct(40)));
			assert_eq!(
				operator_events(),
				vec![Event::AllocationScheduled {
					operator: OP,
					avs: 1,
					vault: 0,
					from: pct(0),
					to: pct(40),
					effective_at: 1 + ALLOCATION_DELAY
				}]
			);
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(0));
			run_to(1 + ALLOCATION_DELAY);
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(40));
			check_invariants();
		});
	}

	#[test]
	fn a_decrease_keeps_the_slice_slashable_for_the_deallocation_delay() {
		new_test_ext().execute_with(|| {
			setup();
			assert_ok!(allocate(1, 0, pct(40)));
			run_to(1 + ALLOCATION_DELAY);
			assert_ok!(allocate(1, 0, pct(10)));
			let now = 1 + ALLOCATION_DELAY;
			run_to(now + DEALLOCATION_DELAY - 1);
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(40));
			run_to(now + DEALLOCATION_DELAY);
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(10));
		});
	}

	#[test]
	fn pending_decreases_count_toward_the_cap() {
		new_test_ext().execute_with(|| {
			setup();
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 2));
			assert_ok!(allocate(1, 0, pct(70)));
			run_to(1 + ALLOCATION_DELAY);
			// 70 % + 31 % > 100 %.
			assert_noop!(allocate(2, 0, pct(31)), Error::<Test>::MaxRestakeExceeded);
			assert_ok!(allocate(1, 0, pct(20)));
			// The decrease to 20 % is pending: 70 % still counts.
			assert_noop!(allocate(2, 0, pct(31)), Error::<Test>::MaxRestakeExceeded);
			assert_ok!(allocate(2, 0, pct(30)));
			run_to(1 + ALLOCATION_DELAY + DEALLOCATION_DELAY);
			// Once applied, there is room: 20 % + 80 %.
			assert_ok!(allocate(2, 0, pct(80)));
			assert_eq!(Operators::reserved_allocation(&OP, 0), pct(100).deconstruct() as u128);
			check_invariants();
		});
	}

	#[test]
	fn restaking_above_100_percent_needs_the_vault_to_allow_it() {
		new_test_ext().execute_with(|| {
			setup();
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 2));
			assert_ok!(allocate(1, 0, pct(100)));
			assert_noop!(allocate(2, 0, pct(100)), Error::<Test>::MaxRestakeExceeded);
			stubs::with_vault(0, |v| v.max_restake = 200);
			assert_ok!(allocate(2, 0, pct(100)));
		});
	}

	#[test]
	fn increases_need_both_approvals_an_opt_in_and_an_unpaused_vault() {
		new_test_ext().execute_with(|| {
			setup();
			stubs::vault(5, 100, &[]);
			assert_noop!(allocate(1, 9, pct(10)), Error::<Test>::VaultNotFound);
			assert_noop!(allocate(1, 5, pct(10)), Error::<Test>::AvsNotApprovedByVault);
			stubs::with_vault(5, |v| {
				v.approvals.insert(1, Approval::Yes { from: 0 });
			});
			assert_noop!(allocate(1, 5, pct(10)), Error::<Test>::VaultNotAcceptedByAvs);
			assert_noop!(allocate(2, 0, pct(10)), Error::<Test>::NotOptedIn);
			stubs::with_vault(0, |v| v.paused = true);
			assert_noop!(allocate(1, 0, pct(10)), Error::<Test>::VaultPaused);
			stubs::with_vault(0, |v| {
				v.approvals.insert(1, Approval::Leaving { from: 0, until: 50 });
			});
			assert_noop!(allocate(1, 0, pct(10)), Error::<Test>::AvsNotApprovedByVault);
			assert_noop!(
				Operators::allocate(RuntimeOrigin::signed(OTHER), 1, 0, pct(10)),
				Error::<Test>::NotOperator
			);
		});
	}

	#[test]
	fn nothing_is_slashable_once_an_approval_or_opt_in_ran_out() {
		new_test_ext().execute_with(|| {
			setup();
			assert_ok!(allocate(1, 0, pct(50)));
			run_to(1 + ALLOCATION_DELAY);
			stubs::with_vault(0, |v| {
				v.approvals.insert(1, Approval::Leaving { from: 0, until: 200 });
			});
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(50));
			// The AVS-wide listing of the RPC says the same.
			assert_eq!(Operators::avs_slices(1, &[0]), vec![(OP, 0, pct(50))]);
			run_to(200);
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(0));
			assert_eq!(Operators::avs_slices(1, &[0]), vec![(OP, 0, pct(0))]);
			// Vaults the caller did not ask about are left out.
			assert!(Operators::avs_slices(1, &[7]).is_empty());
		});
	}

	#[test]
	fn an_election_counts_native_stake_in_force_of_active_operators_only() {
		use bastion_primitives::AvsStakes;
		new_test_ext().execute_with(|| {
			let native_only = stubs::NON_NATIVE_VAULTS;
			stubs::vault(0, 200, &[1]);
			stubs::vault(1, 200, &[1]);
			stubs::vault(native_only, 200, &[1]);
			stubs::avs(1, &[0, 1, native_only]);
			for (vault, stake) in [(0, 1_000), (1, 500), (native_only, 9_000)] {
				stubs::with_vault(vault, |v| {
					v.pools.insert(OP, stake);
					v.pools.insert(OTHER, stake);
				});
			}
			for who in [OP, OTHER] {
				register(who);
				assert_ok!(Operators::opt_in(RuntimeOrigin::signed(who), 1));
				for vault in [0, 1, native_only] {
					assert_ok!(Operators::allocate(RuntimeOrigin::signed(who), 1, vault, pct(50)));
				}
			}
			// Nothing counts before the allocations apply.
			let stakes = |avs| {
				let mut s = Operators::native_slashable_stakes(avs, System::block_number());
				s.sort();
				s
			};
			assert_eq!(stakes(1), vec![]);
			run_to(1 + ALLOCATION_DELAY);
			// Half of each native pool; the other asset's vault is left out.
			assert_eq!(stakes(1), vec![(OP, 750), (OTHER, 750)]);
			// A deregistering operator is no candidate, though its stake stays slashable.
			assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(OTHER)));
			assert_eq!(stakes(1), vec![(OP, 750)]);
			assert_eq!(stakes(2), vec![]);
		});
	}

	/// An elected validator must stay slashable while it validates and its offences can be
	/// reported: stake that leaves before the horizon an election names does not count.
	#[test]
	fn an_election_ignores_stake_that_leaves_before_its_horizon() {
		use bastion_primitives::AvsStakes;
		new_test_ext().execute_with(|| {
			stubs::vault(0, 200, &[1]);
			stubs::vault(1, 200, &[1]);
			stubs::avs(1, &[0, 1]);
			for vault in [0, 1] {
				stubs::with_vault(vault, |v| {
					v.pools.insert(OP, 1_000);
				});
			}
			register(OP);
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 1));
			for vault in [0, 1] {
				assert_ok!(allocate(1, vault, pct(50)));
			}
			run_to(1 + ALLOCATION_DELAY);
			let now = System::block_number();
			let stake = |horizon: BlockNumber| {
				Operators::native_slashable_stakes(1, now + horizon)
					.into_iter()
					.find(|(who, _)| *who == OP)
					.map(|(_, s)| s)
					.unwrap_or(0)
			};
			assert_eq!(stake(40), 1_000);
			// Shares queued for withdrawal are on their way out.
			stubs::with_vault(0, |v| {
				v.exiting.insert(OP, 400);
			});
			assert_eq!(stake(40), 800);
			// A vault whose withdrawals could leave before the horizon counts for nothing.
			stubs::with_vault(1, |v| v.shortest_delay = 30);
			assert_eq!(stake(30), 800);
			assert_eq!(stake(31), 300);
			// Vaults whose withdrawals outlast every horizon below.
			for vault in [0, 1] {
				stubs::with_vault(vault, |v| v.shortest_delay = 1_000);
			}
			// A decrease counts from the moment it applies within the horizon.
			assert_ok!(allocate(1, 0, pct(10)));
			assert_eq!(stake(DEALLOCATION_DELAY - 1), 800);
			assert_eq!(stake(DEALLOCATION_DELAY), 60 + 500);
			// An increase still waiting out A counts for nothing.
			assert_ok!(allocate(1, 1, pct(80)));
			assert_eq!(stake(DEALLOCATION_DELAY - 1), 300 + 500);
			// An opt-out that ends within the horizon ends the candidacy.
			assert_ok!(Operators::opt_out(RuntimeOrigin::signed(OP), 1));
			assert_eq!(stake(DEALLOCATION_DELAY - 1), 300 + 500);
			assert_eq!(stake(DEALLOCATION_DELAY), 0);
		});
	}

	/// A stranger with one stake cannot hold an AVS's operator list by moving the stake
	/// from operator to operator: once it leaves, anyone may evict the opt-in it admitted.
	#[test]
	fn an_opt_in_whose_stake_left_can_be_evicted_by_anyone() {
		new_test_ext().execute_with(|| {
			const STRANGER: AccountId = 99;
			stubs::vault(0, 100, &[1]);
			stubs::avs(1, &[0]);
			stubs::with_avs(1, |a| a.min_stake = 1_000);
			stubs::with_vault(0, |v| {
				v.pools.insert(OP, 1_000);
			});
			register(OP);
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 1));
			assert_ok!(allocate(1, 0, pct(50)));
			let evict = || Operators::evict_opt_in(RuntimeOrigin::signed(STRANGER), OP, 1);
			// It has the minimum: not evictable.
			run_to(1 + ALLOCATION_DELAY);
			assert_noop!(evict(), Error::<Test>::NotEvictable);
			// The stake is queued for withdrawal (on its way to the next operator). While the
			// list has room, a dip below the minimum keeps its place.
			stubs::with_vault(0, |v| {
				v.exiting.insert(OP, 1);
			});
			assert_noop!(evict(), Error::<Test>::NotEvictable);
			// Two more operators with the minimum fill the list (3): now it goes.
			for other in [OTHER, 3] {
				stubs::with_vault(0, |v| {
					v.pools.insert(other, 1_000);
				});
				register(other);
				assert_ok!(Operators::opt_in(RuntimeOrigin::signed(other), 1));
			}
			operator_events();
			assert_ok!(evict());
			let effective_at = 1 + ALLOCATION_DELAY + DEALLOCATION_DELAY;
			assert_eq!(
				operator_events(),
				vec![
					Event::OptedOut { operator: OP, avs: 1, effective_at },
					Event::OptInEvicted { operator: OP, avs: 1, by: STRANGER, effective_at },
				]
			);
			// An opt-out like any other: slashable until D has passed, then pruned.
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(50));
			assert_noop!(evict(), Error::<Test>::NotOptedIn);
			run_to(effective_at);
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(0));
			assert_ok!(Operators::prune_opt_in(RuntimeOrigin::signed(STRANGER), OP, 1));
			check_invariants();
		});
	}

	#[test]
	fn only_opt_ins_below_a_minimum_after_the_time_to_allocate_are_evictable() {
		new_test_ext().execute_with(|| {
			const STRANGER: AccountId = 99;
			stubs::vault(0, 100, &[1, 2]);
			stubs::avs(1, &[0]);
			stubs::avs(2, &[0]);
			stubs::with_vault(0, |v| {
				v.pools.insert(OP, 1_000);
			});
			register(OP);
			let evict = |avs| Operators::evict_opt_in(RuntimeOrigin::signed(STRANGER), OP, avs);
			// Both AVSs' lists full (3): two more operators in each.
			for other in [OTHER, 3] {
				stubs::with_vault(0, |v| {
					v.pools.insert(other, 1_000);
				});
				register(other);
			}
			// An AVS without a minimum never evicts.
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 1));
			// Admitted with the minimum, then nothing allocated: evictable once A has
			// passed, not before.
			stubs::with_avs(2, |a| a.min_stake = 1_000);
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 2));
			run_to(1 + ALLOCATION_DELAY);
			// The list has room: no eviction.
			assert_noop!(evict(2), Error::<Test>::NotEvictable);
			for other in [OTHER, 3] {
				for avs in [1, 2] {
					assert_ok!(Operators::opt_in(RuntimeOrigin::signed(other), avs));
				}
			}
			assert_noop!(evict(1), Error::<Test>::NotEvictable);
			assert_ok!(evict(2));
			// Not opted in at all.
			assert_noop!(
				Operators::evict_opt_in(RuntimeOrigin::signed(STRANGER), 77, 1),
				Error::<Test>::NotOptedIn
			);
		});
	}

	#[test]
	fn avs_slices_agree_with_slashable_fraction() {
		new_test_ext().execute_with(|| {
			setup();
			stubs::vault(1, 200, &[1, 2]);
			stubs::avs(1, &[0, 1]);
			register(OTHER);
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OTHER), 1));
			assert_ok!(allocate(1, 0, pct(50)));
			assert_ok!(allocate(1, 1, pct(30)));
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(OTHER), 1, 0, pct(20)));
			for at in [1, 1 + ALLOCATION_DELAY] {
				run_to(at);
				let mut slices = Operators::avs_slices(1, &[0, 1]);
				slices.sort();
				let mut expected: Vec<_> = [(OP, 0), (OP, 1), (OTHER, 0)]
					.into_iter()
					.map(|(who, vault)| (who, vault, Operators::slashable_fraction(&who, 1, vault)))
					.collect();
				expected.sort();
				assert_eq!(slices, expected);
			}
			assert_eq!(Operators::slashable_fraction(&OP, 1, 1), pct(30));
		});
	}

	#[test]
	fn avs_security_shows_each_slice_and_what_its_pool_lets_the_avs_slash() {
		use bastion_primitives::{views::QueryError, VaultId};
		new_test_ext().execute_with(|| {
			setup();
			stubs::vault(1, 200, &[1]);
			stubs::avs(1, &[0, 1]);
			stubs::with_vault(0, |v| {
				v.pools.insert(OP, 1_000);
				v.pools.insert(OTHER, 500);
			});
			stubs::with_vault(1, |v| {
				v.pools.insert(OP, 2_000);
			});
			register(OTHER);
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OTHER), 1));
			assert_ok!(allocate(1, 1, pct(30)));
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(OTHER), 1, 0, pct(20)));
			run_to(1 + ALLOCATION_DELAY);
			// OP's slice of vault 0 is pending (nothing to slash yet), the one of vault 1 is
			// in force: each slice is priced with its own pool.
			assert_ok!(allocate(1, 0, pct(50)));
			let answer = |vault: VaultId| {
				let security = Operators::api_avs_security(1).expect("AVS 1 exists");
				let vault = security.vaults.into_iter().find(|v| v.vault == vault).expect("listed");
				let mut slices: Vec<_> = vault
					.operators
					.into_iter()
					.map(|s| (s.operator, s.fraction.0, s.slashable.0))
					.collect();
				slices.sort();
				(vault.slashable.0, slices)
			};
			let parts = |f: Fraction| u128::from(f.deconstruct());
			assert_eq!(answer(0), (100, vec![(OP, 0, 0), (OTHER, parts(pct(20)), 100)]));
			assert_eq!(answer(1), (600, vec![(OP, parts(pct(30)), 600)]));
			run_to(1 + 2 * ALLOCATION_DELAY + 1);
			assert_eq!(
				answer(0),
				(600, vec![(OP, parts(pct(50)), 500), (OTHER, parts(pct(20)), 100)])
			);
			assert_eq!(answer(1), (600, vec![(OP, parts(pct(30)), 600)]));
			assert_eq!(Operators::api_avs_security(9).err(), Some(QueryError::UnknownAvs));
		});
	}

	#[test]
	fn cancel_and_clean_up() {
		new_test_ext().execute_with(|| {
			setup();
			assert_noop!(allocate(1, 0, pct(0)), Error::<Test>::AllocationUnchanged);
			assert_ok!(allocate(1, 0, pct(30)));
			operator_events();
			// Setting the current value (0) again cancels the pending increase, and the
			// empty entry is removed.
			assert_ok!(allocate(1, 0, pct(0)));
			assert_eq!(
				operator_events(),
				vec![Event::AllocationRemoved { operator: OP, avs: 1, vault: 0 }]
			);
			assert_eq!(OperatorInfo::<Test>::get(OP).unwrap().allocations, 0);
			assert_ok!(allocate(1, 0, pct(30)));
			run_to(1 + ALLOCATION_DELAY);
			// A decrease to 0 pending, then cancelled by setting 30 % again.
			assert_ok!(allocate(1, 0, pct(0)));
			operator_events();
			assert_ok!(allocate(1, 0, pct(30)));
			assert_eq!(
				operator_events(),
				vec![Event::AllocationChangeCancelled {
					operator: OP,
					avs: 1,
					vault: 0,
					current: pct(30)
				}]
			);
			assert_noop!(allocate(1, 0, pct(30)), Error::<Test>::AllocationUnchanged);
			check_invariants();
		});
	}

	/// At most `MaxAllocationsPerOptIn` vaults per AVS — also counting allocations kept to
	/// vaults the AVS dropped since, which an opt-out walks as well — and at most
	/// `MaxAllocationsPerOperator` in all.
	#[test]
	fn allocations_are_bounded() {
		new_test_ext().execute_with(|| {
			setup();
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 2));
			for v in 1..=MAX_ALLOCATIONS {
				stubs::vault(v, 100, &[1, 2]);
				for avs in [1, 2] {
					stubs::with_avs(avs, |a| {
						a.vaults.insert(v, Approval::Yes { from: 0 });
					});
				}
			}
			for v in 0..MAX_ALLOCATIONS_PER_OPT_IN {
				assert_ok!(allocate(1, v, pct(10)));
			}
			assert_noop!(
				allocate(1, MAX_ALLOCATIONS_PER_OPT_IN, pct(10)),
				Error::<Test>::TooManyAllocationsToAvs
			);
			// The AVS drops vault 0: the allocation stays (an opt-out would still walk it),
			// and counts until cleared.
			stubs::with_avs(1, |a| {
				a.vaults.insert(0, Approval::Leaving { from: 0, until: 2 });
			});
			run_to(3);
			assert_noop!(
				allocate(1, MAX_ALLOCATIONS_PER_OPT_IN, pct(10)),
				Error::<Test>::TooManyAllocationsToAvs
			);
			// Setting it to zero (here: cancelling its pending increase) clears it.
			assert_ok!(allocate(1, 0, pct(0)));
			assert_ok!(allocate(1, MAX_ALLOCATIONS_PER_OPT_IN, pct(10)));
			// The operator's own bound across AVSs.
			let used = MAX_ALLOCATIONS_PER_OPT_IN;
			for v in 0..MAX_ALLOCATIONS - used {
				assert_ok!(allocate(2, v + 1, pct(10)));
			}
			assert_noop!(allocate(2, MAX_ALLOCATIONS, pct(10)), Error::<Test>::TooManyAllocations);
			check_invariants();
		});
	}
}

mod regressions {
	use super::*;

	/// Found by the randomized test: re-opting in after an opt-out ended removes the old
	/// allocations, and the count must not also subtract one removed earlier in the block.
	#[test]
	fn opting_in_again_after_an_allocation_was_removed_keeps_the_count() {
		new_test_ext().execute_with(|| {
			setup();
			stubs::vault(1, 100, &[1]);
			stubs::with_avs(1, |a| {
				a.vaults.insert(1, Approval::Yes { from: 0 });
			});
			assert_ok!(allocate(1, 0, pct(30)));
			assert_ok!(allocate(1, 1, pct(30)));
			// Cancelling vault 0's pending increase removes its entry.
			assert_ok!(allocate(1, 0, pct(0)));
			assert_eq!(OperatorInfo::<Test>::get(OP).unwrap().allocations, 1);
			assert_ok!(Operators::opt_out(RuntimeOrigin::signed(OP), 1));
			run_to(1 + DEALLOCATION_DELAY);
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OP), 1));
			assert_eq!(OperatorInfo::<Test>::get(OP).unwrap().allocations, 0);
			check_invariants();
		});
	}
}

mod deregistration {
	use super::*;

	#[test]
	fn takes_two_phases_and_waits_for_the_deallocation_delay() {
		new_test_ext().execute_with(|| {
			setup();
			assert_ok!(allocate(1, 0, pct(50)));
			run_to(1 + ALLOCATION_DELAY);
			operator_events();
			let now = 1 + ALLOCATION_DELAY;
			assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(OP)));
			assert_eq!(
				operator_events(),
				vec![
					Event::OptedOut {
						operator: OP,
						avs: 1,
						effective_at: now + DEALLOCATION_DELAY
					},
					Event::OperatorDeregistering { operator: OP, until: now + DEALLOCATION_DELAY },
				]
			);
			// Accepts nothing new, but stays slashable.
			assert!(!Operators::is_active_operator(&OP));
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OP), 2),
				Error::<Test>::OperatorDeregistering
			);
			assert_noop!(allocate(1, 0, pct(60)), Error::<Test>::OperatorDeregistering);
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(50));
			assert_noop!(
				Operators::deregister_operator(RuntimeOrigin::signed(OP)),
				Error::<Test>::DeregistrationNotDue
			);
			run_to(now + DEALLOCATION_DELAY);
			stubs::PENDING_SLASH.with(|p| p.borrow_mut().push(OP));
			assert_noop!(
				Operators::deregister_operator(RuntimeOrigin::signed(OP)),
				Error::<Test>::PendingSlash
			);
			stubs::PENDING_SLASH.with(|p| p.borrow_mut().clear());
			assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(OP)));
			assert_eq!(operator_events(), vec![Event::OperatorDeregistered { operator: OP }]);
			assert_eq!(Balances::balance_on_hold(&HoldReason::OperatorBond.into(), &OP), 0);
			assert_eq!(Balances::balance(&OP), INITIAL);
			assert!(!Operators::is_operator(&OP));
			assert_eq!(Operators::slashable_fraction(&OP, 1, 0), pct(0));
			assert_eq!(OptIns::<Test>::iter().count() + Allocations::<Test>::iter().count(), 0);
			assert_noop!(
				Operators::deregister_operator(RuntimeOrigin::signed(OP)),
				Error::<Test>::NotOperator
			);
		});
	}
}

mod genesis {
	use super::*;
	use sp_runtime::BuildStorage;

	/// Builds a genesis of `opt_ins` for OP, a funded operator.
	fn build(opt_ins: Vec<(AccountId, u32)>) {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_balances::GenesisConfig::<Test> {
			balances: vec![(OP, INITIAL)],
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		crate::GenesisConfig::<Test> {
			operators: vec![(OP, Perbill::zero(), Vec::new())],
			opt_ins,
			allocations: Vec::new(),
		}
		.assimilate_storage(&mut storage)
		.unwrap();
	}

	/// A genesis cannot give an operator more opt-ins than a dispatch could: they bound
	/// the earners pallet-rewards lists per pool.
	#[test]
	#[should_panic(expected = "more opt-ins than MaxAvsPerOperator")]
	fn refuses_more_opt_ins_than_an_operator_may_hold() {
		build((0..=MAX_AVS).map(|avs| (OP, avs)).collect());
	}

	#[test]
	fn takes_as_many_opt_ins_as_an_operator_may_hold() {
		build((0..MAX_AVS).map(|avs| (OP, avs)).collect());
	}

	#[test]
	#[should_panic(expected = "listed twice")]
	fn refuses_an_opt_in_listed_twice() {
		build(vec![(OP, 0), (OP, 0)]);
	}
}
