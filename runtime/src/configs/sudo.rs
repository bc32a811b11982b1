//! `pallet_sudo`: the governance origin of a young chain. Every "governance" power in
//! Bastion's pallets is `EnsureRoot`, which sudo holds; swap sudo for collectives or
//! OpenGov in a fork and nothing else changes.

use crate::{Runtime, RuntimeCall, RuntimeEvent};
use pallet_sudo;

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = crate::weights::pallet_sudo::WeightInfo<Runtime>;
}
