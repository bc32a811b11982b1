//! `pallet_timestamp`: the block's wall-clock time, set by the author's inherent.

use crate::{Aura, Runtime, SLOT_DURATION};
use {frame_support::traits::ConstU64, pallet_timestamp};

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	// Aura derives its slot duration as twice this.
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}
