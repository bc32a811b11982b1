//! # Operators
//!
//! Operators run the off-chain software of services (AVSs) and decide how the stake
//! delegated to them secures those services.
//!
//! ## Model
//!
//! - [`Pallet::register_operator`] holds a native bond (`OperatorBond`) that also pays for
//!   the operator's bounded storage: at most `MaxAvsPerOperator` opt-ins and
//!   `MaxAllocationsPerOperator` allocations.
//! - **Commission** (≤ `MaxCommission`) is the operator's share of its stakers' rewards. A
//!   decrease applies at once; an increase waits A blocks (the allocation delay, which is
//!   longer than every vault's withdrawal delay W), so stakers can leave first.
//! - **Opt-in**: [`Pallet::opt_in`] joins an AVS — if the AVS admits the operator (open, or
//!   the operator is on its allow-list) and the operator has at least the AVS's minimum
//!   active stake in one vault the AVS accepts. [`Pallet::opt_out`] ends it after D blocks;
//!   until then everything allocated to the AVS stays slashable. Once the opt-in is older
//!   than A and the AVS's list is full, anyone may end it with [`Pallet::evict_opt_in`] if
//!   the operator's active stake in every vault it allocates to the AVS is below the
//!   minimum: one stake moved from operator to operator cannot hold an AVS's
//!   `MaxOperatorsPerAvs` slots.
//! - **Allocation**: [`Pallet::allocate`] sets the fraction of the operator's pool in a
//!   vault that an AVS may slash (its *slice* is `fraction × pool assets`). Only to AVSs
//!   both the vault's curator and the AVS approved, and the operator opted in to. An
//!   increase applies after A blocks (A > W: stakers who dislike the new exposure can
//!   leave first); a decrease after D blocks (the slice stays slashable meanwhile). The sum
//!   of an operator's allocations of one vault — each counted at the larger of its current
//!   and pending value — never exceeds the vault's `max_restake` (100 % = each unit secures
//!   one AVS, 300 % = up to three). Pending changes apply lazily: whoever reads an
//!   allocation after its block sees the new value, with no hook or per-block work.
//! - **Deregistration** has two phases: the first call stops everything new (deposits,
//!   opt-ins, allocation increases) and starts the opt-out of every AVS; once D blocks have
//!   passed and no slash request is open against the operator, a second call removes it and
//!   releases the bond. Its stakers' positions and withdrawals are untouched.
//!
//! ## Storage
//!
//! Allocations are keyed (operator, AVS, vault): everything an operator allocates to one
//! AVS is one prefix, and the allocations of one pool are found through its opt-ins, so
//! every loop here is bounded by `MaxAvsPerOperator` and none touches stakers. The
//! opt-ins are also indexed by AVS (`AvsOperators`, at most `MaxOperatorsPerAvs` per AVS,
//! ended ones included until their operator opts in again or deregisters), so an AVS's
//! operators and slices ([`Pallet::avs_slices`]) are read without scanning every operator
//! on chain.
//!
//! ## Queries
//!
//! [`Pallet::api_operator_stake`] and [`Pallet::api_avs_security`] answer the
//! `restaking_operatorStake` and `restaking_avsSecurity` RPC methods; the pools' figures
//! come from pallet-vaults through [`bastion_primitives::VaultsInspect`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod impls;
mod queries;
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
		AllocationObserver, AvsId, AvsInspect, Fraction, RestakingDelays, SlashingInspect, VaultId,
		VaultsInspect,
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
		sp_runtime::{
			traits::{Saturating, Zero},
			Perbill,
		},
	};

	/// An operator as stored.
	pub type OperatorOf<T> = OperatorDetails<BlockNumberFor<T>, <T as Config>::MaxMetadataLen>;

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

		/// Vaults: approvals, caps, pool stake.
		type Vaults: VaultsInspect<Self::AccountId, BlockNumberFor<Self>, Balance = u128>;

		/// AVSs: admission, accepted vaults, minimum stake.
		type Avs: AvsInspect<Self::AccountId, BlockNumberFor<Self>, Balance = u128>;

		/// Open slash requests block the end of deregistration.
		type Slashing: SlashingInspect<Self::AccountId>;

		/// Told when an allocation's earning slice changes (reward settlement).
		type Observer: AllocationObserver<Self::AccountId, BlockNumberFor<Self>>;

		/// The chain-wide delays (A, D, E, minimum V).
		type Delays: RestakingDelays<BlockNumberFor<Self>>;

		/// The native bond held from an operator while it is registered.
		#[pallet::constant]
		type OperatorBond: Get<u128>;

		/// The highest commission an operator may set.
		#[pallet::constant]
		type MaxCommission: Get<Perbill>;

		/// The most AVSs one operator may be opted in to (leaving ones included).
		#[pallet::constant]
		type MaxAvsPerOperator: Get<u32>;

		/// The most operators one AVS may have opted in (leaving ones included). Bounds
		/// what reading an AVS's security costs.
		#[pallet::constant]
		type MaxOperatorsPerAvs: Get<u32>;

		/// The most (AVS, vault) allocations one operator may have.
		#[pallet::constant]
		type MaxAllocationsPerOperator: Get<u32>;

		/// The most vaults one operator allocates to one AVS (allocations not yet cleared
		/// included): pallet-avs' `MaxVaultsPerAvs`. Bounds the work of an opt-out, a removal
		/// by the AVS and a prune.
		#[pallet::constant]
		type MaxAllocationsPerOptIn: Get<u32>;

		/// The longest metadata an operator may register.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds native funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An operator's bond.
		OperatorBond,
	}

	/// Registered operators.
	#[pallet::storage]
	pub type OperatorInfo<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, OperatorOf<T>>;

	/// Operators' opt-ins to AVSs.
	#[pallet::storage]
	pub type OptIns<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		AvsId,
		OptIn<BlockNumberFor<T>>,
	>;

	/// The same opt-ins by AVS: what lets an AVS's operators be read without scanning
	/// every operator (the `restaking_avsSecurity` RPC).
	#[pallet::storage]
	pub(crate) type AvsOperators<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AvsId, Blake2_128Concat, T::AccountId, ()>;

	/// How many operators each AVS has in `AvsOperators`, at most `MaxOperatorsPerAvs`.
	#[pallet::storage]
	pub(crate) type AvsOperatorCount<T: Config> =
		StorageMap<_, Twox64Concat, AvsId, u32, ValueQuery>;

	/// Allocations, by (operator, AVS, vault).
	#[pallet::storage]
	pub type Allocations<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, AvsId>,
			NMapKey<Twox64Concat, VaultId>,
		),
		Allocation<BlockNumberFor<T>>,
	>;

	/// Operators and opt-ins to start a chain with. Genesis data is trusted: opt-ins are
	/// recorded without asking the AVS, which may be created later in genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// (operator, commission, metadata).
		pub operators: alloc::vec::Vec<(T::AccountId, Perbill, alloc::vec::Vec<u8>)>,
		/// (operator, AVS) opt-ins.
		pub opt_ins: alloc::vec::Vec<(T::AccountId, AvsId)>,
		/// (operator, AVS, vault, fraction) allocations, in force from the first block (the
		/// chain spec announces them). Each needs a genesis opt-in, and each pool's total
		/// stays within its vault's `max_restake`.
		pub allocations: alloc::vec::Vec<(T::AccountId, AvsId, VaultId, Fraction)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		// A bad genesis must stop the chain from being built at all.
		#[allow(clippy::panic)]
		fn build(&self) {
			for (operator, commission, metadata) in &self.operators {
				let metadata = BoundedVec::try_from(metadata.clone())
					.unwrap_or_else(|_| panic!("genesis operator {operator:?}: metadata too long"));
				if let Err(e) = Pallet::<T>::do_register(operator.clone(), *commission, metadata) {
					panic!("genesis operator {operator:?}: {e:?}");
				}
			}
			for (operator, avs) in &self.opt_ins {
				let Some(mut info) = OperatorInfo::<T>::get(operator) else {
					panic!("genesis opt-in of {operator:?}, which is not a genesis operator");
				};
				if OptIns::<T>::contains_key(operator, avs) {
					panic!("genesis opt-in of {operator:?} to AVS {avs} listed twice");
				}
				// What bounds the earners a pool settles (pallet-rewards), as `opt_in` does.
				if info.opt_ins >= T::MaxAvsPerOperator::get() {
					panic!("genesis operator {operator:?}: more opt-ins than MaxAvsPerOperator");
				}
				info.opt_ins = info.opt_ins.saturating_add(1);
				OperatorInfo::<T>::insert(operator, info);
				OptIns::<T>::insert(
					operator,
					avs,
					OptIn { since: Zero::zero(), leaving_at: None, allocations: 0 },
				);
				if let Err(e) = Pallet::<T>::index_opt_in(operator, *avs) {
					panic!("genesis opt-in of {operator:?} to AVS {avs}: {e:?}");
				}
			}
			for (operator, avs, vault, fraction) in &self.allocations {
				let key = (operator.clone(), *avs, *vault);
				let Some(mut info) = OperatorInfo::<T>::get(operator) else {
					panic!("genesis allocation of {operator:?}, which is not a genesis operator");
				};
				let Some(mut opt_in) = OptIns::<T>::get(operator, avs) else {
					panic!("genesis allocation of {operator:?} to AVS {avs} without an opt-in");
				};
				if Allocations::<T>::contains_key(&key) {
					panic!("genesis: {operator:?} allocates vault {vault} to AVS {avs} twice");
				}
				let allocation = Allocation { current: *fraction, pending: None };
				let zero = Zero::zero();
				if let Err(e) =
					Pallet::<T>::ensure_within_cap(operator, *avs, *vault, allocation, zero)
				{
					panic!("genesis allocation of {operator:?}, vault {vault}: {e:?}");
				}
				info.allocations = info.allocations.saturating_add(1);
				opt_in.allocations = opt_in.allocations.saturating_add(1);
				if info.allocations > T::MaxAllocationsPerOperator::get()
					|| opt_in.allocations > T::MaxAllocationsPerOptIn::get()
				{
					panic!("genesis: {operator:?} has too many allocations");
				}
				OperatorInfo::<T>::insert(operator, info);
				OptIns::<T>::insert(operator, avs, opt_in);
				Allocations::<T>::insert(&key, allocation);
				T::Observer::on_allocation_change(operator, *avs, *vault, None);
			}
		}
	}

	/// The chain-wide delays, shown in metadata.
	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// A: blocks an allocation increase (and a commission increase) waits.
		#[pallet::constant_name(AllocationDelay)]
		fn allocation_delay() -> BlockNumberFor<T> {
			T::Delays::allocation_delay()
		}

		/// D: blocks a decrease, an opt-out or a revocation stays slashable.
		#[pallet::constant_name(DeallocationDelay)]
		fn deallocation_delay() -> BlockNumberFor<T> {
			T::Delays::deallocation_delay()
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operator registered.
		OperatorRegistered { operator: T::AccountId, commission: Perbill, bond: u128 },
		/// An operator changed its metadata.
		OperatorUpdated { operator: T::AccountId },
		/// The commission changed, now or at `effective_at`.
		CommissionChanged {
			operator: T::AccountId,
			commission: Perbill,
			effective_at: BlockNumberFor<T>,
		},
		/// An operator opted in to an AVS.
		OptedIn { operator: T::AccountId, avs: AvsId },
		/// An operator's opt-in ends at `effective_at`; until then its slices stay slashable.
		OptedOut { operator: T::AccountId, avs: AvsId, effective_at: BlockNumberFor<T> },
		/// An ended opt-in was removed with its allocations; its slots are free.
		OptInPruned { operator: T::AccountId, avs: AvsId },
		/// `by` ended `operator`'s opt-in to `avs`, whose stake fell below the AVS's minimum:
		/// an opt-out, effective at `effective_at`.
		OptInEvicted {
			operator: T::AccountId,
			avs: AvsId,
			by: T::AccountId,
			effective_at: BlockNumberFor<T>,
		},
		/// An allocation will become `to` at `effective_at`.
		AllocationScheduled {
			operator: T::AccountId,
			avs: AvsId,
			vault: VaultId,
			from: Fraction,
			to: Fraction,
			effective_at: BlockNumberFor<T>,
		},
		/// A pending allocation change was cancelled; the allocation stays at `current`.
		AllocationChangeCancelled {
			operator: T::AccountId,
			avs: AvsId,
			vault: VaultId,
			current: Fraction,
		},
		/// An allocation that had reached zero was removed from storage.
		AllocationRemoved { operator: T::AccountId, avs: AvsId, vault: VaultId },
		/// An operator started deregistering; it may finish at `until`.
		OperatorDeregistering { operator: T::AccountId, until: BlockNumberFor<T> },
		/// An operator finished deregistering; its bond was released.
		OperatorDeregistered { operator: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already an operator.
		AlreadyRegistered,
		/// The account is not an operator.
		NotOperator,
		/// The operator is deregistering and accepts nothing new.
		OperatorDeregistering,
		/// The commission is above `MaxCommission`.
		CommissionTooHigh,
		/// The commission is already this (and no change is pending).
		CommissionUnchanged,
		/// The AVS does not exist or is deregistering.
		AvsNotActive,
		/// The AVS is allow-listed and has not approved this operator.
		NotAdmittedByAvs,
		/// The operator has less than the AVS's minimum stake in every vault it accepts.
		InsufficientStake,
		/// The opt-in cannot be evicted: the AVS's operator list has room, the AVS has no
		/// minimum stake, the operator meets it in a vault it allocates to the AVS, or the
		/// opt-in is younger than the allocation delay A (time to allocate).
		NotEvictable,
		/// Already opted in to this AVS.
		AlreadyOptedIn,
		/// The operator is opting out of this AVS: it can opt in again once the opt-out has
		/// taken effect.
		OptOutPending,
		/// The opt-in has not ended yet: it can be pruned once its opt-out took effect.
		OptInNotEnded,
		/// Not opted in to this AVS (or already leaving it).
		NotOptedIn,
		/// `MaxAvsPerOperator` opt-ins already.
		TooManyOptIns,
		/// The AVS already has `MaxOperatorsPerAvs` operators opted in; one of them must
		/// leave (an ended opt-in is cleared when its operator opts in again or
		/// deregisters).
		TooManyOperators,
		/// `MaxAllocationsPerOperator` allocations already.
		TooManyAllocations,
		/// `MaxAllocationsPerOptIn` allocations to this AVS already: clear one that reached
		/// zero first (`allocate` it to zero again).
		TooManyAllocationsToAvs,
		/// The vault's curator has not approved this AVS (or is revoking it).
		AvsNotApprovedByVault,
		/// The AVS does not accept this vault (or is dropping it).
		VaultNotAcceptedByAvs,
		/// The vault is paused: no allocation increases.
		VaultPaused,
		/// No vault has this id.
		VaultNotFound,
		/// The allocations of this vault would exceed its `max_restake`.
		MaxRestakeExceeded,
		/// The allocation is already this, with nothing pending.
		AllocationUnchanged,
		/// Deregistration cannot finish yet: D has not passed since it started.
		DeregistrationNotDue,
		/// Deregistration cannot finish while a slash request against the operator is open.
		PendingSlash,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "std")]
		fn integrity_test() {
			assert!(T::MaxAvsPerOperator::get() > 0 && T::MaxAllocationsPerOperator::get() > 0);
			assert!(
				T::MaxAllocationsPerOptIn::get() > 0
					&& T::MaxAllocationsPerOptIn::get() <= T::MaxAllocationsPerOperator::get(),
				"need 0 < MaxAllocationsPerOptIn <= MaxAllocationsPerOperator"
			);
			assert!(
				T::Delays::allocation_delay() > T::Delays::max_offence_age(),
				"A must exceed every W, which exceeds E"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller as an operator with `commission`, holding `OperatorBond`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_operator())]
		pub fn register_operator(
			origin: OriginFor<T>,
			commission: Perbill,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			Self::do_register(operator, commission, metadata)
		}

		/// Replaces the operator's metadata.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_operator())]
		pub fn update_operator(
			origin: OriginFor<T>,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			OperatorInfo::<T>::try_mutate(&operator, |info| {
				let info = info.as_mut().ok_or(Error::<T>::NotOperator)?;
				info.metadata = metadata;
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::OperatorUpdated { operator });
			Ok(())
		}

		/// Sets the commission: a decrease applies now, an increase after A blocks.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_commission())]
		pub fn set_commission(origin: OriginFor<T>, commission: Perbill) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			ensure!(commission <= T::MaxCommission::get(), Error::<T>::CommissionTooHigh);
			let now = Self::now();
			let mut info = OperatorInfo::<T>::get(&operator).ok_or(Error::<T>::NotOperator)?;
			let current = info.commission_at(now);
			let effective_at = if commission > current {
				let at = now.saturating_add(T::Delays::allocation_delay());
				info.commission = current;
				info.pending_commission = Some((commission, at));
				at
			} else {
				ensure!(
					commission != current
						|| info.pending_commission.is_some_and(|(_, at)| at > now),
					Error::<T>::CommissionUnchanged
				);
				info.commission = commission;
				info.pending_commission = None;
				now
			};
			OperatorInfo::<T>::insert(&operator, info);
			Self::deposit_event(Event::CommissionChanged { operator, commission, effective_at });
			Ok(())
		}

		/// Opts in to `avs`.
		#[pallet::call_index(3)]
		// An ended opt-in to the same AVS is removed first: a prune's work on top.
		#[pallet::weight(T::WeightInfo::opt_in(T::MaxAvsPerOperator::get())
			.saturating_add(T::WeightInfo::prune_opt_in(T::MaxAllocationsPerOptIn::get())))]
		pub fn opt_in(origin: OriginFor<T>, avs: AvsId) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			let mut info = Self::active_operator(&operator)?;
			ensure!(T::Avs::is_active_avs(avs), Error::<T>::AvsNotActive);
			ensure!(T::Avs::admits_operator(avs, &operator), Error::<T>::NotAdmittedByAvs);
			let min = T::Avs::min_operator_stake(avs);
			// Active stake only: shares queued for withdrawal are leaving.
			ensure!(
				min == 0
					|| T::Avs::accepted_vaults(avs)
						.into_iter()
						.any(|vault| T::Vaults::pool_stake(vault, &operator).active >= min),
				Error::<T>::InsufficientStake
			);

			let now = Self::now();
			match OptIns::<T>::get(&operator, avs) {
				Some(opt_in) if opt_in.is_live(now) && opt_in.leaving_at.is_none() => {
					return Err(Error::<T>::AlreadyOptedIn.into())
				}
				// Coming back while still leaving would keep its allocations slashable past
				// the end the opt-out announced, with no notice: opt in again once it ended
				// (with new allocations, which wait A).
				Some(opt_in) if opt_in.is_live(now) => return Err(Error::<T>::OptOutPending.into()),
				Some(_) => Self::remove_opt_in(&operator, avs, &mut info),
				None => {}
			}
			if !OptIns::<T>::contains_key(&operator, avs) {
				ensure!(info.opt_ins < T::MaxAvsPerOperator::get(), Error::<T>::TooManyOptIns);
				info.opt_ins = info.opt_ins.saturating_add(1);
				Self::index_opt_in(&operator, avs)?;
			}
			OptIns::<T>::insert(
				&operator,
				avs,
				OptIn { since: now, leaving_at: None, allocations: 0 },
			);
			OperatorInfo::<T>::insert(&operator, info);
			Self::deposit_event(Event::OptedIn { operator, avs });
			Ok(())
		}

		/// Opts out of `avs`: after D blocks the opt-in and its allocations end; until
		/// then they stay slashable.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::opt_out())]
		pub fn opt_out(origin: OriginFor<T>, avs: AvsId) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			ensure!(OperatorInfo::<T>::contains_key(&operator), Error::<T>::NotOperator);
			Self::start_opt_out(&operator, avs)
		}

		/// Sets the fraction of the operator's pool in `vault` that `avs` may slash. An
		/// increase applies after A blocks, a decrease after D; setting the current value
		/// again cancels a pending change.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::allocate(T::MaxAvsPerOperator::get()))]
		pub fn allocate(
			origin: OriginFor<T>,
			avs: AvsId,
			vault: VaultId,
			fraction: Fraction,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			let mut info = OperatorInfo::<T>::get(&operator).ok_or(Error::<T>::NotOperator)?;
			let now = Self::now();
			let key = (operator.clone(), avs, vault);
			let existing = Allocations::<T>::get(&key);
			let allocation = existing.map(|a| a.at(now)).unwrap_or_default();
			let from = allocation.current;

			let (pending, effective_at) = if fraction > from {
				Self::ensure_may_increase(&operator, &info, avs, vault, now)?;
				let at = now.saturating_add(T::Delays::allocation_delay());
				let candidate = Allocation { current: from, pending: Some((fraction, at)) };
				Self::ensure_within_cap(&operator, avs, vault, candidate, now)?;
				(Some((fraction, at)), at)
			} else if fraction < from {
				let at = now.saturating_add(T::Delays::deallocation_delay());
				(Some((fraction, at)), at)
			} else {
				// Cancels a pending change, or clears an allocation that reached zero.
				ensure!(
					allocation.pending.is_some() || (from.is_zero() && existing.is_some()),
					Error::<T>::AllocationUnchanged
				);
				(None, now)
			};

			let updated = Allocation { current: from, pending };
			if updated.current.is_zero() && updated.pending.is_none() {
				if existing.is_some() {
					Allocations::<T>::remove(&key);
					info.allocations = info.allocations.saturating_sub(1);
					OptIns::<T>::mutate(&operator, avs, |opt_in| {
						if let Some(opt_in) = opt_in {
							opt_in.allocations = opt_in.allocations.saturating_sub(1);
						}
					});
				}
			} else {
				if existing.is_none() {
					ensure!(
						info.allocations < T::MaxAllocationsPerOperator::get(),
						Error::<T>::TooManyAllocations
					);
					info.allocations = info.allocations.saturating_add(1);
					// A new allocation is an increase, made under a live opt-in.
					OptIns::<T>::try_mutate(&operator, avs, |opt_in| {
						let opt_in = opt_in.as_mut().ok_or(Error::<T>::NotOptedIn)?;
						ensure!(
							opt_in.allocations < T::MaxAllocationsPerOptIn::get(),
							Error::<T>::TooManyAllocationsToAvs
						);
						opt_in.allocations = opt_in.allocations.saturating_add(1);
						Ok::<_, Error<T>>(())
					})?;
				}
				Allocations::<T>::insert(&key, updated);
			}
			OperatorInfo::<T>::insert(&operator, info);
			T::Observer::on_allocation_change(&operator, avs, vault, pending.map(|(_, at)| at));

			match pending {
				Some((to, _)) => Self::deposit_event(Event::AllocationScheduled {
					operator,
					avs,
					vault,
					from,
					to,
					effective_at,
				}),
				None if from.is_zero() => {
					Self::deposit_event(Event::AllocationRemoved { operator, avs, vault })
				}
				None => Self::deposit_event(Event::AllocationChangeCancelled {
					operator,
					avs,
					vault,
					current: from,
				}),
			}
			Ok(())
		}

		/// Deregisters the caller in two phases. The first call stops everything new and
		/// opts out of every AVS; the second, once D blocks have passed and no slash request
		/// against the operator is open, removes it and releases its bond.
		#[pallet::call_index(6)]
		#[pallet::weight({
			let a = T::MaxAllocationsPerOperator::get();
			T::WeightInfo::deregister_operator(a).max(T::WeightInfo::finish_deregistration(a))
		})]
		pub fn deregister_operator(origin: OriginFor<T>) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			let mut info = OperatorInfo::<T>::get(&operator).ok_or(Error::<T>::NotOperator)?;
			let now = Self::now();
			match info.status {
				OperatorStatus::Active => {
					let until = now.saturating_add(T::Delays::deallocation_delay());
					let avss: alloc::vec::Vec<AvsId> =
						OptIns::<T>::iter_key_prefix(&operator).collect();
					for avs in avss {
						// Already-leaving opt-ins keep their (earlier) end.
						let _ = Self::start_opt_out(&operator, avs);
					}
					info.status = OperatorStatus::Deregistering { until };
					OperatorInfo::<T>::insert(&operator, info);
					Self::deposit_event(Event::OperatorDeregistering { operator, until });
				}
				OperatorStatus::Deregistering { until } => {
					ensure!(now >= until, Error::<T>::DeregistrationNotDue);
					ensure!(
						!T::Slashing::has_pending_against_operator(&operator),
						Error::<T>::PendingSlash
					);
					for avs in
						OptIns::<T>::iter_key_prefix(&operator).collect::<alloc::vec::Vec<_>>()
					{
						Self::remove_opt_in(&operator, avs, &mut info);
					}
					T::Currency::release(
						&HoldReason::OperatorBond.into(),
						&operator,
						info.bond,
						Precision::BestEffort,
					)?;
					OperatorInfo::<T>::remove(&operator);
					Self::deposit_event(Event::OperatorDeregistered { operator });
				}
			}
			Ok(())
		}

		/// Removes an opt-in that has ended (its opt-out took effect, or its AVS no longer
		/// exists), with its allocations: frees its slot in the AVS's operator set and in
		/// the operator's opt-ins. Anyone may call it, so ended opt-ins never hold a slot
		/// another operator needs.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::prune_opt_in(T::MaxAllocationsPerOptIn::get()))]
		pub fn prune_opt_in(
			origin: OriginFor<T>,
			operator: T::AccountId,
			avs: AvsId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let mut info = OperatorInfo::<T>::get(&operator).ok_or(Error::<T>::NotOperator)?;
			let opt_in = OptIns::<T>::get(&operator, avs).ok_or(Error::<T>::NotOptedIn)?;
			// An opt-in to an AVS that no longer exists has nothing left to secure.
			ensure!(
				!opt_in.is_live(Self::now()) || !T::Avs::avs_exists(avs),
				Error::<T>::OptInNotEnded
			);
			Self::remove_opt_in(&operator, avs, &mut info);
			OperatorInfo::<T>::insert(&operator, info);
			Self::deposit_event(Event::OptInPruned { operator, avs });
			Ok(())
		}

		/// Ends `operator`'s opt-in to `avs` when the AVS's operator list is full
		/// (`MaxOperatorsPerAvs`), the AVS has a minimum operator stake and the operator no
		/// longer has it — in active stake, in any vault it allocates to the AVS through which
		/// the AVS can slash — once the opt-in is older than A (time to allocate after opting
		/// in). Anyone may call it, so that a full list cannot be held by opt-ins whose stake
		/// has left (a stake moved from operator to operator to fill it); an operator whose
		/// stake dips while the list has room keeps its place. It is an opt-out: the opt-in
		/// and its allocations stay slashable for D, and the slot frees when the ended
		/// opt-in is pruned.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::evict_opt_in())]
		pub fn evict_opt_in(
			origin: OriginFor<T>,
			operator: T::AccountId,
			avs: AvsId,
		) -> DispatchResult {
			let by = ensure_signed(origin)?;
			let opt_in = OptIns::<T>::get(&operator, avs)
				.filter(|o| o.leaving_at.is_none())
				.ok_or(Error::<T>::NotOptedIn)?;
			let now = Self::now();
			let min = T::Avs::min_operator_stake(avs);
			let full = AvsOperatorCount::<T>::get(avs) >= T::MaxOperatorsPerAvs::get();
			let settled = now >= opt_in.since.saturating_add(T::Delays::allocation_delay());
			let meets = Allocations::<T>::iter_key_prefix((&operator, avs)).any(|vault| {
				Self::vault_serves(vault, avs, now)
					&& T::Vaults::pool_stake(vault, &operator).active >= min
			});
			ensure!(min > 0 && full && settled && !meets, Error::<T>::NotEvictable);
			Self::start_opt_out(&operator, avs)?;
			let effective_at = now.saturating_add(T::Delays::deallocation_delay());
			Self::deposit_event(Event::OptInEvicted { operator, avs, by, effective_at });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Registers an operator (the body of [`Pallet::register_operator`], shared with
		/// genesis).
		pub(crate) fn do_register(
			operator: T::AccountId,
			commission: Perbill,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResult {
			ensure!(!OperatorInfo::<T>::contains_key(&operator), Error::<T>::AlreadyRegistered);
			ensure!(commission <= T::MaxCommission::get(), Error::<T>::CommissionTooHigh);
			let bond = T::OperatorBond::get();
			T::Currency::hold(&HoldReason::OperatorBond.into(), &operator, bond)?;
			OperatorInfo::<T>::insert(
				&operator,
				OperatorDetails {
					bond,
					commission,
					pending_commission: None,
					metadata,
					status: OperatorStatus::Active,
					opt_ins: 0,
					allocations: 0,
				},
			);
			Self::deposit_event(Event::OperatorRegistered { operator, commission, bond });
			Ok(())
		}

		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		fn active_operator(operator: &T::AccountId) -> Result<OperatorOf<T>, Error<T>> {
			let info = OperatorInfo::<T>::get(operator).ok_or(Error::<T>::NotOperator)?;
			ensure!(info.status == OperatorStatus::Active, Error::<T>::OperatorDeregistering);
			Ok(info)
		}

		/// Starts ending an opt-in (opt-out, removal by the AVS, deregistration).
		pub(crate) fn start_opt_out(operator: &T::AccountId, avs: AvsId) -> DispatchResult {
			let now = Self::now();
			let effective_at = now.saturating_add(T::Delays::deallocation_delay());
			OptIns::<T>::try_mutate(operator, avs, |opt_in| {
				match opt_in {
					Some(o) if o.leaving_at.is_none() => o.leaving_at = Some(effective_at),
					_ => return Err(Error::<T>::NotOptedIn),
				}
				Ok(())
			})?;
			for vault in Allocations::<T>::iter_key_prefix((operator, avs)) {
				T::Observer::on_allocation_change(operator, avs, vault, Some(effective_at));
			}
			Self::deposit_event(Event::OptedOut { operator: operator.clone(), avs, effective_at });
			Ok(())
		}

		/// Adds a new opt-in to its AVS's index, within `MaxOperatorsPerAvs`.
		fn index_opt_in(operator: &T::AccountId, avs: AvsId) -> Result<(), Error<T>> {
			AvsOperatorCount::<T>::try_mutate(avs, |count| {
				ensure!(*count < T::MaxOperatorsPerAvs::get(), Error::<T>::TooManyOperators);
				*count = count.saturating_add(1);
				Ok::<_, Error<T>>(())
			})?;
			AvsOperators::<T>::insert(avs, operator, ());
			Ok(())
		}

		fn unindex_opt_in(operator: &T::AccountId, avs: AvsId) {
			if AvsOperators::<T>::take(avs, operator).is_some() {
				AvsOperatorCount::<T>::mutate_exists(avs, |count| {
					*count = count.map(|c| c.saturating_sub(1)).filter(|c| *c > 0);
				});
			}
		}

		/// Removes an ended opt-in and its allocations, and tells the observer, so that what
		/// was kept for them elsewhere (a pool's earner in pallet-rewards) goes with them and
		/// never outlives the slot that bounds it.
		fn remove_opt_in(operator: &T::AccountId, avs: AvsId, info: &mut OperatorOf<T>) {
			OptIns::<T>::remove(operator, avs);
			Self::unindex_opt_in(operator, avs);
			info.opt_ins = info.opt_ins.saturating_sub(1);
			// Counted one by one: `clear_prefix`'s tally also counts keys already removed
			// earlier in the block. At most `MaxAllocationsPerOperator` entries.
			let vaults: alloc::vec::Vec<VaultId> =
				Allocations::<T>::iter_key_prefix((operator, avs)).collect();
			for vault in &vaults {
				Allocations::<T>::remove((operator, avs, vault));
			}
			info.allocations = info.allocations.saturating_sub(vaults.len() as u32);
			for vault in vaults {
				T::Observer::on_allocation_change(operator, avs, vault, None);
			}
		}

		fn ensure_may_increase(
			operator: &T::AccountId,
			info: &OperatorOf<T>,
			avs: AvsId,
			vault: VaultId,
			now: BlockNumberFor<T>,
		) -> DispatchResult {
			ensure!(info.status == OperatorStatus::Active, Error::<T>::OperatorDeregistering);
			ensure!(T::Vaults::vault_exists(vault), Error::<T>::VaultNotFound);
			ensure!(T::Avs::is_active_avs(avs), Error::<T>::AvsNotActive);
			ensure!(
				OptIns::<T>::get(operator, avs)
					.is_some_and(|o| o.leaving_at.is_none() && o.is_live(now)),
				Error::<T>::NotOptedIn
			);
			ensure!(
				T::Vaults::avs_approval(vault, avs).admits_new(),
				Error::<T>::AvsNotApprovedByVault
			);
			ensure!(
				T::Avs::vault_acceptance(avs, vault).admits_new(),
				Error::<T>::VaultNotAcceptedByAvs
			);
			ensure!(!T::Vaults::is_paused(vault), Error::<T>::VaultPaused);
			Ok(())
		}

		/// Checks that the operator's allocations of `vault`, with `candidate` for `avs`,
		/// stay within the vault's `max_restake`.
		fn ensure_within_cap(
			operator: &T::AccountId,
			avs: AvsId,
			vault: VaultId,
			candidate: Allocation<BlockNumberFor<T>>,
			now: BlockNumberFor<T>,
		) -> DispatchResult {
			let cap = T::Vaults::max_restake(vault).ok_or(Error::<T>::VaultNotFound)?;
			let total = sum_parts(
				Self::pool_allocations(operator, vault, now)
					.into_iter()
					.filter(|(other, _)| *other != avs)
					.map(|(_, allocation)| allocation.reserved())
					.chain(core::iter::once(candidate.reserved())),
			);
			ensure!(total <= cap_parts(cap), Error::<T>::MaxRestakeExceeded);
			Ok(())
		}

		/// The operator's allocations of `vault`, one per AVS it is opted in to, at `now`.
		pub fn pool_allocations(
			operator: &T::AccountId,
			vault: VaultId,
			now: BlockNumberFor<T>,
		) -> alloc::vec::Vec<(AvsId, Allocation<BlockNumberFor<T>>)> {
			OptIns::<T>::iter_key_prefix(operator)
				.filter_map(|avs| {
					Allocations::<T>::get((operator, avs, vault)).map(|a| (avs, a.at(now)))
				})
				.collect()
		}
	}
}
