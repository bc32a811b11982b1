//! # Bastion runtime
//!
//! The FRAME runtime of Bastion, a standalone restaking chain. This crate composes the
//! pallets; the behaviour of each lives in the pallet and its configuration here in
//! [`configs`], one module per pallet, so a forker finds a pallet's parameters in one place.
//!
//! - [`chain_identity`]: the chain's name, token symbol and decimals, SS58 prefix.
//! - [`constants`]: the token's units, block time and deposit helpers.
//! - [`configs`]: every pallet's `Config` implementation.
//! - [`genesis_config_presets`]: the `development` and `local_testnet` genesis states.
//! - `apis`: the runtime APIs the node and polkadot.js call.
//!
//! Consensus is Aura (one author per 6 s slot) with GRANDPA finality; the authority sets
//! are fixed at genesis and changed only by a runtime upgrade (there is no session or
//! staking pallet: the chain's security for services comes from restaking, not from
//! its own validator election).

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` expand to code these lints reject; the
// runtime's own logic lives in the pallets, which keep them denied.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
/// The chain's name, token and address format: one file, also read by `build.rs` and the
/// node.
pub mod chain_identity;
pub mod configs;
pub mod constants;
pub mod genesis_config_presets;
pub mod weights;

use alloc::{borrow::Cow, vec::Vec};
use {
	frame_executive, frame_metadata_hash_extension, frame_support, frame_system,
	pallet_transaction_payment,
	sp_core::H256,
	sp_runtime::{
		generic, impl_opaque_keys,
		traits::{BlakeTwo256, IdentifyAccount, Verify},
		MultiAddress, MultiSignature,
	},
	sp_version::{runtime_version, RuntimeVersion},
};

pub use apis::RuntimeApi;
pub use chain_identity::*;
pub use constants::*;

/// A block's number.
pub type BlockNumber = u32;
/// A transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account id: the public key (or its hash, for ecdsa) of the signer.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// An amount of any asset, native or not, in its smallest unit.
pub type Balance = u128;
/// A transaction counter of an account.
pub type Nonce = u32;
/// A block or state hash.
pub type Hash = H256;
/// The id of a `pallet-assets` asset.
pub type AssetId = u32;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;

	impl_opaque_keys! {
		/// The keys a validator holds: Aura to author blocks, GRANDPA to vote.
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

/// The runtime's version. Bump `spec_version` with every change of behaviour and
/// `transaction_version` when a call's index or arguments change.
#[cfg(not(feature = "upgrade-rehearsal"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("bastion"),
	impl_name: Cow::Borrowed("bastion-node"),
	authoring_version: 1,
	spec_version: 107,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The same runtime one `spec_version` higher: built only by the runtime-upgrade test
/// (`runtime/upgrade-rehearsal`), so a chain running [`VERSION`] has a code to upgrade to.
#[cfg(feature = "upgrade-rehearsal")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("bastion"),
	impl_name: Cow::Borrowed("bastion-node"),
	authoring_version: 1,
	spec_version: 108,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Assets = pallet_assets;
	#[runtime::pallet_index(7)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(8)]
	pub type Utility = pallet_utility;

	// Restaking.
	#[runtime::pallet_index(20)]
	pub type Vaults = pallet_vaults;
	#[runtime::pallet_index(21)]
	pub type Operators = pallet_operators;
	#[runtime::pallet_index(22)]
	pub type Avs = pallet_avs;
	#[runtime::pallet_index(23)]
	pub type Slashing = pallet_slashing;
	#[runtime::pallet_index(24)]
	pub type Rewards = pallet_rewards;

	// Consensus: the validators are operators elected by the stake restaked to the
	// consensus AVS. After the restaking pallets, so that the genesis election sees the
	// genesis stake.
	#[runtime::pallet_index(30)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(31)]
	pub type Validators = pallet_validators;
	#[runtime::pallet_index(32)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(33)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(34)]
	pub type Offences = pallet_offences;
}

/// How a transaction names an account: an id, an index, raw bytes…
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block of this runtime's extrinsics.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks and payments every signed transaction goes through, in order.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as it arrives in a block.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// What a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run at a runtime upgrade, besides the pallets' own hooks. Each is
/// versioned: it runs only on a chain whose pallet storage is at the version it starts
/// from, so keeping it here after the upgrade that applied it is harmless (remove it
/// once every live chain has passed it). `docs/upgrades.md` shows how to check one
/// against a live chain's state before proposing the upgrade.
pub type Migrations = (
	pallet_vaults::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_rewards::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_rewards::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_rewards::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_rewards::migrations::v4::MigrateV3ToV4<Runtime>,
);

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;
