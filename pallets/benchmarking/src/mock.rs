//! A test runtime with the five real restaking pallets, for the benchmark test suites.

use bastion_primitives::{ConstDelays, Fraction};
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
		Validators: pallet_validators,
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
	// The benchmarks measure the native token's transfers.
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

impl pallet_rewards::Config for Test {
	type AssetKind = AssetKind;
	type Assets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;
	type TransferCost = ();
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
	type MinStreamDuration = ConstU64<10>;
	type MaxStreamDuration = ConstU64<100_000>;
	type MaxResyncsPerBlock = ConstU32<2>;
	type WeightInfo = ();
}

parameter_types! {
	pub const ValidatorsPalletId: PalletId = PalletId(*b"bst/vals");
}

impl pallet_validators::Config for Test {
	type ConsensusAvs = ConstU32<0>;
	type PalletId = ValidatorsPalletId;
	type Stakes = Operators;
	type Avs = Avs;
	type Slashing = Slashing;
	type SessionKeys = EveryoneHasKeys;
	type Disabling = ();
	type History = ();
	type Delays = Delays;
	type MaxValidators = ConstU32<4>;
	type MinValidators = ConstU32<1>;
	type MinValidatorStake = ConstU128<1>;
	type SessionLength = ConstU64<5>;
	type HistoryDepth = ConstU32<1>;
	type WeightInfo = ();
}

/// Every account has session keys; setting and purging them does nothing.
pub struct EveryoneHasKeys;
impl pallet_validators::SessionKeyRegistry<AccountId> for EveryoneHasKeys {
	type Keys = u64;
	fn has_keys(_: &AccountId) -> bool {
		true
	}
	fn set_keys(_: &AccountId, _: u64, _: Vec<u8>) -> sp_runtime::DispatchResult {
		Ok(())
	}
	fn purge_keys(_: &AccountId) -> sp_runtime::DispatchResult {
		Ok(())
	}
}

impl crate::Config for Test {
	fn asset_kind(id: u32) -> AssetKind {
		NativeOrWithId::WithId(id)
	}

	fn mint_asset(asset: &AssetKind, who: &AccountId, amount: u128) {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		let NativeOrWithId::WithId(id) = asset else { return };
		if !<Assets as Inspect<AccountId>>::asset_exists(*id) {
			<Assets as Create<AccountId>>::create(*id, who.clone(), true, 1)
				.expect("asset created");
		}
		<Assets as Mutate<AccountId>>::mint_into(*id, who, amount).expect("asset minted");
	}

	fn set_session_keys(_: &AccountId, _: u32) {}

	fn session_keys_with_proof(_: &AccountId) -> (u64, Vec<u8>) {
		(7, Vec::new())
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
