//! The committed `chain-specs/*.json` must be what the node generates from the runtime's
//! genesis presets, on any machine. The runtime's wasm blob is left out of the comparison:
//! its bytes change with every runtime edit, while the genesis state is what a preset
//! defines.
//!
//! Every command here runs with `HOME` and the XDG directories pointing at a new, empty
//! directory, and fails if anything was written there: a spec must not depend on (or
//! create) state in the user's default base path, such as a node key.

use serde_json::Value;
use std::{
	path::{Path, PathBuf},
	process::{Command, Output},
	sync::atomic::{AtomicUsize, Ordering},
};

/// The storage key of the runtime code in a raw spec (`:code`).
const CODE_KEY: &str = "0x3a636f6465";

/// A new empty directory under the target dir's scratch space, removed when dropped.
struct EmptyDir(PathBuf);

impl EmptyDir {
	fn new(what: &str) -> Self {
		static NEXT: AtomicUsize = AtomicUsize::new(0);
		let n = NEXT.fetch_add(1, Ordering::Relaxed);
		let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
			.join(format!("bastion-{what}-{}-{n}", std::process::id()));
		let _ = std::fs::remove_dir_all(&path);
		std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
		Self(path)
	}

	fn path(&self) -> &Path {
		&self.0
	}
}

impl Drop for EmptyDir {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}

/// Runs `bastion-node args` with a fresh, empty home directory, and checks it stays empty.
fn node_in_empty_home(args: &[&str], stdin_file: Option<&Path>) -> Output {
	let home = EmptyDir::new("home");
	let mut cmd = Command::new(env!("CARGO_BIN_EXE_bastion-node"));
	cmd.args(args)
		.env("HOME", home.path())
		.env("XDG_DATA_HOME", home.path().join("data"))
		.env("XDG_CONFIG_HOME", home.path().join("config"))
		.env("XDG_CACHE_HOME", home.path().join("cache"));
	if let Some(file) = stdin_file {
		cmd.stdin(std::fs::File::open(file).unwrap_or_else(|e| panic!("{}: {e}", file.display())));
	}
	let out = cmd.output().unwrap_or_else(|e| panic!("could not run bastion-node: {e}"));
	let left: Vec<_> = std::fs::read_dir(home.path())
		.unwrap_or_else(|e| panic!("{}: {e}", home.path().display()))
		.filter_map(Result::ok)
		.map(|entry| entry.path())
		.collect();
	assert!(
		left.is_empty(),
		"`bastion-node {args:?}` wrote to the user's home directory: {left:?}. \
		 Nothing but a running node may touch the default base path."
	);
	out
}

fn generate(args: &[&str]) -> Value {
	let mut full = vec!["build-spec"];
	full.extend_from_slice(args);
	let out = node_in_empty_home(&full, None);
	assert!(
		out.status.success(),
		"bastion-node build-spec {args:?} failed:\n{}",
		String::from_utf8_lossy(&out.stderr)
	);
	serde_json::from_slice(&out.stdout)
		.unwrap_or_else(|e| panic!("build-spec printed bad JSON: {e}"))
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

fn boot_nodes(spec: &Value) -> Vec<String> {
	spec.get("bootNodes")
		.and_then(Value::as_array)
		.unwrap_or_else(|| panic!("spec without bootNodes: {spec:#}"))
		.iter()
		.map(|node| {
			node.as_str().unwrap_or_else(|| panic!("boot node not a string: {node}")).to_owned()
		})
		.collect()
}

#[test]
fn the_dev_spec_has_no_boot_node() {
	assert_eq!(boot_nodes(&generate(&["--chain", "dev"])), Vec::<String>::new());
	assert_eq!(boot_nodes(&committed("dev.json")), Vec::<String>::new());
}

/// `scripts/local-net` starts Alice with the network key `00…01`: the local spec's only boot
/// node is her on loopback, with the peer id that key gives.
#[test]
fn the_local_spec_boots_from_alice_s_fixed_network_key() {
	let dir = EmptyDir::new("node-key");
	let key = dir.path().join("alice.key");
	std::fs::write(&key, format!("{:064x}", 1))
		.unwrap_or_else(|e| panic!("write the key file: {e}"));
	let out = node_in_empty_home(&["key", "inspect-node-key"], Some(&key));
	assert!(
		out.status.success(),
		"inspect-node-key failed: {}",
		String::from_utf8_lossy(&out.stderr)
	);
	let peer_id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
	let expected = vec![format!("/ip4/127.0.0.1/tcp/30333/p2p/{peer_id}")];
	for (file, args) in [
		("local.json", &["--chain", "local"][..]),
		("local-raw.json", &["--chain", "local", "--raw"][..]),
	] {
		assert_eq!(boot_nodes(&generate(args)), expected, "generated {file}");
		assert_eq!(boot_nodes(&committed(file)), expected, "committed {file}");
	}
}

/// A node with the development delays refuses to make a public network's spec, and says
/// how to build one that can. (A `--features production` node offers it; CI builds only the
/// development node.)
#[test]
#[cfg(not(feature = "production"))]
fn a_development_node_refuses_the_staging_spec() {
	let out = node_in_empty_home(&["build-spec", "--chain", "staging"], None);
	assert!(!out.status.success(), "build-spec --chain staging succeeded on a dev runtime");
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("production delays"), "{stderr}");
	assert!(stderr.contains("--features production"), "{stderr}");
}
