#!/usr/bin/env bash
# Regenerates chain-specs/{dev,local,local-raw}.json from the node's built-in `dev` and
# `local` chains (the runtime's genesis presets). Run it after changing a preset or the
# runtime, and commit the result: `cargo test -p bastion-node` fails while they drift.
source "$(dirname "$0")/lib.sh"

ensure_setup
build_node
out="$REPO_ROOT/chain-specs"
mkdir -p "$out"
"$BASTION_NODE" build-spec --chain dev 2>/dev/null >"$out/dev.json"
"$BASTION_NODE" build-spec --chain local 2>/dev/null >"$out/local.json"
"$BASTION_NODE" build-spec --chain local --raw 2>/dev/null >"$out/local-raw.json"
say "Wrote $out/dev.json, local.json and local-raw.json"
