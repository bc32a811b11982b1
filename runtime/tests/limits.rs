//! Limits of different pallets that must agree, checked in code (a fork that raises one
//! and not the other fails here, not in production), and every pallet's own
//! `integrity_test`.

use bastion_runtime::Runtime;
use frame_support::traits::{Get, IntegrityTest};

fn get<G: Get<u32>>() -> u32 {
	G::get()
}

#[test]
fn every_pallet_s_integrity_test_passes() {
	sp_io::TestExternalities::default().execute_with(|| {
		bastion_runtime::AllPalletsWithSystem::integrity_test();
	});
}

#[test]
fn a_pool_has_room_for_an_earner_per_avs_its_operator_can_opt_in_to() {
	let earners = get::<<Runtime as pallet_rewards::Config>::MaxEarnersPerPool>();
	let opt_ins = get::<<Runtime as pallet_operators::Config>::MaxAvsPerOperator>();
	assert!(earners >= opt_ins, "MaxEarnersPerPool {earners} < MaxAvsPerOperator {opt_ins}");
}

#[test]
fn an_avs_s_operator_set_and_allow_list_share_one_bound() {
	assert_eq!(
		get::<<Runtime as pallet_operators::Config>::MaxOperatorsPerAvs>(),
		get::<<Runtime as pallet_avs::Config>::MaxOperatorsPerAvs>()
	);
}

#[test]
fn a_slash_request_and_a_stream_cover_every_vault_an_avs_serves() {
	let vaults = get::<<Runtime as pallet_avs::Config>::MaxVaultsPerAvs>();
	assert_eq!(get::<<Runtime as pallet_slashing::Config>::MaxVaultsPerAvs>(), vaults);
	assert!(get::<<Runtime as pallet_rewards::Config>::MaxVaultsPerStream>() >= vaults);
}

/// Both delay sets — the one this build uses and the other — satisfy the inequalities
/// the pallets enforce, with the genesis presets' vault W and the minimum veto window:
/// a production build cannot be the first to find out.
#[test]
fn the_development_and_the_production_delays_both_hold() {
	use bastion_primitives::{check_veto_window, check_withdrawal_delay, ConstDelays};
	use bastion_runtime::{
		configs::restaking::{development as dev, production as prod},
		BlockNumber,
	};
	use frame_support::traits::ConstU32;

	type Dev = ConstDelays<
		ConstU32<{ dev::ALLOCATION_DELAY }>,
		ConstU32<{ dev::DEALLOCATION_DELAY }>,
		ConstU32<{ dev::MAX_OFFENCE_AGE }>,
		ConstU32<{ dev::MIN_VETO_WINDOW }>,
	>;
	type Prod = ConstDelays<
		ConstU32<{ prod::ALLOCATION_DELAY }>,
		ConstU32<{ prod::DEALLOCATION_DELAY }>,
		ConstU32<{ prod::MAX_OFFENCE_AGE }>,
		ConstU32<{ prod::MIN_VETO_WINDOW }>,
	>;
	let (w, v) = (dev::EXAMPLE_WITHDRAWAL_DELAY, dev::MIN_VETO_WINDOW);
	assert_eq!(check_withdrawal_delay::<BlockNumber, Dev>(w, Some(v)), Ok(()));
	assert_eq!(check_veto_window::<BlockNumber, Dev>(v, Some(w)), Ok(()));
	assert!(dev::ALLOCATION_DELAY > dev::MAX_OFFENCE_AGE);

	let (w, v) = (prod::EXAMPLE_WITHDRAWAL_DELAY, prod::MIN_VETO_WINDOW);
	assert_eq!(check_withdrawal_delay::<BlockNumber, Prod>(w, Some(v)), Ok(()));
	assert_eq!(check_veto_window::<BlockNumber, Prod>(v, Some(w)), Ok(()));
	assert!(prod::ALLOCATION_DELAY > prod::MAX_OFFENCE_AGE);
	// Days, as a public network needs: E 3 d, V 1 d, W 7 d, D and A 8 d (6 s blocks).
	assert_eq!(prod::MAX_OFFENCE_AGE, 3 * bastion_runtime::DAYS);
	assert_eq!(prod::DEALLOCATION_DELAY, 8 * bastion_runtime::DAYS);
}

/// A consensus offence is still slashable when it is reported, in both delay sets: it can
/// be proven for `HISTORY_DEPTH` sessions after its own, so the slash request names a block
/// at most `(HISTORY_DEPTH + 1) × SESSION_LENGTH` old, which must be within E; a report
/// waits in the pool no longer than that history; and the whole chain — report, then the
/// consensus AVS's veto window (the minimum) — ends before the genesis vault's W and
/// within D. An election looks `(HISTORY_DEPTH + 2) × SESSION_LENGTH` ahead, also within W
/// and D.
#[test]
fn consensus_offences_fit_inside_the_offence_age_in_both_delay_sets() {
	use bastion_runtime::configs::restaking::{development as dev, production as prod};
	for (l, h, e, v, w, d) in [
		(
			dev::SESSION_LENGTH,
			dev::HISTORY_DEPTH,
			dev::MAX_OFFENCE_AGE,
			dev::MIN_VETO_WINDOW,
			dev::EXAMPLE_WITHDRAWAL_DELAY,
			dev::DEALLOCATION_DELAY,
		),
		(
			prod::SESSION_LENGTH,
			prod::HISTORY_DEPTH,
			prod::MAX_OFFENCE_AGE,
			prod::MIN_VETO_WINDOW,
			prod::EXAMPLE_WITHDRAWAL_DELAY,
			prod::DEALLOCATION_DELAY,
		),
	] {
		let latest_report = (h + 1) * l;
		assert!(latest_report <= e, "(H + 1) × L = {latest_report} > E = {e}");
		// The election counts stake still slashable when the elected session's offences
		// can last be reported: its horizon must fit in D (decreases, opt-outs) and in the consensus
		// vault's W (withdrawals), or stake could leave unseen.
		let horizon = (h + 2) * l;
		assert!(horizon <= d && horizon <= w, "(H + 2) × L = {horizon} > D = {d} or W = {w}");
		assert!(e + v < w && e + v <= d, "E + V = {} must be < W = {w} and ≤ D = {d}", e + v);
	}
	// The runtime's own values are the active set's.
	assert_eq!(
		bastion_runtime::configs::ReportLongevity::get(),
		u64::from(bastion_runtime::configs::restaking::HISTORY_DEPTH)
			* u64::from(bastion_runtime::configs::restaking::SESSION_LENGTH)
	);
	assert!(bastion_runtime::Validators::check_delays().is_ok());
}

/// `RuleChangeDelay` follows D in both sets (it is defined from the active one).
#[test]
fn rule_changes_wait_longer_than_any_withdrawal() {
	let rule_change: u32 = <Runtime as pallet_avs::Config>::RuleChangeDelay::get();
	assert!(rule_change > bastion_runtime::configs::restaking::DEALLOCATION_DELAY);
}

/// A GRANDPA equivocation report is charged for a full set of co-offenders, each with a
/// slash request over the most vaults the consensus AVS may accept: still a fraction of a
/// block, so a report always gets in.
#[test]
fn an_equivocation_report_fits_in_a_block() {
	use pallet_grandpa::WeightInfo;
	let max_validators: u32 = <Runtime as pallet_validators::Config>::MaxValidators::get();
	let report =
		<Runtime as pallet_grandpa::Config>::WeightInfo::report_equivocation(max_validators, 0);
	let block = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
	assert!(
		report.ref_time() < block.ref_time() / 4,
		"a report is charged {} ps, more than a quarter of a block",
		report.ref_time()
	);
	// The caller's validator count does not lower the charge.
	assert_eq!(<Runtime as pallet_grandpa::Config>::WeightInfo::report_equivocation(1, 0), report);
}

/// The restaking benchmarks move BST; a `pallet-assets` asset is dearer to move, and the
/// calls moving one are charged the difference the runtime's own SDK weights show.
#[test]
fn moving_an_asset_other_than_bst_is_charged_what_it_costs_more() {
	use bastion_primitives::AssetTransferCost;
	use bastion_runtime::configs::restaking::{AssetKind, TransferCost};
	use frame_support::traits::fungible::NativeOrWithId;
	use pallet_assets::WeightInfo as _;
	use pallet_balances::WeightInfo as _;
	type AssetWeights = bastion_runtime::weights::pallet_assets::WeightInfo<Runtime>;
	type NativeWeights = bastion_runtime::weights::pallet_balances::WeightInfo<Runtime>;

	let asset: AssetKind = NativeOrWithId::WithId(1);
	assert_eq!(TransferCost::transfer_surcharge(&AssetKind::Native).ref_time(), 0);
	let surcharge = TransferCost::transfer_surcharge(&asset);
	assert_eq!(surcharge, <TransferCost as AssetTransferCost<AssetKind>>::max_transfer_surcharge());
	// BST moved by a restaking call's benchmark, plus the surcharge, covers the asset.
	let native = NativeWeights::transfer_keep_alive();
	for dearer in [AssetWeights::transfer_keep_alive(), AssetWeights::burn()] {
		assert!(native.saturating_add(surcharge).all_gte(dearer));
	}
	assert!(surcharge.ref_time() > 0, "a pallet-assets transfer costs no more than BST's");
}
