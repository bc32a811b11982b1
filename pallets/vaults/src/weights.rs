//! Weights of pallet-vaults' calls.
//!
//! PROVISIONAL: these are not yet measured. The benchmarks that generate this file with
//! `bastion-node benchmark pallet` land with the benchmarking issue; until then the
//! figures below are upper estimates from the number of storage reads and writes each
//! call makes (`RocksDbWeight`-style costs), so blocks cannot be overfilled.

use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed by pallet-vaults.
pub trait WeightInfo {
	fn approve_asset() -> Weight;
	fn unapprove_asset() -> Weight;
	fn create_vault() -> Weight;
	fn set_vault_params(a: u32) -> Weight;
	/// `a`: the pool's reward earners settled (AVSs it is allocated to).
	fn deposit(a: u32) -> Weight;
	fn request_withdrawal(a: u32) -> Weight;
	/// `w`: queued withdrawals of the position.
	fn complete_withdrawal(w: u32, a: u32) -> Weight;
	fn pause_vault() -> Weight;
	fn resume_vault() -> Weight;
	fn approve_avs(a: u32) -> Weight;
	fn revoke_avs(a: u32) -> Weight;
}

fn rw(reads: u64, writes: u64) -> Weight {
	Weight::from_parts(50_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(reads, writes))
}

impl WeightInfo for () {
	fn approve_asset() -> Weight {
		rw(1, 1)
	}
	fn unapprove_asset() -> Weight {
		rw(1, 1)
	}
	fn create_vault() -> Weight {
		rw(6, 6)
	}
	fn set_vault_params(a: u32) -> Weight {
		rw(2u64.saturating_add(a.into()), 1)
	}
	fn deposit(_a: u32) -> Weight {
		rw(9, 7)
	}
	fn request_withdrawal(_a: u32) -> Weight {
		rw(4, 2)
	}
	fn complete_withdrawal(_w: u32, _a: u32) -> Weight {
		rw(9, 7)
	}
	fn pause_vault() -> Weight {
		rw(1, 1)
	}
	fn resume_vault() -> Weight {
		rw(1, 1)
	}
	fn approve_avs(a: u32) -> Weight {
		rw(3u64.saturating_add(a.into()), 1)
	}
	fn revoke_avs(_a: u32) -> Weight {
		rw(2, 1)
	}
}
