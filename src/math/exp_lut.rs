//! `e^x` for the Accurate tier on backends with a register table
//! ([`Lanes::TABLE32`]: AVX-512), `rr2-lut32-p3-scalef`: the same result
//! quality as the polynomial core (`exponential.rs`) in about half its
//! operations, because a reduction to 32nds of `ln 2` leaves an argument
//! small enough that neither its rounding nor the polynomial's needs a
//! two-float tail.
//!
//! Method:
//! 1. `t = x log2(e) + 1.5 * 2^18` rounds `x log2(e)` to 32nds, `n + j/32`,
//!    with `j` in the low five bits of `t` (as in `exp_fast.rs`).
//! 2. `r = x - (n + j/32) ln 2` with `ln 2` in two parts: the first FMA is
//!    exact, the second rounds `r` (`|r| <= 0.01084`), a relative error of
//!    `e^r` below `2^-31`.
//! 3. `e^x = 2^n T[j] (1 + c[j]) (1 + r Q(r))`, `T[j] = 2^(j/32)` rounded
//!    (`EXP2_32NDS`), `c[j]` that rounding's relative error
//!    (`EXP2_32NDS_CORR`), `Q(r) = 1 + c1 r + c2 r^2` (`EXPM1_TABLE_Q`,
//!    relative error `2^-26.15`): `m = T + T (c + r Q)`, one rounding at
//!    the end (the product `c r Q`, under `2^-30.6`, is dropped).
//!
//! Before its final rounding `m` is within `2^-28.6` of `e^x / 2^n`
//! (the sum of: `Q` `2^-32.7`, the roundings of `Q(r)` `2^-30.5`, of
//! `c + r Q` `2^-31` and of `r` `2^-31`, and the dropped product), under
//! 0.04 ULP of `m` in `[0.98, 1.98]`; so `m` is within 0.54 ULP. `2^n` is
//! applied by the caller: exactly where the result is normal, with one
//! more rounding where it is subnormal (at most half a subnormal step plus
//! `0.54 * 2^-1` of one, below the Accurate exponential's bound of 1).

use super::coeffs::{EXP2_32NDS, EXP2_32NDS_CORR, EXPM1_TABLE_Q};
use super::exp_fast::{MAGIC32, reduce32};
use crate::lanes::{IntLanes, Lanes};

/// `e^x = m 2^k` for `x` in `[-200, 90]` or NaN, as `(m, nf, k)`: `m` in
/// `[0.98, 1.98]` rounded once (module docs), `nf = k + j/32` (for
/// [`Lanes::scale_floor`]) and `k = floor(nf)` as integers. NaN `x` gives
/// NaN `m` and `nf`.
#[inline(always)]
pub(crate) fn exp_lut<V: Lanes>(x: V) -> (V, V, V::Int) {
    let (tab, u, nf, k) = core(x, None);
    (tab.mul_add(u, tab), nf, k)
}

/// [`exp_lut`] of `x + xlo`, for a low part `|xlo| <= 2^-17`: one more
/// rounding of `r` (under `2^-31` of `e^r`), the same bounds.
#[inline(always)]
pub(crate) fn exp_lut_lo<V: Lanes>(x: V, xlo: V) -> (V, V, V::Int) {
    let (tab, u, nf, k) = core(x, Some(xlo));
    (tab.mul_add(u, tab), nf, k)
}

/// `(T[j], c + r Q(r), n + j/32, n)` (module docs), with `xlo` added to
/// the reduced argument.
#[inline(always)]
fn core<V: Lanes>(x: V, xlo: Option<V>) -> (V, V, V, V::Int) {
    let (t, nf, r) = reduce32(x, xlo);
    let tab = t.lookup32(&EXP2_32NDS);
    let c = t.lookup32(&EXP2_32NDS_CORR);
    // `32 n + j`: `t` stays in `[2^18, 2^19)`, where its ULP is 1/32.
    let k = t
        .to_bits()
        .sub(V::Int::splat(MAGIC32.to_bits() as i32))
        .shr::<5>();
    let q = r.mul_add(V::splat(EXPM1_TABLE_Q[1]), V::splat(EXPM1_TABLE_Q[0]));
    let q = r.mul_add(q, V::splat(1.0));
    (tab, r.mul_add(q, c), nf, k)
}
