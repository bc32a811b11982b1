//! Evidence, not weights: a claim and a slash execution on a pool of `s` stakers, for `s`
//! from 1 to 10,000. Nothing in either call depends on the number of stakers, and these
//! measurements show it (`docs/benchmarks.md` lists both ends). Listed in the runtime as
//! `bastion_scaling`; `scripts/benchmark.sh` runs it but writes no weights from it.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{setup::*, Config};
use alloc::vec;
use bastion_primitives::Fraction;
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::traits::Saturating;

/// Scaling evidence for pallet-rewards' `claim` and pallet-slashing's `execute_slash`.
pub struct Pallet<T: Config>(pallet_rewards::Pallet<T>);

/// The state always holds 10,000 stakers: `s` of them in the measured pool (one vault, an
/// operator allocating it to one paying AVS), the rest in a neighbour's pool of the same
/// vault — so the two ends differ only in who is in the pool, not in how big the state is.
fn crowded_pool<T: Config>(s: u32) -> (u32, AccountOf<T>, AccountOf<T>, u32) {
	let curator = funded::<T>("curator", 0);
	let vault = vault::<T>(&curator);
	let measured = operator::<T>(0);
	let neighbour = operator::<T>(1);
	let owner = funded::<T>("avs owner", 0);
	let id = avs::<T>(&owner, &[vault]);
	for i in 0..TOTAL_STAKERS {
		let pool = if i < s { &measured } else { &neighbour };
		stake::<T>(vault, pool, &funded::<T>("staker", i));
	}
	allocate::<T>(&measured, id, vault, Fraction::from_percent(100));
	apply_allocations::<T>();
	streams::<T>(&owner, id, &[vault], <T as pallet_rewards::Config>::MaxStreamsPerAvs::get());
	run_to::<T>(now::<T>().saturating_add(10u32.into()));
	(vault, measured, owner, id)
}

/// Stakers in the state at both ends of the scaling benchmarks.
const TOTAL_STAKERS: u32 = 10_000;

#[benchmarks]
mod benchmarks {
	use super::*;
	use pallet_rewards::Call;

	/// `s`: stakers in the pool.
	#[benchmark]
	fn claim_in_pool_of(s: Linear<1, TOTAL_STAKERS>) {
		let (vault, operator, _, _) = crowded_pool::<T>(s);
		let staker: AccountOf<T> = account("staker", 0, 0);
		#[extrinsic_call]
		claim(RawOrigin::Signed(staker), BoundedVec::truncate_from(vec![(vault, operator)]));
	}

	/// `s`: stakers in the pool.
	#[benchmark]
	fn execute_slash_in_pool_of(s: Linear<1, TOTAL_STAKERS>) {
		let (_, operator, slasher, avs) = crowded_pool::<T>(s);
		let id = pallet_slashing::NextSlashId::<T>::get();
		pallet_slashing::Pallet::<T>::request_slash(
			origin::<T>(&slasher),
			avs,
			operator,
			<T as pallet_avs::Config>::MaxSlashPerRequest::get(),
			now::<T>(),
			H256::repeat_byte(1),
		)
		.expect("requested");
		run_to::<T>(now::<T>().saturating_add(rules::<T>(&slasher).veto_window));
		#[block]
		{
			pallet_slashing::Pallet::<T>::execute_slash(origin::<T>(&slasher), id)
				.expect("executed");
		}
		assert!(pallet_slashing::Requests::<T>::get(id).is_none());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
