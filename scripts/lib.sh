# Shared by the scripts: logging, the target directory, and the one-time set-up.
# Source it; do not run it.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# One target directory for every clone on this machine, outside the clone, so a fresh
# checkout (as CI makes) still builds incrementally. Override by exporting it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bastion/target}"
# The runtime's wasm build looks for Cargo.lock upwards from the target directory; with
# the target directory outside the clone it must be told where the workspace is, or it
# would resolve fresh, unlocked versions. (Not set in .cargo/config.toml's [env]: a
# change there invalidates every crate's fingerprint.)
export WASM_BUILD_WORKSPACE_HINT="$REPO_ROOT"
# With that hint, `frame-benchmarking-cli`'s own test runtime (built only with the node's
# `runtime-benchmarks` feature) cannot find itself in this workspace's default metadata;
# its wasm is only needed by `benchmark storage --mode validate-block`, so skip it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
# The node binary every script and test uses: the dev profile (see Cargo.toml).
export BASTION_NODE="${BASTION_NODE:-$CARGO_TARGET_DIR/debug/bastion-node}"
# The optimised node with the `benchmark` subcommands (scripts/build-bench-node.sh).
export BASTION_BENCH_NODE="${BASTION_BENCH_NODE:-$CARGO_TARGET_DIR/release/bastion-node}"

# Runs a command as on a machine that never ran Bastion: HOME and the XDG directories point
# at a new empty directory (cargo, rustup and the target dir stay where they are), and it
# fails if the command left a node base path there. The tests that start nodes run this
# way, so none can pass by reading a node key or a database an earlier run left behind.
with_fresh_home() {
	local home status=0
	home="$(mktemp -d -t bastion-home.XXXXXX)"
	CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" \
		HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
		XDG_CACHE_HOME="$home/.cache" "$@" || status=$?
	local leftover
	leftover="$(find "$home" -mindepth 1 -name 'bastion*' -print -quit)"
	rm -rf "$home"
	[ -z "$leftover" ] ||
		die "a test wrote ${leftover#"$home"/} into the (fresh) home directory: tests must use their own base path (--tmp or --base-path)."
	return "$status"
}

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The restaking pallets, from scripts/restaking-pallets (the one list): their directories
# under pallets/, e.g. `vaults`. The crate is `pallet-<name>` (restaking_crate) and the
# name `benchmark pallet` knows it by is `pallet_<name>` (restaking_benchmark).
RESTAKING_PALLETS=()
while read -r _pallet || [ -n "$_pallet" ]; do
	_pallet="${_pallet%%#*}"
	_pallet="${_pallet//[[:space:]]/}"
	[ -z "$_pallet" ] || RESTAKING_PALLETS+=("$_pallet")
done <"$REPO_ROOT/scripts/restaking-pallets"
unset _pallet
((${#RESTAKING_PALLETS[@]})) || die "scripts/restaking-pallets lists no pallet."
restaking_crate() { printf 'pallet-%s\n' "$1"; }
restaking_benchmark() { printf 'pallet_%s\n' "${1//-/_}"; }

# Installs what the build needs and is missing: system packages, the pinned Rust
# toolchain's components, and the e2e suite's npm packages. Idempotent and quiet when
# everything is there.
ensure_setup() {
	local missing=()
	command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
	command -v clang >/dev/null 2>&1 || missing+=(clang)
	command -v c++ >/dev/null 2>&1 || missing+=(g++)
	command -v make >/dev/null 2>&1 || missing+=(make)
	command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
	command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
	if ((${#missing[@]})); then
		[ -z "${BASTION_NO_APT:-}" ] ||
			die "missing system packages: ${missing[*]} (BASTION_NO_APT is set, so nothing was installed): install them with your package manager, then re-run."
		say "Installing system packages the build needs: ${missing[*]} (with apt-get; set BASTION_NO_APT=1 to install them yourself instead)"
		local sudo=""
		[ "$(id -u)" = 0 ] || sudo="sudo"
		command -v apt-get >/dev/null 2>&1 ||
			die "missing ${missing[*]} and no apt-get here: install them with your package manager, then re-run."
		$sudo apt-get update -qq || die "apt-get update failed: check the network, then re-run."
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
			die "apt-get install ${missing[*]} failed: install them by hand, then re-run."
	fi

	command -v rustup >/dev/null 2>&1 ||
		die "rustup not found: install it (https://rustup.rs), then re-run."
	# Installs the toolchain, components and wasm target that rust-toolchain.toml names;
	# a no-op when they are there.
	(cd "$REPO_ROOT" && rustup toolchain install >/dev/null 2>&1) ||
		(cd "$REPO_ROOT" && rustup toolchain install) ||
		die "rustup could not install the toolchain in rust-toolchain.toml."
}

# Installs the e2e suite's exact dependency tree from its lock file, once.
ensure_e2e_deps() {
	local dir="$REPO_ROOT/e2e"
	if [ ! -d "$dir/node_modules/@polkadot/api" ] ||
		[ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
		say "Installing the e2e suite's npm packages (e2e/package-lock.json)"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) ||
			die "npm ci failed in e2e/: check that the npm registry is reachable."
	fi
}

build_node() {
	say "Building bastion-node (dev profile) into $CARGO_TARGET_DIR; a cold build takes ~30 min on 2 cores"
	(cd "$REPO_ROOT" && cargo build --locked -p bastion-node) ||
		die "the build failed: see the compiler's message above."
}
