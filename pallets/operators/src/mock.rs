//! A test runtime: System, Balances and Operators, with vaults, AVSs and slashing stubbed
//! by thread-local tables the tests fill in.

use crate as pallet_operators;
use bastion_primitives::{
	Approval, AvsId, AvsInspect, PoolStake, RestakePercent, SlashingInspect, VaultId, VaultsInspect,
};
use std::{cell::RefCell, collections::BTreeMap};
use {
	frame_support::{
		derive_impl,
		traits::{ConstU128, ConstU32, ConstU64},
	},
	frame_system, pallet_balances, sp_io,
	sp_runtime::{BuildStorage, Perbill},
};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const ALLOCATION_DELAY: BlockNumber = 100;
pub const DEALLOCATION_DELAY: BlockNumber = 90;
pub const BOND: Balance = 500;
pub const MAX_AVS: u32 = 3;
pub const MAX_OPERATORS_PER_AVS: u32 = 3;
pub const MAX_ALLOCATIONS: u32 = 4;
pub const MAX_ALLOCATIONS_PER_OPT_IN: u32 = 3;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Operators: pallet_operators,
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

/// Stand-ins for pallet-vaults, pallet-avs and pallet-slashing.
pub mod stubs {
	use super::*;

	#[derive(Clone)]
	pub struct VaultStub {
		pub max_restake: RestakePercent,
		pub paused: bool,
		pub approvals: BTreeMap<AvsId, Approval<BlockNumber>>,
		pub pools: BTreeMap<AccountId, Balance>,
		/// The part of each pool queued for withdrawal.
		pub exiting: BTreeMap<AccountId, Balance>,
		/// The shortest withdrawal delay, now or scheduled.
		pub shortest_delay: BlockNumber,
	}

	#[derive(Clone)]
	pub struct AvsStub {
		pub active: bool,
		pub open: bool,
		pub allowed: Vec<AccountId>,
		pub min_stake: Balance,
		pub vaults: BTreeMap<VaultId, Approval<BlockNumber>>,
	}

	thread_local! {
		pub static VAULTS: RefCell<BTreeMap<VaultId, VaultStub>> = Default::default();
		pub static AVSS: RefCell<BTreeMap<AvsId, AvsStub>> = Default::default();
		pub static PENDING_SLASH: RefCell<Vec<AccountId>> = Default::default();
	}

	/// The first vault id whose vault holds a non-native asset.
	pub const NON_NATIVE_VAULTS: VaultId = 10;

	/// A vault with `max_restake` that approves `avss`, with no stake.
	pub fn vault(id: VaultId, max_restake: RestakePercent, avss: &[AvsId]) {
		let approvals = avss.iter().map(|a| (*a, Approval::Yes { from: 0 })).collect();
		VAULTS.with(|v| {
			v.borrow_mut().insert(
				id,
				VaultStub {
					max_restake,
					paused: false,
					approvals,
					pools: Default::default(),
					exiting: Default::default(),
					shortest_delay: 50,
				},
			)
		});
	}
	pub fn with_vault(id: VaultId, f: impl FnOnce(&mut VaultStub)) {
		VAULTS.with(|v| f(v.borrow_mut().get_mut(&id).unwrap()));
	}
	/// An open AVS accepting `vaults`, with no minimum stake.
	pub fn avs(id: AvsId, vaults: &[VaultId]) {
		let vaults = vaults.iter().map(|v| (*v, Approval::Yes { from: 0 })).collect();
		AVSS.with(|a| {
			a.borrow_mut().insert(
				id,
				AvsStub { active: true, open: true, allowed: vec![], min_stake: 0, vaults },
			)
		});
	}
	pub fn with_avs(id: AvsId, f: impl FnOnce(&mut AvsStub)) {
		AVSS.with(|a| f(a.borrow_mut().get_mut(&id).unwrap()));
	}

	pub struct Vaults;
	impl VaultsInspect<AccountId, BlockNumber> for Vaults {
		type Balance = Balance;
		fn vault_exists(vault: VaultId) -> bool {
			VAULTS.with(|v| v.borrow().contains_key(&vault))
		}
		fn withdrawal_delay_bounds(vault: VaultId) -> Option<(BlockNumber, BlockNumber)> {
			VAULTS.with(|v| {
				v.borrow().get(&vault).map(|s| (s.shortest_delay, 50.max(s.shortest_delay)))
			})
		}
		fn max_restake(vault: VaultId) -> Option<RestakePercent> {
			VAULTS.with(|v| v.borrow().get(&vault).map(|s| s.max_restake))
		}
		fn is_paused(vault: VaultId) -> bool {
			VAULTS.with(|v| v.borrow().get(&vault).is_some_and(|s| s.paused))
		}
		fn avs_approval(vault: VaultId, avs: AvsId) -> Approval<BlockNumber> {
			VAULTS.with(|v| {
				v.borrow()
					.get(&vault)
					.and_then(|s| s.approvals.get(&avs).copied())
					.unwrap_or(Approval::No)
			})
		}
		fn pool_stake(vault: VaultId, operator: &AccountId) -> PoolStake<Balance> {
			VAULTS.with(|v| {
				let v = v.borrow();
				let Some(s) = v.get(&vault) else { return PoolStake::default() };
				let total = s.pools.get(operator).copied().unwrap_or(0);
				let exiting = s.exiting.get(operator).copied().unwrap_or(0);
				PoolStake { total, active: total.saturating_sub(exiting), escrowed: 0 }
			})
		}
		fn active_pool(vault: VaultId, operator: &AccountId) -> bastion_primitives::ActivePool {
			let active = Self::pool_stake(vault, operator).active;
			bastion_primitives::ActivePool { assets: active, shares: active }
		}
		fn position_shares(_: VaultId, _: &AccountId, _: &AccountId) -> u128 {
			0
		}
		/// Vaults from [`NON_NATIVE_VAULTS`] on hold asset 1, the others the native token.
		fn vault_asset(vault: VaultId) -> bastion_primitives::views::AssetView {
			if vault >= NON_NATIVE_VAULTS {
				bastion_primitives::views::AssetView::Asset(1)
			} else {
				bastion_primitives::views::AssetView::Native
			}
		}
		fn operator_pools(_: &AccountId) -> Vec<bastion_primitives::views::PoolView<BlockNumber>> {
			Vec::new()
		}
	}

	pub struct Avs;
	impl AvsInspect<AccountId, BlockNumber> for Avs {
		type Balance = Balance;
		fn avs_exists(avs: AvsId) -> bool {
			AVSS.with(|a| a.borrow().contains_key(&avs))
		}
		fn avs_owner(_: AvsId) -> Option<AccountId> {
			None
		}
		fn is_active_avs(avs: AvsId) -> bool {
			AVSS.with(|a| a.borrow().get(&avs).is_some_and(|s| s.active))
		}
		fn max_veto_window(_: AvsId) -> Option<BlockNumber> {
			Some(10)
		}
		fn vault_acceptance(avs: AvsId, vault: VaultId) -> Approval<BlockNumber> {
			AVSS.with(|a| {
				a.borrow()
					.get(&avs)
					.and_then(|s| s.vaults.get(&vault).copied())
					.unwrap_or(Approval::No)
			})
		}
		fn accepted_vaults(avs: AvsId) -> Vec<VaultId> {
			AVSS.with(|a| {
				a.borrow().get(&avs).map(|s| s.vaults.keys().copied().collect()).unwrap_or_default()
			})
		}
		fn admits_operator(avs: AvsId, operator: &AccountId) -> bool {
			AVSS.with(|a| {
				a.borrow().get(&avs).is_some_and(|s| s.open || s.allowed.contains(operator))
			})
		}
		fn min_operator_stake(avs: AvsId) -> Balance {
			AVSS.with(|a| a.borrow().get(&avs).map(|s| s.min_stake).unwrap_or(0))
		}
		/// A stub AVS's rules: slashed by account 0, 10 % a request at most.
		fn slashing_rules(
			avs: AvsId,
		) -> Option<bastion_primitives::SlashingRules<AccountId, BlockNumber>> {
			AVSS.with(|a| a.borrow().contains_key(&avs)).then(|| {
				bastion_primitives::SlashingRules {
					slasher: 0,
					resolver: None,
					veto_window: 1,
					max_slash_per_request: bastion_primitives::Fraction::from_percent(10),
					slash_cooldown: 0,
					destination: bastion_primitives::SlashDestination::Burn,
				}
			})
		}
		fn slashable_vaults(avs: AvsId) -> Vec<VaultId> {
			Self::accepted_vaults(avs)
		}
	}

	pub struct Slashing;
	impl SlashingInspect<AccountId> for Slashing {
		fn has_pending_against_operator(operator: &AccountId) -> bool {
			PENDING_SLASH.with(|p| p.borrow().contains(operator))
		}
		fn has_pending_by_avs(_: AvsId) -> bool {
			false
		}
	}

	pub type Delays = bastion_primitives::ConstDelays<
		ConstU64<ALLOCATION_DELAY>,
		ConstU64<DEALLOCATION_DELAY>,
		ConstU64<30>,
		ConstU64<10>,
	>;
}

frame_support::parameter_types! {
	pub const MaxCommission: Perbill = Perbill::from_percent(50);
}

impl pallet_operators::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Vaults = stubs::Vaults;
	type Avs = stubs::Avs;
	type Slashing = stubs::Slashing;
	type Observer = ();
	type Delays = stubs::Delays;
	type OperatorBond = ConstU128<BOND>;
	type MaxCommission = MaxCommission;
	type MaxAvsPerOperator = ConstU32<MAX_AVS>;
	type MaxOperatorsPerAvs = ConstU32<MAX_OPERATORS_PER_AVS>;
	type MaxAllocationsPerOperator = ConstU32<MAX_ALLOCATIONS>;
	type MaxAllocationsPerOptIn = ConstU32<MAX_ALLOCATIONS_PER_OPT_IN>;
	type MaxMetadataLen = ConstU32<32>;
	type WeightInfo = ();
}

pub const OP: AccountId = 1;
pub const OTHER: AccountId = 2;
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
		stubs::AVSS.with(|a| a.borrow_mut().clear());
		stubs::PENDING_SLASH.with(|p| p.borrow_mut().clear());
	});
	ext
}

/// The events this pallet emitted, oldest first; clears them.
pub fn operator_events() -> Vec<pallet_operators::Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Operators(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}

pub fn run_to(n: BlockNumber) {
	System::set_block_number(n);
}
