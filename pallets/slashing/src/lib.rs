//! # Slashing
//!
//! AVSs request slashes of operators that misbehaved; the request takes its amount out of
//! every hit pool at once (escrow), waits a veto window, then pays the escrow to the AVS's
//! destination. It combines safeguards no single restaking protocol has together:
//!
//! - **bounded, delayed allocations** (pallet-operators): an AVS can only ever reach the
//!   slice an operator allocated to it, and increases wait longer than any withdrawal;
//! - **a cap per request** (`max_slash_per_request`, at most the chain's cap) and **a
//!   cooldown** K between two requests against the same operator, vetoed ones included;
//! - **a veto window** V with an independent **resolver** (never the slasher), and the
//!   governance origin, able to veto;
//! - **escrow at request**: `fraction × slice` leaves each pool's `total_assets` in the
//!   request itself — one write per pool, never per staker, exiting shares included. Stakers
//!   who leave during the window leave without it, newcomers are not hit (a pool with
//!   escrow refuses deposits), and a veto puts back exactly what was taken.
//!
//! ## The amount
//!
//! For each vault the AVS can slash, the operator's live slice is `f × pool assets` (`f`
//! from pallet-operators). The request takes
//!
//! ```text
//! min( ⌊f × assets⌋, ⌈fraction × f × assets⌉ )
//! ```
//!
//! computed in one 256-bit step: a non-zero request of a non-zero slice takes at least one
//! unit, never more than the slice. Pallet-operators then rescales the pool's allocations:
//! when they sum to at most 100 %, every other AVS keeps its slice in absolute terms and
//! the slasher's shrinks by what it took; above 100 % the overlap shares the loss. The
//! `PoolEscrowed` event lists every AVS's slice of the pool before and after.
//!
//! ## Execution
//!
//! After V blocks anyone may [`Pallet::execute_slash`]; due requests are also executed in
//! `on_initialize`, first due first, at most `MaxExecutionsPerBlock` a block — the rest wait
//! for the next block, none is skipped. A request not executed before `executable_at +
//! SlashExpiry` expires: its escrow returns to the pools. Executed: the escrow is burned,
//! sent to the treasury, or to the AVS's fixed recipient, and the requester's deposit is
//! released. Vetoed: the escrow returns and the deposit goes to the treasury.

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
		AllocationsSlashing, AvsId, AvsInspect, Fraction, OperatorsInspect, RestakingDelays,
		SlashDestination, SlashablePools, SliceChange, VaultId, VaultsInspect,
	};
	use {
		frame_support::{
			pallet_prelude::*,
			traits::{
				fungible::{self, MutateHold},
				tokens::{Fortitude, Precision, Restriction},
			},
		},
		frame_system::{self, pallet_prelude::*},
		sp_core::{H256, U256},
		sp_runtime::traits::{Saturating, Zero},
	};

	/// A slash request as stored.
	pub type RequestOf<T> = SlashRequest<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxVaultsPerAvs,
	>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The native currency requester deposits are held in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason, Balance = u128>;

		/// Pools: their stake, and escrow in and out of them.
		type Vaults: VaultsInspect<Self::AccountId, BlockNumberFor<Self>, Balance = u128>
			+ SlashablePools<Self::AccountId, Balance = u128>;

		/// Allocations: the slices, and their rescaling after a slash.
		type Operators: OperatorsInspect<Self::AccountId> + AllocationsSlashing<Self::AccountId>;

		/// AVSs: their slashing rules and the vaults they can slash.
		type Avs: AvsInspect<Self::AccountId, BlockNumberFor<Self>, Balance = u128>;

		/// May veto any pending slash.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The chain-wide delays (E is checked here).
		type Delays: RestakingDelays<BlockNumberFor<Self>>;

		/// Receives slashes whose destination is the treasury, and forfeited deposits.
		#[pallet::constant]
		type TreasuryAccount: Get<Self::AccountId>;

		/// The native deposit a slash request holds from its requester.
		#[pallet::constant]
		type RequestDeposit: Get<u128>;

		/// The most slash requests pending at once, chain-wide.
		#[pallet::constant]
		type MaxPendingRequests: Get<u32>;

		/// The most due requests `on_initialize` executes in one block.
		#[pallet::constant]
		type MaxExecutionsPerBlock: Get<u32>;

		/// Blocks after the veto window during which a request can still be executed.
		#[pallet::constant]
		type SlashExpiry: Get<BlockNumberFor<Self>>;

		/// The most vaults one AVS serves (pallet-avs' bound): the most pools one request hits.
		#[pallet::constant]
		type MaxVaultsPerAvs: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds native funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A slash requester's deposit.
		RequestDeposit,
	}

	/// The id the next request gets. Ids are never reused.
	#[pallet::storage]
	pub type NextSlashId<T> = StorageValue<_, SlashId, ValueQuery>;

	/// Pending requests.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageMap<_, Twox64Concat, SlashId, RequestOf<T>>;

	/// The pending request of each (AVS, operator), at most one.
	#[pallet::storage]
	pub type PendingRequest<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AvsId, Blake2_128Concat, T::AccountId, SlashId>;

	/// When each (AVS, operator) was last requested, for the cooldown.
	#[pallet::storage]
	pub type LastRequestAt<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AvsId, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// How many requests against each operator are pending.
	#[pallet::storage]
	pub type PendingAgainst<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// How many requests of each AVS are pending.
	#[pallet::storage]
	pub type PendingBy<T: Config> = StorageMap<_, Twox64Concat, AvsId, u32, ValueQuery>;

	/// Pending requests by the block they become executable at, first due first.
	#[pallet::storage]
	pub type Queue<T: Config> = StorageValue<
		_,
		BoundedVec<(BlockNumberFor<T>, SlashId), T::MaxPendingRequests>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A slash was requested; its escrow is taken, it can be vetoed until `executable_at`.
		SlashRequested {
			id: SlashId,
			avs: AvsId,
			operator: T::AccountId,
			fraction: Fraction,
			offence_block: BlockNumberFor<T>,
			evidence: H256,
			total: u128,
			executable_at: BlockNumberFor<T>,
		},
		/// One pool's escrow for request `id`, with every AVS's slice of that pool before
		/// and after: the overlap made visible.
		PoolEscrowed {
			id: SlashId,
			vault: VaultId,
			operator: T::AccountId,
			amount: u128,
			slices: alloc::vec::Vec<SliceChange<u128>>,
		},
		/// A request was vetoed: its escrow returned to the pools, the deposit was forfeited.
		SlashVetoed { id: SlashId, by_governance: bool },
		/// A request was executed: its escrow went to `destination`.
		SlashExecuted { id: SlashId, destination: SlashDestination<T::AccountId>, total: u128 },
		/// A request expired unexecuted: its escrow returned to the pools.
		SlashExpired { id: SlashId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No AVS has this id.
		AvsNotFound,
		/// Only the AVS's slasher may request slashes.
		NotSlasher,
		/// Only the AVS's resolver or governance may veto.
		NotResolver,
		/// The fraction is zero.
		ZeroFraction,
		/// The fraction is above the AVS's `max_slash_per_request`.
		FractionAboveCap,
		/// The offence block is in the future.
		OffenceInFuture,
		/// The offence is older than `MaxOffenceAge`.
		OffenceTooOld,
		/// A request against this operator by this AVS is already pending.
		RequestPending,
		/// The AVS's cooldown since its last request against this operator has not passed.
		InCooldown,
		/// The operator has no slashable stake for this AVS.
		NothingToSlash,
		/// `MaxPendingRequests` requests are pending.
		TooManyPendingRequests,
		/// No pending request has this id.
		RequestNotFound,
		/// The veto window has closed.
		VetoWindowClosed,
		/// The veto window is still open.
		VetoWindowOpen,
		/// An id overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let executed = Self::execute_due(now);
			T::WeightInfo::on_initialize(executed, T::MaxVaultsPerAvs::get())
		}

		#[cfg(feature = "std")]
		fn integrity_test() {
			assert!(T::MaxExecutionsPerBlock::get() > 0);
			assert!(!T::SlashExpiry::get().is_zero());
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Requests a slash of `fraction` of each of `operator`'s slices for `avs`, for an
		/// offence at `offence_block`. The AVS's slasher only. Escrows the amounts at once.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::request_slash(T::MaxVaultsPerAvs::get()))]
		pub fn request_slash(
			origin: OriginFor<T>,
			avs: AvsId,
			operator: T::AccountId,
			fraction: Fraction,
			offence_block: BlockNumberFor<T>,
			evidence_hash: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let rules = T::Avs::slashing_rules(avs).ok_or(Error::<T>::AvsNotFound)?;
			ensure!(who == rules.slasher, Error::<T>::NotSlasher);
			ensure!(!fraction.is_zero(), Error::<T>::ZeroFraction);
			ensure!(fraction <= rules.max_slash_per_request, Error::<T>::FractionAboveCap);
			let now = Self::now();
			ensure!(offence_block <= now, Error::<T>::OffenceInFuture);
			ensure!(
				now.saturating_sub(offence_block) <= T::Delays::max_offence_age(),
				Error::<T>::OffenceTooOld
			);
			ensure!(!PendingRequest::<T>::contains_key(avs, &operator), Error::<T>::RequestPending);
			if let Some(last) = LastRequestAt::<T>::get(avs, &operator) {
				ensure!(now >= last.saturating_add(rules.slash_cooldown), Error::<T>::InCooldown);
			}

			let id = NextSlashId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let mut pools: BoundedVec<(VaultId, u128), T::MaxVaultsPerAvs> = Default::default();
			let mut total: u128 = 0;
			for vault in T::Avs::slashable_vaults(avs) {
				let f = T::Operators::slashable_fraction(&operator, avs, vault);
				let assets = T::Vaults::pool_stake(vault, &operator).total;
				let amount = slash_amount(f, fraction, assets);
				if amount == 0 {
					continue;
				}
				T::Vaults::escrow(vault, &operator, amount)?;
				let slices = T::Operators::on_slash(&operator, avs, vault, amount, assets);
				// Bounded by the AVS's own vault bound; a longer list is a wiring error.
				pools.try_push((vault, amount)).map_err(|_| Error::<T>::Overflow)?;
				total = total.saturating_add(amount);
				Self::deposit_event(Event::PoolEscrowed {
					id,
					vault,
					operator: operator.clone(),
					amount,
					slices,
				});
			}
			ensure!(!pools.is_empty(), Error::<T>::NothingToSlash);

			let deposit = T::RequestDeposit::get();
			T::Currency::hold(&HoldReason::RequestDeposit.into(), &who, deposit)?;
			let executable_at = now.saturating_add(rules.veto_window);
			Queue::<T>::try_mutate(|queue| {
				let at = queue.partition_point(|(due, _)| *due <= executable_at);
				queue.try_insert(at, (executable_at, id))
			})
			.map_err(|_| Error::<T>::TooManyPendingRequests)?;
			Requests::<T>::insert(
				id,
				SlashRequest {
					avs,
					operator: operator.clone(),
					fraction,
					offence_block,
					evidence: evidence_hash,
					requester: who,
					deposit,
					pools,
					requested_at: now,
					executable_at,
					expires_at: executable_at.saturating_add(T::SlashExpiry::get()),
				},
			);
			PendingRequest::<T>::insert(avs, &operator, id);
			LastRequestAt::<T>::insert(avs, &operator, now);
			PendingAgainst::<T>::mutate(&operator, |n| *n = n.saturating_add(1));
			PendingBy::<T>::mutate(avs, |n| *n = n.saturating_add(1));
			NextSlashId::<T>::put(next);
			Self::deposit_event(Event::SlashRequested {
				id,
				avs,
				operator,
				fraction,
				offence_block,
				evidence: evidence_hash,
				total,
				executable_at,
			});
			Ok(())
		}

		/// Vetoes a pending request during its veto window: the escrow returns to the
		/// pools and the requester's deposit goes to the treasury. The AVS's resolver or
		/// governance only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::veto_slash(T::MaxVaultsPerAvs::get()))]
		pub fn veto_slash(origin: OriginFor<T>, id: SlashId) -> DispatchResult {
			let request = Requests::<T>::get(id).ok_or(Error::<T>::RequestNotFound)?;
			let by_governance = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => true,
				Err(origin) => {
					let who = ensure_signed(origin)?;
					let rules = T::Avs::slashing_rules(request.avs).ok_or(Error::<T>::AvsNotFound)?;
					ensure!(rules.resolver.as_ref() == Some(&who), Error::<T>::NotResolver);
					false
				},
			};
			ensure!(Self::now() < request.executable_at, Error::<T>::VetoWindowClosed);
			for (vault, amount) in request.pools.iter() {
				T::Vaults::release(*vault, &request.operator, *amount)?;
			}
			T::Currency::transfer_on_hold(
				&HoldReason::RequestDeposit.into(),
				&request.requester,
				&T::TreasuryAccount::get(),
				request.deposit,
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)?;
			Self::forget(id, &request);
			Self::deposit_event(Event::SlashVetoed { id, by_governance });
			Ok(())
		}

		/// Executes a request whose veto window has passed (anyone may), or returns its
		/// escrow if it expired.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::execute_slash(T::MaxVaultsPerAvs::get()))]
		pub fn execute_slash(origin: OriginFor<T>, id: SlashId) -> DispatchResult {
			ensure_signed(origin)?;
			let request = Requests::<T>::get(id).ok_or(Error::<T>::RequestNotFound)?;
			ensure!(Self::now() >= request.executable_at, Error::<T>::VetoWindowOpen);
			Self::settle(id, request)
		}
	}

	/// `min(⌊f × assets⌋, ⌈fraction × f × assets⌉)`, in one 256-bit step.
	pub fn slash_amount(f: Fraction, fraction: Fraction, assets: u128) -> u128 {
		let slice = f.mul_floor(assets);
		let one = U256::from(Fraction::one().deconstruct());
		let numerator = U256::from(fraction.deconstruct())
			.saturating_mul(U256::from(f.deconstruct()))
			.saturating_mul(U256::from(assets));
		let denominator = one.saturating_mul(one);
		let (quotient, remainder) = numerator.div_mod(denominator);
		let ceil = if remainder.is_zero() { quotient } else { quotient.saturating_add(U256::one()) };
		let ceil = u128::try_from(ceil).unwrap_or(u128::MAX);
		ceil.min(slice)
	}

	impl<T: Config> Pallet<T> {
		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		/// Executes or expires request `id`, whose veto window has passed.
		fn settle(id: SlashId, request: RequestOf<T>) -> DispatchResult {
			if Self::now() >= request.expires_at {
				for (vault, amount) in request.pools.iter() {
					T::Vaults::release(*vault, &request.operator, *amount)?;
				}
				Self::release_deposit(&request)?;
				Self::forget(id, &request);
				Self::deposit_event(Event::SlashExpired { id });
				return Ok(());
			}
			let destination = T::Avs::slashing_rules(request.avs)
				.map(|rules| rules.destination)
				// An AVS gone since the request burns what it took.
				.unwrap_or(SlashDestination::Burn);
			let treasury = T::TreasuryAccount::get();
			let to = match &destination {
				SlashDestination::Burn => None,
				SlashDestination::Treasury => Some(&treasury),
				SlashDestination::Account(who) => Some(who),
			};
			let mut total: u128 = 0;
			for (vault, amount) in request.pools.iter() {
				T::Vaults::pay_out(*vault, &request.operator, *amount, to)?;
				total = total.saturating_add(*amount);
			}
			Self::release_deposit(&request)?;
			Self::forget(id, &request);
			Self::deposit_event(Event::SlashExecuted { id, destination, total });
			Ok(())
		}

		fn release_deposit(request: &RequestOf<T>) -> DispatchResult {
			T::Currency::release(
				&HoldReason::RequestDeposit.into(),
				&request.requester,
				request.deposit,
				Precision::BestEffort,
			)?;
			Ok(())
		}

		/// Removes a settled request from every index.
		fn forget(id: SlashId, request: &RequestOf<T>) {
			Requests::<T>::remove(id);
			PendingRequest::<T>::remove(request.avs, &request.operator);
			PendingAgainst::<T>::mutate_exists(&request.operator, |n| {
				*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
			});
			PendingBy::<T>::mutate_exists(request.avs, |n| {
				*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
			});
			Queue::<T>::mutate(|queue| queue.retain(|(_, queued)| *queued != id));
		}

		/// Executes due requests, first due first, at most `MaxExecutionsPerBlock`;
		/// returns how many it settled.
		pub(crate) fn execute_due(now: BlockNumberFor<T>) -> u32 {
			let due: alloc::vec::Vec<SlashId> = Queue::<T>::get()
				.iter()
				.take_while(|(at, _)| *at <= now)
				.take(T::MaxExecutionsPerBlock::get() as usize)
				.map(|(_, id)| *id)
				.collect();
			let mut settled = 0u32;
			for id in due {
				let Some(request) = Requests::<T>::get(id) else { continue };
				// A failure leaves the request queued for the next block, never dropped.
				let outcome = frame_support::storage::with_storage_layer(|| {
					Self::settle(id, request)
				});
				if let Err(e) = outcome {
					log::warn!(target: "runtime::slashing", "slash {id} not settled: {e:?}");
				} else {
					settled = settled.saturating_add(1);
				}
			}
			settled
		}
	}
}
