//! Genesis presets: the states `bastion-node --chain dev|local` starts from.
//!
//! - `development`: Alice alone authors and finalizes; the well-known dev accounts
//!   (Alice … Ferdie and their `//stash` accounts) hold 1,000,000 BST each; Alice is sudo.
//! - `local_testnet`: Alice, Bob, Charlie and Dave are Aura + GRANDPA authorities, with
//!   the same balances; Alice is sudo.

use crate::{AccountId, BalancesConfig, RuntimeGenesisConfig, SudoConfig, UNIT};
use alloc::{vec, vec::Vec};
use polkadot_sdk::{
	frame_support::build_struct_json_patch,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_consensus_grandpa::AuthorityId as GrandpaId,
	sp_genesis_builder::{self, PresetId},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
	pallet_aura, pallet_grandpa,
};
use serde_json::Value;

/// What each well-known dev account holds at genesis.
pub const DEV_ACCOUNT_BALANCE: crate::Balance = 1_000_000 * UNIT;

/// The preset name of the four-validator local network.
pub const LOCAL_TESTNET_PRESET: &str = sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
/// The preset name of the single-validator dev chain.
pub const DEVELOPMENT_PRESET: &str = sp_genesis_builder::DEV_RUNTIME_PRESET;

/// An authority's Aura (sr25519) and GRANDPA (ed25519) dev keys.
type Authority = (Sr25519Keyring, Ed25519Keyring);

fn genesis(authorities: &[Authority], endowed: Vec<AccountId>, root: AccountId) -> Value {
	let aura: Vec<AuraId> = authorities.iter().map(|(aura, _)| aura.public().into()).collect();
	let grandpa: Vec<(GrandpaId, u64)> =
		authorities.iter().map(|(_, grandpa)| (grandpa.public().into(), 1)).collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|a| (a, DEV_ACCOUNT_BALANCE)).collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig { authorities: aura },
		grandpa: pallet_grandpa::GenesisConfig { authorities: grandpa },
		sudo: SudoConfig { key: Some(root) },
	})
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// The `development` preset.
pub fn development_config_genesis() -> Value {
	genesis(
		&[(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The `local_testnet` preset.
pub fn local_config_genesis() -> Value {
	genesis(
		&[
			(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON patch of the preset named `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|s| s.into_bytes())
}

/// The names of the presets this runtime ships.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEVELOPMENT_PRESET), PresetId::from(LOCAL_TESTNET_PRESET)]
}
