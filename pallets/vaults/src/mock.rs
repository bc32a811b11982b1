//! A test runtime: System, Balances, Assets and Vaults, with operators and AVSs stubbed
//! by thread-local tables the tests fill in.

use crate as pallet_vaults;
use bastion_primitives::{Approval, AvsId, AvsInspect, OperatorsInspect, VaultId};
use std::collections::{BTreeMap, BTreeSet};
use {
	frame_support::{
		derive_impl, parameter_types,
		traits::{
			fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
			AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64,
		},
		PalletId,
	},
	frame_system::{self, EnsureRoot, EnsureSigned},
	pallet_assets, pallet_balances, sp_io,
	sp_runtime::BuildStorage,
};

pub type AccountId = sp_runtime::AccountId32;
pub type Balance = u128;
pub type BlockNumber = u64;
pub type AssetKind = NativeOrWithId<u32>;
type Block = frame_system::mocking::MockBlock<Test>;

/// The existential deposit of the native token.
pub const ED: Balance = 10;
/// A non-native asset created at genesis, with minimum balance 5.
pub const USDX: u32 = 7;
pub const USDX_MIN_BALANCE: Balance = 5;

// Delays: A = 100, D = 90, E = 30, minimum V = 10. A vault's W must be in (E + V, D].
pub const ALLOCATION_DELAY: BlockNumber = 100;
pub const DEALLOCATION_DELAY: BlockNumber = 90;
pub const MAX_OFFENCE_AGE: BlockNumber = 30;
pub const MIN_VETO_WINDOW: BlockNumber = 10;

pub const VIRTUAL_SHARES: Balance = 1_000;
pub const VAULT_DEPOSIT: Balance = 1_000;
pub const MAX_POSITIONS: u32 = 4;
pub const MAX_WITHDRAWALS: u32 = 3;
pub const MAX_AVS_PER_VAULT: u32 = 3;
pub const MIN_DEPOSIT_FLOOR: Balance = 10;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Vaults: pallet_vaults,
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
	type ExistentialDeposit = ConstU128<ED>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = Balance;
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
}

/// Stand-ins for pallet-operators and pallet-avs.
pub mod stubs {
	use super::*;

	thread_local! {
		pub static OPERATORS: std::cell::RefCell<BTreeSet<AccountId>> = Default::default();
		/// AVS id → (active, veto window).
		pub static AVSS: std::cell::RefCell<BTreeMap<AvsId, (bool, BlockNumber)>> = Default::default();
		/// (operator, vault) → the AVSs that can slash the pool, with their slices.
		pub static SLICES: std::cell::RefCell<BTreeMap<(AccountId, VaultId), Vec<(AvsId, bastion_primitives::Fraction)>>> = Default::default();
	}

	pub fn set_slices(
		operator: AccountId,
		vault: VaultId,
		slices: Vec<(AvsId, bastion_primitives::Fraction)>,
	) {
		SLICES.with(|s| s.borrow_mut().insert((operator, vault), slices));
	}

	pub fn add_operator(who: AccountId) {
		OPERATORS.with(|o| o.borrow_mut().insert(who));
	}
	pub fn add_avs(avs: AvsId, veto_window: BlockNumber) {
		AVSS.with(|a| a.borrow_mut().insert(avs, (true, veto_window)));
	}

	pub struct Operators;
	impl OperatorsInspect<AccountId> for Operators {
		fn is_active_operator(who: &AccountId) -> bool {
			OPERATORS.with(|o| o.borrow().contains(who))
		}
		fn is_operator(who: &AccountId) -> bool {
			Self::is_active_operator(who)
		}
		fn is_opted_in(_: &AccountId, _: AvsId) -> bool {
			false
		}
		fn holds_opt_in(_: &AccountId, _: AvsId) -> bool {
			false
		}
		fn allocated_fraction(_: &AccountId, _: AvsId, _: VaultId) -> bastion_primitives::Fraction {
			Default::default()
		}
		fn slashable_fraction(_: &AccountId, _: AvsId, _: VaultId) -> bastion_primitives::Fraction {
			Default::default()
		}
		fn commission(_: &AccountId) -> sp_runtime::Perbill {
			Default::default()
		}
		fn max_avs_per_operator() -> u32 {
			0
		}
		fn vault_slices(
			operator: &AccountId,
			vault: VaultId,
		) -> Vec<(AvsId, bastion_primitives::Fraction)> {
			SLICES.with(|s| s.borrow().get(&(operator.clone(), vault)).cloned().unwrap_or_default())
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
			AVSS.with(|a| a.borrow().get(&avs).is_some_and(|e| e.0))
		}
		fn max_veto_window(avs: AvsId) -> Option<BlockNumber> {
			AVSS.with(|a| a.borrow().get(&avs).map(|e| e.1))
		}
		fn vault_acceptance(_: AvsId, _: VaultId) -> Approval<BlockNumber> {
			Approval::Yes { from: 0 }
		}
		fn accepted_vaults(_: AvsId) -> Vec<VaultId> {
			Vec::new()
		}
		fn admits_operator(_: AvsId, _: &AccountId) -> bool {
			true
		}
		fn min_operator_stake(_: AvsId) -> Balance {
			0
		}
		fn slashing_rules(
			_: AvsId,
		) -> Option<bastion_primitives::SlashingRules<AccountId, BlockNumber>> {
			None
		}
		fn slashable_vaults(_: AvsId) -> Vec<VaultId> {
			Vec::new()
		}
	}

	pub type Delays = bastion_primitives::ConstDelays<
		ConstU64<ALLOCATION_DELAY>,
		ConstU64<DEALLOCATION_DELAY>,
		ConstU64<MAX_OFFENCE_AGE>,
		ConstU64<MIN_VETO_WINDOW>,
	>;
}

parameter_types! {
	pub const VaultsPalletId: PalletId = PalletId(*b"bst/vlts");
	pub const Native: AssetKind = NativeOrWithId::Native;
	/// What moving an asset other than the native token costs more (tests).
	pub const AssetSurcharge: frame_support::weights::Weight =
		frame_support::weights::Weight::from_parts(7_000_000, 0);
}

impl pallet_vaults::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type AssetKind = AssetKind;
	type Assets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;
	type NativeAsset = Native;
	type TransferCost = bastion_primitives::NonNativeSurcharge<Native, AssetSurcharge>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Operators = stubs::Operators;
	type Avs = stubs::Avs;
	type Delays = stubs::Delays;
	type Observer = ();
	type PalletId = VaultsPalletId;
	type VaultDeposit = ConstU128<VAULT_DEPOSIT>;
	type MaxPositionsPerAccount = ConstU32<MAX_POSITIONS>;
	type MaxPendingWithdrawals = ConstU32<MAX_WITHDRAWALS>;
	type MaxAvsPerVault = ConstU32<MAX_AVS_PER_VAULT>;
	type MaxRestakePercent = ConstU32<500>;
	type MinDepositFloor = ConstU128<MIN_DEPOSIT_FLOOR>;
	type VirtualShares = ConstU128<VIRTUAL_SHARES>;
	type MaxSharesPerAsset = ConstU128<1_000_000>;
	type WeightInfo = ();
}

/// The test account numbered `n`.
pub const fn acc(n: u8) -> AccountId {
	sp_runtime::AccountId32::new([n; 32])
}

/// Accounts 1..=20 hold 1,000,000 native and 1,000,000 USDX; 100 and 101 are operators.
pub const CURATOR: AccountId = acc(1);
pub const ALICE: AccountId = acc(2);
pub const BOB: AccountId = acc(3);
pub const OPERATOR: AccountId = acc(100);
pub const OPERATOR_2: AccountId = acc(101);
pub const INITIAL: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=20).map(acc).chain([OPERATOR, OPERATOR_2]).map(|a| (a, INITIAL)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USDX, acc(20), true, USDX_MIN_BALANCE)],
		metadata: vec![],
		accounts: (1..=20).map(|a| (USDX, acc(a), INITIAL)).collect(),
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		stubs::OPERATORS.with(|o| o.borrow_mut().clear());
		stubs::AVSS.with(|a| a.borrow_mut().clear());
		stubs::SLICES.with(|s| s.borrow_mut().clear());
		stubs::add_operator(OPERATOR);
		stubs::add_operator(OPERATOR_2);
	});
	ext
}

/// The events this pallet emitted, oldest first; clears them.
pub fn vault_events() -> Vec<pallet_vaults::Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Vaults(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}

pub fn run_to(n: BlockNumber) {
	System::set_block_number(n);
}
