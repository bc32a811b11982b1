#!/usr/bin/env bash
# Builds the benchmarking node: bastion-node with the `benchmark` subcommands
# (--features runtime-benchmarks), optimised (--release), at $BASTION_BENCH_NODE.
# Benchmarks must run optimised: the host side of storage access (overlay, trie, hashing)
# dominates small calls, and unoptimised it is many times slower. A cold release build
# takes about 40 minutes on 2 cores; the dev node at $BASTION_NODE is left alone.
source "$(dirname "$0")/lib.sh"

ensure_setup
say "Building the benchmarking node (--release --features runtime-benchmarks)"
(cd "$REPO_ROOT" && cargo build --locked --release -p bastion-node --features runtime-benchmarks) ||
	die "the benchmark build failed: see the compiler's message above."
say "Built $BASTION_BENCH_NODE. Try: $BASTION_BENCH_NODE benchmark pallet --chain dev --list"
