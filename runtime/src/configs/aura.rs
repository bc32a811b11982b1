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
	// A disabled validator's blocks are refused for the rest of the session.
	type DisabledValidators = crate::Session;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}
