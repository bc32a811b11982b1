//! Benchmarks of pallet-validators: its key calls, the election at a session rotation and
//! the handling of a proven offence.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{setup::*, Config};
use alloc::vec::Vec;
use bastion_primitives::{views::AssetView, AvsId, AvsInspect, Fraction, VaultId, VaultsInspect};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungibles, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use pallet_session::historical::SessionManager;
use pallet_validators::{Call, CurrentSession, CurrentSet, NextSet, ProvenOffences};
use sp_runtime::Perbill;
use sp_staking::offence::{OffenceDetails, OnOffenceHandler};

/// pallet-validators' benchmarks.
pub struct Pallet<T: Config>(pallet_validators::Pallet<T>);

type Validators<T> = pallet_validators::Pallet<T>;

/// The consensus AVS and a native vault it accepts: the chain's own (AVS 0 and vault 0 of
/// the dev chain the benchmarks run on) or, on a bare chain, one registered here as the
/// presets do, owned by and slashing through the validators pallet's account.
fn consensus<T: Config>() -> (AvsId, VaultId) {
	let avs = <T as pallet_validators::Config>::ConsensusAvs::get();
	let own_vault =
		<pallet_avs::Pallet<T> as AvsInspect<_, _>>::accepted_vaults(avs).into_iter().find(|v| {
			<pallet_vaults::Pallet<T> as VaultsInspect<_, _>>::vault_asset(*v) == AssetView::Native
		});
	if let Some(vault) = own_vault {
		return (avs, vault);
	}
	assert_eq!(pallet_avs::NextAvsId::<T>::get(), avs, "the consensus AVS is the first AVS");
	let owner = Validators::<T>::account_id();
	<<T as pallet_vaults::Config>::Assets as fungibles::Mutate<_>>::mint_into(
		native::<T>(),
		&owner,
		FUNDS,
	)
	.expect("minting works");
	let curator = funded::<T>("curator", 0);
	let vault = vault::<T>(&curator);
	assert_eq!(crate::setup::avs::<T>(&owner, &[vault]), avs);
	(avs, vault)
}

/// `c` operators, each staking in its own pool of the consensus vault, all of it allocated
/// to the consensus AVS and in force, with session keys set (in the benchmark's keystore).
pub fn candidates<T: Config>(c: u32) -> Vec<AccountOf<T>> {
	let (avs, vault) = consensus::<T>();
	let ops: Vec<AccountOf<T>> = (0..c)
		.map(|i| {
			let op = operator::<T>(i);
			// Its own stake, enough to be admitted and elected.
			let amount = <T as pallet_validators::Config>::MinValidatorStake::get().max(STAKE);
			pallet_vaults::Pallet::<T>::deposit(origin::<T>(&op), vault, op.clone(), amount)
				.expect("deposit");
			allocate::<T>(&op, avs, vault, Fraction::one());
			T::set_session_keys(&op, i);
			op
		})
		.collect();
	apply_allocations::<T>();
	ops
}

/// The operators the consensus AVS has.
fn operator_count<T: Config>() -> u32 {
	let avs = <T as pallet_validators::Config>::ConsensusAvs::get();
	pallet_operators::Pallet::<T>::api_avs_operator_count(avs)
}

/// Room on the consensus AVS's operator list beside the operators it already has.
pub fn room<T: Config>() -> u32 {
	<T as pallet_operators::Config>::MaxOperatorsPerAvs::get().saturating_sub(operator_count::<T>())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The election among `c` candidates (each with one allocation to the consensus AVS),
	/// as a session rotation runs it. Its weight is not charged — the rotation takes the
	/// whole block — but it must fit in one.
	#[benchmark]
	fn new_session(
		c: Linear<1, { <T as pallet_operators::Config>::MaxOperatorsPerAvs::get() - 1 }>,
	) {
		let c = c.min(room::<T>());
		candidates::<T>(c);
		let session = CurrentSession::<T>::get() + 1;

		#[block]
		{
			<Validators<T> as SessionManager<_, _>>::new_session(session).expect("a new set");
		}

		// Every operator of the consensus AVS is a candidate (the dev chain's genesis
		// validator too): the most stake wins, up to the maximum.
		let max = <T as pallet_validators::Config>::MaxValidators::get();
		assert_eq!(NextSet::<T>::get().len() as u32, max.min(operator_count::<T>()));
	}

	/// `o` validators reported together for one offence: each disabled and a slash request
	/// filed against it, escrowing from its pool (a raise of a pending request does the
	/// same work for the difference).
	#[benchmark]
	fn on_offence(o: Linear<1, { <T as pallet_validators::Config>::MaxValidators::get() }>) {
		let (session, details) = offence::<T>(o);
		let fractions: Vec<Perbill> = details.iter().map(|_| Perbill::one()).collect();
		let next = pallet_slashing::NextSlashId::<T>::get();

		#[block]
		{
			Validators::<T>::on_offence(&details, &fractions, session);
		}

		assert_eq!(pallet_slashing::NextSlashId::<T>::get(), next + details.len() as u64);
		assert_eq!(ProvenOffences::<T>::get(session).len(), details.len());
	}

	/// A caller outside both (full) sets sets its keys.
	#[benchmark]
	fn set_keys() {
		full_sets::<T>();
		let caller = funded::<T>("key holder", 0);
		let (keys, proof) = T::session_keys_with_proof(&caller);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), keys, proof);

		assert!(!Validators::<T>::is_validating(&caller));
	}

	/// A caller outside both (full) sets removes its keys.
	#[benchmark]
	fn purge_keys() {
		full_sets::<T>();
		let caller = funded::<T>("key holder", 0);
		let (keys, proof) = T::session_keys_with_proof(&caller);
		Validators::<T>::set_keys(origin::<T>(&caller), keys, proof).expect("keys set");

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert!(!Validators::<T>::is_validating(&caller));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}

/// `o` elected validators reported for one offence in the current session (at most the
/// room the consensus AVS has): the session and the offence details.
#[allow(clippy::type_complexity)]
fn offence<T: Config>(o: u32) -> (u32, Vec<OffenceDetails<AccountOf<T>, (AccountOf<T>, u128)>>) {
	let o = o.min(room::<T>());
	let offenders = candidates::<T>(o);
	let session = CurrentSession::<T>::get() + 1;
	<Validators<T> as SessionManager<_, _>>::start_session(session);
	let details = offenders
		.iter()
		.map(|who| OffenceDetails { offender: (who.clone(), STAKE), reporters: Vec::new() })
		.collect();
	(session, details)
}

/// Fills the current and the next set with `MaxValidators` accounts each: the membership
/// check of the key calls reads both in full.
fn full_sets<T: Config>() {
	let max = <T as pallet_validators::Config>::MaxValidators::get();
	let set = |offset: u32| {
		let members: Vec<(AccountOf<T>, u128)> = (0..max)
			.map(|i| (account::<AccountOf<T>>("validator", offset + i, 0), STAKE))
			.collect();
		BoundedVec::truncate_from(members)
	};
	CurrentSet::<T>::put(set(0));
	NextSet::<T>::put(set(max));
}
