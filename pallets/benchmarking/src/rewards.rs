//! Benchmarks of pallet-rewards.
