//! `pallet_slashing`: slash requests, their escrow, veto and execution.

use super::restaking::Delays;
use crate::{AccountId, Avs, Balances, Operators, Runtime, RuntimeHoldReason, Vaults, UNIT};
use {
	frame_support::{
		parameter_types,
		traits::{ConstU128, ConstU32},
		PalletId,
	},
	frame_system::EnsureRoot,
	sp_runtime::traits::AccountIdConversion,
};

parameter_types! {
	/// The treasury's account, derived like other keyless accounts. There is no treasury
	/// pallet yet: governance spends from it with `sudo`.
	pub TreasuryAccount: AccountId = PalletId(*b"py/trsry").into_account_truncating();
}

impl pallet_slashing::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Vaults = Vaults;
	type Operators = Operators;
	type Avs = Avs;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Delays = Delays;
	type TreasuryAccount = TreasuryAccount;
	type RequestDeposit = ConstU128<{ 10 * UNIT }>;
	type MaxExecutionsPerBlock = ConstU32<8>;
	type MaxVaultsPerAvs = <Runtime as pallet_avs::Config>::MaxVaultsPerAvs;
	type WeightInfo = pallet_slashing::weights::BastionWeight<Runtime>;
}
