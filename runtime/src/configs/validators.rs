//! `pallet_validators`: the consensus AVS, its elections and its offences.

use super::restaking::{Delays, HISTORY_DEPTH, PRODUCTION, SESSION_LENGTH};
use crate::{
	opaque::SessionKeys, AccountId, Avs, Operators, Runtime, RuntimeCall, RuntimeOrigin, Session,
	Slashing, UNIT,
};
use alloc::vec::Vec;
use bastion_primitives::AvsId;
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, Contains},
	PalletId,
};
use sp_runtime::{DispatchResult, Perbill};
use sp_staking::{offence::OffenceSeverity, SessionIndex};

/// The consensus AVS's id: the first AVS of every preset.
pub const CONSENSUS_AVS: AvsId = 0;
/// The most validators in one set (Aura's and GRANDPA's `MaxAuthorities`).
pub const MAX_VALIDATORS: u32 = super::aura::MAX_AUTHORITIES;
/// The fewest validators an election may produce: one on development chains, four (the
/// least for GRANDPA to survive a fault) on public networks.
pub const MIN_VALIDATORS: u32 = if PRODUCTION { 4 } else { 1 };
/// The least native stake the consensus AVS must be able to slash from a candidate.
pub const MIN_VALIDATOR_STAKE: u128 = 10_000 * UNIT;

parameter_types! {
	pub const ValidatorsPalletId: PalletId = PalletId(*b"bst/vals");
	pub const SessionLength: crate::BlockNumber = SESSION_LENGTH;
}

/// The session pallet's keys, set and purged through its own calls (proof of possession,
/// key deposit, owner index) on behalf of `Validators::set_keys` / `purge_keys`, which
/// refuse members of the current and next set.
pub struct SessionKeyRegistry;
impl pallet_validators::SessionKeyRegistry<AccountId> for SessionKeyRegistry {
	type Keys = SessionKeys;
	fn has_keys(who: &AccountId) -> bool {
		Session::load_keys(who).is_some()
	}
	fn set_keys(who: &AccountId, keys: SessionKeys, proof: Vec<u8>) -> DispatchResult {
		Session::set_keys(RuntimeOrigin::signed(who.clone()), keys, proof)
	}
	fn purge_keys(who: &AccountId) -> DispatchResult {
		Session::purge_keys(RuntimeOrigin::signed(who.clone()))
	}
}

/// The runtime's call filter: session keys change only through `Validators::set_keys`
/// and `purge_keys`. `Session::set_keys` would let a validator change its keys while it
/// validates, after which its equivocations could no longer be proven.
pub struct KeysThroughValidators;
impl Contains<RuntimeCall> for KeysThroughValidators {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::Session(_))
	}
}

/// Disabling through the session pallet's strategy.
pub struct SessionDisabling;
impl pallet_validators::DisableValidator<AccountId> for SessionDisabling {
	fn disable(validator: &AccountId, severity: Perbill) {
		Session::report_offence(validator.clone(), OffenceSeverity(severity));
	}
}

/// The historical session tries key-ownership proofs are checked against.
pub struct SessionTries;
impl pallet_validators::SessionHistory for SessionTries {
	fn prune_up_to(index: SessionIndex) {
		pallet_session::historical::Pallet::<Runtime>::prune_up_to(index);
	}
}

impl pallet_validators::Config for Runtime {
	type ConsensusAvs = ConstU32<CONSENSUS_AVS>;
	type PalletId = ValidatorsPalletId;
	type Stakes = Operators;
	type Avs = Avs;
	type Slashing = Slashing;
	type SessionKeys = SessionKeyRegistry;
	type Disabling = SessionDisabling;
	type History = SessionTries;
	type Delays = Delays;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MinValidators = ConstU32<MIN_VALIDATORS>;
	type MinValidatorStake = ConstU128<MIN_VALIDATOR_STAKE>;
	type SessionLength = SessionLength;
	type HistoryDepth = ConstU32<HISTORY_DEPTH>;
	type WeightInfo = pallet_validators::weights::BastionWeight<Runtime>;
}
