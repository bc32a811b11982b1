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
