//! The Gaussian tail `erfc(u) = e^(-u^2) R(t)`, `t = 1/(1 + u/2)`, for `u`
//! in `[0, 10.26]`: the core of the error-function kernels (`Erf`,
//! `Gelu`), which need it with a small *relative* error.
//!
//! - `e^(-u^2)` comes from the exponential core with `u^2 = qh + ql`
//!   carried in two floats by the caller: the rounding of `u^2` alone
//!   would be multiplied by `u^2` (up to 105) into the result.
//! - `R` is a minimax polynomial in `w = t - 1/2` for `t >= 0.6` (degree 7)
//!   and in `w = t` below (degree 8), relative error 2^-29
//!   (`tools/coeffs.py`); one polynomial in `t` over the whole range was
//!   badly conditioned near `t = 1` (2 ULP of evaluation error). The
//!   piece's coefficients are selected per lane; `w` is exact. The last
//!   Horner step `c0 + w * acc` is carried in two floats (TwoProduct and
//!   TwoSum), so only the rounding of `acc` (about 0.5 ULP, weighted by
//!   `w acc / R <= 1`) remains. `t` is a quotient, and `R` is sensitive to
//!   it (`|t R'/R|` is 1 to 2.3), so a rounded `t` alone would cost up to
//!   an ULP. Instead `d = 1 + u/2 = dh + dl` is exact (TwoSum; the low part
//!   of `u` joins `dl`), `t = th + tl` with the exact division residual,
//!   and `tl` enters `R` to first order as `rl = tl R'(t)`, with
//!   `R'(t) = (2/sqrt(pi) - 2uR) d^2 / p` from the differential equation
//!   of `R` (a few bits of `R'` suffice: `tl` is below 2^-23 `t`).
//!
//! What remains is about 0.5 to 1 ULP of `R` from the Horner evaluation,
//! and the fit; the exponential core adds about 2^-30.

use super::coeffs::{GAUSS_TAIL_FAR, GAUSS_TAIL_NEAR};
use super::exponential::exp_parts_in_range;
use super::twofold::{div_residual, two_prod, two_sum};
use crate::lanes::Lanes;

/// Where the two pieces of `R` meet, in `t` (`u = 4/3`).
const SPLIT: f32 = 0.6;

/// `erfc(u) = (s + t) * (rh + rl) * 2^n` for `u = uh + ul` in
/// `[0, 10.26]` (`|ul| <= 2^-23 uh`) and `u^2 = qh + ql` (`qh <= 105.3`,
/// `ql` its low part). `s + t` is `e^(-u^2) 2^-n` from the exponential
/// core, `rh + rl` is `R`. NaN `uh` gives NaN parts.
#[inline(always)]
pub(crate) fn gaussian_tail<V: Lanes>(uh: V, ul: V, qh: V, ql: V) -> (V, V, V::Int, V, V) {
    let (one, half) = (V::splat(1.0), V::splat(0.5));
    let (s, t, n) = exp_parts_in_range(-qh, -ql);
    // d = 1 + u/2 exactly (u/2 is exact), t = 1/d = th + tl to first order.
    let (dh, dl) = two_sum(one, uh * half);
    let dl = ul.mul_add(half, dl);
    let th = one / dh;
    let tl = (-th).mul_add(dl, div_residual(one, th, dh)) * th;
    let near = th.ge(V::splat(SPLIT));
    let w = th - V::select(near, V::splat(0.5), V::splat(0.0));
    let coef = |i: usize| {
        let a = if i < GAUSS_TAIL_NEAR.len() {
            GAUSS_TAIL_NEAR[i]
        } else {
            0.0
        };
        V::select(near, V::splat(a), V::splat(GAUSS_TAIL_FAR[i]))
    };
    let mut acc = coef(GAUSS_TAIL_FAR.len() - 1);
    let mut i = GAUSS_TAIL_FAR.len() - 1;
    while i > 1 {
        i -= 1;
        acc = acc.mul_add(w, coef(i));
    }
    let (ph, pl) = two_prod(w, acc);
    let (rh, re) = two_sum(coef(0), ph);
    // R'(t) = (2/sqrt(pi) - 2uR) d^2 / p, p = 1/2.
    let slope = (uh * rh).mul_add(V::splat(-2.0), V::splat(core::f32::consts::FRAC_2_SQRT_PI));
    let rl = ((tl * dh) * (dh * V::splat(2.0))).mul_add(slope, re + pl);
    (s, t, n, rh, rl)
}
