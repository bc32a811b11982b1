#!/usr/bin/env bash
# Tests scripts/rename-chain end to end: renames this checkout into a temporary directory
# (acme, token ACM, 18 decimals, SS58 prefix 99), then checks that
#   1. no `bastion`, `Bastion`, `BASTION` or `BST` (as a word) is left in it, outside
#      the allow-list below (the old names are read from rename-chain and the identity
#      file, so a renamed copy tests itself the same way);
#   2. the identity file holds the new token, decimals and prefix;
#   3. the renamed manifests resolve against the renamed Cargo.lock, and the copy is
#      formatted (`cargo fmt --check`, as the lint runs it);
#   4. the copy compiles: `SKIP_WASM_BUILD=1 cargo check --workspace --locked`, in the
#      shared target directory of scripts/lib.sh (the SDK crates are reused; the renamed
#      workspace crates are new units beside this checkout's, which they do not disturb),
#      with WASM_BUILD_WORKSPACE_HINT pointing at the copy.
# Extra arguments go to `cargo check`, e.g. `--all-targets` to check the tests too.
# The copy is deleted at the end; set KEEP_RENAMED_COPY=1 to keep it for inspection.
#
# Not part of scripts/test.sh (CI's default run): it compiles every workspace crate once
# more under its new name. Run it after changing rename-chain or adding names to the tree.
source "$(dirname "$0")/lib.sh"

# The names this checkout has, as rename-chain reads them.
old_name="$(sed -n 's/^OLD_NAME=//p' "$REPO_ROOT/scripts/rename-chain")"
old_token="$(sed -n 's/^pub const TOKEN_SYMBOL: &str = "\(.*\)";$/\1/p' "$REPO_ROOT/runtime/src/chain_identity.rs")"
[ -n "$old_name" ] && [ -n "$old_token" ] ||
	die "could not read OLD_NAME from scripts/rename-chain or TOKEN_SYMBOL from runtime/src/chain_identity.rs."
# The new ones: anything else (a fork already called acme tests with zeta).
name=acme token=ACM decimals=18 ss58=99
[ "$old_name" != "$name" ] || name=zeta
[ "$old_token" != "$token" ] || token=ZTA

# What may still mention the old name or token in the copy, one extended regex per entry,
# matched against grep's `path:line:text` output, each with its reason. (The PalletIds'
# 8-byte seeds `bst/vlts` and `bst/rwds` in runtime/src/configs/{vaults,rewards}.rs stay
# too, but they are lowercase and not the token's symbol, so the check does not look for
# them; docs/forking.md says how to change them.)
allowed=(
	# rename-chain leaves LICENSE alone: its copyright line names the original authors, and
	# Apache-2.0 (section 4) has a derivative work retain it.
	'^\./LICENSE:'
)

tmp="$(mktemp -d -t rename-test.XXXXXX)"
cleanup() {
	if [ -n "${KEEP_RENAMED_COPY:-}" ]; then
		say "Kept the renamed copy: $tmp/$name"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

say "Renaming this checkout into $tmp/$name ($name, $token, $decimals decimals, SS58 prefix $ss58)"
"$REPO_ROOT/scripts/rename-chain" "$name" "$token" "$tmp/$name" --decimals "$decimals" --ss58 "$ss58" ||
	die "scripts/rename-chain failed (see above)."
copy="$tmp/$name"
cd "$copy"

say "No old name or token left outside the allow-list"
# Every spelling of the old name (bastion, Bastion, BASTION; my-chain, my_chain, MyChain,
# "My Chain" for a two-word name), and the old token as a word.
old_spellings="$old_name|${old_name//-/_}|${old_name//-/}|${old_name//-/ }"
leftovers="$(grep -rnIiE -e "$old_spellings" . || true)
$(grep -rnIE -e "(^|[^A-Za-z0-9_])$old_token([^A-Za-z0-9_]|$)" . || true)"
leftovers="$(grep -v '^$' <<<"$leftovers" || true)"
for pattern in ${allowed[@]+"${allowed[@]}"}; do
	leftovers="$(grep -vE -e "$pattern" <<<"$leftovers" || true)"
done
if [ -n "$leftovers" ]; then
	printf '%s\n' "$leftovers" >&2
	die "the lines above still name $old_name or $old_token after the rename: teach scripts/rename-chain the pattern, reword the line, or (if it must stay) add it to the allow-list in scripts/test-rename.sh with the reason."
fi

say "The identity file holds the new values"
for line in "pub const TOKEN_SYMBOL: &str = \"$token\";" "pub const TOKEN_DECIMALS: u8 = $decimals;" \
	"pub const SS58_PREFIX: u16 = $ss58;"; do
	grep -qxF "$line" runtime/src/chain_identity.rs ||
		die "runtime/src/chain_identity.rs in the copy lacks \`$line\`: rename-chain did not set it."
done
[ -z "$(find chain-specs -name '*.json' 2>/dev/null)" ] ||
	die "the copy still has chain-specs/*.json from the old runtime: rename-chain should remove them."

say "The renamed manifests resolve against the renamed Cargo.lock; the copy is formatted"
cargo metadata --locked --format-version 1 >/dev/null ||
	die "cargo metadata --locked failed in the copy: the renamed Cargo.toml files and Cargo.lock disagree (see above)."
cargo fmt --all --check >/dev/null ||
	die "the copy is not formatted (\`cargo fmt --all --check\` in $copy): rename-chain's formatting step did not run or failed."

say "SKIP_WASM_BUILD=1 cargo check --workspace --locked $* in the copy (target dir $CARGO_TARGET_DIR)"
SKIP_WASM_BUILD=1 WASM_BUILD_WORKSPACE_HINT="$copy" cargo check --workspace --locked "$@" ||
	die "the renamed copy does not compile (see above): a name was replaced where it should not be, or missed where it should."

say "Rename test passed: the copy as $name ($token) compiles and no longer names $old_name or $old_token"
