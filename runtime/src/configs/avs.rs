//! `pallet_avs`: services that rent restaked security.

use super::restaking::{Delays, DEALLOCATION_DELAY, MAX_VAULTS_PER_AVS};
use crate::{Balances, BlockNumber, Operators, Runtime, RuntimeHoldReason, Vaults, UNIT};
use bastion_primitives::Fraction;
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
};

parameter_types! {
	/// No request may take more than half of a slice.
	pub const MaxSlashPerRequest: Fraction = Fraction::from_percent(50);
	/// Longer than D, and so than every vault's W.
	pub const RuleChangeDelay: BlockNumber = DEALLOCATION_DELAY + 1;
}

impl pallet_avs::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Vaults = Vaults;
	type Operators = Operators;
	type Slashing = crate::Slashing;
	type Rewards = crate::Rewards;
	type Delays = Delays;
	type AvsBond = ConstU128<{ 100 * UNIT }>;
	type MaxSlashPerRequest = MaxSlashPerRequest;
	type RuleChangeDelay = RuleChangeDelay;
	type MaxVaultsPerAvs = ConstU32<MAX_VAULTS_PER_AVS>;
	// The allow-list holds at most as many operators as may opt in.
	type MaxOperatorsPerAvs = <Runtime as pallet_operators::Config>::MaxOperatorsPerAvs;
	type MaxMetadataLen = ConstU32<256>;
	type WeightInfo = pallet_avs::weights::BastionWeight<Runtime>;
}
