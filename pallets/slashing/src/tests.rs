//! Unit tests: every call, error and event, and the edge cases that bit other restaking
//! protocols, on the real Vaults, Operators and Avs pallets.

use crate::{mock::*, pallet::*, Error, Event};
use bastion_primitives::OperatorsInspect as _;
use bastion_primitives::{Fraction, SlashDestination, SliceChange};
use pallet_avs::{AvsRegistration, OperatorPolicy, SlashingRules};
use pallet_vaults::{VaultParams, WithdrawalAmount};
use {
	frame_support::{
		assert_noop, assert_ok,
		traits::fungible::{Inspect as _, InspectHold as _, NativeOrWithId},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{DispatchError, Perbill},
};

const STAKE: Balance = 10_000;

thread_local! {
	/// The AVSs' `max_slash_per_request` in `setup`; 50 % unless a test raises it.
	static MAX_SLASH: std::cell::RefCell<Fraction> = std::cell::RefCell::new(Fraction::from_percent(50));
}

fn pct(p: u64) -> Fraction {
	Fraction::from_percent(p)
}

fn rules(destination: SlashDestination<AccountId>) -> SlashingRules<AccountId, BlockNumber> {
	SlashingRules {
		slasher: SLASHER,
		resolver: Some(RESOLVER),
		veto_window: VETO_WINDOW,
		max_slash_per_request: MAX_SLASH.with(|m| *m.borrow()),
		slash_cooldown: 5,
		destination,
	}
}

/// Vault 0 (BST, W = 50, cap `max_restake` %), AVSs 0..`avss` accepting it with
/// `destination`, OPERATOR opted in to all, ALICE staking `STAKE` with OPERATOR, and
/// OPERATOR allocating `allocations[i]` to AVS i — all in force.
fn setup(max_restake: u32, allocations: &[Fraction], destination: SlashDestination<AccountId>) {
	assert_ok!(Vaults::create_vault(
		RuntimeOrigin::signed(CURATOR),
		NativeOrWithId::Native,
		VaultParams { withdrawal_delay: W, deposit_cap: 1_000_000, min_deposit: 10, max_restake }
	));
	assert_ok!(Operators::register_operator(
		RuntimeOrigin::signed(OPERATOR),
		Perbill::zero(),
		Default::default()
	));
	for (avs, _) in allocations.iter().enumerate() {
		assert_ok!(Avs::register_avs(
			RuntimeOrigin::signed(OWNER),
			Default::default(),
			AvsRegistration {
				accepted_vaults: BoundedVec::truncate_from(vec![0]),
				rules: rules(destination.clone()),
				min_operator_stake: 0,
				operator_policy: OperatorPolicy::Open,
			}
		));
		assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), 0, avs as u32));
		assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OPERATOR), avs as u32));
	}
	assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), 0, OPERATOR, STAKE));
	for (avs, f) in allocations.iter().enumerate() {
		assert_ok!(Operators::allocate(RuntimeOrigin::signed(OPERATOR), avs as u32, 0, *f));
	}
	run_to(1 + ALLOCATION_DELAY);
	System::reset_events();
}

fn request(avs: u32, fraction: Fraction) -> sp_runtime::DispatchResult {
	let now = System::block_number();
	Slashing::request_slash(
		RuntimeOrigin::signed(SLASHER),
		avs,
		OPERATOR,
		fraction,
		now,
		H256::repeat_byte(1),
	)
}

fn pool_assets() -> Balance {
	pallet_vaults::Pools::<Test>::get(0, OPERATOR).map(|p| p.total_assets).unwrap_or(0)
}

fn check_invariants() {
	Vaults::do_try_state().expect("vault invariants");
	Operators::do_try_state().expect("operator invariants");
	Slashing::do_try_state().expect("slashing invariants");
}

mod request_slash {
	use super::*;

	#[test]
	fn escrows_fraction_of_the_slice_at_once() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			// Slice = 40 % of 10_000 = 4_000; 25 % of it = 1_000.
			assert_ok!(request(0, pct(25)));
			assert_eq!(pool_assets(), 9_000);
			let vault = pallet_vaults::VaultInfo::<Test>::get(0).unwrap();
			assert_eq!(vault.escrowed, 1_000);
			assert_eq!(
				Balances::balance_on_hold(&HoldReason::RequestDeposit.into(), &SLASHER),
				REQUEST_DEPOSIT
			);
			let now = System::block_number();
			assert_eq!(
				slashing_events(),
				vec![
					Event::PoolEscrowed {
						id: 0,
						vault: 0,
						operator: OPERATOR,
						amount: 1_000,
						slices: vec![SliceChange { avs: 0, before: 4_000, after: 3_000 }],
					},
					Event::SlashRequested {
						id: 0,
						avs: 0,
						operator: OPERATOR,
						fraction: pct(25),
						offence_block: now,
						evidence: H256::repeat_byte(1),
						total: 1_000,
						executable_at: now + VETO_WINDOW,
					},
				]
			);
			// The pool refuses deposits while the escrow is pending.
			assert_noop!(
				Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, 100),
				pallet_vaults::Error::<Test>::PoolHasPendingSlash
			);
			check_invariants();
		});
	}

	#[test]
	fn is_checked() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			let now = System::block_number();
			let req = |who: AccountId, avs, op: AccountId, f, at| {
				Slashing::request_slash(RuntimeOrigin::signed(who), avs, op, f, at, H256::zero())
			};
			assert_noop!(req(SLASHER, 9, OPERATOR, pct(10), now), Error::<Test>::AvsNotFound);
			assert_noop!(req(OWNER, 0, OPERATOR, pct(10), now), Error::<Test>::NotSlasher);
			assert_noop!(req(SLASHER, 0, OPERATOR, pct(0), now), Error::<Test>::ZeroFraction);
			assert_noop!(req(SLASHER, 0, OPERATOR, pct(51), now), Error::<Test>::FractionAboveCap);
			assert_noop!(
				req(SLASHER, 0, OPERATOR, pct(10), now + 1),
				Error::<Test>::OffenceInFuture
			);
			assert_noop!(
				req(SLASHER, 0, OPERATOR, pct(10), now - MAX_OFFENCE_AGE - 1),
				Error::<Test>::OffenceTooOld
			);
			assert_noop!(req(SLASHER, 0, BOB, pct(10), now), Error::<Test>::NothingToSlash);
			assert_ok!(req(SLASHER, 0, OPERATOR, pct(10), now - MAX_OFFENCE_AGE));
			assert_noop!(req(SLASHER, 0, OPERATOR, pct(10), now), Error::<Test>::RequestPending);
			assert_noop!(
				Slashing::request_slash(
					RuntimeOrigin::none(),
					0,
					OPERATOR,
					pct(10),
					now,
					H256::zero()
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn a_one_unit_slash_takes_one_unit_and_never_more_than_the_slice() {
		new_test_ext().execute_with(|| {
			setup(100, &[Fraction::from_parts(1_000_000_000_000_000)], SlashDestination::Burn);
			// Slice = 0.1 % of 10_000 = 10; 0.0000001 % of it rounds up to 1 unit.
			assert_ok!(request(0, Fraction::from_parts(1)));
			assert_eq!(pool_assets(), STAKE - 1);
		});
	}

	#[test]
	fn a_dust_pool_is_slashed_by_whole_units_within_its_slice() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(50)], SlashDestination::Burn);
			// ALICE leaves all but 10 units: a dust pool, whose slice is 5 units.
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				0,
				OPERATOR,
				WithdrawalAmount::Assets(STAKE - 10)
			));
			run_to(System::block_number() + W);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), 0, OPERATOR));
			assert_eq!(pool_assets(), 10);
			// 10 % of a 5-unit slice is half a unit: rounded up to one, never more than 5.
			assert_ok!(request(0, pct(10)));
			assert_eq!(pool_assets(), 9);
			run_to(System::block_number() + VETO_WINDOW);
			assert_eq!(pool_assets(), 9);
			check_invariants();
		});
	}

	#[test]
	fn the_cooldown_counts_from_vetoed_requests_too() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			assert_ok!(request(0, pct(10)));
			assert_ok!(Slashing::veto_slash(RuntimeOrigin::signed(RESOLVER), 0));
			assert_noop!(request(0, pct(10)), Error::<Test>::InCooldown);
			run_to(System::block_number() + 5);
			assert_ok!(request(0, pct(10)));
		});
	}
}

mod veto {
	use super::*;

	#[test]
	fn returns_the_escrow_exactly_and_forfeits_the_deposit() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			let treasury = Balances::balance(&Treasury::get());
			assert_ok!(request(0, pct(25)));
			slashing_events();
			assert_noop!(
				Slashing::veto_slash(RuntimeOrigin::signed(SLASHER), 0),
				Error::<Test>::NotResolver
			);
			assert_noop!(
				Slashing::veto_slash(RuntimeOrigin::signed(RESOLVER), 7),
				Error::<Test>::RequestNotFound
			);
			assert_ok!(Slashing::veto_slash(RuntimeOrigin::signed(RESOLVER), 0));
			assert_eq!(pool_assets(), STAKE);
			assert_eq!(Balances::balance(&Treasury::get()), treasury + REQUEST_DEPOSIT);
			assert_eq!(Balances::balance_on_hold(&HoldReason::RequestDeposit.into(), &SLASHER), 0);
			assert_eq!(slashing_events(), vec![Event::SlashVetoed { id: 0, by_governance: false }]);
			assert!(Requests::<Test>::get(0).is_none());
			check_invariants();
		});
	}

	#[test]
	fn governance_can_always_veto_but_not_after_the_window() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40), pct(40)], SlashDestination::Burn);
			assert_ok!(request(0, pct(25)));
			assert_ok!(Slashing::veto_slash(RuntimeOrigin::root(), 0));
			assert_ok!(request(1, pct(25)));
			// At executable_at the request is executed by the block hook: nothing to veto.
			run_to(System::block_number() + VETO_WINDOW);
			assert_noop!(
				Slashing::veto_slash(RuntimeOrigin::root(), 1),
				Error::<Test>::RequestNotFound
			);
		});
	}
}

mod execution {
	use super::*;

	#[test]
	fn sends_the_escrow_to_the_destination_after_the_window() {
		new_test_ext().execute_with(|| {
			let recipient = acc(9);
			setup(100, &[pct(40)], SlashDestination::Account(recipient.clone()));
			let before = Balances::balance(&recipient);
			assert_ok!(request(0, pct(25)));
			assert_noop!(
				Slashing::execute_slash(RuntimeOrigin::signed(BOB), 0),
				Error::<Test>::VetoWindowOpen
			);
			// Move past the window without the hook, then anyone may execute.
			System::set_block_number(System::block_number() + VETO_WINDOW);
			slashing_events();
			assert_ok!(Slashing::execute_slash(RuntimeOrigin::signed(BOB), 0));
			assert_eq!(Balances::balance(&recipient), before + 1_000);
			assert_eq!(Balances::balance_on_hold(&HoldReason::RequestDeposit.into(), &SLASHER), 0);
			assert_eq!(
				slashing_events(),
				vec![Event::SlashExecuted {
					id: 0,
					destination: SlashDestination::Account(recipient),
					total: 1_000
				}]
			);
			check_invariants();
		});
	}

	#[test]
	fn burning_shrinks_the_supply_and_treasury_receives() {
		new_test_ext().execute_with(|| {
			setup(200, &[pct(40), pct(40)], SlashDestination::Burn);
			let issuance = Balances::total_issuance();
			assert_ok!(request(0, pct(25)));
			run_to(System::block_number() + VETO_WINDOW);
			assert_eq!(Balances::total_issuance(), issuance - 1_000);
			check_invariants();
		});
	}

	#[test]
	fn due_requests_execute_first_due_first_within_the_per_block_cap() {
		new_test_ext().execute_with(|| {
			setup(300, &[pct(30), pct(30), pct(30)], SlashDestination::Treasury);
			for avs in 0..3 {
				assert_ok!(request(avs, pct(10)));
			}
			slashing_events();
			System::set_block_number(System::block_number() + VETO_WINDOW - 1);
			run_to(System::block_number() + 1);
			// MaxExecutionsPerBlock = 2: ids 0 and 1 now, id 2 waits one block.
			let executed: Vec<u64> = slashing_events()
				.into_iter()
				.filter_map(|e| match e {
					Event::SlashExecuted { id, .. } => Some(id),
					_ => None,
				})
				.collect();
			assert_eq!(executed, vec![0, 1]);
			assert!(Requests::<Test>::get(2).is_some());
			run_to(System::block_number() + 1);
			assert!(Requests::<Test>::get(2).is_none());
			check_invariants();
		});
	}

	#[test]
	fn a_request_executed_late_still_lands() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			let issuance = Balances::total_issuance();
			assert_ok!(request(0, pct(25)));
			// Skip the hook for long after the window, as if blocks had been too full.
			System::set_block_number(System::block_number() + VETO_WINDOW + 1_000);
			slashing_events();
			assert_ok!(Slashing::execute_slash(RuntimeOrigin::signed(BOB), 0));
			assert_eq!(pool_assets(), STAKE - 1_000);
			assert_eq!(Balances::total_issuance(), issuance - 1_000);
			assert_eq!(
				slashing_events(),
				vec![Event::SlashExecuted {
					id: 0,
					destination: SlashDestination::Burn,
					total: 1_000
				}]
			);
			assert_eq!(Balances::balance_on_hold(&HoldReason::RequestDeposit.into(), &SLASHER), 0);
			check_invariants();
		});
	}
}

/// The slashing benchmarks pay the native token out; a vault's asset may be dearer to move.
mod payout_weight {
	use super::*;
	use crate::WeightInfo as _;
	use frame_support::{dispatch::GetDispatchInfo, traits::Get};

	#[test]
	fn an_execution_is_charged_two_payouts_per_pool_of_the_dearest_asset() {
		new_test_ext().execute_with(|| {
			let p: u32 = <Test as Config>::MaxVaultsPerAvs::get();
			let surcharge = AssetSurcharge::get().saturating_mul(2 * u64::from(p));
			assert!(surcharge.ref_time() > 0);
			assert_eq!(
				Call::<Test>::execute_slash { id: 0 }.get_dispatch_info().call_weight,
				<Test as Config>::WeightInfo::execute_slash(p) + surcharge
			);
		});
	}
}

mod edge_cases {
	use super::*;

	#[test]
	fn a_queued_withdrawal_feels_the_slash() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(100)], SlashDestination::Burn);
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				0,
				OPERATOR,
				WithdrawalAmount::All
			));
			assert_ok!(request(0, pct(50)));
			run_to(System::block_number() + W);
			let before = Balances::balance(&ALICE);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), 0, OPERATOR));
			// Half of the 100 % slice was taken: Alice gets ~5_000 back.
			let got = Balances::balance(&ALICE) - before;
			assert!((4_999..=5_000).contains(&got), "got {got}");
			check_invariants();
		});
	}

	/// Alice, the pool's only staker, queues everything; a 50 % request comes at the end of
	/// her withdrawal delay (for an offence before it), and she completes inside its window.
	/// Returns what she was paid.
	fn leave_inside_the_window() -> Balance {
		setup(100, &[pct(100)], SlashDestination::Burn);
		assert_ok!(Vaults::request_withdrawal(
			RuntimeOrigin::signed(ALICE),
			0,
			OPERATOR,
			WithdrawalAmount::All
		));
		System::set_block_number(System::block_number() + W - 1);
		let now = System::block_number();
		assert_ok!(Slashing::request_slash(
			RuntimeOrigin::signed(SLASHER),
			0,
			OPERATOR,
			pct(50),
			now - 5,
			H256::zero()
		));
		System::set_block_number(now + 1);
		let before = Balances::balance(&ALICE);
		assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), 0, OPERATOR));
		Balances::balance(&ALICE) - before
	}

	#[test]
	fn a_withdrawal_completed_inside_the_veto_window_cannot_escape_the_escrow() {
		new_test_ext().execute_with(|| {
			let got = leave_inside_the_window() - 10;
			assert!(got <= 5_000, "escaped with {got}");
			check_invariants();
		});
	}

	/// Every staker leaves inside the window, paid without the escrow; the request is then
	/// vetoed. The escrow has no owner in the pool: it goes to the treasury, and the next
	/// depositor does not find it in the pool's price.
	#[test]
	fn a_veto_after_every_staker_left_sends_the_escrow_to_the_treasury() {
		new_test_ext().execute_with(|| {
			leave_inside_the_window();
			let escrowed =
				pallet_vaults::Pools::<Test>::get(0, OPERATOR).map(|p| p.escrowed).unwrap_or(0);
			assert_eq!(escrowed, STAKE / 2);
			let treasury = Balances::balance(&Treasury::get());
			slashing_events();
			assert_ok!(Slashing::veto_slash(RuntimeOrigin::signed(RESOLVER), 0));
			assert_eq!(
				slashing_events(),
				vec![
					Event::UnownedEscrowToTreasury { id: 0, vault: 0, amount: STAKE / 2 },
					Event::SlashVetoed { id: 0, by_governance: false }
				]
			);
			assert_eq!(Balances::balance(&Treasury::get()), treasury + STAKE / 2 + REQUEST_DEPOSIT);
			assert!(pool_assets() <= 1, "left in the pool: {}", pool_assets());
			// Bob deposits: his position is worth what he paid, not a windfall.
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, 1_000));
			assert!(pool_assets() <= 1_001);
			check_invariants();
		});
	}

	#[test]
	fn an_operator_who_opts_out_or_deregisters_in_the_window_is_still_slashed() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			assert_ok!(request(0, pct(25)));
			assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(OPERATOR)));
			run_to(System::block_number() + VETO_WINDOW);
			assert_eq!(pool_assets(), 9_000);
			check_invariants();
		});
	}

	#[test]
	fn deregistration_waits_for_pending_requests() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			let start = System::block_number();
			assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(OPERATOR)));
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			// Still slashable one block before D has passed.
			System::set_block_number(start + DEALLOCATION_DELAY - 1);
			assert_ok!(request(0, pct(10)));
			System::set_block_number(start + DEALLOCATION_DELAY);
			assert_noop!(
				Operators::deregister_operator(RuntimeOrigin::signed(OPERATOR)),
				pallet_operators::Error::<Test>::PendingSlash
			);
			assert_noop!(
				Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0),
				pallet_avs::Error::<Test>::PendingSlash
			);
			// Once it is executed, both can finish.
			run_to(start + DEALLOCATION_DELAY + VETO_WINDOW);
			assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(OPERATOR)));
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
		});
	}

	#[test]
	fn a_100_percent_slash_empties_the_slice_and_closes_the_pool() {
		new_test_ext().execute_with(|| {
			MAX_SLASH.with(|m| *m.borrow_mut() = pct(100));
			setup(100, &[pct(100)], SlashDestination::Burn);
			let issuance = Balances::total_issuance();
			assert_ok!(request(0, pct(100)));
			assert_eq!(pool_assets(), 0);
			run_to(System::block_number() + VETO_WINDOW);
			assert_eq!(Balances::total_issuance(), issuance - STAKE);
			// Shares remain on zero assets: the pool takes no deposits, its stakers leave with 0.
			assert_noop!(
				Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, 100),
				pallet_vaults::Error::<Test>::PoolClosed
			);
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				0,
				OPERATOR,
				WithdrawalAmount::All
			));
			run_to(System::block_number() + W);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), 0, OPERATOR));
			check_invariants();
			MAX_SLASH.with(|m| *m.borrow_mut() = pct(50));
		});
	}

	#[test]
	fn within_100_percent_other_slices_are_unchanged() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(50), pct(30)], SlashDestination::Burn);
			assert_ok!(request(0, pct(50)));
			let Some(Event::PoolEscrowed { slices, .. }) = slashing_events().into_iter().next()
			else {
				panic!("no PoolEscrowed")
			};
			// AVS 0 took 2_500 of its 5_000; AVS 1 keeps its 3_000 exactly.
			assert_eq!(
				slices,
				vec![
					SliceChange { avs: 0, before: 5_000, after: 2_500 },
					SliceChange { avs: 1, before: 3_000, after: 3_000 },
				]
			);
			check_invariants();
		});
	}

	#[test]
	fn above_100_percent_the_overlap_shares_the_loss() {
		new_test_ext().execute_with(|| {
			setup(200, &[pct(100), pct(100)], SlashDestination::Burn);
			assert_ok!(request(0, pct(50)));
			let Some(Event::PoolEscrowed { slices, .. }) = slashing_events().into_iter().next()
			else {
				panic!("no PoolEscrowed")
			};
			// 5_000 taken from a 10_000 pool both AVSs fully allocate: both slices fall to
			// what is left, none above the pool.
			assert_eq!(
				slices,
				vec![
					SliceChange { avs: 0, before: 10_000, after: 5_000 },
					SliceChange { avs: 1, before: 10_000, after: 5_000 },
				]
			);
			check_invariants();
		});
	}
}

/// A slash whose veto window passed always lands, and no one can block the queue.
mod always_lands {
	use super::*;

	const ASSET: u32 = 7;

	fn executed_ids(events: &[Event<Test>]) -> Vec<u64> {
		events
			.iter()
			.filter_map(|e| match e {
				Event::SlashExecuted { id, .. } => Some(*id),
				_ => None,
			})
			.collect()
	}

	/// An operator picks a destination that cannot receive its payout (an amount below the
	/// minimum balance for an account that holds none): the amount is burned, never
	/// returned, and the request does not expire.
	#[test]
	fn an_undeliverable_payout_is_burned_not_returned_to_the_pool() {
		new_test_ext().execute_with(|| {
			let nobody = acc(20);
			setup(100, &[pct(40)], SlashDestination::Account(nobody.clone()));
			let issuance = Balances::total_issuance();
			// One part in 10^18 of a 4,000 slice: one unit, below the existential deposit.
			assert_ok!(request(0, Fraction::from_parts(1)));
			assert_eq!(pool_assets(), STAKE - 1);
			slashing_events();
			run_to(System::block_number() + VETO_WINDOW);
			assert_eq!(
				slashing_events(),
				vec![
					Event::UndeliverablePayoutBurned { id: 0, vault: 0, amount: 1 },
					Event::SlashExecuted {
						id: 0,
						destination: SlashDestination::Account(nobody.clone()),
						total: 1
					},
				]
			);
			assert_eq!(pool_assets(), STAKE - 1);
			assert_eq!(Balances::balance(&nobody), 0);
			assert_eq!(Balances::total_issuance(), issuance - 1);
			assert!(Requests::<Test>::get(0).is_none());
			// Long after, nothing comes back.
			run_to(System::block_number() + 100);
			assert_eq!(pool_assets(), STAKE - 1);
			check_invariants();
		});
	}

	/// Vault 1 holds asset `ASSET`; AVSs `avss` (already registered by `setup`'s caller
	/// count) accept it, OPERATOR opts in and allocates `f` of it to each.
	fn asset_vault_for(avss: &[u32], f: Fraction) {
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), ASSET, OWNER, true, 1));
		for who in [CURATOR, ALICE] {
			assert_ok!(Assets::mint(RuntimeOrigin::signed(OWNER), ASSET, who, 1_000_000));
		}
		assert_ok!(Vaults::approve_asset(RuntimeOrigin::root(), NativeOrWithId::WithId(ASSET)));
		assert_ok!(Vaults::create_vault(
			RuntimeOrigin::signed(CURATOR),
			NativeOrWithId::WithId(ASSET),
			VaultParams {
				withdrawal_delay: W,
				deposit_cap: 1_000_000,
				min_deposit: 10,
				max_restake: 100
			}
		));
		for avs in avss {
			assert_ok!(Avs::register_avs(
				RuntimeOrigin::signed(OWNER),
				Default::default(),
				AvsRegistration {
					accepted_vaults: BoundedVec::truncate_from(vec![1]),
					rules: rules(SlashDestination::Treasury),
					min_operator_stake: 0,
					operator_policy: OperatorPolicy::Open,
				}
			));
			assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), 1, *avs));
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OPERATOR), *avs));
		}
		assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), 1, OPERATOR, STAKE));
		for avs in avss {
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(OPERATOR), *avs, 1, f));
		}
		run_to(System::block_number() + ALLOCATION_DELAY);
	}

	/// Two requests that cannot settle (their asset frozen) are due first and fill the
	/// hook's two attempts a block; a request due one block later still executes on time.
	/// The stuck ones never expire (freezing the asset is no escape): they land once the
	/// asset thaws.
	#[test]
	fn a_request_that_cannot_settle_never_holds_up_the_ones_behind_it() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(30), pct(30)], SlashDestination::Treasury);
			asset_vault_for(&[2, 3], pct(30));
			assert_ok!(request(2, pct(10)));
			assert_ok!(request(3, pct(10)));
			run_to(System::block_number() + 1);
			assert_ok!(request(0, pct(10)));
			assert_ok!(Assets::freeze_asset(RuntimeOrigin::signed(OWNER), ASSET));
			slashing_events();

			// Ids 0 and 1 fall due and fail; id 2 falls due next block and executes then.
			run_to(System::block_number() + VETO_WINDOW - 1);
			assert_eq!(executed_ids(&slashing_events()), Vec::<u64>::new());
			run_to(System::block_number() + 1);
			assert_eq!(executed_ids(&slashing_events()), vec![2]);
			assert!(Requests::<Test>::get(0).is_some() && Requests::<Test>::get(1).is_some());
			check_invariants();

			// Retried every block behind the others; thawed, they execute.
			run_to(System::block_number() + 50);
			assert!(Requests::<Test>::get(0).is_some() && Requests::<Test>::get(1).is_some());
			assert_ok!(Assets::thaw_asset(RuntimeOrigin::signed(OWNER), ASSET));
			let treasury = <Assets as frame_support::traits::fungibles::Inspect<_>>::balance(
				ASSET,
				&Treasury::get(),
			);
			run_to(System::block_number() + 2);
			let mut executed = executed_ids(&slashing_events());
			executed.sort();
			assert_eq!(executed, vec![0, 1]);
			assert_eq!(Assets::balance(ASSET, Treasury::get()), treasury + 2 * 300);
			check_invariants();
		});
	}

	/// One party with many requests pending cannot keep another AVS's request out: more
	/// requests are pending than any fixed chain-wide list would hold.
	#[test]
	fn any_avs_request_is_admitted_however_many_are_pending() {
		new_test_ext().execute_with(|| {
			setup(300, &[pct(30), pct(30), pct(30)], SlashDestination::Burn);
			let others = [BOB, acc(8)];
			for op in &others {
				assert_ok!(Operators::register_operator(
					RuntimeOrigin::signed(op.clone()),
					Perbill::zero(),
					Default::default()
				));
				assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), 0, op.clone(), STAKE));
				for avs in 0..3 {
					assert_ok!(Operators::opt_in(RuntimeOrigin::signed(op.clone()), avs));
					assert_ok!(Operators::allocate(
						RuntimeOrigin::signed(op.clone()),
						avs,
						0,
						pct(30)
					));
				}
			}
			run_to(System::block_number() + ALLOCATION_DELAY);
			let now = System::block_number();
			let mut n = 0;
			for op in core::iter::once(OPERATOR).chain(others) {
				for avs in 0..3 {
					assert_ok!(Slashing::request_slash(
						RuntimeOrigin::signed(SLASHER),
						avs,
						op.clone(),
						pct(10),
						now,
						H256::repeat_byte(1)
					));
					n += 1;
				}
			}
			assert_eq!(Requests::<Test>::iter().count(), n);
			assert_eq!(Due::<Test>::iter().count(), n);
			check_invariants();
			// All of them execute, two a block, first due first.
			run_to(now + VETO_WINDOW + 5);
			assert_eq!(Requests::<Test>::iter().count(), 0);
			check_invariants();
		});
	}
}

/// A vetoed request leaves no trace on the allocations.
mod veto_and_expiry_restore {
	use super::*;
	use bastion_primitives::OperatorsInspect;

	fn allocations() -> Vec<Option<pallet_operators::Allocation<BlockNumber>>> {
		(0..2).map(|avs| pallet_operators::Allocations::<Test>::get((OPERATOR, avs, 0))).collect()
	}

	fn slices() -> Vec<Balance> {
		(0..2)
			.map(|avs| Operators::slashable_fraction(&OPERATOR, avs, 0).mul_floor(pool_assets()))
			.collect()
	}

	/// X holds 50 %, Y 25 %; X's slasher requests half its slice and its own resolver
	/// vetoes, again and again: Y's allocation and slice never grow.
	#[test]
	fn a_vetoed_request_leaves_every_allocation_and_slice_exactly_as_before() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(50), pct(25)], SlashDestination::Burn);
			let (allocated, sliced) = (allocations(), slices());
			assert_eq!(sliced, vec![5_000, 2_500]);
			for round in 0..4u64 {
				assert_ok!(request(0, pct(50)));
				let id = round;
				assert_ok!(Slashing::veto_slash(RuntimeOrigin::signed(RESOLVER), id));
				assert_eq!(allocations(), allocated, "round {round}");
				assert_eq!(slices(), sliced, "round {round}");
				assert_eq!(pool_assets(), STAKE);
				check_invariants();
				run_to(System::block_number() + 5);
			}
		});
	}

	/// Executed, the slash rescales: Y keeps its slice in absolute terms, X's shrinks by
	/// what it took.
	#[test]
	fn an_executed_request_rescales_as_its_event_announced() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(50), pct(25)], SlashDestination::Burn);
			assert_ok!(request(0, pct(50)));
			let Some(Event::PoolEscrowed { slices: announced, .. }) =
				slashing_events().into_iter().next()
			else {
				panic!("no PoolEscrowed")
			};
			run_to(System::block_number() + VETO_WINDOW);
			assert!(Requests::<Test>::get(0).is_none());
			assert_eq!(announced.iter().map(|s| s.after).collect::<Vec<_>>(), slices());
			assert_eq!(slices(), vec![2_500, 2_500]);
			check_invariants();
		});
	}
}

/// Above 100 %, a request inside another's window cuts from what is left, as it would
/// after the first executed: the overlap shares the loss, never more.
#[test]
fn above_100_percent_a_second_request_in_the_window_takes_no_more_than_after_the_first() {
	new_test_ext().execute_with(|| {
		MAX_SLASH.with(|m| *m.borrow_mut() = pct(100));
		setup(200, &[pct(60), pct(60)], SlashDestination::Burn);
		assert_ok!(request(0, pct(100)));
		assert_eq!(pool_assets(), STAKE - 6_000);
		assert_ok!(request(1, pct(100)));
		// 60 % of the 4,000 left, not min(60 % of 10,000, 4,000).
		assert_eq!(pool_assets(), STAKE - 6_000 - 2_400);
		check_invariants();
		MAX_SLASH.with(|m| *m.borrow_mut() = pct(50));
	});
}

/// Within 100 %, another AVS's pending request changes no slice: a request inside its
/// window takes what it would have taken before it.
#[test]
fn within_100_percent_a_pending_request_shrinks_no_other_slice() {
	new_test_ext().execute_with(|| {
		setup(100, &[pct(50), pct(30)], SlashDestination::Burn);
		assert_ok!(request(0, pct(50)));
		assert_eq!(pool_assets(), STAKE - 2_500);
		assert_ok!(request(1, pct(50)));
		assert_eq!(pool_assets(), STAKE - 2_500 - 1_500);
		run_to(System::block_number() + VETO_WINDOW);
		// Executed: AVS 0 keeps 2,500, AVS 1 1,500 of the 6,000 left.
		let slices: Vec<Balance> = (0..2)
			.map(|avs| Operators::slashable_fraction(&OPERATOR, avs, 0).mul_floor(pool_assets()))
			.collect();
		assert_eq!(slices, vec![2_500, 1_500]);
		check_invariants();
	});
}

/// New exposure waits A, however it comes: a gate that closed and opens again revives the
/// allocations behind it only A blocks after the event announcing it.
mod new_exposure_waits_a {
	use super::*;
	use pallet_avs::AvsUpdate;

	fn slashable() -> Fraction {
		Operators::slashable_fraction(&OPERATOR, 0, 0)
	}

	fn vaults(add: &[u32], remove: &[u32]) -> pallet_avs::AvsUpdateOf<Test> {
		AvsUpdate {
			metadata: None,
			rules: None,
			min_operator_stake: None,
			operator_policy: None,
			add_vaults: BoundedVec::truncate_from(add.to_vec()),
			remove_vaults: BoundedVec::truncate_from(remove.to_vec()),
		}
	}

	/// The AVS drops the vault; once the drop took effect Bob deposits, then the AVS
	/// accepts the vault again: Bob's stake is not slashable until A after that.
	#[test]
	fn an_avs_accepting_a_vault_again_waits_a() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(100)], SlashDestination::Burn);
			assert_eq!(slashable(), pct(100));
			let t = System::block_number();
			assert_ok!(Avs::update_avs(RuntimeOrigin::signed(OWNER), 0, vaults(&[], &[0])));
			// Still slashable while being dropped; accepting it again now is refused.
			assert_eq!(slashable(), pct(100));
			assert_noop!(
				Avs::update_avs(RuntimeOrigin::signed(OWNER), 0, vaults(&[0], &[])),
				pallet_avs::Error::<Test>::VaultBeingDropped
			);
			run_to(t + DEALLOCATION_DELAY);
			assert_eq!(slashable(), Fraction::zero());
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, 5_000));
			assert_ok!(Avs::update_avs(RuntimeOrigin::signed(OWNER), 0, vaults(&[0], &[])));
			let accepted_at = System::block_number();
			assert!(System::events().iter().any(|r| r.event
				== RuntimeEvent::Avs(pallet_avs::Event::VaultAccepted {
					avs: 0,
					vault: 0,
					slashable_from: accepted_at + ALLOCATION_DELAY
				})));
			assert_eq!(slashable(), Fraction::zero());
			assert_noop!(request(0, pct(50)), Error::<Test>::NothingToSlash);
			run_to(accepted_at + ALLOCATION_DELAY - 1);
			assert_eq!(slashable(), Fraction::zero());
			run_to(accepted_at + ALLOCATION_DELAY);
			assert_eq!(slashable(), pct(100));
			check_invariants();
		});
	}

	#[test]
	fn a_curator_approving_an_avs_again_waits_a() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(100)], SlashDestination::Burn);
			let t = System::block_number();
			assert_ok!(Vaults::revoke_avs(RuntimeOrigin::signed(CURATOR), 0, 0));
			assert_noop!(
				Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), 0, 0),
				pallet_vaults::Error::<Test>::AvsBeingRevoked
			);
			run_to(t + DEALLOCATION_DELAY);
			assert_eq!(slashable(), Fraction::zero());
			assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), 0, 0));
			let approved_at = System::block_number();
			assert_eq!(slashable(), Fraction::zero());
			assert_noop!(request(0, pct(50)), Error::<Test>::NothingToSlash);
			run_to(approved_at + ALLOCATION_DELAY);
			assert_eq!(slashable(), pct(100));
			check_invariants();
		});
	}

	/// An operator that opted out cannot take it back: that would keep its stake slashable
	/// past the end the opt-out announced.
	#[test]
	fn an_operator_cannot_cancel_an_opt_out() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(100)], SlashDestination::Burn);
			let t = System::block_number();
			assert_ok!(Operators::opt_out(RuntimeOrigin::signed(OPERATOR), 0));
			assert_noop!(
				Operators::opt_in(RuntimeOrigin::signed(OPERATOR), 0),
				pallet_operators::Error::<Test>::OptOutPending
			);
			run_to(t + DEALLOCATION_DELAY);
			assert_eq!(slashable(), Fraction::zero());
			// Opting in again after the end starts afresh: nothing allocated, allocations wait A.
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OPERATOR), 0));
			assert_eq!(slashable(), Fraction::zero());
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(OPERATOR), 0, 0, pct(100)));
			run_to(System::block_number() + ALLOCATION_DELAY - 1);
			assert_eq!(slashable(), Fraction::zero());
			run_to(System::block_number() + 1);
			assert_eq!(slashable(), pct(100));
			check_invariants();
		});
	}
}

mod proven {
	use super::*;
	use bastion_primitives::ProvenSlashes;

	fn proven(fraction: Fraction) -> Result<u64, sp_runtime::DispatchError> {
		let now = System::block_number();
		<Slashing as ProvenSlashes<_, _>>::request_proven_slash(
			SLASHER,
			0,
			OPERATOR,
			fraction,
			now,
			H256::repeat_byte(2),
		)
	}

	#[test]
	fn a_raise_escrows_the_difference_and_a_veto_returns_it_all() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			// Slice 4_000: 10 % = 400 at once, without a deposit.
			let id = proven(pct(10)).unwrap();
			assert_eq!(pool_assets(), 9_600);
			assert_eq!(Balances::balance_on_hold(&HoldReason::RequestDeposit.into(), &SLASHER), 0);
			assert_eq!(
				<Slashing as ProvenSlashes<_, _>>::pending_proven_slash(0, &OPERATOR),
				Some((id, pct(10)))
			);
			slashing_events();
			// Raised to 25 %: 600 more, the window unchanged.
			let window = Requests::<Test>::get(id).unwrap().executable_at;
			assert_ok!(<Slashing as ProvenSlashes<_, _>>::raise_proven_slash(
				&SLASHER,
				id,
				pct(25)
			));
			assert_eq!(pool_assets(), 9_000);
			assert_eq!(
				slashing_events(),
				vec![
					Event::PoolEscrowed {
						id,
						vault: 0,
						operator: OPERATOR,
						amount: 600,
						slices: vec![SliceChange { avs: 0, before: 4_000, after: 3_400 }],
					},
					Event::SlashRaised { id, fraction: pct(25), added: 600, executable_at: window },
				]
			);
			let request = Requests::<Test>::get(id).unwrap();
			assert_eq!((request.fraction, request.executable_at), (pct(25), window));
			assert_eq!(request.pools.into_inner(), vec![(0, 1_000)]);
			check_invariants();
			// Not lower, not above the cap, not by another account.
			for (who, fraction, error) in [
				(SLASHER, pct(25), Error::<Test>::FractionNotRaised),
				(SLASHER, pct(60), Error::<Test>::FractionAboveCap),
				(RESOLVER, pct(30), Error::<Test>::NotSlasher),
			] {
				assert_noop!(
					<Slashing as ProvenSlashes<_, _>>::raise_proven_slash(&who, id, fraction),
					error
				);
			}
			// Vetoed: every unit escrowed returns.
			assert_ok!(Slashing::veto_slash(RuntimeOrigin::root(), id));
			assert_eq!(pool_assets(), STAKE);
			assert_eq!(<Slashing as ProvenSlashes<_, _>>::pending_proven_slash(0, &OPERATOR), None);
			check_invariants();
		});
	}

	#[test]
	fn a_raised_request_executes_its_whole_escrow() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			let id = proven(pct(10)).unwrap();
			assert_ok!(<Slashing as ProvenSlashes<_, _>>::raise_proven_slash(
				&SLASHER,
				id,
				pct(25)
			));
			run_to(System::block_number() + VETO_WINDOW);
			assert!(Requests::<Test>::get(id).is_none());
			assert_eq!(pool_assets(), 9_000);
			assert_eq!(pallet_vaults::VaultInfo::<Test>::get(0).unwrap().escrowed, 0);
			check_invariants();
		});
	}

	#[test]
	fn a_proven_request_is_not_held_back_by_the_cooldown() {
		new_test_ext().execute_with(|| {
			setup(100, &[pct(40)], SlashDestination::Burn);
			let id = proven(pct(10)).unwrap();
			assert_ok!(Slashing::veto_slash(RuntimeOrigin::root(), id));
			// The AVS's cooldown (5 blocks) has not passed for an accusation of its own…
			assert_noop!(request(0, pct(10)), Error::<Test>::InCooldown);
			// …but evidence the chain verified is filed.
			assert_ok!(proven(pct(10)));
		});
	}
}
