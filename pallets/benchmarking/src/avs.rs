//! Benchmarks of pallet-avs.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{setup::*, Config};
use alloc::{vec, vec::Vec};
use bastion_primitives::RestakingDelays;
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use pallet_avs::{AllowedOperators, AvsInfo, AvsRegistration, AvsUpdate, Call, OperatorPolicy};
use sp_runtime::traits::Saturating;

/// pallet-avs' benchmarks.
pub struct Pallet<T: Config>(pallet_avs::Pallet<T>);

fn metadata<T: Config>() -> BoundedVec<u8, <T as pallet_avs::Config>::MaxMetadataLen> {
	BoundedVec::truncate_from(vec![7u8; <T as pallet_avs::Config>::MaxMetadataLen::get() as usize])
}

fn vaults<T: Config>(n: u32) -> Vec<u32> {
	let curator = funded::<T>("curator", 0);
	(0..n).map(|_| vault::<T>(&curator)).collect()
}

/// An allow-list AVS owned by the returned account.
fn allow_list_avs<T: Config>(vaults: &[u32]) -> (AccountOf<T>, u32) {
	let owner = funded::<T>("avs owner", 0);
	let id = avs::<T>(&owner, vaults);
	pallet_avs::Pallet::<T>::update_avs(
		origin::<T>(&owner),
		id,
		AvsUpdate {
			metadata: None,
			rules: None,
			min_operator_stake: None,
			operator_policy: Some(OperatorPolicy::AllowList),
			add_vaults: Default::default(),
			remove_vaults: Default::default(),
		},
	)
	.expect("allow-list set");
	(owner, id)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `v`: vaults accepted (each one's W checked against the veto window).
	#[benchmark]
	fn register_avs(v: Linear<0, { <T as pallet_avs::Config>::MaxVaultsPerAvs::get() }>) {
		let vault_ids = vaults::<T>(v);
		let owner = funded::<T>("avs owner", 0);
		let id = pallet_avs::NextAvsId::<T>::get();
		let config = AvsRegistration {
			accepted_vaults: BoundedVec::truncate_from(vault_ids),
			rules: rules::<T>(&owner),
			min_operator_stake: 0,
			operator_policy: OperatorPolicy::Open,
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), metadata::<T>(), config);
		assert_eq!(AvsInfo::<T>::get(id).expect("AVS").vaults.len() as u32, v);
	}

	/// `v`: vaults added; the rules change too (checked against every vault).
	#[benchmark]
	fn update_avs(v: Linear<0, { <T as pallet_avs::Config>::MaxVaultsPerAvs::get() }>) {
		let vault_ids = vaults::<T>(v);
		let owner = funded::<T>("avs owner", 0);
		// Accepted before, with stake allocated and streams paying each vault, and dropped:
		// accepting them again settles each source up to the drop's end and puts it under
		// the new acceptance (the dearest change; a drop's work per vault is the same).
		let id = avs::<T>(&owner, &vault_ids);
		if v > 0 {
			earning_source::<T>(&owner, id, &vault_ids);
			let drop = AvsUpdate {
				metadata: None,
				rules: None,
				min_operator_stake: None,
				operator_policy: None,
				add_vaults: Default::default(),
				remove_vaults: BoundedVec::truncate_from(vault_ids.clone()),
			};
			pallet_avs::Pallet::<T>::update_avs(origin::<T>(&owner), id, drop).expect("dropped");
			wait_deallocation::<T>();
		}
		let mut new_rules = rules::<T>(&owner);
		new_rules.slash_cooldown = new_rules.slash_cooldown.saturating_add(1u32.into());
		let update = AvsUpdate {
			metadata: Some(metadata::<T>()),
			rules: Some(new_rules),
			min_operator_stake: Some(1),
			operator_policy: None,
			add_vaults: BoundedVec::truncate_from(vault_ids),
			remove_vaults: Default::default(),
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, update);
		let info = AvsInfo::<T>::get(id).expect("AVS");
		assert_eq!(info.vaults.len() as u32, v);
		assert!(info.pending_rules.is_some());
	}

	#[benchmark]
	fn approve_operator() {
		let (owner, id) = allow_list_avs::<T>(&[]);
		let operator = operator::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, operator.clone());
		assert!(AllowedOperators::<T>::contains_key(id, operator));
	}

	/// The operator allocates the most vaults to the AVS: removing it opts it out of all.
	#[benchmark]
	fn remove_operator() {
		let n = <T as pallet_operators::Config>::MaxAllocationsPerOptIn::get();
		let vault_ids = vaults::<T>(n);
		let (owner, id) = allow_list_avs::<T>(&vault_ids);
		let operator = operator::<T>(0);
		let staker = funded::<T>("staker", 0);
		pallet_avs::Pallet::<T>::approve_operator(origin::<T>(&owner), id, operator.clone())
			.expect("approved");
		for v in &vault_ids {
			stake::<T>(*v, &operator, &staker);
			allocate::<T>(&operator, id, *v, fraction_each::<T>(1));
		}
		apply_allocations::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, operator.clone());
		assert!(!AllowedOperators::<T>::contains_key(id, &operator));
		assert!(pallet_operators::OptIns::<T>::get(operator, id)
			.expect("opt-in")
			.leaving_at
			.is_some());
	}

	/// `o`: operators on the AVS's allow-list, cleared by the second phase.
	#[benchmark]
	fn deregister_avs(o: Linear<0, { <T as pallet_avs::Config>::MaxOperatorsPerAvs::get() }>) {
		let (owner, id) = allow_list_avs::<T>(&[]);
		for i in 0..o {
			let operator: AccountOf<T> = account("listed operator", i, 0);
			pallet_avs::Pallet::<T>::approve_operator(origin::<T>(&owner), id, operator)
				.expect("approved");
		}
		pallet_avs::Pallet::<T>::deregister_avs(origin::<T>(&owner), id).expect("first phase");
		let d = <T as pallet_avs::Config>::Delays::deallocation_delay();
		run_to::<T>(now::<T>().saturating_add(d));
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(!AvsInfo::<T>::contains_key(id));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
