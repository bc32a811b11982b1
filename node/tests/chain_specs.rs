//! The committed `chain-specs/*.json` must be what the node generates from the runtime's
//! genesis presets. The runtime's wasm blob is left out of the comparison: its bytes
//! change with every runtime edit, while the genesis state is what a preset defines.

use serde_json::Value;
use std::{path::PathBuf, process::Command};

/// The storage key of the runtime code in a raw spec (`:code`).
const CODE_KEY: &str = "0x3a636f6465";

fn generate(args: &[&str]) -> Value {
	let out = Command::new(env!("CARGO_BIN_EXE_bastion-node"))
		.arg("build-spec")
		.args(args)
		.output()
		.unwrap_or_else(|e| panic!("could not run bastion-node: {e}"));
	assert!(
		out.status.success(),
		"bastion-node build-spec {args:?} failed:\n{}",
		String::from_utf8_lossy(&out.stderr)
	);
	serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("build-spec printed bad JSON: {e}"))
}

fn committed(name: &str) -> Value {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chain-specs").join(name);
	let text = std::fs::read_to_string(&path)
		.unwrap_or_else(|e| panic!("{}: {e}; run scripts/gen-chain-specs.sh", path.display()));
	serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: bad JSON: {e}", path.display()))
}

fn without_code(mut spec: Value) -> Value {
	if let Some(genesis) = spec.get_mut("genesis") {
		if let Some(runtime) = genesis.get_mut("runtimeGenesis").and_then(Value::as_object_mut) {
			assert!(runtime.remove("code").is_some(), "plain spec without runtime code");
		}
		if let Some(top) = genesis.pointer_mut("/raw/top").and_then(Value::as_object_mut) {
			assert!(top.remove(CODE_KEY).is_some(), "raw spec without :code");
		}
	}
	spec
}

fn assert_up_to_date(file: &str, args: &[&str]) {
	let generated = without_code(generate(args));
	let committed = without_code(committed(file));
	assert!(
		generated == committed,
		"chain-specs/{file} has drifted from the runtime's genesis presets.\n\
		 Run scripts/gen-chain-specs.sh and commit the result.\n\
		 generated: {generated:#}\ncommitted: {committed:#}"
	);
}

#[test]
fn dev_spec_matches_the_development_preset() {
	assert_up_to_date("dev.json", &["--chain", "dev"]);
}

#[test]
fn local_spec_matches_the_local_testnet_preset() {
	assert_up_to_date("local.json", &["--chain", "local"]);
}

#[test]
fn raw_local_spec_matches_the_local_testnet_genesis_state() {
	assert_up_to_date("local-raw.json", &["--chain", "local", "--raw"]);
}
