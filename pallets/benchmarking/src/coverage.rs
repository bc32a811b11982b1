//! Every call and every `on_initialize` hook of the restaking pallets has a benchmark of
//! the same name, so that every dispatchable is charged a measured weight.
//!
//! Read from the compiled pallets, not from their source: a pallet's calls are its own list
//! ([`GetCallName::get_call_names`], the names its metadata shows), its benchmarks are the
//! ones `bastion-node benchmark pallet` runs ([`Benchmarking::benchmarks`] of the module
//! here that benchmarks it, `extra` ones left out). A pallet has an `on_initialize` hook if
//! the hook charges a weight: FRAME's default hook charges none, and a hook of ours charges
//! at least the storage it reads, so [`mock`](crate::mock)'s runtime (whose `WeightInfo` is
//! `()`: the generated weights at RocksDB's costs) runs it once on an empty chain.
//!
//! The pallets are those of `scripts/restaking-pallets`, the list the scripts use.

use crate::mock::{new_test_ext, Test};
use frame_benchmarking::Benchmarking;
use frame_support::{
	traits::{GetCallName, Hooks},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;

/// `scripts/restaking-pallets`: one directory under `pallets/` a line, `#` comments.
const LISTED: &str = include_str!("../../../scripts/restaking-pallets");

/// What a pallet must have benchmarks for, and the benchmarks it has.
struct Coverage {
	/// Its directory under `pallets/` (the crate is `pallet-<name>`).
	name: &'static str,
	calls: &'static [&'static str],
	/// Whether its `on_initialize` hook charges a weight on an empty chain.
	on_initialize: bool,
	benchmarks: Vec<String>,
}

/// The coverage of pallet `P`, whose calls are `C` and whose benchmarks are module `B`'s.
fn coverage<P, C, B>(name: &'static str) -> Coverage
where
	P: Hooks<BlockNumberFor<Test>>,
	C: GetCallName,
	B: Benchmarking,
{
	new_test_ext().execute_with(|| {
		let now = frame_system::Pallet::<Test>::block_number();
		Coverage {
			name,
			calls: C::get_call_names(),
			on_initialize: P::on_initialize(now) != Weight::zero(),
			benchmarks: B::benchmarks(false)
				.into_iter()
				.map(|benchmark| String::from_utf8(benchmark.name).expect("a benchmark's name"))
				.collect(),
		}
	})
}

/// Each restaking pallet with its `Call` and its benchmark module. A new pallet goes here
/// and in `scripts/restaking-pallets`.
fn pallets() -> Vec<Coverage> {
	vec![
		coverage::<
			pallet_vaults::Pallet<Test>,
			pallet_vaults::Call<Test>,
			crate::vaults::Pallet<Test>,
		>("vaults"),
		coverage::<
			pallet_operators::Pallet<Test>,
			pallet_operators::Call<Test>,
			crate::operators::Pallet<Test>,
		>("operators"),
		coverage::<pallet_avs::Pallet<Test>, pallet_avs::Call<Test>, crate::avs::Pallet<Test>>(
			"avs",
		),
		coverage::<
			pallet_slashing::Pallet<Test>,
			pallet_slashing::Call<Test>,
			crate::slashing::Pallet<Test>,
		>("slashing"),
		coverage::<
			pallet_rewards::Pallet<Test>,
			pallet_rewards::Call<Test>,
			crate::rewards::Pallet<Test>,
		>("rewards"),
		coverage::<
			pallet_validators::Pallet<Test>,
			pallet_validators::Call<Test>,
			crate::validators::Pallet<Test>,
		>("validators"),
	]
}

#[test]
fn checks_the_pallets_the_scripts_list() {
	let mut listed: Vec<&str> = LISTED
		.lines()
		.map(|line| line.split('#').next().unwrap_or_default().trim())
		.filter(|name| !name.is_empty())
		.collect();
	let mut checked: Vec<&str> = pallets().iter().map(|pallet| pallet.name).collect();
	listed.sort_unstable();
	checked.sort_unstable();
	assert_eq!(
		checked, listed,
		"scripts/restaking-pallets (right) and `pallets()` in pallets/benchmarking/src/coverage.rs \
		 (left) name different pallets: list each restaking pallet in both"
	);
}

#[test]
fn every_call_and_hook_has_a_benchmark() {
	let mut missing = Vec::new();
	for pallet in pallets() {
		let hook = pallet.on_initialize.then_some("on_initialize");
		for call in pallet.calls.iter().copied().chain(hook) {
			if !pallet.benchmarks.iter().any(|benchmark| benchmark == call) {
				missing.push(format!("pallet-{}::{call}", pallet.name));
			}
		}
	}
	assert!(
		missing.is_empty(),
		"no benchmark for: {}. Add one to pallets/benchmarking/src/<pallet>.rs \
		 (docs/benchmarking.md shows how).",
		missing.join(", ")
	);
}

/// The hook probe itself: a pallet benchmarked under `on_initialize` must have a hook that
/// charges a weight, or the probe above would miss hooks (or the benchmark is stale).
#[test]
fn every_on_initialize_benchmark_weighs_a_hook() {
	for pallet in pallets() {
		if pallet.benchmarks.iter().any(|benchmark| benchmark == "on_initialize") {
			assert!(
				pallet.on_initialize,
				"pallet-{} has an `on_initialize` benchmark, but its hook charges no weight on an \
				 empty chain: charge at least the storage it reads (this test finds hooks by the \
				 weight they charge), or remove the benchmark if the hook is gone",
				pallet.name
			);
		}
	}
}
