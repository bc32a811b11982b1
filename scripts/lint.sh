#!/usr/bin/env bash
# Runtime code never panics. Clippy denies unwrap, expect, panic, indexing and unchecked
# arithmetic in every crate (Cargo.toml [workspace.lints]; tests may, see clippy.toml).
# FRAME's pallet macros make clippy see `expect()`s in each `pallet` module, which is
# therefore allowed `clippy::expect_used`; this script checks our own code there has none.
source "$(dirname "$0")/lib.sh"

say "cargo fmt --check (rustfmt.toml: the polkadot-sdk style)"
(cd "$REPO_ROOT" && cargo fmt --all --check) ||
	die "files above are not formatted: run \`cargo fmt --all\` and commit the result."

say "clippy on the restaking pallets (scripts/restaking-pallets) and their primitives (warnings are errors)"
args=(-p bastion-primitives)
for p in "${RESTAKING_PALLETS[@]}"; do args+=(-p "$(restaking_crate "$p")"); done
(cd "$REPO_ROOT" && SKIP_WASM_BUILD=1 cargo clippy --locked "${args[@]}" -- -D warnings) ||
	die "clippy found problems (above): fix them; runtime code must not be able to panic."

say "no expect()/unwrap()/panic! in pallet code outside tests, mocks and genesis"
# Each file up to its `#[cfg(test)]` module; tests, mocks and benchmarks are exempt.
offenders=$(cd "$REPO_ROOT" && for f in pallets/*/src/*.rs; do
	# Benchmarks run only in a benchmarking build, where a panic is a failed benchmark.
	case "$f" in */tests.rs | */mock.rs | */benchmarking.rs | pallets/benchmarking/*) continue ;; esac
	awk '/^#\[cfg\(test\)\]$/ { exit } { print FILENAME ":" FNR ": " $0 }' "$f"
done | grep -E '\.expect\(|\.unwrap\(\)|panic!\(' | grep -vE 'panic!\("genesis' || true)
if [ -n "$offenders" ]; then
	echo "$offenders" >&2
	die "runtime code above can panic: use checked/saturating math, ok_or(Error::…)? or a defensive helper."
fi
say "lint clean"
