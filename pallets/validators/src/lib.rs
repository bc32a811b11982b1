//! # Validators: the chain's own consensus AVS
//!
//! Bastion's block authors and GRANDPA voters are operators, elected by the stake restaked
//! to the **consensus AVS** — an AVS like any other (id [`Config::ConsensusAvs`], 0 in
//! every preset), whose owner and slasher is this pallet's keyless account
//! ([`Pallet::account_id`]) and which governance manages by dispatching as that account.
//! Vault curators approve it, operators opt in and allocate to it, stakers see it in
//! `restaking_stakerExposure`, and its slashes go through `pallet-slashing` with the same
//! cap, escrow at request and veto window as every other AVS's.
//!
//! ## Election ([`pallet_session::historical::SessionManager`])
//! At every session rotation `pallet-session` asks for the set of the session after next.
//! The candidates are the active operators opted in to the consensus AVS that have session
//! keys set and at least [`Config::MinValidatorStake`] of **native** stake the consensus
//! AVS can slash now ([`bastion_primitives::AvsStakes`]): allocations still waiting out A
//! count for nothing, so joining the set is announced A blocks ahead like any new exposure,
//! and a decrease keeps counting until D has passed, as long as it stays slashable. Only
//! native-token vaults count: weighing other assets would need a price, and an on-chain
//! price is an oracle the validator set would then depend on. The top
//! [`Config::MaxValidators`] by stake are elected, ties broken by account id. With fewer
//! than [`Config::MinValidators`] candidates the current set stays
//! ([`Event::PreviousSetKept`]): the set is never empty.
//!
//! ## Offences ([`sp_staking::offence::OnOffenceHandler`])
//! `pallet-offences` hands over every proven offence (GRANDPA equivocations, reported
//! through `pallet-grandpa` with key-ownership proofs from `pallet-session`'s historical
//! tries). For each offender the handler
//! 1. asks the session pallet to disable it for the rest of the session
//!    ([`DisableValidator`]; the runtime's disabling strategy bounds how many may be), and
//! 2. files a slash request on the consensus AVS ([`bastion_primitives::ProvenSlashes`]) for
//!    the offence's slash fraction capped by the AVS's `max_slash_per_request`, naming the
//!    first block of the offence's session as the offence block. Governance (the slashing
//!    pallet's governance origin) can veto it during the AVS's veto window.
//!
//! ## Delays
//! An offence in session `s` can be proven while the historical trie of `s` is kept:
//! [`Config::HistoryDepth`] sessions (this pallet prunes older ones), so a report arrives
//! at most `(HistoryDepth + 1) × SessionLength` blocks after the first block of `s`. That
//! must not exceed E (`MaxOffenceAge`), or the slash request would be refused as too old;
//! the integrity test checks it, next to the restaking inequalities (`E + V ≤ D`,
//! `E + V < W`) every AVS, the consensus AVS included, is held to.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod election;
#[cfg(test)]
mod mock;
mod offences;
mod queries;
#[cfg(test)]
mod tests;
pub mod weights;

pub use election::ElectedStake;
pub use offences::offence_evidence;
pub use pallet::*;
pub use weights::WeightInfo;

use sp_runtime::Perbill;
use sp_staking::SessionIndex;

/// Disables a validator for the rest of the session. The runtime implements it with
/// `pallet_session::Pallet::report_offence`, whose disabling strategy decides whether the
/// validator is disabled (never more than the set can lose and still finalize).
pub trait DisableValidator<AccountId> {
	/// `validator` committed an offence of `severity` (its slash fraction).
	fn disable(validator: &AccountId, severity: Perbill);
}

impl<AccountId> DisableValidator<AccountId> for () {
	fn disable(_: &AccountId, _: Perbill) {}
}

/// The session history key-ownership proofs are checked against. The runtime implements it
/// with `pallet_session::historical::Pallet::prune_up_to`.
pub trait SessionHistory {
	/// Forgets the sessions before `index`: offences in them can no longer be proven.
	fn prune_up_to(index: SessionIndex);
}

impl SessionHistory for () {
	fn prune_up_to(_: SessionIndex) {}
}

// FRAME's macros expand `#[pallet::pallet]`, `::storage` and `::error` into `expect()`s on
// static data that clippy attributes to this module; `scripts/lint.sh` checks that our
// own code here has none.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use bastion_primitives::{
		AvsId, AvsInspect, AvsStakes, Fraction, ProvenSlashes, RestakingDelays, SlashId,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{Contains, Get},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::{AccountIdConversion, Saturating};

	/// One validator and the consensus stake it was elected with.
	pub type Elected<T> = (<T as frame_system::Config>::AccountId, u128);
	/// A validator set.
	pub type ValidatorSet<T> = BoundedVec<Elected<T>, <T as Config>::MaxValidators>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The consensus AVS's id.
		#[pallet::constant]
		type ConsensusAvs: Get<AvsId>;

		/// Derives the pallet's keyless account: the consensus AVS's owner and slasher.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The stake each operator has at the consensus AVS's disposal.
		type Stakes: AvsStakes<Self::AccountId>;

		/// The consensus AVS's slashing rules (its cap).
		type Avs: AvsInspect<Self::AccountId, BlockNumberFor<Self>, Balance = u128>;

		/// Files the slash requests of proven offences.
		type Slashing: ProvenSlashes<Self::AccountId, BlockNumberFor<Self>>;

		/// The accounts that have session keys set for the next session.
		type SessionKeys: Contains<Self::AccountId>;

		/// Disables offenders for the rest of the session.
		type Disabling: DisableValidator<Self::AccountId>;

		/// The key-ownership history, pruned to [`Config::HistoryDepth`] sessions.
		type History: SessionHistory;

		/// The chain-wide delays (E bounds how late an offence may be reported).
		type Delays: RestakingDelays<BlockNumberFor<Self>>;

		/// The most validators in one set.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The fewest validators an election may produce; with fewer candidates the
		/// current set stays. At least 1.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The least consensus stake a candidate needs (native units).
		#[pallet::constant]
		type MinValidatorStake: Get<u128>;

		/// Blocks per session (the same number the runtime's `ShouldEndSession` uses).
		#[pallet::constant]
		type SessionLength: Get<BlockNumberFor<Self>>;

		/// How many past sessions offences may still be proven for.
		#[pallet::constant]
		type HistoryDepth: Get<SessionIndex>;

		/// Weights of the session and offence hooks.
		type WeightInfo: WeightInfo;
	}

	/// The validators of the current session, with the consensus stake that elected them.
	#[pallet::storage]
	pub type CurrentSet<T: Config> = StorageValue<_, ValidatorSet<T>, ValueQuery>;

	/// The validators elected for the next session.
	#[pallet::storage]
	pub type NextSet<T: Config> = StorageValue<_, ValidatorSet<T>, ValueQuery>;

	/// The current session's index.
	#[pallet::storage]
	pub type CurrentSession<T: Config> = StorageValue<_, SessionIndex, ValueQuery>;

	/// The first block of the current session and of the `HistoryDepth` before it: the
	/// offence block a slash request names for an offence in that session. Older entries
	/// are removed as sessions start, so it holds at most `HistoryDepth + 1` entries.
	#[pallet::storage]
	pub(crate) type SessionStart<T: Config> =
		StorageMap<_, Twox64Concat, SessionIndex, BlockNumberFor<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `validators` were elected for session `session`.
		ValidatorsElected { session: SessionIndex, validators: Vec<Elected<T>> },
		/// Only `candidates` operators qualified, fewer than `MinValidators`: session
		/// `session` keeps the current set.
		PreviousSetKept { session: SessionIndex, candidates: u32 },
		/// A proven offence of `offender` in session `session` became slash request `id`
		/// on the consensus AVS, for `fraction` of its slices.
		OffenceSlashRequested {
			offender: T::AccountId,
			session: SessionIndex,
			id: SlashId,
			fraction: Fraction,
		},
		/// A proven offence of `offender` in session `session` could not become a slash
		/// request (a request already pending or in cooldown, nothing left to slash, the
		/// offence too old…): `error` says why.
		OffenceNotSlashed { offender: T::AccountId, session: SessionIndex, error: DispatchError },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The offence's session is older than `HistoryDepth` sessions: its first block is
		/// no longer known, and it is too old to be slashed.
		OffenceSessionUnknown,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "std")]
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "MinValidators must be at least 1");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must not exceed MaxValidators"
			);
			assert!(T::HistoryDepth::get() >= 1, "HistoryDepth must keep the previous session");
			assert!(
				Self::check_delays().is_ok(),
				"(HistoryDepth + 1) × SessionLength must not exceed MaxOffenceAge"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The pallet's keyless account: the consensus AVS's owner and slasher.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// The latest an offence can be reported after the first block of its session,
		/// `(HistoryDepth + 1) × SessionLength`, and whether that is within E.
		pub fn check_delays() -> Result<BlockNumberFor<T>, BlockNumberFor<T>> {
			let sessions: BlockNumberFor<T> = T::HistoryDepth::get().saturating_add(1).into();
			let latest = T::SessionLength::get().saturating_mul(sessions);
			if latest <= T::Delays::max_offence_age() {
				Ok(latest)
			} else {
				Err(latest)
			}
		}

		/// The pallet's invariants: both sets within bounds, sorted by stake (then account),
		/// without duplicates; at most `HistoryDepth + 1` session starts kept.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for set in [CurrentSet::<T>::get(), NextSet::<T>::get()] {
				for pair in set.windows(2) {
					let [(a, sa), (b, sb)] = pair else { continue };
					ensure!(sa > sb || (sa == sb && a < b), "validator set out of election order");
				}
			}
			let kept = SessionStart::<T>::iter_keys().count() as u32;
			ensure!(kept <= T::HistoryDepth::get().saturating_add(1), "too many session starts");
			Ok(())
		}
	}
}
