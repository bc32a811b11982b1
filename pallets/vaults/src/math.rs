//! Share arithmetic of a pool.
//!
//! A pool of `A` assets and `S` shares prices shares with a virtual offset, as ERC-4626
//! vaults do against inflation attacks:
//!
//! ```text
//! shares minted for a deposit a  = ⌊ a · (S + Vs) / (A + 1) ⌋
//! assets paid for s shares       = ⌊ s · (A + 1) / (S + Vs) ⌋
//! shares burned to withdraw a    = ⌈ a · (S + Vs) / (A + 1) ⌉
//! ```
//!
//! `Vs` (`Config::VirtualShares`) phantom shares and one phantom asset are always in the
//! pool. They make the first depositor's price `Vs` shares per unit and keep every later
//! price within rounding of the true one: to steal a victim's deposit by rounding, an
//! attacker would have to move the price by a factor of `Vs`, which the ledger forbids
//! (donations to the vault account do not change `A`). Rounding always favours the pool,
//! so the share price can only rise, and only by rounding dust.
//!
//! Every product is taken in 256 bits (`multiply_by_rational_with_rounding`), so none
//! overflows before the division.

use crate::types::{Balance, Pool};
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, per_things::Rounding};

/// The pool's shares and assets with the virtual offset added, or `None` on overflow.
fn virtual_totals(pool: &Pool, virtual_shares: Balance) -> Option<(Balance, Balance)> {
	Some((pool.total_shares.checked_add(virtual_shares)?, pool.total_assets.checked_add(1)?))
}

/// Shares minted for depositing `assets` (rounded down).
pub fn shares_for_deposit(
	pool: &Pool,
	assets: Balance,
	virtual_shares: Balance,
) -> Option<Balance> {
	let (shares, total) = virtual_totals(pool, virtual_shares)?;
	multiply_by_rational_with_rounding(assets, shares, total, Rounding::Down)
}

/// Assets paid for `shares` (rounded down).
pub fn assets_for_shares(pool: &Pool, shares: Balance, virtual_shares: Balance) -> Option<Balance> {
	let (total_shares, total) = virtual_totals(pool, virtual_shares)?;
	multiply_by_rational_with_rounding(shares, total, total_shares, Rounding::Down)
}

/// Shares to burn for withdrawing at least `assets` (rounded up).
pub fn shares_for_withdrawal(
	pool: &Pool,
	assets: Balance,
	virtual_shares: Balance,
) -> Option<Balance> {
	let (shares, total) = virtual_totals(pool, virtual_shares)?;
	multiply_by_rational_with_rounding(assets, shares, total, Rounding::Up)
}

/// Whether the pool may take deposits: it has no shares yet, or its assets are non-zero
/// and its price has not fallen below one asset per `max_shares_per_asset` shares (a
/// pool slashed to dust would mint absurd share counts and round deposits away).
pub fn accepts_deposits(
	pool: &Pool,
	virtual_shares: Balance,
	max_shares_per_asset: Balance,
) -> bool {
	if pool.total_shares == 0 {
		return true;
	}
	if pool.total_assets == 0 {
		return false;
	}
	match virtual_totals(pool, virtual_shares) {
		Some((shares, total)) => match total.checked_mul(max_shares_per_asset) {
			Some(limit) => shares <= limit,
			// The limit does not fit in u128: no share count can exceed it.
			None => true,
		},
		None => false,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const VS: Balance = 1_000;

	fn pool(total_assets: Balance, total_shares: Balance) -> Pool {
		Pool { total_assets, total_shares, exiting_shares: 0, escrowed: 0, observed: false }
	}

	#[test]
	fn first_deposit_mints_virtual_shares_per_unit() {
		assert_eq!(shares_for_deposit(&pool(0, 0), 500, VS), Some(500_000));
	}

	#[test]
	fn a_round_trip_never_pays_more_than_was_put_in() {
		let p = pool(1_000_003, 999_999_997);
		for a in [1u128, 7, 1_000, 123_456_789] {
			let s = shares_for_deposit(&p, a, VS).unwrap();
			let after = Pool {
				total_assets: p.total_assets + a,
				total_shares: p.total_shares + s,
				exiting_shares: 0,
				escrowed: 0,
				observed: false,
			};
			assert!(assets_for_shares(&after, s, VS).unwrap() <= a);
		}
	}

	#[test]
	fn withdrawal_by_amount_rounds_shares_up() {
		let p = pool(3, 2_000);
		// 1 asset is worth 2000+1000 / 3+1 = 750 shares exactly.
		assert_eq!(shares_for_withdrawal(&p, 1, VS), Some(750));
		let p = pool(4, 2_000);
		// 3000 / 5 = 600 per asset; 1 asset → 600 shares, and 600 shares pay 1.
		assert_eq!(shares_for_withdrawal(&p, 1, VS), Some(600));
		let p = pool(5, 2_000);
		// 3000 / 6 = 500 exactly; 2 assets → 1000 shares.
		assert_eq!(shares_for_withdrawal(&p, 2, VS), Some(1000));
		let p = pool(6, 2_000);
		// 3000 / 7 = 428.57…: 1 asset needs 429 shares, never 428.
		assert_eq!(shares_for_withdrawal(&p, 1, VS), Some(429));
	}

	#[test]
	fn products_do_not_overflow() {
		let p = pool(u128::MAX / 2, u128::MAX / 2);
		assert!(shares_for_deposit(&p, u128::MAX / 4, VS).is_some());
		assert!(assets_for_shares(&p, u128::MAX / 4, VS).is_some());
	}

	#[test]
	fn a_pool_slashed_to_nothing_or_to_dust_is_closed() {
		assert!(accepts_deposits(&pool(0, 0), VS, 1_000_000));
		assert!(!accepts_deposits(&pool(0, 10), VS, 1_000_000));
		assert!(accepts_deposits(&pool(1_000, 1_000_000), VS, 1_000_000));
		// 2_000_000_000 + 1000 shares on 1 + 1 assets: 1_000_000_500 per asset > bound.
		assert!(!accepts_deposits(&pool(1, 2_000_000_000), VS, 1_000_000));
	}
}
