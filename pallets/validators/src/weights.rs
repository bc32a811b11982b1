//! Weights of `pallet_validators`' hooks.
//!
//! The election runs inside `pallet-session`'s rotation, which charges the whole block
//! (`BlockWeights::max_block`), so `new_session` is measured to show it fits in one block,
//! not to be charged. `on_offence` runs inside `pallet-grandpa`'s `report_equivocation`,
//! whose weight must include it (`pallet-offences` drops the weight it returns).

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions of `pallet_validators`.
pub trait WeightInfo {
	/// An election among `c` candidates.
	fn new_session(c: u32) -> Weight;
	/// Handling an offence of `o` offenders: disabling and one slash request each.
	fn on_offence(o: u32) -> Weight;
}

/// Upper bounds for tests: reads and writes counted by hand at the reference `DbWeight`.
impl WeightInfo for () {
	fn new_session(c: u32) -> Weight {
		// Per candidate: its opt-in, its allocations to the AVS (≤ 16) and their pools.
		RocksDbWeight::get()
			.reads(8u64.saturating_add(34u64.saturating_mul(c.into())))
			.saturating_add(RocksDbWeight::get().writes(6))
			.saturating_add(Weight::from_parts(50_000_000u64.saturating_mul(c.into()), 0))
	}
	fn on_offence(o: u32) -> Weight {
		RocksDbWeight::get()
			.reads_writes(200u64.saturating_mul(o.into()), 120u64.saturating_mul(o.into()))
			.saturating_add(Weight::from_parts(5_000_000_000u64.saturating_mul(o.into()), 0))
	}
}
