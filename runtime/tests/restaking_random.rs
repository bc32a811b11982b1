//! Randomized invariant test of the restaking pallets, on the real runtime.
//!
//! Long random sequences of calls from many accounts drive Vaults, Operators, Avs,
//! Slashing and Rewards (every call, valid or not), with blocks passing in between (and
//! the block hooks executing due slashes and scheduled reward resyncs); after every step
//! the restaking model's invariants are checked:
//!
//! - conservation: each vault account holds its vault's ledger (pools + escrow + reserve;
//!   more only by what strangers send it, which moves no price and no deposit cap), each
//!   pool's shares are its positions' shares, and no asset is minted or lost: total
//!   issuance of BST and USDB changes only by executed burns, exactly;
//! - a slash takes at most the slasher's slice of each pool, and pending requests are
//!   indexed consistently;
//! - a slash whose veto window passed lands, whatever its destination (some AVSs pay to
//!   accounts that hold nothing): the block hook runs in every block, so none stays
//!   pending long after its window, and what cannot be delivered is burned, exactly;
//! - a veto leaves every allocation of the operator exactly as it was;
//! - new exposure waits A: no stake is slashable through a curator's approval or an AVS's
//!   acceptance of a vault, first or again, sooner than A blocks after its event;
//! - earning stops with slashability: a reward source whose approval or acceptance ended
//!   releases nothing more, whether or not anyone resynced its earners; a pool never has
//!   more earners than its operator has opt-ins;
//! - no position is worth more than what its staker put in and has not taken out, but for
//!   rounding dust (at most one unit per operation on its pool) and its share of the
//!   escrow that stakers who left during a vetoed request's window left behind (they are
//!   paid without it; the veto returns it to those who stayed);
//! - each pool's allocations (pending decreases included) stay within the highest
//!   `max_restake` its vault ever had (lowering the cap only blocks increases);
//! - every storage bound holds (counts match entries and are within their maximum);
//! - rewards: per open stream `remaining + distributed = funded`, and per closed one
//!   `distributed + returned = funded`; per asset the pot holds exactly `reserve + funded −
//!   returned − paid` (`paid` summed from the claim events), which covers every stream's
//!   remainder and everything owed; after a full settlement of every pool and position,
//!   what is owed never exceeds what the streams released.
//!
//! `cargo test` runs 10 × 1,000 steps from seed 2026; CI (`scripts/test.sh`) runs 100 ×
//! 1,000 = 10⁵, spread over the machine's cores. Explore with `BASTION_FUZZ_SEED=random` (the
//! seed is printed; reproduce a failure with `BASTION_FUZZ_SEED=<seed>
//! BASTION_FUZZ_RUNS=1`), and go longer with `BASTION_FUZZ_RUNS` and `BASTION_FUZZ_STEPS`.

use bastion_primitives::{OperatorsInspect as _, SlashDestination, VaultsInspect};
use bastion_runtime::{
	AccountId, Assets, Avs, Balances, BlockNumber, Operators, Rewards, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeGenesisConfig, RuntimeOrigin, Slashing, System, Vaults,
};
use pallet_avs::{AvsRegistration, AvsUpdate, OperatorPolicy, SlashingRules};
use pallet_vaults::{VaultParams, VaultParamsUpdate, WithdrawalAmount};
use rand::{rngs::SmallRng, Rng, SeedableRng};
use std::collections::BTreeMap;
use {
	frame_support::{
		traits::{fungible::NativeOrWithId, fungibles::Inspect as _, Hooks},
		BoundedVec,
	},
	pallet_assets, pallet_balances,
	sp_core::H256,
	sp_io::TestExternalities,
	sp_runtime::{traits::Dispatchable, BuildStorage, Perbill, Perquintill},
};

const USDB: u32 = 1;
const UNIT: u128 = 1_000_000_000_000;
const ACCOUNTS: u8 = 40;

fn account(n: u8) -> AccountId {
	AccountId::new([n; 32])
}

fn env_or(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn new_ext() -> TestExternalities {
	let accounts: Vec<AccountId> = (1..=ACCOUNTS).map(account).collect();
	let genesis = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: accounts.iter().map(|a| (a.clone(), 1_000_000 * UNIT)).collect(),
			..Default::default()
		},
		assets: pallet_assets::GenesisConfig {
			assets: vec![(USDB, account(1), true, 1_000)],
			accounts: accounts.iter().map(|a| (USDB, a.clone(), 1_000_000_000_000)).collect(),
			..Default::default()
		},
		vaults: pallet_vaults::GenesisConfig {
			approved_assets: vec![NativeOrWithId::WithId(USDB)],
			..Default::default()
		},
		rewards: pallet_rewards::GenesisConfig {
			reward_assets: vec![
				(NativeOrWithId::Native, 1_000),
				(NativeOrWithId::WithId(USDB), 1_000),
			],
			..Default::default()
		},
		..Default::default()
	};
	let mut ext = TestExternalities::new(genesis.build_storage().expect("genesis builds"));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// What the test remembers beside the chain: per vault, the highest cap it ever had; per
/// pool, how many operations touched it (the rounding-dust allowance).
#[derive(Default)]
struct Model {
	cap_high_water: BTreeMap<u32, u32>,
	pool_ops: BTreeMap<(u32, AccountId), u128>,
	successes: BTreeMap<&'static str, u32>,
	issuance: (u128, u128),
	/// Escrow per pending request: (vault, operator, amount, the pool's shares then).
	escrows: BTreeMap<u64, Vec<(u32, AccountId, u128, u128)>>,
	/// What each position may be worth above its principal because a vetoed request's
	/// escrow returned to a pool some stakers had left during its window (they left
	/// without their part of it, which the stakers who stayed receive).
	windfall: BTreeMap<(u32, AccountId, AccountId), u128>,
	/// When each (vault, AVS) was last approved by the curator (0) or accepted by the AVS
	/// (1), as the events announced it.
	granted: BTreeMap<(u8, u32, u32), BlockNumber>,
	/// The reward per stake of each (AVS, vault) source whose link (the curator's approval
	/// and the AVS's acceptance) has ended, when first seen settled past that end: it must
	/// not grow.
	ended_sources: BTreeMap<(u32, u32), Vec<(NativeOrWithId<u32>, sp_core::U256)>>,
	/// Per asset, what the pot paid to stakers and operators, as the claim events said.
	paid: BTreeMap<NativeOrWithId<u32>, u128>,
}

struct Fuzzer {
	rng: SmallRng,
	model: Model,
}

impl Fuzzer {
	fn who(&mut self) -> AccountId {
		account(self.rng.gen_range(1..=ACCOUNTS))
	}
	fn operator(&mut self) -> AccountId {
		// Accounts 1..=8 are the usual operators, so pools fill up.
		account(self.rng.gen_range(1..=8))
	}
	fn vault(&mut self) -> u32 {
		let next = pallet_vaults::NextVaultId::<Runtime>::get();
		self.rng.gen_range(0..next.max(1) + 1)
	}
	fn avs(&mut self) -> u32 {
		let next = pallet_avs::NextAvsId::<Runtime>::get();
		self.rng.gen_range(0..next.max(1) + 1)
	}
	fn amount(&mut self) -> u128 {
		match self.rng.gen_range(0..4) {
			0 => self.rng.gen_range(0..2_000),
			1 => self.rng.gen_range(1..1_000) * UNIT,
			2 => self.rng.gen_range(1_000..10_000_000),
			_ => self.rng.gen_range(1..100) * UNIT / 1_000,
		}
	}
	fn fraction(&mut self) -> Perquintill {
		Perquintill::from_percent(self.rng.gen_range(0..=100))
	}
	/// A withdrawal delay around the valid range (E + V, D] = (25 + V − 5, 30]: mostly
	/// valid, some too short, some too long.
	fn delay(&mut self) -> BlockNumber {
		self.rng.gen_range(22..=32)
	}
	/// Mostly the account that may act on `vault` (its curator), sometimes anyone.
	fn curator_of(&mut self, vault: u32) -> AccountId {
		match pallet_vaults::VaultInfo::<Runtime>::get(vault) {
			Some(info) if self.rng.gen_ratio(4, 5) => info.curator,
			_ => self.who(),
		}
	}
	/// Mostly the owner of `avs`, sometimes anyone.
	fn owner_of(&mut self, avs: u32) -> AccountId {
		match pallet_avs::AvsInfo::<Runtime>::get(avs) {
			Some(info) if self.rng.gen_ratio(4, 5) => info.owner,
			_ => self.who(),
		}
	}
	/// Mostly an existing position (vault, operator, staker), sometimes a random triple.
	fn position(&mut self) -> (u32, AccountId, AccountId) {
		let positions: Vec<_> = pallet_vaults::Positions::<Runtime>::iter_keys().collect();
		if !positions.is_empty() && self.rng.gen_ratio(4, 5) {
			positions[self.rng.gen_range(0..positions.len())].clone()
		} else {
			(self.vault(), self.operator(), self.who())
		}
	}
	/// Mostly a pending slash request.
	fn pending_slash(&mut self) -> u64 {
		let ids: Vec<u64> = pallet_slashing::Requests::<Runtime>::iter_keys().collect();
		if !ids.is_empty() && self.rng.gen_ratio(4, 5) {
			ids[self.rng.gen_range(0..ids.len())]
		} else {
			self.rng.gen_range(0..=pallet_slashing::NextSlashId::<Runtime>::get())
		}
	}

	/// Mostly an existing opt-in (operator, AVS) with a vault the AVS lists.
	fn allocation_target(&mut self) -> (AccountId, u32, u32) {
		let opt_ins: Vec<_> = pallet_operators::OptIns::<Runtime>::iter_keys()
			.filter(|(_, avs)| pallet_avs::AvsInfo::<Runtime>::contains_key(avs))
			.collect();
		if !opt_ins.is_empty() && self.rng.gen_ratio(4, 5) {
			let (operator, avs) = opt_ins[self.rng.gen_range(0..opt_ins.len())].clone();
			let vaults: Vec<u32> = pallet_avs::AvsInfo::<Runtime>::get(avs)
				.map(|info| info.vaults.iter().map(|(v, _)| *v).collect())
				.unwrap_or_default();
			let vault = if vaults.is_empty() {
				self.vault()
			} else {
				vaults[self.rng.gen_range(0..vaults.len())]
			};
			(operator, avs, vault)
		} else {
			(self.operator(), self.avs(), self.vault())
		}
	}

	/// One random call; returns its name and the call.
	fn call(&mut self) -> (&'static str, AccountId, RuntimeCall) {
		let mut who = self.who();
		// A pending request draws attention: its resolver, governance or anyone may act.
		let pending = pallet_slashing::Requests::<Runtime>::iter_keys().next().is_some();
		let choice = if pending && self.rng.gen_ratio(1, 4) {
			if self.rng.gen() {
				27
			} else {
				28
			}
		} else {
			self.rng.gen_range(0..40)
		};
		let call = match choice {
			0 => {
				let asset = if self.rng.gen() {
					NativeOrWithId::Native
				} else {
					NativeOrWithId::WithId(USDB)
				};
				let params = VaultParams {
					withdrawal_delay: self.delay(),
					deposit_cap: self.rng.gen_range(1..u128::from(u64::MAX)),
					min_deposit: self.rng.gen_range(1_000..10_000),
					max_restake: self.rng.gen_range(50..=300),
				};
				(
					"create_vault",
					RuntimeCall::Vaults(pallet_vaults::Call::create_vault { asset, params }),
				)
			}
			1 => {
				let update = VaultParamsUpdate {
					withdrawal_delay: self.rng.gen::<bool>().then(|| self.delay()),
					deposit_cap: self
						.rng
						.gen::<bool>()
						.then(|| self.amount().saturating_mul(1_000)),
					min_deposit: None,
					max_restake: self.rng.gen::<bool>().then(|| self.rng.gen_range(50..=300)),
				};
				let vault = self.vault();
				who = self.curator_of(vault);
				(
					"set_vault_params",
					RuntimeCall::Vaults(pallet_vaults::Call::set_vault_params { vault, update }),
				)
			}
			2..=5 => {
				let (vault, operator, amount) = (self.vault(), self.operator(), self.amount());
				let allocated: Vec<(AccountId, u32, u32)> =
					pallet_operators::Allocations::<Runtime>::iter_keys().collect();
				if !allocated.is_empty() && self.rng.gen_ratio(1, 3) {
					// Stake behind an allocation, so there is something to slash.
					let (operator, _, vault) =
						allocated[self.rng.gen_range(0..allocated.len())].clone();
					let amount = self.amount();
					return (
						"deposit",
						who,
						RuntimeCall::Vaults(pallet_vaults::Call::deposit {
							vault,
							operator,
							amount,
						}),
					);
				}
				if self.rng.gen_ratio(1, 3) {
					// Top up an existing position.
					let (v, o, staker) = self.position();
					let amount = self.amount();
					who = staker;
					return (
						"deposit",
						who,
						RuntimeCall::Vaults(pallet_vaults::Call::deposit {
							vault: v,
							operator: o,
							amount,
						}),
					);
				}
				(
					"deposit",
					RuntimeCall::Vaults(pallet_vaults::Call::deposit { vault, operator, amount }),
				)
			}
			6 | 7 => {
				let amount = match self.rng.gen_range(0..3) {
					0 => WithdrawalAmount::All,
					1 => WithdrawalAmount::Shares(self.amount().saturating_mul(1_000)),
					_ => WithdrawalAmount::Assets(self.amount()),
				};
				let (vault, operator, staker) = self.position();
				who = staker;
				(
					"request_withdrawal",
					RuntimeCall::Vaults(pallet_vaults::Call::request_withdrawal {
						vault,
						operator,
						amount,
					}),
				)
			}
			8 | 22 => {
				let (vault, operator, staker) = self.position();
				who = staker;
				(
					"complete_withdrawal",
					RuntimeCall::Vaults(pallet_vaults::Call::complete_withdrawal {
						vault,
						operator,
					}),
				)
			}
			9 => {
				let vault = self.vault();
				who = self.curator_of(vault);
				if self.rng.gen_ratio(1, 4) {
					("pause_vault", RuntimeCall::Vaults(pallet_vaults::Call::pause_vault { vault }))
				} else {
					(
						"resume_vault",
						RuntimeCall::Vaults(pallet_vaults::Call::resume_vault { vault }),
					)
				}
			}
			10 => {
				// Mostly a vault some AVS lists, so allocations become possible.
				let (_, avs, vault) = self.allocation_target();
				let (vault, avs) = if self.rng.gen_ratio(1, 5) {
					(self.vault(), self.avs())
				} else {
					(vault, avs)
				};
				who = self.curator_of(vault);
				if self.rng.gen_ratio(3, 4) {
					(
						"approve_avs",
						RuntimeCall::Vaults(pallet_vaults::Call::approve_avs { vault, avs }),
					)
				} else {
					(
						"revoke_avs",
						RuntimeCall::Vaults(pallet_vaults::Call::revoke_avs { vault, avs }),
					)
				}
			}
			11 => {
				who = self.operator();
				let commission = Perbill::from_percent(self.rng.gen_range(0..=60));
				(
					"register_operator",
					RuntimeCall::Operators(pallet_operators::Call::register_operator {
						commission,
						metadata: BoundedVec::truncate_from(b"op".to_vec()),
					}),
				)
			}
			12 => {
				who = self.operator();
				let commission = Perbill::from_percent(self.rng.gen_range(0..=60));
				(
					"set_commission",
					RuntimeCall::Operators(pallet_operators::Call::set_commission { commission }),
				)
			}
			13 | 23 => {
				who = self.operator();
				let avs = self.avs();
				("opt_in", RuntimeCall::Operators(pallet_operators::Call::opt_in { avs }))
			}
			14 => {
				let (operator, avs, _) = self.allocation_target();
				if self.rng.gen() {
					who = operator;
					("opt_out", RuntimeCall::Operators(pallet_operators::Call::opt_out { avs }))
				} else {
					// Anyone, against an opt-in whose stake may have fallen below the minimum.
					(
						"evict_opt_in",
						RuntimeCall::Operators(pallet_operators::Call::evict_opt_in {
							operator,
							avs,
						}),
					)
				}
			}
			15 | 16 | 29..=32 => {
				let (operator, avs, vault) = self.allocation_target();
				let fraction = self.fraction();
				who = operator;
				(
					"allocate",
					RuntimeCall::Operators(pallet_operators::Call::allocate {
						avs,
						vault,
						fraction,
					}),
				)
			}
			17 => {
				who = self.operator();
				if self.rng.gen_ratio(1, 4) {
					(
						"deregister_operator",
						RuntimeCall::Operators(pallet_operators::Call::deregister_operator {}),
					)
				} else {
					let avs = self.avs();
					("opt_in", RuntimeCall::Operators(pallet_operators::Call::opt_in { avs }))
				}
			}
			18 => {
				let next = pallet_vaults::NextVaultId::<Runtime>::get();
				let vaults: Vec<u32> =
					(0..next).filter(|_| self.rng.gen_ratio(1, 2)).take(4).collect();
				let config = AvsRegistration {
					accepted_vaults: BoundedVec::truncate_from(vaults),
					rules: SlashingRules {
						slasher: self.who(),
						resolver: self.rng.gen::<bool>().then(|| self.who()),
						veto_window: if self.rng.gen_ratio(1, 5) {
							self.rng.gen_range(4..=20)
						} else {
							self.rng.gen_range(5..=8)
						},
						max_slash_per_request: Perquintill::from_percent(
							self.rng.gen_range(1..=60),
						),
						slash_cooldown: self.rng.gen_range(0..20),
						destination: match self.rng.gen_range(0..4) {
							0 => SlashDestination::Burn,
							1 => SlashDestination::Treasury,
							2 => SlashDestination::Account(self.who()),
							// An account that holds nothing: small payouts cannot reach it.
							_ => SlashDestination::Account(account(200 + self.rng.gen_range(0..3))),
						},
					},
					min_operator_stake: if self.rng.gen_ratio(1, 4) { self.amount() } else { 0 },
					operator_policy: if self.rng.gen() {
						OperatorPolicy::Open
					} else {
						OperatorPolicy::AllowList
					},
				};
				(
					"register_avs",
					RuntimeCall::Avs(pallet_avs::Call::register_avs {
						metadata: BoundedVec::truncate_from(b"avs".to_vec()),
						config,
					}),
				)
			}
			19 => {
				let avs = self.avs();
				let vault = self.vault();
				who = self.owner_of(avs);
				let update = AvsUpdate {
					metadata: None,
					rules: None,
					min_operator_stake: if self.rng.gen_ratio(1, 8) {
						Some(self.amount())
					} else {
						None
					},
					operator_policy: None,
					add_vaults: if self.rng.gen() {
						BoundedVec::truncate_from(vec![vault])
					} else {
						Default::default()
					},
					remove_vaults: if self.rng.gen_ratio(1, 3) {
						BoundedVec::truncate_from(vec![self.vault()])
					} else {
						Default::default()
					},
				};
				("update_avs", RuntimeCall::Avs(pallet_avs::Call::update_avs { avs, update }))
			}
			20 => {
				let (avs, operator) = (self.avs(), self.operator());
				who = self.owner_of(avs);
				if self.rng.gen_ratio(3, 4) {
					(
						"approve_operator",
						RuntimeCall::Avs(pallet_avs::Call::approve_operator { avs, operator }),
					)
				} else {
					(
						"remove_operator",
						RuntimeCall::Avs(pallet_avs::Call::remove_operator { avs, operator }),
					)
				}
			}
			24..=26 => {
				let allocated: Vec<(AccountId, u32, u32)> =
					pallet_operators::Allocations::<Runtime>::iter_keys().collect();
				let (operator, avs) = if !allocated.is_empty() && self.rng.gen_ratio(4, 5) {
					let (operator, avs, _) =
						allocated[self.rng.gen_range(0..allocated.len())].clone();
					(operator, avs)
				} else {
					let (operator, avs, _) = self.allocation_target();
					(operator, avs)
				};
				who = match pallet_avs::AvsInfo::<Runtime>::get(avs) {
					Some(info) if self.rng.gen_ratio(4, 5) => info.rules.slasher,
					_ => self.who(),
				};
				let now = System::block_number();
				let offence_block = now.saturating_sub(self.rng.gen_range(0..14));
				let fraction = Perquintill::from_percent(self.rng.gen_range(1..=60));
				(
					"request_slash",
					RuntimeCall::Slashing(pallet_slashing::Call::request_slash {
						avs,
						operator,
						fraction,
						offence_block,
						evidence_hash: H256::repeat_byte(self.rng.gen()),
					}),
				)
			}
			27 => {
				let id = self.pending_slash();
				if let Some(resolver) = pallet_slashing::Requests::<Runtime>::get(id)
					.and_then(|r| pallet_avs::AvsInfo::<Runtime>::get(r.avs))
					.and_then(|info| info.rules.resolver)
				{
					if self.rng.gen_ratio(2, 3) {
						who = resolver;
					}
				}
				("veto_slash", RuntimeCall::Slashing(pallet_slashing::Call::veto_slash { id }))
			}
			28 => {
				let id = self.pending_slash();
				(
					"execute_slash",
					RuntimeCall::Slashing(pallet_slashing::Call::execute_slash { id }),
				)
			}
			33 => {
				let avs = self.avs();
				who = self.owner_of(avs);
				let assets = [NativeOrWithId::Native, NativeOrWithId::WithId(USDB)]
					.into_iter()
					.filter(|_| self.rng.gen_ratio(3, 4))
					.collect::<Vec<_>>();
				(
					"set_reward_assets",
					RuntimeCall::Rewards(pallet_rewards::Call::set_reward_assets {
						avs,
						assets: BoundedVec::truncate_from(assets),
					}),
				)
			}
			34 | 35 => {
				// Mostly an AVS some pool earns from, so the stream pays someone.
				let earning: Vec<u32> =
					Rewards::earner_keys().into_iter().map(|(_, _, a)| a).collect();
				let avs = if !earning.is_empty() && self.rng.gen_ratio(3, 4) {
					earning[self.rng.gen_range(0..earning.len())]
				} else {
					self.avs()
				};
				if self.rng.gen_ratio(3, 4) {
					who = self.owner_of(avs);
				}
				let vaults: Vec<u32> = pallet_avs::AvsInfo::<Runtime>::get(avs)
					.map(|info| info.vaults.iter().map(|(v, _)| *v).collect())
					.unwrap_or_default();
				let mut vault_shares: Vec<(u32, Perbill)> = vaults
					.iter()
					.filter(|_| self.rng.gen_ratio(2, 3))
					.map(|v| (*v, Perbill::from_rational(1, vaults.len().max(1) as u32)))
					.collect();
				// Make the shares whole (or, now and then, leave them broken).
				let sum: u32 = vault_shares.iter().map(|(_, p)| p.deconstruct()).sum();
				if let Some(first) = vault_shares.first_mut() {
					if self.rng.gen_ratio(9, 10) {
						first.1 = Perbill::from_parts(first.1.deconstruct() + 1_000_000_000 - sum);
					}
				}
				let asset = if self.rng.gen_ratio(2, 3) {
					NativeOrWithId::Native
				} else {
					NativeOrWithId::WithId(USDB)
				};
				(
					"fund_rewards",
					RuntimeCall::Rewards(pallet_rewards::Call::fund_rewards {
						avs,
						asset,
						amount: if self.rng.gen() {
							self.amount()
						} else {
							self.rng.gen_range(1..10_000) * UNIT
						},
						duration: self.rng.gen_range(90..400),
						vault_shares: BoundedVec::truncate_from(vault_shares),
					}),
				)
			}
			36 | 37 => {
				// Mostly a position in a pool that earns.
				let earning: Vec<(u32, AccountId, AccountId)> =
					pallet_rewards::PositionRewards::<Runtime>::iter_keys().collect();
				let (vault, operator, staker) = if !earning.is_empty() && self.rng.gen_ratio(3, 4) {
					earning[self.rng.gen_range(0..earning.len())].clone()
				} else {
					self.position()
				};
				who = staker;
				let mut positions = vec![(vault, operator)];
				if self.rng.gen_ratio(1, 3) {
					let (vault, operator, _) = self.position();
					positions.push((vault, operator));
				}
				(
					"claim",
					RuntimeCall::Rewards(pallet_rewards::Call::claim {
						positions: BoundedVec::truncate_from(positions),
					}),
				)
			}
			38 => {
				let earners: Vec<(u32, AccountId, u32)> = Rewards::earner_keys();
				let (vault, operator, avs) = if !earners.is_empty() && self.rng.gen_ratio(4, 5) {
					earners[self.rng.gen_range(0..earners.len())].clone()
				} else {
					(self.vault(), self.operator(), self.avs())
				};
				if self.rng.gen_ratio(1, 3) {
					// Anyone resyncs an earner (a slice that stopped or started being slashable).
					return (
						"resync_earner",
						who,
						RuntimeCall::Rewards(pallet_rewards::Call::resync_earner {
							vault,
							operator,
							avs,
						}),
					);
				}
				who = operator;
				(
					"claim_commission",
					RuntimeCall::Rewards(pallet_rewards::Call::claim_commission { vault, avs }),
				)
			}
			39 => {
				let ids: Vec<u64> = pallet_rewards::Streams::<Runtime>::iter_keys().collect();
				let stream = if !ids.is_empty() && self.rng.gen_ratio(4, 5) {
					ids[self.rng.gen_range(0..ids.len())]
				} else {
					self.rng.gen_range(0..=pallet_rewards::NextStreamId::<Runtime>::get())
				};
				match self.rng.gen_range(0..7) {
					// A stranger sends tokens straight to a vault account: a gift to no one,
					// which must neither move a price nor count against the deposit cap.
					6 => {
						let vault = self.vault();
						let dest = sp_runtime::MultiAddress::Id(Vaults::vault_account(vault));
						let value = self.amount().max(1);
						match pallet_vaults::VaultInfo::<Runtime>::get(vault).map(|v| v.asset) {
							Some(NativeOrWithId::WithId(id)) => (
								"donate",
								RuntimeCall::Assets(pallet_assets::Call::transfer_keep_alive {
									id: id.into(),
									target: dest,
									amount: value,
								}),
							),
							_ => (
								"donate",
								RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
									dest,
									value,
								}),
							),
						}
					}
					// The AVS's owner ends a stream early (a sponsor's, or refused: its own).
					0 | 1 => {
						if let Some(info) = pallet_rewards::Streams::<Runtime>::get(stream) {
							who = self.owner_of(info.avs);
						}
						(
							"cancel_stream",
							RuntimeCall::Rewards(pallet_rewards::Call::cancel_stream { stream }),
						)
					}
					// Anyone prunes an opt-in (mostly a real one, ended or not).
					2 => {
						let opt_ins: Vec<(AccountId, u32)> =
							pallet_operators::OptIns::<Runtime>::iter_keys().collect();
						let (operator, avs) = if !opt_ins.is_empty() && self.rng.gen_ratio(4, 5) {
							opt_ins[self.rng.gen_range(0..opt_ins.len())].clone()
						} else {
							(self.operator(), self.avs())
						};
						(
							"prune_opt_in",
							RuntimeCall::Operators(pallet_operators::Call::prune_opt_in {
								operator,
								avs,
							}),
						)
					}
					_ => (
						"close_stream",
						RuntimeCall::Rewards(pallet_rewards::Call::close_stream { stream }),
					),
				}
			}
			_ if self.rng.gen_ratio(7, 8) => {
				// An opt-in to a registered AVS, by an operator.
				who = self.operator();
				let avs = self.avs();
				("opt_in", RuntimeCall::Operators(pallet_operators::Call::opt_in { avs }))
			}
			_ => {
				let avs = self.avs();
				who = self.owner_of(avs);
				("deregister_avs", RuntimeCall::Avs(pallet_avs::Call::deregister_avs { avs }))
			}
		};
		(call.0, who, call.1)
	}

	fn step(&mut self) {
		if self.rng.gen_ratio(1, 5) {
			let now = System::block_number();
			for n in now + 1..=now + self.rng.gen_range(1..=25) {
				System::set_block_number(n);
				Slashing::on_initialize(n);
				Rewards::on_initialize(n);
				self.account_events();
			}
			self.check();
		}
		let (name, who, call) = self.call();
		let touched_pool = match &call {
			RuntimeCall::Vaults(pallet_vaults::Call::deposit { vault, operator, .. })
			| RuntimeCall::Vaults(pallet_vaults::Call::request_withdrawal {
				vault,
				operator,
				..
			})
			| RuntimeCall::Vaults(pallet_vaults::Call::complete_withdrawal { vault, operator }) => {
				Some((*vault, operator.clone()))
			}
			_ => None,
		};
		// A veto must leave every allocation of the slashed operator as it was.
		let before_veto = match &call {
			RuntimeCall::Slashing(pallet_slashing::Call::veto_slash { id }) => {
				pallet_slashing::Requests::<Runtime>::get(id)
					.map(|r| (r.operator.clone(), allocations_of(&r.operator)))
			}
			_ => None,
		};
		let origin = if name == "veto_slash" && self.rng.gen_ratio(1, 4) {
			RuntimeOrigin::root()
		} else {
			RuntimeOrigin::signed(who)
		};
		if call.dispatch(origin).is_ok() {
			if let Some((operator, before)) = before_veto {
				assert_eq!(
					allocations_of(&operator),
					before,
					"a veto changed {operator:?}'s allocations"
				);
			}
			*self.model.successes.entry(name).or_default() += 1;
			if let Some(pool) = touched_pool {
				*self.model.pool_ops.entry(pool).or_default() += 1;
			}
		}
		self.account_events();
		self.check();
	}

	/// Follows escrows and burns through the events, and checks each escrow against the
	/// slasher's slice.
	fn account_events(&mut self) {
		for record in System::events() {
			match record.event {
				RuntimeEvent::Slashing(pallet_slashing::Event::PoolEscrowed {
					id,
					vault,
					operator,
					amount,
					slices,
				}) => {
					assert!(
						slices.iter().any(|s| amount <= s.before),
						"escrow {amount} above every slice {slices:?}"
					);
					for s in &slices {
						assert!(
							s.after <= s.before.max(amount) + 1,
							"a slice grew past the pool: {s:?}"
						);
					}
					let shares = pallet_vaults::Pools::<Runtime>::get(vault, &operator)
						.map_or(0, |p| p.total_shares);
					self.model
						.escrows
						.entry(id)
						.or_default()
						.push((vault, operator, amount, shares));
				}
				RuntimeEvent::Slashing(pallet_slashing::Event::SlashExecuted {
					id,
					destination,
					..
				}) => {
					let pools = self.model.escrows.remove(&id).unwrap_or_default();
					if destination == SlashDestination::Burn {
						for (vault, _, amount, _) in pools {
							match pallet_vaults::VaultInfo::<Runtime>::get(vault).map(|v| v.asset) {
								Some(NativeOrWithId::Native) => self.model.issuance.0 -= amount,
								Some(NativeOrWithId::WithId(_)) => self.model.issuance.1 -= amount,
								None => panic!("vault {vault} vanished"),
							}
						}
					}
				}
				RuntimeEvent::Rewards(pallet_rewards::Event::StreamClosed {
					amount,
					distributed,
					returned,
					..
				}) => {
					assert_eq!(
						distributed + returned,
						amount,
						"a closed stream lost or made funds"
					);
				}
				RuntimeEvent::Slashing(pallet_slashing::Event::UndeliverablePayoutBurned {
					vault,
					amount,
					..
				}) => match pallet_vaults::VaultInfo::<Runtime>::get(vault).map(|v| v.asset) {
					Some(NativeOrWithId::Native) => self.model.issuance.0 -= amount,
					Some(NativeOrWithId::WithId(_)) => self.model.issuance.1 -= amount,
					None => panic!("vault {vault} vanished"),
				},
				RuntimeEvent::Slashing(pallet_slashing::Event::SlashVetoed { id, .. }) => {
					for (vault, operator, amount, shares_then) in
						self.model.escrows.remove(&id).unwrap_or_default()
					{
						let Some(pool) = pallet_vaults::Pools::<Runtime>::get(vault, &operator)
						else {
							continue;
						};
						let shares_now = pool.total_shares;
						if shares_now == 0 || shares_now >= shares_then {
							continue;
						}
						// The part of the escrow of the shares that left: theirs, now the stayers'.
						let left = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
							amount,
							shares_then - shares_now,
							shares_then,
							sp_runtime::Rounding::Up,
						)
						.expect("no overflow");
						for ((v, o, staker), position) in
							pallet_vaults::Positions::<Runtime>::iter()
						{
							if v != vault || o != operator {
								continue;
							}
							let shares = position.shares + position.exiting_shares();
							let gain =
								sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
									left,
									shares,
									shares_now,
									sp_runtime::Rounding::Up,
								)
								.expect("no overflow");
							*self.model.windfall.entry((v, o, staker)).or_default() += gain + 1;
						}
					}
				}
				RuntimeEvent::Rewards(pallet_rewards::Event::RewardsClaimed {
					asset,
					amount,
					..
				})
				| RuntimeEvent::Rewards(pallet_rewards::Event::CommissionClaimed {
					asset,
					amount,
					..
				}) => {
					*self.model.paid.entry(asset).or_default() += amount;
				}
				RuntimeEvent::Vaults(pallet_vaults::Event::AvsApproved { vault, avs, .. }) => {
					self.model.granted.insert((0, vault, avs), System::block_number());
				}
				RuntimeEvent::Avs(pallet_avs::Event::VaultAccepted { avs, vault, .. }) => {
					self.model.granted.insert((1, vault, avs), System::block_number());
				}
				_ => {}
			}
		}
		System::reset_events();
	}

	fn check(&mut self) {
		Vaults::do_try_state().expect("vault invariants");
		Operators::do_try_state().expect("operator invariants");
		Avs::do_try_state().expect("AVS invariants");
		Slashing::do_try_state().expect("slashing invariants");
		Rewards::do_try_state().expect("rewards invariants");
		// New exposure waits A: no stake is slashable through an approval or an acceptance
		// (first or again) sooner than A blocks after the event that announced it.
		let a: BlockNumber = bastion_runtime::configs::restaking::ALLOCATION_DELAY;
		for (operator, avs, vault) in pallet_operators::Allocations::<Runtime>::iter_keys() {
			if Operators::slashable_fraction(&operator, avs, vault).deconstruct() == 0 {
				continue;
			}
			for kind in [0u8, 1] {
				if let Some(at) = self.model.granted.get(&(kind, vault, avs)) {
					assert!(
						System::block_number() >= at + a,
						"{operator:?}'s stake in vault {vault} slashable by AVS {avs} at {} though {} at {at}",
						System::block_number(),
						if kind == 0 { "approved" } else { "accepted" },
					);
				}
			}
		}
		// Earning stops with slashability: once the approval or the acceptance behind a
		// source has ended, nothing more is released to it, whoever touches it.
		let now = System::block_number();
		let mut live = std::collections::BTreeSet::new();
		for (avs, vault, source) in pallet_rewards::Sources::<Runtime>::iter() {
			// Settled past its end: everything owed until then was released.
			let released_to_end = match source.link {
				bastion_primitives::Approval::No => true,
				bastion_primitives::Approval::Leaving { until, .. } => source.settled_at >= until,
				bastion_primitives::Approval::Yes { .. } => false,
			};
			if !released_to_end || !source.link.has_ended(now) {
				continue;
			}
			live.insert((avs, vault));
			let first = self
				.model
				.ended_sources
				.entry((avs, vault))
				.or_insert_with(|| source.per_stake.to_vec());
			for (asset, acc) in source.per_stake.iter() {
				let then = first
					.iter()
					.find(|(a, _)| a == asset)
					.map_or(sp_core::U256::zero(), |(_, v)| *v);
				assert_eq!(
					then, *acc,
					"source (AVS {avs}, vault {vault}) released {asset:?} after its link ended"
				);
			}
		}
		self.model.ended_sources.retain(|key, _| live.contains(key));
		// A request whose window passed lands, whatever its destination: the block hook
		// runs in every block here and executes up to 8 a block, so none waits long.
		for (id, request) in pallet_slashing::Requests::<Runtime>::iter() {
			assert!(
				request.executable_at + 40 > now,
				"slash {id} due at {} still pending at {now}: {request:?}",
				request.executable_at
			);
		}
		if self.rng.gen_ratio(1, 20) {
			Self::check_fully_settled();
		}
		// The pot holds exactly its books (no one else sends to it here), with what it paid
		// summed from the claim events.
		for (asset, ledger) in pallet_rewards::Pots::<Runtime>::iter() {
			let paid = self.model.paid.get(&asset).copied().unwrap_or(0);
			let books = ledger.reserve + ledger.funded - ledger.returned - paid;
			assert_eq!(Rewards::pot_balance(&asset), books, "pot of {asset:?} off its books");
		}

		// Nothing minted or lost.
		let issuance = (Balances::total_issuance(), Assets::total_issuance(USDB));
		assert_eq!(issuance, self.model.issuance, "total issuance changed");

		// Caps: remember the highest, check allocations against it.
		for (vault, info) in pallet_vaults::VaultInfo::<Runtime>::iter() {
			let high = self.model.cap_high_water.entry(vault).or_default();
			*high = (*high).max(info.params.max_restake);
			if let Some(pending) = info.pending.as_ref().and_then(|p| p.max_restake) {
				*high = (*high).max(pending);
			}
		}
		let mut pairs: Vec<(AccountId, u32)> =
			pallet_operators::Allocations::<Runtime>::iter_keys()
				.map(|(operator, _, vault)| (operator, vault))
				.collect();
		pairs.sort();
		pairs.dedup();
		for (operator, vault) in pairs {
			let reserved = Operators::reserved_allocation(&operator, vault);
			let cap = u128::from(self.model.cap_high_water.get(&vault).copied().unwrap_or(0));
			assert!(reserved <= cap * 10u128.pow(16), "allocations of {vault} above its cap");
		}

		// No position above its principal, but for dust.
		for ((vault, operator, _staker), position) in pallet_vaults::Positions::<Runtime>::iter() {
			let windfall = self
				.model
				.windfall
				.get(&(vault, operator.clone(), _staker.clone()))
				.copied()
				.unwrap_or(0);
			let pool =
				pallet_vaults::Pools::<Runtime>::get(vault, &operator).expect("pool of a position");
			let shares = position.shares + position.exiting_shares();
			let value =
				pallet_vaults::math::assets_for_shares(&pool, shares, 1_000).expect("no overflow");
			let dust = self.model.pool_ops.get(&(vault, operator.clone())).copied().unwrap_or(0);
			assert!(
				value <= position.principal + dust + windfall,
				"position worth {value} > principal {} + dust {dust} + windfall {windfall}",
				position.principal
			);
			assert!(pallet_vaults::StakerPositions::<Runtime>::get(&_staker).len() <= 32);
		}
	}
}

impl Fuzzer {
	/// A world the random calls start from, so they act on live slices and paying streams
	/// from the first step: two vaults (BST, USDB), four operators staked in both, two AVSs
	/// accepting both (one paying slashes to an account that holds nothing), approved, opted
	/// in and allocated 40 % each, each with a BST stream; the allocations in force.
	fn seed_world(&mut self) {
		let ok = |who: AccountId, call: RuntimeCall| {
			let name = format!("{call:?}");
			call.dispatch(RuntimeOrigin::signed(who))
				.unwrap_or_else(|e| panic!("seeding {name}: {e:?}"));
		};
		let curator = account(30);
		for (asset, min_deposit) in
			[(NativeOrWithId::Native, UNIT), (NativeOrWithId::WithId(USDB), 1_000)]
		{
			let params = VaultParams {
				withdrawal_delay: 30,
				deposit_cap: u128::MAX,
				min_deposit,
				max_restake: 200,
			};
			ok(
				curator.clone(),
				RuntimeCall::Vaults(pallet_vaults::Call::create_vault { asset, params }),
			);
		}
		let operators: Vec<AccountId> = (1..=4).map(account).collect();
		for op in &operators {
			ok(
				op.clone(),
				RuntimeCall::Operators(pallet_operators::Call::register_operator {
					commission: Perbill::from_percent(10),
					metadata: BoundedVec::truncate_from(b"op".to_vec()),
				}),
			);
		}
		for (i, destination) in
			[SlashDestination::Treasury, SlashDestination::Account(account(201))]
				.into_iter()
				.enumerate()
		{
			let owner = account(20 + i as u8);
			let config = AvsRegistration {
				accepted_vaults: BoundedVec::truncate_from(vec![0, 1]),
				rules: SlashingRules {
					slasher: account(22 + i as u8),
					resolver: Some(account(24 + i as u8)),
					veto_window: 6,
					max_slash_per_request: Perquintill::from_percent(50),
					slash_cooldown: 0,
					destination,
				},
				min_operator_stake: 0,
				operator_policy: OperatorPolicy::Open,
			};
			ok(
				owner.clone(),
				RuntimeCall::Avs(pallet_avs::Call::register_avs {
					metadata: BoundedVec::truncate_from(b"avs".to_vec()),
					config,
				}),
			);
			ok(
				owner,
				RuntimeCall::Rewards(pallet_rewards::Call::set_reward_assets {
					avs: i as u32,
					assets: BoundedVec::truncate_from(vec![
						NativeOrWithId::Native,
						NativeOrWithId::WithId(USDB),
					]),
				}),
			);
			for vault in [0, 1] {
				ok(
					curator.clone(),
					RuntimeCall::Vaults(pallet_vaults::Call::approve_avs { vault, avs: i as u32 }),
				);
			}
		}
		for (i, op) in operators.iter().enumerate() {
			// 1,000 BST and a tenth of the staker's USDB.
			for (vault, amount) in [(0, 1_000 * UNIT), (1, 100_000_000_000)] {
				let staker = account(10 + i as u8);
				ok(
					staker,
					RuntimeCall::Vaults(pallet_vaults::Call::deposit {
						vault,
						operator: op.clone(),
						amount,
					}),
				);
			}
			for avs in [0, 1] {
				ok(op.clone(), RuntimeCall::Operators(pallet_operators::Call::opt_in { avs }));
				for vault in [0, 1] {
					let fraction = Perquintill::from_percent(40);
					ok(
						op.clone(),
						RuntimeCall::Operators(pallet_operators::Call::allocate {
							avs,
							vault,
							fraction,
						}),
					);
				}
			}
		}
		let now = System::block_number();
		let live = now + bastion_runtime::configs::restaking::ALLOCATION_DELAY;
		for n in now + 1..=live {
			System::set_block_number(n);
			Slashing::on_initialize(n);
			Rewards::on_initialize(n);
		}
		for avs in [0u32, 1] {
			ok(
				account(20 + avs as u8),
				RuntimeCall::Rewards(pallet_rewards::Call::fund_rewards {
					avs,
					asset: NativeOrWithId::Native,
					amount: 10_000 * UNIT,
					duration: 2_000,
					vault_shares: BoundedVec::truncate_from(vec![
						(0, Perbill::from_percent(50)),
						(1, Perbill::from_percent(50)),
					]),
				}),
			);
		}
		System::reset_events();
	}

	/// Settles every pool and position — what a claim by everyone would do — and checks
	/// the pot still covers everything then owed, and that each position's claimable
	/// rewards (the query, which writes nothing) were exactly what settling it recorded;
	/// then rolls the settlement back.
	fn check_fully_settled() {
		use bastion_primitives::PoolObserver;
		use frame_support::storage::{with_transaction, TransactionOutcome};
		let positions: Vec<_> = pallet_vaults::Positions::<Runtime>::iter().collect();
		let claimable: Vec<_> = positions
			.iter()
			.map(|((vault, operator, staker), position)| {
				<Rewards as PoolObserver<AccountId>>::claimable(
					*vault,
					operator,
					staker,
					position.shares,
				)
			})
			.collect();
		let _ =
			with_transaction(|| -> TransactionOutcome<Result<(), sp_runtime::DispatchError>> {
				for (((vault, operator, staker), position), claimable) in
					positions.iter().zip(&claimable)
				{
					let _ = <Rewards as PoolObserver<AccountId>>::after_position_change(
						*vault,
						operator,
						staker,
						position.shares,
						position.shares,
						<Vaults as VaultsInspect<AccountId, BlockNumber>>::active_pool(
							*vault, operator,
						),
					);
					let owed: Vec<bastion_primitives::views::RewardView> =
						pallet_rewards::PositionRewards::<Runtime>::get((*vault, operator, staker))
							.unwrap_or_default()
							.assets
							.iter()
							.filter(|e| e.owed > 0)
							.map(|e| bastion_primitives::views::RewardView {
								asset: e.asset.clone().into(),
								amount: e.owed.into(),
							})
							.collect();
					assert_eq!(
						claimable, &owed,
						"claimable != what settling the position recorded"
					);
				}
				Rewards::do_try_state().expect("rewards invariants once everything is settled");
				TransactionOutcome::Rollback(Ok(()))
			});
	}
}

/// Every allocation of `operator`, with its key.
fn allocations_of(
	operator: &AccountId,
) -> Vec<((u32, u32), pallet_operators::Allocation<BlockNumber>)> {
	let mut all: Vec<_> =
		pallet_operators::Allocations::<Runtime>::iter_prefix((operator,)).collect();
	all.sort_by_key(|(key, _)| *key);
	all
}

#[test]
fn random_call_sequences_keep_every_invariant() {
	let runs = env_or("BASTION_FUZZ_RUNS", 10);
	let steps = env_or("BASTION_FUZZ_STEPS", 1_000);
	// A fixed seed by default keeps CI deterministic; `BASTION_FUZZ_SEED=random` explores.
	let base_seed = match std::env::var("BASTION_FUZZ_SEED").as_deref() {
		Ok("random") => rand::random::<u32>().into(),
		_ => env_or("BASTION_FUZZ_SEED", 2026),
	};
	// Runs are independent: spread them over the machine's cores.
	let threads =
		std::thread::available_parallelism().map_or(1, |n| n.get()).min(runs.max(1) as usize);
	println!("restaking_random: {runs} runs × {steps} steps on {threads} threads, BASTION_FUZZ_SEED={base_seed}");
	let one_run = |run: u64| -> BTreeMap<&'static str, u32> {
		let seed = base_seed.wrapping_add(run);
		new_ext().execute_with(|| {
			let mut fuzzer = Fuzzer { rng: SmallRng::seed_from_u64(seed), model: Model::default() };
			fuzzer.model.issuance = (Balances::total_issuance(), Assets::total_issuance(USDB));
			fuzzer.seed_world();
			fuzzer.check();
			for step in 0..steps {
				let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fuzzer.step()));
				if let Err(e) = outcome {
					let message = e
						.downcast_ref::<String>()
						.cloned()
						.or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
						.unwrap_or_default();
					panic!("seed {seed} (BASTION_FUZZ_SEED={seed} BASTION_FUZZ_RUNS=1) failed at step {step}: {message}");
				}
			}
			std::mem::take(&mut fuzzer.model.successes)
		})
	};
	let mut totals: BTreeMap<&'static str, u32> = BTreeMap::new();
	let per_thread: Vec<BTreeMap<&'static str, u32>> = std::thread::scope(|scope| {
		let workers: Vec<_> = (0..threads as u64)
			.map(|t| {
				let one_run = &one_run;
				scope.spawn(move || {
					let mut sums = BTreeMap::<&'static str, u32>::new();
					for run in (t..runs).step_by(threads) {
						for (name, n) in one_run(run) {
							*sums.entry(name).or_default() += n;
						}
					}
					sums
				})
			})
			.collect();
		workers
			.into_iter()
			.map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
			.collect()
	});
	for sums in per_thread {
		for (name, n) in sums {
			*totals.entry(name).or_default() += n;
		}
	}
	println!("successful calls: {totals:?}");
	// The sequences must actually exercise the pallets, not just fail validation.
	for name in [
		"create_vault",
		"deposit",
		"request_withdrawal",
		"complete_withdrawal",
		"register_operator",
		"opt_in",
		"allocate",
		"register_avs",
		"approve_avs",
		"request_slash",
		"fund_rewards",
		"claim",
		"claim_commission",
		"close_stream",
		"cancel_stream",
		"prune_opt_in",
		"veto_slash",
		"revoke_avs",
		"update_avs",
		"donate",
	] {
		assert!(totals.get(name).copied().unwrap_or(0) > 0, "no successful {name} in {totals:?}");
	}
}
