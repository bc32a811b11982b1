//! `pallet_utility`: batches, so a staker can e.g. deposit into several vaults at once.

use crate::{OriginCaller, Runtime, RuntimeCall, RuntimeEvent};
use pallet_utility;

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = crate::weights::pallet_utility::WeightInfo<Runtime>;
}
