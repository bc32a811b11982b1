//! Benchmarks of pallet-slashing.
