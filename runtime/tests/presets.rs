//! The presets as the node builds them: every preset's validators are operators whose
//! genesis stake the consensus AVS can slash, elected by the validators pallet; and the
//! `staging` preset, as a launch uses it (docs/forking.md, "Launching a network"): its
//! patch, with the validators, governance and balances a launch writes in, builds a
//! genesis state holding exactly those, and no dev account.

use bastion_primitives::Fraction;
use bastion_runtime::{
	configs::{CONSENSUS_AVS, MIN_VALIDATOR_STAKE},
	genesis_config_presets::{
		config_from_patch, preset_config, staging_config_genesis, CONSENSUS_VAULT,
		DEVELOPMENT_PRESET, LOCAL_TESTNET_PRESET,
	},
	opaque::SessionKeys,
	AccountId, Balances, Runtime, Session, Validators,
};
use frame_support::traits::{fungible::Inspect, fungible::NativeOrWithId};
use pallet_vaults::VaultParams;
use serde_json::{json, to_value, Value};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{BuildStorage, Perbill};

#[test]
fn every_preset_elects_its_staked_validators() {
	for (preset, validators) in [
		(DEVELOPMENT_PRESET, vec![Sr25519Keyring::Alice]),
		(
			LOCAL_TESTNET_PRESET,
			vec![
				Sr25519Keyring::Alice,
				Sr25519Keyring::Bob,
				Sr25519Keyring::Charlie,
				Sr25519Keyring::Dave,
			],
		),
	] {
		let config = preset_config(preset).expect("the preset exists");
		sp_io::TestExternalities::new(config.build_storage().expect("the preset builds"))
			.execute_with(|| {
				let mut expected: Vec<AccountId> =
					validators.iter().map(|k| k.to_account_id()).collect();
				expected.sort();
				assert_eq!(Session::validators(), expected, "{preset}");
				let sets = Validators::api_validator_sets();
				let elected: Vec<AccountId> =
					sets.current.iter().map(|v| v.validator.clone()).collect();
				assert_eq!(elected, expected, "{preset}: the elected set is the session's");
				assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), validators.len());
				assert_eq!(
					pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(),
					validators.len()
				);
				for pallet_check in [
					pallet_vaults::Pallet::<Runtime>::do_try_state,
					pallet_operators::Pallet::<Runtime>::do_try_state,
					pallet_avs::Pallet::<Runtime>::do_try_state,
					pallet_slashing::Pallet::<Runtime>::do_try_state,
					pallet_rewards::Pallet::<Runtime>::do_try_state,
					pallet_validators::Pallet::<Runtime>::do_try_state,
				] {
					pallet_check().expect("the genesis state is consistent");
				}
			});
	}
}

#[test]
fn the_staging_preset_holds_no_dev_key_and_takes_a_launch_s_own() {
	let mut patch = staging_config_genesis();
	let g = &mut patch;
	// What the preset leaves empty, and the launch fills (the jq step of the guide).
	assert_eq!(g["session"]["keys"], json!([]));
	assert!(g["sudo"]["key"].is_null());
	assert_eq!(g["balances"]["balances"].as_array().map(Vec::len), Some(1), "the AVS's bond");
	assert_eq!(g["avs"]["avss"][0][1], json!(b"Bastion consensus".to_vec()));

	// The launch's own accounts and keys (these test keys stand for them).
	let validator = Sr25519Keyring::Ferdie.to_account_id();
	let keys = SessionKeys {
		aura: Sr25519Keyring::Ferdie.public().into(),
		grandpa: Ed25519Keyring::Ferdie.public().into(),
	};
	let governance = Sr25519Keyring::Eve.to_account_id();
	let unit = bastion_runtime::UNIT;
	let stake = 2 * MIN_VALIDATOR_STAKE;
	let push = |v: &mut Value, item: Value| v.as_array_mut().expect("a list").push(item);

	push(&mut g["balances"]["balances"], json!([governance, 1_000_000 * unit]));
	push(&mut g["balances"]["balances"], json!([validator, 1_000_000 * unit]));
	g["sudo"]["key"] = json!(governance);
	// A BST vault, curated by governance, serving the consensus AVS.
	let params = VaultParams {
		withdrawal_delay: bastion_runtime::configs::restaking::EXAMPLE_WITHDRAWAL_DELAY,
		deposit_cap: 100_000_000 * unit,
		min_deposit: unit,
		max_restake: 100,
	};
	g["vaults"]["vaults"] = json!([[
		governance,
		to_value(NativeOrWithId::<u32>::Native).unwrap(),
		to_value(params).unwrap()
	]]);
	g["vaults"]["avsApprovals"] = json!([[CONSENSUS_VAULT, CONSENSUS_AVS]]);
	g["avs"]["avss"][0][2]["accepted_vaults"] = json!([CONSENSUS_VAULT]);
	// The validator: an operator staking in its own pool, allocated to the consensus AVS,
	// with its session keys.
	g["vaults"]["deposits"] = json!([[validator, CONSENSUS_VAULT, validator, stake]]);
	g["operators"]["operators"] =
		json!([[validator, to_value(Perbill::from_percent(5)).unwrap(), b"validator".to_vec()]]);
	g["operators"]["optIns"] = json!([[validator, CONSENSUS_AVS]]);
	g["operators"]["allocations"] =
		json!([[validator, CONSENSUS_AVS, CONSENSUS_VAULT, to_value(Fraction::one()).unwrap()]]);
	g["session"]["keys"] = json!([[validator, validator, to_value(keys).unwrap()]]);

	let config = config_from_patch(patch).expect("the filled staging preset is a genesis config");
	sp_io::TestExternalities::new(
		config.build_storage().expect("the filled staging preset builds"),
	)
	.execute_with(|| {
		assert_eq!(Session::validators(), vec![validator.clone()]);
		assert_eq!(Validators::api_validator_sets().current[0].stake.0, stake);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(governance.clone()));
		// All of it still its own (the vault's creation deposit is held), but the
		// existential deposit that opened the vault's account.
		assert_eq!(
			Balances::total_balance(&governance),
			1_000_000 * unit - bastion_runtime::EXISTENTIAL_DEPOSIT
		);
		assert_eq!(Balances::balance(&Sr25519Keyring::Alice.to_account_id()), 0, "no dev account");
	});
}
