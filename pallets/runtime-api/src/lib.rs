//! # Restaking runtime API
//!
//! The questions users ask of a restaking chain — *what does this operator hold, what
//! secures this AVS, what can I lose and to whom, what would this slash do, who validates* —
//! answered by the runtime in one call each. The node serves them as `restaking_*` JSON-RPC
//! methods (`docs/rpc.md`). The answers' shapes live in [`bastion_primitives::views`] (re-exported
//! here), and each answer is computed by the pallet that owns its data: the runtime's
//! implementation of this API is one call per method.

#![cfg_attr(not(feature = "std"), no_std)]

use bastion_primitives::{AvsId, Fraction};
use codec::Codec;

pub use bastion_primitives::views::*;

sp_api::decl_runtime_apis! {
	/// Restaking queries. Version 2 added `validator_sets`.
	#[api_version(2)]
	pub trait RestakingApi<AccountId, BlockNumber>
	where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// An operator's pools, with their allocations live and pending.
		fn operator_stake(operator: AccountId) -> Result<OperatorStake<AccountId, BlockNumber>, QueryError>;
		/// Per vault and per operator, the stake an AVS can slash now.
		fn avs_security(avs: AvsId) -> Result<AvsSecurity<AccountId>, QueryError>;
		/// A staker's positions: value, withdrawals, claimable rewards, exposure per AVS.
		fn staker_exposure(staker: AccountId) -> Result<StakerExposure<AccountId, BlockNumber>, QueryError>;
		/// A dry run of `Slashing.request_slash` by the AVS's slasher, on the state now;
		/// changes nothing.
		fn simulate_slash(avs: AvsId, operator: AccountId, fraction: Fraction) -> Result<SlashSimulation<AccountId>, QueryError>;
		/// The validator sets of the current and the next session, with the consensus
		/// stake that elected each validator.
		#[api_version(2)]
		fn validator_sets() -> ValidatorSets<AccountId>;
	}
}
