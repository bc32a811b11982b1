//! `bastion-node benchmark …`: built only with `--features runtime-benchmarks`, because
//! `frame-benchmarking-cli` pulls in cumulus and polkadot node crates.

use crate::{cli::Cli, service};
use bastion_runtime::opaque::Block;
use {
	frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE},
	sc_cli::{self, SubstrateCli},
	sc_service::PartialComponents,
	sp_runtime::traits::HashingFor,
};

/// Runs one benchmark subcommand.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		// Runtime benchmarks: measure a pallet's calls and write its `weights.rs`.
		BenchmarkCmd::Pallet(cmd) => {
			cmd.run_with_spec::<HashingFor<Block>, ()>(Some(config.chain_spec))
		}
		// Block and extrinsic base weights, measured with `system.remark` blocks.
		BenchmarkCmd::Overhead(cmd) => {
			cmd.run_with_default_builder_and_spec::<Block, ()>(Some(config.chain_spec))
		}
		// Read and write costs of this node's database (ParityDB).
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_trie_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_trie_cache)
		}
		// Re-execute existing blocks and report their weight.
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		}
		// Compare this machine with the reference hardware.
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
		BenchmarkCmd::Extrinsic(_) => {
			Err("`benchmark extrinsic` is not wired in bastion-node: measure single calls with \
			 `benchmark pallet`, and the base extrinsic weight with `benchmark overhead`."
				.into())
		}
	})
}
