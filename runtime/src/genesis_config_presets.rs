//! Genesis presets: the states `bastion-node --chain dev|local` starts from.
//!
//! Every preset starts with the **consensus AVS** (id 0): owned by and slashing through the
//! validators pallet's keyless account, governance (sudo) as its only resolver, a veto window
//! of `MIN_VETO_WINDOW`, at most 10 % of a slice per request, one request per validator per
//! session, slashes to the treasury, open to operators with `MIN_VALIDATOR_STAKE` in one of
//! its vaults, accepting vault 0 (BST, curated by Alice, W =
//! `EXAMPLE_WITHDRAWAL_DELAY`, 200 % restaking cap). Each genesis validator is an operator
//! (10 % commission) that deposited `VALIDATOR_SELF_STAKE` into its own pool of vault 0 and
//! allocated all of it to the consensus AVS, in force from block 0, with its dev session
//! keys set. The treasury funds the consensus AVS's reward stream: `CONSENSUS_STREAM` BST
//! over 30 days to vault 0's stakers.
//!
//! - `development`: Alice alone validates; the well-known dev accounts (Alice … Ferdie and
//!   their `//stash` accounts) hold 1,000,000 BST each; Alice is sudo. It also seeds a
//!   restaking example so polkadot.js users see something at once:
//!   - asset 1, **USDB** (6 decimals), held by Alice, Bob and Charlie, approved for vaults;
//!   - vault 1 over USDB, curated by Alice like vault 0; both vaults approve AVS 1;
//!   - Charlie, an operator (10 % commission) opted in to AVS 1;
//!   - AVS 1, "Example oracle", owned by Dave (also its slasher), Eve its resolver, veto
//!     window 5 blocks, at most 20 % per request, cooldown 10 blocks, slashes to the
//!     treasury, accepting vaults 0 and 1, open to operators;
//!   - BST and USDB registered as reward assets, both accepted by AVS 1, and a running
//!     stream: Dave pays 100,000 BST over 30 days, half to each vault's stakers.
//! - `local_testnet`: Alice, Bob, Charlie and Dave validate, with the same balances; Alice
//!   is sudo.
//! - `staging` (runtime built with `production` only): a public network's genesis, no dev
//!   keys; its validators, governance and balances are written into the chain spec.

use crate::{
	configs::{
		restaking::{
			AssetKind, EXAMPLE_WITHDRAWAL_DELAY, MIN_VETO_WINDOW, PRODUCTION, SESSION_LENGTH,
		},
		TreasuryAccount, CONSENSUS_AVS, MIN_VALIDATOR_STAKE,
	},
	opaque::SessionKeys,
	AccountId, AssetId, AssetsConfig, AvsConfig, BalancesConfig, OperatorsConfig, RewardsConfig,
	RuntimeGenesisConfig, SessionConfig, SudoConfig, Validators, VaultsConfig, DAYS,
	EXISTENTIAL_DEPOSIT, UNIT,
};
use alloc::{vec, vec::Vec};
use bastion_primitives::{AvsId, Fraction, SlashDestination, VaultId};
use pallet_avs::{AvsRegistration, OperatorPolicy, SlashingRules};
use pallet_vaults::VaultParams;
use serde_json::Value;
use {
	frame_support::build_struct_json_patch,
	frame_support::traits::fungible::NativeOrWithId,
	sp_genesis_builder::{self, PresetId},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
	sp_runtime::{BoundedVec, Perbill},
};

/// What each well-known dev account holds at genesis.
pub const DEV_ACCOUNT_BALANCE: crate::Balance = 1_000_000 * UNIT;
/// What each genesis validator stakes in its own pool of vault 0.
pub const VALIDATOR_SELF_STAKE: crate::Balance = 10 * MIN_VALIDATOR_STAKE;
/// The consensus AVS's genesis reward stream, in BST, paid by the treasury.
pub const CONSENSUS_STREAM: crate::Balance = 100_000 * UNIT;
/// What the treasury holds at genesis, the consensus stream included.
pub const TREASURY_BALANCE: crate::Balance = 1_000_000 * UNIT;

/// The preset name of the four-validator local network.
pub const LOCAL_TESTNET_PRESET: &str = sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
/// The preset name of the single-validator dev chain.
pub const DEVELOPMENT_PRESET: &str = sp_genesis_builder::DEV_RUNTIME_PRESET;
/// The preset name of a public network's genesis (production delays only).
pub const STAGING_PRESET: &str = "staging";

/// The vault the consensus AVS accepts: BST.
pub const CONSENSUS_VAULT: VaultId = 0;
/// The example AVS of the dev chain.
pub const EXAMPLE_AVS: AvsId = 1;
/// The example asset of the dev chain.
pub const USDB: AssetId = 1;
/// One USDB (6 decimals).
const USDB_UNIT: u128 = 1_000_000;
/// The example AVS's genesis reward stream, in BST.
pub const EXAMPLE_STREAM: crate::Balance = 100_000 * UNIT;

/// A genesis validator: its account (sr25519, also its Aura key) and its GRANDPA key.
type Validator = (Sr25519Keyring, Ed25519Keyring);

/// A validator's dev session keys.
fn session_keys((aura, grandpa): &Validator) -> SessionKeys {
	SessionKeys { aura: aura.public().into(), grandpa: grandpa.public().into() }
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

fn vault_params(min_deposit: u128, deposit_cap: u128) -> VaultParams<crate::BlockNumber> {
	VaultParams {
		withdrawal_delay: EXAMPLE_WITHDRAWAL_DELAY,
		deposit_cap,
		min_deposit,
		max_restake: 200,
	}
}

/// The consensus AVS's registration.
fn consensus_avs() -> (AccountId, Vec<u8>, pallet_avs::AvsRegistrationOf<crate::Runtime>) {
	let validators = Validators::account_id();
	(
		validators.clone(),
		b"Bastion consensus".to_vec(),
		AvsRegistration {
			accepted_vaults: BoundedVec::truncate_from(vec![CONSENSUS_VAULT]),
			rules: SlashingRules {
				slasher: validators,
				resolver: None,
				veto_window: MIN_VETO_WINDOW,
				max_slash_per_request: Fraction::from_percent(10),
				slash_cooldown: SESSION_LENGTH,
				destination: SlashDestination::Treasury,
			},
			// Open to any operator with a validator's stake: filling its operator list
			// (MaxOperatorsPerAvs) costs that stake 256 times over.
			min_operator_stake: MIN_VALIDATOR_STAKE,
			operator_policy: OperatorPolicy::Open,
		},
	)
}

/// What the validators pallet's account holds: the consensus AVS's bond.
fn consensus_account_balance() -> u128 {
	use frame_support::traits::Get;
	<<crate::Runtime as pallet_avs::Config>::AvsBond as Get<u128>>::get() + EXISTENTIAL_DEPOSIT
}

/// The state every preset shares: balances, sudo, the consensus AVS and its genesis
/// validators with their stake and keys. `extra` adds to its restaking lists (vaults after
/// vault 0, AVSs after the consensus AVS, …).
fn genesis(
	validators: &[Validator],
	endowed: Vec<AccountId>,
	root: AccountId,
	extra: Extra,
) -> Value {
	let accounts: Vec<AccountId> = validators.iter().map(|(k, _)| k.to_account_id()).collect();
	let mut balances: Vec<(AccountId, u128)> =
		endowed.into_iter().map(|a| (a, DEV_ACCOUNT_BALANCE)).collect();
	balances.push((Validators::account_id(), consensus_account_balance()));
	balances.push((TreasuryAccount::get(), TREASURY_BALANCE));
	let mut vaults = vec![(
		Sr25519Keyring::Alice.to_account_id(),
		NativeOrWithId::Native,
		vault_params(UNIT, 10_000_000 * UNIT),
	)];
	vaults.extend(extra.vaults);
	let mut avss = vec![consensus_avs()];
	avss.extend(extra.avss);
	let mut approvals = vec![(CONSENSUS_VAULT, CONSENSUS_AVS)];
	approvals.extend(extra.approvals);
	let mut operators: Vec<(AccountId, Perbill, Vec<u8>)> = validators
		.iter()
		.map(|(k, _)| (k.to_account_id(), Perbill::from_percent(10), b"validator".to_vec()))
		.collect();
	operators.extend(extra.operators);
	let mut opt_ins: Vec<(AccountId, AvsId)> =
		accounts.iter().map(|a| (a.clone(), CONSENSUS_AVS)).collect();
	opt_ins.extend(extra.opt_ins);
	let mut reward_assets = vec![(NativeOrWithId::Native, UNIT)];
	reward_assets.extend(extra.reward_assets);
	let mut avs_reward_assets = vec![(CONSENSUS_AVS, vec![NativeOrWithId::Native])];
	avs_reward_assets.extend(extra.avs_reward_assets);
	let mut streams = vec![(
		TreasuryAccount::get(),
		CONSENSUS_AVS,
		NativeOrWithId::Native,
		CONSENSUS_STREAM,
		30 * DAYS,
		vec![(CONSENSUS_VAULT, Perbill::one())],
	)];
	streams.extend(extra.streams);
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		sudo: SudoConfig { key: Some(root) },
		vaults: VaultsConfig {
			approved_assets: extra.approved_assets,
			vaults,
			avs_approvals: approvals,
			deposits: accounts
				.iter()
				.map(|a| (a.clone(), CONSENSUS_VAULT, a.clone(), VALIDATOR_SELF_STAKE))
				.collect::<Vec<_>>(),
		},
		operators: OperatorsConfig {
			operators,
			opt_ins,
			allocations: accounts
				.iter()
				.map(|a| (a.clone(), CONSENSUS_AVS, CONSENSUS_VAULT, Fraction::one()))
				.collect::<Vec<_>>(),
		},
		avs: AvsConfig { avss },
		rewards: RewardsConfig { reward_assets, avs_reward_assets, streams },
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| (v.0.to_account_id(), v.0.to_account_id(), session_keys(v)))
				.collect::<Vec<_>>(),
		},
	})
}

/// What a preset adds to the restaking state every preset shares.
#[derive(Default)]
struct Extra {
	approved_assets: Vec<AssetKind>,
	vaults: Vec<(AccountId, AssetKind, VaultParams<crate::BlockNumber>)>,
	approvals: Vec<(VaultId, AvsId)>,
	avss: Vec<(AccountId, Vec<u8>, pallet_avs::AvsRegistrationOf<crate::Runtime>)>,
	operators: Vec<(AccountId, Perbill, Vec<u8>)>,
	opt_ins: Vec<(AccountId, AvsId)>,
	reward_assets: Vec<(AssetKind, u128)>,
	avs_reward_assets: Vec<(AvsId, Vec<AssetKind>)>,
	#[allow(clippy::type_complexity)]
	streams: Vec<(AccountId, AvsId, AssetKind, u128, crate::BlockNumber, Vec<(VaultId, Perbill)>)>,
}

/// The restaking example of the dev chain: an asset, its vault, an operator, an AVS.
fn restaking_example() -> Extra {
	use Sr25519Keyring::{Charlie, Dave, Eve};
	Extra {
		approved_assets: vec![AssetKind::WithId(USDB)],
		vaults: vec![(
			Sr25519Keyring::Alice.to_account_id(),
			NativeOrWithId::WithId(USDB),
			vault_params(USDB_UNIT, 10_000_000 * USDB_UNIT),
		)],
		approvals: vec![(CONSENSUS_VAULT, EXAMPLE_AVS), (1, EXAMPLE_AVS)],
		avss: vec![(
			Dave.to_account_id(),
			b"Example oracle".to_vec(),
			AvsRegistration {
				accepted_vaults: BoundedVec::truncate_from(vec![CONSENSUS_VAULT, 1]),
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
		operators: vec![(
			Charlie.to_account_id(),
			Perbill::from_percent(10),
			b"Charlie's node".to_vec(),
		)],
		opt_ins: vec![(Charlie.to_account_id(), EXAMPLE_AVS)],
		reward_assets: vec![(AssetKind::WithId(USDB), USDB_UNIT)],
		avs_reward_assets: vec![(
			EXAMPLE_AVS,
			vec![NativeOrWithId::Native, AssetKind::WithId(USDB)],
		)],
		// Dave pays the example oracle's stakers 100,000 BST over 30 days, half to each
		// vault. Until someone stakes, nothing is released: it is spread over the rest.
		streams: vec![(
			Dave.to_account_id(),
			EXAMPLE_AVS,
			NativeOrWithId::Native,
			EXAMPLE_STREAM,
			30 * DAYS,
			vec![(CONSENSUS_VAULT, Perbill::from_percent(50)), (1, Perbill::from_percent(50))],
		)],
	}
}

/// The `development` preset.
pub fn development_config_genesis() -> Value {
	use Sr25519Keyring::{Alice, Bob, Charlie};
	let mut patch = genesis(
		&[(Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Alice.to_account_id(),
		restaking_example(),
	);
	merge(
		&mut patch,
		build_struct_json_patch!(RuntimeGenesisConfig {
			assets: AssetsConfig {
				assets: vec![(USDB, Alice.to_account_id(), true, 1_000)],
				metadata: vec![(USDB, b"Bastion USD".to_vec(), b"USDB".to_vec(), 6)],
				accounts: [Alice, Bob, Charlie]
					.iter()
					.map(|k| (USDB, k.to_account_id(), 1_000_000 * USDB_UNIT))
					.collect::<Vec<_>>(),
			},
		}),
	);
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
		Extra::default(),
	)
}

/// The `staging` preset: a public network's genesis, with no dev key and no dev account.
/// It registers the consensus AVS (accepting no vault yet). Its governance (`sudo.key`),
/// endowed accounts (`balances.balances`), vaults and validators — as
/// operators with stake allocated to the consensus AVS (`operators`, `vaults.deposits`) and
/// session keys (`session.keys`) — are left empty: a launch writes its own into the plain
/// chain spec before building the raw one (docs/forking.md, "Launching a network").
/// Offered only by a runtime built with the production delays.
pub fn staging_config_genesis() -> Value {
	let (owner, metadata, mut registration) = consensus_avs();
	// The launch's vaults do not exist yet: it adds them to the consensus AVS's list.
	registration.accepted_vaults = BoundedVec::new();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: vec![(Validators::account_id(), consensus_account_balance())]
		},
		avs: AvsConfig { avss: vec![(owner, metadata, registration)] },
		session: SessionConfig { keys: Vec::new() },
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

/// The full genesis config a preset patch describes: `patch` applied to the default config,
/// key by key, as the node applies a preset. For tests and tools.
#[cfg(feature = "std")]
pub fn config_from_patch(patch: Value) -> Result<RuntimeGenesisConfig, serde_json::Error> {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default())?;
	merge(&mut config, patch);
	serde_json::from_value(config)
}

/// The full genesis config of the preset `id`, if this runtime offers it.
#[cfg(feature = "std")]
pub fn preset_config(id: &str) -> Option<RuntimeGenesisConfig> {
	let patch = get_preset(&PresetId::from(id))?;
	config_from_patch(serde_json::from_slice(&patch).ok()?).ok()
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
