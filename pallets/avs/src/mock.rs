//! A test runtime: System, Balances and Avs, with vaults, operators and slashing stubbed.

use crate as pallet_avs;
use bastion_primitives::{
	Approval, AvsId, Fraction, OperatorsHooks, PoolStake, RestakePercent, SlashingInspect, VaultId,
	VaultsInspect,
};
use std::{cell::RefCell, collections::BTreeMap};
use {
	frame_support::{
		derive_impl, parameter_types,
		traits::{ConstU128, ConstU32, ConstU64},
	},
	frame_system, pallet_balances, sp_io,
	sp_runtime::BuildStorage,
};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALLOCATION_DELAY: BlockNumber = 100;
pub const DEALLOCATION_DELAY: BlockNumber = 90;
pub const MAX_OFFENCE_AGE: BlockNumber = 30;
pub const RULE_CHANGE_DELAY: BlockNumber = 91;
pub const BOND: Balance = 700;
pub const MAX_VAULTS: u32 = 3;
pub const MAX_OPERATORS: u32 = 2;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Avs: pallet_avs,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Stand-ins for pallet-vaults, pallet-operators and pallet-slashing.
pub mod stubs {
	use super::*;

	thread_local! {
		/// Vault id → its withdrawal delay W.
		pub static VAULTS: RefCell<BTreeMap<VaultId, BlockNumber>> = Default::default();
		/// (operator, AVS) pairs whose opt-in was ended by the AVS.
		pub static FORCED_OUT: RefCell<Vec<(AccountId, AvsId)>> = Default::default();
		pub static PENDING_SLASH: RefCell<Vec<AvsId>> = Default::default();
	}

	pub fn vault(id: VaultId, withdrawal_delay: BlockNumber) {
		VAULTS.with(|v| v.borrow_mut().insert(id, withdrawal_delay));
	}

	pub struct Vaults;
	impl VaultsInspect<AccountId, BlockNumber> for Vaults {
		type Balance = Balance;
		fn vault_exists(vault: VaultId) -> bool {
			VAULTS.with(|v| v.borrow().contains_key(&vault))
		}
		fn withdrawal_delay_bounds(vault: VaultId) -> Option<(BlockNumber, BlockNumber)> {
			VAULTS.with(|v| v.borrow().get(&vault).map(|w| (*w, *w)))
		}
		fn max_restake(_: VaultId) -> Option<RestakePercent> {
			Some(100)
		}
		fn is_paused(_: VaultId) -> bool {
			false
		}
		fn avs_approval(_: VaultId, _: AvsId) -> Approval<BlockNumber> {
			Approval::Yes { from: 0 }
		}
		fn pool_stake(_: VaultId, _: &AccountId) -> PoolStake<Balance> {
			PoolStake::default()
		}
		fn active_pool(_: VaultId, _: &AccountId) -> bastion_primitives::ActivePool {
			Default::default()
		}
		fn position_shares(_: VaultId, _: &AccountId, _: &AccountId) -> u128 {
			0
		}
		fn vault_asset(_: VaultId) -> bastion_primitives::views::AssetView {
			bastion_primitives::views::AssetView::Native
		}
		fn operator_pools(_: &AccountId) -> Vec<bastion_primitives::views::PoolView<BlockNumber>> {
			Vec::new()
		}
	}

	pub struct Operators;
	impl OperatorsHooks<AccountId> for Operators {
		/// Every operator counts as opted in until forced out once.
		fn force_opt_out(operator: &AccountId, avs: AvsId) -> bool {
			FORCED_OUT.with(|f| {
				let mut forced = f.borrow_mut();
				let first = !forced.contains(&(*operator, avs));
				if first {
					forced.push((*operator, avs));
				}
				first
			})
		}
	}

	pub struct Slashing;
	impl SlashingInspect<AccountId> for Slashing {
		fn has_pending_against_operator(_: &AccountId) -> bool {
			false
		}
		fn has_pending_by_avs(avs: AvsId) -> bool {
			PENDING_SLASH.with(|p| p.borrow().contains(&avs))
		}
	}

	pub type Delays = bastion_primitives::ConstDelays<
		ConstU64<ALLOCATION_DELAY>,
		ConstU64<DEALLOCATION_DELAY>,
		ConstU64<MAX_OFFENCE_AGE>,
		ConstU64<10>,
	>;
}

parameter_types! {
	pub const MaxSlash: Fraction = Fraction::from_percent(50);
}

impl pallet_avs::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Vaults = stubs::Vaults;
	type Operators = stubs::Operators;
	type Slashing = stubs::Slashing;
	type Rewards = ();
	type Delays = stubs::Delays;
	type AvsBond = ConstU128<BOND>;
	type MaxSlashPerRequest = MaxSlash;
	type RuleChangeDelay = ConstU64<RULE_CHANGE_DELAY>;
	type MaxVaultsPerAvs = ConstU32<MAX_VAULTS>;
	type MaxOperatorsPerAvs = ConstU32<MAX_OPERATORS>;
	type MaxMetadataLen = ConstU32<32>;
	type WeightInfo = ();
}

pub const OWNER: AccountId = 1;
pub const SLASHER: AccountId = 2;
pub const RESOLVER: AccountId = 3;
pub const STRANGER: AccountId = 4;
pub const INITIAL: Balance = 10_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=5).map(|a| (a, INITIAL)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		stubs::VAULTS.with(|v| v.borrow_mut().clear());
		stubs::FORCED_OUT.with(|f| f.borrow_mut().clear());
		stubs::PENDING_SLASH.with(|p| p.borrow_mut().clear());
	});
	ext
}

/// The events this pallet emitted, oldest first; clears them.
pub fn avs_events() -> Vec<pallet_avs::Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Avs(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}

pub fn run_to(n: BlockNumber) {
	System::set_block_number(n);
}
