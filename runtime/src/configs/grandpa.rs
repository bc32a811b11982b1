//! `pallet_grandpa`: finality. The authorities are the session's validators; an
//! equivocation (two votes in one round) is reported by any node that sees it, proven
//! against the session's historical validator trie, and becomes an offence
//! (`pallet_offences`), which `pallet_validators` turns into a slash request on the
//! consensus AVS.

use super::restaking::{HISTORY_DEPTH, SESSION_LENGTH};
use crate::{Historical, Offences, Runtime, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use {
	frame_support::{
		parameter_types,
		traits::{ConstU32, KeyOwnerProofSystem},
	},
	pallet_grandpa,
	sp_consensus_grandpa::AuthorityId as GrandpaId,
	sp_core::crypto::KeyTypeId,
};

parameter_types! {
	/// How long an equivocation report may wait in the pool: no longer than the history it
	/// is proven against (`HISTORY_DEPTH` sessions).
	pub const ReportLongevity: u64 = HISTORY_DEPTH as u64 * SESSION_LENGTH as u64;
	/// One GRANDPA set per session, over the sessions an offence can be proven for, and the
	/// set before the oldest (a proof for set `s` reads the session of set `s − 1` too).
	pub const MaxSetIdSessionEntries: u64 = HISTORY_DEPTH as u64 + 2;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Measured for this runtime, the offence handler included (`crate::weights`).
	type WeightInfo = crate::weights::pallet_grandpa::GrandpaWeight;
	// The same authorities author (Aura) and finalize.
	type MaxAuthorities = <Runtime as pallet_aura::Config>::MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
	type KeyOwnerProof = <Historical as KeyOwnerProofSystem<(KeyTypeId, GrandpaId)>>::Proof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

/// Equivocation reports are unsigned transactions the reporting node submits itself.
impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		UncheckedExtrinsic::new_bare(call)
	}
}
