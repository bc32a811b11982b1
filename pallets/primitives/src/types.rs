//! Ids and small value types shared by the restaking pallets.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_arithmetic::Perquintill;

/// A vault's id. Ids are assigned in order and never reused.
pub type VaultId = u32;
/// An AVS's id. Ids are assigned in order and never reused.
pub type AvsId = u32;
/// A slash request's id. Ids are assigned in order and never reused.
pub type SlashId = u64;
/// A fraction of a pool: an allocation, or the share of a slice a slash takes.
pub type Fraction = Perquintill;
/// A restaking cap in percent: 100 = each unit of stake secures at most one AVS,
/// 300 = at most three.
pub type RestakePercent = u32;

/// What earns in one (vault, operator) pool: its active (not exiting) shares and the
/// assets they are worth, in the vault's asset.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ActivePool {
	/// The assets the active shares are worth (rounded down).
	pub assets: u128,
	/// The active shares: the ones that earn rewards.
	pub shares: u128,
}

/// The stake of one (vault, operator) pool, in the vault's asset.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct PoolStake<Balance> {
	/// Everything the pool's shares are worth: active and exiting. Slices are cut from it.
	pub total: Balance,
	/// The part held by active (not exiting) shares: what earns rewards.
	pub active: Balance,
	/// Taken out of `total` by pending slash requests. Until a request executes, its escrow
	/// still counts in the base every other AVS's slice is cut from: a pending request
	/// changes no other slice (see [`Self::slice_base`]).
	pub escrowed: Balance,
}

impl<Balance: sp_runtime::Saturating + Copy> PoolStake<Balance> {
	/// What slices are fractions of while requests are pending: `total + escrowed`, as if
	/// no pending request had been made (each AVS's take is still capped by `total`).
	pub fn slice_base(&self) -> Balance {
		self.total.saturating_add(self.escrowed)
	}
}

/// Whether one side (a vault's curator, or an AVS) lets its counterpart use its stake.
///
/// Granting is new exposure: stake allocated through a grant becomes slashable only from
/// `from`, A blocks after the grant was announced ([`Approval::granted`]), so a staker who
/// did not accept the risk can leave first. Withdrawing keeps it slashable for D more blocks.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum Approval<BlockNumber> {
	/// Not approved: nothing can be allocated, nothing is slashable through it.
	No,
	/// Approved: allocations may grow; stake allocated through it is slashable from `from`.
	Yes {
		/// The first block its stake is slashable at.
		from: BlockNumber,
	},
	/// Being withdrawn: no allocation may grow; slashable from `from` until `until`.
	Leaving {
		/// The first block its stake was (or will be) slashable at.
		from: BlockNumber,
		/// The first block its stake is no longer slashable at.
		until: BlockNumber,
	},
}

/// Why [`Approval::grant_in`] could not grant.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GrantError {
	/// It is given already.
	AlreadyGiven,
	/// It is being withdrawn and that has not taken effect yet.
	StillLeaving,
	/// The list is full.
	Full,
}

impl<BlockNumber: PartialOrd + Copy + sp_runtime::Saturating> Approval<BlockNumber> {
	/// Whether new or larger allocations are allowed.
	pub fn admits_new(&self) -> bool {
		matches!(self, Approval::Yes { .. })
	}

	/// Whether stake allocated through it is slashable at `now`.
	pub fn is_live(&self, now: BlockNumber) -> bool {
		match self {
			Approval::No => false,
			Approval::Yes { from } => now >= *from,
			Approval::Leaving { from, until } => now >= *from && now < *until,
		}
	}

	/// Whether it is over for good at `now`: never given, or withdrawn and past its end.
	pub fn has_ended(&self, now: BlockNumber) -> bool {
		match self {
			Approval::No => true,
			Approval::Yes { .. } => false,
			Approval::Leaving { until, .. } => now >= *until,
		}
	}

	/// A grant at `now`, replacing `self`: slashable from `now + allocation_delay`. Refused
	/// (`None`) while `self` is still given or still leaving — cancelling a withdrawal
	/// would extend the exposure past the end it announced with no notice.
	pub fn granted(&self, now: BlockNumber, allocation_delay: BlockNumber) -> Option<Self> {
		self.has_ended(now).then(|| Approval::Yes { from: now.saturating_add(allocation_delay) })
	}

	/// Grants `key` in `list` at `now` (see [`Self::granted`]): replaces its entry, or adds
	/// one. Returns the first block its stake is slashable at.
	pub fn grant_in<K: PartialEq, S: frame_support::traits::Get<u32>>(
		list: &mut frame_support::BoundedVec<(K, Self), S>,
		key: K,
		now: BlockNumber,
		allocation_delay: BlockNumber,
	) -> Result<BlockNumber, GrantError> {
		let from = now.saturating_add(allocation_delay);
		match list.iter_mut().find(|(k, _)| *k == key) {
			Some((_, approval)) => {
				if approval.admits_new() {
					return Err(GrantError::AlreadyGiven);
				}
				*approval =
					approval.granted(now, allocation_delay).ok_or(GrantError::StillLeaving)?;
			}
			None => list.try_push((key, Approval::Yes { from })).map_err(|_| GrantError::Full)?,
		}
		Ok(from)
	}

	/// The withdrawal of a grant at `now`: slashable until `now + deallocation_delay`.
	/// `None` unless it is given.
	pub fn withdrawn(&self, now: BlockNumber, deallocation_delay: BlockNumber) -> Option<Self> {
		match self {
			Approval::Yes { from } => Some(Approval::Leaving {
				from: *from,
				until: now.saturating_add(deallocation_delay),
			}),
			_ => None,
		}
	}

	/// Both grants together (a vault's approval of an AVS and the AVS's acceptance of the
	/// vault): live only where both are.
	pub fn and(self, other: Self) -> Self {
		let (from, until) = match (self.span(), other.span()) {
			(Some((a, x)), Some((b, y))) => (
				if a >= b { a } else { b },
				match (x, y) {
					(Some(x), Some(y)) => Some(if x <= y { x } else { y }),
					(x, y) => x.or(y),
				},
			),
			_ => return Approval::No,
		};
		match until {
			Some(until) => Approval::Leaving { from, until },
			None => Approval::Yes { from },
		}
	}

	/// The part of `[start, end)` in which it is live, if any.
	pub fn live_within(
		&self,
		start: BlockNumber,
		end: BlockNumber,
	) -> Option<(BlockNumber, BlockNumber)> {
		let (from, until) = self.span()?;
		let start = if from > start { from } else { start };
		let end = match until {
			Some(until) if until < end => until,
			_ => end,
		};
		(start < end).then_some((start, end))
	}

	/// Its first live block and the first block it is no longer live at, if it ends.
	fn span(&self) -> Option<(BlockNumber, Option<BlockNumber>)> {
		match self {
			Approval::No => None,
			Approval::Yes { from } => Some((*from, None)),
			Approval::Leaving { from, until } => Some((*from, Some(*until))),
		}
	}
}

/// Where an AVS's slashed funds go.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum SlashDestination<AccountId> {
	/// Destroyed: the asset's supply shrinks.
	Burn,
	/// The chain's treasury account.
	Treasury,
	/// A recipient fixed at registration (e.g. a service's insurance fund).
	Account(AccountId),
}

/// The rules under which an AVS may slash. Changes to them wait longer than every
/// withdrawal delay W of the vaults it serves and than D.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct SlashingRules<AccountId, BlockNumber> {
	/// The only account that may request slashes.
	pub slasher: AccountId,
	/// May veto a pending slash during the veto window (never the slasher; governance can
	/// always veto too).
	pub resolver: Option<AccountId>,
	/// V: blocks during which a slash request can be vetoed.
	pub veto_window: BlockNumber,
	/// The largest fraction of a slice one request may take.
	pub max_slash_per_request: Fraction,
	/// K: blocks between two requests against the same operator.
	pub slash_cooldown: BlockNumber,
	/// Where slashed funds go.
	pub destination: SlashDestination<AccountId>,
}

/// One AVS's slice of a pool before and after a slash: the overlap made visible.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct SliceChange<Balance> {
	/// The AVS.
	pub avs: AvsId,
	/// What it could slash before.
	pub before: Balance,
	/// What it can slash after.
	pub after: Balance,
}

#[cfg(test)]
mod tests {
	use super::Approval::{self, *};

	#[test]
	fn two_grants_are_live_only_where_both_are() {
		let approval: Approval<u32> = Yes { from: 10 };
		assert_eq!(approval.and(Leaving { from: 20, until: 50 }), Leaving { from: 20, until: 50 });
		assert_eq!(
			Leaving { from: 0, until: 40 }.and(Leaving { from: 5, until: 30 }),
			Leaving { from: 5, until: 30 }
		);
		assert_eq!(approval.and(No), No);
		assert_eq!(No.and(approval), No);
		assert_eq!(approval.and(Yes { from: 3 }), Yes { from: 10 });
	}

	#[test]
	fn the_live_part_of_a_span() {
		let link: Approval<u32> = Leaving { from: 10, until: 50 };
		assert_eq!(link.live_within(0, 100), Some((10, 50)));
		assert_eq!(link.live_within(20, 30), Some((20, 30)));
		assert_eq!(link.live_within(50, 60), None);
		assert_eq!(link.live_within(0, 10), None);
		assert_eq!(Yes { from: 5 }.live_within(0, 8), Some((5, 8)));
		assert_eq!(No::<u32>.live_within(0, 8), None);
	}
}
