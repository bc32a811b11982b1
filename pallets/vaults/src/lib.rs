//! # Vaults
//!
//! Custody of restaked assets and the accounting of who owns what.
//!
//! ## Model
//!
//! A **vault** holds one asset — the native token or a `pallet-assets` asset that
//! governance approved ([`Pallet::approve_asset`]) — in a keyless account derived from the
//! pallet's `PalletId` and the vault id. Anyone may create one ([`Pallet::create_vault`]):
//! it costs a native deposit held from the creator (`VaultDeposit`) and the asset's
//! minimum balance, moved into the vault account as a permanent reserve so the account can
//! never be reaped. The creator is the vault's **curator**.
//!
//! Stakers deposit into the vault *for an operator*: each (vault, operator) pair is a
//! **pool** with `total_assets` and `total_shares`, and each staker's **position** in it
//! is a number of shares. Deposits mint shares at the pool's price; withdrawals burn them
//! at the pool's price when they complete. Because every staker of a pool owns a share of
//! the same `total_assets`, a slash of the pool is one write to `total_assets`, whatever
//! the number of stakers, and no call of this pallet loops over stakers.
//!
//! ## The ledger
//!
//! The pallet keeps, per vault, `reserve + Σ pools' total_assets + escrowed` — the ledger —
//! and moves the asset only in the same call that changes the ledger, so the vault
//! account's balance is always at least the ledger (tests check this after every step);
//! `Σ pools' total_assets` is also kept per vault (`staked`), which the deposit cap
//! counts. Nothing is ever read from a balance: tokens sent straight to the vault account
//! are a gift to no one — they cannot move a share price (the *donation attack* fails) nor
//! count against the deposit cap (a griefer cannot close a vault to deposits), and stay
//! in the account above the ledger.
//!
//! ## Share math
//!
//! See [`math`]: ERC-4626-style virtual shares (`VirtualShares`) and one virtual asset,
//! rounding always in the pool's favour, 256-bit intermediate products. With `MinDeposit`
//! this defeats the *first-depositor* (inflation) attack, and pools whose price collapsed
//! (assets 0 with shares left, or more than `MaxSharesPerAsset` shares per unit) are
//! closed to deposits, which defeats the *dust-pool* attack.
//!
//! ## Withdrawals
//!
//! [`Pallet::request_withdrawal`] turns active shares into exiting shares, unlocking at
//! `now + W` (W, the vault's withdrawal delay, fixed at request). Exiting shares stay in
//! the pool — slashable by every AVS the pool is allocated to, earning nothing — until
//! [`Pallet::complete_withdrawal`] pays them at the pool's price at completion. Requests
//! cannot be cancelled; each position holds at most `MaxPendingWithdrawals`.
//!
//! ## Curator powers
//!
//! Immediate: deposit cap, minimum deposit, lowering `max_restake` (which only blocks
//! allocation increases), pausing (blocks deposits and allocation increases, never
//! withdrawals), approving an AVS. Delayed by the current W: raising `max_restake`,
//! changing W. Revoking an AVS leaves its allocations slashable for D blocks, like an
//! operator's opt-out. Every change is checked against the delay inequalities of
//! [`bastion_primitives`].
//!
//! ## Weights
//!
//! A call that changes a position has the rewards pallet settle it once the change is
//! written, at the values recorded before it (`Config::Observer`), which costs per AVS the pool earns from. A pool no AVS was ever
//! allocated is not reported at all (`Pool::observed` is false: the observer asks for a
//! pool when it first tracks it). Each call is charged its worst case up front and
//! refunded to what the settlement reported. In an unobserved pool a deposit — most
//! deposits — is priced by its own benchmark (`deposit_unrewarded`) and a withdrawal by
//! its benchmark at `a = 0`; in an observed pool every call is priced at the number of
//! earners settled, at least one (settling a position whose earners have all ended costs
//! no more than one earner). A deposit is also priced at the positions the staker held
//! before it opened one (`p`: the length of the index it extends; 0 for a deposit into a
//! position it holds, which extends none): `deposit_unrewarded(p)` measures it, and a
//! settling deposit, measured opening a first position, adds its slope. A deposit that
//! opens a new pool also indexes it (`OperatorPools`), one more write than the benchmarks'
//! existing pools, charged at the runtime's `DbWeight`.
//!
//! ## Queries and upgrades
//!
//! [`Pallet::api_staker_exposure`] answers `restaking_stakerExposure`, and the vaults' side
//! of the other restaking queries goes out through [`bastion_primitives::VaultsInspect`]
//! (`operator_pools`, read from the `OperatorPools` index) and
//! [`bastion_primitives::SlashablePools::holder_values`]. The storage is at version 1;
//! [`migrations`] holds the step from version 0.

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
		ActivePool, Approval, ApprovalObserver, AssetTransferCost, AvsId, AvsInspect, GrantError,
		OperatorsInspect, PoolObserver, PoolSettlement, RestakePercent, RestakingDelays, VaultId,
	};
	use {
		frame_support::{
			pallet_prelude::*,
			traits::{
				fungible::{self, MutateHold},
				fungibles,
				tokens::Preservation,
			},
			PalletId,
		},
		frame_system::{self, pallet_prelude::*},
		sp_runtime::traits::{Saturating, Zero},
	};

	/// The block number type of the runtime.
	pub type BlockNumberOf<T> = BlockNumberFor<T>;
	/// A vault as stored.
	pub type VaultOf<T> = VaultDetails<
		<T as frame_system::Config>::AccountId,
		<T as Config>::AssetKind,
		BlockNumberFor<T>,
	>;
	/// A vault created at genesis: (curator, asset, parameters).
	pub type GenesisVault<T> = (
		<T as frame_system::Config>::AccountId,
		<T as Config>::AssetKind,
		VaultParams<BlockNumberFor<T>>,
	);
	/// A position as stored.
	pub type PositionOf<T> = Position<BlockNumberFor<T>, <T as Config>::MaxPendingWithdrawals>;

	/// The layout of this pallet's storage; [`crate::migrations`] moves a chain between
	/// versions.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The native currency: storage deposits are held in it.
		type Currency: fungible::MutateHold<
				Self::AccountId,
				Reason = Self::RuntimeHoldReason,
				Balance = Balance,
			> + fungible::Mutate<Self::AccountId>;

		/// Identifies an asset a vault may hold (native or a `pallet-assets` id).
		type AssetKind: Parameter
			+ MaxEncodedLen
			+ Ord
			+ MaybeSerializeDeserialize
			+ Into<bastion_primitives::views::AssetView>;

		/// The assets vaults hold: the union of the native token and `pallet-assets`.
		type Assets: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::AssetKind,
			Balance = Balance,
		>;

		/// The native token as an `AssetKind`: always approved for vaults.
		type NativeAsset: Get<Self::AssetKind>;

		/// What moving a vault's asset costs above moving the native token, which the
		/// benchmarks move: added to each call that moves it (a deposit, a completed
		/// withdrawal, a vault's creation, a slash's payout).
		type TransferCost: AssetTransferCost<Self::AssetKind>;

		/// May approve and unapprove assets for vaults.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Operators: may a pool take deposits?
		type Operators: OperatorsInspect<Self::AccountId>;

		/// AVSs: existence and veto windows, for approvals.
		type Avs: AvsInspect<Self::AccountId, BlockNumberFor<Self>>;

		/// The chain-wide delays (A, D, E, minimum V).
		type Delays: RestakingDelays<BlockNumberFor<Self>>;

		/// Told after pools and positions change (reward settlement, at the values recorded
		/// before the change) and when an approval changes (what AVSs pay follows what they
		/// can slash).
		type Observer: PoolObserver<Self::AccountId> + ApprovalObserver;

		/// Derives the vault accounts.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Native deposit held from a vault's creator.
		#[pallet::constant]
		type VaultDeposit: Get<Balance>;

		/// The most positions one account may have.
		#[pallet::constant]
		type MaxPositionsPerAccount: Get<u32>;

		/// The most queued withdrawals one position may have.
		#[pallet::constant]
		type MaxPendingWithdrawals: Get<u32>;

		/// The most AVSs one vault may approve (leaving ones included).
		#[pallet::constant]
		type MaxAvsPerVault: Get<u32>;

		/// The highest `max_restake` a curator may set, in percent.
		#[pallet::constant]
		type MaxRestakePercent: Get<RestakePercent>;

		/// The lowest `min_deposit` a curator may set.
		#[pallet::constant]
		type MinDepositFloor: Get<Balance>;

		/// Virtual shares of every pool (see [`math`]).
		#[pallet::constant]
		type VirtualShares: Get<Balance>;

		/// A pool with more shares than this per unit of assets is closed to deposits.
		#[pallet::constant]
		type MaxSharesPerAsset: Get<Balance>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds native funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a vault's storage.
		VaultDeposit,
	}

	/// The id the next vault gets. Ids are never reused.
	#[pallet::storage]
	pub type NextVaultId<T> = StorageValue<_, VaultId, ValueQuery>;

	/// Every vault.
	#[pallet::storage]
	pub type VaultInfo<T: Config> = StorageMap<_, Twox64Concat, VaultId, VaultOf<T>>;

	/// Non-native assets governance approved for vaults.
	#[pallet::storage]
	pub type ApprovedAssets<T: Config> = StorageMap<_, Blake2_128Concat, T::AssetKind, ()>;

	/// The AVSs each vault's curator approved (or is revoking).
	#[pallet::storage]
	pub type VaultAvs<T: Config> = StorageMap<
		_,
		Twox64Concat,
		VaultId,
		BoundedVec<AvsApproval<BlockNumberFor<T>>, T::MaxAvsPerVault>,
		ValueQuery,
	>;

	/// The (vault, operator) pools.
	#[pallet::storage]
	pub type Pools<T: Config> =
		StorageDoubleMap<_, Twox64Concat, VaultId, Blake2_128Concat, T::AccountId, Pool>;

	/// Index of [`Pools`] by operator: (operator, vault) for every pool, so an operator's
	/// pools are read without scanning every vault. Pools are never removed, so neither
	/// are its entries; one per pool, like the pools themselves.
	#[pallet::storage]
	pub(crate) type OperatorPools<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, VaultId, ()>;

	/// Stakers' positions, by (vault, operator, staker).
	#[pallet::storage]
	pub type Positions<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, VaultId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		PositionOf<T>,
	>;

	/// Each account's positions, (vault, operator): what a staker's queries read, and
	/// the bound on how many it may have.
	#[pallet::storage]
	pub type StakerPositions<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<(VaultId, T::AccountId), T::MaxPositionsPerAccount>,
		ValueQuery,
	>;

	/// Vaults, approved assets and AVS approvals to start a chain with (e.g. the dev
	/// chain's example vaults). Genesis data is trusted: AVS approvals are recorded without
	/// checking the AVS, which may be created later in genesis.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Non-native assets approved for vaults.
		pub approved_assets: alloc::vec::Vec<T::AssetKind>,
		/// Vaults to create, in id order: (curator, asset, parameters).
		pub vaults: alloc::vec::Vec<GenesisVault<T>>,
		/// (vault, AVS) approvals.
		pub avs_approvals: alloc::vec::Vec<(VaultId, AvsId)>,
		/// Deposits: (staker, vault, operator, amount). The operator must be registered by
		/// the operators pallet's genesis (built after this one).
		pub deposits: alloc::vec::Vec<(T::AccountId, VaultId, T::AccountId, Balance)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		// A bad genesis must stop the chain from being built at all.
		#[allow(clippy::panic)]
		fn build(&self) {
			for asset in &self.approved_assets {
				ApprovedAssets::<T>::insert(asset, ());
			}
			for (curator, asset, params) in &self.vaults {
				if let Err(e) =
					Pallet::<T>::do_create_vault(curator.clone(), asset.clone(), params.clone())
				{
					panic!("genesis vault of {curator:?} over {asset:?}: {e:?}");
				}
			}
			for (vault, avs) in &self.avs_approvals {
				// In force from the first block: genesis stake is announced by the spec.
				let approval = Approval::Yes { from: Zero::zero() };
				let pushed =
					VaultAvs::<T>::try_mutate(vault, |list| list.try_push((*avs, approval)));
				if pushed.is_err() {
					panic!("genesis: vault {vault} approves more than MaxAvsPerVault AVSs");
				}
			}
			for (staker, vault, operator, amount) in &self.deposits {
				if let Err(e) =
					Pallet::<T>::do_deposit(staker.clone(), *vault, operator.clone(), *amount)
				{
					panic!("genesis deposit of {staker:?} into vault {vault}: {:?}", e.error);
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance approved an asset for vaults.
		AssetApproved { asset: T::AssetKind },
		/// Governance withdrew an asset's approval; existing vaults are unaffected.
		AssetUnapproved { asset: T::AssetKind },
		/// A vault was created.
		VaultCreated {
			vault: VaultId,
			curator: T::AccountId,
			asset: T::AssetKind,
			params: VaultParams<BlockNumberFor<T>>,
			account: T::AccountId,
		},
		/// Parameters changed now.
		VaultParamsUpdated { vault: VaultId, params: VaultParams<BlockNumberFor<T>> },
		/// Parameter changes were scheduled.
		VaultParamsScheduled {
			vault: VaultId,
			withdrawal_delay: Option<BlockNumberFor<T>>,
			max_restake: Option<RestakePercent>,
			effective_at: BlockNumberFor<T>,
		},
		/// Every scheduled parameter change of the vault was cancelled.
		ScheduledParamsCancelled { vault: VaultId },
		/// The curator paused the vault.
		VaultPaused { vault: VaultId },
		/// The curator resumed the vault.
		VaultResumed { vault: VaultId },
		/// The curator approved an AVS: operators may allocate to it now; what they allocate
		/// is slashable by it from `slashable_from` (A blocks from now) at the earliest.
		AvsApproved { vault: VaultId, avs: AvsId, slashable_from: BlockNumberFor<T> },
		/// The curator revoked an AVS; its allocations stay slashable until `effective_at`.
		AvsRevoked { vault: VaultId, avs: AvsId, effective_at: BlockNumberFor<T> },
		/// A staker deposited and got shares.
		Deposited {
			vault: VaultId,
			operator: T::AccountId,
			staker: T::AccountId,
			amount: Balance,
			shares: Balance,
		},
		/// A staker queued shares for withdrawal.
		WithdrawalRequested {
			vault: VaultId,
			operator: T::AccountId,
			staker: T::AccountId,
			shares: Balance,
			/// What they are worth now; the payout is at the price at completion.
			value: Balance,
			unlock_at: BlockNumberFor<T>,
		},
		/// Matured withdrawals were paid out.
		WithdrawalCompleted {
			vault: VaultId,
			operator: T::AccountId,
			staker: T::AccountId,
			shares: Balance,
			amount: Balance,
		},
		/// A position was emptied and removed (and dropped from the staker's index).
		PositionClosed { vault: VaultId, operator: T::AccountId, staker: T::AccountId },
		/// The storage migration to version 1 indexed every existing pool by its operator
		/// (emitted once, in the block of the runtime upgrade).
		OperatorPoolsIndexed { pools: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No vault has this id.
		VaultNotFound,
		/// Only the vault's curator may do this.
		NotCurator,
		/// The asset is not approved for vaults.
		AssetNotApproved,
		/// The asset is already approved.
		AssetAlreadyApproved,
		/// The native asset is always approved.
		NativeAssetAlwaysApproved,
		/// `max_restake` is 0 or above `MaxRestakePercent`.
		InvalidMaxRestake,
		/// `min_deposit` is below `MinDepositFloor` or the asset's minimum balance.
		MinDepositTooLow,
		/// `deposit_cap` is below `min_deposit`.
		DepositCapTooLow,
		/// W ≤ E + V for an AVS the vault serves (or for the shortest allowed V).
		WithdrawalDelayTooShort,
		/// W ≥ A: stakers could not leave before an allocation increase applies.
		WithdrawalDelayTooLong,
		/// W > D: stake leaving an AVS would stop being slashable too early.
		DeallocationDelayTooShort,
		/// The update changes nothing.
		NothingToUpdate,
		/// The vault is paused.
		VaultPaused,
		/// The vault is not paused.
		VaultNotPaused,
		/// The operator is not registered or is deregistering.
		OperatorNotActive,
		/// The amount is below the vault's minimum deposit.
		BelowMinDeposit,
		/// The deposit would take the vault above its cap.
		DepositCapExceeded,
		/// The deposit is too small to mint a share.
		ZeroShares,
		/// The pool is closed to deposits (slashed to nothing or to dust).
		PoolClosed,
		/// A slash request against the pool is pending: no deposits until it is settled.
		PoolHasPendingSlash,
		/// More escrow asked or returned than the pool has.
		InsufficientPoolAssets,
		/// The account has `MaxPositionsPerAccount` positions.
		TooManyPositions,
		/// The account has no position in this pool.
		PositionNotFound,
		/// Zero shares requested.
		ZeroWithdrawal,
		/// More shares requested than the position has active.
		InsufficientShares,
		/// The position has `MaxPendingWithdrawals` queued withdrawals.
		TooManyWithdrawals,
		/// No queued withdrawal has reached its unlock block.
		NoWithdrawalReady,
		/// The AVS does not exist or is deregistering.
		AvsNotActive,
		/// The AVS is already approved.
		AvsAlreadyApproved,
		/// The AVS's approval is being revoked: approve it again once the revocation has
		/// taken effect (a new approval waits A before its stake is slashable).
		AvsBeingRevoked,
		/// The AVS is not approved (or already being revoked).
		AvsNotApproved,
		/// The vault has `MaxAvsPerVault` approved AVSs.
		TooManyAvs,
		/// An amount or share count overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "std")]
		fn integrity_test() {
			assert!(T::VirtualShares::get() > 0, "VirtualShares must be positive");
			assert!(T::MaxSharesPerAsset::get() >= T::VirtualShares::get());
			assert!(T::MaxRestakePercent::get() >= 100, "MaxRestakePercent below 100%");
			assert!(T::MaxPendingWithdrawals::get() > 0 && T::MaxPositionsPerAccount::get() > 0);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Approves a non-native asset for vaults. Governance only.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::approve_asset())]
		pub fn approve_asset(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(asset != T::NativeAsset::get(), Error::<T>::NativeAssetAlwaysApproved);
			ensure!(!ApprovedAssets::<T>::contains_key(&asset), Error::<T>::AssetAlreadyApproved);
			ApprovedAssets::<T>::insert(&asset, ());
			Self::deposit_event(Event::AssetApproved { asset });
			Ok(())
		}

		/// Withdraws an asset's approval: no new vault may hold it; existing vaults go on.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::unapprove_asset())]
		pub fn unapprove_asset(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(ApprovedAssets::<T>::take(&asset).is_some(), Error::<T>::AssetNotApproved);
			Self::deposit_event(Event::AssetUnapproved { asset });
			Ok(())
		}

		/// Creates a vault over `asset`; the caller becomes its curator. Holds
		/// `VaultDeposit` and moves the asset's minimum balance into the vault account.
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::create_vault().saturating_add(T::TransferCost::transfer_surcharge(asset))
		)]
		pub fn create_vault(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			params: VaultParams<BlockNumberFor<T>>,
		) -> DispatchResult {
			let curator = ensure_signed(origin)?;
			Self::do_create_vault(curator, asset, params).map(|_| ())
		}

		/// Changes a vault's parameters. Curator only. The deposit cap, the minimum deposit
		/// and a lower `max_restake` apply at once; a new W and a higher `max_restake`
		/// apply after the current W. A lower (or the current) `max_restake` cancels a raise
		/// already scheduled, and the current W a scheduled change of W: nothing scheduled
		/// can undo a later tightening. A change scheduled now keeps the other one already
		/// scheduled, both applying after the current W.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_vault_params(T::MaxAvsPerVault::get()))]
		pub fn set_vault_params(
			origin: OriginFor<T>,
			vault: VaultId,
			update: VaultParamsUpdate<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::curated_vault(vault, &who)?;
			ensure!(update != VaultParamsUpdate::default(), Error::<T>::NothingToUpdate);
			let now = Self::now();

			let mut params = info.params.clone();
			if let Some(cap) = update.deposit_cap {
				params.deposit_cap = cap;
			}
			if let Some(min) = update.min_deposit {
				params.min_deposit = min;
			}
			// What stays scheduled: each field the update does not touch.
			let before = info.pending.clone();
			let (mut pending_restake, mut pending_delay) =
				before.as_ref().map(|p| (p.max_restake, p.withdrawal_delay)).unwrap_or_default();
			let mut scheduled_restake = None;
			if let Some(restake) = update.max_restake {
				if restake <= params.max_restake {
					params.max_restake = restake;
					// A raise scheduled earlier would undo this tightening: it is dropped.
					pending_restake = None;
				} else {
					scheduled_restake = Some(restake);
				}
			}
			let mut scheduled_delay = None;
			if let Some(w) = update.withdrawal_delay {
				if w == info.params.withdrawal_delay {
					pending_delay = None;
				} else {
					scheduled_delay = Some(w);
				}
			}
			let pending_restake = scheduled_restake.or(pending_restake);
			let pending_delay = scheduled_delay.or(pending_delay);

			// Check what the vault will look like once everything applies.
			let mut final_params = params.clone();
			if let Some(r) = pending_restake {
				final_params.max_restake = r;
			}
			if let Some(w) = pending_delay {
				final_params.withdrawal_delay = w;
			}
			Self::check_params(&info.asset, &final_params, Some(vault))?;

			if params != info.params {
				info.params = params.clone();
				Self::deposit_event(Event::VaultParamsUpdated { vault, params });
			}
			let newly_scheduled = scheduled_restake.is_some() || scheduled_delay.is_some();
			let effective_at = if newly_scheduled {
				now.saturating_add(info.params.withdrawal_delay)
			} else {
				before.as_ref().map(|p| p.effective_at).unwrap_or(now)
			};
			info.pending =
				(pending_restake.is_some() || pending_delay.is_some()).then_some(PendingParams {
					withdrawal_delay: pending_delay,
					max_restake: pending_restake,
					effective_at,
				});
			if info.pending != before {
				match &info.pending {
					Some(p) => Self::deposit_event(Event::VaultParamsScheduled {
						vault,
						withdrawal_delay: p.withdrawal_delay,
						max_restake: p.max_restake,
						effective_at: p.effective_at,
					}),
					None => Self::deposit_event(Event::ScheduledParamsCancelled { vault }),
				}
			}
			VaultInfo::<T>::insert(vault, info);
			Ok(())
		}

		/// Deposits `amount` of the vault's asset into the pool of `operator`, minting
		/// shares at the pool's price (rounded down).
		#[pallet::call_index(4)]
		#[pallet::weight(
			T::WeightInfo::deposit(T::Observer::max_earners_per_pool())
				.saturating_add(Pallet::<T>::index_weight(Pallet::<T>::max_indexed()))
				.saturating_add(Pallet::<T>::max_refresh())
				.max(T::WeightInfo::deposit_unrewarded(Pallet::<T>::max_indexed()))
				.saturating_add(T::TransferCost::max_transfer_surcharge())
		)]
		pub fn deposit(
			origin: OriginFor<T>,
			vault: VaultId,
			operator: T::AccountId,
			#[pallet::compact] amount: Balance,
		) -> DispatchResultWithPostInfo {
			let staker = ensure_signed(origin)?;
			ensure!(T::Operators::is_active_operator(&operator), Error::<T>::OperatorNotActive);
			Self::do_deposit(staker, vault, operator, amount)
		}

		/// Queues shares of the caller's position for withdrawal; they unlock after the
		/// vault's withdrawal delay and stay slashable until paid. Cannot be cancelled.
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::request_withdrawal(T::Observer::max_earners_per_pool())
				.saturating_add(Pallet::<T>::max_refresh())
		)]
		pub fn request_withdrawal(
			origin: OriginFor<T>,
			vault: VaultId,
			operator: T::AccountId,
			amount: WithdrawalAmount,
		) -> DispatchResultWithPostInfo {
			let staker = ensure_signed(origin)?;
			let info = Self::vault_now(vault)?;
			let key = (vault, operator.clone(), staker.clone());
			let mut position = Positions::<T>::get(&key).ok_or(Error::<T>::PositionNotFound)?;
			let mut pool = Pools::<T>::get(vault, &operator).ok_or(Error::<T>::PositionNotFound)?;

			let vs = T::VirtualShares::get();
			let shares = match amount {
				WithdrawalAmount::Shares(shares) => shares,
				WithdrawalAmount::Assets(assets) => {
					math::shares_for_withdrawal(&pool, assets, vs).ok_or(Error::<T>::Overflow)?
				}
				WithdrawalAmount::All => position.shares,
			};
			ensure!(shares > 0, Error::<T>::ZeroWithdrawal);
			ensure!(shares <= position.shares, Error::<T>::InsufficientShares);
			let unlock_at = Self::now().saturating_add(info.params.withdrawal_delay);

			position
				.withdrawals
				.try_push(Withdrawal { shares, unlock_at })
				.map_err(|_| Error::<T>::TooManyWithdrawals)?;
			let shares_before = position.shares;
			position.shares = position.shares.saturating_sub(shares);
			pool.exiting_shares =
				pool.exiting_shares.checked_add(shares).ok_or(Error::<T>::Overflow)?;
			let value = math::assets_for_shares(&pool, shares, vs).unwrap_or_default();

			let active = pool.observed.then(|| pool.active());
			let shares_now = position.shares;
			Pools::<T>::insert(vault, &operator, pool);
			Positions::<T>::insert(&key, position);
			let settlement =
				Self::settle(active, vault, &operator, &staker, shares_before, shares_now);
			Self::deposit_event(Event::WithdrawalRequested {
				vault,
				operator,
				staker,
				shares,
				value,
				unlock_at,
			});
			let weight = Self::weighed(
				settlement,
				T::WeightInfo::request_withdrawal,
				T::WeightInfo::request_withdrawal_one_asset,
			);
			Ok(Some(weight).into())
		}

		/// Pays out every queued withdrawal of the caller's position that has unlocked, at
		/// the pool's price now. Removes the position once empty.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::complete_withdrawal(
			T::MaxPendingWithdrawals::get(),
			T::Observer::max_earners_per_pool(),
		)
		.saturating_add(Pallet::<T>::max_refresh())
		.saturating_add(T::TransferCost::max_transfer_surcharge()))]
		pub fn complete_withdrawal(
			origin: OriginFor<T>,
			vault: VaultId,
			operator: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let staker = ensure_signed(origin)?;
			let mut info = Self::vault_now(vault)?;
			let key = (vault, operator.clone(), staker.clone());
			let mut position = Positions::<T>::get(&key).ok_or(Error::<T>::PositionNotFound)?;
			let mut pool = Pools::<T>::get(vault, &operator).ok_or(Error::<T>::PositionNotFound)?;

			let now = Self::now();
			let queued = position.withdrawals.len() as u32;
			let shares = position
				.withdrawals
				.iter()
				.filter(|w| w.unlock_at <= now)
				.fold(0u128, |sum, w| sum.saturating_add(w.shares));
			ensure!(shares > 0, Error::<T>::NoWithdrawalReady);
			let amount = math::assets_for_shares(&pool, shares, T::VirtualShares::get())
				.ok_or(Error::<T>::Overflow)?
				// Only rounding could ask for more than the pool has; never pay it.
				.min(pool.total_assets);

			if amount > 0 {
				<T::Assets as fungibles::Mutate<_>>::transfer(
					info.asset.clone(),
					&Self::vault_account(vault),
					&staker,
					amount,
					Preservation::Preserve,
				)?;
			}

			position.withdrawals.retain(|w| w.unlock_at > now);
			position.principal = position.principal.saturating_sub(amount);
			pool.total_shares = pool.total_shares.saturating_sub(shares);
			pool.exiting_shares = pool.exiting_shares.saturating_sub(shares);
			pool.total_assets = pool.total_assets.saturating_sub(amount);
			info.staked = info.staked.saturating_sub(amount);

			let active = pool.observed.then(|| pool.active());
			Pools::<T>::insert(vault, &operator, pool);
			VaultInfo::<T>::insert(vault, &info);
			// Written (or removed) before the observer is told, as it expects.
			let closed = position.shares == 0 && position.withdrawals.is_empty();
			let held = position.shares;
			if closed {
				Positions::<T>::remove(&key);
			} else {
				Positions::<T>::insert(&key, position);
			}
			// The position's shares do not change: the paid ones left it at the request.
			let settlement = Self::settle(active, vault, &operator, &staker, held, held);
			Self::deposit_event(Event::WithdrawalCompleted {
				vault,
				operator: operator.clone(),
				staker: staker.clone(),
				shares,
				amount,
			});
			if closed {
				T::Observer::on_position_closed(vault, &operator, &staker);
				Self::close_position(vault, &operator, &staker);
				Self::deposit_event(Event::PositionClosed { vault, operator, staker });
			}
			let earners = Self::earners_weighed(settlement);
			let weight = T::WeightInfo::complete_withdrawal(queued, earners)
				.saturating_add(T::Observer::refresh_weight(settlement.refreshed()))
				.saturating_add(T::TransferCost::transfer_surcharge(&info.asset));
			Ok(Some(weight).into())
		}

		/// Pauses deposits and allocation increases. Curator only. Withdrawals, slashes
		/// and claims go on.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::pause_vault())]
		pub fn pause_vault(origin: OriginFor<T>, vault: VaultId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::curated_vault(vault, &who)?;
			ensure!(!info.paused, Error::<T>::VaultPaused);
			info.paused = true;
			VaultInfo::<T>::insert(vault, info);
			Self::deposit_event(Event::VaultPaused { vault });
			Ok(())
		}

		/// Resumes a paused vault. Curator only.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::resume_vault())]
		pub fn resume_vault(origin: OriginFor<T>, vault: VaultId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::curated_vault(vault, &who)?;
			ensure!(info.paused, Error::<T>::VaultNotPaused);
			info.paused = false;
			VaultInfo::<T>::insert(vault, info);
			Self::deposit_event(Event::VaultResumed { vault });
			Ok(())
		}

		/// Lets operators allocate the vault's stake to `avs`. Curator only. The AVS's veto
		/// window must fit the vault's withdrawal delay (`W > E + V`). New exposure: the
		/// vault's stake becomes slashable by the AVS A blocks from now at the earliest, also
		/// when it was approved before (its old allocations revive only then). An AVS being
		/// revoked can be approved again once the revocation has taken effect.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::approve_avs(T::MaxAvsPerVault::get()))]
		pub fn approve_avs(origin: OriginFor<T>, vault: VaultId, avs: AvsId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Self::curated_vault(vault, &who)?;
			ensure!(T::Avs::is_active_avs(avs), Error::<T>::AvsNotActive);
			let (min_w, _) = Self::delay_bounds(&info);
			bastion_primitives::check_withdrawal_delay::<_, T::Delays>(
				min_w,
				T::Avs::max_veto_window(avs),
			)
			.map_err(Self::delay_error)?;

			let now = Self::now();
			let a = T::Delays::allocation_delay();
			let slashable_from = VaultAvs::<T>::try_mutate(vault, |approvals| {
				approvals.retain(|(_, approval)| !approval.has_ended(now));
				Approval::grant_in(approvals, avs, now, a).map_err(|e| match e {
					GrantError::AlreadyGiven => Error::<T>::AvsAlreadyApproved,
					GrantError::StillLeaving => Error::<T>::AvsBeingRevoked,
					GrantError::Full => Error::<T>::TooManyAvs,
				})
			})?;
			T::Observer::on_approval_change(avs, vault);
			Self::deposit_event(Event::AvsApproved { vault, avs, slashable_from });
			Ok(())
		}

		/// Withdraws the approval of `avs`. Curator only. Allocations to it stay slashable
		/// for D blocks (as after an operator's opt-out), then count for nothing.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::revoke_avs(T::MaxAvsPerVault::get()))]
		pub fn revoke_avs(origin: OriginFor<T>, vault: VaultId, avs: AvsId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::curated_vault(vault, &who)?;
			let now = Self::now();
			let effective_at = now.saturating_add(T::Delays::deallocation_delay());
			VaultAvs::<T>::try_mutate(vault, |approvals| {
				let (_, approval) = approvals
					.iter_mut()
					.find(|(id, _)| *id == avs)
					.ok_or(Error::<T>::AvsNotApproved)?;
				*approval = approval
					.withdrawn(now, T::Delays::deallocation_delay())
					.ok_or(Error::<T>::AvsNotApproved)?;
				Ok::<_, Error<T>>(())
			})?;
			T::Observer::on_approval_change(avs, vault);
			Self::deposit_event(Event::AvsRevoked { vault, avs, effective_at });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// `deposit` by `staker`, whose operator was checked by the caller (the dispatchable
		/// requires an active operator; a genesis deposit names an operator the operators
		/// pallet's genesis registers).
		pub(crate) fn do_deposit(
			staker: T::AccountId,
			vault: VaultId,
			operator: T::AccountId,
			amount: Balance,
		) -> DispatchResultWithPostInfo {
			let mut info = Self::vault_now(vault)?;
			ensure!(!info.paused, Error::<T>::VaultPaused);
			ensure!(amount >= info.params.min_deposit, Error::<T>::BelowMinDeposit);
			// The ledger, not the account's balance: a donation counts for nothing.
			info.staked = info.staked.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			ensure!(info.staked <= info.params.deposit_cap, Error::<T>::DepositCapExceeded);
			let account = Self::vault_account(vault);

			// The pool and the position are each read and written through one `try_mutate`,
			// so each key is hashed once (a failure rolls back with the dispatch anyway).
			let key = (vault, operator.clone(), staker.clone());
			let mut new_pool = false;
			// The staker's positions before this one, when it opens one (the index it
			// extends); an existing position is charged as a first one (`p = 0`).
			let mut indexed = 0;
			let (shares, shares_before, active) =
				Pools::<T>::try_mutate(vault, &operator, |slot| {
					let mut pool = match slot.take() {
						Some(pool) => pool,
						None => {
							new_pool = true;
							Self::index_pool(vault, &operator);
							Pool::default()
						}
					};
					ensure!(pool.escrowed == 0, Error::<T>::PoolHasPendingSlash);
					ensure!(
						math::accepts_deposits(
							&pool,
							T::VirtualShares::get(),
							T::MaxSharesPerAsset::get()
						),
						Error::<T>::PoolClosed
					);
					let shares = math::shares_for_deposit(&pool, amount, T::VirtualShares::get())
						.ok_or(Error::<T>::Overflow)?;
					ensure!(shares > 0, Error::<T>::ZeroShares);

					let shares_before = Positions::<T>::try_mutate(&key, |entry| {
						let mut position = match entry.take() {
							Some(position) => position,
							None => {
								let (position, before) =
									Self::open_position(vault, &operator, &staker)?;
								indexed = before;
								position
							}
						};
						let shares_before = position.shares;
						<T::Assets as fungibles::Mutate<_>>::transfer(
							info.asset.clone(),
							&staker,
							&account,
							amount,
							Preservation::Preserve,
						)?;
						position.shares =
							position.shares.checked_add(shares).ok_or(Error::<T>::Overflow)?;
						position.principal = position.principal.saturating_add(amount);
						*entry = Some(position);
						Ok::<_, DispatchError>(shares_before)
					})?;

					pool.total_assets =
						pool.total_assets.checked_add(amount).ok_or(Error::<T>::Overflow)?;
					pool.total_shares =
						pool.total_shares.checked_add(shares).ok_or(Error::<T>::Overflow)?;
					let active = pool.observed.then(|| pool.active());
					*slot = Some(pool);
					Ok::<_, DispatchError>((shares, shares_before, active))
				})?;
			let surcharge = T::TransferCost::transfer_surcharge(&info.asset);
			VaultInfo::<T>::insert(vault, info);
			let settlement = Self::settle(
				active,
				vault,
				&operator,
				&staker,
				shares_before,
				shares_before.saturating_add(shares),
			);
			Self::deposit_event(Event::Deposited { vault, operator, staker, amount, shares });
			let weight = match settlement {
				PoolSettlement::Unrewarded => T::WeightInfo::deposit_unrewarded(indexed),
				settled => match settled.one_earner_parts() {
					// The common pool: at most one AVS paying in one asset, weighed by its
					// streams.
					Some(parts) => T::WeightInfo::deposit_one_earner(parts)
						.saturating_add(T::Observer::refresh_weight(settled.refreshed())),
					None => Self::weighed(
						settled,
						T::WeightInfo::deposit,
						T::WeightInfo::deposit_one_asset,
					),
				}
				.saturating_add(Self::index_weight(indexed)),
			};
			// The benchmarks deposit into existing pools; a new one is also indexed.
			let index = if new_pool { T::DbWeight::get().writes(1) } else { Weight::zero() };
			Ok(Some(weight.saturating_add(index).saturating_add(surcharge)).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Creates a vault (the body of [`Pallet::create_vault`], shared with genesis).
		pub(crate) fn do_create_vault(
			curator: T::AccountId,
			asset: T::AssetKind,
			params: VaultParams<BlockNumberFor<T>>,
		) -> Result<VaultId, DispatchError> {
			ensure!(
				asset == T::NativeAsset::get() || ApprovedAssets::<T>::contains_key(&asset),
				Error::<T>::AssetNotApproved
			);
			Self::check_params(&asset, &params, None)?;

			let vault = NextVaultId::<T>::get();
			let next = vault.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let account = Self::vault_account(vault);

			let deposit = T::VaultDeposit::get();
			T::Currency::hold(&HoldReason::VaultDeposit.into(), &curator, deposit)?;
			let reserve = <T::Assets as fungibles::Inspect<_>>::minimum_balance(asset.clone());
			if reserve > 0 {
				<T::Assets as fungibles::Mutate<_>>::transfer(
					asset.clone(),
					&curator,
					&account,
					reserve,
					Preservation::Preserve,
				)?;
			}

			VaultInfo::<T>::insert(
				vault,
				VaultDetails {
					curator: curator.clone(),
					asset: asset.clone(),
					params: params.clone(),
					pending: None,
					paused: false,
					reserve,
					staked: 0,
					escrowed: 0,
					deposit,
				},
			);
			NextVaultId::<T>::put(next);
			Self::deposit_event(Event::VaultCreated { vault, curator, asset, params, account });
			Ok(vault)
		}

		/// The keyless account holding vault `vault`'s assets.
		pub fn vault_account(vault: VaultId) -> T::AccountId {
			use sp_runtime::traits::AccountIdConversion;
			T::PalletId::get().into_sub_account_truncating(vault)
		}

		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		/// The vault with any scheduled change that is due applied.
		pub fn vault_now(vault: VaultId) -> Result<VaultOf<T>, Error<T>> {
			let mut info = VaultInfo::<T>::get(vault).ok_or(Error::<T>::VaultNotFound)?;
			if let Some(pending) = info.pending.clone() {
				if pending.effective_at <= Self::now() {
					if let Some(w) = pending.withdrawal_delay {
						info.params.withdrawal_delay = w;
					}
					if let Some(r) = pending.max_restake {
						info.params.max_restake = r;
					}
					info.pending = None;
				}
			}
			Ok(info)
		}

		fn curated_vault(vault: VaultId, who: &T::AccountId) -> Result<VaultOf<T>, Error<T>> {
			let info = Self::vault_now(vault)?;
			ensure!(&info.curator == who, Error::<T>::NotCurator);
			Ok(info)
		}

		/// The shortest and longest W the vault has in force or scheduled.
		pub(crate) fn delay_bounds(info: &VaultOf<T>) -> (BlockNumberFor<T>, BlockNumberFor<T>) {
			let current = info.params.withdrawal_delay;
			match info.pending.as_ref().and_then(|p| p.withdrawal_delay) {
				Some(next) => (current.min(next), current.max(next)),
				None => (current, current),
			}
		}

		/// Checks parameters on their own and, for an existing vault, against the veto
		/// windows of the AVSs it serves.
		fn check_params(
			asset: &T::AssetKind,
			params: &VaultParams<BlockNumberFor<T>>,
			vault: Option<VaultId>,
		) -> DispatchResult {
			ensure!(
				params.max_restake > 0 && params.max_restake <= T::MaxRestakePercent::get(),
				Error::<T>::InvalidMaxRestake
			);
			let min_balance = <T::Assets as fungibles::Inspect<_>>::minimum_balance(asset.clone());
			ensure!(
				params.min_deposit >= T::MinDepositFloor::get()
					&& params.min_deposit >= min_balance,
				Error::<T>::MinDepositTooLow
			);
			ensure!(params.deposit_cap >= params.min_deposit, Error::<T>::DepositCapTooLow);

			let now = Self::now();
			let max_veto = vault
				.map(|vault| {
					VaultAvs::<T>::get(vault)
						.iter()
						.filter(|(_, approval)| !approval.has_ended(now))
						.filter_map(|(avs, _)| T::Avs::max_veto_window(*avs))
						.max()
				})
				.unwrap_or_default();
			bastion_primitives::check_withdrawal_delay::<_, T::Delays>(
				params.withdrawal_delay,
				max_veto,
			)
			.map_err(Self::delay_error)?;
			Ok(())
		}

		fn delay_error(violation: bastion_primitives::DelayViolation) -> DispatchError {
			use bastion_primitives::DelayViolation::*;
			match violation {
				WithdrawalDelayTooShort | VetoWindowTooShort => Error::<T>::WithdrawalDelayTooShort,
				WithdrawalDelayTooLong => Error::<T>::WithdrawalDelayTooLong,
				DeallocationDelayTooShort => Error::<T>::DeallocationDelayTooShort,
			}
			.into()
		}

		/// Has the observer settle the (vault, operator) pool, whose change is written (its
		/// active part now `active`), and `staker`'s position, whose shares were
		/// `shares_before` until this change, if it watches the pool (`active` given: the
		/// pool is `observed`); a pool it does not watch has nothing to settle.
		fn settle(
			active: Option<ActivePool>,
			vault: VaultId,
			operator: &T::AccountId,
			staker: &T::AccountId,
			shares_before: u128,
			shares: u128,
		) -> PoolSettlement {
			match active {
				Some(pool) => T::Observer::after_position_change(
					vault,
					operator,
					staker,
					shares_before,
					shares,
					pool,
				),
				None => PoolSettlement::Unrewarded,
			}
		}

		/// The earners (`a`) a call is weighed at after `settlement`. The benchmarks' `a = 0`
		/// is a pool that never had an earner; one whose earners have all ended still
		/// settles the position, which the weight of one earner covers.
		fn earners_weighed(settlement: PoolSettlement) -> u32 {
			match settlement {
				PoolSettlement::Unrewarded => 0,
				PoolSettlement::Settled { earners, .. } => earners.max(1),
			}
		}

		/// The weight of a call that settled `settlement`: `any_assets` at its earners, or
		/// `one_asset` (measured with one reward asset) when settling looped over one asset;
		/// plus the earners that read their allocation again.
		fn weighed(
			settlement: PoolSettlement,
			any_assets: fn(u32) -> Weight,
			one_asset: fn(u32) -> Weight,
		) -> Weight {
			let earners = Self::earners_weighed(settlement);
			let settled =
				if settlement.single_asset() { one_asset(earners) } else { any_assets(earners) };
			settled.saturating_add(T::Observer::refresh_weight(settlement.refreshed()))
		}

		/// What settling a pool adds at most for earners reading their allocation again:
		/// every earner of a pool, in the weight charged before dispatch.
		pub(crate) fn max_refresh() -> Weight {
			T::Observer::refresh_weight(T::Observer::max_earners_per_pool())
		}

		/// A new, empty position: indexed for the staker, within `MaxPositionsPerAccount`.
		/// Also returns how many positions the staker held before it.
		fn open_position(
			vault: VaultId,
			operator: &T::AccountId,
			staker: &T::AccountId,
		) -> Result<(PositionOf<T>, u32), DispatchError> {
			let before = StakerPositions::<T>::try_mutate(staker, |positions| {
				let before = positions.len() as u32;
				positions
					.try_push((vault, operator.clone()))
					.map_err(|_| Error::<T>::TooManyPositions)?;
				Ok::<_, Error<T>>(before)
			})?;
			Ok((Position { shares: 0, withdrawals: Default::default(), principal: 0 }, before))
		}

		/// The most positions a staker holds before opening one: the `p` deposits are
		/// charged at up front.
		pub(crate) fn max_indexed() -> u32 {
			T::MaxPositionsPerAccount::get().saturating_sub(1)
		}

		/// What extending an index of `p` positions costs above extending an empty one: the
		/// settling deposits are measured opening a first position (`p = 0`) and charged
		/// this on top. It is the same work in every branch (`open_position`, before any
		/// settlement), so it is measured once, by `deposit_unrewarded(p)`, whose fit over
		/// `p` alone is steadier than a second component in a settling benchmark.
		fn index_weight(p: u32) -> Weight {
			T::WeightInfo::deposit_unrewarded(p)
				.saturating_sub(T::WeightInfo::deposit_unrewarded(0))
		}

		fn close_position(vault: VaultId, operator: &T::AccountId, staker: &T::AccountId) {
			StakerPositions::<T>::mutate_exists(staker, |positions| {
				if let Some(list) = positions {
					list.retain(|(v, o)| !(*v == vault && o == operator));
					if list.is_empty() {
						*positions = None;
					}
				}
			});
		}
	}
}
