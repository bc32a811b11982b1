//! # Bastion benchmarks
//!
//! FRAME v2 benchmarks of every call and hook of the five restaking pallets and of the
//! validators pallet (its key calls, the election, the offence handler, the filing of a
//! closed session's offences). They live in
//! one crate, beside the pallets rather than in them, because almost every worst case
//! crosses pallets: a deposit is most expensive into a pool allocated to many AVSs that
//! each pay reward streams; a slash request is most expensive against an operator with
//! pools in many vaults, each allocated to other AVSs too. Setting that up needs the real
//! Vaults, Operators, Avs, Slashing and Rewards together, as `pallet-nomination-pools`
//! benchmarks need staking (see its `-benchmarking` crate).
//!
//! Each module (`vaults`, `operators`, …) benchmarks one pallet under a wrapper
//! `Pallet<T>` struct; the runtime lists them in `define_benchmarks!` under the pallets'
//! names, so `bastion-node benchmark pallet --pallet pallet_vaults` measures them and the
//! generated `weights.rs` go to each pallet's crate (`scripts/benchmark.sh`). Every
//! benchmark asserts the call's effect, and each module's `impl_benchmark_test_suite!`
//! runs them as tests on [`mock`]'s runtime (`cargo test -p bastion-benchmarking
//! --features runtime-benchmarks`). The same command runs `coverage`, the test that every
//! call and `on_initialize` hook of the pallets in `scripts/restaking-pallets` has one.
//!
//! [`setup`] holds the scenario builders the modules share.

#![cfg_attr(not(feature = "std"), no_std)]
#![cfg(feature = "runtime-benchmarks")]

extern crate alloc;

pub mod avs;
pub mod operators;
pub mod rewards;
pub mod scaling;
pub mod setup;
pub mod slashing;
pub mod validators;
pub mod vaults;

#[cfg(test)]
mod coverage;
#[cfg(test)]
mod mock;

/// The runtime the benchmarks run on: all five restaking pallets, sharing one asset kind,
/// and the validators pallet.
pub trait Config:
	pallet_vaults::Config
	+ pallet_operators::Config
	+ pallet_avs::Config
	+ pallet_slashing::Config
	+ pallet_rewards::Config<AssetKind = <Self as pallet_vaults::Config>::AssetKind>
	+ pallet_validators::Config
{
	/// A non-native asset kind, distinct for each `id` (it need not exist in
	/// `pallet-assets` until [`Self::mint_asset`] creates it).
	fn asset_kind(id: u32) -> <Self as pallet_vaults::Config>::AssetKind;

	/// Gives `who` `amount` of the non-native `asset`, first creating it in `pallet-assets`
	/// (sufficient, minimum balance 1) if it does not exist: what a reward stream in it
	/// needs.
	fn mint_asset(
		asset: &<Self as pallet_vaults::Config>::AssetKind,
		who: &Self::AccountId,
		amount: u128,
	);

	/// Sets session keys for `who`, distinct for each `index`, generated in the
	/// benchmark's keystore (so a benchmark can sign with them), without the call's proof
	/// of possession: what makes it an election candidate.
	fn set_session_keys(who: &Self::AccountId, index: u32);

	/// Fresh session keys for `who` and their proof of possession, as
	/// `author_rotateKeysWithOwner` returns them: the arguments of
	/// `Validators::set_keys`.
	fn session_keys_with_proof(
		who: &Self::AccountId,
	) -> (pallet_validators::KeysOf<Self>, alloc::vec::Vec<u8>);
}
