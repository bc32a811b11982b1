//! `bastion-node`: the full node of the Bastion restaking chain.
//!
//! - [`cli`]: the command line (`--dev`, `--chain`, subcommands).
//! - [`command`]: what each subcommand does.
//! - [`chain_spec`]: the `dev` and `local` chains, built from the runtime's genesis presets.
//! - [`service`]: assembles the client, database (ParityDB), networking, transaction pool,
//!   Aura block authoring and GRANDPA finality.
//! - [`rpc`]: the JSON-RPC methods the node serves beside the standard ones.

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod restaking_rpc;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
