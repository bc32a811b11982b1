//! What a person sees when they get the command line wrong.

use std::process::Command;

#[test]
fn an_unknown_chain_says_what_to_pass_instead() {
	let out = Command::new(env!("CARGO_BIN_EXE_bastion-node"))
		.args(["build-spec", "--chain", "no-such-chain"])
		.output()
		.expect("run bastion-node");
	assert!(!out.status.success());
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("--chain dev"), "unhelpful error: {stderr}");
	assert!(stderr.contains("build-spec"), "unhelpful error: {stderr}");
}

#[test]
fn version_names_the_node() {
	let out =
		Command::new(env!("CARGO_BIN_EXE_bastion-node")).arg("--version").output().expect("run");
	assert!(out.status.success());
	assert!(String::from_utf8_lossy(&out.stdout).starts_with("bastion-node "));
}
