//! `restaking_*` JSON-RPC methods over the runtime's `RestakingApi` (`docs/rpc.md`).
//!
//! Each takes an optional block hash last, like the SDK's `state_*` methods (the best
//! block when omitted), and returns plain JSON: no custom types to register in
//! polkadot.js (`api.rpc` needs none: call them with `api.provider.send(...)`).

use std::{marker::PhantomData, sync::Arc};

use bastion_primitives::{AvsId, Fraction};
use bastion_runtime::{AccountId, BlockNumber};
use bastion_runtime_api::{
	AvsSecurity, OperatorStake, QueryError, RestakingApi as RestakingRuntimeApi, SlashSimulation,
	StakerExposure,
};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorObject},
};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// Error codes of the `restaking_*` methods.
pub mod codes {
	/// The block hash is not one this node has.
	pub const UNKNOWN_BLOCK: i32 = 8001;
	/// The account is not a registered operator.
	pub const NOT_AN_OPERATOR: i32 = 8002;
	/// No AVS has this id.
	pub const UNKNOWN_AVS: i32 = 8003;
	/// The account has no position.
	pub const NO_POSITIONS: i32 = 8004;
	/// The simulated slash would be refused.
	pub const SLASH_REFUSED: i32 = 8005;
	/// A parameter could not be read.
	pub const BAD_PARAMS: i32 = 8006;
	/// The runtime could not answer (e.g. it has no `RestakingApi`).
	pub const RUNTIME: i32 = 8000;
}

#[rpc(server)]
pub trait RestakingApi<BlockHash> {
	/// An operator's pools in every vault, with their allocations live and pending.
	#[method(name = "restaking_operatorStake")]
	fn operator_stake(
		&self,
		operator: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<OperatorStake<AccountId, BlockNumber>>;

	/// Per vault and per operator, the stake an AVS can slash now.
	#[method(name = "restaking_avsSecurity")]
	fn avs_security(&self, avs: AvsId, at: Option<BlockHash>) -> RpcResult<AvsSecurity<AccountId>>;

	/// A staker's positions: value, queued withdrawals, claimable rewards, and what each
	/// AVS — and all of them together — could take.
	#[method(name = "restaking_stakerExposure")]
	fn staker_exposure(
		&self,
		staker: AccountId,
		at: Option<BlockHash>,
	) -> RpcResult<StakerExposure<AccountId, BlockNumber>>;

	/// A dry run of a slash request: per pool the amount, per staker the loss, per AVS its
	/// slice before and after. `fraction` in parts per 10^18, as a string or a number.
	#[method(name = "restaking_simulateSlash")]
	fn simulate_slash(
		&self,
		avs: AvsId,
		operator: AccountId,
		fraction: serde_json::Value,
		at: Option<BlockHash>,
	) -> RpcResult<SlashSimulation<AccountId>>;
}

/// The `restaking_*` methods.
pub struct Restaking<C, Block> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C, Block> Restaking<C, Block> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

fn error(code: i32, message: String) -> ErrorObjectOwned {
	ErrorObject::owned(code, message, None::<()>)
}

fn query_error(e: QueryError, subject: String) -> ErrorObjectOwned {
	match e {
		QueryError::NotAnOperator => error(
			codes::NOT_AN_OPERATOR,
			format!("{subject} is not a registered operator: check the address, or register it with operators.registerOperator"),
		),
		QueryError::UnknownAvs => error(
			codes::UNKNOWN_AVS,
			format!("no AVS has id {subject}: avs.nextAvsId is the first id not yet used"),
		),
		QueryError::NoPositions => error(
			codes::NO_POSITIONS,
			format!("{subject} has no position in any vault: it has nothing at stake"),
		),
		QueryError::SlashRefused(name) => error(
			codes::SLASH_REFUSED,
			format!(
				"the slash would be refused with slashing.{} (see the error's documentation in the metadata)",
				String::from_utf8_lossy(&name)
			),
		),
	}
}

impl<C, Block> Restaking<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
{
	/// The block to answer at: `at` if this node has it, else the best block.
	fn at(&self, at: Option<Block::Hash>) -> Result<Block::Hash, ErrorObjectOwned> {
		match at {
			None => Ok(self.client.info().best_hash),
			Some(hash) => match self.client.header(hash) {
				Ok(Some(_)) => Ok(hash),
				_ => Err(error(
					codes::UNKNOWN_BLOCK,
					format!("block {hash:?} is not known to this node: pass the hash of a block it has imported, or omit it for the best block"),
				)),
			},
		}
	}
}

fn runtime_error(e: sp_api::ApiError) -> ErrorObjectOwned {
	error(codes::RUNTIME, format!("the runtime could not answer: {e}"))
}

impl<C, Block> RestakingApiServer<Block::Hash> for Restaking<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RestakingRuntimeApi<Block, AccountId, BlockNumber>,
{
	fn operator_stake(
		&self,
		operator: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<OperatorStake<AccountId, BlockNumber>> {
		let at = self.at(at)?;
		self.client
			.runtime_api()
			.operator_stake(at, operator.clone())
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, operator.to_string()))
	}

	fn avs_security(&self, avs: AvsId, at: Option<Block::Hash>) -> RpcResult<AvsSecurity<AccountId>> {
		let at = self.at(at)?;
		self.client
			.runtime_api()
			.avs_security(at, avs)
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, avs.to_string()))
	}

	fn staker_exposure(
		&self,
		staker: AccountId,
		at: Option<Block::Hash>,
	) -> RpcResult<StakerExposure<AccountId, BlockNumber>> {
		let at = self.at(at)?;
		self.client
			.runtime_api()
			.staker_exposure(at, staker.clone())
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, staker.to_string()))
	}

	fn simulate_slash(
		&self,
		avs: AvsId,
		operator: AccountId,
		fraction: serde_json::Value,
		at: Option<Block::Hash>,
	) -> RpcResult<SlashSimulation<AccountId>> {
		let parts = match &fraction {
			serde_json::Value::String(s) => s.parse::<u64>().ok(),
			serde_json::Value::Number(n) => n.as_u64(),
			_ => None,
		}
		.filter(|p| *p <= 1_000_000_000_000_000_000)
		.ok_or_else(|| {
			error(
				codes::BAD_PARAMS,
				format!("fraction {fraction} is not a number of parts per 10^18 between 0 and 10^18 (\"100000000000000000\" = 10 %)"),
			)
		})?;
		let at = self.at(at)?;
		self.client
			.runtime_api()
			.simulate_slash(at, avs, operator, Fraction::from_parts(parts))
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, avs.to_string()))
	}
}
