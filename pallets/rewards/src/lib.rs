//! # Rewards
//!
//! AVSs pay for the security they rent with **streams**: anyone funds one for an AVS
//! ([`Pallet::fund_rewards`]) with an amount of an asset, a duration, and each accepted
//! vault's percentage of it. The stream is released linearly, block by block, to the stake
//! that secures the AVS; operators take their commission and the rest belongs to the
//! active shares of their pools. Nothing is ever paid in a loop over accounts: every
//! holder's due is read off an accumulator when it is touched, so a claim costs the same
//! for a pool of one staker or of ten thousand.
//!
//! ## Three levels of accumulators
//!
//! For each (AVS, vault) there is a [`RewardSource`]: the stream parts of that vault, the
//! **earning stake** `S = Σ_o f_o × active_o` (each operator's live allocation to the AVS
//! times its pool's active — not exiting, not escrowed — assets) and, per asset, the reward
//! per unit of earning stake `R`. Every settlement releases what the parts owe for the
//! blocks since the last one in which the AVS could slash the vault's stake (its `link`:
//! the curator's approval and the AVS's acceptance, both live) and adds
//! `released × 10^36 / S` to `R`.
//!
//! Each (vault, operator, AVS) **earner** remembers its stake `s` and the `R` it last saw;
//! on settlement it is owed `s × ΔR`. Its operator's commission `c` is booked to the
//! earner; the rest is added to the pool's reward per active share `P` (per asset) as
//! `rest × 10^36 / active_shares`. A **position** with `n` active shares is owed `n × ΔP`.
//!
//! ```text
//!   stream part ──release──▶ R (per earning stake) ──s×ΔR──▶ commission (operator)
//!                                                      └────▶ P (per active share) ──n×ΔP──▶ staker
//! ```
//!
//! This is `pallet-nomination-pools`' reward counter, nested once more because one pool's
//! stake secures several AVSs and one AVS is secured by many pools. Accumulators are
//! 256-bit, scaled by 10^36 ([`math`]); every division rounds down, so rounding stays in
//! the pot and no one is ever paid more than was funded.
//!
//! ## When settlement happens
//!
//! The stakes `s`, `S` and a pool's active shares are *recorded*: they are the values of
//! the last settlement and stay constant until the next, which is what makes the lazy sums
//! exact. So are what they are computed from — each earner's allocation (with the block it
//! next changes by itself), each pool's active assets, each position's shares — so that
//! settling reads no other pallet's storage for them. Every change that could move them is
//! reported once it is written, and settled then at the recorded values (so up to the
//! change) before the new ones are recorded:
//! - deposits, withdrawal requests and completions, slash escrows and releases — pallet-vaults
//!   calls [`bastion_primitives::PoolObserver`];
//! - allocation changes, opt-outs and slash rescaling — pallet-operators calls
//!   [`bastion_primitives::AllocationObserver`], and changes that take effect later
//!   without a call (an increase after A, a decrease or an opt-out after D) are queued in
//!   `Resyncs` and settled by `on_initialize` at that block (at most
//!   `MaxResyncsPerBlock` per block; the rest wait for the next blocks) — and any
//!   settlement from that block on reads the allocation again first (each earner keeps
//!   the block, `Earner::refresh_at`), whether or not the resync ran;
//! - claims.
//!
//! A pool's accumulators are created with its first earner, which also asks pallet-vaults
//! to report the pool from then on (`ObservedPools::observe`), and are never removed. A
//! pool never allocated to an AVS is therefore not reported at all: its deposits and
//! withdrawals cost the rewards pallet nothing.
//!
//! A curator revoking an AVS, or an AVS dropping a vault, ends the slice after D without a
//! call either: the source's `link` ends then, and nothing more is released to the vault
//! (pallet-vaults and pallet-avs report every change of a link, [`bastion_primitives::ApprovalObserver`]).
//! Its earners keep their stakes, so a later approval or acceptance pays them again from
//! the block it makes their stake slashable.
//!
//! ## What the model asks, and how it holds
//!
//! - *Joining late earns only from then*: a deposit settles the position at its old shares
//!   first; *exiting shares earn nothing*: only active shares are counted; *slashed stake
//!   earns nothing afterwards*: escrow leaves the active assets at request, and the
//!   earner's stake is re-read right then. What was earned before stays owed.
//! - *Commission increases are delayed* by pallet-operators (after A > W), and a period is
//!   charged the lower of the commission at its start and at its end.
//! - *Never paid as a lump to whoever comes next*: a part releases `remaining × Δt /
//!   (end − t)`; in a period with no earning stake nothing is released, so what it could
//!   not pay is spread over the rest of the stream. At the end, what is left is returned to
//!   the funder by [`Pallet::close_stream`].
//! - *Per stream*: `distributed + remaining + returned = funded` (`distributed` is the
//!   stakers' part, the commission and the rounding left in the pot). Per asset the pot's
//!   balance is `reserve + funded − returned − paid` ([`PotLedger`]; `paid` is the sum of
//!   the claim events' amounts) and covers `reserve` and everything owed.
//!
//! ## Bounds
//!
//! Reward assets come from a registry kept by governance, at most `MaxRewardAssets`
//! ([`Pallet::register_reward_asset`]), and each AVS names the ones it accepts
//! ([`Pallet::set_reward_assets`]): every per-asset list above is bounded by that. An AVS
//! has at most `MaxStreamsPerAvs` open streams, of which at most
//! `MaxSponsoredStreamsPerAvs` funded by sponsors (accounts other than its owner), whom the
//! owner can end early ([`Pallet::cancel_stream`]): no sponsor takes the owner's slots or
//! keeps the AVS from deregistering. A claim covers at most `MaxClaimPositions` positions,
//! and pays each asset on its own: what an account cannot receive yet stays claimable.
//!
//! A pool has one earner per AVS its operator allocates it to, and an allocation needs an
//! opt-in: an earner ends when its allocation reaches zero or its opt-in ends (its
//! unclaimed commission moves to [`EndedCommission`]) and at the latest when
//! pallet-operators removes the opt-in, so a pool never has more earners than the
//! operator has opt-in slots. `integrity_test` checks
//! that `MaxEarnersPerPool`, which weighs every call that settles a pool, covers them. The
//! earners are kept in the pool's accumulators ([`PoolAccumulators`]): settling a pool
//! reads and writes one value however many AVSs pay it, and never walks a map (on a node, a
//! walk of the trie reads the database: the trie cache serves reads by key only).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod impls;
pub mod math;
pub mod migrations;
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
		AllocationSchedule, AssetTransferCost, AvsId, AvsInspect, ObservedPools, OperatorsInspect,
		PoolSettlement, VaultId, VaultsInspect,
	};
	use {
		frame_support::{
			pallet_prelude::*,
			traits::{fungibles, tokens::Preservation},
			PalletId,
		},
		frame_system::{self, pallet_prelude::*},
		sp_runtime::{
			traits::{AccountIdConversion, Saturating, Zero},
			Perbill,
		},
	};

	/// A stream as stored.
	pub type StreamOf<T> = Stream<
		<T as frame_system::Config>::AccountId,
		<T as Config>::AssetKind,
		BlockNumberFor<T>,
		<T as Config>::MaxVaultsPerStream,
	>;
	/// A reward source as stored.
	pub type SourceOf<T> = RewardSource<
		<T as Config>::AssetKind,
		BlockNumberFor<T>,
		<T as Config>::MaxStreamsPerAvs,
		<T as Config>::MaxRewardAssets,
	>;
	/// An earner as stored.
	pub type EarnerOf<T> =
		Earner<<T as Config>::AssetKind, BlockNumberFor<T>, <T as Config>::MaxRewardAssets>;
	/// A pool's rewards as stored.
	pub type PoolRewardsOf<T> = PoolRewards<
		<T as Config>::AssetKind,
		BlockNumberFor<T>,
		<T as Config>::MaxRewardAssets,
		<T as Config>::MaxEarnersPerPool,
	>;
	/// A position's rewards as stored.
	pub type PositionRewardsOf<T> =
		PositionRecord<<T as Config>::AssetKind, <T as Config>::MaxRewardAssets>;

	/// The layout of this pallet's storage. A change of layout bumps it and ships a
	/// migration ([`crate::migrations`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Identifies an asset: the native token or a `pallet-assets` id.
		type AssetKind: Parameter
			+ MaxEncodedLen
			+ Ord
			+ MaybeSerializeDeserialize
			+ Into<bastion_primitives::views::AssetView>;

		/// Native and assets through one interface (`fungible::UnionOf`).
		type Assets: fungibles::Mutate<Self::AccountId, AssetId = Self::AssetKind, Balance = u128>;

		/// What moving a reward asset costs above moving the native token: added to the
		/// calls whose benchmarks move the native token only (funding a stream, returning
		/// its rest, a claim of one position paid in one asset).
		type TransferCost: AssetTransferCost<Self::AssetKind>;

		/// Pools and positions: their active assets and shares.
		type Vaults: VaultsInspect<Self::AccountId, BlockNumberFor<Self>, Balance = u128>
			+ ObservedPools<Self::AccountId>;

		/// Operators: live allocations (and when each changes by itself) and commission.
		type Operators: OperatorsInspect<Self::AccountId>
			+ AllocationSchedule<Self::AccountId, BlockNumberFor<Self>>;

		/// AVSs: owners and accepted vaults.
		type Avs: AvsInspect<Self::AccountId, BlockNumberFor<Self>, Balance = u128>;

		/// Registers reward assets.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Derives the pot account that holds every stream's funds.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The most reward assets in the registry (and per pool, per AVS, per position).
		#[pallet::constant]
		type MaxRewardAssets: Get<u32>;

		/// The most open streams per AVS.
		#[pallet::constant]
		type MaxStreamsPerAvs: Get<u32>;

		/// The most of those funded by accounts other than the AVS's owner (sponsors), below
		/// `MaxStreamsPerAvs`: the rest are the owner's, whatever sponsors do.
		#[pallet::constant]
		type MaxSponsoredStreamsPerAvs: Get<u32>;

		/// The most vaults one stream pays (pallet-avs' `MaxVaultsPerAvs`).
		#[pallet::constant]
		type MaxVaultsPerStream: Get<u32>;

		/// The most earners one pool has: one per AVS its operator is opted in to
		/// (pallet-operators' `MaxAvsPerOperator`). Callers that settle a pool weigh by it.
		#[pallet::constant]
		type MaxEarnersPerPool: Get<u32>;

		/// The most positions one claim covers.
		#[pallet::constant]
		type MaxClaimPositions: Get<u32>;

		/// The shortest stream, in blocks.
		#[pallet::constant]
		type MinStreamDuration: Get<BlockNumberFor<Self>>;

		/// The longest stream, in blocks.
		#[pallet::constant]
		type MaxStreamDuration: Get<BlockNumberFor<Self>>;

		/// The most scheduled stake changes settled in one block.
		#[pallet::constant]
		type MaxResyncsPerBlock: Get<u32>;

		/// Weights of this pallet's calls and hook.
		type WeightInfo: WeightInfo;
	}

	/// The assets rewards may be paid in, and each one's minimum stream.
	#[pallet::storage]
	pub type RewardAssets<T: Config> =
		StorageValue<_, BoundedVec<RewardAsset<T::AssetKind>, T::MaxRewardAssets>, ValueQuery>;

	/// The reward assets each AVS accepts.
	#[pallet::storage]
	pub type AvsRewardAssets<T: Config> = StorageMap<
		_,
		Twox64Concat,
		AvsId,
		BoundedVec<T::AssetKind, T::MaxRewardAssets>,
		ValueQuery,
	>;

	/// The id the next stream gets. Ids are never reused.
	#[pallet::storage]
	pub type NextStreamId<T> = StorageValue<_, StreamId, ValueQuery>;

	/// Open streams.
	#[pallet::storage]
	pub type Streams<T: Config> = StorageMap<_, Twox64Concat, StreamId, StreamOf<T>>;

	/// How many streams each AVS has open.
	#[pallet::storage]
	pub type OpenStreams<T: Config> = StorageMap<_, Twox64Concat, AvsId, u32, ValueQuery>;

	/// How many of each AVS's open streams a sponsor (not its owner) funded.
	#[pallet::storage]
	pub(crate) type SponsoredStreams<T: Config> =
		StorageMap<_, Twox64Concat, AvsId, u32, ValueQuery>;

	/// What each AVS pays the earners of each vault.
	#[pallet::storage]
	pub type Sources<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AvsId, Twox64Concat, VaultId, SourceOf<T>>;

	/// Commission earned by earners that ended (their operator's slice of the pool reached
	/// zero), until the operator claims it: kept apart so that the earners a pool settles
	/// are only those with a slice, at most `MaxEarnersPerPool`.
	#[pallet::storage]
	pub type EndedCommission<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, VaultId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, AvsId>,
		),
		BoundedVec<(T::AssetKind, u128), T::MaxRewardAssets>,
	>;

	/// Each pool's reward per active share, and what it earns from each AVS it is allocated
	/// to (its earners).
	#[pallet::storage]
	pub(crate) type PoolAccumulators<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		VaultId,
		Blake2_128Concat,
		T::AccountId,
		PoolRewardsOf<T>,
		ValueQuery,
	>;

	/// Each position's rewards: its shares, last seen accumulators and what is owed.
	#[pallet::storage]
	pub type PositionRewards<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, VaultId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		PositionRewardsOf<T>,
	>;

	/// The pot's books, per asset.
	#[pallet::storage]
	pub type Pots<T: Config> = StorageMap<_, Blake2_128Concat, T::AssetKind, PotLedger, ValueQuery>;

	/// Earners whose stake changes at a block without a call, settled then.
	#[pallet::storage]
	pub(crate) type Resyncs<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<(VaultId, T::AccountId, AvsId), T::MaxResyncsPerBlock>,
		ValueQuery,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Reward assets: (asset, minimum stream amount).
		pub reward_assets: alloc::vec::Vec<(T::AssetKind, u128)>,
		/// The reward assets each AVS accepts.
		pub avs_reward_assets: alloc::vec::Vec<(AvsId, alloc::vec::Vec<T::AssetKind>)>,
		/// Streams funded at genesis: (funder, AVS, asset, amount, duration, vault shares).
		#[allow(clippy::type_complexity)]
		pub streams: alloc::vec::Vec<(
			T::AccountId,
			AvsId,
			T::AssetKind,
			u128,
			BlockNumberFor<T>,
			alloc::vec::Vec<(VaultId, Perbill)>,
		)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		// A bad genesis must stop the chain from being built at all.
		#[allow(clippy::panic)]
		fn build(&self) {
			let assets = self
				.reward_assets
				.iter()
				.map(|(asset, min)| RewardAsset { asset: asset.clone(), min_stream_amount: *min })
				.collect::<alloc::vec::Vec<_>>();
			let assets = BoundedVec::try_from(assets)
				.unwrap_or_else(|_| panic!("genesis: more reward assets than MaxRewardAssets"));
			RewardAssets::<T>::put(assets);
			for (avs, assets) in &self.avs_reward_assets {
				let assets = BoundedVec::try_from(assets.clone())
					.unwrap_or_else(|_| panic!("genesis: AVS {avs}: too many reward assets"));
				AvsRewardAssets::<T>::insert(avs, assets);
			}
			// Allocations made at genesis reached this pallet before the AVSs existed:
			// read the approvals behind each source and record the stakes now.
			let sources: alloc::vec::Vec<_> = Sources::<T>::iter_keys().collect();
			for (avs, vault) in sources {
				Sources::<T>::mutate(avs, vault, |source| {
					if let Some(source) = source {
						source.link = Pallet::<T>::link(avs, vault);
					}
				});
			}
			for (vault, operator, avs) in Pallet::<T>::earner_keys() {
				Pallet::<T>::sync_earner(vault, &operator, avs);
			}
			for (funder, avs, asset, amount, duration, shares) in &self.streams {
				let shares = BoundedVec::try_from(shares.clone())
					.unwrap_or_else(|_| panic!("genesis stream for AVS {avs}: too many vaults"));
				if let Err(e) =
					Pallet::<T>::do_fund(funder, *avs, asset.clone(), *amount, *duration, shares)
				{
					panic!("genesis stream for AVS {avs}: {e:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance registered a reward asset, or changed its minimum stream.
		RewardAssetRegistered { asset: T::AssetKind, min_stream_amount: u128 },
		/// An AVS set the reward assets it accepts.
		RewardAssetsSet { avs: AvsId, assets: BoundedVec<T::AssetKind, T::MaxRewardAssets> },
		/// A stream was funded; it pays from `start` to `end`.
		StreamFunded {
			stream: StreamId,
			avs: AvsId,
			funder: T::AccountId,
			asset: T::AssetKind,
			amount: u128,
			start: BlockNumberFor<T>,
			end: BlockNumberFor<T>,
		},
		/// A staker claimed a position's rewards in one asset.
		RewardsClaimed {
			staker: T::AccountId,
			vault: VaultId,
			operator: T::AccountId,
			asset: T::AssetKind,
			amount: u128,
		},
		/// The earner of (`vault`, `operator`, `avs`) was settled and its stake re-read.
		EarnerResynced { vault: VaultId, operator: T::AccountId, avs: AvsId },
		/// The storage migration to version 1 listed the earners of `pools` pools in their
		/// accumulators.
		PoolEarnersListed { pools: u32 },
		/// The earner's stake changes at `at` without a call, and every block from `at` on
		/// that the chain could settle it in is full: it keeps its recorded stake until its
		/// pool is next settled (a deposit, a withdrawal, a claim) or someone calls
		/// `resync_earner` for it (anyone may, from `at`).
		ResyncNotScheduled {
			vault: VaultId,
			operator: T::AccountId,
			avs: AvsId,
			at: BlockNumberFor<T>,
		},
		/// `amount` of `asset` could not be paid to `to` (below the asset's minimum balance
		/// for an account holding none, or an account the asset cannot create). A claim keeps
		/// it claimable; a stream's return to its funder stays in the pot's reserve.
		PayoutHeld { to: T::AccountId, asset: T::AssetKind, amount: u128 },
		/// An operator claimed its commission on one (vault, AVS) in one asset.
		CommissionClaimed {
			operator: T::AccountId,
			vault: VaultId,
			avs: AvsId,
			asset: T::AssetKind,
			amount: u128,
		},
		/// A stream ended and was closed: `distributed + returned = amount`; `returned` (what
		/// no stake could earn) went back to the funder.
		StreamClosed { stream: StreamId, amount: u128, distributed: u128, returned: u128 },
		/// The storage migration to version 2 moved `earners` earners into the
		/// accumulators of their `pools` pools.
		EarnersMovedIntoPools { pools: u32, earners: u32 },
		/// The storage migration to version 3 dropped `asset`'s running total of payouts from
		/// its pot's books: `paid` until then; each later payout is in its claim event.
		PaidTotalDropped { asset: T::AssetKind, paid: u128 },
		/// The storage migration to version 4 recorded what settling reads from the other
		/// pallets: the allocation of each of `earners` earners (and when it next changes)
		/// and the active assets of their `pools` pools, and the shares of `positions`
		/// position records. (Last: events keep their indices.)
		SettlementInputsRecorded { pools: u32, earners: u32, positions: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The registry of reward assets is full.
		TooManyRewardAssets,
		/// The asset is not a registered reward asset.
		UnknownRewardAsset,
		/// A minimum stream amount must be above zero.
		ZeroMinStreamAmount,
		/// No such AVS.
		AvsNotFound,
		/// Only the AVS's owner may do this.
		NotAvsOwner,
		/// The AVS is deregistering; it takes no new streams.
		AvsNotActive,
		/// The AVS does not accept rewards in this asset.
		AssetNotAccepted,
		/// The amount is below the asset's minimum stream.
		BelowMinStreamAmount,
		/// The duration is below `MinStreamDuration`.
		DurationTooShort,
		/// The duration is above `MaxStreamDuration`.
		DurationTooLong,
		/// A stream must name at least one vault.
		NoVaults,
		/// A vault is named twice.
		DuplicateVault,
		/// A vault the AVS does not accept (now).
		VaultNotAccepted,
		/// The vault shares must sum to exactly 100 %.
		SharesNotWhole,
		/// The AVS has `MaxStreamsPerAvs` open streams.
		TooManyStreams,
		/// The AVS has `MaxSponsoredStreamsPerAvs` open streams funded by sponsors.
		TooManySponsoredStreams,
		/// Only the AVS's owner may cancel a stream, and only one a sponsor funded.
		NotSponsoredStream,
		/// Nothing to claim.
		NothingToClaim,
		/// The operator neither earns from the AVS in this vault nor allocates to it there.
		NothingToResync,
		/// What is owed cannot be paid to this account now: it is below the asset's minimum
		/// balance and the account holds none of the asset (or the asset cannot create the
		/// account). It stays claimable: claim again once more has accrued, or once the
		/// account holds some of the asset.
		CannotReceive,
		/// No such open stream.
		StreamNotFound,
		/// The stream has not reached its end.
		StreamNotEnded,
		/// An id or an amount overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let due = Resyncs::<T>::take(now);
			let count = due.len() as u32;
			for (vault, operator, avs) in due {
				Self::sync_earner(vault, &operator, avs);
			}
			T::WeightInfo::on_initialize(count)
		}

		fn integrity_test() {
			assert!(T::MaxRewardAssets::get() > 0, "MaxRewardAssets must be above zero");
			assert!(
				T::MaxEarnersPerPool::get() >= T::Operators::max_avs_per_operator(),
				"MaxEarnersPerPool must cover pallet-operators' MaxAvsPerOperator: a pool earns \
				 from every AVS its operator holds an opt-in to, and settling it is weighed by it"
			);
			assert!(T::MaxStreamsPerAvs::get() > 0, "MaxStreamsPerAvs must be above zero");
			assert!(
				T::MaxSponsoredStreamsPerAvs::get() < T::MaxStreamsPerAvs::get(),
				"MaxSponsoredStreamsPerAvs must leave the AVS's owner streams of its own"
			);
			assert!(T::MaxResyncsPerBlock::get() > 0, "MaxResyncsPerBlock must be above zero");
			assert!(
				T::MinStreamDuration::get() > Zero::zero()
					&& T::MinStreamDuration::get() <= T::MaxStreamDuration::get(),
				"need 0 < MinStreamDuration <= MaxStreamDuration"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers `asset` as a reward asset with its minimum stream, or changes the
		/// minimum of a registered one. The registry only grows (accumulators in it live on).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_reward_asset())]
		pub fn register_reward_asset(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			min_stream_amount: u128,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(min_stream_amount > 0, Error::<T>::ZeroMinStreamAmount);
			RewardAssets::<T>::try_mutate(|assets| -> DispatchResult {
				match assets.iter_mut().find(|a| a.asset == asset) {
					Some(existing) => existing.min_stream_amount = min_stream_amount,
					None => assets
						.try_push(RewardAsset { asset: asset.clone(), min_stream_amount })
						.map_err(|_| Error::<T>::TooManyRewardAssets)?,
				}
				Ok(())
			})?;
			Self::deposit_event(Event::RewardAssetRegistered { asset, min_stream_amount });
			Ok(())
		}

		/// Sets the reward assets `avs` accepts (registered ones). AVS owner only; running
		/// streams are not affected.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_reward_assets(T::MaxRewardAssets::get()))]
		pub fn set_reward_assets(
			origin: OriginFor<T>,
			avs: AvsId,
			assets: BoundedVec<T::AssetKind, T::MaxRewardAssets>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let owner = T::Avs::avs_owner(avs).ok_or(Error::<T>::AvsNotFound)?;
			ensure!(who == owner, Error::<T>::NotAvsOwner);
			let registry = RewardAssets::<T>::get();
			for asset in assets.iter() {
				ensure!(registry.iter().any(|a| a.asset == *asset), Error::<T>::UnknownRewardAsset);
			}
			AvsRewardAssets::<T>::insert(avs, assets.clone());
			Self::deposit_event(Event::RewardAssetsSet { avs, assets });
			Ok(())
		}

		/// Funds a stream of `amount` of `asset` for `avs`'s earners, released linearly over
		/// `duration` blocks from now; `vault_shares` gives each vault the AVS accepts its
		/// share (summing to 100 %). The first stream of an asset also pays the asset's
		/// minimum balance into the pot, once, so it is never reaped.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::fund_rewards(vault_shares.len() as u32)
				.saturating_add(T::TransferCost::transfer_surcharge(asset))
		)]
		pub fn fund_rewards(
			origin: OriginFor<T>,
			avs: AvsId,
			asset: T::AssetKind,
			amount: u128,
			duration: BlockNumberFor<T>,
			vault_shares: BoundedVec<(VaultId, Perbill), T::MaxVaultsPerStream>,
		) -> DispatchResult {
			let funder = ensure_signed(origin)?;
			Self::do_fund(&funder, avs, asset, amount, duration, vault_shares)
		}

		/// Pays the caller everything its positions in `positions` (vault, operator) have
		/// earned, in every asset. Charged for the dearest positions up front; a claim of one
		/// position in a pool paid in one asset is refunded down to what its earners took.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::claim(positions.len() as u32).saturating_add(
			Pallet::<T>::refresh_weight_of(
				u64::from(T::MaxEarnersPerPool::get()).saturating_mul(positions.len() as u64),
			),
		))]
		pub fn claim(
			origin: OriginFor<T>,
			positions: BoundedVec<(VaultId, T::AccountId), T::MaxClaimPositions>,
		) -> DispatchResultWithPostInfo {
			let staker = ensure_signed(origin)?;
			let count = positions.len() as u32;
			let (mut paid_any, mut held_any, mut refreshed) = (false, false, 0u32);
			let mut single = None;
			for (vault, operator) in positions {
				let claimed = Self::claim_position(vault, &operator, &staker)?;
				paid_any |= claimed.paid_any;
				held_any |= claimed.held_any;
				refreshed = refreshed.saturating_add(claimed.settlement.refreshed());
				single = Some(claimed);
			}
			ensure!(
				paid_any,
				if held_any { Error::<T>::CannotReceive } else { Error::<T>::NothingToClaim }
			);
			let weight = match single {
				// Measured paying the native token: an asset dearer to move costs more.
				Some(claimed) if count == 1 && claimed.settlement.single_asset() => {
					let earners = claimed.settlement.earners().max(1);
					if claimed.recorded {
						T::WeightInfo::claim_one_asset_recorded(earners)
					} else {
						T::WeightInfo::claim_one_asset(earners)
					}
					.saturating_add(claimed.surcharge)
				}
				// Measured paying every asset a pool may be paid in.
				_ => T::WeightInfo::claim(count),
			};
			// Earners whose allocation change was due read it again: weighed on top.
			Ok(Some(weight.saturating_add(Self::refresh_weight_of(refreshed.into()))).into())
		}

		/// Pays the calling operator its commission earned on `vault` from `avs`, in every
		/// asset.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::claim_commission())]
		pub fn claim_commission(
			origin: OriginFor<T>,
			vault: VaultId,
			avs: AvsId,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			let key = (vault, operator.clone(), avs);
			let mut pool = PoolAccumulators::<T>::try_get(vault, &operator).ok();
			if pool.as_ref().is_some_and(|pool| pool.earner(avs).is_some()) {
				// May end the earner, moving its commission to `EndedCommission`.
				Self::sync_earner(vault, &operator, avs);
				pool = PoolAccumulators::<T>::try_get(vault, &operator).ok();
			}
			let mut earner = pool.as_mut().and_then(|pool| {
				pool.earners.iter_mut().find(|(listed, _)| *listed == avs).map(|(_, e)| e)
			});
			let mut ended = EndedCommission::<T>::get(&key).unwrap_or_default();
			let (mut paid_any, mut held_any) = (false, false);
			let owed = earner
				.iter_mut()
				.flat_map(|earner| earner.assets.iter_mut().map(|e| (&e.asset, &mut e.commission)))
				.chain(ended.iter_mut().map(|(asset, amount)| (&*asset, amount)));
			for (asset, slot) in owed {
				let amount = core::mem::take(slot);
				if amount == 0 {
					continue;
				}
				if !Self::try_pay(asset, &operator, amount) {
					// Kept for a later claim: the other assets are paid all the same.
					*slot = amount;
					held_any = true;
					continue;
				}
				paid_any = true;
				Self::deposit_event(Event::CommissionClaimed {
					operator: operator.clone(),
					vault,
					avs,
					asset: asset.clone(),
					amount,
				});
			}
			ensure!(
				paid_any,
				if held_any { Error::<T>::CannotReceive } else { Error::<T>::NothingToClaim }
			);
			if let Some(pool) = pool.filter(|pool| pool.earner(avs).is_some()) {
				PoolAccumulators::<T>::insert(vault, &operator, pool);
			}
			ended.retain(|(_, amount)| *amount > 0);
			if ended.is_empty() {
				EndedCommission::<T>::remove(&key);
			} else {
				EndedCommission::<T>::insert(&key, ended);
			}
			Ok(())
		}

		/// Closes a stream that reached its end: what every vault's earners earned is
		/// settled, and what no one could earn goes back to the funder. Anyone may call it.
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::close_stream(T::MaxVaultsPerStream::get())
				.saturating_add(T::TransferCost::max_transfer_surcharge())
		)]
		pub fn close_stream(origin: OriginFor<T>, stream: StreamId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let info = Streams::<T>::get(stream).ok_or(Error::<T>::StreamNotFound)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= info.end, Error::<T>::StreamNotEnded);
			let vaults = info.vault_shares.len() as u32;
			let surcharge = T::TransferCost::transfer_surcharge(&info.asset);
			Self::end_stream(stream, info, now)?;
			Ok(Some(T::WeightInfo::close_stream(vaults).saturating_add(surcharge)).into())
		}

		/// Ends a stream a sponsor funded before its end: what was released until now stays
		/// with the earners, the rest goes back to the sponsor, and the AVS's slot is free.
		/// The AVS's owner only, so sponsors can neither hold the AVS's stream slots nor
		/// keep it from deregistering; the owner's own streams run to their end.
		#[pallet::call_index(6)]
		#[pallet::weight(
			T::WeightInfo::cancel_stream(T::MaxVaultsPerStream::get())
				.saturating_add(T::TransferCost::max_transfer_surcharge())
		)]
		pub fn cancel_stream(origin: OriginFor<T>, stream: StreamId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let info = Streams::<T>::get(stream).ok_or(Error::<T>::StreamNotFound)?;
			let owner = T::Avs::avs_owner(info.avs);
			ensure!(owner.as_ref() == Some(&who) && info.sponsored, Error::<T>::NotSponsoredStream);
			let now = frame_system::Pallet::<T>::block_number();
			Self::end_stream(stream, info, now)?;
			Ok(().into())
		}

		/// Settles the earner of (`vault`, `operator`, `avs`) now and re-reads its stake —
		/// what `operator`'s allocation of the pool earns from `avs` from now on. Anyone may
		/// call it; the chain does it itself when an allocation or an opt-out takes effect,
		/// and this is for when it could not (`ResyncNotScheduled`: every block it could
		/// have used was full).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::resync_earner())]
		pub fn resync_earner(
			origin: OriginFor<T>,
			vault: VaultId,
			operator: T::AccountId,
			avs: AvsId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let known = PoolAccumulators::<T>::try_get(vault, &operator)
				.is_ok_and(|pool| pool.earner(avs).is_some());
			ensure!(
				known || !T::Operators::allocated_fraction(&operator, avs, vault).is_zero(),
				Error::<T>::NothingToResync
			);
			Self::sync_earner(vault, &operator, avs);
			Self::deposit_event(Event::EarnerResynced { vault, operator, avs });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Settles stream `stream` until `now` and removes it: what its parts released
		/// stays with the earners, what is left goes back to the funder.
		fn end_stream(
			stream: StreamId,
			info: StreamOf<T>,
			now: BlockNumberFor<T>,
		) -> DispatchResult {
			let (mut distributed, mut returned) = (0u128, 0u128);
			for (vault, _) in info.vault_shares.iter() {
				let Some(mut source) = Sources::<T>::get(info.avs, vault) else { continue };
				Self::release(&mut source, now);
				source.parts.retain(|part| {
					if part.stream != stream {
						return true;
					}
					distributed = distributed.saturating_add(part.distributed);
					returned = returned.saturating_add(part.remaining);
					false
				});
				Sources::<T>::insert(info.avs, vault, source);
			}
			if returned > 0 {
				if Self::try_pay(&info.asset, &info.funder, returned) {
					Pots::<T>::mutate(&info.asset, |pot| {
						pot.returned = pot.returned.saturating_add(returned)
					});
				} else {
					// The funder cannot receive it (below the asset's minimum balance for an
					// account holding none): it stays in the pot's reserve, so the stream
					// still closes and the books still balance.
					Pots::<T>::mutate(&info.asset, |pot| {
						pot.returned = pot.returned.saturating_add(returned);
						pot.reserve = pot.reserve.saturating_add(returned);
					});
					Self::deposit_event(Event::PayoutHeld {
						to: info.funder.clone(),
						asset: info.asset.clone(),
						amount: returned,
					});
				}
			}
			Streams::<T>::remove(stream);
			OpenStreams::<T>::mutate(info.avs, |n| n.saturating_dec());
			if info.sponsored {
				SponsoredStreams::<T>::mutate_exists(info.avs, |n| {
					*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
				});
			}
			Self::deposit_event(Event::StreamClosed {
				stream,
				amount: info.amount,
				distributed,
				returned,
			});
			Ok(())
		}

		/// The account holding every stream's funds and everything owed.
		pub fn pot_account() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// The body of [`Pallet::fund_rewards`], shared with genesis.
		pub(crate) fn do_fund(
			funder: &T::AccountId,
			avs: AvsId,
			asset: T::AssetKind,
			amount: u128,
			duration: BlockNumberFor<T>,
			vault_shares: BoundedVec<(VaultId, Perbill), T::MaxVaultsPerStream>,
		) -> DispatchResult {
			ensure!(T::Avs::avs_exists(avs), Error::<T>::AvsNotFound);
			ensure!(T::Avs::is_active_avs(avs), Error::<T>::AvsNotActive);
			let min = RewardAssets::<T>::get()
				.iter()
				.find(|a| a.asset == asset)
				.map(|a| a.min_stream_amount)
				.ok_or(Error::<T>::UnknownRewardAsset)?;
			ensure!(AvsRewardAssets::<T>::get(avs).contains(&asset), Error::<T>::AssetNotAccepted);
			ensure!(amount >= min, Error::<T>::BelowMinStreamAmount);
			ensure!(duration >= T::MinStreamDuration::get(), Error::<T>::DurationTooShort);
			ensure!(duration <= T::MaxStreamDuration::get(), Error::<T>::DurationTooLong);
			ensure!(!vault_shares.is_empty(), Error::<T>::NoVaults);
			let mut total = 0u64;
			for (i, (vault, share)) in vault_shares.iter().enumerate() {
				ensure!(
					!vault_shares.iter().take(i).any(|(other, _)| other == vault),
					Error::<T>::DuplicateVault
				);
				ensure!(
					T::Avs::vault_acceptance(avs, *vault).admits_new(),
					Error::<T>::VaultNotAccepted
				);
				total = total.saturating_add(u64::from(share.deconstruct()));
			}
			ensure!(total == u64::from(Perbill::one().deconstruct()), Error::<T>::SharesNotWhole);
			let open = OpenStreams::<T>::get(avs);
			ensure!(open < T::MaxStreamsPerAvs::get(), Error::<T>::TooManyStreams);
			let sponsored = T::Avs::avs_owner(avs).as_ref() != Some(funder);
			if sponsored {
				let by_sponsors = SponsoredStreams::<T>::get(avs);
				ensure!(
					by_sponsors < T::MaxSponsoredStreamsPerAvs::get(),
					Error::<T>::TooManySponsoredStreams
				);
				SponsoredStreams::<T>::insert(avs, by_sponsors.saturating_add(1));
			}

			// The pot keeps the asset's minimum balance, paid once by the first funder.
			let pot = Self::pot_account();
			let min_balance = <T::Assets as fungibles::Inspect<_>>::minimum_balance(asset.clone());
			let held = <T::Assets as fungibles::Inspect<_>>::balance(asset.clone(), &pot);
			let reserve = min_balance.saturating_sub(held);
			let pay_in = amount.checked_add(reserve).ok_or(Error::<T>::Overflow)?;
			<T::Assets as fungibles::Mutate<_>>::transfer(
				asset.clone(),
				funder,
				&pot,
				pay_in,
				Preservation::Preserve,
			)?;
			Pots::<T>::mutate(&asset, |ledger| {
				ledger.reserve = ledger.reserve.saturating_add(reserve);
				ledger.funded = ledger.funded.saturating_add(amount);
			});

			let id = NextStreamId::<T>::get();
			NextStreamId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
			let now = frame_system::Pallet::<T>::block_number();
			let end = now.saturating_add(duration);
			// Each vault's part rounds down; the first vault gets the remainder, so the
			// parts add up to `amount` exactly.
			let parts: alloc::vec::Vec<u128> =
				vault_shares.iter().map(|(_, share)| share.mul_floor(amount)).collect();
			let rounding =
				amount.saturating_sub(parts.iter().fold(0u128, |s, p| s.saturating_add(*p)));
			for (i, ((vault, _), part)) in vault_shares.iter().zip(parts).enumerate() {
				let part = if i == 0 { part.saturating_add(rounding) } else { part };
				let mut source = Sources::<T>::get(avs, vault)
					.unwrap_or_else(|| Self::new_source(avs, *vault, now));
				Self::release(&mut source, now);
				if !source.per_stake.iter().any(|(a, _)| *a == asset) {
					source
						.per_stake
						.try_push((asset.clone(), Default::default()))
						.map_err(|_| Error::<T>::TooManyRewardAssets)?;
				}
				source
					.parts
					.try_push(StreamPart {
						stream: id,
						asset: asset.clone(),
						end,
						remaining: part,
						distributed: 0,
					})
					.map_err(|_| Error::<T>::TooManyStreams)?;
				Sources::<T>::insert(avs, vault, source);
			}
			Streams::<T>::insert(
				id,
				Stream {
					avs,
					funder: funder.clone(),
					asset: asset.clone(),
					amount,
					start: now,
					end,
					vault_shares,
					sponsored,
				},
			);
			OpenStreams::<T>::insert(avs, open.saturating_add(1));
			Self::deposit_event(Event::StreamFunded {
				stream: id,
				avs,
				funder: funder.clone(),
				asset,
				amount,
				start: now,
				end,
			});
			Ok(())
		}

		/// Settles one position and pays what it is owed; whether anything was paid,
		/// whether anything owed could not be paid (and stays claimable), and what settling
		/// its pool took.
		fn claim_position(
			vault: VaultId,
			operator: &T::AccountId,
			staker: &T::AccountId,
		) -> Result<ClaimedPosition, DispatchError> {
			let Some((pool, settlement)) = Self::sync_pool(vault, operator, None) else {
				return Ok(ClaimedPosition::nothing(PoolSettlement::Unrewarded));
			};
			// A pool never paid has no position record: nothing to read or pay.
			if pool.per_share.is_empty() {
				return Ok(ClaimedPosition::nothing(settlement));
			}
			let (paid_any, held_any, recorded, surcharge) =
				PositionRewards::<T>::mutate_exists((vault, operator, staker), |slot| {
					// A record holds the position's shares; one without a record yet (it has
					// not changed since its pool was first paid) is asked for them.
					let recorded = slot.is_some();
					let shares = match slot {
						Some(record) => record.shares,
						None => T::Vaults::position_shares(vault, operator, staker),
					};
					let (mut paid_any, mut held_any) = (false, false);
					let mut surcharge = Weight::zero();
					let record = Self::accrue_position(&pool, slot, shares);
					record.shares = shares;
					for entry in record.assets.iter_mut() {
						let amount = core::mem::take(&mut entry.owed);
						if amount == 0 {
							continue;
						}
						surcharge = surcharge
							.saturating_add(T::TransferCost::transfer_surcharge(&entry.asset));
						if !Self::try_pay(&entry.asset, staker, amount) {
							// Kept for a later claim: the other assets are paid all the same.
							entry.owed = amount;
							held_any = true;
							continue;
						}
						paid_any = true;
						Self::deposit_event(Event::RewardsClaimed {
							staker: staker.clone(),
							vault,
							operator: operator.clone(),
							asset: entry.asset.clone(),
							amount,
						});
					}
					if slot.as_ref().is_some_and(|record| Self::spent(record, shares)) {
						*slot = None;
					}
					(paid_any, held_any, recorded, surcharge)
				});
			Ok(ClaimedPosition { paid_any, held_any, recorded, settlement, surcharge })
		}

		/// Pays `amount` of `asset` out of the pot, or changes nothing and says so if `to`
		/// cannot receive it (below the asset's minimum balance for an account holding none,
		/// or an account the asset cannot create): one asset that cannot be paid never holds
		/// up the others. Emits `PayoutHeld` when it could not pay.
		pub(crate) fn try_pay(asset: &T::AssetKind, to: &T::AccountId, amount: u128) -> bool {
			let paid =
				frame_support::storage::with_storage_layer(|| Self::pay(asset, to, amount)).is_ok();
			if !paid {
				Self::deposit_event(Event::PayoutHeld {
					to: to.clone(),
					asset: asset.clone(),
					amount,
				});
			}
			paid
		}

		/// Pays `amount` of `asset` out of the pot (which keeps its reserve). No running
		/// total is written: the caller's event records the payment.
		pub(crate) fn pay(asset: &T::AssetKind, to: &T::AccountId, amount: u128) -> DispatchResult {
			<T::Assets as fungibles::Mutate<_>>::transfer(
				asset.clone(),
				&Self::pot_account(),
				to,
				amount,
				Preservation::Preserve,
			)
			.map(|_| ())
		}

		/// What `asset`'s pot holds, as the asset pallet reports it.
		pub fn pot_balance(asset: &T::AssetKind) -> u128 {
			<T::Assets as fungibles::Inspect<_>>::balance(asset.clone(), &Self::pot_account())
		}
	}
}

/// What claiming one position did.
pub(crate) struct ClaimedPosition {
	/// Something was paid.
	pub paid_any: bool,
	/// Something owed could not be paid (it stays claimable).
	pub held_any: bool,
	/// The position had a record (with its shares): the vaults pallet was not asked.
	pub recorded: bool,
	/// What settling its pool took.
	pub settlement: bastion_primitives::PoolSettlement,
	/// What paying its assets cost above paying the native token.
	pub surcharge: frame_support::weights::Weight,
}

impl ClaimedPosition {
	/// Nothing to pay: the pool was never paid.
	fn nothing(settlement: bastion_primitives::PoolSettlement) -> Self {
		Self {
			paid_any: false,
			held_any: false,
			recorded: false,
			settlement,
			surcharge: Default::default(),
		}
	}
}
