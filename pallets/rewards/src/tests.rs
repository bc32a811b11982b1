//! Unit tests: every call, error and event, the accrual rules of the model (late joiners,
//! exiting shares, slashes, commission changes, periods with no stake) with exact numbers,
//! and claims that cost the same for 1 or 10,000 stakers — on the real Vaults, Operators,
//! Avs and Slashing pallets.

use crate::{mock::*, pallet::*, Error, Event, PotLedger, StreamId};
use bastion_primitives::{Fraction, SlashDestination};
use pallet_avs::{AvsRegistration, OperatorPolicy, SlashingRules};
use pallet_vaults::{VaultParams, WithdrawalAmount};
use {
	frame_support::{
		assert_noop, assert_ok,
		traits::{
			fungible::{Inspect as _, Mutate as _},
			fungibles::Mutate as _,
		},
		BoundedVec,
	},
	sp_core::H256,
	sp_runtime::{DispatchError, Perbill, TokenError},
};

const STAKE: Balance = 10_000;
const FUNDER: AccountId = acc(8);
const CAROL: AccountId = acc(9);
const NATIVE: AssetKind = AssetKind::Native;
const USD: AssetKind = AssetKind::WithId(7);
/// The block every allocation in `setup` is live at.
const LIVE: BlockNumber = 1 + ALLOCATION_DELAY;

/// Registers AVS `avs` (the next id) accepting vault 0; the curator approves it and
/// OPERATOR opts in and allocates `fraction` of its vault-0 pool to it.
fn another_avs_on_vault_0(avs: u32, fraction: Fraction) {
	assert_ok!(Avs::register_avs(
		RuntimeOrigin::signed(OWNER),
		Default::default(),
		AvsRegistration {
			accepted_vaults: BoundedVec::truncate_from(vec![0]),
			rules: rules(),
			min_operator_stake: 0,
			operator_policy: OperatorPolicy::Open,
		}
	));
	assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), 0, avs));
	assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OPERATOR), avs));
	assert_ok!(Operators::allocate(RuntimeOrigin::signed(OPERATOR), avs, 0, fraction));
}

/// The AVSs the (vault, operator) pool has an earner for, in its order.
fn listed(vault: u32, operator: AccountId) -> Vec<u32> {
	PoolAccumulators::<Test>::get(vault, operator).earning_from().collect()
}

fn pct(p: u64) -> Fraction {
	Fraction::from_percent(p)
}

fn whole(vault: u32) -> BoundedVec<(u32, Perbill), frame_support::traits::ConstU32<4>> {
	BoundedVec::truncate_from(vec![(vault, Perbill::one())])
}

fn rules() -> SlashingRules<AccountId, BlockNumber> {
	SlashingRules {
		slasher: SLASHER,
		resolver: Some(RESOLVER),
		veto_window: VETO_WINDOW,
		max_slash_per_request: Fraction::from_percent(50),
		slash_cooldown: 5,
		destination: SlashDestination::Burn,
	}
}

/// Vault 0 (BST, W = 50) and vault 1 (USD, asset 7), AVS 0 accepting both, OPERATOR
/// (commission 10 %) opted in and allocating `allocation` of both vaults, ALICE staking
/// `STAKE` in vault 0 with OPERATOR; native and USD registered as reward assets and
/// accepted by AVS 0; the allocation is live at block `LIVE`, where this leaves us.
fn setup(allocation: Fraction) {
	assert_ok!(Assets::force_create(RuntimeOrigin::root(), 7, OWNER, true, 1));
	for n in 1..=9 {
		assert_ok!(Assets::mint_into(7, &acc(n), INITIAL));
	}
	assert_ok!(Vaults::approve_asset(RuntimeOrigin::root(), USD));
	for asset in [NATIVE, USD] {
		assert_ok!(Vaults::create_vault(
			RuntimeOrigin::signed(CURATOR),
			asset,
			VaultParams {
				withdrawal_delay: W,
				deposit_cap: 10_000_000,
				min_deposit: 10,
				max_restake: 100
			}
		));
	}
	assert_ok!(Operators::register_operator(
		RuntimeOrigin::signed(OPERATOR),
		Perbill::from_percent(10),
		Default::default()
	));
	assert_ok!(Avs::register_avs(
		RuntimeOrigin::signed(OWNER),
		Default::default(),
		AvsRegistration {
			accepted_vaults: BoundedVec::truncate_from(vec![0, 1]),
			rules: rules(),
			min_operator_stake: 0,
			operator_policy: OperatorPolicy::Open,
		}
	));
	for vault in [0, 1] {
		assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), vault, 0));
	}
	assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OPERATOR), 0));
	assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), 0, OPERATOR, STAKE));
	for vault in [0, 1] {
		assert_ok!(Operators::allocate(RuntimeOrigin::signed(OPERATOR), 0, vault, allocation));
	}
	assert_ok!(Rewards::register_reward_asset(RuntimeOrigin::root(), NATIVE, 100));
	assert_ok!(Rewards::register_reward_asset(RuntimeOrigin::root(), USD, 100));
	assert_ok!(Rewards::set_reward_assets(
		RuntimeOrigin::signed(OWNER),
		0,
		BoundedVec::truncate_from(vec![NATIVE, USD])
	));
	run_to(LIVE);
	System::reset_events();
}

fn fund(amount: Balance, duration: BlockNumber) -> StreamId {
	let id = NextStreamId::<Test>::get();
	assert_ok!(Rewards::fund_rewards(
		RuntimeOrigin::signed(FUNDER),
		0,
		NATIVE,
		amount,
		duration,
		whole(0)
	));
	id
}

fn claim(who: AccountId) -> Balance {
	let before = Balances::balance(&who);
	assert_ok!(Rewards::claim(
		RuntimeOrigin::signed(who.clone()),
		BoundedVec::truncate_from(vec![(0, OPERATOR)])
	));
	Balances::balance(&who) - before
}

fn claim_commission() -> Balance {
	let before = Balances::balance(&OPERATOR);
	assert_ok!(Rewards::claim_commission(RuntimeOrigin::signed(OPERATOR), 0, 0));
	Balances::balance(&OPERATOR) - before
}

fn check_invariants() {
	Vaults::do_try_state().expect("vault invariants");
	Operators::do_try_state().expect("operator invariants");
	Slashing::do_try_state().expect("slashing invariants");
	Rewards::do_try_state().expect("rewards invariants");
}

mod registry {
	use super::*;

	#[test]
	fn governance_registers_assets_and_avs_owners_choose_theirs() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				Rewards::register_reward_asset(RuntimeOrigin::signed(ALICE), NATIVE, 1),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Rewards::register_reward_asset(RuntimeOrigin::root(), NATIVE, 0),
				Error::<Test>::ZeroMinStreamAmount
			);
			assert_ok!(Rewards::register_reward_asset(RuntimeOrigin::root(), NATIVE, 5));
			assert_ok!(Rewards::register_reward_asset(RuntimeOrigin::root(), NATIVE, 7));
			assert_ok!(Rewards::register_reward_asset(RuntimeOrigin::root(), USD, 1));
			assert_ok!(Rewards::register_reward_asset(
				RuntimeOrigin::root(),
				AssetKind::WithId(8),
				1
			));
			assert_noop!(
				Rewards::register_reward_asset(RuntimeOrigin::root(), AssetKind::WithId(9), 1),
				Error::<Test>::TooManyRewardAssets
			);
			assert_eq!(RewardAssets::<Test>::get()[0].min_stream_amount, 7);
			assert_eq!(
				rewards_events(),
				vec![
					Event::RewardAssetRegistered { asset: NATIVE, min_stream_amount: 5 },
					Event::RewardAssetRegistered { asset: NATIVE, min_stream_amount: 7 },
					Event::RewardAssetRegistered { asset: USD, min_stream_amount: 1 },
					Event::RewardAssetRegistered {
						asset: AssetKind::WithId(8),
						min_stream_amount: 1
					},
				]
			);

			let assets = BoundedVec::truncate_from(vec![NATIVE]);
			assert_noop!(
				Rewards::set_reward_assets(RuntimeOrigin::signed(OWNER), 0, assets.clone()),
				Error::<Test>::AvsNotFound
			);
			assert_ok!(Avs::register_avs(
				RuntimeOrigin::signed(OWNER),
				Default::default(),
				AvsRegistration {
					accepted_vaults: Default::default(),
					rules: rules(),
					min_operator_stake: 0,
					operator_policy: OperatorPolicy::Open,
				}
			));
			assert_noop!(
				Rewards::set_reward_assets(RuntimeOrigin::signed(ALICE), 0, assets.clone()),
				Error::<Test>::NotAvsOwner
			);
			assert_noop!(
				Rewards::set_reward_assets(
					RuntimeOrigin::signed(OWNER),
					0,
					BoundedVec::truncate_from(vec![AssetKind::WithId(9)])
				),
				Error::<Test>::UnknownRewardAsset
			);
			assert_ok!(Rewards::set_reward_assets(RuntimeOrigin::signed(OWNER), 0, assets.clone()));
			assert_eq!(AvsRewardAssets::<Test>::get(0), assets.clone());
			assert_eq!(rewards_events(), vec![Event::RewardAssetsSet { avs: 0, assets }]);
		});
	}
}

mod fund_rewards {
	use super::*;

	#[test]
	fn moves_the_amount_and_the_pot_reserve_once() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			let pot = Rewards::pot_account();
			let id = fund(1_000, 100);
			// The first native stream also pays the pot's existential deposit.
			assert_eq!(Balances::balance(&FUNDER), INITIAL - 1_000 - ED);
			assert_eq!(Balances::balance(&pot), 1_000 + ED);
			assert_eq!(
				rewards_events(),
				vec![Event::StreamFunded {
					stream: id,
					avs: 0,
					funder: FUNDER,
					asset: NATIVE,
					amount: 1_000,
					start: LIVE,
					end: LIVE + 100,
				}]
			);
			fund(500, 20);
			assert_eq!(Balances::balance(&FUNDER), INITIAL - 1_500 - ED);
			assert_eq!(
				Pots::<Test>::get(NATIVE),
				PotLedger { reserve: ED, funded: 1_500, returned: 0 }
			);
			assert_eq!(OpenStreams::<Test>::get(0), 2);
			check_invariants();
		});
	}

	#[test]
	fn splits_between_vaults_exactly() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			let shares = BoundedVec::truncate_from(vec![
				(1, Perbill::from_percent(30)),
				(0, Perbill::from_rational(1u32, 3u32)),
				(
					// The rest of 100 %, so the shares sum exactly.
					2,
					Perbill::one() - Perbill::from_percent(30) - Perbill::from_rational(1u32, 3u32),
				),
			]);
			// Vault 2 does not exist, so AVS 0 does not accept it.
			assert_noop!(
				Rewards::fund_rewards(RuntimeOrigin::signed(FUNDER), 0, NATIVE, 1_000, 100, shares),
				Error::<Test>::VaultNotAccepted
			);
			let shares = BoundedVec::truncate_from(vec![
				(1, Perbill::from_percent(30)),
				(0, Perbill::one() - Perbill::from_percent(30)),
			]);
			assert_ok!(Rewards::fund_rewards(
				RuntimeOrigin::signed(FUNDER),
				0,
				NATIVE,
				1_001,
				100,
				shares
			));
			let part = |vault| Sources::<Test>::get(0, vault).unwrap().parts[0].remaining;
			// 30 % of 1_001 = 300.3 → 300; 70 % → 700; the unit of rounding goes to the first.
			assert_eq!((part(1), part(0)), (301, 700));
			check_invariants();
		});
	}

	#[test]
	fn is_checked() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			let fund_with = |avs, asset: AssetKind, amount, duration, shares| {
				Rewards::fund_rewards(
					RuntimeOrigin::signed(FUNDER),
					avs,
					asset,
					amount,
					duration,
					shares,
				)
			};
			assert_noop!(fund_with(9, NATIVE, 1_000, 100, whole(0)), Error::<Test>::AvsNotFound);
			assert_noop!(
				fund_with(0, AssetKind::WithId(9), 1_000, 100, whole(0)),
				Error::<Test>::UnknownRewardAsset
			);
			assert_ok!(Rewards::set_reward_assets(
				RuntimeOrigin::signed(OWNER),
				0,
				BoundedVec::truncate_from(vec![NATIVE])
			));
			assert_noop!(fund_with(0, USD, 1_000, 100, whole(0)), Error::<Test>::AssetNotAccepted);
			assert_noop!(
				fund_with(0, NATIVE, 99, 100, whole(0)),
				Error::<Test>::BelowMinStreamAmount
			);
			assert_noop!(
				fund_with(0, NATIVE, 1_000, MIN_DURATION - 1, whole(0)),
				Error::<Test>::DurationTooShort
			);
			assert_noop!(
				fund_with(0, NATIVE, 1_000, 100_001, whole(0)),
				Error::<Test>::DurationTooLong
			);
			assert_noop!(
				fund_with(0, NATIVE, 1_000, 100, Default::default()),
				Error::<Test>::NoVaults
			);
			let twice = BoundedVec::truncate_from(vec![
				(0, Perbill::from_percent(50)),
				(0, Perbill::from_percent(50)),
			]);
			assert_noop!(fund_with(0, NATIVE, 1_000, 100, twice), Error::<Test>::DuplicateVault);
			let short = BoundedVec::truncate_from(vec![(0, Perbill::from_percent(99))]);
			assert_noop!(fund_with(0, NATIVE, 1_000, 100, short), Error::<Test>::SharesNotWhole);
			assert_noop!(
				fund_with(0, NATIVE, INITIAL, 100, whole(0)),
				TokenError::FundsUnavailable
			);
			// A sponsor (FUNDER) takes at most 2 of the 4 slots; the owner the rest.
			for _ in 0..2 {
				assert_ok!(fund_with(0, NATIVE, 100, 100, whole(0)));
			}
			assert_noop!(
				fund_with(0, NATIVE, 100, 100, whole(0)),
				Error::<Test>::TooManySponsoredStreams
			);
			let by_owner = || {
				Rewards::fund_rewards(RuntimeOrigin::signed(OWNER), 0, NATIVE, 100, 100, whole(0))
			};
			for _ in 0..2 {
				assert_ok!(by_owner());
			}
			assert_noop!(by_owner(), Error::<Test>::TooManyStreams);
			// A deregistering AVS takes no new streams, and cannot finish deregistering
			// while its streams are open.
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			assert_noop!(fund_with(0, NATIVE, 100, 100, whole(0)), Error::<Test>::AvsNotActive);
			run_to(LIVE + 1_000);
			assert_noop!(
				Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0),
				pallet_avs::Error::<Test>::OpenRewardStreams
			);
			for id in 0..4 {
				assert_ok!(Rewards::close_stream(RuntimeOrigin::signed(CAROL), id));
			}
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			check_invariants();
		});
	}
}

mod accrual {
	use super::*;

	#[test]
	fn worked_example_from_the_docs() {
		// docs/restaking.md, "Rewards: a worked example".
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(1_000, 100);
			run_to(LIVE + 50);
			System::reset_events();
			// Half the stream: 500. Commission 10 % = 50; ALICE holds every active share.
			assert_eq!(claim(ALICE), 450);
			assert_eq!(
				rewards_events(),
				vec![Event::RewardsClaimed {
					staker: ALICE,
					vault: 0,
					operator: OPERATOR,
					asset: NATIVE,
					amount: 450,
				}]
			);
			// BOB joins with three times ALICE's stake: from now on he earns 3/4.
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, 3 * STAKE));
			assert_noop!(
				Rewards::claim(
					RuntimeOrigin::signed(BOB),
					BoundedVec::truncate_from(vec![(0, OPERATOR)])
				),
				Error::<Test>::NothingToClaim
			);
			run_to(LIVE + 100);
			// The other 500: 50 commission, 450 split 1:3.
			assert_eq!(claim(BOB), 337);
			assert_eq!(claim(ALICE), 112);
			assert_eq!(claim_commission(), 100);
			assert_eq!(
				rewards_events().last(),
				Some(&Event::CommissionClaimed {
					operator: OPERATOR,
					vault: 0,
					avs: 0,
					asset: NATIVE,
					amount: 100
				})
			);
			assert_ok!(Rewards::close_stream(RuntimeOrigin::signed(CAROL), 0));
			assert_eq!(
				rewards_events(),
				vec![Event::StreamClosed {
					stream: 0,
					amount: 1_000,
					distributed: 1_000,
					returned: 0
				}]
			);
			// 450 + 337 + 112 + 100 = 999 paid; 1 unit of rounding stays in the pot.
			let pot = Pots::<Test>::get(NATIVE);
			assert_eq!((pot.funded, pot.returned), (1_000, 0));
			assert_eq!(Balances::balance(&Rewards::pot_account()), ED + 1);
			check_invariants();
		});
	}

	#[test]
	fn a_position_listed_twice_in_one_claim_is_paid_once_and_a_strangers_claim_pays_nothing() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(1_000, 100);
			run_to(LIVE + 50);
			// CAROL holds no position: nothing paid, nothing stored for her.
			assert_noop!(
				Rewards::claim(
					RuntimeOrigin::signed(CAROL),
					BoundedVec::truncate_from(vec![(0, OPERATOR)])
				),
				Error::<Test>::NothingToClaim
			);
			System::reset_events();
			let before = Balances::balance(&ALICE);
			assert_ok!(Rewards::claim(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![(0, OPERATOR), (0, OPERATOR)])
			));
			// What one claim of it pays (the worked example's 450), once.
			assert_eq!(Balances::balance(&ALICE) - before, 450);
			assert_eq!(
				rewards_events(),
				vec![Event::RewardsClaimed {
					staker: ALICE,
					vault: 0,
					operator: OPERATOR,
					asset: NATIVE,
					amount: 450,
				}]
			);
			check_invariants();
		});
	}

	#[test]
	fn a_deposit_just_before_a_claim_gets_nothing_retroactive() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(1_000, 100);
			run_to(LIVE + 99);
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, 50 * STAKE));
			assert_noop!(
				Rewards::claim(
					RuntimeOrigin::signed(BOB),
					BoundedVec::truncate_from(vec![(0, OPERATOR)])
				),
				Error::<Test>::NothingToClaim
			);
			// ALICE keeps everything accrued before BOB came: 990 × 90 % = 891.
			assert_eq!(claim(ALICE), 891);
			check_invariants();
		});
	}

	#[test]
	fn exiting_shares_earn_nothing() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, STAKE));
			fund(1_000, 100);
			run_to(LIVE + 50);
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(BOB),
				0,
				OPERATOR,
				WithdrawalAmount::All
			));
			run_to(LIVE + 100);
			// First half: 450 split 1:1; second half: 450 all to ALICE.
			assert_eq!(claim(BOB), 225);
			assert_eq!(claim(ALICE), 675);
			// BOB's claim survives his withdrawal; afterwards nothing is left to claim.
			run_to(LIVE + 100 + W);
			assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(BOB), 0, OPERATOR));
			assert!(PositionRewards::<Test>::get((0, OPERATOR, BOB)).is_none());
			check_invariants();
		});
	}

	#[test]
	fn a_slash_keeps_what_accrued_and_shrinks_what_follows() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(1_000, 100);
			run_to(LIVE + 50);
			// 50 % of ALICE's stake is escrowed now: she keeps her 450, then earns on half.
			assert_ok!(Slashing::request_slash(
				RuntimeOrigin::signed(SLASHER),
				0,
				OPERATOR,
				pct(50),
				LIVE + 50,
				H256::repeat_byte(1)
			));
			assert_eq!(claim(ALICE), 450);
			run_to(LIVE + 100);
			// Alone in the source, the halved stake still earns the whole second half.
			assert_eq!(claim(ALICE), 450);
			check_invariants();
		});
	}

	#[test]
	fn a_slashed_pool_earns_less_than_its_neighbour_afterwards() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			// A second operator, CAROL, with the same stake from BOB, allocated alike.
			assert_ok!(Operators::register_operator(
				RuntimeOrigin::signed(CAROL),
				Perbill::from_percent(10),
				Default::default()
			));
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(CAROL), 0));
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, CAROL, STAKE));
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(CAROL), 0, 0, pct(100)));
			run_to(LIVE + ALLOCATION_DELAY);
			fund(1_000, 100);
			let start = LIVE + ALLOCATION_DELAY;
			run_to(start + 50);
			// Both earned 250 each (225 after commission).
			assert_ok!(Slashing::request_slash(
				RuntimeOrigin::signed(SLASHER),
				0,
				OPERATOR,
				pct(50),
				start + 50,
				H256::repeat_byte(1)
			));
			run_to(start + 100);
			// Afterwards OPERATOR's pool has 5_000 earning against CAROL's 10_000:
			// 500 × 1/3 = 166 and 500 × 2/3 = 333, less 10 %.
			assert_eq!(claim(ALICE), 225 + 150);
			let before = Balances::balance(&BOB);
			assert_ok!(Rewards::claim(
				RuntimeOrigin::signed(BOB),
				BoundedVec::truncate_from(vec![(0, CAROL)])
			));
			assert_eq!(Balances::balance(&BOB) - before, 225 + 300);
			check_invariants();
		});
	}

	#[test]
	fn a_period_without_earning_stake_is_restreamed_then_returned() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			// ALICE leaves before the stream starts: no earning stake.
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(ALICE),
				0,
				OPERATOR,
				WithdrawalAmount::All
			));
			fund(1_000, 100);
			run_to(LIVE + 50);
			// BOB comes half-way: the first half was not paid to anyone and is spread over
			// the second, so BOB earns the whole stream — not as a lump, block by block.
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, STAKE));
			run_to(LIVE + 75);
			assert_eq!(claim(BOB), 450);
			run_to(LIVE + 100);
			assert_eq!(claim(BOB), 450);
			assert_ok!(Rewards::close_stream(RuntimeOrigin::signed(CAROL), 0));
			assert_eq!(
				rewards_events().last(),
				Some(&Event::StreamClosed {
					stream: 0,
					amount: 1_000,
					distributed: 1_000,
					returned: 0
				})
			);

			// A stream no stake ever earns goes back to its funder at the end.
			assert_ok!(Vaults::request_withdrawal(
				RuntimeOrigin::signed(BOB),
				0,
				OPERATOR,
				WithdrawalAmount::All
			));
			let before = Balances::balance(&FUNDER);
			let id = fund(1_000, 100);
			run_to(LIVE + 150);
			assert_noop!(
				Rewards::close_stream(RuntimeOrigin::signed(CAROL), id),
				Error::<Test>::StreamNotEnded
			);
			run_to(LIVE + 200);
			assert_ok!(Rewards::close_stream(RuntimeOrigin::signed(CAROL), id));
			assert_eq!(
				rewards_events().last(),
				Some(&Event::StreamClosed {
					stream: id,
					amount: 1_000,
					distributed: 0,
					returned: 1_000
				})
			);
			assert_eq!(Balances::balance(&FUNDER), before);
			assert_noop!(
				Rewards::close_stream(RuntimeOrigin::signed(CAROL), id),
				Error::<Test>::StreamNotFound
			);
			check_invariants();
		});
	}

	#[test]
	fn a_commission_increase_waits_and_never_reaches_back() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(1_000, 100);
			run_to(LIVE + 10);
			assert_ok!(Operators::set_commission(
				RuntimeOrigin::signed(OPERATOR),
				Perbill::from_percent(50)
			));
			// The increase applies after A = 100 blocks, past the end of this stream.
			run_to(LIVE + 100);
			assert_eq!(claim_commission(), 100);
			assert_eq!(claim(ALICE), 900);
			// A decrease applies at once.
			assert_ok!(Operators::set_commission(RuntimeOrigin::signed(OPERATOR), Perbill::zero()));
			fund(1_000, 100);
			run_to(LIVE + 200);
			assert_eq!(claim(ALICE), 1_000);
			check_invariants();
		});
	}

	#[test]
	fn an_allocation_increase_earns_from_the_block_it_takes_effect() {
		new_test_ext().execute_with(|| {
			setup(pct(50));
			// CAROL's pool, allocated 100 % only later.
			assert_ok!(Operators::register_operator(
				RuntimeOrigin::signed(CAROL),
				Perbill::zero(),
				Default::default()
			));
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(CAROL), 0));
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, CAROL, 5_000));
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(CAROL), 0, 0, pct(100)));
			let effective = System::block_number() + ALLOCATION_DELAY;
			fund(2_000, 200);
			// Until CAROL's allocation applies, OPERATOR's 5_000 earning stake is alone.
			run_to(effective);
			// No call in between: `on_initialize` recorded the new stake at `effective`.
			assert_eq!(Rewards::earner(0, &CAROL, 0).unwrap().stake, 5_000);
			run_to(LIVE + 200);
			let before = Balances::balance(&BOB);
			assert_ok!(Rewards::claim(
				RuntimeOrigin::signed(BOB),
				BoundedVec::truncate_from(vec![(0, CAROL)])
			));
			// The last 100 blocks (1_000) split 1:1 with OPERATOR's 5_000.
			assert_eq!(Balances::balance(&BOB) - before, 500);
			// ALICE: 1_000 alone, then 500, less 10 %.
			assert_eq!(claim(ALICE), 1_350);
			check_invariants();
		});
	}

	#[test]
	fn an_opted_out_operator_earns_until_its_slice_ends() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(1_000, 100);
			run_to(LIVE + 10);
			assert_ok!(Operators::opt_out(RuntimeOrigin::signed(OPERATOR), 0));
			// Slashable, and earning, for D = 90 more blocks: until LIVE + 100.
			run_to(LIVE + 60);
			assert_eq!(Rewards::earner(0, &OPERATOR, 0).unwrap().stake, STAKE);
			run_to(LIVE + 100);
			// The slice ended: so did the earner; its commission waits apart.
			assert!(Rewards::earner(0, &OPERATOR, 0).is_none());
			assert!(EndedCommission::<Test>::get((0, OPERATOR, 0)).is_some());
			assert_eq!(claim(ALICE), 900);
			assert_eq!(claim_commission(), 100);
			check_invariants();
		});
	}

	#[test]
	fn rewards_in_two_assets_from_two_vaults() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			// ALICE also stakes USD in vault 1; the stream pays 25 % there.
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(ALICE), 1, OPERATOR, STAKE));
			let shares = BoundedVec::truncate_from(vec![
				(0, Perbill::from_percent(75)),
				(1, Perbill::from_percent(25)),
			]);
			assert_ok!(Rewards::fund_rewards(
				RuntimeOrigin::signed(FUNDER),
				0,
				USD,
				4_000,
				100,
				shares
			));
			fund(1_000, 100);
			run_to(LIVE + 100);
			let usd_before = Assets::balance(7, &ALICE);
			let native = claim(ALICE);
			assert_eq!(native, 900);
			assert_eq!(Assets::balance(7, &ALICE) - usd_before, 2_700);
			let before = Assets::balance(7, &ALICE);
			assert_ok!(Rewards::claim(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![(1, OPERATOR)])
			));
			assert_eq!(Assets::balance(7, &ALICE) - before, 900);
			check_invariants();
		});
	}
}

mod weighing {
	use super::*;
	use bastion_primitives::{ObservedPools, PoolObserver, PoolSettlement, VaultsInspect};
	use pallet_vaults::WeightInfo as _;

	type VaultWeights = <Test as pallet_vaults::Config>::WeightInfo;

	/// FUNDER funds AVS 0 a stream of 1,000 USD over 100 blocks, all to vault 0.
	fn fund_usd() {
		assert_ok!(Assets::mint(RuntimeOrigin::signed(OWNER), 7, FUNDER, 10_000));
		assert_ok!(Rewards::fund_rewards(
			RuntimeOrigin::signed(FUNDER),
			0,
			USD,
			1_000,
			100,
			whole(0)
		));
	}

	/// Settles BOB's position in OPERATOR's vault-0 pool, its shares unchanged.
	fn settle_bob() -> PoolSettlement {
		let shares = Vaults::position_shares(0, &OPERATOR, &BOB);
		Rewards::after_position_change(
			0,
			&OPERATOR,
			&BOB,
			shares,
			shares,
			Vaults::active_pool(0, &OPERATOR),
		)
	}

	#[test]
	fn a_deposit_is_weighed_by_the_settlement_it_needed() {
		new_test_ext().execute_with(|| {
			setup(pct(50));
			fund(1_000, 100);
			run_to(LIVE + 10);
			// OPERATOR's pool in vault 0 earns from AVS 0: one earner settled.
			assert!(Vaults::is_observed(0, &OPERATOR));
			assert_eq!(
				settle_bob(),
				PoolSettlement::Settled { earners: 1, assets: 1, refreshed: 0, parts: 1 }
			);
			let info = Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, STAKE).unwrap();
			// One AVS paying in one asset over one stream; into a position it holds:
			// charged as a first position.
			assert_eq!(info.actual_weight, Some(VaultWeights::deposit_one_earner(1)));
			// A second stream in the same asset: releasing loops over both.
			fund(1_000, 100);
			run_to(LIVE + 12);
			let settled = settle_bob();
			assert_eq!(settled.one_earner_parts(), Some(2));
			run_to(LIVE + 13);
			let info = Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, STAKE).unwrap();
			assert_eq!(info.actual_weight, Some(VaultWeights::deposit_one_earner(2)));

			// CAROL's pool was never allocated to an AVS: not observed, nothing stored.
			assert_ok!(Operators::register_operator(
				RuntimeOrigin::signed(CAROL),
				Perbill::from_percent(5),
				Default::default()
			));
			// BOB opens his second position: charged for extending an index of one.
			assert_eq!(pallet_vaults::StakerPositions::<Test>::get(BOB).len(), 1);
			let info = Vaults::deposit(RuntimeOrigin::signed(BOB), 0, CAROL, STAKE).unwrap();
			assert_eq!(info.actual_weight, Some(VaultWeights::deposit_unrewarded(1)));
			assert!(!Vaults::is_observed(0, &CAROL));
			assert!(!PoolAccumulators::<Test>::contains_key(0, CAROL));
			assert!(!PositionRewards::<Test>::contains_key((0, CAROL, BOB)));

			// Its first allocation makes it observed; BOB's shares, held since before, earn.
			assert_ok!(Operators::opt_in(RuntimeOrigin::signed(CAROL), 0));
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(CAROL), 0, 0, pct(100)));
			assert!(Vaults::is_observed(0, &CAROL));
			run_to(LIVE + 10 + ALLOCATION_DELAY + 20);
			assert_eq!(
				Rewards::after_position_change(
					0,
					&CAROL,
					&BOB,
					Vaults::position_shares(0, &CAROL, &BOB),
					Vaults::position_shares(0, &CAROL, &BOB),
					Vaults::active_pool(0, &CAROL),
				),
				PoolSettlement::Settled { earners: 1, assets: 1, refreshed: 0, parts: 2 }
			);
			check_invariants();
		});
	}

	/// Lets `change` (of OPERATOR's allocation to AVS 0) fall due with no resync, then
	/// deposits: the deposit's settlement is the first to read the allocation again.
	fn deposit_after_an_unresynced(
		change: impl FnOnce(),
	) -> Option<frame_support::weights::Weight> {
		setup(pct(100));
		fund(1_000, 1_000);
		run_to(LIVE + 5);
		change();
		let _ = Resyncs::<Test>::clear(u32::MAX, None);
		run_to(LIVE + 5 + DEALLOCATION_DELAY + 3);
		assert!(Rewards::earner(0, &OPERATOR, 0).is_some());
		Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, STAKE).unwrap().actual_weight
	}

	/// A deposit is charged its one-earner weight plus the read — which may end the earner
	/// (its operator left the AVS), keeping its unclaimed commission.
	#[test]
	fn a_deposit_that_reads_an_allocation_again_is_charged_for_it() {
		use crate::WeightInfo as _;
		let charged = VaultWeights::deposit_one_earner(1)
			+ <Test as crate::Config>::WeightInfo::refresh_allocation();
		new_test_ext().execute_with(|| {
			let decrease = || {
				assert_ok!(Operators::allocate(RuntimeOrigin::signed(OPERATOR), 0, 0, pct(40)));
			};
			assert_eq!(deposit_after_an_unresynced(decrease), Some(charged));
			assert_eq!(Rewards::earner(0, &OPERATOR, 0).unwrap().fraction, pct(40));
			check_invariants();
		});
		new_test_ext().execute_with(|| {
			let leave = || {
				assert_ok!(Operators::opt_out(RuntimeOrigin::signed(OPERATOR), 0));
			};
			assert_eq!(deposit_after_an_unresynced(leave), Some(charged));
			assert!(Rewards::earner(0, &OPERATOR, 0).is_none());
			assert!(EndedCommission::<Test>::get((0, OPERATOR, 0)).is_some());
			check_invariants();
		});
	}

	/// An earner reads its allocation again once the change it expects is due, in
	/// whichever call settles its pool first: that call is charged the read on top.
	#[test]
	fn a_settlement_that_reads_an_allocation_again_is_charged_for_it() {
		use crate::WeightInfo as _;
		type RewardWeights = <Test as crate::Config>::WeightInfo;
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(1_000, 1_000);
			run_to(LIVE + 5);
			assert!(claim(ALICE) > 0);
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(OPERATOR), 0, 0, pct(40)));
			// The resync that would have read it at the block it applies never runs.
			let _ = Resyncs::<Test>::clear(u32::MAX, None);
			run_to(LIVE + 5 + DEALLOCATION_DELAY + 3);
			let info = Rewards::claim(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![(0, OPERATOR)]),
			)
			.unwrap();
			let refresh = RewardWeights::refresh_allocation();
			assert!(refresh.ref_time() > 0);
			assert_eq!(
				info.actual_weight,
				Some(RewardWeights::claim_one_asset_recorded(1).saturating_add(refresh))
			);
			assert_eq!(Rewards::earner(0, &OPERATOR, 0).unwrap().fraction, pct(40));
			// Read: the next settlement has nothing due.
			run_to(LIVE + 5 + DEALLOCATION_DELAY + 4);
			let info = Rewards::claim(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![(0, OPERATOR)]),
			)
			.unwrap();
			assert_eq!(info.actual_weight, Some(RewardWeights::claim_one_asset_recorded(1)));
			check_invariants();
		});
	}

	/// The one-asset claims are measured paying the native token: paying another asset is
	/// charged what moving it costs more.
	#[test]
	fn a_claim_paid_in_an_asset_other_than_the_native_token_is_charged_its_transfer() {
		use crate::WeightInfo as _;
		use frame_support::dispatch::GetDispatchInfo;
		type RewardWeights = <Test as crate::Config>::WeightInfo;
		new_test_ext().execute_with(|| {
			setup(pct(50));
			let fund = Call::<Test>::fund_rewards {
				avs: 0,
				asset: USD,
				amount: 1_000,
				duration: 100,
				vault_shares: whole(0),
			};
			let surcharge = AssetSurcharge::get();
			assert_eq!(
				fund.get_dispatch_info().call_weight,
				RewardWeights::fund_rewards(1) + surcharge
			);
			fund_usd();
			run_to(LIVE + 5);
			let claim = || {
				Rewards::claim(
					RuntimeOrigin::signed(ALICE),
					BoundedVec::truncate_from(vec![(0, OPERATOR)]),
				)
				.unwrap()
				.actual_weight
			};
			assert_eq!(claim(), Some(RewardWeights::claim_one_asset(1) + surcharge));
			run_to(LIVE + 6);
			assert_eq!(claim(), Some(RewardWeights::claim_one_asset_recorded(1) + surcharge));
			check_invariants();
		});
	}

	#[test]
	fn a_pool_paid_in_two_assets_is_weighed_as_the_dearest() {
		use crate::WeightInfo as _;
		type RewardWeights = <Test as crate::Config>::WeightInfo;
		new_test_ext().execute_with(|| {
			setup(pct(50));
			fund(1_000, 100);
			run_to(LIVE + 5);
			// One asset: a claim of the one position is weighed by its earners.
			let info = Rewards::claim(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![(0, OPERATOR)]),
			)
			.unwrap();
			assert_eq!(info.actual_weight, Some(RewardWeights::claim_one_asset(1)));
			// Her position now has a record holding its shares: the vaults are not asked.
			run_to(LIVE + 6);
			let info = Rewards::claim(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![(0, OPERATOR)]),
			)
			.unwrap();
			assert_eq!(info.actual_weight, Some(RewardWeights::claim_one_asset_recorded(1)));

			// A second stream, in USD: settling loops over two assets from now on.
			fund_usd();
			run_to(LIVE + 10);
			let settled = settle_bob();
			assert_eq!(
				settled,
				PoolSettlement::Settled { earners: 1, assets: 2, refreshed: 0, parts: 2 }
			);
			assert!(!settled.single_asset());
			let info = Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, STAKE).unwrap();
			assert_eq!(info.actual_weight, Some(VaultWeights::deposit(1)));
			let info = Rewards::claim(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![(0, OPERATOR)]),
			)
			.unwrap();
			assert_eq!(info.actual_weight, Some(RewardWeights::claim(1)));
			check_invariants();
		});
	}
}

mod claims {
	use super::*;

	#[test]
	fn errors() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			assert_noop!(
				Rewards::claim(
					RuntimeOrigin::signed(ALICE),
					BoundedVec::truncate_from(vec![(0, OPERATOR)])
				),
				Error::<Test>::NothingToClaim
			);
			assert_noop!(
				Rewards::claim(RuntimeOrigin::signed(ALICE), Default::default()),
				Error::<Test>::NothingToClaim
			);
			assert_noop!(
				Rewards::claim_commission(RuntimeOrigin::signed(ALICE), 0, 0),
				Error::<Test>::NothingToClaim
			);
			fund(1_000, 100);
			assert_noop!(
				Rewards::claim_commission(RuntimeOrigin::signed(OPERATOR), 0, 0),
				Error::<Test>::NothingToClaim
			);
			assert_noop!(
				Rewards::close_stream(RuntimeOrigin::signed(CAROL), 0),
				Error::<Test>::StreamNotEnded
			);
			run_to(LIVE + 1);
			assert_eq!(claim_commission(), 1);
		});
	}

	/// (keys written, trie nodes read) by `call` on the committed state.
	fn measure(
		ext: &mut sp_io::TestExternalities,
		call: impl FnOnce() -> sp_runtime::DispatchResult,
	) -> (usize, usize) {
		ext.commit_all().unwrap();
		let (result, proof) = ext.execute_and_prove(call);
		assert_ok!(result);
		let written = ext.overlayed_changes().changes().count();
		(written, proof.into_nodes().len())
	}

	fn staker(n: u32) -> AccountId {
		let mut raw = [7u8; 32];
		raw[..4].copy_from_slice(&n.to_le_bytes());
		AccountId::new(raw)
	}

	fn claim_and_slash_cost(stakers: u32) -> ((usize, usize), (usize, usize)) {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			setup(pct(100));
			for n in 0..stakers {
				Balances::mint_into(&staker(n), 1_000).unwrap();
				assert_ok!(Vaults::deposit(RuntimeOrigin::signed(staker(n)), 0, OPERATOR, 100));
			}
			fund(100_000, 100);
			run_to(LIVE + 50);
		});
		let claim = measure(&mut ext, || {
			Rewards::claim(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(vec![(0, OPERATOR)]),
			)
			.map(|_| ())
			.map_err(|e| e.error)
		});
		ext.execute_with(|| {
			assert_ok!(Slashing::request_slash(
				RuntimeOrigin::signed(SLASHER),
				0,
				OPERATOR,
				pct(10),
				LIVE + 50,
				H256::repeat_byte(1)
			));
			run_to(LIVE + 50 + VETO_WINDOW - 1);
		});
		// The request is executed by the block hook when its veto window ends.
		let execute = measure(&mut ext, || {
			let due = LIVE + 50 + VETO_WINDOW;
			System::set_block_number(due);
			<Slashing as frame_support::traits::Hooks<BlockNumber>>::on_initialize(due);
			Ok(())
		});
		ext.execute_with(|| {
			assert!(pallet_slashing::Requests::<Test>::get(0).is_none(), "the slash was executed");
		});
		ext.execute_with(check_invariants);
		(claim, execute)
	}

	#[test]
	fn claim_and_slash_execution_cost_the_same_with_1_or_10_000_stakers() {
		let (claim_1, execute_1) = claim_and_slash_cost(0);
		let (claim_n, execute_n) = claim_and_slash_cost(10_000);
		println!(
			"claim: 1 staker {claim_1:?}, 10,001 stakers {claim_n:?}; \
			 execute_slash: {execute_1:?} vs {execute_n:?} (keys written, trie nodes read)"
		);
		assert_eq!(claim_1.0, claim_n.0, "a claim writes per-staker state");
		assert_eq!(execute_1.0, execute_n.0, "a slash writes per-staker state");
		// Ten thousand positions deepen the trie by three or four levels (16-ary) on each
		// path read: a handful of nodes, where a loop over stakers would read thousands.
		assert!(claim_n.1 <= claim_1.1 + 40, "claim: {claim_1:?} → {claim_n:?}");
		assert!(execute_n.1 <= execute_1.1 + 40, "execute_slash: {execute_1:?} → {execute_n:?}");
	}
}

/// Anyone may fund an AVS's streams, but no sponsor can take the AVS's own stream slots or
/// keep it from deregistering.
mod sponsors {
	use super::*;

	fn fund_by(who: AccountId) -> sp_runtime::DispatchResult {
		Rewards::fund_rewards(RuntimeOrigin::signed(who), 0, NATIVE, 1_000, 100, whole(0))
	}

	#[test]
	fn a_stranger_cannot_take_the_owner_s_stream_slots() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			// Strangers fill every slot sponsors may hold …
			assert_ok!(fund_by(FUNDER));
			assert_ok!(fund_by(CAROL));
			assert_noop!(fund_by(BOB), Error::<Test>::TooManySponsoredStreams);
			// … and the owner still funds its own.
			assert_ok!(fund_by(OWNER));
			assert_ok!(fund_by(OWNER));
			assert_eq!(OpenStreams::<Test>::get(0), 4);
			check_invariants();
		});
	}

	#[test]
	fn the_owner_ends_a_sponsor_s_stream_early_and_the_sponsor_gets_the_rest_back() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			let id = fund(1_000, 100);
			let own = NextStreamId::<Test>::get();
			assert_ok!(fund_by(OWNER));
			run_to(LIVE + 40);
			let before = Balances::balance(&FUNDER);
			assert_noop!(
				Rewards::cancel_stream(RuntimeOrigin::signed(FUNDER), id),
				Error::<Test>::NotSponsoredStream
			);
			assert_noop!(
				Rewards::cancel_stream(RuntimeOrigin::signed(OWNER), own),
				Error::<Test>::NotSponsoredStream
			);
			System::reset_events();
			assert_ok!(Rewards::cancel_stream(RuntimeOrigin::signed(OWNER), id));
			// 40 of 100 blocks released to the earners; 600 back to the sponsor.
			assert_eq!(
				System::events()
					.into_iter()
					.filter_map(|r| match r.event {
						RuntimeEvent::Rewards(e @ Event::StreamClosed { .. }) => Some(e),
						_ => None,
					})
					.collect::<Vec<_>>(),
				vec![Event::StreamClosed {
					stream: id,
					amount: 1_000,
					distributed: 400,
					returned: 600
				}]
			);
			assert_eq!(Balances::balance(&FUNDER), before + 600);
			assert!(claim(ALICE) > 0);
			assert_eq!(OpenStreams::<Test>::get(0), 1);
			check_invariants();
		});
	}

	/// A sponsor that made itself unable to receive its refund (it emptied its account and
	/// the remainder is below the existential deposit) cannot keep its stream open: the
	/// owner cancels it, the remainder stays in the pot's reserve, and the AVS deregisters.
	#[test]
	fn a_sponsor_that_cannot_receive_its_refund_does_not_block_the_avs() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			assert_ok!(Rewards::fund_rewards(RuntimeOrigin::signed(CAROL), 0, NATIVE, 100, 100, whole(0)));
			assert_ok!(Balances::transfer_all(RuntimeOrigin::signed(CAROL), BOB, false));
			assert_eq!(Balances::balance(&CAROL), 0);
			run_to(LIVE + 95);
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			System::reset_events();
			assert_ok!(Rewards::cancel_stream(RuntimeOrigin::signed(OWNER), 0));
			assert!(System::events().iter().any(|r| matches!(
				&r.event,
				RuntimeEvent::Rewards(Event::PayoutHeld { to, asset, amount: 5 }) if *to == CAROL && *asset == NATIVE
			)));
			assert_eq!(Balances::balance(&CAROL), 0);
			run_to(LIVE + 95 + DEALLOCATION_DELAY);
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			check_invariants();
		});
	}

	/// A stranger's year-long stream does not hold the AVS's deregistration hostage.
	#[test]
	fn a_sponsor_s_stream_cannot_keep_the_avs_from_deregistering() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			assert_ok!(Rewards::fund_rewards(
				RuntimeOrigin::signed(CAROL),
				0,
				NATIVE,
				1_000,
				100_000,
				whole(0)
			));
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			run_to(LIVE + DEALLOCATION_DELAY + 1);
			assert_noop!(
				Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0),
				pallet_avs::Error::<Test>::OpenRewardStreams
			);
			assert_ok!(Rewards::cancel_stream(RuntimeOrigin::signed(OWNER), 0));
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			check_invariants();
		});
	}
}

/// One asset that cannot be paid never holds up the others.
mod payouts_that_cannot_be_received {
	use super::*;

	const NEWCOMER: AccountId = acc(20);

	/// NEWCOMER holds USD only and stakes it in vault 1; vault 1 earns a small BST stream
	/// and a USD stream. Its BST rewards are below BST's existential deposit, which an
	/// account holding no BST cannot receive: the claim pays the USD, keeps the BST
	/// claimable, and pays it once enough has accrued.
	#[test]
	fn a_claim_pays_what_it_can_and_keeps_the_rest_claimable() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			assert_ok!(Assets::mint_into(7, &NEWCOMER, 100_000));
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(NEWCOMER), 1, OPERATOR, 10_000));
			assert_ok!(Rewards::fund_rewards(
				RuntimeOrigin::signed(FUNDER),
				0,
				NATIVE,
				100,
				100,
				whole(1)
			));
			assert_ok!(Rewards::fund_rewards(
				RuntimeOrigin::signed(FUNDER),
				0,
				USD,
				1_000,
				100,
				whole(1)
			));
			run_to(LIVE + 5);
			System::reset_events();
			let claim = || {
				Rewards::claim(
					RuntimeOrigin::signed(NEWCOMER),
					BoundedVec::truncate_from(vec![(1, OPERATOR)]),
				)
			};
			assert_ok!(claim());
			let events: Vec<_> = System::events()
				.into_iter()
				.filter_map(|r| match r.event {
					RuntimeEvent::Rewards(e) => Some(e),
					_ => None,
				})
				.collect();
			assert!(events.iter().any(
				|e| matches!(e, Event::PayoutHeld { to, asset, .. } if *to == NEWCOMER && *asset == NATIVE)
			));
			assert!(events
				.iter()
				.any(|e| matches!(e, Event::RewardsClaimed { asset, .. } if *asset == USD)));
			assert_eq!(Balances::balance(&NEWCOMER), 0);
			// Nothing but BST left, still too little: a named error, not a lost claim.
			assert_noop!(claim(), Error::<Test>::CannotReceive);
			// Later, enough BST has accrued to be received.
			run_to(LIVE + 50);
			assert_ok!(claim());
			assert!(Balances::balance(&NEWCOMER) >= ED);
			check_invariants();
		});
	}
}

/// Earning follows slashability, also when it ends without an allocation change.
mod resync {
	use super::*;

	/// The curator revokes the AVS: once the revocation took effect the operator's slice is
	/// no longer slashable, and anyone's resync stops it earning; the rest of the stream
	/// goes back to the funder.
	#[test]
	fn anyone_stops_a_revoked_slice_earning() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			let id = fund(10_000, 1_000);
			run_to(LIVE + 10);
			assert_ok!(Vaults::revoke_avs(RuntimeOrigin::signed(CURATOR), 0, 0));
			run_to(LIVE + 10 + DEALLOCATION_DELAY);
			System::reset_events();
			assert_ok!(Rewards::resync_earner(RuntimeOrigin::signed(CAROL), 0, OPERATOR, 0));
			assert!(System::events().iter().any(|r| matches!(
				&r.event,
				RuntimeEvent::Rewards(Event::EarnerResynced { vault: 0, avs: 0, .. })
			)));
			// Someone with neither a slice nor an earner has nothing to resync.
			assert_noop!(
				Rewards::resync_earner(RuntimeOrigin::signed(CAROL), 0, BOB, 0),
				Error::<Test>::NothingToResync
			);
			run_to(LIVE + 1_000);
			// Alice earned the 100 blocks her stake was slashable for, 90 % of 10 a block.
			let earned = claim(ALICE);
			assert!(earned <= 900 && earned >= 890, "earned {earned}");
			assert_ok!(Rewards::close_stream(RuntimeOrigin::signed(CAROL), id));
			check_invariants();
		});
	}
	/// An earner keeps its operator's allocation and reads it again only when a change is
	/// due. A decrease whose resync never ran (as when a stranger filled every block it
	/// could use) still applies at the first settlement after it takes effect: here Alice's
	/// claim — not a block later, and not only when someone thinks of `resync_earner`.
	#[test]
	fn a_decrease_whose_resync_never_ran_applies_at_the_next_claim() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(10_000, 1_000);
			let earner = || Rewards::earner(0, &OPERATOR, 0).expect("earner");
			assert_eq!((earner().fraction, earner().refresh_at), (pct(100), None));
			run_to(LIVE + 10);
			assert_ok!(Operators::allocate(RuntimeOrigin::signed(OPERATOR), 0, 0, pct(40)));
			let effective = LIVE + 10 + DEALLOCATION_DELAY;
			// Recorded: still 100 % until the decrease applies, then read again.
			assert_eq!((earner().fraction, earner().refresh_at), (pct(100), Some(effective)));
			let _ = Resyncs::<Test>::clear(u32::MAX, None);
			run_to(effective + 20);
			// Nobody touched the pool: the earner still holds its old stake.
			assert_eq!(earner().stake, STAKE);
			assert!(claim(ALICE) > 0);
			assert_eq!((earner().fraction, earner().refresh_at), (pct(40), None));
			assert_eq!(earner().stake, pct(40).mul_floor(STAKE));
			check_invariants();
			// From then on the pool earns at 40 %: with no other earner on the source it
			// still takes the whole release, but its stake is what the source divides by.
			let source = Sources::<Test>::get(0, 0).expect("source");
			assert_eq!(source.total_stake, pct(40).mul_floor(STAKE));
		});
	}
}

/// Earning ends with slashability on its own, and what is kept for ended slices is kept
/// outside the earners a pool settles.
mod ends {
	use super::*;

	/// The curator revokes the AVS and nobody calls anything: from the block the revocation
	/// takes effect the vault's stake is no longer slashable by the AVS, and the stream
	/// releases nothing more to it; the rest goes back to the funder.
	#[test]
	fn a_revoked_slice_stops_earning_without_anyone_s_call() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			let id = fund(10_000, 1_000);
			run_to(LIVE + 10);
			assert_ok!(Vaults::revoke_avs(RuntimeOrigin::signed(CURATOR), 0, 0));
			run_to(LIVE + 1_000);
			// 100 blocks slashable (10 before the revocation, D = 90 after), 10 a block,
			// 90 % to Alice: 900, less rounding.
			let earned = claim(ALICE);
			assert!((890..=900).contains(&earned), "earned {earned}");
			System::reset_events();
			assert_ok!(Rewards::close_stream(RuntimeOrigin::signed(CAROL), id));
			let returned = System::events()
				.iter()
				.find_map(|r| match &r.event {
					RuntimeEvent::Rewards(Event::StreamClosed { returned, .. }) => Some(*returned),
					_ => None,
				})
				.expect("closed");
			assert!((8_990..=9_000).contains(&returned), "returned {returned}");
			check_invariants();
		});
	}

	/// Revoked, touched while revoked (a deposit settles the pool), approved again: the
	/// operator's allocation earns again from the block the new approval makes it
	/// slashable, with no one's resync.
	#[test]
	fn an_approval_given_again_pays_the_same_allocations_again() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(10_000, 2_000);
			run_to(LIVE + 10);
			assert_ok!(Vaults::revoke_avs(RuntimeOrigin::signed(CURATOR), 0, 0));
			run_to(LIVE + 10 + DEALLOCATION_DELAY + 5);
			assert_ok!(Vaults::deposit(RuntimeOrigin::signed(BOB), 0, OPERATOR, STAKE));
			assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), 0, 0));
			let again = System::block_number() + ALLOCATION_DELAY;
			run_to(again);
			let before = claim(ALICE);
			assert!(before > 0);
			// Nothing accrued in the gap.
			assert_noop!(
				Rewards::claim(
					RuntimeOrigin::signed(ALICE),
					BoundedVec::truncate_from(vec![(0, OPERATOR)])
				),
				Error::<Test>::NothingToClaim
			);
			run_to(again + 100);
			assert!(claim(ALICE) > 0, "the allocation earns again");
			check_invariants();
		});
	}

	/// The same when the AVS drops the vault.
	#[test]
	fn a_dropped_vault_stops_earning_without_anyone_s_call() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(10_000, 1_000);
			run_to(LIVE + 10);
			assert_ok!(Avs::update_avs(
				RuntimeOrigin::signed(OWNER),
				0,
				pallet_avs::AvsUpdate {
					metadata: None,
					rules: None,
					min_operator_stake: None,
					operator_policy: None,
					add_vaults: Default::default(),
					remove_vaults: BoundedVec::truncate_from(vec![0]),
				}
			));
			run_to(LIVE + 1_000);
			let earned = claim(ALICE);
			assert!((890..=900).contains(&earned), "earned {earned}");
			check_invariants();
		});
	}

	/// An AVS deregisters while operators are still opted in: pruning their opt-ins (anyone
	/// may, the AVS being gone) ends their earners with them — nothing waits for a resync.
	#[test]
	fn an_avs_that_leaves_takes_its_earners_with_the_pruned_opt_ins() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			assert!(Rewards::earner(0, &OPERATOR, 0).is_some());
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			run_to(LIVE + DEALLOCATION_DELAY);
			assert_ok!(Avs::deregister_avs(RuntimeOrigin::signed(OWNER), 0));
			assert_ok!(Operators::prune_opt_in(RuntimeOrigin::signed(CAROL), OPERATOR, 0));
			assert_eq!(listed(1, OPERATOR), Vec::<u32>::new());
			assert_eq!(listed(0, OPERATOR), Vec::<u32>::new());
			check_invariants();
		});
	}

	/// An operator that leaves an AVS with commission unclaimed and takes three new AVSs in
	/// its place: the pool settles three earners, not four (the ended one no longer holds
	/// an opt-in slot, so it may not hold an earner either), and the old commission is
	/// still the operator's.
	#[test]
	fn a_pool_never_has_more_earners_than_its_operator_has_opt_ins() {
		new_test_ext().execute_with(|| {
			setup(pct(100));
			fund(10_000, 200);
			run_to(LIVE + 100);
			assert_ok!(Operators::opt_out(RuntimeOrigin::signed(OPERATOR), 0));
			run_to(LIVE + 100 + DEALLOCATION_DELAY);
			assert_ok!(Operators::prune_opt_in(RuntimeOrigin::signed(CAROL), OPERATOR, 0));
			assert_eq!(listed(0, OPERATOR), Vec::<u32>::new());
			for avs in 1..=3u32 {
				another_avs_on_vault_0(avs, pct(25));
			}
			run_to(LIVE + 100 + DEALLOCATION_DELAY + ALLOCATION_DELAY + 1);
			// What settling the pool settles: the three, in the order they came.
			assert_eq!(listed(0, OPERATOR), vec![1, 2, 3]);
			check_invariants();
			// 190 blocks of 50, 10 % commission: 950, less rounding.
			let commission = claim_commission();
			assert!((940..=950).contains(&commission), "commission {commission}");
			assert!(EndedCommission::<Test>::iter().next().is_none());
			assert_noop!(
				Rewards::claim_commission(RuntimeOrigin::signed(OPERATOR), 0, 0),
				Error::<Test>::NothingToClaim
			);
			check_invariants();
		});
	}
}

mod upgrades {
	use super::*;
	use crate::{
		migrations::{
			v1::MigrateV0ToV1,
			v2::MigrateV1ToV2,
			v3::{MigrateV2ToV3, PotLedgerV2},
			v4::MigrateV3ToV4,
			EarnerV3, Earners,
		},
		types::{Earner, PoolRewards},
	};
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	/// Stores every pool's accumulators and earners as version 0 did: the accumulators
	/// without a list of earners (nor active assets), the earners (without their allocation)
	/// in a map of their own, the position records without their shares; and the pots'
	/// books with the running total of payouts versions 0 to 2 kept (`paid`, here made up).
	fn as_version_0() {
		for (asset, ledger) in Pots::<Test>::iter().collect::<Vec<_>>() {
			let PotLedger { reserve, funded, returned } = ledger;
			frame_support::storage::unhashed::put_raw(
				&Pots::<Test>::hashed_key_for(asset),
				&PotLedgerV2 { reserve, funded, returned, paid: 777 }.encode(),
			);
		}
		for (key, record) in PositionRewards::<Test>::iter().collect::<Vec<_>>() {
			frame_support::storage::unhashed::put_raw(
				&PositionRewards::<Test>::hashed_key_for(key),
				&record.assets.encode(),
			);
		}
		for (vault, operator, pool) in PoolAccumulators::<Test>::iter().collect::<Vec<_>>() {
			let PoolRewards { active_shares, per_share, earners, .. } = pool;
			for (avs, earner) in earners {
				let Earner { stake, commission, assets, .. } = earner;
				Earners::<Test>::insert(
					(vault, operator.clone(), avs),
					EarnerV3 { stake, commission, assets },
				);
			}
			frame_support::storage::unhashed::put_raw(
				&PoolAccumulators::<Test>::hashed_key_for(vault, operator),
				&(active_shares, per_share).encode(),
			);
		}
		StorageVersion::new(0).put::<Rewards>();
	}

	#[test]
	fn the_migrations_move_every_earner_into_its_pool_and_keep_the_pots_books() {
		new_test_ext().execute_with(|| {
			// The operator earns from AVS 0 and, in vault 0, from AVS 1 too.
			setup(pct(50));
			fund(10_000, 200);
			another_avs_on_vault_0(1, pct(25));
			run_to(LIVE + ALLOCATION_DELAY + 10);
			// A claim settles the pool: its counters and earners hold what accrued.
			assert!(claim(ALICE) > 0);
			let everything = || {
				// The migrations list a pool's earners in the order of their old keys.
				let mut all: Vec<_> = PoolAccumulators::<Test>::iter()
					.map(|(vault, operator, mut pool)| {
						let mut earners = pool.earners.into_inner();
						earners.sort_by_key(|(avs, _)| *avs);
						pool.earners = BoundedVec::truncate_from(earners);
						(vault, operator, pool)
					})
					.collect();
				all.sort_by_key(|(vault, operator, _)| (*vault, operator.clone()));
				all
			};
			let before = everything();
			let earners: usize = before.iter().map(|(.., pool)| pool.earners.len()).sum();
			let pools = before.len() as u32;
			assert!(earners >= 2 && pools >= 1, "{before:?}");
			assert!(before.iter().any(|(.., pool)| pool.active_shares > 0
				&& !pool.per_share.is_empty()
				&& pool.earners.iter().any(|(_, e)| e.stake > 0)));
			let owed = Rewards::recorded_liabilities();
			let records: Vec<_> = PositionRewards::<Test>::iter().collect();
			assert!(records.iter().any(|(_, record)| record.shares > 0), "{records:?}");
			let pots: Vec<_> = Pots::<Test>::iter().collect();
			assert!(!pots.is_empty());

			as_version_0();
			assert_eq!(Earners::<Test>::iter_keys().count(), earners);
			assert!(PoolAccumulators::<Test>::iter_values().all(|pool| pool.earners.is_empty()));
			rewards_events();
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(Rewards::on_chain_storage_version(), 1);
			assert_eq!(rewards_events(), vec![Event::PoolEarnersListed { pools }]);
			MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(Rewards::on_chain_storage_version(), 2);
			assert_eq!(
				rewards_events(),
				vec![Event::EarnersMovedIntoPools { pools, earners: earners as u32 }]
			);
			// Stored as version 2 wrote them: four totals, one of them dropped below.
			let stored = || {
				pots.iter()
					.map(|(asset, _)| {
						frame_support::storage::unhashed::get_raw(&Pots::<Test>::hashed_key_for(
							asset,
						))
						.map(|raw| raw.len())
					})
					.collect::<Vec<_>>()
			};
			assert!(stored().iter().all(|len| *len == Some(64)), "{:?}", stored());
			MigrateV2ToV3::<Test>::on_runtime_upgrade();
			assert!(stored().iter().all(|len| *len == Some(48)), "{:?}", stored());
			assert_eq!(Rewards::on_chain_storage_version(), 3);
			assert_eq!(
				rewards_events(),
				pots.iter()
					.map(|(asset, _)| Event::PaidTotalDropped { asset: asset.clone(), paid: 777 })
					.collect::<Vec<_>>()
			);
			MigrateV3ToV4::<Test>::on_runtime_upgrade();
			assert_eq!(Rewards::on_chain_storage_version(), 4);
			assert_eq!(Rewards::on_chain_storage_version(), Rewards::in_code_storage_version());
			assert_eq!(
				rewards_events(),
				vec![Event::SettlementInputsRecorded {
					pools,
					earners: earners as u32,
					positions: records.len() as u32
				}]
			);
			assert_eq!(PositionRewards::<Test>::iter().collect::<Vec<_>>(), records);
			assert_eq!(Pots::<Test>::iter().collect::<Vec<_>>(), pots, "the books carried over");
			assert_eq!(Earners::<Test>::iter_keys().count(), 0, "no earner left behind");
			assert_eq!(everything(), before, "earners and counters carried over as they were");
			assert_eq!(Rewards::recorded_liabilities(), owed);
			check_invariants();

			// The pools settle their earners: a claim pays what accrued.
			run_to(LIVE + ALLOCATION_DELAY + 20);
			assert!(claim(ALICE) > 0);
			check_invariants();

			// At version 4 none does anything.
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			MigrateV1ToV2::<Test>::on_runtime_upgrade();
			MigrateV2ToV3::<Test>::on_runtime_upgrade();
			MigrateV3ToV4::<Test>::on_runtime_upgrade();
			assert!(rewards_events().iter().all(|e| !matches!(
				e,
				Event::PoolEarnersListed { .. }
					| Event::EarnersMovedIntoPools { .. }
					| Event::PaidTotalDropped { .. }
					| Event::SettlementInputsRecorded { .. }
			)));
			assert_eq!(Rewards::on_chain_storage_version(), 4);
		});
	}
}
