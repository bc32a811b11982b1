//! The `staging` preset, as a launch uses it: its patch, with the validators, governance
//! and balances a launch writes in (docs/forking.md, "Launching a network"), builds a
//! genesis state holding exactly those, and no dev account.

use bastion_runtime::{
	genesis_config_presets::staging_config_genesis, Balances, Runtime, RuntimeGenesisConfig,
};
use frame_support::{genesis_builder_helper::build_state, traits::fungible::Inspect};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

#[test]
fn the_staging_preset_holds_no_dev_key_and_takes_a_launch_s_own() {
	let mut patch = staging_config_genesis();
	let g = &mut patch;
	// What the preset leaves empty, and the launch fills (the jq step of the guide).
	assert_eq!(g["aura"]["authorities"], serde_json::json!([]));
	assert_eq!(g["grandpa"]["authorities"], serde_json::json!([]));
	assert!(g["sudo"]["key"].is_null());
	assert_eq!(g["balances"]["balances"], serde_json::json!([]));

	// Keys of the launch's own (these test keys stand for them).
	let (validator, finality, governance) =
		(Sr25519Keyring::Ferdie, Ed25519Keyring::Ferdie, Sr25519Keyring::Eve.to_account_id());
	g["aura"]["authorities"] = serde_json::json!([validator.public().to_string()]);
	g["grandpa"]["authorities"] = serde_json::json!([[finality.public().to_string(), 1]]);
	g["sudo"]["key"] = serde_json::json!(governance.to_string());
	g["balances"]["balances"] = serde_json::json!([[governance.to_string(), 1_000_000_000_000u64]]);

	// The node merges a preset's patch into the default config before building it.
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, patch);
	sp_io::TestExternalities::default().execute_with(|| {
		build_state::<RuntimeGenesisConfig>(serde_json::to_vec(&config).unwrap())
			.expect("the filled staging preset builds");
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(governance.clone()));
		assert_eq!(Balances::balance(&governance), 1_000_000_000_000);
		assert_eq!(Balances::balance(&Sr25519Keyring::Alice.to_account_id()), 0, "no dev account");
	});
}

/// `patch` merged into `base` key by key, as the node applies a preset.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(serde_json::Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}
