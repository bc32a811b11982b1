//! Builds the runtime's wasm blob and exposes it as `WASM_BINARY` to the node.

// The token's symbol and decimals, from the runtime's one identity file (a build script
// cannot use the crate it builds, so it includes the file instead).
#[allow(dead_code)]
mod chain_identity {
	include!("src/chain_identity.rs");
}

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(chain_identity::TOKEN_SYMBOL, chain_identity::TOKEN_DECIMALS)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

// The wasm build compiles this crate without `std`; it needs no build script of its own.
#[cfg(not(feature = "std"))]
fn main() {}
