//! A test runtime: System and Validators, with the operators', AVSs', slashing and session
//! pallets stubbed.

use crate as pallet_validators;
use bastion_primitives::{
	Approval, AvsId, AvsInspect, AvsStakes, ConstDelays, Fraction, ProvenSlashes, SlashDestination,
	SlashId, SlashingRules, VaultId,
};
use sp_core::H256;
use sp_runtime::{BuildStorage, DispatchError, Perbill};
use sp_staking::SessionIndex;
use std::{cell::RefCell, collections::BTreeSet};
use {
	frame_support::{
		derive_impl, parameter_types,
		traits::{ConstU32, ConstU64},
		PalletId,
	},
	frame_system, sp_io,
};

pub type AccountId = u64;
pub type BlockNumber = u64;
type Block = frame_system::mocking::MockBlock<Test>;

pub const CONSENSUS_AVS: AvsId = 0;
pub const SESSION_LENGTH: BlockNumber = 10;
pub const HISTORY_DEPTH: SessionIndex = 2;
/// E: exactly `(HISTORY_DEPTH + 1) × SESSION_LENGTH`.
pub const MAX_OFFENCE_AGE: BlockNumber = 30;
pub const MIN_STAKE: u128 = 100;
pub const MAX_VALIDATORS: u32 = 3;
pub const CAP: Fraction = Fraction::from_percent(10);

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Validators: pallet_validators,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
}

parameter_types! {
	pub const ValidatorsPalletId: PalletId = PalletId(*b"bst/vals");
	pub static MinValidators: u32 = 1;
}

impl pallet_validators::Config for Test {
	type ConsensusAvs = ConstU32<CONSENSUS_AVS>;
	type PalletId = ValidatorsPalletId;
	type Stakes = stubs::Stakes;
	type Avs = stubs::Avs;
	type Slashing = stubs::Slashing;
	type SessionKeys = stubs::Keys;
	type Disabling = stubs::Disabling;
	type History = stubs::History;
	type Delays = ConstDelays<ConstU64<100>, ConstU64<90>, ConstU64<MAX_OFFENCE_AGE>, ConstU64<5>>;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MinValidators = MinValidators;
	type MinValidatorStake = frame_support::traits::ConstU128<MIN_STAKE>;
	type SessionLength = ConstU64<SESSION_LENGTH>;
	type HistoryDepth = ConstU32<HISTORY_DEPTH>;
	type WeightInfo = ();
}

/// Stand-ins for pallet-operators, pallet-avs, pallet-slashing and pallet-session.
pub mod stubs {
	use super::*;

	/// A slash request the stub received.
	#[derive(Clone, PartialEq, Eq, Debug)]
	pub struct Request {
		pub requester: AccountId,
		pub avs: AvsId,
		pub operator: AccountId,
		pub fraction: Fraction,
		pub offence_block: BlockNumber,
		pub evidence: H256,
	}

	thread_local! {
		/// What the consensus AVS can slash from each operator.
		pub static STAKES: RefCell<Vec<(AccountId, u128)>> = Default::default();
		/// Accounts with session keys.
		pub static KEYS: RefCell<BTreeSet<AccountId>> = Default::default();
		pub static REQUESTS: RefCell<Vec<Request>> = Default::default();
		/// The ids of the requests still pending.
		pub static PENDING: RefCell<Vec<SlashId>> = Default::default();
		/// Every raise: (id, new fraction).
		pub static RAISES: RefCell<Vec<(SlashId, Fraction)>> = Default::default();
		/// The error the next slash requests fail with, if any.
		pub static REFUSE: RefCell<Option<DispatchError>> = Default::default();
		pub static DISABLED: RefCell<Vec<(AccountId, Perbill)>> = Default::default();
		pub static PRUNED_UP_TO: RefCell<Option<SessionIndex>> = Default::default();
		/// The consensus AVS is not registered (a bare genesis).
		pub static NO_AVS: RefCell<bool> = Default::default();
		/// The horizon the last election asked the stakes for.
		pub static ASKED_UNTIL: RefCell<Option<BlockNumber>> = Default::default();
	}

	/// `who` has `stake` at the consensus AVS's disposal and session keys.
	pub fn candidate(who: AccountId, stake: u128) {
		STAKES.with(|s| s.borrow_mut().push((who, stake)));
		KEYS.with(|k| k.borrow_mut().insert(who));
	}

	pub struct Stakes;
	impl AvsStakes<AccountId, BlockNumber> for Stakes {
		fn native_slashable_stakes(avs: AvsId, until: BlockNumber) -> Vec<(AccountId, u128)> {
			assert_eq!(avs, CONSENSUS_AVS);
			ASKED_UNTIL.with(|a| *a.borrow_mut() = Some(until));
			STAKES.with(|s| s.borrow().clone())
		}
	}

	/// The only proof of possession the stub accepts.
	pub const GOOD_PROOF: &[u8] = b"signed by the keys";

	pub struct Keys;
	impl crate::SessionKeyRegistry<AccountId> for Keys {
		type Keys = u64;
		fn has_keys(who: &AccountId) -> bool {
			KEYS.with(|k| k.borrow().contains(who))
		}
		fn set_keys(who: &AccountId, _: u64, proof: Vec<u8>) -> sp_runtime::DispatchResult {
			if proof != GOOD_PROOF {
				return Err(DispatchError::Other("invalid proof"));
			}
			KEYS.with(|k| k.borrow_mut().insert(*who));
			Ok(())
		}
		fn purge_keys(who: &AccountId) -> sp_runtime::DispatchResult {
			KEYS.with(|k| k.borrow_mut().remove(who))
				.then_some(())
				.ok_or(DispatchError::Other("no keys"))
		}
	}

	pub struct Disabling;
	impl crate::DisableValidator<AccountId> for Disabling {
		fn disable(who: &AccountId, severity: Perbill) {
			DISABLED.with(|d| d.borrow_mut().push((*who, severity)));
		}
	}

	pub struct History;
	impl crate::SessionHistory for History {
		fn prune_up_to(index: SessionIndex) {
			PRUNED_UP_TO.with(|p| *p.borrow_mut() = Some(index));
		}
	}

	/// The requests the stub holds pending (ids), as the slashing pallet would until they
	/// execute.
	pub fn executed_all() {
		PENDING.with(|p| p.borrow_mut().clear());
	}

	pub struct Slashing;
	impl ProvenSlashes<AccountId, BlockNumber> for Slashing {
		fn request_proven_slash(
			requester: AccountId,
			avs: AvsId,
			operator: AccountId,
			fraction: Fraction,
			offence_block: BlockNumber,
			evidence: H256,
		) -> Result<SlashId, DispatchError> {
			if let Some(error) = REFUSE.with(|r| r.borrow().clone()) {
				return Err(error);
			}
			let id = REQUESTS.with(|r| {
				let mut r = r.borrow_mut();
				r.push(Request { requester, avs, operator, fraction, offence_block, evidence });
				r.len() as SlashId - 1
			});
			PENDING.with(|p| p.borrow_mut().push(id));
			Ok(id)
		}

		fn pending_proven_slash(avs: AvsId, operator: &AccountId) -> Option<(SlashId, Fraction)> {
			let pending = PENDING.with(|p| p.borrow().clone());
			REQUESTS.with(|r| {
				pending.into_iter().find_map(|id| {
					let request = r.borrow().get(id as usize).cloned()?;
					(request.avs == avs && request.operator == *operator)
						.then_some((id, request.fraction))
				})
			})
		}

		fn raise_proven_slash(
			requester: &AccountId,
			id: SlashId,
			fraction: Fraction,
		) -> Result<(), DispatchError> {
			if let Some(error) = REFUSE.with(|r| r.borrow().clone()) {
				return Err(error);
			}
			REQUESTS.with(|r| {
				let mut r = r.borrow_mut();
				let request = r.get_mut(id as usize).ok_or(DispatchError::Other("no request"))?;
				assert_eq!(request.requester, *requester);
				assert!(fraction > request.fraction);
				request.fraction = fraction;
				RAISES.with(|x| x.borrow_mut().push((id, fraction)));
				Ok(())
			})
		}
	}

	pub struct Avs;
	impl AvsInspect<AccountId, BlockNumber> for Avs {
		type Balance = u128;
		fn avs_exists(avs: AvsId) -> bool {
			avs == CONSENSUS_AVS && !NO_AVS.with(|n| *n.borrow())
		}
		fn avs_owner(_: AvsId) -> Option<AccountId> {
			Some(Validators::account_id())
		}
		fn is_active_avs(avs: AvsId) -> bool {
			avs == CONSENSUS_AVS
		}
		fn max_veto_window(_: AvsId) -> Option<BlockNumber> {
			Some(5)
		}
		fn vault_acceptance(_: AvsId, _: VaultId) -> Approval<BlockNumber> {
			Approval::No
		}
		fn accepted_vaults(_: AvsId) -> Vec<VaultId> {
			Vec::new()
		}
		fn admits_operator(_: AvsId, _: &AccountId) -> bool {
			true
		}
		fn min_operator_stake(_: AvsId) -> u128 {
			0
		}
		fn slashing_rules(avs: AvsId) -> Option<SlashingRules<AccountId, BlockNumber>> {
			(avs == CONSENSUS_AVS).then(|| SlashingRules {
				slasher: Validators::account_id(),
				resolver: None,
				veto_window: 5,
				max_slash_per_request: CAP,
				slash_cooldown: 0,
				destination: SlashDestination::Treasury,
			})
		}
		fn slashable_vaults(_: AvsId) -> Vec<VaultId> {
			Vec::new()
		}
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// The pallet's events since the last call, oldest first.
pub fn events() -> Vec<pallet_validators::Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Validators(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}
