//! Benchmarks of pallet-rewards.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{setup::*, Config};
use alloc::{vec, vec::Vec};
use bastion_primitives::{AllocationSchedule, AvsId, Fraction, RestakingDelays};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_rewards::{Call, OpenStreams, Pallet as Rewards, RewardAssets, Streams};
use sp_runtime::traits::Saturating;

/// pallet-rewards' benchmarks.
pub struct Pallet<T: Config>(pallet_rewards::Pallet<T>);

fn admin<T: Config>() -> <T as frame_system::Config>::RuntimeOrigin {
	<T as pallet_rewards::Config>::AdminOrigin::try_successful_origin().expect("admin origin")
}

fn max_assets<T: Config>() -> u32 {
	<T as pallet_rewards::Config>::MaxRewardAssets::get()
}

fn max_claims<T: Config>() -> u32 {
	<T as pallet_rewards::Config>::MaxClaimPositions::get()
		.min(<T as pallet_avs::Config>::MaxVaultsPerAvs::get())
		.min(<T as pallet_vaults::Config>::MaxPositionsPerAccount::get())
}

/// `earners` AVSs, each accepting `vaults` vaults and paying `stream_count` streams over
/// them, in as many assets as an AVS may accept; in vault i operator i's pool (staked by
/// `staker`) is allocated to every AVS. Returns (vaults, operators, AVSs, owner, staker).
fn paying<T: Config>(
	vaults: u32,
	earners: u32,
	stream_count: u32,
) -> (Vec<u32>, Vec<AccountOf<T>>, Vec<AvsId>, AccountOf<T>, AccountOf<T>) {
	paying_in::<T>(vaults, earners, stream_count, max_reward_assets::<T>())
}

/// [`paying`] with every stream paying in one of `assets` reward assets.
fn paying_in<T: Config>(
	vaults: u32,
	earners: u32,
	stream_count: u32,
	assets: u32,
) -> (Vec<u32>, Vec<AccountOf<T>>, Vec<AvsId>, AccountOf<T>, AccountOf<T>) {
	let curator = funded::<T>("curator", 0);
	let staker = funded::<T>("staker", 0);
	let owner = funded::<T>("avs owner", 0);
	let vault_ids: Vec<u32> = (0..vaults).map(|_| vault::<T>(&curator)).collect();
	let ops: Vec<AccountOf<T>> = (0..vaults).map(operator::<T>).collect();
	let avss: Vec<AvsId> = (0..earners).map(|_| avs::<T>(&owner, &vault_ids)).collect();
	for a in &avss {
		accept_reward_assets::<T>(&owner, *a, assets);
	}
	for (v, op) in vault_ids.iter().zip(&ops) {
		stake::<T>(*v, op, &staker);
		for a in &avss {
			allocate::<T>(op, *a, *v, fraction_each::<T>(earners));
		}
	}
	apply_allocations::<T>();
	if !vault_ids.is_empty() {
		for a in &avss {
			streams::<T>(&owner, *a, &vault_ids, stream_count);
		}
	}
	run_to::<T>(now::<T>().saturating_add(10u32.into()));
	(vault_ids, ops, avss, owner, staker)
}

/// The most earners a pool may have.
fn max_earners<T: Config>() -> u32 {
	<T as pallet_rewards::Config>::MaxEarnersPerPool::get()
}

/// `who`'s balance of `asset`.
fn balance<T: Config>(asset: &AssetOf<T>, who: &AccountOf<T>) -> u128 {
	<<T as pallet_vaults::Config>::Assets as frame_support::traits::fungibles::Inspect<_>>::balance(
		asset.clone(),
		who,
	)
}

/// Registers assets until the registry holds `n`.
fn fill_registry<T: Config>(n: u32) {
	let mut id = UNUSED_ASSET;
	while (RewardAssets::<T>::get().len() as u32) < n {
		pallet_rewards::Pallet::<T>::register_reward_asset(admin::<T>(), T::asset_kind(id), 1_000)
			.expect("registered");
		id += 1;
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The registry one short of full: the new asset is compared with every entry.
	#[benchmark]
	fn register_reward_asset() {
		fill_registry::<T>(max_assets::<T>() - 1);
		let asset = T::asset_kind(UNUSED_ASSET + max_assets::<T>());
		#[extrinsic_call]
		_(admin::<T>() as T::RuntimeOrigin, asset.clone(), 1_000);
		assert!(RewardAssets::<T>::get().iter().any(|a| a.asset == asset));
	}

	/// `a`: assets named (each checked against the registry).
	#[benchmark]
	fn set_reward_assets(a: Linear<0, { max_assets::<T>() }>) {
		fill_registry::<T>(max_assets::<T>());
		let assets: Vec<_> =
			RewardAssets::<T>::get().iter().take(a as usize).map(|r| r.asset.clone()).collect();
		let owner = funded::<T>("avs owner", 0);
		let id = pallet_avs::NextAvsId::<T>::get();
		pallet_avs::Pallet::<T>::register_avs(
			origin::<T>(&owner),
			Default::default(),
			pallet_avs::AvsRegistration {
				accepted_vaults: Default::default(),
				rules: rules::<T>(&owner),
				min_operator_stake: 0,
				operator_policy: pallet_avs::OperatorPolicy::Open,
			},
		)
		.expect("AVS registered");
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, BoundedVec::truncate_from(assets));
		assert_eq!(pallet_rewards::AvsRewardAssets::<T>::get(id).len() as u32, a);
	}

	/// `v`: vaults the stream pays, each already paying the AVS's other streams.
	#[benchmark]
	fn fund_rewards(v: Linear<1, { <T as pallet_rewards::Config>::MaxVaultsPerStream::get() }>) {
		let (vaults, _, avss, owner, _) = paying::<T>(v, 1, max_streams::<T>() - 1);
		let duration = <T as pallet_rewards::Config>::MinStreamDuration::get();
		let shares = BoundedVec::truncate_from(equal_shares(&vaults));
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), avss[0], native::<T>(), STAKE, duration, shares);
		assert_eq!(OpenStreams::<T>::get(avss[0]), max_streams::<T>());
	}

	/// `n`: positions claimed, each in a pool allocated to the most AVSs, each paying a
	/// full set of streams in as many assets as it may: every asset is paid out.
	#[benchmark]
	fn claim(n: Linear<1, { max_claims::<T>() }>) {
		let earners = <T as pallet_rewards::Config>::MaxEarnersPerPool::get();
		let (vaults, ops, avss, _, staker) = paying::<T>(n, earners, max_streams::<T>());
		let positions: Vec<_> = vaults.iter().copied().zip(ops.iter().cloned()).collect();
		let assets = pallet_rewards::AvsRewardAssets::<T>::get(avss[0]);
		let before: Vec<u128> = assets.iter().map(|a| balance::<T>(a, &staker)).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(staker.clone()), BoundedVec::truncate_from(positions));
		for (asset, before) in assets.iter().zip(before) {
			assert!(balance::<T>(asset, &staker) > before, "an asset was not paid");
		}
	}

	/// `a`: AVSs paying the one position claimed, all in one asset; the position has no
	/// record yet (it has not changed since before its pool was first paid), so the vaults
	/// pallet is asked for its shares.
	#[benchmark]
	fn claim_one_asset(a: Linear<1, { <T as pallet_rewards::Config>::MaxEarnersPerPool::get() }>) {
		let (vaults, ops, _, _, staker) = paying_in::<T>(1, a, max_streams::<T>(), 1);
		let key = (vaults[0], ops[0].clone(), staker.clone());
		assert!(!pallet_rewards::PositionRewards::<T>::contains_key(&key), "a record");
		let before = balance::<T>(&native::<T>(), &staker);
		#[extrinsic_call]
		claim(
			RawOrigin::Signed(staker.clone()),
			BoundedVec::truncate_from(vec![(vaults[0], ops[0].clone())]),
		);
		assert!(balance::<T>(&native::<T>(), &staker) > before, "the claim paid nothing");
	}

	/// `a`: AVSs paying the one position claimed, all in one asset; its record holds its
	/// shares (a claim or a change since its pool was first paid made one): the common
	/// claim.
	#[benchmark]
	fn claim_one_asset_recorded(
		a: Linear<1, { <T as pallet_rewards::Config>::MaxEarnersPerPool::get() }>,
	) {
		let (vaults, ops, _, _, staker) = paying_in::<T>(1, a, max_streams::<T>(), 1);
		let positions = BoundedVec::truncate_from(vec![(vaults[0], ops[0].clone())]);
		Rewards::<T>::claim(RawOrigin::Signed(staker.clone()).into(), positions.clone())
			.expect("the first claim");
		let key = (vaults[0], ops[0].clone(), staker.clone());
		assert!(pallet_rewards::PositionRewards::<T>::contains_key(&key), "no record");
		run_to::<T>(now::<T>().saturating_add(10u32.into()));
		let before = balance::<T>(&native::<T>(), &staker);
		#[extrinsic_call]
		claim(RawOrigin::Signed(staker.clone()), positions);
		assert!(balance::<T>(&native::<T>(), &staker) > before, "the claim paid nothing");
	}

	/// What settling a pool adds per earner whose allocation change is due: reading the
	/// allocation again from the operators pallet — an opt-in on its way out and an
	/// allocation with a pending change, the largest values it reads — and, the allocation
	/// having ended, keeping the earner's unclaimed commission in every asset an AVS may pay
	/// in, beside as much kept from an earlier earner of the same slice.
	#[benchmark]
	fn refresh_allocation() {
		let (vaults, ops, avss, _, _) = paying_in::<T>(1, 1, 1, 1);
		pallet_operators::Pallet::<T>::allocate(
			origin::<T>(&ops[0]),
			avss[0],
			vaults[0],
			Fraction::from_percent(10),
		)
		.expect("decreased");
		pallet_operators::Pallet::<T>::opt_out(origin::<T>(&ops[0]), avss[0]).expect("leaving");
		let assets: Vec<_> =
			(0..max_assets::<T>()).map(|i| T::asset_kind(UNUSED_ASSET + i)).collect();
		let ended = pallet_rewards::Earner {
			stake: 0,
			commission: Default::default(),
			fraction: Fraction::from_percent(0),
			refresh_at: None,
			assets: BoundedVec::truncate_from(
				assets
					.iter()
					.map(|asset| pallet_rewards::EarnerAsset {
						asset: asset.clone(),
						seen: Default::default(),
						commission: 1_000,
					})
					.collect(),
			),
		};
		let key = (vaults[0], ops[0].clone(), avss[0]);
		// Every asset already kept: each is looked up in a full list and added to.
		let kept = assets.iter().rev().map(|asset| (asset.clone(), 1_000u128)).collect();
		pallet_rewards::EndedCommission::<T>::insert(&key, BoundedVec::truncate_from(kept));
		let schedule;
		#[block]
		{
			schedule = <<T as pallet_rewards::Config>::Operators as AllocationSchedule<
				AccountOf<T>,
				BlockNumberFor<T>,
			>>::allocation_schedule(&ops[0], avss[0], vaults[0]);
			Rewards::<T>::benchmark_keep_ended_commission(vaults[0], &ops[0], avss[0], &ended);
		}
		assert!(schedule.1.is_some(), "no change pending");
		let kept = pallet_rewards::EndedCommission::<T>::get(&key).expect("kept");
		assert!(kept.iter().all(|(_, amount)| *amount == 2_000), "not added to what was kept");
	}

	/// In a pool with every earner it may have (settling the one reads them all).
	#[benchmark]
	fn claim_commission() {
		let (vaults, ops, avss, _, _) = paying::<T>(1, max_earners::<T>(), max_streams::<T>());
		// Commission of an earlier slice of the same (vault, AVS) that ended, kept apart in
		// every asset the AVS pays in: the claim pays each of them too (the dearest claim).
		let key = (vaults[0], ops[0].clone(), avss[0]);
		let ended: Vec<_> = pallet_rewards::AvsRewardAssets::<T>::get(avss[0])
			.into_iter()
			.map(|asset| (asset, 1_000u128))
			.collect();
		assert_eq!(ended.len() as u32, max_assets::<T>());
		pallet_rewards::EndedCommission::<T>::insert(&key, BoundedVec::truncate_from(ended));
		#[extrinsic_call]
		_(RawOrigin::Signed(ops[0].clone()), vaults[0], avss[0]);
		let earner = Rewards::<T>::earner(vaults[0], &ops[0], avss[0]).expect("earner");
		assert!(earner.assets.iter().all(|e| e.commission == 0));
		assert!(!pallet_rewards::EndedCommission::<T>::contains_key(&key));
	}

	/// Anyone settles an earner of a paying pool with a full set of streams, whose
	/// allocation ended without the block hook settling it (every slot full): the resync
	/// ends the earner and keeps its commission apart (the dearest resync), in a pool with
	/// every earner it may have.
	#[benchmark]
	fn resync_earner() {
		let (vaults, ops, avss, _, _) = paying::<T>(1, max_earners::<T>(), max_streams::<T>());
		pallet_operators::Pallet::<T>::allocate(
			origin::<T>(&ops[0]),
			avss[0],
			vaults[0],
			Default::default(),
		)
		.expect("decreased");
		let end = now::<T>()
			.saturating_add(<T as pallet_operators::Config>::Delays::deallocation_delay());
		frame_system::Pallet::<T>::set_block_number(end);
		let anyone = funded::<T>("anyone", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), vaults[0], ops[0].clone(), avss[0]);
		let key = (vaults[0], ops[0].clone(), avss[0]);
		assert!(Rewards::<T>::earner(vaults[0], &ops[0], avss[0]).is_none());
		assert!(pallet_rewards::EndedCommission::<T>::contains_key(&key));
	}

	/// `v`: vaults the stream paid. Its stakers leave halfway, so it both paid out and has
	/// a remainder to return to its funder (the dearer close).
	#[benchmark]
	fn close_stream(v: Linear<1, { <T as pallet_rewards::Config>::MaxVaultsPerStream::get() }>) {
		let (vaults, ops, avss, _, staker) = paying::<T>(v, 1, max_streams::<T>());
		let stream = Streams::<T>::iter()
			.find(|(_, s)| s.avs == avss[0])
			.map(|(id, _)| id)
			.expect("a stream");
		let info = Streams::<T>::get(stream).expect("stream");
		run_to::<T>(info.start + (info.end - info.start) / 2u32.into());
		for (vault, op) in vaults.iter().zip(&ops) {
			pallet_vaults::Pallet::<T>::request_withdrawal(
				origin::<T>(&staker),
				*vault,
				op.clone(),
				pallet_vaults::WithdrawalAmount::All,
			)
			.expect("withdrawal requested");
		}
		run_to::<T>(info.end);
		let anyone = funded::<T>("anyone", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), stream);
		assert!(!Streams::<T>::contains_key(stream));
		assert_eq!(OpenStreams::<T>::get(avss[0]), max_streams::<T>() - 1);
	}

	/// `v`: vaults the stream pays. The AVS's owner ends a sponsor's stream halfway: what
	/// was released stays with the earners, the rest goes back to the sponsor.
	#[benchmark]
	fn cancel_stream(v: Linear<1, { <T as pallet_rewards::Config>::MaxVaultsPerStream::get() }>) {
		let (vaults, _, avss, owner, _) = paying::<T>(v, 1, max_streams::<T>() - 1);
		let sponsor = funded::<T>("sponsor", 0);
		streams::<T>(&sponsor, avss[0], &vaults, 1);
		let stream = pallet_rewards::NextStreamId::<T>::get() - 1;
		let info = Streams::<T>::get(stream).expect("stream");
		run_to::<T>(info.start + (info.end - info.start) / 2u32.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), stream);
		assert!(!Streams::<T>::contains_key(stream));
		assert_eq!(OpenStreams::<T>::get(avss[0]), max_streams::<T>() - 1);
	}

	/// `n`: scheduled stake changes settled by the block hook (allocations taking effect).
	#[benchmark]
	fn on_initialize(n: Linear<0, { <T as pallet_rewards::Config>::MaxResyncsPerBlock::get() }>) {
		let curator = funded::<T>("curator", 0);
		let staker = funded::<T>("staker", 0);
		let owner = funded::<T>("avs owner", 0);
		let vault = vault::<T>(&curator);
		let id = avs::<T>(&owner, &[vault]);
		streams::<T>(&owner, id, &[vault], max_streams::<T>());
		for i in 0..n {
			let op = operator::<T>(i);
			stake::<T>(vault, &op, &staker);
			allocate::<T>(&op, id, vault, fraction_each::<T>(1));
		}
		let due =
			now::<T>().saturating_add(<T as pallet_operators::Config>::Delays::allocation_delay());
		run_to::<T>(due.saturating_sub(1u32.into()));
		frame_system::Pallet::<T>::set_block_number(due);
		#[block]
		{
			pallet_rewards::Pallet::<T>::on_initialize(due);
		}
		// The chain's own earners (the dev genesis has some) are not the benchmark's.
		let earning = Rewards::<T>::earner_keys().into_iter().filter(|(v, operator, avs)| {
			*v == vault
				&& Rewards::<T>::earner(*v, operator, *avs).is_some_and(|earner| earner.stake > 0)
		});
		assert_eq!(earning.count() as u32, n);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
