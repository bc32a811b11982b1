//! Benchmarks of pallet-operators.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{setup::*, Config};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use pallet_operators::{Allocations, Call, OperatorInfo, OptIns};
use sp_runtime::Perbill;

/// pallet-operators' benchmarks.
pub struct Pallet<T: Config>(pallet_operators::Pallet<T>);

fn metadata<T: Config>() -> BoundedVec<u8, <T as pallet_operators::Config>::MaxMetadataLen> {
	BoundedVec::truncate_from(vec![
		7u8;
		<T as pallet_operators::Config>::MaxMetadataLen::get() as usize
	])
}

/// An operator staked in `vaults` vaults and opted in to `avss` AVSs that accept all of
/// them, allocating each vault to each AVS (in force). Returns (operator, vaults, AVSs).
fn allocated<T: Config>(vaults: u32, avss: u32) -> (AccountOf<T>, Vec<u32>, Vec<u32>) {
	allocated_sharing::<T>(vaults, avss, avss)
}

/// As [`allocated`], each allocation sized to leave room for `slots` in all.
fn allocated_sharing<T: Config>(
	vaults: u32,
	avss: u32,
	slots: u32,
) -> (AccountOf<T>, Vec<u32>, Vec<u32>) {
	let curator = funded::<T>("curator", 0);
	let staker = funded::<T>("staker", 0);
	let operator = operator::<T>(0);
	let vault_ids: Vec<u32> = (0..vaults).map(|_| vault::<T>(&curator)).collect();
	for v in &vault_ids {
		stake::<T>(*v, &operator, &staker);
	}
	let owner = funded::<T>("avs owner", 0);
	let avs_ids: Vec<u32> = (0..avss).map(|_| avs::<T>(&owner, &vault_ids)).collect();
	for a in &avs_ids {
		for v in &vault_ids {
			allocate::<T>(&operator, *a, *v, fraction_each::<T>(slots));
		}
	}
	if avss > 0 && vaults > 0 {
		apply_allocations::<T>();
		// Every AVS pays in every asset it may (one stream each), and each pool settles
		// once it has paid: each earner then holds every asset, so the pools' records are
		// as large as they get for this many earners — what settling one of them reads.
		for a in &avs_ids {
			streams::<T>(&owner, *a, &vault_ids, max_reward_assets::<T>());
		}
		run_to::<T>(now::<T>() + 10u32.into());
		for v in &vault_ids {
			stake::<T>(*v, &operator, &staker);
		}
	}
	(operator, vault_ids, avs_ids)
}

/// An operator with `a` allocations or a few more: as many AVSs as it may opt in to (at
/// most `a`), each allocated the same vaults.
fn allocated_count<T: Config>(a: u32) -> (AccountOf<T>, Vec<u32>, Vec<u32>) {
	let avss = a.min(<T as pallet_operators::Config>::MaxAvsPerOperator::get()).max(1);
	allocated::<T>(a.div_ceil(avss), avss)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_operator() {
		let who = funded::<T>("operator", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Perbill::from_percent(10), metadata::<T>());
		assert!(OperatorInfo::<T>::contains_key(who));
	}

	#[benchmark]
	fn update_operator() {
		let who = operator::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), metadata::<T>());
		assert_eq!(OperatorInfo::<T>::get(who).expect("operator").metadata, metadata::<T>());
	}

	#[benchmark]
	fn set_commission() {
		let who = operator::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Perbill::from_percent(20));
		assert!(OperatorInfo::<T>::get(who).expect("operator").pending_commission.is_some());
	}

	/// `a`: AVSs the operator is opted in to, this one included.
	#[benchmark]
	fn opt_in(a: Linear<1, { <T as pallet_operators::Config>::MaxAvsPerOperator::get() }>) {
		let (operator, vaults, _) = allocated::<T>(1, a - 1);
		let owner = funded::<T>("avs owner", 1);
		let id = avs::<T>(&owner, &vaults);
		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), id);
		assert!(OptIns::<T>::contains_key(operator, id));
	}

	/// The AVS accepts the most vaults and the operator allocates every one to it: each
	/// allocation's rewards are settled and its end scheduled.
	#[benchmark]
	fn opt_out() {
		let vaults = <T as pallet_operators::Config>::MaxAllocationsPerOptIn::get();
		let (operator, _, avss) = allocated::<T>(vaults, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), avss[0]);
		assert!(OptIns::<T>::get(operator, avss[0]).expect("opt-in").leaving_at.is_some());
	}

	/// A stranger evicts an opt-in whose stake fell below the AVS's minimum from the AVS's
	/// full list: every vault it allocates to the AVS (the most an opt-in may) is read,
	/// then the opt-out's work.
	#[benchmark]
	fn evict_opt_in() {
		let vaults = <T as pallet_operators::Config>::MaxAllocationsPerOptIn::get();
		let (operator, _, avss) = allocated::<T>(vaults, 1);
		for i in 1..<T as pallet_operators::Config>::MaxOperatorsPerAvs::get() {
			let other = crate::setup::operator::<T>(i);
			pallet_operators::Pallet::<T>::opt_in(origin::<T>(&other), avss[0]).expect("opted in");
		}
		let owner = funded::<T>("avs owner", 0);
		pallet_avs::Pallet::<T>::update_avs(
			origin::<T>(&owner),
			avss[0],
			pallet_avs::AvsUpdate {
				metadata: None,
				rules: None,
				// Above the pools' stake (two deposits of `STAKE` each).
				min_operator_stake: Some(STAKE * 3),
				operator_policy: None,
				add_vaults: Default::default(),
				remove_vaults: Default::default(),
			},
		)
		.expect("minimum raised");
		let stranger = funded::<T>("stranger", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(stranger), operator.clone(), avss[0]);

		assert!(OptIns::<T>::get(operator, avss[0]).expect("opt-in").leaving_at.is_some());
	}

	/// `a`: AVSs the operator is opted in to (the others allocated the same vault): the
	/// cap check reads each one's allocation.
	#[benchmark]
	fn allocate(a: Linear<1, { <T as pallet_operators::Config>::MaxAvsPerOperator::get() }>) {
		let (operator, vaults, _) = allocated_sharing::<T>(1, a - 1, a);
		let owner = funded::<T>("avs owner", 1);
		let target = avs::<T>(&owner, &vaults);
		pallet_operators::Pallet::<T>::opt_in(origin::<T>(&operator), target).expect("opted in");
		let fraction = fraction_each::<T>(a);
		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), target, vaults[0], fraction);
		assert!(Allocations::<T>::get((operator, target, vaults[0]))
			.expect("allocation")
			.pending
			.is_some());
	}

	/// `a`: the operator's allocations (at least `a`), spread over as many AVSs as it may
	/// opt in to: the first phase opts out of every AVS, settling each allocation's rewards
	/// and scheduling its end.
	#[benchmark]
	fn deregister_operator(
		a: Linear<1, { <T as pallet_operators::Config>::MaxAllocationsPerOperator::get() }>,
	) {
		let (operator, _, _) = allocated_count::<T>(a);
		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()));
		assert!(matches!(
			OperatorInfo::<T>::get(operator).expect("operator").status,
			pallet_operators::OperatorStatus::Deregistering { .. }
		));
	}

	/// `a`: as for `deregister_operator`; the second phase removes every opt-in and
	/// allocation, and ends each allocation's earner — which the block hook did not (the
	/// dearest case).
	#[benchmark]
	fn finish_deregistration(
		a: Linear<1, { <T as pallet_operators::Config>::MaxAllocationsPerOperator::get() }>,
	) {
		// Earners the chain had before (a dev chain's genesis validators earn already).
		let others = pallet_rewards::Pallet::<T>::earner_keys().len();
		let (operator, _, _) = allocated_count::<T>(a);
		pallet_operators::Pallet::<T>::deregister_operator(origin::<T>(&operator))
			.expect("first phase");
		let until = match OperatorInfo::<T>::get(&operator).expect("operator").status {
			pallet_operators::OperatorStatus::Deregistering { until } => until,
			_ => panic!("deregistering"),
		};
		frame_system::Pallet::<T>::set_block_number(until);
		#[extrinsic_call]
		deregister_operator(RawOrigin::Signed(operator.clone()));
		assert!(!OperatorInfo::<T>::contains_key(&operator));
		assert_eq!(pallet_rewards::Pallet::<T>::earner_keys().len(), others);
	}

	/// `a`: allocations of the ended opt-in (one per vault the AVS accepts), all removed.
	#[benchmark]
	fn prune_opt_in(
		a: Linear<1, { <T as pallet_operators::Config>::MaxAllocationsPerOptIn::get() }>,
	) {
		let (operator, vaults, avss) = allocated::<T>(a, 1);
		pallet_operators::Pallet::<T>::opt_out(origin::<T>(&operator), avss[0]).expect("opted out");
		let end =
			OptIns::<T>::get(&operator, avss[0]).expect("opt-in").leaving_at.expect("leaving");
		// The end, without the block hook that would have settled its earners: the dearest
		// prune, which ends every earner (each with commission to keep) itself.
		frame_system::Pallet::<T>::set_block_number(end);
		let anyone = funded::<T>("anyone", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), operator.clone(), avss[0]);
		assert!(!OptIns::<T>::contains_key(&operator, avss[0]));
		assert_eq!(Allocations::<T>::iter_prefix((&operator, avss[0])).count(), 0);
		for vault in &vaults {
			assert!(pallet_rewards::Pallet::<T>::earner(*vault, &operator, avss[0]).is_none());
			assert!(pallet_rewards::EndedCommission::<T>::contains_key((
				*vault, &operator, avss[0]
			)));
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
