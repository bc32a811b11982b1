//! The values pallet-slashing stores.

pub use bastion_primitives::SlashId;
use bastion_primitives::{AvsId, Fraction, VaultId};
use codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use {frame_support::pallet_prelude::*, sp_core::H256};

/// Where a pending request stands in the block hook's order: its due block and its
/// sequence number, big-endian ([`crate::due_key`]).
pub type DueKey = [u8; 16];

/// A pending slash request, with the escrow it took from each pool.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxPools))]
pub struct SlashRequest<AccountId, BlockNumber, MaxPools: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The AVS that requested it.
	pub avs: AvsId,
	/// The operator it slashes.
	pub operator: AccountId,
	/// The fraction of each slice it takes.
	pub fraction: Fraction,
	/// When the offence happened.
	pub offence_block: BlockNumber,
	/// A hash of the evidence (kept off-chain).
	pub evidence: H256,
	/// The slasher account that requested it.
	pub requester: AccountId,
	/// The deposit held from the requester; forfeited if vetoed.
	pub deposit: u128,
	/// The escrow taken from each pool, by vault.
	pub pools: BoundedVec<(VaultId, u128), MaxPools>,
	/// The block it was requested at.
	pub requested_at: BlockNumber,
	/// The first block it can be executed at: the end of the veto window.
	pub executable_at: BlockNumber,
	/// Its key in `Due`: when and in what order the block hook tries it
	/// (`executable_at`, or the block after a failed attempt).
	pub due_key: DueKey,
}

/// What a slash request escrows from one pool, with every AVS's slice of that pool before
/// and after (as the `PoolEscrowed` event reports it).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct EscrowedPool<'a> {
	/// The pool's vault.
	pub vault: VaultId,
	/// The amount escrowed.
	pub amount: u128,
	/// Every AVS's slice of the pool, before and after.
	pub slices: &'a [bastion_primitives::SliceChange<u128>],
}
