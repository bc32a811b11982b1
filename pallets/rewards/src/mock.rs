//! A test runtime with the real Vaults, Operators, Avs and Slashing pallets around Rewards.

use crate as pallet_rewards;
use bastion_primitives::{ConstDelays, Fraction};
use {
	frame_support::{
		derive_impl, parameter_types,
		traits::{
			fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
			AsEnsureOriginWithArg, ConstU128, ConstU32, ConstU64, Hooks,
		},
		PalletId,
	},
	frame_system::{self, EnsureRoot, EnsureSigned},
	pallet_assets, pallet_balances, sp_io,
	sp_runtime::{AccountId32, BuildStorage},
};

pub type AccountId = AccountId32;
pub type Balance = u128;
pub type BlockNumber = u64;
pub type AssetKind = NativeOrWithId<u32>;
type Block = frame_system::mocking::MockBlock<Test>;

// A = 100, D = 90, E = 30, minimum V = 10; vaults use W = 50.
pub const ALLOCATION_DELAY: BlockNumber = 100;
pub const DEALLOCATION_DELAY: BlockNumber = 90;
pub const MAX_OFFENCE_AGE: BlockNumber = 30;
pub const VETO_WINDOW: BlockNumber = 10;
pub const W: BlockNumber = 50;
pub const REQUEST_DEPOSIT: Balance = 50;
pub const ED: Balance = 10;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Vaults: pallet_vaults,
		Operators: pallet_operators,
		Avs: pallet_avs,
		Slashing: pallet_slashing,
		Rewards: pallet_rewards,
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

pub type Delays = ConstDelays<
	ConstU64<ALLOCATION_DELAY>,
	ConstU64<DEALLOCATION_DELAY>,
	ConstU64<MAX_OFFENCE_AGE>,
	ConstU64<VETO_WINDOW>,
>;

parameter_types! {
	pub const VaultsPalletId: PalletId = PalletId(*b"bst/vlts");
	pub const Native: AssetKind = NativeOrWithId::Native;
	/// What moving an asset other than the native token costs more (tests).
	pub const AssetSurcharge: frame_support::weights::Weight =
		frame_support::weights::Weight::from_parts(7_000_000, 0);
	pub const MaxCommission: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
	pub const MaxSlash: Fraction = Fraction::from_percent(100);
	pub const Treasury: AccountId = AccountId32::new([0xee; 32]);
	pub const RewardsPalletId: PalletId = PalletId(*b"bst/rwds");
}

impl pallet_vaults::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type AssetKind = AssetKind;
	type Assets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;
	type NativeAsset = Native;
	type TransferCost = ();
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Operators = Operators;
	type Avs = Avs;
	type Delays = Delays;
	type Observer = Rewards;
	type PalletId = VaultsPalletId;
	type VaultDeposit = ConstU128<100>;
	type MaxPositionsPerAccount = ConstU32<8>;
	type MaxPendingWithdrawals = ConstU32<4>;
	type MaxAvsPerVault = ConstU32<4>;
	type MaxRestakePercent = ConstU32<500>;
	type MinDepositFloor = ConstU128<10>;
	type VirtualShares = ConstU128<1_000>;
	type MaxSharesPerAsset = ConstU128<1_000_000_000>;
	type WeightInfo = ();
}

impl pallet_operators::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Vaults = Vaults;
	type Avs = Avs;
	type Slashing = Slashing;
	type Observer = Rewards;
	type Delays = Delays;
	type OperatorBond = ConstU128<100>;
	type MaxCommission = MaxCommission;
	type MaxAvsPerOperator = ConstU32<4>;
	type MaxOperatorsPerAvs = ConstU32<8>;
	type MaxAllocationsPerOperator = ConstU32<8>;
	type MaxAllocationsPerOptIn = ConstU32<4>;
	type MaxMetadataLen = ConstU32<32>;
	type WeightInfo = ();
}

impl pallet_avs::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Vaults = Vaults;
	type Operators = Operators;
	type Slashing = Slashing;
	type Rewards = Rewards;
	type Delays = Delays;
	type AvsBond = ConstU128<100>;
	type MaxSlashPerRequest = MaxSlash;
	type RuleChangeDelay = ConstU64<91>;
	type MaxVaultsPerAvs = ConstU32<4>;
	type MaxOperatorsPerAvs = ConstU32<8>;
	type MaxMetadataLen = ConstU32<32>;
	type WeightInfo = ();
}

impl pallet_slashing::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Vaults = Vaults;
	type Operators = Operators;
	type Avs = Avs;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Delays = Delays;
	type TreasuryAccount = Treasury;
	type RequestDeposit = ConstU128<REQUEST_DEPOSIT>;
	type MaxExecutionsPerBlock = ConstU32<2>;
	type MaxVaultsPerAvs = ConstU32<4>;
	type WeightInfo = ();
}

pub const MIN_DURATION: BlockNumber = 10;

impl pallet_rewards::Config for Test {
	type AssetKind = AssetKind;
	type Assets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;
	type TransferCost = bastion_primitives::NonNativeSurcharge<Native, AssetSurcharge>;
	type Vaults = Vaults;
	type Operators = Operators;
	type Avs = Avs;
	type AdminOrigin = EnsureRoot<AccountId>;
	type PalletId = RewardsPalletId;
	type MaxRewardAssets = ConstU32<3>;
	type MaxStreamsPerAvs = ConstU32<4>;
	type MaxSponsoredStreamsPerAvs = ConstU32<2>;
	type MaxVaultsPerStream = ConstU32<4>;
	type MaxEarnersPerPool = ConstU32<4>;
	type MaxClaimPositions = ConstU32<4>;
	type MinStreamDuration = ConstU64<MIN_DURATION>;
	type MaxStreamDuration = ConstU64<100_000>;
	type MaxResyncsPerBlock = ConstU32<2>;
	type WeightInfo = ();
}

pub const fn acc(n: u8) -> AccountId {
	AccountId32::new([n; 32])
}
pub const CURATOR: AccountId = acc(1);
pub const OPERATOR: AccountId = acc(2);
pub const SLASHER: AccountId = acc(3);
pub const RESOLVER: AccountId = acc(4);
pub const OWNER: AccountId = acc(5);
pub const ALICE: AccountId = acc(6);
pub const BOB: AccountId = acc(7);
pub const INITIAL: Balance = 1_000_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|n| (acc(n), INITIAL)).chain([(Treasury::get(), ED)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Moves to block `n`, running the block hooks on the way.
pub fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Slashing::on_initialize(next);
		Rewards::on_initialize(next);
	}
}

/// The events this pallet emitted, oldest first; clears them.
pub fn rewards_events() -> Vec<pallet_rewards::Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Rewards(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}
