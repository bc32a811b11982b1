//! # Bastion primitives
//!
//! The types and traits the restaking pallets exchange. Pallets never read each other's
//! storage: each one implements the trait here that describes what it offers, and the
//! runtime wires them together through `Config` associated types. A forker can replace
//! any pallet by another implementation of the same trait.
//!
//! | trait | implemented by | used by |
//! |---|---|---|
//! | [`VaultsInspect`] | `pallet-vaults` | operators, AVSs, slashing, rewards (delay checks, pool stake) |
//! | [`SlashablePools`] | `pallet-vaults` | slashing: escrow, release and pay out a pool's assets |
//! | [`ObservedPools`] | `pallet-vaults` | rewards: which pools it is told about |
//! | [`OperatorsInspect`] | `pallet-operators` | vaults (may a pool take deposits?), slashing, rewards |
//! | [`OperatorsHooks`] | `pallet-operators` | AVSs (removing an operator forces its opt-out) |
//! | [`AllocationsSlashing`] | `pallet-operators` | slashing: rescale a slashed pool's allocations |
//! | [`AvsInspect`] | `pallet-avs` | vaults (approvals), operators (opt-ins), slashing (rules) |
//! | [`PoolObserver`] | `pallet-rewards` | vaults: told after an observed pool or position changed |
//! | [`AllocationObserver`] | `pallet-rewards` | operators: told when an allocation changes |
//! | [`AllocationSchedule`] | `pallet-operators` | rewards: an allocation now and when it next changes |
//! | [`RewardsInspect`] | `pallet-rewards` | AVSs: no deregistration while streams are open |
//! | [`SlashingInspect`] | `pallet-slashing` | operators, AVSs: no deregistration while a request is open |
//! | [`RestakingDelays`] | the runtime | every pallet: A, D, E and the minimum V |
//!
//! ## The delay inequalities
//!
//! With W a vault's withdrawal delay, V an AVS's veto window, E the oldest offence a slash
//! may name, A the allocation delay and D the deallocation delay, Bastion requires, at
//! every configuration change:
//!
//! - `V ≥ MinVetoWindow > 0` — a resolver always has time to look;
//! - `W > E + V` — a staker cannot leave between an offence and the end of its veto
//!   window, so everything that was at stake when the offence happened can still be hit;
//! - `D ≥ max(W, E + V)` — a stake leaving an AVS stays slashable for as long;
//! - `A > W` — before a new allocation applies, stakers who dislike it can leave.
//!
//! [`check_withdrawal_delay`] and [`check_veto_window`] are the one place these are
//! computed; the pallets call them and map the [`DelayViolation`] to their own error.
//!
//! The runtime-API answers' shapes are in [`views`]; [`map_reader`] is how a pallet's
//! query reads many entries of its own maps without FRAME's per-read hashing.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod delays;
pub mod map_reader;
mod traits;
mod types;
pub mod views;

pub use delays::*;
pub use traits::*;
pub use types::*;
