//! # Bastion runtime, upgrade rehearsal
//!
//! The Bastion runtime built with its `upgrade-rehearsal` feature: the same code one
//! `spec_version` higher. The runtime-upgrade end-to-end test (`e2e/tests/upgrade.test.mjs`)
//! starts a dev chain on the node's runtime and upgrades it to this blob through
//! `@polkadot/api`, checking that the migrations in `bastion_runtime::Migrations` run
//! once and that blocks, state and the `restaking_*` answers carry on.
//!
//! [`WASM_BINARY_PATH`] is the compressed blob (`set_code` takes it as it is).

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

#[cfg(target_arch = "wasm32")]
pub use bastion_runtime::*;
