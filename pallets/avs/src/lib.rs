//! # AVS
//!
//! Actively validated services rent the restaked stake: they declare the vaults they
//! accept, who may slash and under which safeguards, and which operators may serve them.
//!
//! ## Model
//!
//! - [`Pallet::register_avs`] holds a native bond (`AvsBond`) and records the AVS's
//!   [`AvsRegistration`]: accepted vaults, [`SlashingRules`] (slasher; resolver, never the
//!   slasher; veto window V; cap per request; cooldown K; destination — burn, treasury or a
//!   fixed recipient), the minimum operator stake, and whether operators need approval.
//! - The slashing rules are the promise stakers rely on, so [`Pallet::update_avs`] changes
//!   them only after `RuleChangeDelay` blocks — longer than D, which is at least every
//!   vault's W — so anyone who dislikes the new rules can leave first. Metadata, the
//!   minimum stake and the operator policy change at once (they gate newcomers; an
//!   operator already in whose stake is below a raised minimum can be evicted by anyone,
//!   an opt-out that leaves its stake slashable for D);
//!   accepting a vault is immediate (allocations to it still wait A); dropping a vault
//!   leaves its allocations slashable for D blocks.
//! - At every change, the delay inequalities hold: `V ≥ MinVetoWindow`, `D ≥ E + V`, and
//!   `W > E + V` for every vault it accepts (see [`bastion_primitives`]); the call that
//!   would break one fails with a named error.
//! - Allow-listed AVSs [`Pallet::approve_operator`] and [`Pallet::remove_operator`]; a
//!   removed operator's opt-in ends as if it had opted out (slashable for D blocks).
//! - [`Pallet::deregister_avs`] has two phases: the first stops new operators and
//!   allocations; after D blocks, with no slash request pending, the second removes the
//!   AVS and releases its bond.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod impls;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

// FRAME's macros expand `#[pallet::pallet]`, `::storage` and `::error` into `expect()`s on
// static data that clippy attributes to this module; `scripts/lint.sh` checks that our
// own code here has none.
#[allow(clippy::expect_used)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use bastion_primitives::{
		Approval, ApprovalObserver, AvsId, Fraction, GrantError, OperatorsHooks, RestakingDelays,
		RewardsInspect, SlashDestination, SlashingInspect, VaultId, VaultsInspect,
	};
	use {
		frame_support::{
			pallet_prelude::*,
			traits::{
				fungible::{self, MutateHold},
				tokens::Precision,
			},
		},
		frame_system::{self, pallet_prelude::*},
		sp_runtime::traits::{Saturating, Zero},
	};

	/// An AVS as stored.
	pub type AvsOf<T> = AvsDetails<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxVaultsPerAvs,
		<T as Config>::MaxMetadataLen,
	>;
	/// What an AVS registers with.
	pub type AvsRegistrationOf<T> = AvsRegistration<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxVaultsPerAvs,
	>;
	/// A change to an AVS.
	pub type AvsUpdateOf<T> = AvsUpdate<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxVaultsPerAvs,
		<T as Config>::MaxMetadataLen,
	>;
	/// An AVS's slashing rules.
	pub type RulesOf<T> = SlashingRules<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// The layout of this pallet's storage. A change of layout bumps it and ships a
	/// migration (see pallet-vaults' `migrations` module for the pattern).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The native currency the bond is held in.
		type Currency: fungible::MutateHold<
			Self::AccountId,
			Reason = Self::RuntimeHoldReason,
			Balance = u128,
		>;

		/// Vaults: existence and withdrawal delays.
		type Vaults: VaultsInspect<Self::AccountId, BlockNumberFor<Self>, Balance = u128>;

		/// Operators: a removed operator's opt-in must end.
		type Operators: OperatorsHooks<Self::AccountId>;

		/// Open slash requests block the end of deregistration.
		type Slashing: SlashingInspect<Self::AccountId>;

		/// Open reward streams block the end of deregistration (they run to their end); told
		/// when a vault is accepted or dropped (what an AVS pays follows what it can slash).
		type Rewards: RewardsInspect + ApprovalObserver;

		/// The chain-wide delays (A, D, E, minimum V).
		type Delays: RestakingDelays<BlockNumberFor<Self>>;

		/// The native bond held from an AVS's owner.
		#[pallet::constant]
		type AvsBond: Get<u128>;

		/// The chain's cap on `max_slash_per_request`.
		#[pallet::constant]
		type MaxSlashPerRequest: Get<Fraction>;

		/// How long a change of slashing rules waits; must exceed D.
		#[pallet::constant]
		type RuleChangeDelay: Get<BlockNumberFor<Self>>;

		/// The most vaults one AVS may accept (dropping ones included).
		#[pallet::constant]
		type MaxVaultsPerAvs: Get<u32>;

		/// The most operators on one AVS's allow-list.
		#[pallet::constant]
		type MaxOperatorsPerAvs: Get<u32>;

		/// The longest metadata an AVS may register.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds native funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An AVS's bond.
		AvsBond,
	}

	/// The id the next AVS gets. Ids are never reused.
	#[pallet::storage]
	pub type NextAvsId<T> = StorageValue<_, AvsId, ValueQuery>;

	/// Registered AVSs.
	#[pallet::storage]
	pub type AvsInfo<T: Config> = StorageMap<_, Twox64Concat, AvsId, AvsOf<T>>;

	/// Allow-listed operators, by (AVS, operator).
	#[pallet::storage]
	pub type AllowedOperators<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AvsId, Blake2_128Concat, T::AccountId, ()>;

	/// AVSs to start a chain with, in id order: (owner, metadata, configuration). Genesis
	/// data is trusted, but the rules are still checked against the chain's delays.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// (owner, metadata, configuration).
		pub avss: alloc::vec::Vec<(T::AccountId, alloc::vec::Vec<u8>, AvsRegistrationOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		// A bad genesis must stop the chain from being built at all.
		#[allow(clippy::panic)]
		fn build(&self) {
			for (owner, metadata, config) in &self.avss {
				let metadata = BoundedVec::try_from(metadata.clone())
					.unwrap_or_else(|_| panic!("genesis AVS of {owner:?}: metadata too long"));
				if let Err(e) =
					Pallet::<T>::do_register(owner.clone(), metadata, config.clone(), false)
				{
					panic!("genesis AVS of {owner:?}: {e:?}");
				}
			}
		}
	}

	/// The chain-wide slashing delays, shown in metadata.
	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// E: the oldest offence a slash request may name, in blocks.
		#[pallet::constant_name(MaxOffenceAge)]
		fn max_offence_age() -> BlockNumberFor<T> {
			T::Delays::max_offence_age()
		}

		/// The shortest veto window an AVS may choose.
		#[pallet::constant_name(MinVetoWindow)]
		fn min_veto_window() -> BlockNumberFor<T> {
			T::Delays::min_veto_window()
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An AVS registered.
		AvsRegistered { avs: AvsId, owner: T::AccountId, config: AvsRegistrationOf<T> },
		/// Metadata, minimum stake, policy or accepted vaults changed now.
		AvsUpdated { avs: AvsId },
		/// New slashing rules apply at `effective_at`.
		RulesScheduled { avs: AvsId, rules: RulesOf<T>, effective_at: BlockNumberFor<T> },
		/// The AVS accepts `vault`: operators may allocate its stake to the AVS now; what they
		/// allocate is slashable by it from `slashable_from` (A blocks from now) at the
		/// earliest.
		VaultAccepted { avs: AvsId, vault: VaultId, slashable_from: BlockNumberFor<T> },
		/// The AVS drops `vault`; its allocations stay slashable until `effective_at`.
		VaultDropped { avs: AvsId, vault: VaultId, effective_at: BlockNumberFor<T> },
		/// An operator was allow-listed.
		OperatorApproved { avs: AvsId, operator: T::AccountId },
		/// An operator was removed from the AVS's set (and its allow-list); its opt-in ends
		/// after D.
		OperatorRemoved { avs: AvsId, operator: T::AccountId },
		/// The AVS started deregistering; it may finish at `until`.
		AvsDeregistering { avs: AvsId, until: BlockNumberFor<T> },
		/// The AVS finished deregistering; its bond was released.
		AvsDeregistered { avs: AvsId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No AVS has this id.
		AvsNotFound,
		/// Only the AVS's owner may do this.
		NotOwner,
		/// The AVS is deregistering and accepts nothing new.
		AvsDeregistering,
		/// The resolver is the slasher.
		ResolverIsSlasher,
		/// `max_slash_per_request` is zero or above the chain's `MaxSlashPerRequest`.
		InvalidSlashCap,
		/// V is below `MinVetoWindow`.
		VetoWindowTooShort,
		/// W ≤ E + V for an accepted vault.
		WithdrawalDelayTooShort,
		/// D < E + V: stake leaving the AVS would stop being slashable too early.
		DeallocationDelayTooShort,
		/// A burn/treasury/recipient destination that cannot be used.
		InvalidDestination,
		/// No vault has this id.
		VaultNotFound,
		/// The vault is already accepted.
		VaultAlreadyAccepted,
		/// The vault is not accepted (or already being dropped).
		VaultNotAccepted,
		/// The vault is being dropped: accept it again once the drop has taken effect (a
		/// new acceptance waits A before its stake is slashable).
		VaultBeingDropped,
		/// The AVS accepts `MaxVaultsPerAvs` vaults already.
		TooManyVaults,
		/// The update changes nothing.
		NothingToUpdate,
		/// The AVS is open: there is no allow-list to change.
		AvsIsOpen,
		/// The operator is already allow-listed.
		OperatorAlreadyApproved,
		/// The operator is neither on the allow-list nor opted in (or already leaving).
		OperatorNotApproved,
		/// The allow-list has `MaxOperatorsPerAvs` operators.
		TooManyOperators,
		/// Deregistration cannot finish yet.
		DeregistrationNotDue,
		/// Deregistration cannot finish while one of the AVS's slash requests is pending.
		PendingSlash,
		/// Deregistration cannot finish while one of the AVS's reward streams is open:
		/// streams run to their end and are closed (`Rewards.close_stream`) first.
		OpenRewardStreams,
		/// An id overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		#[cfg(feature = "std")]
		fn integrity_test() {
			assert!(
				T::RuleChangeDelay::get() > T::Delays::deallocation_delay(),
				"RuleChangeDelay must exceed D (and so every W)"
			);
			assert!(!T::MaxSlashPerRequest::get().is_zero());
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers an AVS owned by the caller, holding `AvsBond`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_avs(config.accepted_vaults.len() as u32))]
		pub fn register_avs(
			origin: OriginFor<T>,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
			config: AvsRegistrationOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_register(owner, metadata, config, true).map(|_| ())
		}

		/// Changes an AVS. Owner only. New slashing rules wait `RuleChangeDelay`; the rest
		/// applies at once (a dropped vault stays slashable for D).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_avs(T::MaxVaultsPerAvs::get()))]
		pub fn update_avs(
			origin: OriginFor<T>,
			avs: AvsId,
			update: AvsUpdateOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::owned(avs, &who)?;
			let now = Self::now();
			let nothing = update.metadata.is_none()
				&& update.rules.is_none()
				&& update.min_operator_stake.is_none()
				&& update.operator_policy.is_none()
				&& update.add_vaults.is_empty()
				&& update.remove_vaults.is_empty();
			ensure!(!nothing, Error::<T>::NothingToUpdate);
			let adds_anything = !update.add_vaults.is_empty();
			if adds_anything {
				ensure!(info.status == AvsStatus::Active, Error::<T>::AvsDeregistering);
			}
			Self::settle(&mut info, now);

			if let Some(metadata) = update.metadata {
				info.metadata = metadata;
			}
			if let Some(min) = update.min_operator_stake {
				info.min_operator_stake = min;
			}
			if let Some(policy) = update.operator_policy {
				info.operator_policy = policy;
			}
			let d = T::Delays::deallocation_delay();
			let drop_at = now.saturating_add(d);
			for vault in update.remove_vaults.iter() {
				let (_, approval) = info
					.vaults
					.iter_mut()
					.find(|(v, _)| v == vault)
					.ok_or(Error::<T>::VaultNotAccepted)?;
				*approval = approval.withdrawn(now, d).ok_or(Error::<T>::VaultNotAccepted)?;
				Self::deposit_event(Event::VaultDropped {
					avs,
					vault: *vault,
					effective_at: drop_at,
				});
			}
			// New exposure waits A, also for a vault accepted before (its old allocations
			// revive only then); a vault being dropped can be accepted again once dropped.
			let a = T::Delays::allocation_delay();
			for vault in update.add_vaults.iter() {
				ensure!(T::Vaults::vault_exists(*vault), Error::<T>::VaultNotFound);
				let slashable_from =
					Approval::grant_in(&mut info.vaults, *vault, now, a).map_err(|e| match e {
						GrantError::AlreadyGiven => Error::<T>::VaultAlreadyAccepted,
						GrantError::StillLeaving => Error::<T>::VaultBeingDropped,
						GrantError::Full => Error::<T>::TooManyVaults,
					})?;
				Self::deposit_event(Event::VaultAccepted { avs, vault: *vault, slashable_from });
			}

			// The rules that will be in force (now or scheduled) must fit every vault.
			let final_rules = update.rules.clone().unwrap_or_else(|| info.rules_at(now).clone());
			let longest_v = info.max_veto_window().max(final_rules.veto_window);
			Self::check_rules(&final_rules, longest_v, &info.vaults)?;
			if let Some(rules) = update.rules {
				let effective_at = now.saturating_add(T::RuleChangeDelay::get());
				info.pending_rules = Some((rules.clone(), effective_at));
				Self::deposit_event(Event::RulesScheduled { avs, rules, effective_at });
			}
			AvsInfo::<T>::insert(avs, info);
			for vault in update.remove_vaults.iter().chain(update.add_vaults.iter()) {
				T::Rewards::on_approval_change(avs, *vault);
			}
			Self::deposit_event(Event::AvsUpdated { avs });
			Ok(())
		}

		/// Allow-lists `operator`. Owner only; allow-listed AVSs only.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::approve_operator())]
		pub fn approve_operator(
			origin: OriginFor<T>,
			avs: AvsId,
			operator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::owned(avs, &who)?;
			ensure!(info.operator_policy == OperatorPolicy::AllowList, Error::<T>::AvsIsOpen);
			ensure!(info.status == AvsStatus::Active, Error::<T>::AvsDeregistering);
			ensure!(
				!AllowedOperators::<T>::contains_key(avs, &operator),
				Error::<T>::OperatorAlreadyApproved
			);
			ensure!(
				info.allowed_operators < T::MaxOperatorsPerAvs::get(),
				Error::<T>::TooManyOperators
			);
			info.allowed_operators = info.allowed_operators.saturating_add(1);
			AllowedOperators::<T>::insert(avs, &operator, ());
			AvsInfo::<T>::insert(avs, info);
			Self::deposit_event(Event::OperatorApproved { avs, operator });
			Ok(())
		}

		/// Removes `operator` from the AVS's set, whatever its policy: from the allow-list
		/// if it is on it, and its opt-in ends after D blocks (its stake stays slashable until
		/// then). An open AVS's removed operator may opt in again once that opt-in ended;
		/// an allow-listed AVS's may not unless approved again. Owner only.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_operator())]
		pub fn remove_operator(
			origin: OriginFor<T>,
			avs: AvsId,
			operator: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::owned(avs, &who)?;
			let listed = AllowedOperators::<T>::take(avs, &operator).is_some();
			if listed {
				info.allowed_operators = info.allowed_operators.saturating_sub(1);
				AvsInfo::<T>::insert(avs, info);
			}
			let opted_out = T::Operators::force_opt_out(&operator, avs);
			ensure!(listed || opted_out, Error::<T>::OperatorNotApproved);
			Self::deposit_event(Event::OperatorRemoved { avs, operator });
			Ok(())
		}

		/// Deregisters the AVS in two phases: the first stops new operators and
		/// allocations; the second, D blocks later with no slash request of the AVS pending,
		/// removes it and releases the bond.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deregister_avs(T::MaxOperatorsPerAvs::get()))]
		pub fn deregister_avs(origin: OriginFor<T>, avs: AvsId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::owned(avs, &who)?;
			let now = Self::now();
			match info.status {
				AvsStatus::Active => {
					let until = now.saturating_add(T::Delays::deallocation_delay());
					info.status = AvsStatus::Deregistering { until };
					AvsInfo::<T>::insert(avs, info);
					Self::deposit_event(Event::AvsDeregistering { avs, until });
				}
				AvsStatus::Deregistering { until } => {
					ensure!(now >= until, Error::<T>::DeregistrationNotDue);
					ensure!(!T::Slashing::has_pending_by_avs(avs), Error::<T>::PendingSlash);
					ensure!(!T::Rewards::has_open_streams(avs), Error::<T>::OpenRewardStreams);
					let _ = AllowedOperators::<T>::clear_prefix(avs, info.allowed_operators, None);
					T::Currency::release(
						&HoldReason::AvsBond.into(),
						&info.owner,
						info.bond,
						Precision::BestEffort,
					)?;
					AvsInfo::<T>::remove(avs);
					Self::deposit_event(Event::AvsDeregistered { avs });
				}
			}
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Registers an AVS (the body of [`Pallet::register_avs`], shared with genesis,
		/// where vaults may not exist yet and `check_vaults` is off).
		pub(crate) fn do_register(
			owner: T::AccountId,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
			config: AvsRegistrationOf<T>,
			check_vaults: bool,
		) -> Result<AvsId, DispatchError> {
			let mut vaults: BoundedVec<(VaultId, Approval<BlockNumberFor<T>>), T::MaxVaultsPerAvs> =
				Default::default();
			for vault in config.accepted_vaults.iter() {
				ensure!(
					!check_vaults || T::Vaults::vault_exists(*vault),
					Error::<T>::VaultNotFound
				);
				ensure!(!vaults.iter().any(|(v, _)| v == vault), Error::<T>::VaultAlreadyAccepted);
				// At genesis in force from the first block; later A blocks from now.
				let from = if check_vaults {
					Self::now().saturating_add(T::Delays::allocation_delay())
				} else {
					Zero::zero()
				};
				vaults
					.try_push((*vault, Approval::Yes { from }))
					.map_err(|_| Error::<T>::TooManyVaults)?;
			}
			Self::check_rules(&config.rules, config.rules.veto_window, &vaults)?;

			let avs = NextAvsId::<T>::get();
			let next = avs.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let bond = T::AvsBond::get();
			T::Currency::hold(&HoldReason::AvsBond.into(), &owner, bond)?;
			AvsInfo::<T>::insert(
				avs,
				AvsDetails {
					owner: owner.clone(),
					bond,
					metadata,
					rules: config.rules.clone(),
					pending_rules: None,
					vaults,
					min_operator_stake: config.min_operator_stake,
					operator_policy: config.operator_policy,
					allowed_operators: 0,
					status: AvsStatus::Active,
				},
			);
			NextAvsId::<T>::put(next);
			Self::deposit_event(Event::AvsRegistered { avs, owner, config });
			Ok(avs)
		}

		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		fn owned(avs: AvsId, who: &T::AccountId) -> Result<AvsOf<T>, Error<T>> {
			let info = AvsInfo::<T>::get(avs).ok_or(Error::<T>::AvsNotFound)?;
			ensure!(&info.owner == who, Error::<T>::NotOwner);
			Ok(info)
		}

		/// Applies due rules and forgets vaults whose drop has completed.
		pub(crate) fn settle(info: &mut AvsOf<T>, now: BlockNumberFor<T>) {
			if let Some((rules, at)) = info.pending_rules.clone() {
				if at <= now {
					info.rules = rules;
					info.pending_rules = None;
				}
			}
			info.vaults.retain(|(_, approval)| !approval.has_ended(now));
		}

		/// Checks slashing rules, with `longest_v` the longest veto window the AVS will have
		/// in force at any time, against the chain's delays and the accepted vaults.
		fn check_rules(
			rules: &RulesOf<T>,
			longest_v: BlockNumberFor<T>,
			vaults: &[(VaultId, Approval<BlockNumberFor<T>>)],
		) -> DispatchResult {
			ensure!(rules.resolver.as_ref() != Some(&rules.slasher), Error::<T>::ResolverIsSlasher);
			ensure!(
				!rules.max_slash_per_request.is_zero()
					&& rules.max_slash_per_request <= T::MaxSlashPerRequest::get(),
				Error::<T>::InvalidSlashCap
			);
			if let SlashDestination::Account(ref to) = rules.destination {
				ensure!(to != &rules.slasher, Error::<T>::InvalidDestination);
			}
			// The veto window in force now must satisfy the bounds too.
			let v = rules.veto_window;
			let min_w = vaults
				.iter()
				.filter_map(|(vault, _)| {
					T::Vaults::withdrawal_delay_bounds(*vault).map(|(min, _)| min)
				})
				.min();
			for window in [v, longest_v] {
				bastion_primitives::check_veto_window::<_, T::Delays>(window, min_w)
					.map_err(Self::delay_error)?;
			}
			Ok(())
		}

		fn delay_error(violation: bastion_primitives::DelayViolation) -> DispatchError {
			use bastion_primitives::DelayViolation::*;
			match violation {
				VetoWindowTooShort => Error::<T>::VetoWindowTooShort,
				WithdrawalDelayTooShort | WithdrawalDelayTooLong => {
					Error::<T>::WithdrawalDelayTooShort
				}
				DeallocationDelayTooShort => Error::<T>::DeallocationDelayTooShort,
			}
			.into()
		}
	}
}
