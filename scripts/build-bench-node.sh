#!/usr/bin/env bash
# Builds bastion-node with the `benchmark` subcommands (--features runtime-benchmarks).
# The binary replaces the plain one at $BASTION_NODE; the next plain build relinks it.
source "$(dirname "$0")/lib.sh"

ensure_setup
say "Building bastion-node with --features runtime-benchmarks (adds frame-benchmarking-cli and the node crates it pulls)"
(cd "$REPO_ROOT" && cargo build --locked -p bastion-node --features runtime-benchmarks) ||
	die "the benchmark build failed: see the compiler's message above."
say "Built $BASTION_NODE. Try: $BASTION_NODE benchmark pallet --chain dev --list"
