//! The life of a deposit through the three restaking pallets wired in the real runtime:
//! a vault, an AVS that accepts it, an operator that opts in and allocates, a staker who
//! deposits and withdraws.

use bastion_primitives::{OperatorsInspect, SlashDestination, VaultsInspect};
use bastion_runtime::{
	configs::restaking::{ALLOCATION_DELAY, MAX_OFFENCE_AGE, MIN_VETO_WINDOW},
	AccountId, Avs, Operators, Runtime, RuntimeGenesisConfig, RuntimeOrigin, System, Vaults,
};
use pallet_avs::{AvsRegistration, OperatorPolicy, SlashingRules};
use pallet_vaults::{VaultParams, WithdrawalAmount};
use {
	frame_support::{assert_ok, traits::fungible::NativeOrWithId, BoundedVec},
	pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, Perbill, Perquintill},
};

const UNIT: u128 = 1_000_000_000_000;
const CURATOR: AccountId = AccountId::new([1; 32]);
const OWNER: AccountId = AccountId::new([2; 32]);
const OPERATOR: AccountId = AccountId::new([3; 32]);
const STAKER: AccountId = AccountId::new([4; 32]);

fn ext() -> TestExternalities {
	let genesis = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: [CURATOR, OWNER, OPERATOR, STAKER]
				.into_iter()
				.map(|a| (a, 1_000 * UNIT))
				.collect(),
			..Default::default()
		},
		..Default::default()
	};
	let mut ext = TestExternalities::new(genesis.build_storage().unwrap());
	ext.execute_with(|| System::set_block_number(1));
	ext
}

#[test]
fn a_deposit_is_allocated_to_an_avs_and_withdrawn() {
	ext().execute_with(|| {
		let w = MAX_OFFENCE_AGE + MIN_VETO_WINDOW + 1;
		assert_ok!(Vaults::create_vault(
			RuntimeOrigin::signed(CURATOR),
			NativeOrWithId::Native,
			VaultParams {
				withdrawal_delay: w,
				deposit_cap: 1_000 * UNIT,
				min_deposit: UNIT,
				max_restake: 100
			}
		));
		assert_ok!(Avs::register_avs(
			RuntimeOrigin::signed(OWNER),
			BoundedVec::truncate_from(b"oracle".to_vec()),
			AvsRegistration {
				accepted_vaults: BoundedVec::truncate_from(vec![0]),
				rules: SlashingRules {
					slasher: OWNER,
					resolver: None,
					veto_window: MIN_VETO_WINDOW,
					max_slash_per_request: Perquintill::from_percent(10),
					slash_cooldown: 0,
					destination: SlashDestination::Burn,
				},
				min_operator_stake: 0,
				operator_policy: OperatorPolicy::Open,
			}
		));
		assert_ok!(Vaults::approve_avs(RuntimeOrigin::signed(CURATOR), 0, 0));
		assert_ok!(Operators::register_operator(
			RuntimeOrigin::signed(OPERATOR),
			Perbill::from_percent(5),
			Default::default()
		));
		assert_ok!(Operators::opt_in(RuntimeOrigin::signed(OPERATOR), 0));
		assert_ok!(Vaults::deposit(RuntimeOrigin::signed(STAKER), 0, OPERATOR, 100 * UNIT));
		assert_ok!(Operators::allocate(
			RuntimeOrigin::signed(OPERATOR),
			0,
			0,
			Perquintill::from_percent(60)
		));

		// The allocation waits A blocks, long enough for the staker to leave first.
		assert!(ALLOCATION_DELAY > w);
		assert_eq!(Operators::slashable_fraction(&OPERATOR, 0, 0), Perquintill::zero());
		System::set_block_number(1 + ALLOCATION_DELAY);
		assert_eq!(Operators::slashable_fraction(&OPERATOR, 0, 0), Perquintill::from_percent(60));
		assert_eq!(Vaults::pool_stake(0, &OPERATOR).total, 100 * UNIT);

		assert_ok!(Vaults::request_withdrawal(
			RuntimeOrigin::signed(STAKER),
			0,
			OPERATOR,
			WithdrawalAmount::All
		));
		System::set_block_number(1 + ALLOCATION_DELAY + w);
		assert_ok!(Vaults::complete_withdrawal(RuntimeOrigin::signed(STAKER), 0, OPERATOR));
		assert_eq!(Vaults::pool_stake(0, &OPERATOR).total, 0);
		Vaults::do_try_state().unwrap();
		Operators::do_try_state().unwrap();
		let _ = Runtime::metadata();
	});
}
