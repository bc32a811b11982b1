//! Builds the runtime's wasm blob and exposes it as `WASM_BINARY` to the node.

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("BST", 12)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

// The wasm build compiles this crate without `std`; it needs no build script of its own.
#[cfg(not(feature = "std"))]
fn main() {}
