#!/usr/bin/env bash
# Runs the whole test suite: the lints, the Rust unit, integration and randomized tests,
# then the end-to-end tests against a real bastion-node. This is the command CI runs
# (.ci/run).
source "$(dirname "$0")/lib.sh"

ensure_setup
ensure_e2e_deps

say "Lints (scripts/lint.sh)"
bash "$REPO_ROOT/scripts/lint.sh"

# The tests that start nodes run with a fresh, empty HOME (with_fresh_home in lib.sh).
# `cargo test` builds the node binary too (the node's integration tests run it), in the
# same dev profile the e2e suite uses: nothing is compiled twice.
say "Rust tests (cargo test --workspace)"
# The randomized invariant test runs 10⁵ steps here (100 runs × 1,000; 10 runs under a
# plain `cargo test`).
(cd "$REPO_ROOT" && BASTION_FUZZ_RUNS="${BASTION_FUZZ_RUNS:-100}" with_fresh_home cargo test --locked --workspace) ||
	die "Rust tests failed (see above)."

# The benchmarks run as tests (each at its components' extremes, effects asserted) on a
# mock runtime; measuring them for real is scripts/benchmark.sh, not CI. With them runs the
# check that every call and hook of the restaking pallets has a benchmark (its `coverage`
# tests, alone: scripts/check-benchmarks.sh).
say "Benchmark tests (cargo test -p bastion-benchmarking --features runtime-benchmarks)"
(cd "$REPO_ROOT" && SKIP_WASM_BUILD=1 cargo test --locked -p bastion-benchmarking --features runtime-benchmarks) ||
	die "a benchmark test failed (see above): a benchmark's setup or asserted effect is wrong, or (coverage::) a call or hook has no benchmark."

say "End-to-end tests against $BASTION_NODE (node --test e2e/tests)"
[ -x "$BASTION_NODE" ] || die "no node binary at $BASTION_NODE: the cargo step should have built it."
(cd "$REPO_ROOT/e2e" && with_fresh_home node --test --test-concurrency=2 --test-reporter=spec tests/) ||
	die "end-to-end tests failed (see above; node logs are printed with each failure)."

# The local network on hosts of its own (network namespaces: root only): a fifth validator
# elected through polkadot.js, one leaving, one killed and restarted, a 2 | 2 partition
# healed. A separate step, bounded in time. The test stops every node it started and
# removes its namespaces, also on failure (and `timeout` kills the runner if it hangs).
say "Network test: validators elected by restaked stake, node loss, partition (at most 25 min)"
(cd "$REPO_ROOT/e2e" && with_fresh_home timeout --kill-after=30 1500 node --test --test-reporter=spec network/) ||
	die "the network test failed or ran over 25 minutes (see above; node logs follow each failure)."
say "All tests passed."
