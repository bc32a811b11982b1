//! Genesis presets: the states `bastion-node --chain dev|local` starts from.
//!
//! - `development`: Alice alone authors and finalizes; the well-known dev accounts
//!   (Alice … Ferdie and their `//stash` accounts) hold 1,000,000 BST each; Alice is sudo.
//!   It also seeds a restaking example so polkadot.js users see something at once:
//!   - asset 1, **USDB** (6 decimals), held by Alice, Bob and Charlie, approved for vaults;
//!   - vault 0 over BST and vault 1 over USDB, curated by Alice (W = 20 blocks, 200 %
//!     restaking cap), both approving AVS 0;
//!   - Charlie, an operator (10 % commission) opted in to AVS 0;
//!   - AVS 0, "Example oracle", owned by Dave (also its slasher), Eve its resolver, veto
//!     window 5 blocks, at most 20 % per request, cooldown 10 blocks, slashes to the
//!     treasury, accepting vaults 0 and 1, open to operators;
//!   - BST and USDB registered as reward assets, both accepted by AVS 0, and a running
//!     stream: Dave pays 100,000 BST over 30 days, half to each vault's stakers.
//! - `local_testnet`: Alice, Bob, Charlie and Dave are Aura + GRANDPA authorities, with
//!   the same balances; Alice is sudo.
//! - `staging` (runtime built with `production` only): a public network's genesis, no dev
//!   keys; its validators, governance and balances are written into the chain spec.

use crate::{
	configs::restaking::{AssetKind, EXAMPLE_WITHDRAWAL_DELAY, MIN_VETO_WINDOW, PRODUCTION},
	AccountId, AssetId, AssetsConfig, AvsConfig, BalancesConfig, OperatorsConfig, RewardsConfig,
	RuntimeGenesisConfig, SudoConfig, VaultsConfig, DAYS, UNIT,
};
use alloc::{vec, vec::Vec};
use bastion_primitives::{Fraction, SlashDestination};
use pallet_avs::{AvsRegistration, OperatorPolicy, SlashingRules};
use pallet_vaults::VaultParams;
use serde_json::Value;
use {
	frame_support::build_struct_json_patch,
	frame_support::traits::fungible::NativeOrWithId,
	pallet_aura, pallet_grandpa,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_consensus_grandpa::AuthorityId as GrandpaId,
	sp_genesis_builder::{self, PresetId},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
	sp_runtime::{BoundedVec, Perbill},
};

/// What each well-known dev account holds at genesis.
pub const DEV_ACCOUNT_BALANCE: crate::Balance = 1_000_000 * UNIT;

/// The preset name of the four-validator local network.
pub const LOCAL_TESTNET_PRESET: &str = sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
/// The preset name of the single-validator dev chain.
pub const DEVELOPMENT_PRESET: &str = sp_genesis_builder::DEV_RUNTIME_PRESET;
/// The preset name of a public network's genesis (production delays only).
pub const STAGING_PRESET: &str = "staging";

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

/// The example asset of the dev chain.
pub const USDB: AssetId = 1;
/// One USDB (6 decimals).
const USDB_UNIT: u128 = 1_000_000;
/// The example AVS's genesis reward stream, in BST.
pub const EXAMPLE_STREAM: crate::Balance = 100_000 * UNIT;

/// The restaking example of the dev chain: an asset, two vaults, an operator, an AVS.
fn restaking_example() -> Value {
	use Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};
	let params = |min_deposit: u128, deposit_cap: u128| VaultParams {
		withdrawal_delay: EXAMPLE_WITHDRAWAL_DELAY,
		deposit_cap,
		min_deposit,
		max_restake: 200,
	};
	build_struct_json_patch!(RuntimeGenesisConfig {
		assets: AssetsConfig {
			assets: vec![(USDB, Alice.to_account_id(), true, 1_000)],
			metadata: vec![(USDB, b"Bastion USD".to_vec(), b"USDB".to_vec(), 6)],
			accounts: [Alice, Bob, Charlie]
				.iter()
				.map(|k| (USDB, k.to_account_id(), 1_000_000 * USDB_UNIT))
				.collect::<Vec<_>>(),
		},
		vaults: VaultsConfig {
			approved_assets: vec![AssetKind::WithId(USDB)],
			vaults: vec![
				(Alice.to_account_id(), NativeOrWithId::Native, params(UNIT, 10_000_000 * UNIT)),
				(
					Alice.to_account_id(),
					NativeOrWithId::WithId(USDB),
					params(USDB_UNIT, 10_000_000 * USDB_UNIT),
				),
			],
			avs_approvals: vec![(0, 0), (1, 0)],
		},
		operators: OperatorsConfig {
			operators: vec![(
				Charlie.to_account_id(),
				Perbill::from_percent(10),
				b"Charlie's node".to_vec()
			)],
			opt_ins: vec![(Charlie.to_account_id(), 0)],
		},
		avs: AvsConfig {
			avss: vec![(
				Dave.to_account_id(),
				b"Example oracle".to_vec(),
				AvsRegistration {
					accepted_vaults: BoundedVec::truncate_from(vec![0, 1]),
					rules: SlashingRules {
						slasher: Dave.to_account_id(),
						resolver: Some(Eve.to_account_id()),
						veto_window: MIN_VETO_WINDOW,
						max_slash_per_request: Fraction::from_percent(20),
						slash_cooldown: 10,
						destination: SlashDestination::Treasury,
					},
					min_operator_stake: 0,
					operator_policy: OperatorPolicy::Open,
				},
			)],
		},
		rewards: RewardsConfig {
			reward_assets: vec![
				(NativeOrWithId::Native, UNIT),
				(AssetKind::WithId(USDB), USDB_UNIT)
			],
			avs_reward_assets: vec![(0, vec![NativeOrWithId::Native, AssetKind::WithId(USDB)])],
			// Dave pays the example oracle's stakers 100,000 BST over 30 days, half to each
			// vault. Until someone stakes, nothing is released: it is spread over the rest.
			streams: vec![(
				Dave.to_account_id(),
				0,
				NativeOrWithId::Native,
				EXAMPLE_STREAM,
				30 * DAYS,
				vec![(0, Perbill::from_percent(50)), (1, Perbill::from_percent(50))],
			)],
		},
	})
}

/// The `development` preset.
pub fn development_config_genesis() -> Value {
	let mut patch = genesis(
		&[(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	);
	merge(&mut patch, restaking_example());
	patch
}

/// Merges the JSON object `extra` into `base`, key by key.
fn merge(base: &mut Value, extra: Value) {
	match (base, extra) {
		(Value::Object(base), Value::Object(extra)) => {
			for (key, value) in extra {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		}
		(base, extra) => *base = extra,
	}
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

/// The `staging` preset: a public network's genesis, with no dev key and no dev account.
/// Its validators (`aura.authorities`, `grandpa.authorities`), governance (`sudo.key`)
/// and endowed accounts (`balances.balances`) are left empty: a launch writes its own into
/// the plain chain spec before building the raw one (docs/forking.md, "Launching a
/// network"). Offered only by a runtime built with the production delays.
pub fn staging_config_genesis() -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: Vec::new() },
		aura: pallet_aura::GenesisConfig { authorities: Vec::new() },
		grandpa: pallet_grandpa::GenesisConfig { authorities: Vec::new() },
		sudo: SudoConfig { key: None },
	})
}

/// The JSON patch of the preset named `id`, if this runtime offers it.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		STAGING_PRESET if PRODUCTION => staging_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|s| s.into_bytes())
}

/// The names of the presets this runtime offers: `staging` only with the production
/// delays, so no public network starts with minutes-long delays by mistake.
pub fn preset_names() -> Vec<PresetId> {
	let mut names = vec![PresetId::from(DEVELOPMENT_PRESET), PresetId::from(LOCAL_TESTNET_PRESET)];
	if PRODUCTION {
		names.push(PresetId::from(STAGING_PRESET));
	}
	names
}
