//! `e^x` for `f32` lanes.
//!
//! Method:
//! 1. Reduce: `n = round(x / ln2)`, `r = x - n*ln2` with `ln2` split in two
//!    (`LN2_HI` has 15 significant bits, so `n*LN2_HI` is exact for
//!    `|n| < 256`, and `x - n*LN2_HI` is exact by Sterbenz's lemma). The
//!    small remainder of the reduction (and any low part `xlo` of an argument
//!    carried in two floats) is kept separately as `rlo` instead of being
//!    rounded into `r`: rounding it would cost up to 0.5 ULP of the result.
//! 2. Approximate `e^r = 1 + r + r^2 Q(r)` on `|r| <= ln2/2`, `Q` a degree-4
//!    minimax polynomial (`tools/coeffs.py`). `1 + r` is formed with
//!    Fast2Sum, so the only rounding of size 0.5 ULP is the final one; the
//!    rest adds well under 0.1 ULP.
//! 3. Scale by `2^n` in two normal factors ([`super::ldexp`]), so results
//!    down to `2^-149` are produced with gradual underflow, not flushed.
//!
//! Inputs are clamped to `[-200, 90]` first, which keeps `n` in `[-289, 130]`
//! (so `n*LN2_HI` stays exact) and lets overflow to `+inf` and underflow to
//! `+0` happen in the final product; NaN is restored by a select at the
//! end. The lower limit is far below exp's own underflow threshold because
//! callers may add an exponent of their own before scaling (the Gaussian's
//! amplitude: `1e30 * e^-150` is a normal number).

use super::twofold::fast_two_sum;
use super::{horner, ldexp, round_int};
use crate::lanes::Lanes;

const LOG2E: f32 = f32::from_bits(0x3fb8_aa3b); // 1.44269502
const LN2_HI: f32 = f32::from_bits(0x3f31_7200); // 0.693145752, 15 bits
const LN2_LO: f32 = f32::from_bits(0x35bf_be8e); // ln2 - LN2_HI = 1.42860677e-6
const CLAMP_LO: f32 = -200.0;
const CLAMP_HI: f32 = 90.0;

/// Q(r) ~ (e^r - 1 - r) / r^2 on [-0.3466, 0.3466], degree 4, minimax for
/// the absolute error of `r^2 Q(r)`: 2^-28.2 with these f32 coefficients
/// (`tools/coeffs.py`), i.e. under 0.06 ULP of `e^r`.
const Q: [f32; 5] = [
    f32::from_bits(0x3f00_0000), // 0.5
    f32::from_bits(0x3e2a_aa49), // 0.16666521
    f32::from_bits(0x3d2a_aa60), // 0.04166639
    f32::from_bits(0x3c09_1cc9), // 0.008368679
    f32::from_bits(0x3ab6_bd25), // 0.0013941868
];

/// `e^(x + xlo) = (s + t) * 2^n`, with `s + t` in about `[0.7, 1.42]`
/// carried to roughly 2^-31 relative accuracy (`s` holds the leading bits,
/// `|t| <= 2^-23`). `xlo` is a small low-order part of the argument
/// (`|xlo| <= 2^-10 |x|`); pass zero if the argument is one float. It is
/// ignored where `x` is outside `[-200, 90]`, where it may be NaN (as the
/// error term of an overflowed TwoSum is).
///
/// The result for NaN `x` is unspecified: callers restore NaN themselves.
#[inline(always)]
pub(crate) fn exp_parts<V: Lanes>(x: V, xlo: V) -> (V, V, V::Int) {
    let (lo, hi) = (V::splat(CLAMP_LO), V::splat(CLAMP_HI));
    let xc = hi.min(lo.max(x));
    let xlo = V::select(V::mask_and(x.ge(lo), x.le(hi)), xlo, V::splat(0.0));
    let (nf, n) = round_int(xc * V::splat(LOG2E));
    // Exact: n*LN2_HI has at most 24 bits, and x is within a factor of two
    // of it whenever n != 0.
    let r_hi = xc - nf * V::splat(LN2_HI);
    let c = nf.mul_add(V::splat(-LN2_LO), xlo);
    let r = r_hi + c;
    let rlo = (r_hi - r) + c;
    let q = horner(r, &Q);
    // e^(r + rlo) = 1 + r + r^2 Q(r) + rlo (1 + r) + O(rlo^2)
    let (s, e1) = fast_two_sum(V::splat(1.0), r);
    let t = e1 + (r * r).mul_add(q, rlo.mul_add(r, rlo));
    (s, t, n)
}

/// `e^x` with NaN, infinities, overflow and gradual underflow handled.
#[inline(always)]
pub(crate) fn exp<V: Lanes>(x: V) -> V {
    let (s, t, n) = exp_parts(x, V::splat(0.0));
    let y = ldexp(s + t, n);
    V::select(x.is_nan(), x, y)
}
