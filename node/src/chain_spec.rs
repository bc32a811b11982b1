//! Chain specifications: `dev` and `local` come from the runtime's genesis presets, so the
//! node and `chain-specs/*.json` can never disagree with the runtime; anything else is read
//! as a path to a JSON spec.

use bastion_runtime::{
	configs::restaking::PRODUCTION,
	genesis_config_presets::{DEVELOPMENT_PRESET, LOCAL_TESTNET_PRESET, STAGING_PRESET},
	CHAIN_NAME, SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY,
};
use sc_service::{ChainType, Properties};

/// The chain specification type of this node.
pub type ChainSpec = sc_service::GenericChainSpec;

/// What wallets show for the token: symbol, decimals, address format
/// (`bastion_runtime::chain_identity`).
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"This node was built without the runtime's wasm (SKIP_WASM_BUILD was set). \
		 Rebuild it without SKIP_WASM_BUILD, or pass --chain with a JSON spec."
			.to_string()
	})
}

/// One validator (Alice), blocks every 6 s, finalized by Alice alone.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(&format!("{CHAIN_NAME} Development"))
		.with_id("dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(DEVELOPMENT_PRESET)
		.with_properties(properties())
		.build())
}

/// The `local` chain's boot node: Alice on loopback with the fixed network key
/// `scripts/local-net` gives her (`--node-key 00…01`), so every machine derives the same
/// spec and a local network finds itself without extra flags.
pub const LOCAL_BOOT_NODE: &str =
	"/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

/// Four validators (Alice, Bob, Charlie, Dave); see `scripts/local-net`.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	let boot_node = LOCAL_BOOT_NODE
		.parse()
		.map_err(|e| format!("the local chain's boot node {LOCAL_BOOT_NODE} is malformed: {e}"))?;
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(&format!("{CHAIN_NAME} Local Testnet"))
		.with_id("local_testnet")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(LOCAL_TESTNET_PRESET)
		.with_properties(properties())
		.with_boot_nodes(vec![boot_node])
		.build())
}

/// A public network's chain spec from the `staging` preset: no dev keys or accounts, its
/// validators, governance and balances to be written in before the raw spec is built
/// (docs/forking.md, "Launching a network"). Only a node built with `--features
/// production` has it: the development delays are minutes.
pub fn staging_chain_spec() -> Result<ChainSpec, String> {
	if !PRODUCTION {
		return Err("`--chain staging` needs the production delays (days), and this node's \
		            runtime has the development ones (minutes). Build the node with \
		            `cargo build --release -p bastion-node --features production`, then run \
		            `bastion-node build-spec --chain staging`."
			.to_string());
	}
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name(&format!("{CHAIN_NAME} Staging"))
		.with_id("bastion_staging")
		.with_chain_type(ChainType::Live)
		.with_genesis_config_preset_name(STAGING_PRESET)
		.with_properties(properties())
		.build())
}
