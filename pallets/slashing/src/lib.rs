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
//! For each vault the AVS can slash, the operator's live slice is `f × base` (`f` from
//! pallet-operators), where the base is the pool's assets plus the escrow of requests still
//! pending against it: a pending request changes no other AVS's slice until it executes.
//! The request takes
//!
//! ```text
//! min( ⌊f × base⌋, ⌈fraction × f × base⌉, pool assets )
//! ```
//!
//! computed in one 256-bit step: a non-zero request of a non-zero slice takes at least one
//! unit, never more than the slice nor what is left in the pool. When the request is executed, and only then,
//! pallet-operators rescales the pool's allocations: when they sum to at most 100 %, every
//! other AVS keeps its slice in absolute terms and the slasher's shrinks by what it took;
//! above 100 % the overlap shares the loss. The `PoolEscrowed` event lists every AVS's
//! slice of the pool before and after, as execution would leave them. A veto returns the
//! escrow and leaves every allocation exactly as it was: only an executed slash rescales.
//!
//! ## Execution
//!
//! After V blocks anyone may [`Pallet::execute_slash`]; due requests are also executed in
//! `on_initialize`, first due first, at most `MaxExecutionsPerBlock` attempts a block — the
//! rest wait for the next block, none is skipped. Executed: each pool's escrow is burned,
//! sent to the treasury, or to the AVS's fixed recipient, and the requester's deposit is
//! released. A pool's payout the destination cannot receive (an amount below the asset's
//! minimum balance for an account that holds none, an asset the account cannot be created
//! for) is burned instead (`UndeliverablePayoutBurned`): a request whose window passed
//! always lands, whatever its destination. Vetoed: the escrow returns and the deposit goes
//! to the treasury — except a pool's escrow whose every staker left while the request was
//! pending (they were paid without it): it has no owner in the pool and goes to the
//! treasury too (`UnownedEscrowToTreasury`), never to whoever deposits next.
//!
//! A request does not expire: the block hook executes every due request it reaches,
//! however late (a burst of requests due at once only delays the last ones, and anyone may
//! execute their own meanwhile), so neither a flood of other requests nor the passing of
//! time returns an escrow. If a request cannot be settled at all (its asset frozen by the
//! asset's admin), the hook retries it in the next block, behind every request already
//! due, until it can: it never holds up the others, and its escrow never returns.
//!
//! ## Bounds
//!
//! Pending requests are not kept in one chain-wide list that could fill up: each is one
//! entry under its due block (`Due`), at most one per (AVS, operator), each paid for
//! with the requester's deposit. A request by any AVS is always admitted, however many
//! other AVSs have pending.
//!
//! ## Simulation
//!
//! [`Pallet::api_simulate_slash`] answers `restaking_simulateSlash`: the same request by
//! the AVS's slasher, run in a storage transaction that is rolled back.

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
		sp_runtime::traits::{One, Saturating, UniqueSaturatedInto},
	};

	/// A slash request as stored.
	pub type RequestOf<T> = SlashRequest<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxVaultsPerAvs,
	>;

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

		/// The native currency requester deposits are held in.
		type Currency: fungible::MutateHold<
			Self::AccountId,
			Reason = Self::RuntimeHoldReason,
			Balance = u128,
		>;

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

		/// The most due requests `on_initialize` tries to settle in one block.
		#[pallet::constant]
		type MaxExecutionsPerBlock: Get<u32>;

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
	pub(crate) type PendingRequest<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AvsId, Blake2_128Concat, T::AccountId, SlashId>;

	/// When each (AVS, operator) was last requested, for the cooldown.
	#[pallet::storage]
	pub(crate) type LastRequestAt<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AvsId, Blake2_128Concat, T::AccountId, BlockNumberFor<T>>;

	/// How many requests against each operator are pending.
	#[pallet::storage]
	pub(crate) type PendingAgainst<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// How many requests of each AVS are pending.
	#[pallet::storage]
	pub(crate) type PendingBy<T: Config> = StorageMap<_, Twox64Concat, AvsId, u32, ValueQuery>;

	/// Pending requests in the order the block hook tries them: keyed by [`DueKey`] (the
	/// due block, then the order they were queued in), so iterating the map from its start
	/// gives the first due first. One entry per pending request, so no party can fill it
	/// for the others.
	#[pallet::storage]
	pub(crate) type Due<T: Config> = StorageMap<_, Identity, DueKey, SlashId>;

	/// The sequence number the next `Due` entry gets.
	#[pallet::storage]
	pub(crate) type NextDueSeq<T: Config> = StorageValue<_, u64, ValueQuery>;

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
		/// Pending request `id` was raised to `fraction` (a later proof called for more):
		/// `added` more escrowed (`PoolEscrowed` for each pool); it can be vetoed until
		/// `executable_at` (a whole veto window from the raise, or its own if later).
		SlashRaised {
			id: SlashId,
			fraction: Fraction,
			added: u128,
			executable_at: BlockNumberFor<T>,
		},
		/// A request was vetoed: its escrow returned to the pools, the deposit was forfeited.
		SlashVetoed { id: SlashId, by_governance: bool },
		/// A request was executed: its escrow went to `destination`.
		SlashExecuted { id: SlashId, destination: SlashDestination<T::AccountId>, total: u128 },
		/// The destination could not receive `amount` of request `id`'s escrow from `vault`'s
		/// pool (below the asset's minimum balance, or an account the asset cannot create):
		/// it was burned instead. It never returns to the pool.
		UndeliverablePayoutBurned { id: SlashId, vault: VaultId, amount: u128 },
		/// Request `id` was vetoed after every staker of `vault`'s pool had left (paid without
		/// the escrow): `amount` had no one to return to and went to the treasury (burned if
		/// the treasury could not receive it: `UndeliverablePayoutBurned`).
		UnownedEscrowToTreasury { id: SlashId, vault: VaultId, amount: u128 },
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
		/// No pending request has this id.
		RequestNotFound,
		/// The veto window has closed.
		VetoWindowClosed,
		/// The veto window is still open.
		VetoWindowOpen,
		/// An id overflowed.
		Overflow,
		/// A raise must call for a larger fraction than the request has.
		FractionNotRaised,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let HookWork { attempts, retried } = Self::execute_due(now);
			let p = T::MaxVaultsPerAvs::get();
			// Each attempt is charged a full execution, whatever it took; a retry rewrites
			// the request, its due entry and the sequence.
			T::WeightInfo::on_initialize(attempts, p)
				.saturating_add(
					T::DbWeight::get()
						.reads_writes(u64::from(retried), u64::from(retried).saturating_mul(4)),
				)
				.saturating_add(Self::payout_surcharge().saturating_mul(attempts.into()))
		}

		#[cfg(feature = "std")]
		fn integrity_test() {
			assert!(T::MaxExecutionsPerBlock::get() > 0);
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
			Self::do_request_slash(
				who,
				avs,
				operator,
				fraction,
				offence_block,
				evidence_hash,
				T::RequestDeposit::get(),
				|_| {},
			)
			.map(|_| ())
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
					let rules =
						T::Avs::slashing_rules(request.avs).ok_or(Error::<T>::AvsNotFound)?;
					ensure!(rules.resolver.as_ref() == Some(&who), Error::<T>::NotResolver);
					false
				}
			};
			ensure!(Self::now() < request.executable_at, Error::<T>::VetoWindowClosed);
			let treasury = T::TreasuryAccount::get();
			for (vault, amount) in request.pools.iter() {
				if T::Vaults::has_holders(*vault, &request.operator) {
					T::Vaults::release(*vault, &request.operator, *amount)?;
				} else {
					// Every staker of the pool left while the request was pending, paid
					// without the escrow: no one in the pool owns it, and a later depositor
					// must not take it. It goes where nobody's funds go.
					Self::deliver(id, *vault, &request.operator, *amount, Some(&treasury))?;
					Self::deposit_event(Event::UnownedEscrowToTreasury {
						id,
						vault: *vault,
						amount: *amount,
					});
				}
			}
			if request.deposit > 0 {
				T::Currency::transfer_on_hold(
					&HoldReason::RequestDeposit.into(),
					&request.requester,
					&T::TreasuryAccount::get(),
					request.deposit,
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Force,
				)?;
			}
			Self::forget(id, &request);
			Self::deposit_event(Event::SlashVetoed { id, by_governance });
			Ok(())
		}

		/// Executes a request whose veto window has passed (anyone may).
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::execute_slash(T::MaxVaultsPerAvs::get())
				.saturating_add(Pallet::<T>::payout_surcharge())
		)]
		pub fn execute_slash(origin: OriginFor<T>, id: SlashId) -> DispatchResult {
			ensure_signed(origin)?;
			let request = Requests::<T>::get(id).ok_or(Error::<T>::RequestNotFound)?;
			ensure!(Self::now() >= request.executable_at, Error::<T>::VetoWindowOpen);
			Self::settle(id, request)
		}
	}

	/// What the block hook did, for its weight.
	#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
	pub struct HookWork {
		/// Requests it tried to settle (executed or failed).
		pub attempts: u32,
		/// Requests that could not be settled and were queued for the next block.
		pub retried: u32,
	}

	/// The key of a `Due` entry: the block it is due at, then its sequence number, both
	/// big-endian, so the map's raw key order is the order of execution.
	pub fn due_key(block: u64, seq: u64) -> DueKey {
		let mut key = [0u8; 16];
		let (at, order) = key.split_at_mut(8);
		at.copy_from_slice(&block.to_be_bytes());
		order.copy_from_slice(&seq.to_be_bytes());
		key
	}

	/// The block a `Due` key is due at.
	pub fn due_block(key: &DueKey) -> u64 {
		let mut at = [0u8; 8];
		at.copy_from_slice(key.split_at(8).0);
		u64::from_be_bytes(at)
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
		let ceil =
			if remainder.is_zero() { quotient } else { quotient.saturating_add(U256::one()) };
		let ceil = u128::try_from(ceil).unwrap_or(u128::MAX);
		ceil.min(slice)
	}

	impl<T: Config> Pallet<T> {
		/// `request_slash` by `who`: checks, escrows and records the request, holding
		/// `deposit` from `who` (none for a request the chain files from evidence it
		/// verified, [`bastion_primitives::ProvenSlashes`]). `on_escrow` sees what it
		/// escrows from each pool before the `PoolEscrowed` event takes it (the
		/// simulation's answer; the dispatchable passes a closure that does nothing).
		#[allow(clippy::too_many_arguments)]
		pub(crate) fn do_request_slash(
			who: T::AccountId,
			avs: AvsId,
			operator: T::AccountId,
			fraction: Fraction,
			offence_block: BlockNumberFor<T>,
			evidence_hash: H256,
			deposit: u128,
			on_escrow: impl FnMut(EscrowedPool<'_>),
		) -> Result<SlashId, DispatchError> {
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
			// The cooldown paces an AVS's own accusations; a request the chain files from
			// evidence it verified (no deposit) is not held back by it.
			if let Some(last) = LastRequestAt::<T>::get(avs, &operator).filter(|_| deposit > 0) {
				ensure!(now >= last.saturating_add(rules.slash_cooldown), Error::<T>::InCooldown);
			}

			let id = NextSlashId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let mut pools: BoundedVec<(VaultId, u128), T::MaxVaultsPerAvs> = Default::default();
			let total = Self::escrow_slices(id, avs, &operator, fraction, &mut pools, on_escrow)?;
			ensure!(!pools.is_empty(), Error::<T>::NothingToSlash);

			if deposit > 0 {
				T::Currency::hold(&HoldReason::RequestDeposit.into(), &who, deposit)?;
			}
			let executable_at = now.saturating_add(rules.veto_window);
			let due_key = Self::queue_due(executable_at, id)?;
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
					due_key,
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
			Ok(id)
		}

		/// Escrows `fraction` of each of `operator`'s slices for `avs` (as they stand now) for
		/// request `id`, adding each pool's amount to `pools`; emits `PoolEscrowed` for each.
		/// Returns the total escrowed.
		fn escrow_slices(
			id: SlashId,
			avs: AvsId,
			operator: &T::AccountId,
			fraction: Fraction,
			pools: &mut BoundedVec<(VaultId, u128), T::MaxVaultsPerAvs>,
			mut on_escrow: impl FnMut(EscrowedPool<'_>),
		) -> Result<u128, DispatchError> {
			let mut total: u128 = 0;
			for vault in T::Avs::slashable_vaults(avs) {
				let f = T::Operators::slashable_fraction(operator, avs, vault);
				// Other AVSs' pending requests do not shrink this slice until they execute
				// (unless the pool is allocated above 100 %, where the loss is shared).
				let stake = T::Vaults::pool_stake(vault, operator);
				let base = Self::slice_base(operator, vault, stake.total, stake.escrowed, 0);
				let amount = slash_amount(f, fraction, base).min(stake.total);
				if amount == 0 {
					continue;
				}
				T::Vaults::escrow(vault, operator, amount)?;
				// What execution would do to the slices now; allocations change only then.
				let slices = T::Operators::slice_changes(operator, avs, vault, amount, base);
				match pools.iter_mut().find(|(v, _)| *v == vault) {
					Some((_, escrowed)) => *escrowed = escrowed.saturating_add(amount),
					// Bounded by the AVS's own vault bound; a longer list is a wiring error.
					None => pools.try_push((vault, amount)).map_err(|_| Error::<T>::Overflow)?,
				}
				total = total.saturating_add(amount);
				on_escrow(EscrowedPool { vault, amount, slices: &slices });
				Self::deposit_event(Event::PoolEscrowed {
					id,
					vault,
					operator: operator.clone(),
					amount,
					slices,
				});
			}
			Ok(total)
		}

		/// Raises pending request `id` to `fraction` (within its AVS's cap): escrows the
		/// difference from the slices as they stand now, and restarts the veto window if it
		/// would end sooner than a whole window from now.
		/// For the chain's own proven slashes ([`bastion_primitives::ProvenSlashes`]): a
		/// later report of the same offence (co-offenders) calls for more.
		pub(crate) fn do_raise_slash(id: SlashId, fraction: Fraction) -> DispatchResult {
			let mut request = Requests::<T>::get(id).ok_or(Error::<T>::RequestNotFound)?;
			ensure!(fraction > request.fraction, Error::<T>::FractionNotRaised);
			let rules = T::Avs::slashing_rules(request.avs).ok_or(Error::<T>::AvsNotFound)?;
			ensure!(fraction <= rules.max_slash_per_request, Error::<T>::FractionAboveCap);
			let extra = fraction.saturating_sub(request.fraction);
			let operator = request.operator.clone();
			let added =
				Self::escrow_slices(id, request.avs, &operator, extra, &mut request.pools, |_| {})?;
			request.fraction = fraction;
			// The raised request can be vetoed for a whole window from now: what was just
			// escrowed is never executed unseen.
			let executable_at = Self::now().saturating_add(rules.veto_window);
			if executable_at > request.executable_at {
				Due::<T>::remove(request.due_key);
				request.due_key = Self::queue_due(executable_at, id)?;
				request.executable_at = executable_at;
			}
			Requests::<T>::insert(id, request);
			Self::deposit_event(Event::SlashRaised { id, fraction, added, executable_at });
			Ok(())
		}

		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		/// Executes request `id`, whose veto window has passed. Fails only if a pool's escrow
		/// can be neither paid nor burned (its asset frozen).
		fn settle(id: SlashId, request: RequestOf<T>) -> DispatchResult {
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
				// The slash lands: now, and only now, the pool's allocations are rescaled
				// (a veto leaves them as they were).
				let stake = T::Vaults::pool_stake(*vault, &request.operator);
				let base = Self::slice_base(
					&request.operator,
					*vault,
					stake.total,
					stake.escrowed,
					*amount,
				);
				T::Operators::on_slash(&request.operator, request.avs, *vault, *amount, base);
				Self::deliver(id, *vault, &request.operator, *amount, to)?;
				total = total.saturating_add(*amount);
			}
			Self::release_deposit(&request)?;
			Self::forget(id, &request);
			Self::deposit_event(Event::SlashExecuted { id, destination, total });
			Ok(())
		}

		/// Pays `amount` of the pool's escrow to `to` (burns it for `None`). Each pool on its
		/// own: what `to` cannot receive is burned, so no destination (and no operator
		/// choosing its pools) can make a slash fail.
		fn deliver(
			id: SlashId,
			vault: VaultId,
			operator: &T::AccountId,
			amount: u128,
			to: Option<&T::AccountId>,
		) -> DispatchResult {
			let delivered = to.is_some_and(|to| {
				frame_support::storage::with_storage_layer(|| {
					T::Vaults::pay_out(vault, operator, amount, Some(to))
				})
				.is_ok()
			});
			if !delivered {
				T::Vaults::pay_out(vault, operator, amount, None)?;
				if to.is_some() {
					Self::deposit_event(Event::UndeliverablePayoutBurned { id, vault, amount });
				}
			}
			Ok(())
		}

		/// What paying an execution's pools out costs above the native token, which the
		/// benchmarks pay: at most two payouts per pool (a delivery that fails, then the
		/// burn), each at the dearest asset a vault may hold.
		pub(crate) fn payout_surcharge() -> Weight {
			T::Vaults::max_payout_surcharge()
				.saturating_mul(u64::from(T::MaxVaultsPerAvs::get()).saturating_mul(2))
		}

		fn release_deposit(request: &RequestOf<T>) -> DispatchResult {
			if request.deposit == 0 {
				return Ok(());
			}
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
			Due::<T>::remove(request.due_key);
		}

		/// Queues request `id` to be tried at block `at`, behind everything already queued
		/// for that block. Returns its key.
		fn queue_due(at: BlockNumberFor<T>, id: SlashId) -> Result<DueKey, Error<T>> {
			let seq = NextDueSeq::<T>::get();
			NextDueSeq::<T>::put(seq.checked_add(1).ok_or(Error::<T>::Overflow)?);
			let key = due_key(at.unique_saturated_into(), seq);
			Due::<T>::insert(key, id);
			Ok(key)
		}

		/// What the slices of the (vault, operator) pool are fractions of, given its
		/// `total` assets and the `escrowed` part of pending requests, `own` of which is the
		/// request at hand's: the pool as if no other request were pending — unless its
		/// allocations sum above 100 %, where every pending escrow is out of every slice.
		fn slice_base(
			operator: &T::AccountId,
			vault: VaultId,
			total: u128,
			escrowed: u128,
			own: u128,
		) -> u128 {
			if T::Operators::shares_loss(operator, vault) {
				total.saturating_add(own)
			} else {
				total.saturating_add(escrowed)
			}
		}

		/// Tries due requests, first due first, at most `MaxExecutionsPerBlock`. A request
		/// that cannot be settled is queued again for the next block, behind every request
		/// already due then.
		pub(crate) fn execute_due(now: BlockNumberFor<T>) -> HookWork {
			let mut work = HookWork::default();
			let now64: u64 = now.unique_saturated_into();
			let due: alloc::vec::Vec<(DueKey, SlashId)> = Due::<T>::iter()
				.take_while(|(key, _)| due_block(key) <= now64)
				.take(T::MaxExecutionsPerBlock::get() as usize)
				.collect();
			for (key, id) in due {
				work.attempts = work.attempts.saturating_add(1);
				let Some(request) = Requests::<T>::get(id) else {
					Due::<T>::remove(key);
					continue;
				};
				let outcome = frame_support::storage::with_storage_layer(|| {
					Self::settle(id, request.clone())
				});
				if let Err(e) = outcome {
					log::warn!(target: "runtime::slashing", "slash {id} not settled: {e:?}; retried next block");
					if let Ok(due_key) = Self::queue_due(now.saturating_add(One::one()), id) {
						Due::<T>::remove(key);
						Requests::<T>::insert(id, SlashRequest { due_key, ..request });
					}
					work.retried = work.retried.saturating_add(1);
				}
			}
			work
		}
	}
}
