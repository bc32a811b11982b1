//! `pallet_aura`: round-robin block authoring, one author per slot.

use crate::Runtime;
use {
	frame_support::traits::{ConstBool, ConstU32},
	pallet_aura,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
};

/// The most authorities Aura and GRANDPA accept.
pub const MAX_AUTHORITIES: u32 = 32;

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}
