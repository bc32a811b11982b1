//! The delays every restaking pallet checks against, and the asset union vaults hold.
//!
//! | symbol | name | development | production | meaning |
//! |---|---|---|---|---|
//! | E | `MaxOffenceAge` | 20 blocks (2 min) | 3 days | the oldest offence a slash request may name |
//! | — | `MinVetoWindow` | 5 blocks (30 s) | 1 day | the shortest veto window an AVS may choose |
//! | D | `DeallocationDelay` | 30 blocks (3 min) | 8 days | how long a decrease, opt-out or revocation stays slashable |
//! | A | `AllocationDelay` | 40 blocks (4 min) | 8 days | how long an allocation increase waits |
//! | — | `RuleChangeDelay` | D + 1 | D + 1 | how long an AVS's slashing-rule change waits (> D ≥ every W) |
//!
//! | L | `SessionLength` | 10 blocks (1 min) | 1 hour | how long a validator set lasts |
//! | H | `HistoryDepth` | 1 session | 24 sessions | how many past sessions consensus offences can still be proven for |
//!
//! A vault's W must lie in (E + V, min(D, A − 1)]: (25, 30] blocks in development, (4 days,
//! 8 days − 1 block] in production, for an AVS with the minimum veto window. A consensus
//! offence must still be slashable when it is reported: `(H + 1) × L ≤ E` (20 ≤ 20 blocks in
//! development, 25 hours ≤ 3 days in production). The pallets enforce the inequalities, not
//! the numbers.
//!
//! **Development** values are the default, so a person can walk a deposit through
//! allocation, slashing and withdrawal in minutes on `--dev`. The runtime's `production`
//! cargo feature selects the **production** values, for a public network
//! (`cargo build --release -p bastion-node --features production`; the node then offers
//! the `staging` chain spec, docs/forking.md). Both sets are checked against the
//! inequalities by `runtime/tests/limits.rs` in every build.

use crate::{AccountId, AssetId, Assets, Balances};
use frame_support::{
	parameter_types,
	traits::{
		fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
		ConstU32,
	},
	weights::Weight,
};

/// Delays for development chains: minutes.
pub mod development {
	use crate::{BlockNumber, MINUTES};
	/// E.
	pub const MAX_OFFENCE_AGE: BlockNumber = 2 * MINUTES;
	/// The shortest V.
	pub const MIN_VETO_WINDOW: BlockNumber = MINUTES / 2;
	/// D.
	pub const DEALLOCATION_DELAY: BlockNumber = 3 * MINUTES;
	/// A.
	pub const ALLOCATION_DELAY: BlockNumber = 4 * MINUTES;
	/// The W of the genesis presets' vaults.
	pub const EXAMPLE_WITHDRAWAL_DELAY: BlockNumber = 3 * MINUTES;
	/// L: blocks per session.
	pub const SESSION_LENGTH: BlockNumber = MINUTES;
	/// H: past sessions whose offences can still be proven.
	pub const HISTORY_DEPTH: u32 = 1;
}

/// Delays for public networks: days.
pub mod production {
	use crate::{BlockNumber, DAYS, HOURS};
	/// E.
	pub const MAX_OFFENCE_AGE: BlockNumber = 3 * DAYS;
	/// The shortest V.
	pub const MIN_VETO_WINDOW: BlockNumber = DAYS;
	/// D.
	pub const DEALLOCATION_DELAY: BlockNumber = 8 * DAYS;
	/// A.
	pub const ALLOCATION_DELAY: BlockNumber = 8 * DAYS;
	/// The W of the genesis presets' vaults.
	pub const EXAMPLE_WITHDRAWAL_DELAY: BlockNumber = 7 * DAYS;
	/// L: blocks per session.
	pub const SESSION_LENGTH: BlockNumber = HOURS;
	/// H: past sessions whose offences can still be proven.
	pub const HISTORY_DEPTH: u32 = 24;
}

/// Whether this runtime was built with the production delays.
pub const PRODUCTION: bool = cfg!(feature = "production");

#[cfg(not(feature = "production"))]
pub use development::*;
#[cfg(feature = "production")]
pub use production::*;

/// The chain-wide restaking delays.
pub type Delays = bastion_primitives::ConstDelays<
	ConstU32<ALLOCATION_DELAY>,
	ConstU32<DEALLOCATION_DELAY>,
	ConstU32<MAX_OFFENCE_AGE>,
	ConstU32<MIN_VETO_WINDOW>,
>;

// The limits several restaking pallets share. Each is set once, in the config of the pallet
// that owns it; the others read it from there (`<Runtime as pallet_x::Config>::…`), so
// changing it here changes it everywhere.

/// The most vaults one AVS serves (pallet-avs' `MaxVaultsPerAvs`), and so the most pools
/// one slash request hits (pallet-slashing's `MaxVaultsPerAvs`), the most allocations of
/// one opt-in (pallet-operators' `MaxAllocationsPerOptIn`) and the most vaults one stream
/// pays (pallet-rewards' `MaxVaultsPerStream`).
pub const MAX_VAULTS_PER_AVS: u32 = 16;

/// The most AVSs one operator is opted in to (pallet-operators' `MaxAvsPerOperator`), and
/// so the most earners one pool has (pallet-rewards' `MaxEarnersPerPool`).
pub const MAX_AVS_PER_OPERATOR: u32 = 16;

/// The most operators in one AVS's set (pallet-operators' `MaxOperatorsPerAvs`), and on
/// its allow-list (pallet-avs' `MaxOperatorsPerAvs`).
pub const MAX_OPERATORS_PER_AVS: u32 = 256;

/// An asset a vault may hold: BST or a `pallet-assets` id.
pub type AssetKind = NativeOrWithId<AssetId>;

/// BST and every `pallet-assets` asset behind one `fungibles` interface.
pub type NativeAndAssets = UnionOf<Balances, Assets, NativeFromLeft, AssetKind, AccountId>;

parameter_types! {
	/// BST as an [`AssetKind`].
	pub const NativeAsset: AssetKind = NativeOrWithId::Native;
	/// What moving a `pallet-assets` asset costs above moving BST, from this chain's own
	/// measured weights (`runtime/src/weights/`): the dearer of an asset's transfer and
	/// burn (its benchmark creates the receiving account) less a BST transfer. The
	/// restaking benchmarks move BST; calls moving another asset add this.
	pub AssetTransferSurcharge: Weight = {
		use pallet_assets::WeightInfo as _;
		use pallet_balances::WeightInfo as _;
		type AssetWeights = crate::weights::pallet_assets::WeightInfo<crate::Runtime>;
		type NativeWeights = crate::weights::pallet_balances::WeightInfo<crate::Runtime>;
		AssetWeights::transfer_keep_alive()
			.max(AssetWeights::burn())
			.saturating_sub(NativeWeights::transfer_keep_alive())
	};
}

/// What the vaults and rewards pallets add to a call for each asset other than BST it moves.
pub type TransferCost = bastion_primitives::NonNativeSurcharge<NativeAsset, AssetTransferSurcharge>;
