//! Settlement: releasing stream parts into accumulators and reading what each holder is
//! owed off them; the hooks the other pallets call; the consistency checks.

use crate::{math, pallet::*, types::*};
use bastion_primitives::{
	ActivePool, AllocationObserver, AllocationSchedule, AvsId, AvsInspect, ObservedPools,
	OperatorsInspect, PoolObserver, PoolSettlement, RewardsInspect, VaultId, VaultsInspect,
};
use frame_support::{defensive, storage::unhashed, traits::Get, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill, SaturatedConversion,
};

/// How many blocks after the due one a scheduled resync may slip when blocks are full.
const RESYNC_SLACK: u32 = 64;

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// What `earners` reading their allocation again, a change of it being due, add to the
	/// call whose settlement they were in.
	pub(crate) fn refresh_weight_of(earners: u64) -> frame_support::weights::Weight {
		use crate::WeightInfo as _;
		T::WeightInfo::refresh_allocation().saturating_mul(earners)
	}

	pub(crate) fn new_source(avs: AvsId, vault: VaultId, now: BlockNumberFor<T>) -> SourceOf<T> {
		RewardSource {
			total_stake: 0,
			settled_at: now,
			link: Self::link(avs, vault),
			parts: BoundedVec::new(),
			per_stake: BoundedVec::new(),
		}
	}

	/// The vault's approval of `avs` and the AVS's acceptance of `vault`, together.
	pub(crate) fn link(
		avs: AvsId,
		vault: VaultId,
	) -> bastion_primitives::Approval<BlockNumberFor<T>> {
		T::Vaults::avs_approval(vault, avs).and(T::Avs::vault_acceptance(avs, vault))
	}

	/// Releases what the source's parts owe for the blocks since it was last settled into
	/// its reward per stake — for the blocks in which the AVS could slash the vault's stake
	/// only. With no earning stake, or outside that span, nothing is released: it stays in
	/// the parts and is spread over what is left of each stream (or returned at its end).
	pub(crate) fn release(source: &mut SourceOf<T>, now: BlockNumberFor<T>) {
		if now <= source.settled_at {
			return;
		}
		let since = source.settled_at;
		source.settled_at = now;
		if source.total_stake == 0 {
			return;
		}
		let Some((from, to)) = source.link.live_within(since, now) else { return };
		let (from_n, to_n): (u128, u128) = (from.saturated_into(), to.saturated_into());
		for part in source.parts.iter_mut() {
			if part.end <= from || part.remaining == 0 {
				continue;
			}
			let amount = math::release(part.remaining, from_n, to_n, part.end.saturated_into());
			if amount == 0 {
				continue;
			}
			part.remaining = part.remaining.saturating_sub(amount);
			part.distributed = part.distributed.saturating_add(amount);
			match source.per_stake.iter_mut().find(|(asset, _)| *asset == part.asset) {
				Some((_, acc)) => {
					*acc = acc.saturating_add(math::per_unit(amount, source.total_stake))
				}
				None => {
					defensive!("a stream part's asset has no accumulator");
				}
			}
		}
	}

	/// Credits an earner with what its recorded stake earned since it last looked at the
	/// source: its commission is booked to it, the rest goes to its pool's `active_shares`
	/// (their reward per share, `per_share`).
	pub(crate) fn credit(
		source: &SourceOf<T>,
		earner: &mut EarnerOf<T>,
		per_share: &mut BoundedVec<(T::AssetKind, sp_core::U256), T::MaxRewardAssets>,
		active_shares: u128,
		commission: Perbill,
	) {
		// An increase is charged from the first settlement after it took effect only.
		let rate = earner.commission.min(commission);
		for (asset, acc) in source.per_stake.iter() {
			if !earner.assets.iter().any(|e| e.asset == *asset)
				&& earner
					.assets
					.try_push(EarnerAsset {
						asset: asset.clone(),
						seen: Zero::zero(),
						commission: 0,
					})
					.is_err()
			{
				defensive!("more assets in a source than MaxRewardAssets");
				continue;
			}
			let Some(entry) = earner.assets.iter_mut().find(|e| e.asset == *asset) else {
				continue;
			};
			let earned = math::owed(earner.stake, acc.saturating_sub(entry.seen));
			entry.seen = *acc;
			if earned == 0 {
				continue;
			}
			let cut = rate.mul_floor(earned);
			entry.commission = entry.commission.saturating_add(cut);
			// No active share to pay (never with a non-zero stake): the rest stays in the pot.
			if active_shares == 0 {
				continue;
			}
			let paid = math::per_unit(earned.saturating_sub(cut), active_shares);
			match per_share.iter_mut().find(|(a, _)| a == asset) {
				Some((_, ps)) => *ps = ps.saturating_add(paid),
				None => {
					if per_share.try_push((asset.clone(), paid)).is_err() {
						defensive!("more assets in a pool than MaxRewardAssets");
					}
				}
			}
		}
	}

	/// Settles one earner into `pool` and records its stake: its allocation of
	/// `pool_active`, the pool's active assets now. The allocation is read from the
	/// operators pallet for a new earner, when `reread` (the allocation changed by a call),
	/// or once the change the earner expects is due; otherwise its recorded fraction holds.
	/// Returns what settling it looped over and whether it read its allocation again.
	#[allow(clippy::too_many_arguments)]
	fn settle_earner(
		vault: VaultId,
		operator: &T::AccountId,
		avs: AvsId,
		pool: &mut PoolRewardsOf<T>,
		pool_active: u128,
		commission: Perbill,
		now: BlockNumberFor<T>,
		reread: bool,
	) -> EarnerSettlement {
		// The source is read and written through one `mutate` (its key hashed once); the
		// earner is in `pool`, which the caller reads and writes once for all its earners.
		Sources::<T>::mutate(avs, vault, |slot| {
			let source = slot.get_or_insert_with(|| Self::new_source(avs, vault, now));
			let parts = source.parts.len() as u32;
			Self::release(source, now);
			let assets = source.per_stake.len() as u32;
			let done = |refreshed| EarnerSettlement { assets, parts, refreshed };
			let PoolRewards { active_shares, per_share, earners, .. } = pool;
			let mut created = false;
			let index = match earners.iter().position(|(listed, _)| *listed == avs) {
				Some(index) => index,
				None => {
					// The allocation alone: whether the vault's approval and the AVS's
					// acceptance hold is the source's `link`, which gates what is released
					// to all of its earners.
					let (fraction, refresh_at) =
						T::Operators::allocation_schedule(operator, avs, vault);
					// No earner and no allocation: nothing to settle or to keep.
					if fraction.is_zero() {
						return done(false);
					}
					// A new earner has seen the source as it is now (crediting it below
					// records that, at no stake): it earns from here on.
					let new = Earner {
						stake: 0,
						commission,
						fraction,
						refresh_at,
						assets: BoundedVec::new(),
					};
					// Never at runtime: a pool has at most one earner per opt-in of its
					// operator, and `MaxEarnersPerPool` covers them.
					if earners.try_push((avs, new)).is_err() {
						defensive!("more earners in a pool than MaxEarnersPerPool");
						return done(false);
					}
					created = true;
					earners.len().saturating_sub(1)
				}
			};
			let Some((_, earner)) = earners.get_mut(index) else { return done(false) };
			let due = earner.refresh_at.is_some_and(|at| at <= now);
			if !created && (reread || due) {
				(earner.fraction, earner.refresh_at) =
					T::Operators::allocation_schedule(operator, avs, vault);
			}
			Self::credit(source, earner, per_share, *active_shares, commission);
			let stake = earner.fraction.mul_floor(pool_active);
			source.total_stake =
				source.total_stake.saturating_sub(earner.stake).saturating_add(stake);
			earner.stake = stake;
			earner.commission = commission;
			// Kept while the allocation lives, even with no stake yet: a pool's first deposit
			// finds its earners through it, and a link that comes back (a new approval or
			// acceptance) finds them still there. Once the allocation or the opt-in is gone,
			// so is the earner (a pool settles at most one per opt-in of its operator); its
			// unclaimed commission waits in `EndedCommission`.
			if earner.fraction.is_zero() {
				let (ended, kept): (alloc::vec::Vec<_>, alloc::vec::Vec<_>) =
					core::mem::take(earners).into_iter().partition(|(listed, _)| *listed == avs);
				*earners = BoundedVec::truncate_from(kept);
				for (_, earner) in &ended {
					Self::keep_ended_commission(vault, operator, avs, earner);
				}
			}
			done(!created && !reread && due)
		})
	}

	/// Adds an ended earner's unclaimed commission to what its operator may still claim.
	pub(crate) fn keep_ended_commission(
		vault: VaultId,
		operator: &T::AccountId,
		avs: AvsId,
		earner: &EarnerOf<T>,
	) {
		if earner.assets.iter().all(|e| e.commission == 0) {
			return;
		}
		EndedCommission::<T>::mutate((vault, operator, avs), |kept| {
			let kept = kept.get_or_insert_with(Default::default);
			for entry in earner.assets.iter().filter(|e| e.commission > 0) {
				match kept.iter_mut().find(|(asset, _)| *asset == entry.asset) {
					Some((_, amount)) => *amount = amount.saturating_add(entry.commission),
					None => {
						if kept.try_push((entry.asset.clone(), entry.commission)).is_err() {
							defensive!("more commission assets than MaxRewardAssets");
						}
					}
				}
			}
		});
	}

	/// [`Self::keep_ended_commission`], for the benchmark that charges it
	/// (`refresh_allocation`: a due re-read may end the earner).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn benchmark_keep_ended_commission(
		vault: VaultId,
		operator: &T::AccountId,
		avs: AvsId,
		earner: &EarnerOf<T>,
	) {
		Self::keep_ended_commission(vault, operator, avs, earner)
	}

	/// Settles every earner of the (vault, operator) pool and records the pool's active
	/// part: `active`, what the vaults pallet reports after a change, or, when not given,
	/// the one recorded at the last settlement (a claim: the vaults pallet reports every
	/// change of a pool with an earner, so it still holds). Bounded by the operator's
	/// allocations. Returns the pool's accumulators and what settling took; `None` for a
	/// pool that never had an earner.
	pub(crate) fn sync_pool(
		vault: VaultId,
		operator: &T::AccountId,
		active: Option<ActivePool>,
	) -> Option<(PoolRewardsOf<T>, PoolSettlement)> {
		// Accumulators are created with a pool's first earner (`sync_earner`) and never
		// removed: without them the pool has nothing to settle.
		// Read and written under one hashed key (a `mutate` would write a pool with no
		// earner back unchanged).
		let key = PoolAccumulators::<T>::hashed_key_for(vault, operator);
		let mut pool = unhashed::get::<PoolRewardsOf<T>>(&key)?;
		// Settling may end earners (removing them from the list): walk a copy of the AVSs.
		let avss: alloc::vec::Vec<AvsId> = pool.earning_from().collect();
		// A pool no AVS pays now has nothing to settle; its recorded active part only matters
		// once an earner appears, and `sync_earner` records it then.
		if avss.is_empty() {
			let assets = pool.per_share.len() as u32;
			let settled = PoolSettlement::Settled { earners: 0, assets, refreshed: 0, parts: 0 };
			return Some((pool, settled));
		}
		let now = Self::now();
		let commission = T::Operators::commission(operator);
		let active = active.unwrap_or_else(|| pool.active());
		debug_assert_eq!(active, T::Vaults::active_pool(vault, operator), "stale active pool");
		let (mut assets, mut refreshed, mut parts) = (0, 0u32, 0);
		for avs in &avss {
			let earner = Self::settle_earner(
				vault,
				operator,
				*avs,
				&mut pool,
				active.assets,
				commission,
				now,
				false,
			);
			assets = assets.max(earner.assets);
			parts = parts.max(earner.parts);
			refreshed = refreshed.saturating_add(u32::from(earner.refreshed));
		}
		(pool.active_assets, pool.active_shares) = (active.assets, active.shares);
		unhashed::put(&key, &pool);
		let assets = assets.max(pool.per_share.len() as u32);
		let earners = avss.len() as u32;
		Some((pool, PoolSettlement::Settled { earners, assets, refreshed, parts }))
	}

	/// Settles one earner (creating it if its allocation is new) and re-reads its
	/// allocation, its stake and the pool's active part.
	pub(crate) fn sync_earner(vault: VaultId, operator: &T::AccountId, avs: AvsId) {
		let now = Self::now();
		let commission = T::Operators::commission(operator);
		let mut pool = PoolAccumulators::<T>::try_get(vault, operator).unwrap_or_else(|_| {
			// The pool's first earner: from now on its deposits and withdrawals settle here.
			T::Vaults::observe(vault, operator);
			Default::default()
		});
		let active = T::Vaults::active_pool(vault, operator);
		let _ = Self::settle_earner(
			vault,
			operator,
			avs,
			&mut pool,
			active.assets,
			commission,
			now,
			true,
		);
		(pool.active_assets, pool.active_shares) = (active.assets, active.shares);
		PoolAccumulators::<T>::insert(vault, operator, pool);
	}

	/// Reads what the position earned since it was last settled, holding `shares` all
	/// along, off its pool's (already settled) accumulators. A position with no record yet
	/// has seen nothing: it earned the pool's whole history with the shares it has (it held
	/// them since before the pool was first paid; any other gets a record with its first
	/// shares). `None` for a pool that was never paid.
	pub(crate) fn settle_position(
		pool: &PoolRewardsOf<T>,
		vault: VaultId,
		operator: &T::AccountId,
		staker: &T::AccountId,
		shares: u128,
	) -> Option<PositionRewardsOf<T>> {
		// A pool never paid has no position record: skip the read.
		if pool.per_share.is_empty() {
			return None;
		}
		let mut record = PositionRewards::<T>::get((vault, operator, staker)).unwrap_or_default();
		Self::accrue(pool, &mut record.assets, shares);
		Some(record)
	}

	/// Adds to `entries` what `shares` earned since they last read the pool's accumulators,
	/// and records the accumulators as seen.
	fn accrue(
		pool: &PoolRewardsOf<T>,
		entries: &mut BoundedVec<PositionAsset<T::AssetKind>, T::MaxRewardAssets>,
		shares: u128,
	) {
		for (asset, per_share) in pool.per_share.iter() {
			if !entries.iter().any(|e| e.asset == *asset)
				&& entries
					.try_push(PositionAsset { asset: asset.clone(), seen: Zero::zero(), owed: 0 })
					.is_err()
			{
				defensive!("more assets in a position than MaxRewardAssets");
				continue;
			}
			let Some(entry) = entries.iter_mut().find(|e| e.asset == *asset) else { continue };
			let earned = math::owed(shares, per_share.saturating_sub(entry.seen));
			entry.seen = *per_share;
			entry.owed = entry.owed.saturating_add(earned);
		}
	}

	/// Adds to the position's record what it earned since it was last settled, holding
	/// `shares` all along, off its pool's (already settled) accumulators; the record is read
	/// and written once (its key hashed once). See [`Self::settle_position`] for a position
	/// with no record yet. The caller records the position's shares from now on.
	pub(crate) fn accrue_position<'a>(
		pool: &PoolRewardsOf<T>,
		slot: &'a mut Option<PositionRewardsOf<T>>,
		shares: u128,
	) -> &'a mut PositionRewardsOf<T> {
		let record = slot.get_or_insert_with(Default::default);
		Self::accrue(pool, &mut record.assets, shares);
		record
	}

	/// Whether a position's record can go: no `shares` and nothing owed (a new deposit
	/// starts it afresh at the pool's accumulators).
	pub(crate) fn spent(record: &PositionRewardsOf<T>, shares: u128) -> bool {
		shares == 0 && record.assets.iter().all(|e| e.owed == 0)
	}

	/// The earner of (`vault`, `operator`, `avs`), if the pool has one.
	pub fn earner(vault: VaultId, operator: &T::AccountId, avs: AvsId) -> Option<EarnerOf<T>> {
		PoolAccumulators::<T>::try_get(vault, operator).ok()?.earner(avs).cloned()
	}

	/// Every earner's (vault, operator, AVS), by a walk of every pool's accumulators: for
	/// genesis, tests and checks, never a call.
	pub fn earner_keys() -> alloc::vec::Vec<(VaultId, T::AccountId, AvsId)> {
		PoolAccumulators::<T>::iter()
			.flat_map(|(vault, operator, pool)| {
				pool.earning_from()
					.map(|avs| (vault, operator.clone(), avs))
					.collect::<alloc::vec::Vec<_>>()
			})
			.collect()
	}

	/// Queues a resync of an earner at `at` (or the first block after with room).
	fn schedule(at: BlockNumberFor<T>, key: (VaultId, T::AccountId, AvsId)) {
		let mut block = at;
		for _ in 0..RESYNC_SLACK {
			let done = Resyncs::<T>::try_mutate(block, |due| {
				if due.contains(&key) {
					return Ok(());
				}
				due.try_push(key.clone())
			});
			if done.is_ok() {
				return;
			}
			block = block.saturating_add(1u32.into());
		}
		// The earner keeps its recorded stake until its pool is next touched, or until
		// someone resyncs it (`resync_earner`, which anyone may call): said, not dropped.
		let (vault, operator, avs) = key;
		Self::deposit_event(Event::ResyncNotScheduled { vault, operator, avs, at });
	}

	/// What every open stream and every holder is owed, per asset, as recorded (what
	/// accrued since each holder's last settlement is not included).
	pub fn recorded_liabilities() -> alloc::collections::BTreeMap<T::AssetKind, u128> {
		let mut owed = alloc::collections::BTreeMap::<T::AssetKind, u128>::new();
		let mut add = |asset: &T::AssetKind, amount: u128| {
			let total = owed.entry(asset.clone()).or_default();
			*total = total.saturating_add(amount);
		};
		for source in Sources::<T>::iter_values() {
			source.parts.iter().for_each(|part| add(&part.asset, part.remaining));
		}
		for pool in PoolAccumulators::<T>::iter_values() {
			for (_, earner) in pool.earners.iter() {
				earner.assets.iter().for_each(|e| add(&e.asset, e.commission));
			}
		}
		for kept in EndedCommission::<T>::iter_values() {
			kept.iter().for_each(|(asset, amount)| add(asset, *amount));
		}
		for record in PositionRewards::<T>::iter_values() {
			record.assets.iter().for_each(|e| add(&e.asset, e.owed));
		}
		owed
	}

	/// The pallet's invariants, checked by `try-runtime` and the randomized tests:
	/// - per open stream, `Σ parts (remaining + distributed) = amount`, one part per vault;
	/// - each AVS's open-stream count matches its streams, within `MaxStreamsPerAvs`, and
	///   its count of sponsors' streams within `MaxSponsoredStreamsPerAvs`;
	/// - a pool with an earner records its active assets and shares as the vaults pallet has
	///   them, and each position record its position's shares;
	/// - each pool has at most one earner per AVS, each backed by its operator's opt-in, and
	///   each records its allocation and when that next changes as the operators pallet
	///   reports them (unless the change is due and the earner not settled since);
	/// - each source's total stake is the sum of its earners' stakes;
	/// - per asset, the pot holds its reserve plus every stream's remainder and everything
	///   recorded as owed, and returned no more than was funded (that it holds exactly
	///   `reserve + funded − returned − paid` takes the claim events' sum: the randomized
	///   runtime test checks it).
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let mut open = alloc::collections::BTreeMap::<AvsId, u32>::new();
		let mut sponsored = alloc::collections::BTreeMap::<AvsId, u32>::new();
		for (id, stream) in Streams::<T>::iter() {
			let mut parts = 0u32;
			let mut total = 0u128;
			for (vault, _) in stream.vault_shares.iter() {
				let source = Sources::<T>::get(stream.avs, vault).ok_or("stream without source")?;
				for part in source.parts.iter().filter(|p| p.stream == id) {
					parts = parts.saturating_add(1);
					total = total.saturating_add(part.remaining).saturating_add(part.distributed);
				}
			}
			ensure!(parts as usize == stream.vault_shares.len(), "stream part missing");
			ensure!(total == stream.amount, "stream: remaining + distributed != amount");
			let n = open.entry(stream.avs).or_default();
			*n = n.saturating_add(1);
			if stream.sponsored {
				let n = sponsored.entry(stream.avs).or_default();
				*n = n.saturating_add(1);
			}
		}
		for (avs, count) in OpenStreams::<T>::iter() {
			ensure!(open.get(&avs).copied().unwrap_or(0) == count, "open stream count mismatch");
			ensure!(count <= T::MaxStreamsPerAvs::get(), "too many streams");
		}
		for (avs, count) in SponsoredStreams::<T>::iter() {
			ensure!(sponsored.remove(&avs) == Some(count), "sponsored stream count mismatch");
			ensure!(count <= T::MaxSponsoredStreamsPerAvs::get(), "too many sponsored streams");
		}
		ensure!(sponsored.is_empty(), "sponsored streams not counted");
		let mut stakes = alloc::collections::BTreeMap::<(AvsId, VaultId), u128>::new();
		// A value that does not decode (e.g. more earners than the bound) is skipped by a
		// walk: count the keys too.
		ensure!(
			PoolAccumulators::<T>::iter_keys().count()
				== PoolAccumulators::<T>::iter_values().count(),
			"pool accumulators that do not decode"
		);
		for (vault, operator, pool) in PoolAccumulators::<T>::iter() {
			ensure!(
				T::Vaults::is_observed(vault, &operator),
				"pool with accumulators not observed"
			);
			// A claim settles a pool at its recorded active part: with an earner, it is the
			// pool's now (the vaults pallet reports every change).
			ensure!(
				pool.earners.is_empty()
					|| pool.active() == T::Vaults::active_pool(vault, &operator),
				"a pool's recorded active assets or shares are not the vaults pallet's"
			);
			let mut seen = alloc::collections::BTreeSet::<AvsId>::new();
			for (avs, earner) in pool.earners.iter() {
				ensure!(seen.insert(*avs), "two earners for one AVS in a pool");
				// What bounds a pool's earners (and the weight of every call that settles it).
				ensure!(
					T::Operators::holds_opt_in(&operator, *avs),
					"earner without its operator's opt-in"
				);
				// The recorded allocation is the operators pallet's, and it expects the next
				// change when that pallet does — unless that change is due and the earner not
				// yet settled since (it reads the allocation again first thing then).
				if earner.refresh_at.is_none_or(|at| at > Self::now()) {
					ensure!(
						(earner.fraction, earner.refresh_at)
							== T::Operators::allocation_schedule(&operator, *avs, vault),
						"earner's allocation or its next change is not the operator's"
					);
				}
				let s = stakes.entry((*avs, vault)).or_default();
				*s = s.saturating_add(earner.stake);
			}
		}
		for (avs, vault, source) in Sources::<T>::iter() {
			ensure!(
				stakes.remove(&(avs, vault)).unwrap_or(0) == source.total_stake,
				"source stake != sum of its earners' stakes"
			);
		}
		ensure!(stakes.values().all(|stake| *stake == 0), "earning stake without a source");
		// A claim pays a position by the shares its record holds: they are its shares now.
		for ((vault, operator, staker), record) in PositionRewards::<T>::iter() {
			ensure!(
				record.shares == T::Vaults::position_shares(vault, &operator, &staker),
				"a position's recorded shares are not the vaults pallet's"
			);
		}
		let mut owed = Self::recorded_liabilities();
		for (asset, ledger) in Pots::<T>::iter() {
			ensure!(ledger.returned <= ledger.funded, "pot returned more than was funded");
			let liabilities = owed.remove(&asset).unwrap_or(0);
			ensure!(
				Self::pot_balance(&asset) >= ledger.reserve.saturating_add(liabilities),
				"pot cannot cover its reserve and what it owes"
			);
		}
		ensure!(owed.values().all(|owed| *owed == 0), "owed in an asset no stream funded");
		Ok(())
	}
}

impl<T: Config> PoolObserver<T::AccountId> for Pallet<T> {
	fn after_pool_change(vault: VaultId, operator: &T::AccountId, active: ActivePool) {
		let _ = Self::sync_pool(vault, operator, Some(active));
	}

	fn after_position_change(
		vault: VaultId,
		operator: &T::AccountId,
		staker: &T::AccountId,
		shares_before: u128,
		shares: u128,
		active: ActivePool,
	) -> PoolSettlement {
		let Some((pool, settlement)) = Self::sync_pool(vault, operator, Some(active)) else {
			return PoolSettlement::Unrewarded;
		};
		// A pool never paid needs no record (nothing to start from). Otherwise the record is
		// kept even when nothing is owed: the position's shares now earn from these values.
		// Read and written through one `mutate`: the key is hashed once.
		if !pool.per_share.is_empty() {
			PositionRewards::<T>::mutate((vault, operator, staker), |slot| {
				Self::accrue_position(&pool, slot, shares_before).shares = shares;
			});
		}
		settlement
	}

	fn max_earners_per_pool() -> u32 {
		T::MaxEarnersPerPool::get()
	}

	fn refresh_weight(refreshed: u32) -> frame_support::weights::Weight {
		Self::refresh_weight_of(refreshed.into())
	}

	fn on_position_closed(vault: VaultId, operator: &T::AccountId, staker: &T::AccountId) {
		// Removed once spent; a record still owed something stays as it is (not rewritten).
		let key = (vault, operator, staker);
		if PositionRewards::<T>::get(key).is_some_and(|record| Self::spent(&record, 0)) {
			PositionRewards::<T>::remove(key);
		}
	}

	fn claimable(
		vault: VaultId,
		operator: &T::AccountId,
		staker: &T::AccountId,
		shares: u128,
	) -> alloc::vec::Vec<bastion_primitives::views::RewardView> {
		Self::claimable_now(vault, operator, staker, shares)
	}
}

impl<T: Config> AllocationObserver<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn on_allocation_change(
		operator: &T::AccountId,
		avs: AvsId,
		vault: VaultId,
		next_change: Option<BlockNumberFor<T>>,
	) {
		Self::sync_earner(vault, operator, avs);
		if let Some(at) = next_change {
			Self::schedule(at, (vault, operator.clone(), avs));
		}
	}
}

impl<T: Config> bastion_primitives::ApprovalObserver for Pallet<T> {
	fn on_approval_change(avs: AvsId, vault: VaultId) {
		let Some(mut source) = Sources::<T>::get(avs, vault) else { return };
		// What was released so far was released under the old span.
		Self::release(&mut source, Self::now());
		source.link = Self::link(avs, vault);
		Sources::<T>::insert(avs, vault, source);
	}
}

impl<T: Config> RewardsInspect for Pallet<T> {
	fn has_open_streams(avs: AvsId) -> bool {
		OpenStreams::<T>::get(avs) > 0
	}
}
