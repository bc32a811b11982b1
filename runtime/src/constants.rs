//! Units, time and fee constants of the Bastion runtime.
//!
//! The native token is **BST** with 12 decimals: 1 BST = 10^12 planck. Its symbol and
//! decimals live in [`crate::chain_identity`]; the units below follow the decimals. The
//! existential deposit is 0.001 BST — small enough for a staker to keep dust accounts,
//! large enough that creating accounts costs something real.

use crate::{chain_identity::TOKEN_DECIMALS, Balance, BlockNumber};

// `MICRO_UNIT` must be a whole planck.
const _: () = assert!(TOKEN_DECIMALS >= 6, "TOKEN_DECIMALS must be at least 6");

/// 1 BST in planck: 10^TOKEN_DECIMALS.
pub const UNIT: Balance = Balance::pow(10, TOKEN_DECIMALS as u32);
/// 0.001 BST.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// 0.000001 BST.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// An account holding less than this is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// A block every 6 s. The slot duration cannot change once a chain has started.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Aura's slot is one block.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

// Time in blocks, for configuring delays.
#[allow(clippy::arithmetic_side_effects)]
mod time {
	use super::*;
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	pub const HOURS: BlockNumber = MINUTES * 60;
	pub const DAYS: BlockNumber = HOURS * 24;

	/// The deposit for an item that takes `items` storage entries and `bytes` bytes.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		items as Balance * 20 * MILLI_UNIT + (bytes as Balance) * 100 * MICRO_UNIT
	}
}
pub use time::*;
