//! Weights of pallet-rewards' calls and hook.
//!
//! PROVISIONAL: not yet measured. The benchmarks that generate this file with
//! `bastion-node benchmark pallet` land with the benchmarking issue; until then the
//! figures are upper estimates from each call's storage reads and writes.

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed by pallet-rewards.
pub trait WeightInfo {
	fn register_reward_asset() -> Weight;
	/// `a`: assets named.
	fn set_reward_assets(a: u32) -> Weight;
	/// `v`: vaults the stream pays.
	fn fund_rewards(v: u32) -> Weight;
	/// `n`: positions claimed.
	fn claim(n: u32) -> Weight;
	fn claim_commission() -> Weight;
	/// `v`: vaults the stream pays.
	fn close_stream(v: u32) -> Weight;
	/// `n`: scheduled stake changes settled in the block.
	fn on_initialize(n: u32) -> Weight;
}

fn rw(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(60_000_000, 20_000).saturating_add(RocksDbWeight::get().reads_writes(reads, writes))
}

impl WeightInfo for () {
	fn register_reward_asset() -> Weight {
		rw(1, 1)
	}
	fn set_reward_assets(_a: u32) -> Weight {
		rw(2, 1)
	}
	fn fund_rewards(v: u32) -> Weight {
		let v = u64::from(v);
		rw(8u64.saturating_add(v.saturating_mul(2)), 6u64.saturating_add(v))
	}
	fn claim(n: u32) -> Weight {
		// Per position: the pool's earners (one per AVS it is allocated to, at most 16),
		// their sources, the pool, the position, and a transfer per asset.
		let n = u64::from(n);
		rw(2u64.saturating_add(n.saturating_mul(60)), 1u64.saturating_add(n.saturating_mul(44)))
	}
	fn claim_commission() -> Weight {
		rw(12, 8)
	}
	fn close_stream(v: u32) -> Weight {
		let v = u64::from(v);
		rw(6u64.saturating_add(v), 5u64.saturating_add(v))
	}
	fn on_initialize(n: u32) -> Weight {
		let n = u64::from(n);
		rw(1u64.saturating_add(n.saturating_mul(8)), 1u64.saturating_add(n.saturating_mul(3)))
	}
}
