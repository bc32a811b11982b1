#!/usr/bin/env bash
# Fails if a call (or an `on_initialize` hook) of a restaking pallet has no benchmark in
# pallets/benchmarking/src/<pallet>.rs: every dispatchable must be weighed by a
# measurement. Run by scripts/test.sh.
source "$(dirname "$0")/lib.sh"

missing=()
for pallet in vaults operators avs slashing rewards; do
	lib="$REPO_ROOT/pallets/$pallet/src/lib.rs"
	bench="$REPO_ROOT/pallets/benchmarking/src/$pallet.rs"
	[ -f "$bench" ] || die "pallets/benchmarking/src/$pallet.rs is missing: pallet-$pallet has no benchmarks."
	# The name of the `pub fn` after each `#[pallet::call_index(..)]`.
	calls=$(awk '/#\[pallet::call_index/ { want = 1; next }
		want && match($0, /pub fn [a-z0-9_]+/) { print substr($0, RSTART + 7, RLENGTH - 7); want = 0 }' "$lib")
	grep -q 'fn on_initialize(' "$lib" && calls="$calls on_initialize"
	benchmarks=$(awk '/#\[benchmark/ { want = 1; next }
		want && match($0, /fn [a-z0-9_]+/) { print substr($0, RSTART + 3, RLENGTH - 3); want = 0 }' "$bench")
	for call in $calls; do
		grep -qx "$call" <<<"$benchmarks" || missing+=("pallet-$pallet::$call")
	done
done
if [ ${#missing[@]} -gt 0 ]; then
	die "no benchmark for: ${missing[*]}. Add one to pallets/benchmarking/src/<pallet>.rs (docs/benchmarking.md shows how)."
fi
say "every restaking call and hook has a benchmark"
