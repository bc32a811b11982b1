//! Scenario builders shared by the benchmark modules: funded accounts, vaults, operators,
//! AVSs, allocations in force, reward streams — each through the pallets' own calls, so a
//! benchmark starts from a state the chain could really be in.

#![allow(clippy::expect_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use crate::Config;
use alloc::{vec, vec::Vec};
use bastion_primitives::{
	AvsId, Fraction, RestakingDelays, SlashDestination, SlashingRules, VaultId,
};
use frame_benchmarking::v2::account;
use frame_support::{
	traits::{fungibles, EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_avs::{AvsRegistration, OperatorPolicy};
use pallet_vaults::VaultParams;
use sp_runtime::{traits::Saturating, Perbill};

/// An asset id no chain state uses (benchmarks run on the dev chain's genesis).
pub const UNUSED_ASSET: u32 = 1_000_000;

/// Every benchmark account gets this much of the native token.
pub const FUNDS: u128 = 1_000_000_000_000_000_000_000;
/// What each staker deposits.
pub const STAKE: u128 = 1_000_000_000_000_000;

pub type AccountOf<T> = <T as frame_system::Config>::AccountId;
pub type AssetOf<T> = <T as pallet_vaults::Config>::AssetKind;
type Delays<T> = <T as pallet_vaults::Config>::Delays;
type Vaults<T> = pallet_vaults::Pallet<T>;
type Operators<T> = pallet_operators::Pallet<T>;
type Avs<T> = pallet_avs::Pallet<T>;
type Rewards<T> = pallet_rewards::Pallet<T>;

pub fn origin<T: Config>(who: &AccountOf<T>) -> <T as frame_system::Config>::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

pub fn native<T: Config>() -> AssetOf<T> {
	<T as pallet_vaults::Config>::NativeAsset::get()
}

/// An account holding [`FUNDS`] of the native token.
pub fn funded<T: Config>(name: &'static str, index: u32) -> AccountOf<T> {
	let who: AccountOf<T> = account(name, index, 0);
	<<T as pallet_vaults::Config>::Assets as fungibles::Mutate<_>>::mint_into(
		native::<T>(),
		&who,
		FUNDS,
	)
	.expect("minting works");
	who
}

/// The benchmarks' signer, funded. Like FRAME's own benchmarks (`transfer_keep_alive`
/// among them), its account is whitelisted: the fee payment of the same extrinsic has
/// already read and written it, so the call's first touch of it costs no database access.
pub fn funded_caller<T: Config>() -> AccountOf<T> {
	let who: AccountOf<T> = frame_benchmarking::v2::whitelisted_caller();
	<<T as pallet_vaults::Config>::Assets as fungibles::Mutate<_>>::mint_into(
		native::<T>(),
		&who,
		FUNDS,
	)
	.expect("minting works");
	who
}

pub fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// Moves to block `n`, running the rewards hook (scheduled stake changes) on the way.
pub fn run_to<T: Config>(n: BlockNumberFor<T>) {
	while now::<T>() < n {
		let next = now::<T>().saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(next);
		Rewards::<T>::on_initialize(next);
	}
}

/// The shortest withdrawal delay the chain's delays allow: E + minimum V + 1.
pub fn withdrawal_delay<T: Config>() -> BlockNumberFor<T> {
	Delays::<T>::max_offence_age()
		.saturating_add(Delays::<T>::min_veto_window())
		.saturating_add(1u32.into())
}

/// A vault over the native token with the shortest withdrawal delay the delays allow
/// (E + minimum V + 1) and the highest restaking cap.
pub fn vault<T: Config>(curator: &AccountOf<T>) -> VaultId {
	let id = pallet_vaults::NextVaultId::<T>::get();
	let min_balance =
		<<T as pallet_vaults::Config>::Assets as fungibles::Inspect<_>>::minimum_balance(
			native::<T>(),
		);
	Vaults::<T>::create_vault(
		origin::<T>(curator),
		native::<T>(),
		VaultParams {
			withdrawal_delay: withdrawal_delay::<T>(),
			deposit_cap: u128::MAX / 4,
			min_deposit: <T as pallet_vaults::Config>::MinDepositFloor::get().max(min_balance),
			max_restake: <T as pallet_vaults::Config>::MaxRestakePercent::get(),
		},
	)
	.expect("vault created");
	id
}

pub fn rules<T: Config>(slasher: &AccountOf<T>) -> SlashingRules<AccountOf<T>, BlockNumberFor<T>> {
	SlashingRules {
		slasher: slasher.clone(),
		resolver: Some(account("resolver", 0, 0)),
		veto_window: Delays::<T>::min_veto_window(),
		max_slash_per_request: <T as pallet_avs::Config>::MaxSlashPerRequest::get(),
		slash_cooldown: 0u32.into(),
		// Paying an account that does not exist yet is the dearest destination.
		destination: SlashDestination::Account(account("slash recipient", 0, 0)),
	}
}

/// An open AVS owned (and slashed for) by `owner`, accepting `vaults`, approved by each
/// vault's curator, paying rewards in as many assets as an AVS may accept
/// ([`accept_reward_assets`]).
pub fn avs<T: Config>(owner: &AccountOf<T>, vaults: &[VaultId]) -> AvsId {
	let id = pallet_avs::NextAvsId::<T>::get();
	Avs::<T>::register_avs(
		origin::<T>(owner),
		Default::default(),
		AvsRegistration {
			accepted_vaults: BoundedVec::truncate_from(vaults.to_vec()),
			rules: rules::<T>(owner),
			min_operator_stake: 0,
			operator_policy: OperatorPolicy::Open,
		},
	)
	.expect("AVS registered");
	for vault in vaults {
		let curator = pallet_vaults::VaultInfo::<T>::get(vault).expect("vault exists").curator;
		Vaults::<T>::approve_avs(origin::<T>(&curator), *vault, id).expect("AVS approved");
	}
	accept_reward_assets::<T>(owner, id, max_reward_assets::<T>());
	id
}

/// The most assets one AVS (and so one pool) may be paid in.
pub fn max_reward_assets<T: Config>() -> u32 {
	<T as pallet_rewards::Config>::MaxRewardAssets::get()
}

/// The most streams one AVS may have open.
pub fn max_streams<T: Config>() -> u32 {
	<T as pallet_rewards::Config>::MaxStreamsPerAvs::get()
}

/// Has `avs` accept `count` (at least one) reward assets: the native token first, then the
/// registry's other assets, then new assets of the asset pallet, registered — so a pool
/// paid by several AVSs is paid in the same `count` assets, and settling it loops over as
/// many assets as its streams pay in. [`streams`] pays in them in turn.
pub fn accept_reward_assets<T: Config>(owner: &AccountOf<T>, avs: AvsId, count: u32) {
	let admin = || {
		<T as pallet_rewards::Config>::AdminOrigin::try_successful_origin()
			.expect("the admin origin can be built")
	};
	let registered = |asset: &AssetOf<T>| {
		pallet_rewards::RewardAssets::<T>::get().iter().any(|a| a.asset == *asset)
	};
	if !registered(&native::<T>()) {
		Rewards::<T>::register_reward_asset(admin(), native::<T>(), 1_000).expect("registered");
	}
	let mut assets = vec![native::<T>()];
	assets.extend(
		pallet_rewards::RewardAssets::<T>::get()
			.into_iter()
			.map(|a| a.asset)
			.filter(|a| *a != native::<T>()),
	);
	let mut id = UNUSED_ASSET;
	while (assets.len() as u32) < count {
		let asset = T::asset_kind(id);
		if !registered(&asset) {
			Rewards::<T>::register_reward_asset(admin(), asset.clone(), 1_000).expect("registered");
			assets.push(asset);
		}
		id += 1;
	}
	assets.truncate(count.max(1) as usize);
	Rewards::<T>::set_reward_assets(origin::<T>(owner), avs, BoundedVec::truncate_from(assets))
		.expect("AVS accepts its reward assets");
}

/// A registered operator (10 % commission).
pub fn operator<T: Config>(index: u32) -> AccountOf<T> {
	let who = funded::<T>("operator", index);
	Operators::<T>::register_operator(
		origin::<T>(&who),
		Perbill::from_percent(10),
		Default::default(),
	)
	.expect("operator registered");
	who
}

/// `staker` deposits [`STAKE`] into the (vault, operator) pool.
pub fn stake<T: Config>(vault: VaultId, operator: &AccountOf<T>, staker: &AccountOf<T>) {
	Vaults::<T>::deposit(origin::<T>(staker), vault, operator.clone(), STAKE).expect("deposit");
}

/// `operator` opts in to `avs` (if it has not) and allocates `fraction` of its pool in
/// `vault` to it; [`apply_allocations`] makes it take effect.
pub fn allocate<T: Config>(
	operator: &AccountOf<T>,
	avs: AvsId,
	vault: VaultId,
	fraction: Fraction,
) {
	if !pallet_operators::OptIns::<T>::contains_key(operator, avs) {
		Operators::<T>::opt_in(origin::<T>(operator), avs).expect("opted in");
	}
	Operators::<T>::allocate(origin::<T>(operator), avs, vault, fraction).expect("allocated");
}

/// Waits out the allocation delay: every allocation made so far is in force, and the
/// rewards pallet has recorded the new stakes.
pub fn apply_allocations<T: Config>() {
	let extra = <T as pallet_rewards::Config>::MaxResyncsPerBlock::get();
	run_to::<T>(
		now::<T>()
			.saturating_add(Delays::<T>::allocation_delay())
			.saturating_add((extra / 8 + 2).into()),
	);
}

/// Waits out D: every revocation, drop and opt-out made so far has taken effect.
pub fn wait_deallocation<T: Config>() {
	run_to::<T>(now::<T>().saturating_add(Delays::<T>::deallocation_delay()));
}

/// The largest fraction each of `n` allocations of one pool may have under the cap.
pub fn fraction_each<T: Config>(n: u32) -> Fraction {
	let cap = <T as pallet_vaults::Config>::MaxRestakePercent::get().max(100);
	Fraction::from_rational(u64::from(cap), 100u64.saturating_mul(u64::from(n.max(1))))
		.min(Fraction::one())
}

/// Vault shares that give each of `vaults` an equal part of a stream (summing to 100 %).
pub fn equal_shares(vaults: &[VaultId]) -> Vec<(VaultId, Perbill)> {
	let n = vaults.len().max(1) as u32;
	let each = 1_000_000_000 / n;
	let first = 1_000_000_000 - each * (n - 1);
	vaults
		.iter()
		.enumerate()
		.map(|(i, v)| (*v, Perbill::from_parts(if i == 0 { first } else { each })))
		.collect()
}

/// Funds `count` streams for `avs`, each over all of `vaults`, paying in the assets the
/// AVS accepts in turn (`funder` is given what each costs).
pub fn streams<T: Config>(funder: &AccountOf<T>, avs: AvsId, vaults: &[VaultId], count: u32) {
	let duration =
		<T as pallet_rewards::Config>::MinStreamDuration::get().saturating_mul(10u32.into());
	let assets = pallet_rewards::AvsRewardAssets::<T>::get(avs);
	for i in 0..count {
		let asset = assets.get(i as usize % assets.len().max(1)).cloned().unwrap_or(native::<T>());
		if asset != native::<T>() {
			T::mint_asset(&asset, funder, STAKE.saturating_mul(2));
		}
		Rewards::<T>::fund_rewards(
			origin::<T>(funder),
			avs,
			asset,
			STAKE,
			duration,
			BoundedVec::truncate_from(equal_shares(vaults)),
		)
		.expect("stream funded");
	}
}

/// Makes the (avs, vault) sources of `vaults` earn: an operator's stake in each vault
/// allocated to `avs` (in force) and a full set of streams over them, accruing — so a
/// change of the AVS's link to a vault has a source with earning stake to settle.
pub fn earning_source<T: Config>(owner: &AccountOf<T>, avs: AvsId, vaults: &[VaultId]) {
	let operator = operator::<T>(0);
	let staker = funded::<T>("staker", 0);
	for vault in vaults {
		stake::<T>(*vault, &operator, &staker);
		allocate::<T>(&operator, avs, *vault, fraction_each::<T>(1));
	}
	apply_allocations::<T>();
	streams::<T>(owner, avs, vaults, <T as pallet_rewards::Config>::MaxStreamsPerAvs::get());
	run_to::<T>(now::<T>().saturating_add(5u32.into()));
}

/// The dearest pool to touch: one vault, one operator with `earners` AVSs allocated to
/// the pool (each with a full set of reward streams, in as many assets as an AVS may
/// accept), and one staker. Returns (vault, operator, staker, AVSs).
pub fn earning_pool<T: Config>(earners: u32) -> (VaultId, AccountOf<T>, AccountOf<T>, Vec<AvsId>) {
	earning_pool_in::<T>(earners, max_reward_assets::<T>())
}

/// [`earning_pool`] with every stream paying in one of `assets` reward assets.
pub fn earning_pool_in<T: Config>(
	earners: u32,
	assets: u32,
) -> (VaultId, AccountOf<T>, AccountOf<T>, Vec<AvsId>) {
	earning_pool_of::<T>(earners, assets, max_streams::<T>())
}

/// [`earning_pool_in`] with `per_avs` streams per AVS.
pub fn earning_pool_of<T: Config>(
	earners: u32,
	assets: u32,
	per_avs: u32,
) -> (VaultId, AccountOf<T>, AccountOf<T>, Vec<AvsId>) {
	let curator = funded::<T>("curator", 0);
	let vault = vault::<T>(&curator);
	let operator = operator::<T>(0);
	let staker = funded::<T>("staker", 0);
	stake::<T>(vault, &operator, &staker);
	let owner = funded::<T>("avs owner", 0);
	let avss: Vec<AvsId> = (0..earners).map(|_| avs::<T>(&owner, &[vault])).collect();
	for id in &avss {
		accept_reward_assets::<T>(&owner, *id, assets);
		allocate::<T>(&operator, *id, vault, fraction_each::<T>(earners));
	}
	apply_allocations::<T>();
	for id in &avss {
		streams::<T>(&owner, *id, &[vault], per_avs);
	}
	// Let rewards accrue, so settling has work to do.
	run_to::<T>(now::<T>().saturating_add(10u32.into()));
	(vault, operator, staker, avss)
}
