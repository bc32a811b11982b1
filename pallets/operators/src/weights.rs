//! Weights of pallet-operators' calls.
//!
//! PROVISIONAL: not yet measured. The benchmarks that generate this file with
//! `bastion-node benchmark pallet` land with the benchmarking issue; until then the
//! figures are upper estimates from each call's storage reads and writes, so blocks
//! cannot be overfilled.

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed by pallet-operators.
pub trait WeightInfo {
	fn register_operator() -> Weight;
	fn update_operator() -> Weight;
	fn set_commission() -> Weight;
	fn opt_in(v: u32) -> Weight;
	fn opt_out() -> Weight;
	fn allocate(a: u32) -> Weight;
	fn deregister_operator(a: u32) -> Weight;
}

fn rw(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(50_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(reads, writes))
}

impl WeightInfo for () {
	fn register_operator() -> Weight {
		rw(3, 3)
	}
	fn update_operator() -> Weight {
		rw(1, 1)
	}
	fn set_commission() -> Weight {
		rw(1, 1)
	}
	fn opt_in(v: u32) -> Weight {
		rw(6u64.saturating_add(v.into()), 2)
	}
	fn opt_out() -> Weight {
		rw(2, 1)
	}
	fn allocate(a: u32) -> Weight {
		rw(10u64.saturating_add(a.into()).saturating_add(a.into()), 2)
	}
	fn deregister_operator(a: u32) -> Weight {
		rw(4u64.saturating_add(a.into()).saturating_mul(2), 3u64.saturating_add(a.into()).saturating_mul(2))
	}
}
