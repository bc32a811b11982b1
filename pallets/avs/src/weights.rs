//! Weights of pallet-avs' calls.
//!
//! PROVISIONAL: not yet measured. The benchmarks that generate this file with
//! `bastion-node benchmark pallet` land with the benchmarking issue; until then the
//! figures are upper estimates from each call's storage reads and writes, so blocks
//! cannot be overfilled.

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed by pallet-avs.
pub trait WeightInfo {
	fn register_avs(v: u32) -> Weight;
	fn update_avs(v: u32) -> Weight;
	fn approve_operator() -> Weight;
	fn remove_operator() -> Weight;
	fn deregister_avs(o: u32) -> Weight;
}

fn rw(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(50_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(reads, writes))
}

impl WeightInfo for () {
	fn register_avs(v: u32) -> Weight {
		rw(3u64.saturating_add(v.into()).saturating_add(v.into()), 3)
	}
	fn update_avs(v: u32) -> Weight {
		rw(2u64.saturating_add(v.into()).saturating_add(v.into()), 1)
	}
	fn approve_operator() -> Weight {
		rw(2, 2)
	}
	fn remove_operator() -> Weight {
		rw(4, 3)
	}
	fn deregister_avs(o: u32) -> Weight {
		rw(3, 3u64.saturating_add(o.into()))
	}
}
