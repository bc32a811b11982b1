//! The accumulator arithmetic, in one place.
//!
//! Rewards are counted as *reward per unit* accumulators: `acc += amount × SCALE / units`
//! when `amount` is shared by `units`, and a holder of `u` units that last saw `seen`
//! is owed `u × (acc − seen) / SCALE`. `SCALE` is 10^36 and the accumulators are 256-bit,
//! so an amount of 10^30 shared by a single unit still fits ~10^10 times over; the
//! product `u × (acc − seen)` is taken in 512 bits. Every division rounds down, so the
//! holders together are never owed more than was shared: the remainder stays in the pot.

use sp_core::{U256, U512};

/// 10^36: the accumulators' fixed-point scale.
pub fn scale() -> U256 {
	U256::from(10u128.pow(18)).saturating_mul(U256::from(10u128.pow(18)))
}

/// `amount × SCALE / units`, rounded down; zero when `units` is zero.
pub fn per_unit(amount: u128, units: u128) -> U256 {
	U256::from(amount).saturating_mul(scale()).checked_div(U256::from(units)).unwrap_or_default()
}

/// `units × delta / SCALE`, rounded down and capped at `u128::MAX`.
pub fn owed(units: u128, delta: U256) -> u128 {
	let product: U512 =
		U256::from(units).full_mul(delta).checked_div(U512::from(scale())).unwrap_or_default();
	if product > U512::from(u128::MAX) {
		u128::MAX
	} else {
		product.low_u128()
	}
}

/// What a stream part releases between `from` and `to` (block numbers, `from < to`) when
/// `remaining` is left to release linearly until `end`: `remaining × (to − from) / (end −
/// from)` rounded down, and all of it once `to` reaches `end`. What a period could not
/// pay stays in `remaining`, so it is spread over the rest of the stream (re-streamed).
pub fn release(remaining: u128, from: u128, to: u128, end: u128) -> u128 {
	if to >= end {
		return remaining;
	}
	let left = end.saturating_sub(from);
	if left == 0 {
		return remaining;
	}
	sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
		remaining,
		to.saturating_sub(from),
		left,
		sp_arithmetic::per_things::Rounding::Down,
	)
	.unwrap_or(0)
	.min(remaining)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn per_unit_and_owed_round_down_and_never_exceed_the_amount() {
		// 10 shared by 3 units: each owed 3, 1 stays in the pot.
		let acc = per_unit(10, 3);
		assert_eq!(owed(1, acc), 3);
		assert_eq!(owed(3, acc), 9);
		// Tiny amounts over huge stakes still accrue once enough has gathered.
		let acc = per_unit(1, 10u128.pow(30));
		assert_eq!(owed(10u128.pow(30), acc), 1);
		assert_eq!(owed(10u128.pow(29), acc), 0);
		assert_eq!(per_unit(5, 0), U256::zero());
		// Huge amounts over one unit do not overflow.
		let acc = per_unit(u128::MAX, 1);
		assert_eq!(owed(1, acc), u128::MAX);
	}

	#[test]
	fn release_is_linear_and_exact_at_the_end() {
		assert_eq!(release(100, 0, 10, 100), 10);
		assert_eq!(release(90, 10, 55, 100), 45);
		assert_eq!(release(45, 55, 100, 100), 45);
		assert_eq!(release(45, 55, 200, 100), 45);
		// 7 over 3 blocks: 2, 2, then the remaining 3.
		assert_eq!(release(7, 0, 1, 3), 2);
		assert_eq!(release(5, 1, 2, 3), 2);
		assert_eq!(release(3, 2, 3, 3), 3);
	}
}
