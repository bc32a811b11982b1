//! A GRANDPA equivocation report through this runtime's whole offence path: the
//! key-ownership proof checked against the session's trie (`pallet-session`'s historical
//! part), the equivocation's signatures, `pallet-offences`, and `pallet-validators`'
//! handler (disabling, the slash request with its escrow). The SDK's `pallet_grandpa` benchmarks measure the
//! signature check alone, with a fixed proof; this one signs two prevotes with a
//! validator's session key from the benchmark's keystore.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::{
	AccountId, BlockNumber, Grandpa, Hash, Historical, Runtime, RuntimeEvent, RuntimeOrigin,
	Session, System,
};
use alloc::{boxed::Box, vec::Vec};
use bastion_benchmarking::validators::{candidates, room};
use frame_benchmarking::v2::*;
use frame_support::traits::{Get, Hooks, KeyOwnerProofSystem};
use sp_consensus_grandpa::{self as fg, AuthorityId};
use sp_core::crypto::ByteArray;

/// The equivocation report's benchmark.
pub struct Pallet<T: Config>(core::marker::PhantomData<T>);

/// What the benchmark needs: this runtime (its GRANDPA, session and offence wiring).
pub trait Config: frame_system::Config {}
impl Config for Runtime {}

/// Two prevotes `offender` signs in round 1 of the current set, for different blocks.
fn equivocation(offender: &AuthorityId) -> fg::EquivocationProof<Hash, BlockNumber> {
	let set_id = Grandpa::current_set_id();
	let signed = |byte: u8| {
		let prevote =
			finality_grandpa::Prevote { target_hash: Hash::repeat_byte(byte), target_number: 1 };
		let payload =
			fg::localized_payload(1, set_id, &finality_grandpa::Message::Prevote(prevote.clone()));
		let public = sp_core::ed25519::Public::from_slice(offender.as_slice()).expect("32 bytes");
		let signature = sp_io::crypto::ed25519_sign(fg::KEY_TYPE, &public, &payload)
			.expect("the offender's key is in the keystore");
		(prevote, signature.into())
	};
	fg::EquivocationProof::new(
		set_id,
		fg::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: 1,
			identity: offender.clone(),
			first: signed(1),
			second: signed(2),
		}),
	)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A report against a set of `v` validators (the key-ownership proof is checked by
	/// rebuilding the session's trie: linear in the set).
	#[benchmark]
	fn report_equivocation(
		v: Linear<2, { <Runtime as pallet_validators::Config>::MaxValidators::get() }>,
	) {
		// The chain's own validators (the dev chain's one) stay; new ones fill the set up
		// to `v`.
		let already = pallet_validators::CurrentSet::<Runtime>::get().len() as u32;
		assert!(already < v && v - already <= room::<Runtime>());
		let joining = v - already;
		let joined: Vec<AccountId> = candidates::<Runtime>(joining);
		// Elected at one rotation, validating from the next (GRANDPA enacting each set).
		for _ in 0..2 {
			Session::rotate_session();
			Grandpa::on_finalize(System::block_number());
		}
		assert_eq!(pallet_validators::CurrentSet::<Runtime>::get().len() as u32, v);
		let offender = joined[0].clone();
		let keys = Session::load_keys(&offender).expect("keys set");
		let key: AuthorityId = keys.grandpa;
		let proof = equivocation(&key);
		let key_owner_proof = Historical::prove((fg::KEY_TYPE, key)).expect("a validator");
		System::reset_events();

		#[block]
		{
			Grandpa::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(proof),
				key_owner_proof,
			)
			.expect("the report is accepted");
		}

		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Validators(pallet_validators::Event::OffenceSlashRequested { offender: o, .. })
				if *o == offender
		)));
	}
}
