//! Weights of pallet-slashing's calls and hook.
//!
//! PROVISIONAL: not yet measured. The benchmarks that generate this file with
//! `bastion-node benchmark pallet` land with the benchmarking issue; until then the
//! figures are upper estimates from each call's storage reads and writes.

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed by pallet-slashing.
pub trait WeightInfo {
	/// `p`: pools hit (vaults the AVS serves).
	fn request_slash(p: u32) -> Weight;
	fn veto_slash(p: u32) -> Weight;
	fn execute_slash(p: u32) -> Weight;
	/// `n`: requests executed in the block, each hitting at most `p` pools.
	fn on_initialize(n: u32, p: u32) -> Weight;
}

fn rw(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(60_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(reads, writes))
}

impl WeightInfo for () {
	fn request_slash(p: u32) -> Weight {
		let p = u64::from(p);
		rw(8u64.saturating_add(p.saturating_mul(24)), 8u64.saturating_add(p.saturating_mul(20)))
	}
	fn veto_slash(p: u32) -> Weight {
		let p = u64::from(p);
		rw(8u64.saturating_add(p.saturating_mul(3)), 8u64.saturating_add(p.saturating_mul(2)))
	}
	fn execute_slash(p: u32) -> Weight {
		let p = u64::from(p);
		rw(8u64.saturating_add(p.saturating_mul(5)), 8u64.saturating_add(p.saturating_mul(4)))
	}
	fn on_initialize(n: u32, p: u32) -> Weight {
		rw(1, 1).saturating_add(Self::execute_slash(p).saturating_mul(u64::from(n)))
	}
}
