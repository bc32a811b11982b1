//! Benchmarks of pallet-slashing.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{setup::*, Config};
use alloc::vec::Vec;
use bastion_primitives::{AvsId, Fraction};
use frame_benchmarking::v2::*;
use frame_support::traits::{Get, Hooks};
use frame_system::RawOrigin;
use pallet_slashing::{Call, Requests};
use sp_core::H256;
use sp_runtime::traits::Saturating;

/// pallet-slashing's benchmarks.
pub struct Pallet<T: Config>(pallet_slashing::Pallet<T>);

fn max_pools<T: Config>() -> u32 {
	<T as pallet_slashing::Config>::MaxVaultsPerAvs::get()
		.min(<T as pallet_operators::Config>::MaxAllocationsPerOperator::get())
}

/// The slashing AVS accepts `p` vaults; each of `operators` operators has a staked pool
/// in every one, allocated to the slashing AVS and to as many other AVSs (each paying
/// reward streams) as its allocation bound leaves room for — so every escrow rescales
/// and re-weighs several slices. Returns (slasher, AVS, operators).
fn scenario<T: Config>(p: u32, operators: u32) -> (AccountOf<T>, AvsId, Vec<AccountOf<T>>) {
	let curator = funded::<T>("curator", 0);
	let vaults: Vec<u32> = (0..p).map(|_| vault::<T>(&curator)).collect();
	let max_alloc = <T as pallet_operators::Config>::MaxAllocationsPerOperator::get();
	let max_avs = <T as pallet_operators::Config>::MaxAvsPerOperator::get();
	let per_vault = (max_alloc / p.max(1)).min(max_avs).max(1);
	let slasher = funded::<T>("slasher", 0);
	let target = avs::<T>(&slasher, &vaults);
	let others: Vec<AvsId> = (1..per_vault).map(|_| avs::<T>(&slasher, &vaults)).collect();
	let ops: Vec<AccountOf<T>> = (0..operators).map(operator::<T>).collect();
	for (i, op) in ops.iter().enumerate() {
		// One staker per operator: an account holds at most `MaxPositionsPerAccount`.
		let staker = funded::<T>("staker", i as u32);
		for v in &vaults {
			stake::<T>(*v, op, &staker);
			allocate::<T>(op, target, *v, fraction_each::<T>(per_vault));
			for other in &others {
				allocate::<T>(op, *other, *v, fraction_each::<T>(per_vault));
			}
		}
	}
	apply_allocations::<T>();
	let count = <T as pallet_rewards::Config>::MaxStreamsPerAvs::get();
	for a in core::iter::once(&target).chain(others.iter()) {
		if !vaults.is_empty() {
			streams::<T>(&slasher, *a, &vaults, count);
		}
	}
	run_to::<T>(now::<T>().saturating_add(5u32.into()));
	(slasher, target, ops)
}

fn request<T: Config>(slasher: &AccountOf<T>, avs: AvsId, operator: &AccountOf<T>) -> u64 {
	let id = pallet_slashing::NextSlashId::<T>::get();
	pallet_slashing::Pallet::<T>::request_slash(
		origin::<T>(slasher),
		avs,
		operator.clone(),
		cap::<T>(),
		now::<T>(),
		H256::repeat_byte(1),
	)
	.expect("slash requested");
	id
}

fn cap<T: Config>() -> Fraction {
	<T as pallet_avs::Config>::MaxSlashPerRequest::get()
}

fn veto_window<T: Config>() -> frame_system::pallet_prelude::BlockNumberFor<T> {
	rules::<T>(&funded::<T>("any", 0)).veto_window
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `p`: pools hit (vaults the AVS accepts).
	#[benchmark]
	fn request_slash(p: Linear<1, { max_pools::<T>() }>) {
		let (slasher, avs, ops) = scenario::<T>(p, 1);
		let id = pallet_slashing::NextSlashId::<T>::get();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(slasher),
			avs,
			ops[0].clone(),
			cap::<T>(),
			now::<T>(),
			H256::repeat_byte(1),
		);
		assert_eq!(Requests::<T>::get(id).expect("request").pools.len() as u32, p);
	}

	#[benchmark]
	fn veto_slash(p: Linear<1, { max_pools::<T>() }>) {
		let (slasher, avs, ops) = scenario::<T>(p, 1);
		let id = request::<T>(&slasher, avs, &ops[0]);
		let resolver = rules::<T>(&slasher).resolver.expect("resolver");
		#[extrinsic_call]
		_(RawOrigin::Signed(resolver), id);
		assert!(Requests::<T>::get(id).is_none());
	}

	#[benchmark]
	fn execute_slash(p: Linear<1, { max_pools::<T>() }>) {
		let (slasher, avs, ops) = scenario::<T>(p, 1);
		let id = request::<T>(&slasher, avs, &ops[0]);
		run_to::<T>(now::<T>().saturating_add(veto_window::<T>()));
		let anyone = funded::<T>("anyone", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), id);
		assert!(Requests::<T>::get(id).is_none());
	}

	/// `n`: due requests executed by the block hook, each hitting `p` pools.
	#[benchmark]
	fn on_initialize(
		n: Linear<0, { <T as pallet_slashing::Config>::MaxExecutionsPerBlock::get() }>,
		p: Linear<1, { max_pools::<T>() }>,
	) {
		let (slasher, avs, ops) = scenario::<T>(p, n);
		for op in &ops {
			request::<T>(&slasher, avs, op);
		}
		let due = now::<T>().saturating_add(veto_window::<T>());
		run_to::<T>(due.saturating_sub(1u32.into()));
		frame_system::Pallet::<T>::set_block_number(due);
		#[block]
		{
			pallet_slashing::Pallet::<T>::on_initialize(due);
		}
		assert_eq!(Requests::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
