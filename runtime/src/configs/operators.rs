//! `pallet_operators`: operators, their opt-ins and allocations.

use super::restaking::{Delays, MAX_AVS_PER_OPERATOR, MAX_OPERATORS_PER_AVS};
use crate::{Avs, Balances, Runtime, RuntimeHoldReason, Vaults, UNIT};
use {
	frame_support::{
		parameter_types,
		traits::{ConstU128, ConstU32},
	},
	sp_runtime::Perbill,
};

parameter_types! {
	pub const MaxCommission: Perbill = Perbill::from_percent(50);
}

impl pallet_operators::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Vaults = Vaults;
	type Avs = Avs;
	type Slashing = crate::Slashing;
	type Observer = crate::Rewards;
	type Delays = Delays;
	type OperatorBond = ConstU128<{ 100 * UNIT }>;
	type MaxCommission = MaxCommission;
	type MaxAvsPerOperator = ConstU32<MAX_AVS_PER_OPERATOR>;
	type MaxOperatorsPerAvs = ConstU32<MAX_OPERATORS_PER_AVS>;
	type MaxAllocationsPerOperator = ConstU32<64>;
	// One allocation per vault the AVS accepts.
	type MaxAllocationsPerOptIn = <Runtime as pallet_avs::Config>::MaxVaultsPerAvs;
	type MaxMetadataLen = ConstU32<256>;
	type WeightInfo = pallet_operators::weights::BastionWeight<Runtime>;
}
