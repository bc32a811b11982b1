//! The delay inequalities of the restaking model, computed in one place.

use {frame_support::traits::Get, sp_runtime::traits::AtLeast32BitUnsigned};

/// The chain-wide delays, in blocks. The runtime implements this once and hands it to
/// every restaking pallet, so they all check against the same numbers.
pub trait RestakingDelays<BlockNumber> {
	/// A: how long an allocation increase waits before it applies.
	fn allocation_delay() -> BlockNumber;
	/// D: how long a decrease, an opt-out or a revocation keeps stake slashable.
	fn deallocation_delay() -> BlockNumber;
	/// E: the oldest offence a slash request may name, in blocks before the request.
	fn max_offence_age() -> BlockNumber;
	/// The shortest veto window an AVS may choose (> 0).
	fn min_veto_window() -> BlockNumber;
}

/// [`RestakingDelays`] from four `Get` constants: A, D, E and the minimum V.
pub struct ConstDelays<A, D, E, V>(core::marker::PhantomData<(A, D, E, V)>);

impl<B, A, D, E, V> RestakingDelays<B> for ConstDelays<A, D, E, V>
where
	A: Get<B>,
	D: Get<B>,
	E: Get<B>,
	V: Get<B>,
{
	fn allocation_delay() -> B {
		A::get()
	}
	fn deallocation_delay() -> B {
		D::get()
	}
	fn max_offence_age() -> B {
		E::get()
	}
	fn min_veto_window() -> B {
		V::get()
	}
}

/// Which inequality a configuration would break.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DelayViolation {
	/// `V < MinVetoWindow`.
	VetoWindowTooShort,
	/// `W ≤ E + V` for some AVS the vault serves.
	WithdrawalDelayTooShort,
	/// `A ≤ W`: the allocation delay would not let stakers leave first.
	WithdrawalDelayTooLong,
	/// `D < max(W, E + V)`.
	DeallocationDelayTooShort,
}

/// Checks a vault's withdrawal delay `w` against the chain's delays and the longest veto
/// window `max_veto` among the AVSs it serves (`None` if it serves none).
pub fn check_withdrawal_delay<B, D>(w: B, max_veto: Option<B>) -> Result<(), DelayViolation>
where
	B: AtLeast32BitUnsigned + Copy,
	D: RestakingDelays<B>,
{
	let e = D::max_offence_age();
	// With no AVS yet, the vault must still be able to serve one with the shortest window.
	let v = max_veto.unwrap_or_else(D::min_veto_window).max(D::min_veto_window());
	if w <= e.saturating_add(v) {
		return Err(DelayViolation::WithdrawalDelayTooShort);
	}
	if D::allocation_delay() <= w {
		return Err(DelayViolation::WithdrawalDelayTooLong);
	}
	if D::deallocation_delay() < w {
		return Err(DelayViolation::DeallocationDelayTooShort);
	}
	Ok(())
}

/// Checks an AVS's veto window `v` against the chain's delays and the shortest withdrawal
/// delay `min_withdrawal` among the vaults it serves (`None` if it serves none).
pub fn check_veto_window<B, D>(v: B, min_withdrawal: Option<B>) -> Result<(), DelayViolation>
where
	B: AtLeast32BitUnsigned + Copy,
	D: RestakingDelays<B>,
{
	if v < D::min_veto_window() || v.is_zero() {
		return Err(DelayViolation::VetoWindowTooShort);
	}
	let exposure = D::max_offence_age().saturating_add(v);
	if D::deallocation_delay() < exposure {
		return Err(DelayViolation::DeallocationDelayTooShort);
	}
	if let Some(w) = min_withdrawal {
		if w <= exposure {
			return Err(DelayViolation::WithdrawalDelayTooShort);
		}
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	use frame_support::traits::ConstU32;

	// A = 100, D = 90, E = 30, minimum V = 10.
	type Delays = ConstDelays<ConstU32<100>, ConstU32<90>, ConstU32<30>, ConstU32<10>>;

	#[test]
	fn withdrawal_delay_must_outlast_offence_age_plus_veto_window() {
		assert_eq!(
			check_withdrawal_delay::<u32, Delays>(40, None),
			Err(DelayViolation::WithdrawalDelayTooShort)
		);
		assert_eq!(check_withdrawal_delay::<u32, Delays>(41, None), Ok(()));
		assert_eq!(
			check_withdrawal_delay::<u32, Delays>(50, Some(20)),
			Err(DelayViolation::WithdrawalDelayTooShort)
		);
		assert_eq!(check_withdrawal_delay::<u32, Delays>(51, Some(20)), Ok(()));
	}

	#[test]
	fn withdrawal_delay_must_stay_below_allocation_and_within_deallocation_delay() {
		assert_eq!(check_withdrawal_delay::<u32, Delays>(90, None), Ok(()));
		assert_eq!(
			check_withdrawal_delay::<u32, Delays>(91, None),
			Err(DelayViolation::DeallocationDelayTooShort)
		);
		assert_eq!(
			check_withdrawal_delay::<u32, Delays>(100, None),
			Err(DelayViolation::WithdrawalDelayTooLong)
		);
	}

	#[test]
	fn veto_window_is_bounded_on_both_sides() {
		assert_eq!(
			check_veto_window::<u32, Delays>(9, None),
			Err(DelayViolation::VetoWindowTooShort)
		);
		assert_eq!(check_veto_window::<u32, Delays>(60, None), Ok(()));
		assert_eq!(
			check_veto_window::<u32, Delays>(61, None),
			Err(DelayViolation::DeallocationDelayTooShort)
		);
		assert_eq!(
			check_veto_window::<u32, Delays>(20, Some(50)),
			Err(DelayViolation::WithdrawalDelayTooShort)
		);
		assert_eq!(check_veto_window::<u32, Delays>(20, Some(51)), Ok(()));
	}
}
