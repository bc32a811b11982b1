//! The accumulator arithmetic, in one place.
//!
//! Rewards are counted as *reward per unit* accumulators: `acc += amount × SCALE / units`
//! when `amount` is shared by `units`, and a holder of `u` units that last saw `seen`
//! is owed `u × (acc − seen) / SCALE`. `SCALE` is 10^36 and the accumulators are 256-bit,
//! so an amount of 10^30 shared by a single unit still fits ~10^10 times over; the
//! product `u × (acc − seen)` is taken in 512 bits. Every division rounds down, so the
//! holders together are never owed more than was shared: the remainder stays in the pot.

use sp_core::{U256, U512};

/// 10^36: the accumulators' fixed-point scale (its 64-bit limbs, least significant first).
pub const SCALE: U256 = U256([0xb34b_9f10_0000_0000, 0x00c0_97ce_7bc9_0715, 0, 0]);

/// 10^18, the square root of [`SCALE`]: dividing by it twice divides by `SCALE` with two
/// one-limb divisions, where dividing by `SCALE` itself is a long division.
const HALF_SCALE: u64 = 1_000_000_000_000_000_000;

/// `amount × SCALE / units`, rounded down; zero when `units` is zero.
pub fn per_unit(amount: u128, units: u128) -> U256 {
	U256::from(amount).saturating_mul(SCALE).checked_div(U256::from(units)).unwrap_or_default()
}

/// `units × delta / SCALE`, rounded down and capped at `u128::MAX`. The product is taken in
/// 256 bits when it fits there (almost always) and in 512 bits otherwise; either way it is
/// divided by 10^18 twice (`⌊⌊x / a⌋ / b⌋ = ⌊x / ab⌋`).
pub fn owed(units: u128, delta: U256) -> u128 {
	if units == 0 || delta.is_zero() {
		return 0;
	}
	let capped = |high_zero: bool, low: u128| if high_zero { low } else { u128::MAX };
	match U256::from(units).checked_mul(delta) {
		Some(product) => {
			let half = U256::from(HALF_SCALE);
			let quotient = product.checked_div(half).and_then(|q| q.checked_div(half));
			let quotient = quotient.unwrap_or_default();
			capped(quotient.bits() <= 128, quotient.low_u128())
		}
		None => {
			let product = U256::from(units).full_mul(delta);
			let half = U512::from(HALF_SCALE);
			let quotient = product.checked_div(half).and_then(|q| q.checked_div(half));
			let quotient = quotient.unwrap_or_default();
			capped(quotient.bits() <= 128, quotient.low_u128())
		}
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
	let elapsed = to.saturating_sub(from);
	// The product fits in 128 bits for any amount below 2^96 over a year of blocks: one
	// multiplication and one division, where the general path works in 256 bits.
	let released = match remaining.checked_mul(elapsed) {
		Some(product) => product.checked_div(left).unwrap_or(0),
		None => sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
			remaining,
			elapsed,
			left,
			sp_arithmetic::per_things::Rounding::Down,
		)
		.unwrap_or(0),
	};
	released.min(remaining)
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

	/// The reference: one 512-bit product divided by `SCALE` in one long division.
	fn owed_by_long_division(units: u128, delta: U256) -> u128 {
		let product = U256::from(units).full_mul(delta) / U512::from(SCALE);
		if product > U512::from(u128::MAX) {
			u128::MAX
		} else {
			product.low_u128()
		}
	}

	#[test]
	fn scale_is_ten_to_the_36() {
		assert_eq!(SCALE, U256::from(10u128.pow(18)) * U256::from(10u128.pow(18)));
		assert_eq!(U256::from(HALF_SCALE) * U256::from(HALF_SCALE), SCALE);
	}

	#[test]
	fn owed_matches_one_long_division_on_both_paths() {
		// Both sides of the 256-bit boundary, the cap, and values spread over every size
		// (a fixed xorshift sequence, so a failure reproduces).
		let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
		let mut next = || {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			x
		};
		let mut checked = 0;
		for _ in 0..20_000 {
			let units = (u128::from(next()) << 64 | u128::from(next())) >> (next() % 128);
			let delta = U256([next(), next(), next(), next()]) >> (next() % 256);
			assert_eq!(owed(units, delta), owed_by_long_division(units, delta), "{units} {delta}");
			checked += 1;
		}
		assert_eq!(checked, 20_000);
		for (units, delta) in [
			(u128::MAX, U256::MAX),
			(u128::MAX, SCALE),
			(1, SCALE - 1),
			(1, SCALE),
			(u128::MAX, U256::from(u128::MAX) << 128),
			(2, U256::MAX >> 1),
			(0, U256::MAX),
			(u128::MAX, U256::zero()),
		] {
			assert_eq!(owed(units, delta), owed_by_long_division(units, delta), "{units} {delta}");
		}
	}

	#[test]
	fn release_rounds_down_alike_on_both_paths() {
		// Past 128 bits the product takes the general path; the result is the same floor.
		let huge = u128::MAX / 3;
		assert_eq!(
			release(huge, 0, 7, 10),
			(U256::from(huge) * U256::from(7u8) / U256::from(10u8)).low_u128()
		);
		assert_eq!(release(1_000, 0, 7, 10), 700);
		assert_eq!(release(999, 3, 4, 10), 142);
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
