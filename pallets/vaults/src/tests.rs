//! Unit tests: every call's success path, its errors and its events, and the attacks on
//! the share price, with numbers.

use crate::{
	mock::*,
	pallet::*,
	types::{Pool, VaultParams, VaultParamsUpdate, Withdrawal, WithdrawalAmount},
	Error, Event,
};
use bastion_primitives::{Approval, PoolStake, VaultsInspect};
use {
	frame_support::{
		assert_noop, assert_ok,
		traits::{
			fungible::{Inspect as _, InspectHold as _, Mutate as _, NativeOrWithId},
			fungibles::{Inspect as _, Mutate as _},
			tokens::Preservation,
		},
	},
	sp_runtime::DispatchError,
};

type Union = <Test as crate::Config>::Assets;

const W: BlockNumber = 50;

fn params() -> VaultParams<BlockNumber> {
	VaultParams { withdrawal_delay: W, deposit_cap: 1_000_000, min_deposit: 100, max_restake: 200 }
}

fn native_vault() -> u32 {
	assert_ok!(Vaults::create_vault(
		RuntimeOrigin::signed(CURATOR),
		NativeOrWithId::Native,
		params()
	));
	NextVaultId::<Test>::get() - 1
}

fn usdx_vault() -> u32 {
	assert_ok!(Vaults::approve_asset(RuntimeOrigin::root(), NativeOrWithId::WithId(USDX)));
	assert_ok!(Vaults::create_vault(
		RuntimeOrigin::signed(CURATOR),
		NativeOrWithId::WithId(USDX),
		params()
	));
	NextVaultId::<Test>::get() - 1
}

fn vault_balance(vault: u32) -> Balance {
	let asset = VaultInfo::<Test>::get(vault).unwrap().asset;
	Union::balance(asset, &Vaults::vault_account(vault))
}

fn position(vault: u32, operator: AccountId, staker: AccountId) -> PositionOf<Test> {
	Positions::<Test>::get((vault, operator, staker)).expect("position exists")
}

fn pool(vault: u32, operator: AccountId) -> Pool {
	Pools::<Test>::get(vault, operator).expect("pool exists")
}

fn check_invariants() {
	Vaults::do_try_state().expect("invariants hold");
}

/// Simulates a slash of the pool (the slashing pallet does this through its trait).
fn slash_pool(vault: u32, operator: AccountId, amount: Balance) {
	Pools::<Test>::mutate(vault, operator, |p| p.as_mut().unwrap().total_assets -= amount);
	VaultInfo::<Test>::mutate(vault, |v| v.as_mut().unwrap().staked -= amount);
	let asset = VaultInfo::<Test>::get(vault).unwrap().asset;
	Union::transfer(asset, &Vaults::vault_account(vault), &acc(99), amount, Preservation::Preserve)
		.unwrap();
}

mod assets {
	use super::*;

	#[test]
	fn governance_approves_and_unapproves_assets() {
		new_test_ext().execute_with(|| {
			let asset = NativeOrWithId::WithId(USDX);
			assert_noop!(
				Vaults::approve_asset(RuntimeOrigin::signed(ALICE), asset.clone()),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Vaults::approve_asset(RuntimeOrigin::root(), NativeOrWithId::Native),
				Error::<Test>::NativeAssetAlwaysApproved
			);
			assert_ok!(Vaults::approve_asset(RuntimeOrigin::root(), asset.clone()));
			assert_noop!(
				Vaults::approve_asset(RuntimeOrigin::root(), asset.clone()),
				Error::<Test>::AssetAlreadyApproved
			);
			assert_ok!(Vaults::unapprove_asset(RuntimeOrigin::root(), asset.clone()));
			assert_noop!(
				Vaults::unapprove_asset(RuntimeOrigin::root(), asset.clone()),
				Error::<Test>::AssetNotApproved
			);
			assert_eq!(
				vault_events(),
				vec![
					Event::AssetApproved { asset: asset.clone() },
					Event::AssetUnapproved { asset }
				]
			);
		});
	}
}

mod create_vault {
	use super::*;

	#[test]
	fn holds_the_deposit_and_seeds_the_reserve() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			assert_eq!(vault, 0);
			let account = Vaults::vault_account(vault);
			assert_eq!(
				Balances::balance_on_hold(&HoldReason::VaultDeposit.into(), &CURATOR),
				VAULT_DEPOSIT
			);
			// The native minimum balance (ED) moved into the vault account as its reserve.
			assert_eq!(Balances::balance(&account), ED);
			assert_eq!(Balances::balance(&CURATOR), INITIAL - VAULT_DEPOSIT - ED);
			let info = VaultInfo::<Test>::get(vault).unwrap();
			assert_eq!(
				(info.curator, info.reserve, info.escrowed, info.paused),
				(CURATOR, ED, 0, false)
			);
			assert_eq!(
				vault_events(),
				vec![Event::VaultCreated {
					vault,
					curator: CURATOR,
					asset: NativeOrWithId::Native,
					params: params(),
					account,
				}]
			);
			// Ids are never reused.
			assert_eq!(native_vault(), 1);
			check_invariants();
		});
	}

	#[test]
	fn a_non_native_vault_needs_governance_approval() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				Vaults::create_vault(
					RuntimeOrigin::signed(CURATOR),
					NativeOrWithId::WithId(USDX),
					params()
				),
				Error::<Test>::AssetNotApproved
			);
			let vault = usdx_vault();
			assert_eq!(vault_balance(vault), USDX_MIN_BALANCE);
			check_invariants();
		});
	}

	#[test]
	fn rejects_bad_parameters() {
		new_test_ext().execute_with(|| {
			let create = |p: VaultParams<BlockNumber>| {
				Vaults::create_vault(RuntimeOrigin::signed(CURATOR), NativeOrWithId::Native, p)
			};
			assert_noop!(
				create(VaultParams { max_restake: 0, ..params() }),
				Error::<Test>::InvalidMaxRestake
			);
			assert_noop!(
				create(VaultParams { max_restake: 501, ..params() }),
				Error::<Test>::InvalidMaxRestake
			);
			assert_noop!(
				create(VaultParams { min_deposit: 9, ..params() }),
				Error::<Test>::MinDepositTooLow
			);
			assert_noop!(
				create(VaultParams { deposit_cap: 99, ..params() }),
				Error::<Test>::DepositCapTooLow
			);
			// W must exceed E + min V = 40 …
			assert_noop!(
				create(VaultParams { withdrawal_delay: 40, ..params() }),
				Error::<Test>::WithdrawalDelayTooShort
			);
			// … stay within D = 90 …
			assert_noop!(
				create(VaultParams { withdrawal_delay: 91, ..params() }),
				Error::<Test>::DeallocationDelayTooShort
			);
			// … and below A = 100.
			assert_noop!(
				create(VaultParams { withdrawal_delay: 100, ..params() }),
				Error::<Test>::WithdrawalDelayTooLong
			);
			assert_noop!(
				Vaults::create_vault(RuntimeOrigin::none(), NativeOrWithId::Native, params()),
				DispatchError::BadOrigin
			);
		});
	}
}

mod set_vault_params {
	use super::*;

	#[test]
	fn cap_min_deposit_and_a_lower_restake_apply_at_once() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			vault_events();
			let update = VaultParamsUpdate {
				deposit_cap: Some(5_000),
				min_deposit: Some(200),
				max_restake: Some(150),
				withdrawal_delay: None,
			};
			assert_ok!(Vaults::set_vault_params(RuntimeOrigin::signed(CURATOR), vault, update));
			let expected =
				VaultParams { deposit_cap: 5_000, min_deposit: 200, max_restake: 150, ..params() };
			assert_eq!(VaultInfo::<Test>::get(vault).unwrap().params, expected);
			assert_eq!(vault_events(), vec![Event::VaultParamsUpdated { vault, params: expected }]);
		});
	}

	#[test]
	fn a_higher_restake_and_a_new_withdrawal_delay_wait_for_the_current_delay() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			vault_events();
			let update = VaultParamsUpdate {
				max_restake: Some(300),
				withdrawal_delay: Some(60),
				..Default::default()
			};
			assert_ok!(Vaults::set_vault_params(RuntimeOrigin::signed(CURATOR), vault, update));
			assert_eq!(
				vault_events(),
				vec![Event::VaultParamsScheduled {
					vault,
					withdrawal_delay: Some(60),
					max_restake: Some(300),
					effective_at: 1 + W,
				}]
			);
			assert_eq!(Vaults::max_restake(vault), Some(200));
			assert_eq!(Vaults::withdrawal_delay_bounds(vault), Some((50, 60)));
			run_to(W);
			assert_eq!(Vaults::max_restake(vault), Some(200));
			run_to(1 + W);
			assert_eq!(Vaults::max_restake(vault), Some(300));
			assert_eq!(Vaults::withdrawal_delay_bounds(vault), Some((60, 60)));
		});
	}

	/// A curator schedules a raise of `max_restake`, then lowers it: the scheduled raise
	/// must not undo the lowering when it falls due.
	#[test]
	fn a_lowering_cancels_a_scheduled_raise() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			let set = |max_restake: Option<u32>, withdrawal_delay: Option<BlockNumber>| {
				Vaults::set_vault_params(
					RuntimeOrigin::signed(CURATOR),
					vault,
					VaultParamsUpdate { max_restake, withdrawal_delay, ..Default::default() },
				)
			};
			assert_ok!(set(Some(300), Some(60)));
			vault_events();
			assert_ok!(set(Some(100), None));
			let lowered = VaultParams { max_restake: 100, ..params() };
			assert_eq!(
				vault_events(),
				vec![
					Event::VaultParamsUpdated { vault, params: lowered },
					// The W change stays scheduled; the raise is gone.
					Event::VaultParamsScheduled {
						vault,
						withdrawal_delay: Some(60),
						max_restake: None,
						effective_at: 1 + W,
					},
				]
			);
			// Setting the current W cancels the scheduled one: nothing is left.
			assert_ok!(set(None, Some(W)));
			assert_eq!(vault_events(), vec![Event::ScheduledParamsCancelled { vault }]);
			run_to(1 + W);
			assert_eq!(Vaults::max_restake(vault), Some(100));
			assert_eq!(Vaults::withdrawal_delay_bounds(vault), Some((W, W)));
		});
	}

	#[test]
	fn checks_the_new_delay_against_the_approved_avss() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			stubs::add_avs(7, 15);
			assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), vault, 7));
			// E + V = 45: W = 45 is refused, 46 accepted.
			let to = |w| VaultParamsUpdate { withdrawal_delay: Some(w), ..Default::default() };
			assert_noop!(
				Vaults::set_vault_params(RuntimeOrigin::signed(CURATOR), vault, to(45)),
				Error::<Test>::WithdrawalDelayTooShort
			);
			assert_ok!(Vaults::set_vault_params(RuntimeOrigin::signed(CURATOR), vault, to(46)));
		});
	}

	#[test]
	fn only_the_curator_and_only_a_real_change() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			let update = VaultParamsUpdate { deposit_cap: Some(7_000), ..Default::default() };
			assert_noop!(
				Vaults::set_vault_params(RuntimeOrigin::signed(ALICE), vault, update.clone()),
				Error::<Test>::NotCurator
			);
			assert_noop!(
				Vaults::set_vault_params(RuntimeOrigin::signed(CURATOR), 9, update),
				Error::<Test>::VaultNotFound
			);
			assert_noop!(
				Vaults::set_vault_params(RuntimeOrigin::signed(CURATOR), vault, Default::default()),
				Error::<Test>::NothingToUpdate
			);
		});
	}
}

mod deposit {
	use super::*;

	#[test]
	fn mints_shares_and_moves_the_asset() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			vault_events();
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 1_000));
			// First deposit: VirtualShares shares per unit.
			assert_eq!(position(vault, OPERATOR, ALICE).shares, 1_000 * VIRTUAL_SHARES);
			assert_eq!(
				pool(vault, OPERATOR),
				Pool {
					total_assets: 1_000,
					total_shares: 1_000_000,
					exiting_shares: 0,
					escrowed: 0,
					observed: false
				}
			);
			// Nothing else is taken or held: MinDeposit is what a position costs.
			assert_eq!(Balances::balance(&ALICE), INITIAL - 1_000);
			assert_eq!(Balances::total_balance_on_hold(&ALICE), 0);
			assert_eq!(vault_balance(vault), ED + 1_000);
			assert_eq!(
				vault_events(),
				vec![Event::Deposited {
					vault,
					operator: OPERATOR,
					staker: ALICE,
					amount: 1_000,
					shares: 1_000_000
				}]
			);
			// A second deposit adds to the same position.
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 500));
			assert_eq!(StakerPositions::<Test>::get(ALICE).len(), 1);
			assert_eq!(
				Vaults::pool_stake(vault, &OPERATOR),
				PoolStake { total: 1_500, active: 1_500, escrowed: 0 }
			);
			check_invariants();
		});
	}

	#[test]
	fn works_for_a_pallet_assets_vault() {
		new_test_ext().execute_with(|| {
			let vault = usdx_vault();
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 2_000));
			assert_eq!(Assets::balance(USDX, ALICE), INITIAL - 2_000);
			assert_eq!(vault_balance(vault), USDX_MIN_BALANCE + 2_000);
			check_invariants();
		});
	}

	#[test]
	fn refuses_what_the_vault_or_pool_does_not_allow() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			let deposit =
				|who, op, amount| Vaults::deposit(RuntimeOrigin::signed(who), vault, op, amount);
			assert_noop!(
				Vaults::deposit(RuntimeOrigin::signed(ALICE), 9, OPERATOR, 1_000),
				Error::<Test>::VaultNotFound
			);
			assert_noop!(deposit(ALICE, acc(55), 1_000), Error::<Test>::OperatorNotActive);
			assert_noop!(deposit(ALICE, OPERATOR, 99), Error::<Test>::BelowMinDeposit);
			assert_noop!(deposit(ALICE, OPERATOR, 1_000_001), Error::<Test>::DepositCapExceeded);
			assert_ok!(Vaults::pause_vault(RuntimeOrigin::signed(CURATOR), vault));
			assert_noop!(deposit(ALICE, OPERATOR, 1_000), Error::<Test>::VaultPaused);
			assert_ok!(Vaults::resume_vault(RuntimeOrigin::signed(CURATOR), vault));
			// The cap counts what the pools already hold.
			assert_ok!(deposit(ALICE, OPERATOR, 600_000));
			assert_noop!(deposit(BOB, OPERATOR_2, 400_001), Error::<Test>::DepositCapExceeded);
			assert_ok!(deposit(BOB, OPERATOR_2, 400_000));
			// What a withdrawal pays out makes room again.
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(BOB),
				vault,
				OPERATOR_2,
				WithdrawalAmount::All
			));
			run_to(1 + W);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(BOB), vault, OPERATOR_2));
			// Tokens sent straight to the vault account neither buy shares nor count against
			// the cap: a griefer cannot close the vault to deposits.
			assert_ok!(Balances::transfer_keep_alive(
				RuntimeOrigin::signed(acc(5)),
				Vaults::vault_account(vault),
				300_000
			));
			assert_noop!(deposit(BOB, OPERATOR_2, 400_001), Error::<Test>::DepositCapExceeded);
			assert_ok!(deposit(BOB, OPERATOR_2, 400_000));
			assert_noop!(deposit(ALICE, OPERATOR, 100), Error::<Test>::DepositCapExceeded);
			assert_eq!(pool(vault, OPERATOR).total_assets, 600_000);
			assert_eq!(VaultInfo::<Test>::get(vault).map(|v| v.staked), Some(1_000_000));
			check_invariants();
		});
	}

	#[test]
	fn bounds_the_positions_of_an_account() {
		new_test_ext().execute_with(|| {
			for _ in 0..MAX_POSITIONS {
				let vault = native_vault();
				assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 100));
			}
			let vault = native_vault();
			assert_noop!(
				Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 100),
				Error::<Test>::TooManyPositions
			);
		});
	}

	#[test]
	fn a_deposit_worth_no_share_is_refused() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			// A pool left with dust assets and no shares: 100 assets buy 100·1000/(10⁹+1) = 0 shares.
			Pools::<Test>::insert(
				vault,
				OPERATOR,
				Pool {
					total_assets: 1_000_000_000,
					total_shares: 0,
					exiting_shares: 0,
					escrowed: 0,
					observed: false,
				},
			);
			assert_noop!(
				Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 100),
				Error::<Test>::ZeroShares
			);
		});
	}
}

/// The benchmarks move the native token; moving another asset costs more, and every call
/// that moves one is charged it on top.
mod asset_weights {
	use super::*;
	use crate::WeightInfo as _;
	use frame_support::dispatch::GetDispatchInfo;

	type Weights = <Test as Config>::WeightInfo;

	#[test]
	fn a_call_moving_an_asset_other_than_the_native_token_is_charged_the_surcharge() {
		new_test_ext().execute_with(|| {
			let surcharge = AssetSurcharge::get();
			assert!(surcharge.ref_time() > 0);
			// Named in the call: charged before dispatch.
			let create = |asset| {
				Call::<Test>::create_vault { asset, params: params() }
					.get_dispatch_info()
					.call_weight
			};
			assert_eq!(create(NativeOrWithId::Native), Weights::create_vault());
			assert_eq!(create(NativeOrWithId::WithId(USDX)), Weights::create_vault() + surcharge);
			// Known only once the vault is read: the most before dispatch, refunded after.
			let deposit = Call::<Test>::deposit { vault: 0, operator: OPERATOR, amount: 1_000 };
			let complete = Call::<Test>::complete_withdrawal { vault: 0, operator: OPERATOR };
			for call_weight in [deposit.get_dispatch_info(), complete.get_dispatch_info()]
				.map(|info| info.call_weight)
			{
				assert!(call_weight.ref_time() >= surcharge.ref_time());
			}

			let (native, usdx) = (native_vault(), usdx_vault());
			let deposit = |vault| {
				Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 1_000)
					.unwrap()
					.actual_weight
					.unwrap()
			};
			// Neither pool is observed: the unrewarded deposit, opening a first position,
			// then a second.
			assert_eq!(deposit(native), Weights::deposit_unrewarded(0));
			assert_eq!(deposit(usdx), Weights::deposit_unrewarded(1) + surcharge);

			let request = |vault| {
				Vaults::request_withdrawal(
					RuntimeOrigin::signed(ALICE),
					vault,
					OPERATOR,
					WithdrawalAmount::All,
				)
			};
			assert_ok!(request(native));
			assert_ok!(request(usdx));
			run_to(1 + W);
			let complete = |vault| {
				Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR)
					.unwrap()
					.actual_weight
					.unwrap()
			};
			assert_eq!(complete(native), Weights::complete_withdrawal(1, 0));
			assert_eq!(complete(usdx), Weights::complete_withdrawal(1, 0) + surcharge);
		});
	}
}

mod withdrawals {
	use super::*;

	fn setup() -> u32 {
		let vault = native_vault();
		assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 1_000));
		vault_events();
		vault
	}

	#[test]
	fn a_request_queues_shares_that_unlock_after_the_delay() {
		new_test_ext().execute_with(|| {
			let vault = setup();
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				vault,
				OPERATOR,
				WithdrawalAmount::Assets(400)
			));
			let p = position(vault, OPERATOR, ALICE);
			assert_eq!(p.shares, 600_000);
			assert_eq!(
				p.withdrawals.to_vec(),
				vec![Withdrawal { shares: 400_000, unlock_at: 1 + W }]
			);
			assert_eq!(pool(vault, OPERATOR).exiting_shares, 400_000);
			// Exiting stake still counts for slices but not for rewards.
			assert_eq!(
				Vaults::pool_stake(vault, &OPERATOR),
				PoolStake { total: 1_000, active: 600, escrowed: 0 }
			);
			assert_eq!(
				vault_events(),
				vec![Event::WithdrawalRequested {
					vault,
					operator: OPERATOR,
					staker: ALICE,
					shares: 400_000,
					value: 400,
					unlock_at: 1 + W
				}]
			);
			check_invariants();
		});
	}

	#[test]
	fn completion_pays_at_the_price_then_and_closes_an_empty_position() {
		new_test_ext().execute_with(|| {
			let vault = setup();
			let req = |amount| {
				Vaults::request_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR, amount)
			};
			assert_ok!(req(WithdrawalAmount::All));
			assert_noop!(
				Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR),
				Error::<Test>::NoWithdrawalReady
			);
			run_to(W);
			assert_noop!(
				Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR),
				Error::<Test>::NoWithdrawalReady
			);
			run_to(1 + W);
			vault_events();
			let before = Balances::balance(&ALICE);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR));
			// 1_000_000 shares · 1_001 / 1_001_000 = 1_000: the whole deposit back.
			assert_eq!(Balances::balance(&ALICE), before + 1_000);
			assert!(Positions::<Test>::get((vault, OPERATOR, ALICE)).is_none());
			assert_eq!(StakerPositions::<Test>::get(ALICE).len(), 0);
			assert_eq!(
				vault_events(),
				vec![
					Event::WithdrawalCompleted {
						vault,
						operator: OPERATOR,
						staker: ALICE,
						shares: 1_000_000,
						amount: 1_000
					},
					Event::PositionClosed { vault, operator: OPERATOR, staker: ALICE },
				]
			);
			assert_eq!(vault_balance(vault), ED);
			check_invariants();
		});
	}

	#[test]
	fn a_slash_during_the_delay_reaches_queued_shares() {
		new_test_ext().execute_with(|| {
			let vault = setup();
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				vault,
				OPERATOR,
				WithdrawalAmount::All
			));
			slash_pool(vault, OPERATOR, 250);
			run_to(1 + W);
			let before = Balances::balance(&ALICE);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR));
			// 1_000_000 · 751 / 1_001_000 = 750.
			assert_eq!(Balances::balance(&ALICE), before + 750);
			check_invariants();
		});
	}

	#[test]
	fn only_matured_requests_are_paid() {
		new_test_ext().execute_with(|| {
			let vault = setup();
			let req = |s| {
				Vaults::request_withdrawal(
					RuntimeOrigin::signed(ALICE),
					vault,
					OPERATOR,
					WithdrawalAmount::Shares(s),
				)
			};
			assert_ok!(req(100_000));
			run_to(11);
			assert_ok!(req(200_000));
			run_to(1 + W);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR));
			let p = position(vault, OPERATOR, ALICE);
			assert_eq!(
				p.withdrawals.to_vec(),
				vec![Withdrawal { shares: 200_000, unlock_at: 11 + W }]
			);
			assert_eq!(p.shares, 700_000);
			check_invariants();
		});
	}

	#[test]
	fn requests_are_checked() {
		new_test_ext().execute_with(|| {
			let vault = setup();
			let req = |who, amount| {
				Vaults::request_withdrawal(RuntimeOrigin::signed(who), vault, OPERATOR, amount)
			};
			assert_noop!(req(BOB, WithdrawalAmount::All), Error::<Test>::PositionNotFound);
			assert_noop!(req(ALICE, WithdrawalAmount::Shares(0)), Error::<Test>::ZeroWithdrawal);
			assert_noop!(
				req(ALICE, WithdrawalAmount::Shares(1_000_001)),
				Error::<Test>::InsufficientShares
			);
			assert_noop!(
				req(ALICE, WithdrawalAmount::Assets(1_001)),
				Error::<Test>::InsufficientShares
			);
			for _ in 0..MAX_WITHDRAWALS {
				assert_ok!(req(ALICE, WithdrawalAmount::Shares(1)));
			}
			assert_noop!(
				req(ALICE, WithdrawalAmount::Shares(1)),
				Error::<Test>::TooManyWithdrawals
			);
			assert_noop!(
				Vaults::complete_withdrawal(RuntimeOrigin::signed(BOB), vault, OPERATOR),
				Error::<Test>::PositionNotFound
			);
		});
	}

	#[test]
	fn withdrawals_go_on_while_paused() {
		new_test_ext().execute_with(|| {
			let vault = setup();
			assert_ok!(Vaults::pause_vault(RuntimeOrigin::signed(CURATOR), vault));
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				vault,
				OPERATOR,
				WithdrawalAmount::All
			));
			run_to(1 + W);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR));
		});
	}
}

mod curator {
	use super::*;

	#[test]
	fn pause_and_resume() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			vault_events();
			assert_noop!(
				Vaults::pause_vault(RuntimeOrigin::signed(ALICE), vault),
				Error::<Test>::NotCurator
			);
			assert_noop!(
				Vaults::resume_vault(RuntimeOrigin::signed(CURATOR), vault),
				Error::<Test>::VaultNotPaused
			);
			assert_ok!(Vaults::pause_vault(RuntimeOrigin::signed(CURATOR), vault));
			assert!(Vaults::is_paused(vault));
			assert_noop!(
				Vaults::pause_vault(RuntimeOrigin::signed(CURATOR), vault),
				Error::<Test>::VaultPaused
			);
			assert_ok!(Vaults::resume_vault(RuntimeOrigin::signed(CURATOR), vault));
			assert_eq!(
				vault_events(),
				vec![Event::VaultPaused { vault }, Event::VaultResumed { vault }]
			);
		});
	}

	#[test]
	fn approve_and_revoke_avss() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			stubs::add_avs(1, 10);
			vault_events();
			let approve = |who, avs| Vaults::approve_avs(RuntimeOrigin::signed(who), vault, avs);
			let revoke = |who, avs| Vaults::revoke_avs(RuntimeOrigin::signed(who), vault, avs);
			assert_noop!(approve(ALICE, 1), Error::<Test>::NotCurator);
			assert_noop!(approve(CURATOR, 2), Error::<Test>::AvsNotActive);
			assert_noop!(revoke(CURATOR, 1), Error::<Test>::AvsNotApproved);
			assert_ok!(approve(CURATOR, 1));
			assert_eq!(
				Vaults::avs_approval(vault, 1),
				Approval::Yes { from: 1 + ALLOCATION_DELAY }
			);
			assert_noop!(approve(CURATOR, 1), Error::<Test>::AvsAlreadyApproved);
			assert_ok!(revoke(CURATOR, 1));
			assert_eq!(
				Vaults::avs_approval(vault, 1),
				Approval::Leaving { from: 1 + ALLOCATION_DELAY, until: 1 + DEALLOCATION_DELAY }
			);
			assert_noop!(revoke(CURATOR, 1), Error::<Test>::AvsNotApproved);
			run_to(1 + DEALLOCATION_DELAY);
			assert_eq!(Vaults::avs_approval(vault, 1), Approval::No);
			assert_eq!(
				vault_events(),
				vec![
					Event::AvsApproved { vault, avs: 1, slashable_from: 1 + ALLOCATION_DELAY },
					Event::AvsRevoked { vault, avs: 1, effective_at: 1 + DEALLOCATION_DELAY }
				]
			);
		});
	}

	#[test]
	fn an_avs_whose_veto_window_does_not_fit_is_refused() {
		new_test_ext().execute_with(|| {
			let vault = native_vault(); // W = 50, E = 30
			stubs::add_avs(1, 20);
			assert_noop!(
				Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), vault, 1),
				Error::<Test>::WithdrawalDelayTooShort
			);
			stubs::add_avs(2, 19);
			assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), vault, 2));
		});
	}

	#[test]
	fn approvals_are_bounded_and_expired_ones_make_room() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			for avs in 0..=MAX_AVS_PER_VAULT {
				stubs::add_avs(avs, 10);
			}
			for avs in 0..MAX_AVS_PER_VAULT {
				assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), vault, avs));
			}
			assert_noop!(
				Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), vault, MAX_AVS_PER_VAULT),
				Error::<Test>::TooManyAvs
			);
			assert_ok!(Vaults::revoke_avs(RuntimeOrigin::signed(CURATOR), vault, 0));
			run_to(1 + DEALLOCATION_DELAY);
			assert_ok!(Vaults::approve_avs(
				RuntimeOrigin::signed(CURATOR),
				vault,
				MAX_AVS_PER_VAULT
			));
		});
	}
}

/// The three attacks on a share price, with numbers.
mod attacks {
	use super::*;

	#[test]
	fn first_depositor_inflation_attack_fails() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			const ATTACKER: AccountId = acc(4);
			// The attacker opens the pool with the minimum deposit…
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ATTACKER), vault, OPERATOR, 100));
			// …and "donates" 500_000 straight to the vault account to inflate the price.
			Balances::transfer(
				&ATTACKER,
				&Vaults::vault_account(vault),
				500_000,
				Preservation::Preserve,
			)
			.unwrap();
			// The donation is not in the ledger: the price has not moved.
			assert_eq!(pool(vault, OPERATOR).total_assets, 100);
			// The victim deposits 400_000 and gets shares at the honest price.
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 400_000));
			let victim_shares = position(vault, OPERATOR, ALICE).shares;
			// 400_000 · (100_000 + 1_000) / (100 + 1) = 400_000_000 shares: 1_000 per unit,
			// exactly the price the ATTACKER paid.
			assert_eq!(victim_shares, 400_000_000);
			// Both leave; the victim loses at most one unit to rounding, the ATTACKER gains nothing.
			for who in [ALICE, ATTACKER] {
				assert_ok!(Vaults::request_withdrawal(
					RuntimeOrigin::signed(who),
					vault,
					OPERATOR,
					WithdrawalAmount::All
				));
			}
			run_to(1 + W);
			let alice_before = Balances::balance(&ALICE);
			let attacker_before = Balances::balance(&ATTACKER);
			for who in [ALICE, ATTACKER] {
				assert_ok!(Vaults::complete_withdrawal(
					RuntimeOrigin::signed(who),
					vault,
					OPERATOR
				));
			}
			let alice_got = Balances::balance(&ALICE) - alice_before;
			let attacker_got = Balances::balance(&ATTACKER) - attacker_before;
			assert!(alice_got >= 400_000 - 1, "victim got {alice_got}");
			assert!(attacker_got <= 100, "ATTACKER got {attacker_got}");
			// The donation stays in the account, outside every ledger.
			assert_eq!(vault_balance(vault), ED + 500_000 + (400_100 - alice_got - attacker_got));
		});
	}

	#[test]
	fn a_donation_changes_no_price() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 1_000));
			let before = Vaults::pool_stake(vault, &OPERATOR);
			Balances::transfer(&BOB, &Vaults::vault_account(vault), 10_000, Preservation::Preserve)
				.unwrap();
			assert_eq!(Vaults::pool_stake(vault, &OPERATOR), before);
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), vault, OPERATOR, 1_000));
			assert_eq!(
				position(vault, OPERATOR, BOB).shares,
				position(vault, OPERATOR, ALICE).shares
			);
		});
	}

	#[test]
	fn dust_pools_are_closed() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 1_000));
			// Slashed to 0 with 1_000_000 shares left: closed.
			slash_pool(vault, OPERATOR, 1_000);
			assert_noop!(
				Vaults::deposit(RuntimeOrigin::signed(BOB), vault, OPERATOR, 1_000),
				Error::<Test>::PoolClosed
			);
			let vault = native_vault();
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 100_000));
			// Slashed to 1 unit with 100_000_000 shares: 100_001_000 / 2 > 1_000_000 shares per unit.
			slash_pool(vault, OPERATOR, 99_999);
			assert_noop!(
				Vaults::deposit(RuntimeOrigin::signed(BOB), vault, OPERATOR, 1_000),
				Error::<Test>::PoolClosed
			);
			// Its stakers still leave with what remains.
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				vault,
				OPERATOR,
				WithdrawalAmount::All
			));
			run_to(1 + W);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(ALICE), vault, OPERATOR));
			check_invariants();
		});
	}
}

/// No call loops over stakers: a deposit by the 1,000th staker of a pool writes the same
/// storage keys as the first one's, and reads only a few more trie nodes (the trie is a
/// little deeper), never anything per staker.
mod scaling {
	use super::*;

	/// (keys written, trie nodes read) by one deposit of a new staker into vault 0's pool.
	fn measure(ext: &mut sp_io::TestExternalities, staker: AccountId) -> (usize, usize) {
		ext.commit_all().unwrap();
		let (result, proof) = ext.execute_and_prove(|| {
			Vaults::deposit(RuntimeOrigin::signed(staker.clone()), 0, OPERATOR, 1_000)
		});
		assert_ok!(result);
		let written = ext.overlayed_changes().changes().count();
		(written, proof.into_nodes().len())
	}

	fn staker(n: u32) -> AccountId {
		let mut raw = [7u8; 32];
		raw[..4].copy_from_slice(&n.to_le_bytes());
		AccountId::new(raw)
	}

	#[test]
	fn a_deposit_costs_the_same_with_1_or_1000_stakers_in_the_pool() {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			native_vault();
			for n in 0..1_000 {
				Balances::mint_into(&staker(n), 10_000).unwrap();
			}
		});
		let (written_first, nodes_first) = measure(&mut ext, staker(0));
		ext.execute_with(|| {
			for n in 1..999 {
				assert_ok!(Vaults::deposit(RuntimeOrigin::signed(staker(n)), 0, OPERATOR, 1_000));
			}
			assert_eq!(Positions::<Test>::iter_prefix((0, OPERATOR)).count(), 999);
		});
		let (written_last, nodes_last) = measure(&mut ext, staker(999));
		println!("deposit #1: {written_first} keys written, {nodes_first} trie nodes read; deposit #1000: {written_last} keys written, {nodes_last} trie nodes read");
		// The first deposit also creates the pool and its entry in the operators' index.
		assert_eq!(written_first, written_last + 1, "a deposit writes per-staker state");
		// A thousand positions deepen the trie by about two levels (16-ary): a handful of
		// nodes, where a loop over stakers would read a thousand.
		assert!(nodes_last <= nodes_first + 40, "{nodes_first} → {nodes_last} trie nodes");
		ext.execute_with(check_invariants);
	}
}

mod upgrades {
	use super::*;
	use crate::migrations::v1::MigrateV0ToV1;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	/// Three pools of two operators, in two vaults.
	fn pools() -> (u32, u32) {
		let (a, b) = (native_vault(), usdx_vault());
		assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), a, OPERATOR, 1_000));
		assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), a, OPERATOR_2, 1_000));
		assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), b, OPERATOR, 1_000));
		(a, b)
	}

	#[test]
	fn every_pool_is_indexed_under_its_operator() {
		new_test_ext().execute_with(|| {
			let (a, b) = pools();
			let mut mine: Vec<u32> = OperatorPools::<Test>::iter_key_prefix(OPERATOR).collect();
			mine.sort();
			assert_eq!(mine, vec![a, b]);
			assert_eq!(OperatorPools::<Test>::iter_key_prefix(OPERATOR_2).collect::<Vec<_>>(), [a]);
			// A second deposit into a pool indexes nothing new.
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), a, OPERATOR, 1_000));
			assert_eq!(OperatorPools::<Test>::iter_keys().count(), 3);
			check_invariants();
		});
	}

	#[test]
	fn the_v1_migration_builds_the_index_once() {
		new_test_ext().execute_with(|| {
			let (a, b) = pools();
			// A chain at version 0: no index.
			let _ = OperatorPools::<Test>::clear(u32::MAX, None);
			StorageVersion::new(0).put::<Vaults>();
			assert!(Vaults::do_try_state().is_err(), "the pools are not indexed");
			vault_events();

			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(Vaults::on_chain_storage_version(), 1);
			assert_eq!(Vaults::on_chain_storage_version(), Vaults::in_code_storage_version());
			assert_eq!(vault_events(), vec![Event::OperatorPoolsIndexed { pools: 3 }]);
			let mut mine: Vec<u32> = OperatorPools::<Test>::iter_key_prefix(OPERATOR).collect();
			mine.sort();
			assert_eq!(mine, vec![a, b]);
			check_invariants();

			// At version 1 it does nothing.
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert!(vault_events().is_empty());
			assert_eq!(Vaults::on_chain_storage_version(), 1);
		});
	}
}

mod queries {
	use super::*;
	use bastion_primitives::{
		views::{AssetView, QueryError},
		SlashablePools,
	};

	#[test]
	fn an_operator_s_pools_come_in_vault_order_with_their_stake() {
		new_test_ext().execute_with(|| {
			let (a, b) = (native_vault(), usdx_vault());
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), b, OPERATOR, 2_000));
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), a, OPERATOR, 1_000));
			let mut views = Vaults::operator_pools(&OPERATOR);
			views.sort_by_key(|v| v.vault);
			assert_eq!(views.len(), 2);
			assert_eq!((views[0].vault, views[0].asset), (a, AssetView::Native));
			assert_eq!((views[1].vault, views[1].asset), (b, AssetView::Asset(USDX)));
			assert_eq!(views[1].total_assets.0, 2_000);
			assert_eq!(views[1].active_assets.0, 2_000);
			assert!(Vaults::operator_pools(&ALICE).is_empty());
		});
	}

	#[test]
	fn pool_totals_read_what_pool_stake_reads_at_frame_s_keys() {
		use bastion_primitives::map_reader::{blake2_128_concat, twox_64_concat, MapReader};
		use frame_support::storage::generator::StorageDoubleMap as _;
		new_test_ext().execute_with(|| {
			let (a, b) = (native_vault(), usdx_vault());
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), b, OPERATOR, 2_000));
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), a, OPERATOR, 1_000));
			let mut reader = MapReader::new(Pools::<Test>::prefix_hash());
			assert_eq!(
				reader.key(&[&twox_64_concat(&b), &blake2_128_concat(&OPERATOR)]),
				&Pools::<Test>::hashed_key_for(b, OPERATOR)[..]
			);
			let vaults = [b, 99, a, b];
			let expected: Vec<_> =
				vaults.iter().map(|v| Vaults::pool_stake(*v, &OPERATOR).total).collect();
			assert_eq!(expected, vec![2_000, 0, 1_000, 2_000]);
			assert_eq!(Vaults::pool_totals(&OPERATOR, &vaults), expected);
			assert_eq!(Vaults::pool_totals(&ALICE, &vaults), vec![0; 4]);
		});
	}

	#[test]
	fn a_staker_s_exposure_values_active_and_queued_shares() {
		new_test_ext().execute_with(|| {
			let vault = native_vault();
			assert_eq!(Vaults::api_staker_exposure(ALICE), Err(QueryError::NoPositions));
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), vault, OPERATOR, 1_000));
			let shares = position(vault, OPERATOR, ALICE).shares;
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				vault,
				OPERATOR,
				WithdrawalAmount::Shares(shares / 4)
			));
			let exposure = Vaults::api_staker_exposure(ALICE).expect("a position");
			let p = &exposure.positions[0];
			assert_eq!((p.vault, p.operator.clone()), (vault, OPERATOR));
			assert_eq!(p.value.0, 1_000, "active and queued shares together");
			assert_eq!(p.withdrawals.len(), 1);
			assert_eq!(p.withdrawals[0].value.0, 250);
			// No AVS can slash the pool: nothing at risk.
			assert!(p.per_avs.is_empty());
			assert_eq!(p.worst_case.0, 0);

			// Two AVSs with 50 % and 70 % slices: each can take its slice of the whole
			// position (active and queued), together everything but never more.
			let pct = bastion_primitives::Fraction::from_percent;
			stubs::set_slices(OPERATOR, vault, vec![(1, pct(50)), (2, pct(70))]);
			let exposure = Vaults::api_staker_exposure(ALICE).expect("a position");
			let p = &exposure.positions[0];
			let per_avs: Vec<(u32, u128)> =
				p.per_avs.iter().map(|a| (a.avs, a.max_total.0)).collect();
			assert_eq!(per_avs, vec![(1, 500), (2, 700)]);
			assert_eq!(p.worst_case.0, 1_000, "120 % of slices cap at the position's value");
			stubs::set_slices(OPERATOR, vault, vec![(1, pct(30))]);
			let exposure = Vaults::api_staker_exposure(ALICE).expect("a position");
			assert_eq!(exposure.positions[0].worst_case.0, 300);
			assert_eq!(
				Vaults::holder_values(vault, &OPERATOR),
				vec![(ALICE, 1_000)],
				"what the simulation of a slash values the holders at"
			);
		});
	}
}
