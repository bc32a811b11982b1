//! `pallet_grandpa`: finality. The authority set is fixed at genesis; there is no
//! equivocation reporting because there is no validator stake on this chain to slash.

use crate::{Runtime, RuntimeEvent};
use {
	frame_support::traits::{ConstU32, ConstU64},
	pallet_grandpa,
	sp_core::Void,
};

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	// The same authorities author (Aura) and finalize.
	type MaxAuthorities = <Runtime as pallet_aura::Config>::MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = Void;
	type EquivocationReportSystem = ();
}
