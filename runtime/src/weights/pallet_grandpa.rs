//! `pallet_grandpa`'s call weights for this runtime, from two benchmarks run on the release
//! bench node (`docs/benchmarks.md` has the command, the machine and the date):
//! - `bastion_grandpa_report::report_equivocation(v)` (runtime/src/benchmarks/grandpa.rs):
//!   a whole equivocation report — key-ownership proof against the session's trie,
//!   signatures, `pallet-offences`, and `pallet-validators`' handler for one offender;
//! - `pallet_grandpa::note_stalled`, the SDK's own benchmark.
//!
//! `pallet-offences` may hand a report's handler every earlier offender of the same round
//! again (co-offenders reported one by one), reading each earlier report, and drops the
//! weight the handler returns: a report is charged the handler's work and one report read
//! for every member of a full set on top of what was measured, and, for each, a slash
//! request over the most vaults the consensus AVS may accept (`on_offence` was measured on
//! the dev chain's one).

use crate::Runtime;
use frame_support::{traits::Get, weights::Weight};
use pallet_slashing::WeightInfo as _;
use pallet_validators::WeightInfo as _;

type ValidatorsWeight = <Runtime as pallet_validators::Config>::WeightInfo;
type SlashingWeight = <Runtime as pallet_slashing::Config>::WeightInfo;
type MaxValidators = <Runtime as pallet_validators::Config>::MaxValidators;
type MaxVaultsPerAvs = <Runtime as pallet_slashing::Config>::MaxVaultsPerAvs;

/// The weights of `pallet_grandpa`'s calls, measured for this runtime.
pub struct GrandpaWeight;

impl pallet_grandpa::WeightInfo for GrandpaWeight {
	/// Charged for a set of `MaxValidators` whatever the proof says (reports are rare and
	/// free): the measured report, and the handler's work for every other member.
	fn report_equivocation(_validator_count: u32, _max_nominators_per_validator: u32) -> Weight {
		let v = u64::from(<MaxValidators as Get<u32>>::get());
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		Weight::from_parts(REPORT_BASE_REF_TIME, REPORT_BASE_PROOF)
			.saturating_add(
				Weight::from_parts(REPORT_PER_VALIDATOR_REF_TIME, REPORT_PER_VALIDATOR_PROOF)
					.saturating_mul(v),
			)
			.saturating_add(
				db.reads(REPORT_READS.saturating_add(REPORT_READS_PER_VALIDATOR.saturating_mul(v))),
			)
			.saturating_add(db.writes(REPORT_WRITES))
			// The earlier reports of the round, and the handler for every offender.
			.saturating_add(db.reads(v))
			.saturating_add(
				Weight::from_parts(0, REPORT_PROOF_PER_EARLIER_REPORT).saturating_mul(v),
			)
			.saturating_add(ValidatorsWeight::on_offence(<MaxValidators as Get<u32>>::get()))
			// `on_offence` was measured with the consensus AVS accepting one vault; each
			// request escrows from every vault the AVS accepts, at most `MaxVaultsPerAvs`.
			.saturating_add(
				SlashingWeight::request_slash(<MaxVaultsPerAvs as Get<u32>>::get())
					.saturating_mul(v),
			)
	}

	fn note_stalled() -> Weight {
		Weight::from_parts(NOTE_STALLED_REF_TIME, 0)
			.saturating_add(<Runtime as frame_system::Config>::DbWeight::get().writes(1))
	}
}

// Measured on 2026-12-03 (docs/benchmarks.md, *The consensus AVS*): `STEPS=10 REPEAT=5
// scripts/benchmark.sh grandpa` prints them. `report_equivocation(v)`:
// 602.5 µs + 25.8 µs × v, 28 + v reads, 17 writes, proof 6,974 + 2,762 × v bytes.
const REPORT_BASE_REF_TIME: u64 = 602_518_620;
const REPORT_BASE_PROOF: u64 = 6_974;
const REPORT_PER_VALIDATOR_REF_TIME: u64 = 25_763_553;
const REPORT_PER_VALIDATOR_PROOF: u64 = 2_762;
const REPORT_READS: u64 = 28;
const REPORT_READS_PER_VALIDATOR: u64 = 1;
const REPORT_WRITES: u64 = 17;
/// One `pallet_offences::Reports` entry (offender, stake, reporters, time slot), bounded
/// by hand: the offences pallet keeps no `MaxEncodedLen` for it.
const REPORT_PROOF_PER_EARLIER_REPORT: u64 = 1_000;
/// `note_stalled`: 7.6 µs and one write.
const NOTE_STALLED_REF_TIME: u64 = 7_634_000;
