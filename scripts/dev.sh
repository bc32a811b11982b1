#!/usr/bin/env bash
# Builds bastion-node and starts a single-validator dev chain (Alice), blocks every 6 s.
# The chain lives in a temporary directory and is gone when the node stops; pass
# `--base-path DIR` to keep it. Extra arguments go to the node.
source "$(dirname "$0")/lib.sh"

ensure_setup
build_node

say "Starting the dev chain. Point polkadot.js Apps at ws://127.0.0.1:9944"
say "  (https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944). Stop with Ctrl-C."
args=(--dev --rpc-port 9944 --rpc-cors all)
case " $* " in *" --base-path "*) ;; *) args+=(--tmp) ;; esac
exec "$BASTION_NODE" "${args[@]}" "$@"
