//! Builds the upgrade rehearsal's wasm blob: `bastion-runtime` with its
//! `upgrade-rehearsal` feature (one `spec_version` higher, nothing else).

#[cfg(feature = "std")]
fn main() {
	share_the_runtime_s_wasm_target_dir();
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

// The wasm build compiles this crate without `std`; it needs no build script of its own.
#[cfg(not(feature = "std"))]
fn main() {}

/// The wasm builder compiles each runtime in `<target>/<profile>/wbuild/<crate>/target`.
/// This blob's dependencies are exactly the runtime's (same crates, same features: only
/// `bastion-runtime` itself differs, by one feature), so its build shares the runtime's
/// directory instead of compiling them all a second time. Cargo's lock on that directory
/// keeps the two builds from running at once. Without symlinks it builds on its own.
#[cfg(feature = "std")]
fn share_the_runtime_s_wasm_target_dir() {
	use std::{env, fs, path::PathBuf};
	let Ok(out_dir) = env::var("OUT_DIR") else { return };
	// OUT_DIR is <target>/<profile>/build/<package>-<hash>/out.
	let Some(profile_dir) = PathBuf::from(out_dir).ancestors().nth(3).map(PathBuf::from) else {
		return;
	};
	let wbuild = profile_dir.join("wbuild");
	let runtime_target = wbuild.join("bastion-runtime").join("target");
	let ours = wbuild.join(env!("CARGO_PKG_NAME"));
	let link = ours.join("target");
	if link.exists() || fs::symlink_metadata(&link).is_ok() {
		return;
	}
	if fs::create_dir_all(&runtime_target).is_err() || fs::create_dir_all(&ours).is_err() {
		return;
	}
	#[cfg(unix)]
	let _ = std::os::unix::fs::symlink(&runtime_target, &link);
}
