#!/usr/bin/env bash
# Regenerates the weights of the restaking pallets from their benchmarks, on this machine.
#
#   scripts/benchmark.sh                 # every restaking pallet
#   scripts/benchmark.sh pallet_rewards  # one pallet
#   scripts/benchmark.sh overhead        # only the scaling evidence and block/extrinsic overhead
#   scripts/benchmark.sh sdk             # the SDK pallets the runtime uses (system and its
#                                        # transaction extensions, transaction payment, balances,
#                                        # timestamp, sudo, utility, assets) → runtime/src/weights/
#   scripts/benchmark.sh grandpa         # GRANDPA's equivocation report and note_stalled: prints
#                                        # the figures runtime/src/weights/pallet_grandpa.rs holds
#   scripts/benchmark.sh storage [DIR]   # ParityDB read/write costs (DbWeight) → runtime/src/weights/
#                                        # on the database in DIR, or on a fresh dev chain the
#                                        # throughput run fills with 12,000 accounts and 8,000 positions
#   STEPS=50 REPEAT=20 scripts/benchmark.sh   # more samples (slower)
#
# Builds bastion-node with `--features runtime-benchmarks`, runs `benchmark pallet` on the
# dev chain's runtime (compiled wasm), writes `pallets/<name>/src/weights.rs` from
# scripts/benchmark/weight-template.hbs, keeps the raw results and the analysis the weights
# are written from in $CARGO_TARGET_DIR/benchmarks/ (<pallet>.json, <pallet>.analysis.json),
# and prints the comparison table of docs/benchmarks.md (with
# `pallet_balances::transfer_keep_alive` measured in the same run) from the analyses there.
# The pallets are those of scripts/restaking-pallets.
source "$(dirname "$0")/lib.sh"

STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-5}"
# The restaking pallets (scripts/restaking-pallets) by the names `benchmark pallet` knows.
all=()
for p in "${RESTAKING_PALLETS[@]}"; do all+=("$(restaking_benchmark "$p")"); done
if [ "${1:-}" = storage ]; then
	bash "$REPO_ROOT/scripts/build-bench-node.sh"
	base="${2:-}"
	if [ -z "$base" ]; then
		base="$CARGO_TARGET_DIR/benchmarks/db"
		rm -rf "$base"
		say "Filling a dev chain database at $base (a throughput run: 12,000 accounts, 8,000 positions)"
		"$BASTION_BENCH_NODE" --dev --base-path "$base" --rpc-port 9966 --port 30366 --no-prometheus \
			--no-telemetry --no-mdns >"$base.log" 2>&1 &
		node_pid=$!
		trap 'kill $node_pid 2>/dev/null || true' EXIT
		ensure_e2e_deps
		sleep 10
		(cd "$REPO_ROOT/e2e" && node throughput.mjs --count 4000 --ws ws://127.0.0.1:9966) ||
			die "filling the database failed (above); the node's log is $base.log"
		kill "$node_pid"
		wait "$node_pid" 2>/dev/null || true
	fi
	[ -d "$base/chains" ] || die "no node database in '$base': pass a node's --base-path, or nothing to fill a dev chain."
	say "Measuring ParityDB reads and writes on $base → runtime/src/weights/paritydb_weights.rs"
	# Writes in batches of 1,000 keys: the CLI's default single batch of every key fails on
	# this state ("Empty input is invalid").
	(cd "$REPO_ROOT" && "$BASTION_BENCH_NODE" benchmark storage --dev --base-path "$base" --state-version 1 \
		--database paritydb --batch-size 1000 --weight-path runtime/src/weights \
		--header scripts/benchmark/header.txt) ||
		die "benchmark storage failed (above)."
	say "Done. The pallet weights are priced with it: re-run scripts/benchmark.sh to refresh the tables."
	exit 0
fi

pallets=() # the ones to measure: directories under pallets/
if [ "${1:-}" = overhead ] || [ "${1:-}" = grandpa ] || [ "${1:-}" = sdk ]; then
	:
elif [ $# -gt 0 ]; then
	for name in "$@"; do
		found=""
		for p in "${RESTAKING_PALLETS[@]}"; do
			if [ "$(restaking_benchmark "$p")" = "$name" ]; then found="$p"; fi
		done
		[ -n "$found" ] || die "unknown pallet '$name': pick one of ${all[*]}."
		pallets+=("$found")
	done
else
	pallets=("${RESTAKING_PALLETS[@]}")
fi

bash "$REPO_ROOT/scripts/build-bench-node.sh"
out="$CARGO_TARGET_DIR/benchmarks"
mkdir -p "$out"

bench() { # pallet, extrinsics, json, [extra args…]
	local pallet="$1" extrinsics="$2" json="$3"
	shift 3
	"$BASTION_BENCH_NODE" benchmark pallet --chain dev --pallet "$pallet" --extrinsic "$extrinsics" \
		--steps "$STEPS" --repeat "$REPEAT" --wasm-execution compiled \
		--json-file "$json" "$@" ||
		die "benchmarking $pallet failed (above). Its benchmark tests show the cause faster:
  cargo test -p bastion-benchmarking --features runtime-benchmarks"
}

# The template renders a pallet's weights.rs, then this marker line, then the analysis the
# weights are written from, as JSON (the figures table.mjs needs, estimated proof sizes
# included, which the raw results lack).
marker='@@@ analysis.json @@@'
template=(--template "$REPO_ROOT/scripts/benchmark/weight-template.hbs" --header "$REPO_ROOT/scripts/benchmark/header.txt")

# Measures `pallet`'s benchmarks `extrinsics`: raw results to $out/<pallet>.json, weight
# functions to `weights`, their analysis to $out/<pallet>.analysis.json.
measure() { # pallet, extrinsics, weights.rs
	local pallet="$1" extrinsics="$2" weights="$3" rendered="$out/$1.rendered"
	bench "$pallet" "$extrinsics" "$out/$pallet.json" "${template[@]}" --output "$rendered" >/dev/null
	grep -qxF "$marker" "$rendered" ||
		die "no '$marker' line in $rendered: scripts/benchmark/weight-template.hbs must render it between the weights and the analysis."
	awk -v marker="$marker" '$0 == marker { exit } { print }' "$rendered" >"$weights"
	awk -v marker="$marker" 'found { print } $0 == marker { found = 1 }' "$rendered" >"$out/$pallet.analysis.json"
	rm -f "$rendered"
}

if [ "${1:-}" = grandpa ]; then
	say "GRANDPA: a whole equivocation report (runtime/src/benchmarks/grandpa.rs) and note_stalled"
	measure bastion_grandpa_report '*' "$out/bastion_grandpa_report_weights.rs"
	measure pallet_grandpa note_stalled "$out/pallet_grandpa_weights.rs"
	say "Measured (copy the figures into the constants of runtime/src/weights/pallet_grandpa.rs):"
	for f in "$out/bastion_grandpa_report_weights.rs" "$out/pallet_grandpa_weights.rs"; do
		awk '/^impl<T: frame_system::Config> WeightInfo for BastionWeight/ { on = 1 } on && /^}/ { exit } on' "$f"
	done
	exit 0
fi

if [ "${1:-}" = sdk ]; then
	# Measured on the same machine as the restaking pallets, so a transfer and a deposit are
	# priced alike. The CLI's own template renders a runtime weights file
	# (`WeightInfo<T>` implementing the pallet's trait).
	for pallet in frame_system frame_system_extensions pallet_transaction_payment pallet_balances \
		pallet_timestamp pallet_sudo pallet_utility pallet_assets; do
		say "Benchmarking $pallet ($STEPS steps × $REPEAT repeats) → runtime/src/weights/$pallet.rs"
		(cd "$REPO_ROOT" && bench "$pallet" '*' "$out/$pallet.json" \
			--header scripts/benchmark/header.txt --output "runtime/src/weights/$pallet.rs") >/dev/null
	done
	# The extensions' trait is frame_system's `ExtensionsWeightInfo`, whatever the template says.
	sed -i 's/ frame_system_extensions::WeightInfo for / frame_system::ExtensionsWeightInfo for /' \
		"$REPO_ROOT/runtime/src/weights/frame_system_extensions.rs"
	say "Written. Wire each into its config (runtime/src/configs/) and list it in runtime/src/weights/mod.rs."
	exit 0
fi

say "Reference: pallet_balances::transfer_keep_alive (weights kept in $out, not used by the runtime)"
measure pallet_balances transfer_keep_alive "$out/pallet_balances_weights.rs"

for dir in "${pallets[@]+"${pallets[@]}"}"; do
	pallet="$(restaking_benchmark "$dir")"
	say "Benchmarking $pallet ($STEPS steps × $REPEAT repeats) → pallets/$dir/src/weights.rs"
	measure "$pallet" '*' "$REPO_ROOT/pallets/$dir/src/weights.rs"
done

if [ $# -eq 0 ] || [ "${1:-}" = overhead ]; then
	say "Scaling evidence: claim and slash execution with 1 and 10,000 stakers in the pool"
	STEPS=2 bench bastion_scaling '*' "$out/bastion_scaling.json" >/dev/null

	say "Block and extrinsic overhead → runtime/src/weights/"
	mkdir -p "$REPO_ROOT/runtime/src/weights"
	# Paths relative to the repository: the generated files record them.
	(cd "$REPO_ROOT" && "$BASTION_BENCH_NODE" benchmark overhead --chain dev --weight-path runtime/src/weights \
		--header scripts/benchmark/header.txt --warmup 5 --repeat "$((REPEAT * 4))") >/dev/null 2>&1 ||
		die "benchmark overhead failed: run it by hand to see why:
  $BASTION_BENCH_NODE benchmark overhead --chain dev --weight-path runtime/src/weights"
fi

say "Weights written. The table for docs/benchmarks.md:"
node "$REPO_ROOT/scripts/benchmark/table.mjs" "$out"
