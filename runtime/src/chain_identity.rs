// The chain's identity: its name, its token and its address format, in one place.
//
// Plain constants with no imports, because three consumers read this file:
// - the runtime (`crate::chain_identity`, re-exported at the crate root), for the
//   `SS58Prefix` of `frame_system` and the size of `UNIT` (`constants.rs`);
// - `runtime/build.rs`, which `include!`s it (a build script cannot use the crate it
//   builds) for the token that the metadata hash commits to (`--features metadata-hash`);
// - the node, through `bastion_runtime`, for the chain specs' names and the `tokenSymbol`,
//   `tokenDecimals` and `ss58Format` properties wallets read.
//
// Plain `//` comments here: an included file may not carry inner `//!` docs.
// `scripts/rename-chain` rewrites this file; after editing it by hand, rebuild, run
// `scripts/gen-chain-specs.sh` and commit `chain-specs/` (docs/forking.md).

/// The chain's name as people read it: chain spec names ("Bastion Development") and the
/// node's name.
pub const CHAIN_NAME: &str = "Bastion";

/// Ticker of the native token, shown by wallets.
pub const TOKEN_SYMBOL: &str = "BST";

/// Decimals of the native token: one token (`UNIT`) is 10^TOKEN_DECIMALS planck. At least
/// 6, so that `MICRO_UNIT` is a whole planck.
pub const TOKEN_DECIMALS: u8 = 12;

/// The SS58 address prefix accounts are shown with. 42 is the generic Substrate format,
/// which polkadot.js and the dev keys use by default; a public network registers its own
/// (<https://github.com/paritytech/ss58-registry>).
pub const SS58_PREFIX: u16 = 42;
