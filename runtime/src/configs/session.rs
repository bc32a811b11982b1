//! `pallet_session` (with `historical`), `pallet_offences` and `pallet_authorship`: the
//! validator set changes every session, as `pallet_validators` elects it from the stake
//! restaked to the consensus AVS; each session's set is kept as a trie root, so a GRANDPA
//! equivocation can be proven against it for `HISTORY_DEPTH` sessions, and proven offences
//! go to `pallet_validators`, which disables the offender and files its slash.

use super::restaking::SESSION_LENGTH;
use crate::{
	opaque::SessionKeys, AccountId, Aura, Balances, BlockNumber, Runtime, RuntimeEvent, Validators,
	UNIT,
};
use {
	frame_support::{parameter_types, traits::ConstU128},
	sp_runtime::traits::{ConvertInto, OpaqueKeys},
};

parameter_types! {
	/// L: blocks per session.
	pub const SessionPeriod: BlockNumber = SESSION_LENGTH;
	/// The first session ends at block L.
	pub const SessionOffset: BlockNumber = 0;
}

/// Sessions of `SESSION_LENGTH` blocks.
pub type Sessions = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// Any account may set keys (paying `KeyDeposit`); only elected operators validate.
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Sessions;
	type NextSessionRotation = Sessions;
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Self, Validators>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	// At most a third of the set (rounded down) disabled at once: never so many that the
	// rest cannot finalize. A lone validator is never disabled.
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	// Held while keys are set: storage for the keys and their owner index.
	type KeyDeposit = ConstU128<{ UNIT }>;
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// What an offence report names besides the validator: the stake that elected it.
	type FullIdentification = u128;
	type FullIdentificationOf = pallet_validators::ElectedStake<Runtime>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	type OnOffenceHandler = Validators;
}

impl pallet_authorship::Config for Runtime {
	// The block's author, from Aura's pre-runtime digest: the reporter of offences it
	// includes.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = ();
}
