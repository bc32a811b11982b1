//! `pallet_rewards`: reward streams funded per AVS, paid through accumulators.

use super::restaking::{AssetKind, NativeAndAssets, TransferCost};
use crate::{AccountId, Avs, BlockNumber, Operators, Runtime, Vaults, DAYS, MINUTES};
use {
	frame_support::{parameter_types, traits::ConstU32, PalletId},
	frame_system::EnsureRoot,
};

parameter_types! {
	/// Derives the pot account holding every stream's funds.
	pub const RewardsPalletId: PalletId = PalletId(*b"bst/rwds");
	/// The shortest stream: 10 minutes.
	pub const MinStreamDuration: BlockNumber = 10 * MINUTES;
	/// The longest stream: a year.
	pub const MaxStreamDuration: BlockNumber = 365 * DAYS;
}

impl pallet_rewards::Config for Runtime {
	type AssetKind = AssetKind;
	type Assets = NativeAndAssets;
	type TransferCost = TransferCost;
	type Vaults = Vaults;
	type Operators = Operators;
	type Avs = Avs;
	type AdminOrigin = EnsureRoot<AccountId>;
	type PalletId = RewardsPalletId;
	type MaxRewardAssets = ConstU32<8>;
	type MaxStreamsPerAvs = ConstU32<8>;
	/// Half for sponsors, at least half for the AVS owner itself.
	type MaxSponsoredStreamsPerAvs = ConstU32<4>;
	// A stream pays the vaults its AVS accepts; a pool earns from each AVS its operator
	// is opted in to.
	type MaxVaultsPerStream = <Runtime as pallet_avs::Config>::MaxVaultsPerAvs;
	type MaxEarnersPerPool = <Runtime as pallet_operators::Config>::MaxAvsPerOperator;
	type MaxClaimPositions = ConstU32<16>;
	type MinStreamDuration = MinStreamDuration;
	type MaxStreamDuration = MaxStreamDuration;
	type MaxResyncsPerBlock = ConstU32<32>;
	type WeightInfo = pallet_rewards::weights::BastionWeight<Runtime>;
}
