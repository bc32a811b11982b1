//! Block and extrinsic base weights of this runtime, measured on this machine by
//! `bastion-node benchmark overhead` (`scripts/benchmark.sh overhead`; figures in
//! `docs/benchmarks.md`). `configs/system.rs` builds the block limits from them.

pub mod block_weights;
pub mod extrinsic_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
