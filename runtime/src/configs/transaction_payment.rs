//! `pallet_transaction_payment`: fees in BST.
//!
//! fee = base + length × 1 µBST/byte + weight (1 ps of ref time = 1 planck) × multiplier.
//! A `balances.transfer_keep_alive` costs about 0.0002 BST. The multiplier is fixed at 1:
//! a young chain with short blocks gains nothing from congestion pricing yet.

use crate::{Balance, Balances, Runtime, RuntimeEvent, MICRO_UNIT};
use {
	frame_support::{
		parameter_types,
		traits::ConstU8,
		weights::{ConstantMultiplier, IdentityFee},
	},
	pallet_transaction_payment::{self, ConstFeeMultiplier, FungibleAdapter, Multiplier},
	sp_runtime::traits::One,
};

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
	pub const TransactionByteFee: Balance = MICRO_UNIT;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Fees are burned.
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	// Operational transactions pay 5× the tip-free priority to jump the queue.
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
