//! The delays every restaking pallet checks against, and the asset union vaults hold.
//!
//! | symbol | name | value here | meaning |
//! |---|---|---|---|
//! | E | `MaxOffenceAge` | 10 blocks (1 min) | the oldest offence a slash request may name |
//! | — | `MinVetoWindow` | 5 blocks (30 s) | the shortest veto window an AVS may choose |
//! | D | `DeallocationDelay` | 30 blocks (3 min) | how long a decrease, opt-out or revocation stays slashable |
//! | A | `AllocationDelay` | 40 blocks (4 min) | how long an allocation increase waits |
//! | — | `RuleChangeDelay` | 31 blocks | how long an AVS's slashing-rule change waits (> D ≥ every W) |
//!
//! A vault's W must then lie in (E + V, min(D, A − 1)] = (15, 30] blocks for an AVS with the
//! minimum veto window. These are **development values**, chosen so a person can walk a
//! deposit through allocation, slashing and withdrawal in minutes on `--dev`. A public
//! network would use days (e.g. E = 3 days, V ≥ 1 day, W = 7 days, D = 8 days, A = 8 days);
//! the inequalities, not the numbers, are what the pallets enforce.

use crate::{AccountId, AssetId, Assets, Balances, BlockNumber, MINUTES};
use frame_support::traits::{
	fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
	ConstU32,
};

/// E.
pub const MAX_OFFENCE_AGE: BlockNumber = MINUTES;
/// The shortest V.
pub const MIN_VETO_WINDOW: BlockNumber = MINUTES / 2;
/// D.
pub const DEALLOCATION_DELAY: BlockNumber = 3 * MINUTES;
/// A.
pub const ALLOCATION_DELAY: BlockNumber = 4 * MINUTES;

/// The chain-wide restaking delays.
pub type Delays = bastion_primitives::ConstDelays<
	ConstU32<ALLOCATION_DELAY>,
	ConstU32<DEALLOCATION_DELAY>,
	ConstU32<MAX_OFFENCE_AGE>,
	ConstU32<MIN_VETO_WINDOW>,
>;

/// The most vaults one AVS serves, and so the most pools one slash request hits.
pub const MAX_VAULTS_PER_AVS: u32 = 16;

/// The most AVSs one operator is opted in to, and so the most earners one pool has
/// (pallet-operators' `MaxAvsPerOperator`, pallet-rewards' `MaxEarnersPerPool`).
pub const MAX_AVS_PER_OPERATOR: u32 = 16;

/// The most operators in one AVS's set, and on its allow-list (pallet-operators' and
/// pallet-avs' `MaxOperatorsPerAvs`).
pub const MAX_OPERATORS_PER_AVS: u32 = 256;

/// An asset a vault may hold: BST or a `pallet-assets` id.
pub type AssetKind = NativeOrWithId<AssetId>;

/// BST and every `pallet-assets` asset behind one `fungibles` interface.
pub type NativeAndAssets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;
