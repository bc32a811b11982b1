//! Proven consensus offences: the offender is disabled and slashed at once.
//!
//! `pallet-offences` calls the handler with every offender of a report — and, when a later
//! report adds co-offenders to the same round, again with the earlier ones at the higher
//! fraction the larger group calls for. So the handler remembers, per session and offender,
//! the fraction already requested ([`ProvenOffences`]), and for an offence calling for more
//! than that, the difference:
//! - with a request against the offender still pending (this offence's, or an earlier
//!   session's still in its veto window: one may be pending per operator), adds it to that
//!   request — escrowing it at once and restarting its veto window — within the cap;
//! - otherwise files a new request for it.
//!
//! Escrow is taken when the first report is included: no later slash of the same pool by
//! another AVS can take the stake first. No offender is requested twice for what one
//! session's offence called for, and none keeps a smaller fraction than its round finally
//! called for.

use crate::{pallet::*, DisableValidator, WeightInfo};
use bastion_primitives::{AvsInspect, Fraction, ProvenSlashes, SlashId};
use codec::Encode;
use frame_support::{traits::Get, weights::Weight};
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill, Saturating};
use sp_staking::{
	offence::{OffenceDetails, OnOffenceHandler},
	SessionIndex,
};

/// Perquintill parts per Perbill part.
const PERBILL_TO_FRACTION: u64 = 1_000_000_000;

/// What a consensus offence's slash request names as its evidence: the hash of the
/// offender, the session and the fraction the offence called for, so the request can be
/// matched to the `pallet-offences` reports (the proofs were checked and dropped).
pub fn offence_evidence<AccountId: Encode>(
	offender: &AccountId,
	session: SessionIndex,
	fraction: Perbill,
) -> H256 {
	H256(sp_io::hashing::blake2_256(&(b"bastion/offence", offender, session, fraction).encode()))
}

/// What handling one offender's offence did.
enum Handled {
	/// The fraction was requested before for this session: nothing to do.
	Known,
	/// A new request `id` for `fraction`.
	Requested(SlashId, Fraction),
	/// Pending request `id` raised to `fraction`.
	Raised(SlashId, Fraction),
	/// Pending request `id` is at the cap: nothing more can be requested while it is.
	Covered(SlashId),
}

impl<T: Config> OnOffenceHandler<T::AccountId, (T::AccountId, u128), Weight> for Pallet<T> {
	fn on_offence(
		offenders: &[OffenceDetails<T::AccountId, (T::AccountId, u128)>],
		slash_fraction: &[Perbill],
		session: SessionIndex,
	) -> Weight {
		for (details, severity) in offenders.iter().zip(slash_fraction) {
			let offender = &details.offender.0;
			T::Disabling::disable(offender, *severity);
			match Self::handle_offence(session, offender, *severity) {
				Ok(Handled::Known) => {}
				Ok(Handled::Requested(id, fraction)) => {
					Self::deposit_event(Event::OffenceSlashRequested {
						offender: offender.clone(),
						session,
						id,
						fraction,
					})
				}
				Ok(Handled::Raised(id, fraction)) => {
					Self::deposit_event(Event::OffenceSlashRaised {
						offender: offender.clone(),
						session,
						id,
						fraction,
					})
				}
				Ok(Handled::Covered(id)) => Self::deposit_event(Event::OffenceCovered {
					offender: offender.clone(),
					session,
					id,
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

impl<T: Config> Pallet<T> {
	/// Requests, raises or leaves the slash of `offender` for its offence in `session` at
	/// `severity` (capped by the consensus AVS's `max_slash_per_request`), and records what
	/// the session's offences have requested from it.
	fn handle_offence(
		session: SessionIndex,
		offender: &T::AccountId,
		severity: Perbill,
	) -> Result<Handled, DispatchError> {
		let offence_block =
			SessionStart::<T>::get(session).ok_or(Error::<T>::OffenceSessionUnknown)?;
		let avs = T::ConsensusAvs::get();
		let cap = T::Avs::slashing_rules(avs)
			.map(|rules| rules.max_slash_per_request)
			.unwrap_or_else(Fraction::zero);
		let target = Fraction::from_parts(
			u64::from(severity.deconstruct()).saturating_mul(PERBILL_TO_FRACTION),
		)
		.min(cap);
		let mut offences = ProvenOffences::<T>::get(session);
		let known = offences.iter().position(|(who, _)| who == offender);
		let requested = known.and_then(|i| offences.get(i)).map(|(_, f)| *f);
		if requested.is_some_and(|f| f >= target) {
			return Ok(Handled::Known);
		}
		if known.is_none() && offences.is_full() {
			return Err(Error::<T>::TooManyOffenders.into());
		}
		let already = requested.unwrap_or_else(Fraction::zero);
		let more = target.saturating_sub(already);
		let requester = Self::account_id();
		let (handled, now_requested) = match T::Slashing::pending_proven_slash(avs, offender) {
			// One request may be pending per operator: what this offence calls for beyond
			// what its session requested is added to it (another session's offences are
			// paid too, not absorbed), within the cap.
			Some((id, pending)) => {
				let raised = pending.saturating_add(more).min(cap);
				if raised <= pending {
					// At the cap: nothing more can be requested while it is pending; the
					// record stays, so a later report may file the rest once it executed.
					return Ok(Handled::Covered(id));
				}
				T::Slashing::raise_proven_slash(&requester, id, raised)?;
				(
					Handled::Raised(id, raised),
					already.saturating_add(raised.saturating_sub(pending)),
				)
			}
			None => {
				let id = T::Slashing::request_proven_slash(
					requester,
					avs,
					offender.clone(),
					more,
					offence_block,
					offence_evidence(offender, session, severity),
				)?;
				(Handled::Requested(id, more), target)
			}
		};
		match known.and_then(|i| offences.get_mut(i)) {
			Some((_, f)) => *f = now_requested,
			None => offences
				.try_push((offender.clone(), now_requested))
				.map_err(|_| Error::<T>::TooManyOffenders)?,
		}
		ProvenOffences::<T>::insert(session, offences);
		Ok(handled)
	}
}
