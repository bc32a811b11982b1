//! `pallet_balances`: the native token BST.

use crate::{
	Balance, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, System,
	EXISTENTIAL_DEPOSIT,
};
use {
	frame_support::traits::{ConstU128, ConstU32, VariantCountOf},
	pallet_balances,
};

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	// Dust of reaped accounts is burned.
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	// Locks and reserves are the old API: Bastion's pallets use holds and freezes.
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}
