//! Chain specifications: `dev` and `local` come from the runtime's genesis presets, so the
//! node and `chain-specs/*.json` can never disagree with the runtime; anything else is read
//! as a path to a JSON spec.

use bastion_runtime::{
	genesis_config_presets::{DEVELOPMENT_PRESET, LOCAL_TESTNET_PRESET},
	TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY,
};
use sc_service::{ChainType, Properties};

/// A Bastion chain specification.
pub type ChainSpec = sc_service::GenericChainSpec;

/// What wallets show for the token: symbol, decimals, address format.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), 42.into());
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
		.with_name("Bastion Development")
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
		.with_name("Bastion Local Testnet")
		.with_id("local_testnet")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(LOCAL_TESTNET_PRESET)
		.with_properties(properties())
		.with_boot_nodes(vec![boot_node])
		.build())
}
