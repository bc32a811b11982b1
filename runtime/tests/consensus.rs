//! The chain securing itself, in the real runtime from the `local_testnet` preset (Alice,
//! Bob, Charlie and Dave validate, each with `VALIDATOR_SELF_STAKE` allocated to the
//! consensus AVS): who is elected each session, and a GRANDPA equivocation — two signed
//! prevotes for different blocks in one round — travelling from the report to a slash.

use bastion_primitives::Fraction;
use bastion_primitives::VaultsInspect;
use bastion_runtime::{
	configs::{
		restaking::{
			ALLOCATION_DELAY, DEALLOCATION_DELAY, HISTORY_DEPTH, MIN_VETO_WINDOW, SESSION_LENGTH,
		},
		TreasuryAccount, CONSENSUS_AVS, MIN_VALIDATOR_STAKE,
	},
	genesis_config_presets::{
		preset_config, CONSENSUS_VAULT, LOCAL_TESTNET_PRESET, VALIDATOR_SELF_STAKE,
	},
	opaque::SessionKeys,
	AccountId, Balances, BlockNumber, Grandpa, Historical, Operators, Rewards, Runtime,
	RuntimeEvent, RuntimeOrigin, Session, Slashing, System, Validators, Vaults,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, Get, Hooks, KeyOwnerProofSystem},
};
use sp_consensus_grandpa::{self as grandpa, AuthorityId as GrandpaId};
use sp_core::H256;
use sp_io::TestExternalities;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{BuildStorage, Perbill};

const UNIT: u128 = bastion_runtime::UNIT;

fn local() -> TestExternalities {
	let config = preset_config(LOCAL_TESTNET_PRESET).expect("the local preset");
	let mut ext = TestExternalities::new(config.build_storage().expect("the local genesis builds"));
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs the hooks a block's validity rests on here, up to block `n`: sessions rotate,
/// due slashes execute, rewards release, GRANDPA enacts set changes.
fn run_to(n: BlockNumber) {
	while System::block_number() < n {
		let now = System::block_number();
		Grandpa::on_finalize(now);
		System::set_block_number(now + 1);
		Session::on_initialize(now + 1);
		Slashing::on_initialize(now + 1);
		Rewards::on_initialize(now + 1);
	}
}

/// Runs to the first block of the next session.
fn next_session() {
	let now = System::block_number();
	run_to((now / SESSION_LENGTH + 1) * SESSION_LENGTH);
}

fn account(k: Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn genesis_validators() -> Vec<AccountId> {
	let mut v: Vec<_> =
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.into_iter()
			.map(account)
			.collect();
	// Equal stakes: ordered by account id.
	v.sort();
	v
}

/// `who` becomes an operator with `stake` of its own in vault 0 allocated in full to the
/// consensus AVS (in force after A), and sets fresh session keys.
fn join(who: &AccountId, stake: u128, keys: bool) {
	let origin = || RuntimeOrigin::signed(who.clone());
	assert_ok!(Operators::register_operator(
		origin(),
		Perbill::from_percent(5),
		Default::default()
	));
	assert_ok!(Vaults::deposit(origin(), CONSENSUS_VAULT, who.clone(), stake));
	assert_ok!(Operators::opt_in(origin(), CONSENSUS_AVS));
	assert_ok!(Operators::allocate(origin(), CONSENSUS_AVS, CONSENSUS_VAULT, Fraction::one()));
	if keys {
		set_keys(who);
	}
}

/// Generates session keys in the test's keystore and sets them with their proof of
/// possession, as `author_rotateKeysWithOwner` and `validators.setKeys` do on a node.
fn set_keys(who: &AccountId) {
	let generated = SessionKeys::generate(&who.encode(), None);
	assert_ok!(Validators::set_keys(
		RuntimeOrigin::signed(who.clone()),
		generated.keys,
		generated.proof.encode()
	));
}

#[test]
fn the_genesis_validators_are_the_staked_operators() {
	local().execute_with(|| {
		let validators = genesis_validators();
		assert_eq!(Session::validators(), validators);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		let sets = Validators::api_validator_sets();
		assert_eq!(sets.avs, CONSENSUS_AVS);
		let current: Vec<_> =
			sets.current.iter().map(|v| (v.validator.clone(), v.stake.0)).collect();
		let expected: Vec<_> =
			validators.iter().map(|v| (v.clone(), VALIDATOR_SELF_STAKE)).collect();
		assert_eq!(current, expected);
		assert_eq!(sets.next, sets.current);
		// The consensus AVS answers like any other.
		let security = Operators::api_avs_security(CONSENSUS_AVS).expect("AVS 0 exists");
		assert_eq!(security.vaults.len(), 1);
		assert_eq!(security.vaults[0].slashable.0, 4 * VALIDATOR_SELF_STAKE);
		next_session();
		assert_eq!(Session::validators(), validators);
	});
}

#[test]
fn a_new_operator_validates_once_its_allocation_applies_and_its_keys_are_set() {
	local().execute_with(|| {
		let eve = account(Sr25519Keyring::Eve);
		join(&eve, 2 * VALIDATOR_SELF_STAKE, false);
		// Its allocation waits out A: until then it has no consensus stake.
		next_session();
		next_session();
		assert!(!Session::validators().contains(&eve));
		run_to(1 + ALLOCATION_DELAY);
		// In force, but without session keys it is no candidate.
		next_session();
		next_session();
		assert!(!Session::validators().contains(&eve));
		set_keys(&eve);
		// Elected at the next rotation, validating from the one after.
		next_session();
		assert_eq!(Validators::api_validator_sets().next[0].validator, eve, "the most stake first");
		assert!(!Session::validators().contains(&eve));
		next_session();
		assert_eq!(Session::validators()[0], eve);
		assert_eq!(Session::validators().len(), 5);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 5);
	});
}

#[test]
fn a_candidate_needs_the_minimum_stake_the_consensus_avs_can_slash() {
	local().execute_with(|| {
		let ferdie = account(Sr25519Keyring::Ferdie);
		let origin = || RuntimeOrigin::signed(ferdie.clone());
		// Opting in to the consensus AVS takes a validator's stake in one of its vaults.
		assert_ok!(Operators::register_operator(
			origin(),
			Perbill::from_percent(5),
			Default::default()
		));
		assert_ok!(Vaults::deposit(
			origin(),
			CONSENSUS_VAULT,
			ferdie.clone(),
			MIN_VALIDATOR_STAKE - UNIT
		));
		assert!(Operators::opt_in(origin(), CONSENSUS_AVS).is_err());
		assert_ok!(Vaults::deposit(origin(), CONSENSUS_VAULT, ferdie.clone(), UNIT));
		assert_ok!(Operators::opt_in(origin(), CONSENSUS_AVS));
		set_keys(&ferdie);
		// Half of it allocated: below the minimum, no candidate.
		assert_ok!(Operators::allocate(
			origin(),
			CONSENSUS_AVS,
			CONSENSUS_VAULT,
			Fraction::from_percent(50)
		));
		run_to(1 + ALLOCATION_DELAY);
		next_session();
		next_session();
		assert!(!Session::validators().contains(&ferdie));
		// All of it: elected once the increase applies.
		assert_ok!(Operators::allocate(origin(), CONSENSUS_AVS, CONSENSUS_VAULT, Fraction::one()));
		next_session();
		next_session();
		assert!(
			!Session::validators().contains(&ferdie),
			"before A, the increase counts for nothing"
		);
		run_to(System::block_number() + ALLOCATION_DELAY);
		next_session();
		next_session();
		assert!(Session::validators().contains(&ferdie));
	});
}

#[test]
fn a_validator_leaves_before_its_decrease_applies_and_when_it_deregisters() {
	local().execute_with(|| {
		let (charlie, dave) = (account(Sr25519Keyring::Charlie), account(Sr25519Keyring::Dave));
		assert_ok!(Operators::allocate(
			RuntimeOrigin::signed(dave.clone()),
			CONSENSUS_AVS,
			CONSENSUS_VAULT,
			Fraction::zero()
		));
		// The decrease applies at 1 + D, before the offences of any session elected from now
		// on would be filed: the next election leaves Dave out, the current sets keep him.
		next_session();
		assert!(Session::validators().contains(&dave));
		assert!(!Validators::api_validator_sets().next.iter().any(|v| v.validator == dave));
		next_session();
		assert!(!Session::validators().contains(&dave));
		// His last session's (session 1's) offences can be reported until its trie is
		// pruned, HISTORY_DEPTH + 1 sessions after it starts; his stake is slashable until
		// then.
		let filed_at = (1 + HISTORY_DEPTH + 1) * SESSION_LENGTH;
		assert!(filed_at < 1 + DEALLOCATION_DELAY);
		run_to(filed_at);
		assert_eq!(
			<Operators as bastion_primitives::OperatorsInspect<AccountId>>::slashable_fraction(
				&dave,
				CONSENSUS_AVS,
				CONSENSUS_VAULT
			),
			Fraction::one()
		);
		// Deregistering takes it out of the next election at once.
		assert_ok!(Operators::deregister_operator(RuntimeOrigin::signed(charlie.clone())));
		next_session();
		next_session();
		assert!(!Session::validators().contains(&charlie));
		assert_eq!(Session::validators().len(), 2);
	});
}

/// Two prevotes signed by `offender` in round 1 of the current set, for different blocks.
fn equivocation(offender: Ed25519Keyring) -> grandpa::EquivocationProof<H256, BlockNumber> {
	let set_id = Grandpa::current_set_id();
	let signed = |hash: H256| {
		let prevote = finality_grandpa::Prevote { target_hash: hash, target_number: 1 };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let payload = grandpa::localized_payload(1, set_id, &message);
		(prevote, offender.sign(&payload).into())
	};
	grandpa::EquivocationProof::new(
		set_id,
		grandpa::Equivocation::Prevote(finality_grandpa::Equivocation {
			round_number: 1,
			identity: offender.public().into(),
			first: signed(H256::repeat_byte(1)),
			second: signed(H256::repeat_byte(2)),
		}),
	)
}

/// The slash requests the offences of session 0 became so far: (offender, id, fraction).
fn requested() -> Vec<(AccountId, u64, Fraction)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Validators(pallet_validators::Event::OffenceSlashRequested {
				offender,
				session,
				id,
				fraction,
			}) => {
				assert_eq!(session, 0);
				Some((offender, id, fraction))
			}
			_ => None,
		})
		.collect()
}

/// Reports Alice's equivocation as a node would: the proof and her key-ownership proof,
/// in an unsigned transaction. Returns the slash request it became: 10 %, (3 × 1 / 4)² of
/// a four-validator set capped at the AVS's 10 %, escrowed at once.
fn report_alice() -> u64 {
	let key: GrandpaId = Ed25519Keyring::Alice.public().into();
	let key_owner_proof = Historical::prove((grandpa::KEY_TYPE, key)).expect("Alice validates");
	assert_ok!(Grandpa::report_equivocation_unsigned(
		RuntimeOrigin::none(),
		Box::new(equivocation(Ed25519Keyring::Alice)),
		key_owner_proof.clone(),
	));
	// The same offence again is refused.
	let again = Grandpa::report_equivocation_unsigned(
		RuntimeOrigin::none(),
		Box::new(equivocation(Ed25519Keyring::Alice)),
		key_owner_proof,
	);
	assert_eq!(
		again.map_err(|e| e.error),
		Err(pallet_grandpa::Error::<Runtime>::DuplicateOffenceReport.into())
	);
	let filed = requested();
	assert_eq!(filed.len(), 1);
	let (offender, id, fraction) = filed[0].clone();
	assert_eq!(offender, account(Sr25519Keyring::Alice));
	assert_eq!(fraction, Fraction::from_percent(10));
	id
}

#[test]
fn an_equivocation_disables_the_validator_and_is_slashed_after_the_veto_window() {
	local().execute_with(|| {
		let alice = account(Sr25519Keyring::Alice);
		let treasury = TreasuryAccount::get();
		let treasury_before = Balances::balance(&treasury);
		let id = report_alice();
		// Disabled for the rest of the session (a third of four: one validator may be).
		let index = Session::validators().iter().position(|v| *v == alice).unwrap() as u32;
		assert!(Session::disabled_validators().contains(&index));
		// 10 % of her slice escrowed at once.
		let taken = VALIDATOR_SELF_STAKE / 10;
		let stake = Vaults::pool_stake(CONSENSUS_VAULT, &alice);
		assert_eq!((stake.total, stake.escrowed), (VALIDATOR_SELF_STAKE - taken, taken));
		assert!(pallet_slashing::Requests::<Runtime>::contains_key(id));
		// Executed by the block hook once the veto window has passed.
		run_to(System::block_number() + MIN_VETO_WINDOW);
		assert!(!pallet_slashing::Requests::<Runtime>::contains_key(id));
		assert_eq!(Balances::balance(&treasury), treasury_before + taken);
		assert_eq!(Vaults::pool_stake(CONSENSUS_VAULT, &alice).escrowed, 0);
		// The next election weighs what she has left.
		next_session();
		let sets = Validators::api_validator_sets();
		let alice_next = sets.next.iter().find(|v| v.validator == alice).unwrap();
		assert_eq!(alice_next.stake.0, VALIDATOR_SELF_STAKE - taken);
		assert_eq!(sets.next.last().unwrap().validator, alice, "now the least stake");
		// The disabling ended with its session.
		next_session();
		assert!(Session::disabled_validators().is_empty());
	});
}

#[test]
fn governance_vetoes_a_consensus_slash_and_the_escrow_returns_exactly() {
	local().execute_with(|| {
		let alice = account(Sr25519Keyring::Alice);
		let treasury_before = Balances::balance(&TreasuryAccount::get());
		let id = report_alice();
		// The validators pallet's account holds no deposit: the proof was the evidence.
		assert_eq!(pallet_slashing::Requests::<Runtime>::get(id).unwrap().deposit, 0);
		// The consensus AVS has no resolver: only governance vetoes.
		assert_noop!(
			Slashing::veto_slash(RuntimeOrigin::signed(account(Sr25519Keyring::Bob)), id),
			pallet_slashing::Error::<Runtime>::NotResolver
		);
		assert_ok!(Slashing::veto_slash(RuntimeOrigin::root(), id));
		let stake = Vaults::pool_stake(CONSENSUS_VAULT, &alice);
		assert_eq!((stake.total, stake.escrowed), (VALIDATOR_SELF_STAKE, 0));
		assert_eq!(Balances::balance(&TreasuryAccount::get()), treasury_before);
		run_to(System::block_number() + MIN_VETO_WINDOW + 1);
		assert_eq!(Vaults::pool_stake(CONSENSUS_VAULT, &alice).total, VALIDATOR_SELF_STAKE);
	});
}

#[test]
fn the_offence_history_fits_inside_the_offence_age() {
	let latest: BlockNumber = Validators::check_delays().expect("(H + 1) × L ≤ E");
	let depth: u32 = <<Runtime as pallet_validators::Config>::HistoryDepth as Get<u32>>::get();
	assert_eq!(latest, (depth + 1) * SESSION_LENGTH);
}

/// Every session has its own GRANDPA set, and an equivocation is proven against the
/// session it happened in: a proof of the offender's membership taken in that session
/// still works after the rotation (within `HISTORY_DEPTH`), and naming a later session
/// — so that an old offence would look recent, within E — is refused.
#[test]
fn an_equivocation_is_proven_against_its_own_session_only() {
	local().execute_with(|| {
		// The genesis set spans sessions 0 and 1; from then on each session starts a set.
		next_session();
		assert_eq!(Grandpa::current_set_id(), 0);
		let key: GrandpaId = Ed25519Keyring::Alice.public().into();
		let old_set = equivocation(Ed25519Keyring::Alice);
		let proof_then =
			Historical::prove((grandpa::KEY_TYPE, key.clone())).expect("Alice validates");
		next_session();
		// A new session is a new GRANDPA set, though its validators are the same.
		assert_eq!(Grandpa::current_set_id(), 1);
		let proof_now = Historical::prove((grandpa::KEY_TYPE, key)).expect("Alice validates");
		let late = Grandpa::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(old_set.clone()),
			proof_now,
		);
		assert_eq!(
			late.map_err(|e| e.error),
			Err(pallet_grandpa::Error::<Runtime>::InvalidEquivocationProof.into())
		);
		assert_ok!(Grandpa::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(old_set),
			proof_then,
		));
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Validators(pallet_validators::Event::OffenceSlashRequested {
				session: 1,
				..
			})
		)));
	});
}

/// pallet-offences hands a report's handler every earlier offender of the same round again:
/// Alice reported alone, then Bob in the same round, is still slashed once, as is Bob.
#[test]
fn co_offenders_of_one_round_are_each_slashed_once() {
	local().execute_with(|| {
		let _ = report_alice();
		let bob_key: GrandpaId = Ed25519Keyring::Bob.public().into();
		let bob_proof = Historical::prove((grandpa::KEY_TYPE, bob_key)).expect("Bob validates");
		assert_ok!(Grandpa::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(equivocation(Ed25519Keyring::Bob)),
			bob_proof,
		));
		let mut filed: Vec<AccountId> =
			requested().into_iter().map(|(offender, _, _)| offender).collect();
		filed.sort();
		let mut expected = vec![account(Sr25519Keyring::Alice), account(Sr25519Keyring::Bob)];
		expected.sort();
		assert_eq!(filed, expected);
		// Nothing refused (no second request against Alice), 10 % escrowed from each.
		assert!(!System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Validators(pallet_validators::Event::OffenceNotSlashed { .. })
		)));
		for who in expected {
			let stake = Vaults::pool_stake(CONSENSUS_VAULT, &who);
			assert_eq!(stake.escrowed, VALIDATOR_SELF_STAKE / 10);
		}
	});
}

/// A validator cannot change its keys while it validates the current or the next session:
/// an equivocation must stay provable with the keys its session started with. The session
/// pallet's own calls are filtered out.
#[test]
fn validators_keep_their_keys_while_they_validate() {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Dispatchable;
	local().execute_with(|| {
		let alice = account(Sr25519Keyring::Alice);
		let generated = SessionKeys::generate(&alice.encode(), None);
		assert_noop!(
			Validators::set_keys(
				RuntimeOrigin::signed(alice.clone()),
				generated.keys.clone(),
				generated.proof.encode()
			),
			pallet_validators::Error::<Runtime>::KeysLockedWhileValidating
		);
		assert_noop!(
			Validators::purge_keys(RuntimeOrigin::signed(alice.clone())),
			pallet_validators::Error::<Runtime>::KeysLockedWhileValidating
		);
		let direct = bastion_runtime::RuntimeCall::Session(pallet_session::Call::set_keys {
			keys: generated.keys,
			proof: generated.proof.encode(),
		});
		let _ = direct.get_dispatch_info();
		assert_eq!(
			direct.dispatch(RuntimeOrigin::signed(alice.clone())).map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		// Her equivocation stays provable.
		let _ = report_alice();
	});
}
