//! Proven consensus offences become slash requests on the consensus AVS.

use crate::{pallet::*, DisableValidator, WeightInfo};
use bastion_primitives::{AvsInspect, Fraction, ProvenSlashes};
use codec::Encode;
use frame_support::{traits::Get, weights::Weight};
use sp_core::H256;
use sp_runtime::Perbill;
use sp_staking::{
	offence::{OffenceDetails, OnOffenceHandler},
	SessionIndex,
};

/// Perquintill parts per Perbill part.
const PERBILL_TO_FRACTION: u64 = 1_000_000_000;

/// What a consensus offence's slash request names as its evidence: the hash of the
/// offender, the session and the fraction the offence called for, so the request can be
/// matched to the `pallet-offences` report (the proof itself was checked and dropped).
pub fn offence_evidence<AccountId: Encode>(
	offender: &AccountId,
	session: SessionIndex,
	fraction: Perbill,
) -> H256 {
	H256(sp_io::hashing::blake2_256(&(b"bastion/offence", offender, session, fraction).encode()))
}

impl<T: Config> OnOffenceHandler<T::AccountId, (T::AccountId, u128), Weight> for Pallet<T> {
	fn on_offence(
		offenders: &[OffenceDetails<T::AccountId, (T::AccountId, u128)>],
		slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> Weight {
		let avs = T::ConsensusAvs::get();
		let cap = T::Avs::slashing_rules(avs)
			.map(|rules| rules.max_slash_per_request)
			.unwrap_or_else(Fraction::zero);
		let offence_block = SessionStart::<T>::get(session);
		let requester = Self::account_id();
		for (details, severity) in offenders.iter().zip(slash_fraction) {
			let offender = &details.offender.0;
			T::Disabling::disable(offender, *severity);
			let fraction = Fraction::from_parts(
				u64::from(severity.deconstruct()).saturating_mul(PERBILL_TO_FRACTION),
			)
			.min(cap);
			let filed = match offence_block {
				None => Err(Error::<T>::OffenceSessionUnknown.into()),
				Some(at) => T::Slashing::request_proven_slash(
					requester.clone(),
					avs,
					offender.clone(),
					fraction,
					at,
					offence_evidence(offender, session, *severity),
				),
			};
			match filed {
				Ok(id) => Self::deposit_event(Event::OffenceSlashRequested {
					offender: offender.clone(),
					session,
					id,
					fraction,
				}),
				Err(error) => Self::deposit_event(Event::OffenceNotSlashed {
					offender: offender.clone(),
					session,
					error,
				}),
			}
		}
		T::WeightInfo::on_offence(offenders.len() as u32)
	}
}
