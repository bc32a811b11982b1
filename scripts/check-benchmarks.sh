#!/usr/bin/env bash
# Fails if a call (or an `on_initialize` hook) of a restaking pallet (scripts/restaking-pallets)
# has no benchmark: every dispatchable must be weighed by a measurement. The check is a
# compiled test, pallets/benchmarking/src/coverage.rs: it takes each pallet's call names
# from the pallet (its metadata) and the benchmark names from the benchmark module, not from
# their source text. scripts/test.sh runs it with the other benchmark tests; this runs it
# alone.
source "$(dirname "$0")/lib.sh"

ensure_setup
say "Every restaking call and hook has a benchmark (the coverage tests of bastion-benchmarking)"
(cd "$REPO_ROOT" && SKIP_WASM_BUILD=1 cargo test --locked -p bastion-benchmarking \
	--features runtime-benchmarks coverage::) ||
	die "a call or hook above has no benchmark (or the pallet lists disagree): add one to pallets/benchmarking/src/<pallet>.rs (docs/benchmarking.md shows how)."
say "every restaking call and hook has a benchmark"
