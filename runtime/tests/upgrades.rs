//! What a runtime upgrade relies on: a new chain records every pallet's in-code storage
//! version at genesis, so the runtime's versioned migrations do nothing on it.

use bastion_runtime::{
	AllPalletsWithSystem, Avs, Migrations, Operators, Rewards, RuntimeGenesisConfig, Slashing,
	System, Vaults,
};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade};
use sp_runtime::BuildStorage;

fn genesis() -> sp_io::TestExternalities {
	RuntimeGenesisConfig::default().build_storage().expect("genesis builds").into()
}

#[test]
fn a_new_chain_is_at_every_pallet_s_version_in_code() {
	genesis().execute_with(|| {
		let versions = [
			(Vaults::on_chain_storage_version(), Vaults::in_code_storage_version()),
			(Operators::on_chain_storage_version(), Operators::in_code_storage_version()),
			(Avs::on_chain_storage_version(), Avs::in_code_storage_version()),
			(Slashing::on_chain_storage_version(), Slashing::in_code_storage_version()),
			(Rewards::on_chain_storage_version(), Rewards::in_code_storage_version()),
		];
		for (on_chain, in_code) in versions {
			assert_eq!(on_chain, in_code);
		}
		assert_eq!(Vaults::in_code_storage_version(), 1);
	});
}

#[test]
fn the_runtime_s_migrations_do_nothing_on_a_new_chain() {
	genesis().execute_with(|| {
		System::set_block_number(1);
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		<Migrations as OnRuntimeUpgrade>::on_runtime_upgrade();
		<AllPalletsWithSystem as OnRuntimeUpgrade>::on_runtime_upgrade();
		assert!(System::events().is_empty(), "a migration ran: {:?}", System::events());
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "storage changed");
	});
}
