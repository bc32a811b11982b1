//! The runtime's benchmark registry: every pallet listed here is measured by
//! `bastion-node benchmark pallet` and gets a `weights.rs`.

mod grandpa;

use crate::*;
use alloc::{string::String, vec::Vec};
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};
use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};
use grandpa::Pallet as GrandpaReportBench;

type BaselineBench = frame_benchmarking::baseline::Pallet<Runtime>;
use bastion_benchmarking::{
	avs::Pallet as AvsBench, operators::Pallet as OperatorsBench, rewards::Pallet as RewardsBench,
	scaling::Pallet as ScalingBench, slashing::Pallet as SlashingBench,
	validators::Pallet as ValidatorsBench, vaults::Pallet as VaultsBench,
};

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench]
	[frame_system, SystemBench::<Runtime>]
	// The weight every signed transaction's extensions add (nonce, weight, mortality…).
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_assets, Assets]
	// The restaking pallets, benchmarked together (their worst cases cross pallets).
	[pallet_vaults, VaultsBench::<Runtime>]
	[pallet_operators, OperatorsBench::<Runtime>]
	[pallet_avs, AvsBench::<Runtime>]
	[pallet_slashing, SlashingBench::<Runtime>]
	[pallet_rewards, RewardsBench::<Runtime>]
	[pallet_validators, ValidatorsBench::<Runtime>]
	// GRANDPA: the SDK's own benchmarks (note_stalled) and a full equivocation report
	// through this runtime's offence path (benchmarks/grandpa.rs); runtime/src/weights/
	// pallet_grandpa.rs combines them.
	[pallet_grandpa, Grandpa]
	[bastion_grandpa_report, GrandpaReportBench::<Runtime>]
	// Evidence only (no weights): claim and slash execution with 1 … 10,000 stakers.
	[bastion_scaling, ScalingBench::<Runtime>]
);

impl frame_system_benchmarking::Config for Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

impl bastion_benchmarking::Config for Runtime {
	fn asset_kind(id: u32) -> crate::configs::restaking::AssetKind {
		crate::configs::restaking::AssetKind::WithId(id)
	}

	fn mint_asset(asset: &crate::configs::restaking::AssetKind, who: &AccountId, amount: u128) {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		let crate::configs::restaking::AssetKind::WithId(id) = asset else { return };
		if !<Assets as Inspect<AccountId>>::asset_exists(*id) {
			<Assets as Create<AccountId>>::create(*id, who.clone(), true, 1)
				.expect("asset created");
		}
		<Assets as Mutate<AccountId>>::mint_into(*id, who, amount).expect("asset minted");
	}

	fn set_session_keys(who: &AccountId, _: u32) {
		use pallet_session::SessionInterface;
		// Fresh keys in the benchmark's keystore, distinct for every call.
		let (keys, _) = Self::session_keys_with_proof(who);
		let _ = <Session as SessionInterface>::set_keys(who, keys);
	}

	fn session_keys_with_proof(who: &AccountId) -> (opaque::SessionKeys, Vec<u8>) {
		use codec::Encode;
		let generated = opaque::SessionKeys::generate(&who.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

/// The benchmarks this runtime has, and the storage they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
