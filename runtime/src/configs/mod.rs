//! Every pallet's configuration, one module per pallet.
//!
//! To add a pallet: write its `Config` impl in a new module here, add the module below,
//! and add the pallet to the `#[frame_support::runtime]` block in `lib.rs` with a new
//! index. `docs/architecture.md` walks through it.

mod assets;
mod aura;
mod avs;
mod balances;
mod grandpa;
mod operators;
pub mod restaking;
mod rewards;
mod session;
mod slashing;
mod sudo;
mod system;
mod timestamp;
mod transaction_payment;
mod utility;
mod validators;
mod vaults;

pub use grandpa::ReportLongevity;
pub use session::Sessions;
pub use slashing::TreasuryAccount;
pub use system::{BlockLength, BlockWeights};
pub use validators::{CONSENSUS_AVS, MIN_VALIDATOR_STAKE};
