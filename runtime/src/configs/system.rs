//! `frame_system`: accounts, block limits and the chain's identity.

use crate::{AccountId, Balance, Block, Hash, Nonce, Runtime, VERSION};
// `derive_impl` injects the runtime's aggregated types by name.
#[allow(unused_imports)]
use crate::{PalletInfo, RuntimeCall, RuntimeEvent, RuntimeOrigin, RuntimeTask};
use {
	frame_support::{
		derive_impl,
		dispatch::DispatchClass,
		parameter_types,
		traits::ConstU32,
		weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
	},
	frame_system::{self, limits},
	pallet_balances,
	sp_runtime::Perbill,
	sp_version::RuntimeVersion,
};

/// Three quarters of a block are for ordinary transactions; the rest is kept for
/// operational ones (sudo, runtime upgrades) so they get in under load.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// 2 s of compute per block; no proof-size limit (a solochain ships no proofs).
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of compute in a six-second block: the rest is for import and gossip.
	/// The block's and each extrinsic's base cost are this runtime's own, measured by
	/// `benchmark overhead` (`crate::weights`).
	pub RuntimeBlockWeights: limits::BlockWeights = limits::BlockWeights::builder()
		.base_block(crate::weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = crate::weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| {
			class.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational extrinsics get in even when ordinary ones filled their share.
			class.reserved = Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// 5 MiB blocks, three quarters of it for ordinary transactions.
	pub RuntimeBlockLength: limits::BlockLength = limits::BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	/// The address format, from `crate::chain_identity`.
	pub const SS58Prefix: u16 = crate::SS58_PREFIX;
}

/// The block weight limits, exported for the node's benchmarks.
pub type BlockWeights = RuntimeBlockWeights;
/// The block length limits.
pub type BlockLength = RuntimeBlockLength;

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	// The node's only database is ParityDB; its read and write costs on this machine,
	// measured by `benchmark storage` (crate::weights::paritydb_weights).
	type DbWeight = crate::weights::ParityDbWeight;
	// The SDK's shipped weights, not `()`: `()` prices the transaction extensions (nonce,
	// era, genesis checks) at RocksDB's costs.
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	// Every call but the session pallet's: keys change through `Validators::set_keys`.
	type BaseCallFilter = super::validators::KeysThroughValidators;
}
