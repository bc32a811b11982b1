//! `pallet_vaults`: custody and share accounting of restaked assets.

use super::restaking::{AssetKind, Delays, NativeAndAssets, NativeAsset, TransferCost};
use crate::{AccountId, Avs, Balance, Balances, Operators, Runtime, RuntimeHoldReason, UNIT};
use {
	frame_support::{
		parameter_types,
		traits::{ConstU128, ConstU32},
		PalletId,
	},
	frame_system::EnsureRoot,
};

parameter_types! {
	pub const VaultsPalletId: PalletId = PalletId(*b"bst/vlts");
	/// A vault's storage deposit.
	pub const VaultDeposit: Balance = 10 * UNIT;
}

impl pallet_vaults::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type NativeAsset = NativeAsset;
	type TransferCost = TransferCost;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Operators = Operators;
	type Avs = Avs;
	type Delays = Delays;
	// Rewards settle after every change of a pool's or a position's stake, at the values
	// recorded before it.
	type Observer = crate::Rewards;
	type PalletId = VaultsPalletId;
	type VaultDeposit = VaultDeposit;
	type MaxPositionsPerAccount = ConstU32<32>;
	type MaxPendingWithdrawals = ConstU32<8>;
	type MaxAvsPerVault = ConstU32<16>;
	// Each unit may secure at most five AVSs.
	type MaxRestakePercent = ConstU32<500>;
	// Curators pick their minimum (never below the asset's minimum balance either). The
	// floor is in the asset's smallest unit, whatever its decimals.
	type MinDepositFloor = ConstU128<1_000>;
	type VirtualShares = ConstU128<1_000>;
	// A pool whose price fell a millionfold is closed to deposits.
	type MaxSharesPerAsset = ConstU128<1_000_000_000>;
	type WeightInfo = pallet_vaults::weights::BastionWeight<Runtime>;
}
