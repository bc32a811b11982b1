//! Benchmarks of pallet-vaults.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{setup::*, Config};
use alloc::vec::Vec;
use bastion_primitives::VaultId;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pallet_vaults::{
	Call, Pools, Positions, StakerPositions, VaultAvs, VaultInfo, VaultParamsUpdate,
	WithdrawalAmount,
};
use sp_runtime::traits::Saturating;

/// pallet-vaults' benchmarks.
pub struct Pallet<T: Config>(pallet_vaults::Pallet<T>);

fn max_earners<T: Config>() -> u32 {
	<T as pallet_rewards::Config>::MaxEarnersPerPool::get()
}

/// A vault approving `a` AVSs.
fn vault_with_avss<T: Config>(a: u32) -> (u32, AccountOf<T>) {
	let curator = funded::<T>("curator", 0);
	let vault = vault::<T>(&curator);
	let owner = funded::<T>("avs owner", 0);
	for _ in 0..a {
		avs::<T>(&owner, &[vault]);
	}
	(vault, curator)
}

/// The most positions a staker may hold before opening one more.
fn max_before<T: Config>() -> u32 {
	<T as pallet_vaults::Config>::MaxPositionsPerAccount::get() - 1
}

/// Gives `staker` `p` positions, in `vault` with other operators.
fn fill_positions<T: Config>(vault: VaultId, staker: &AccountOf<T>, p: u32) {
	for i in 1..=p {
		stake::<T>(vault, &operator::<T>(1_000 + i), staker);
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn approve_asset() {
		let origin = <T as pallet_vaults::Config>::GovernanceOrigin::try_successful_origin()
			.expect("governance origin");
		let asset = T::asset_kind(UNUSED_ASSET);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone());
		assert!(pallet_vaults::ApprovedAssets::<T>::contains_key(asset));
	}

	#[benchmark]
	fn unapprove_asset() {
		let origin = <T as pallet_vaults::Config>::GovernanceOrigin::try_successful_origin()
			.expect("governance origin");
		let asset = T::asset_kind(UNUSED_ASSET);
		pallet_vaults::Pallet::<T>::approve_asset(origin.clone(), asset.clone()).expect("approved");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone());
		assert!(!pallet_vaults::ApprovedAssets::<T>::contains_key(asset));
	}

	#[benchmark]
	fn create_vault() {
		let curator = funded::<T>("curator", 0);
		let params = pallet_vaults::VaultParams {
			withdrawal_delay: withdrawal_delay::<T>(),
			deposit_cap: STAKE,
			min_deposit: <T as pallet_vaults::Config>::MinDepositFloor::get().max(STAKE / 1_000),
			max_restake: 100,
		};
		let id = pallet_vaults::NextVaultId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(curator.clone()), native::<T>(), params);
		assert_eq!(VaultInfo::<T>::get(id).map(|v| v.curator), Some(curator));
	}

	/// `a`: AVSs the vault approves (their veto windows are checked against the new W).
	#[benchmark]
	fn set_vault_params(a: Linear<0, { <T as pallet_vaults::Config>::MaxAvsPerVault::get() }>) {
		let (vault, curator) = vault_with_avss::<T>(a);
		let w = VaultInfo::<T>::get(vault).expect("vault").params.withdrawal_delay;
		let update = VaultParamsUpdate {
			withdrawal_delay: Some(w.saturating_add(1u32.into())),
			deposit_cap: Some(STAKE),
			min_deposit: None,
			max_restake: Some(100),
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(curator), vault, update);
		assert!(VaultInfo::<T>::get(vault).expect("vault").pending.is_some());
	}

	/// `a`: AVSs the pool is allocated to, each paying a full set of streams in as many
	/// assets as it may. The caller opens its first position: extending a longer index
	/// costs what `deposit_unrewarded(p)` measures above `p = 0`, which the call adds (the
	/// same work in every branch); a deposit into a position it holds extends none.
	/// A pool never allocated is `deposit_unrewarded`; one paid in a single asset is
	/// `deposit_one_asset`, and one that at most one AVS pays in a single asset (a pool whose
	/// earners have all ended included) is `deposit_one_earner`; any other pool whose earners
	/// have all ended is charged as `a = 1`.
	#[benchmark]
	fn deposit(a: Linear<1, { max_earners::<T>() }>) {
		let (vault, operator, _, _) = earning_pool::<T>(a);
		let staker = funded_caller::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), vault, operator.clone(), STAKE);
		assert!(Positions::<T>::contains_key((vault, operator, &staker)));
		assert_eq!(StakerPositions::<T>::get(&staker).len(), 1);
	}

	/// `deposit` into a pool whose streams all pay in one asset: the common case, whose
	/// settlement loops over one asset per earner.
	#[benchmark]
	fn deposit_one_asset(a: Linear<1, { max_earners::<T>() }>) {
		let (vault, operator, _, _) = earning_pool_in::<T>(a, 1);
		let staker = funded_caller::<T>();
		#[extrinsic_call]
		deposit(RawOrigin::Signed(staker.clone()), vault, operator.clone(), STAKE);
		assert!(Positions::<T>::contains_key((vault, operator, &staker)));
		assert_eq!(StakerPositions::<T>::get(&staker).len(), 1);
	}

	/// `deposit` into a pool one AVS pays in one asset, over `p` streams (stream parts of
	/// its source): the common pool, charged by its streams rather than at a full set.
	#[benchmark]
	fn deposit_one_earner(p: Linear<1, { max_streams::<T>() }>) {
		let (vault, operator, _, _) = earning_pool_of::<T>(1, 1, p);
		let staker = funded_caller::<T>();
		#[extrinsic_call]
		deposit(RawOrigin::Signed(staker.clone()), vault, operator.clone(), STAKE);
		assert!(Positions::<T>::contains_key((vault, operator, &staker)));
		assert_eq!(StakerPositions::<T>::get(&staker).len(), 1);
	}

	/// A deposit into a pool no AVS was ever allocated (no reward settlement), opening a
	/// position after `p` others: also what extending the index costs in every deposit.
	#[benchmark]
	fn deposit_unrewarded(p: Linear<0, { max_before::<T>() }>) {
		let (vault, operator, _, _) = earning_pool::<T>(0);
		assert!(!Pools::<T>::get(vault, &operator).expect("pool").observed);
		let staker = funded_caller::<T>();
		fill_positions::<T>(vault, &staker, p);
		#[extrinsic_call]
		deposit(RawOrigin::Signed(staker.clone()), vault, operator.clone(), STAKE);
		assert!(Positions::<T>::contains_key((vault, operator, &staker)));
		assert_eq!(StakerPositions::<T>::get(&staker).len() as u32, p + 1);
	}

	#[benchmark]
	fn request_withdrawal(a: Linear<0, { max_earners::<T>() }>) {
		let (vault, operator, staker, _) = earning_pool::<T>(a);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(staker.clone()),
			vault,
			operator.clone(),
			WithdrawalAmount::Shares(1_000),
		);
		let position = Positions::<T>::get((vault, operator, staker)).expect("position");
		assert_eq!(position.withdrawals.len(), 1);
	}

	/// `request_withdrawal` from a pool whose streams all pay in one asset.
	#[benchmark]
	fn request_withdrawal_one_asset(a: Linear<0, { max_earners::<T>() }>) {
		let (vault, operator, staker, _) = earning_pool_in::<T>(a, 1);
		#[extrinsic_call]
		request_withdrawal(
			RawOrigin::Signed(staker.clone()),
			vault,
			operator.clone(),
			WithdrawalAmount::Shares(1_000),
		);
		let position = Positions::<T>::get((vault, operator, staker)).expect("position");
		assert_eq!(position.withdrawals.len(), 1);
	}

	/// `w`: queued withdrawals of the position, all unlocked; `a` as for `deposit`.
	#[benchmark]
	fn complete_withdrawal(
		w: Linear<1, { <T as pallet_vaults::Config>::MaxPendingWithdrawals::get() }>,
		a: Linear<0, { max_earners::<T>() }>,
	) {
		let (vault, operator, staker, _) = earning_pool::<T>(a);
		for _ in 0..w {
			pallet_vaults::Pallet::<T>::request_withdrawal(
				origin::<T>(&staker),
				vault,
				operator.clone(),
				WithdrawalAmount::Shares(1_000),
			)
			.expect("queued");
		}
		let delay = VaultInfo::<T>::get(vault).expect("vault").params.withdrawal_delay;
		run_to::<T>(now::<T>().saturating_add(delay));
		let before = Pools::<T>::get(vault, &operator).expect("pool").total_shares;
		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), vault, operator.clone());
		let after = Pools::<T>::get(vault, &operator).expect("pool").total_shares;
		assert_eq!(before - after, 1_000 * u128::from(w));
	}

	#[benchmark]
	fn pause_vault() {
		let (vault, curator) = vault_with_avss::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(curator), vault);
		assert!(VaultInfo::<T>::get(vault).expect("vault").paused);
	}

	#[benchmark]
	fn resume_vault() {
		let (vault, curator) = vault_with_avss::<T>(0);
		pallet_vaults::Pallet::<T>::pause_vault(origin::<T>(&curator), vault).expect("paused");
		#[extrinsic_call]
		_(RawOrigin::Signed(curator), vault);
		assert!(!VaultInfo::<T>::get(vault).expect("vault").paused);
	}

	/// `a`: AVSs the vault approves after this one.
	#[benchmark]
	fn approve_avs(a: Linear<1, { <T as pallet_vaults::Config>::MaxAvsPerVault::get() }>) {
		let (vault, curator) = vault_with_avss::<T>(a - 1);
		let owner = funded::<T>("avs owner", 1);
		// Approved before, with stake allocated to it and streams paying the vault, and
		// revoked: approving it again settles the streams' source up to the revocation's
		// end and puts it under the new approval (the dearest approval).
		let id = avs::<T>(&owner, &[vault]);
		earning_source::<T>(&owner, id, &[vault]);
		pallet_vaults::Pallet::<T>::revoke_avs(origin::<T>(&curator), vault, id).expect("revoked");
		wait_deallocation::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(curator), vault, id);
		assert_eq!(VaultAvs::<T>::get(vault).len() as u32, a);
	}

	/// `a`: AVSs the vault approves.
	#[benchmark]
	fn revoke_avs(a: Linear<1, { <T as pallet_vaults::Config>::MaxAvsPerVault::get() }>) {
		let (vault, curator) = vault_with_avss::<T>(a);
		let last =
			VaultAvs::<T>::get(vault).iter().map(|(id, _)| *id).collect::<Vec<_>>()[a as usize - 1];
		// Stake allocated to it and streams paying the vault: the revocation settles their
		// source under the old approval.
		let owner = funded::<T>("avs owner", 0);
		earning_source::<T>(&owner, last, &[vault]);
		#[extrinsic_call]
		_(RawOrigin::Signed(curator), vault, last);
		let approval =
			VaultAvs::<T>::get(vault).iter().find(|(id, _)| *id == last).map(|(_, a)| *a);
		assert!(matches!(approval, Some(bastion_primitives::Approval::Leaving { .. })));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
