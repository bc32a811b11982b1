//! `restaking_*` JSON-RPC methods over the runtime's `RestakingApi` (`docs/rpc.md`).
//!
//! Each takes an optional block hash last, like the SDK's `state_*` methods (the best
//! block when omitted), and returns plain JSON: no custom types to register in
//! polkadot.js (`api.rpc` needs none: call them with `api.provider.send(...)`).
//!
//! The methods are registered by hand on an `RpcModule` rather than through jsonrpsee's
//! `rpc(server)` macro, whose generated parsing ignores parameters beyond the last it
//! reads: here a call with a parameter the method does not take is refused with
//! JSON-RPC's `-32602 Invalid params`, as is one whose parameters cannot be read.

use std::{collections::HashMap, marker::PhantomData, sync::Arc};

use bastion_primitives::{
	views::{SliceView, VaultSecurity},
	AvsId, Fraction,
};
use bastion_runtime::{AccountId, BlockNumber};
use bastion_runtime_api::{
	AvsSecurity, OperatorStake, QueryError, RestakingApi as RestakingRuntimeApi, SlashSimulation,
	StakerExposure, ValidatorSets,
};
use jsonrpsee::{
	core::{DeserializeOwned, RegisterMethodError, RpcResult},
	types::{
		error::{ErrorObjectOwned, INVALID_PARAMS_CODE, INVALID_PARAMS_MSG},
		ErrorObject, Params,
	},
	RpcModule,
};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::traits::Block as BlockT;

/// Error codes of the `restaking_*` methods, besides JSON-RPC's own `-32602 Invalid params`
/// for parameters that cannot be read or that the method does not take.
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
	/// `simulateSlash`'s `fraction` is not a number of parts per 10^18 from 0 to 10^18.
	pub const BAD_PARAMS: i32 = 8006;
	/// The runtime could not answer (e.g. it has no `RestakingApi`).
	pub const RUNTIME: i32 = 8000;
}

/// JSON-RPC's own error for parameters that cannot be read: `-32602`, `"Invalid params"`,
/// and what is wrong in `data`, as jsonrpsee answers for the SDK's methods.
fn invalid_params(detail: String) -> ErrorObjectOwned {
	ErrorObject::owned(INVALID_PARAMS_CODE, INVALID_PARAMS_MSG, Some(detail))
}

/// One parameter of a call: its name, and its JSON value if the call gave one.
struct Param {
	/// The method and its parameters, e.g. `restaking_avsSecurity(avs, at?)`, for errors.
	signature: String,
	name: &'static str,
	value: Option<serde_json::Value>,
}

impl Param {
	/// The value, which the call must give.
	fn required<T: DeserializeOwned>(self) -> Result<T, ErrorObjectOwned> {
		match self.value {
			Some(value) => decode(&self.signature, self.name, value),
			None => Err(invalid_params(format!("{}: {} is missing", self.signature, self.name))),
		}
	}

	/// The value, or `None` if the call did not give it or gave `null`.
	fn optional<T: DeserializeOwned>(self) -> Result<Option<T>, ErrorObjectOwned> {
		match self.value {
			Some(value) => decode(&self.signature, self.name, value),
			None => Ok(None),
		}
	}
}

fn decode<T: DeserializeOwned>(
	signature: &str,
	name: &str,
	value: serde_json::Value,
) -> Result<T, ErrorObjectOwned> {
	serde_json::from_value(value).map_err(|e| invalid_params(format!("{signature}: {name}: {e}")))
}

/// A call's parameters, by position (`[avs, at]`) or by name (`{"avs": 1, "at": …}`), as
/// the method's `names` in order; the last is always the optional block hash `at`. A
/// parameter beyond the method's — a surplus position or an unknown name — is refused.
fn read<const N: usize>(
	method: &'static str,
	names: [&'static str; N],
	params: &Params<'_>,
) -> Result<[Param; N], ErrorObjectOwned> {
	let signature = format!("{method}({}?)", names.join(", "));
	let param = |name: &'static str, value: Option<serde_json::Value>| Param {
		signature: signature.clone(),
		name,
		value,
	};
	let given: serde_json::Value = match params.as_str() {
		None => serde_json::Value::Null,
		Some(json) => {
			serde_json::from_str(json).map_err(|e| invalid_params(format!("{signature}: {e}")))?
		}
	};
	match given {
		serde_json::Value::Null => Ok(names.map(|name| param(name, None))),
		serde_json::Value::Array(values) => {
			let (most, count) = (names.len(), values.len());
			if count > most {
				return Err(invalid_params(format!(
					"{signature} takes at most {most} parameters, not {count}"
				)));
			}
			let mut values = values.into_iter();
			Ok(names.map(|name| param(name, values.next())))
		}
		serde_json::Value::Object(mut by_name) => {
			let found = names.map(|name| param(name, by_name.remove(name)));
			match by_name.keys().next() {
				Some(unknown) => {
					Err(invalid_params(format!("{signature} has no parameter {unknown:?}")))
				}
				None => Ok(found),
			}
		}
		other => Err(invalid_params(format!(
			"{signature}: the parameters must be an array or an object, not {other}"
		))),
	}
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

/// `security` with each operator's SS58 address encoded once, however many vaults it
/// allocates: the answer serializes as it would with the account ids (SS58 strings), and
/// at `MaxOperatorsPerAvs` operators the encoding is a good part of the method's time.
fn with_addresses(security: AvsSecurity<AccountId>) -> AvsSecurity<String> {
	let mut addresses = HashMap::<AccountId, String>::new();
	let vaults = security
		.vaults
		.into_iter()
		.map(|vault| VaultSecurity {
			vault: vault.vault,
			asset: vault.asset,
			slashable: vault.slashable,
			operators: vault
				.operators
				.into_iter()
				.map(|slice| SliceView {
					operator: addresses
						.entry(slice.operator)
						.or_insert_with_key(|id| id.to_ss58check())
						.clone(),
					fraction: slice.fraction,
					slashable: slice.slashable,
				})
				.collect(),
		})
		.collect();
	AvsSecurity { avs: security.avs, max_slash_per_request: security.max_slash_per_request, vaults }
}

fn runtime_error(e: sp_api::ApiError) -> ErrorObjectOwned {
	error(codes::RUNTIME, format!("the runtime could not answer: {e}"))
}

impl<C, Block> Restaking<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RestakingRuntimeApi<Block, AccountId, BlockNumber>,
{
	/// The five methods, in a module to merge into the node's.
	pub fn into_rpc(self) -> Result<RpcModule<Self>, RegisterMethodError> {
		let mut module = RpcModule::new(self);
		module.register_method("restaking_operatorStake", |params, restaking, _| {
			restaking.operator_stake(&params)
		})?;
		module.register_method("restaking_avsSecurity", |params, restaking, _| {
			restaking.avs_security(&params)
		})?;
		module.register_method("restaking_stakerExposure", |params, restaking, _| {
			restaking.staker_exposure(&params)
		})?;
		module.register_method("restaking_simulateSlash", |params, restaking, _| {
			restaking.simulate_slash(&params)
		})?;
		module.register_method("restaking_validators", |params, restaking, _| {
			restaking.validators(&params)
		})?;
		Ok(module)
	}

	/// `restaking_operatorStake(operator, at?)`: an operator's pools in every vault, with
	/// their allocations live and pending.
	fn operator_stake(
		&self,
		params: &Params<'_>,
	) -> RpcResult<OperatorStake<AccountId, BlockNumber>> {
		let [operator, at] = read("restaking_operatorStake", ["operator", "at"], params)?;
		let operator: AccountId = operator.required()?;
		let at = self.at(at.optional()?)?;
		self.client
			.runtime_api()
			.operator_stake(at, operator.clone())
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, operator.to_string()))
	}

	/// `restaking_avsSecurity(avs, at?)`: per vault and per operator, the stake an AVS can
	/// slash now.
	fn avs_security(&self, params: &Params<'_>) -> RpcResult<AvsSecurity<String>> {
		let [avs, at] = read("restaking_avsSecurity", ["avs", "at"], params)?;
		let avs: AvsId = avs.required()?;
		let at = self.at(at.optional()?)?;
		self.client
			.runtime_api()
			.avs_security(at, avs)
			.map_err(runtime_error)?
			.map(with_addresses)
			.map_err(|e| query_error(e, avs.to_string()))
	}

	/// `restaking_stakerExposure(staker, at?)`: a staker's positions: value, queued
	/// withdrawals, claimable rewards, and what each AVS — and all of them together — could
	/// take.
	fn staker_exposure(
		&self,
		params: &Params<'_>,
	) -> RpcResult<StakerExposure<AccountId, BlockNumber>> {
		let [staker, at] = read("restaking_stakerExposure", ["staker", "at"], params)?;
		let staker: AccountId = staker.required()?;
		let at = self.at(at.optional()?)?;
		self.client
			.runtime_api()
			.staker_exposure(at, staker.clone())
			.map_err(runtime_error)?
			.map_err(|e| query_error(e, staker.to_string()))
	}

	/// `restaking_simulateSlash(avs, operator, fraction, at?)`: a dry run of a slash request:
	/// per pool the amount, per staker the loss, per AVS its slice before and after.
	/// `fraction` in parts per 10^18, as a string or a number.
	fn simulate_slash(&self, params: &Params<'_>) -> RpcResult<SlashSimulation<AccountId>> {
		let [avs, operator, fraction, at] =
			read("restaking_simulateSlash", ["avs", "operator", "fraction", "at"], params)?;
		let avs: AvsId = avs.required()?;
		let operator: AccountId = operator.required()?;
		let fraction: serde_json::Value = fraction.required()?;
		let at: Option<Block::Hash> = at.optional()?;
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

	/// `restaking_validators(at?)`: the validator sets of the current and the next session,
	/// each validator with the consensus stake that elected it.
	fn validators(&self, params: &Params<'_>) -> RpcResult<ValidatorSets<AccountId>> {
		let [at] = read("restaking_validators", ["at"], params)?;
		let at = self.at(at.optional()?)?;
		self.client.runtime_api().validator_sets(at).map_err(runtime_error)
	}
}
