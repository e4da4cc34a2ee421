//! `e^x - 1` for `f32` lanes, within 1 ULP over the whole `f32` line.
//!
//! Method, both branches computed and one selected per lane:
//! - `-0.3466 < x < 0.42` (from about -ln2/2 to where the result exceeds
//!   1/2): `x + x^2/2 + x^3 P(x)`, `P` a degree-4 minimax polynomial for
//!   the error relative to the result (`tools/coeffs.py`, 2^-30). The
//!   terms after `x` are at most a fifth of the result, so their roundings
//!   add under 0.1 ULP to the final one.
//!   Below `2^-25`, `x` itself is returned: it is the rounded result, and
//!   this keeps the sign of zero and subnormal inputs exact.
//! - otherwise `e^x = (s + t) 2^n` from the exponential core (`s + t` to
//!   about 2^-26 relative, renormalised so that `|t| <= ulp(s)/2`),
//!   `S = s 2^n` and `T = t 2^n` exact, and the 1 is
//!   taken off the large part without error: `S - 1 = h + l` by Fast2Sum
//!   (`S >= 1.41` for `x > 0`, `S <= 0.71` for `x < 0`, so the larger
//!   operand is known), then `h + (l + T)` rounds once. The core's error,
//!   about 2^-26 of `e^x`, is at most a third of an ULP of `e^x - 1` there
//!   (`e^x <= 1.5 |e^x - 1|` for `x >= 0.42`; `|e^x - 1| >= 0.29` and
//!   `e^x <= 0.71` for `x <= -0.3466`).
//!
//! Limits: `x` is clamped to `[-18, 88.72283]` (below, the result rounds to
//! -1; the clamp keeps `S` finite so that no `inf - inf` appears), and
//! `x > 88.72283` gives `+inf`. NaN passes the clamp and the selects.

use super::exponential::exp_parts_in_range;
use super::twofold::two_sum_ordered;
use super::{horner, pow2_pair};
use crate::lanes::Lanes;

/// `P(x) ~ (e^x - 1 - x - x^2/2) / x^3` on `[-0.3466, 0.42]`.
const P: [f32; 5] = super::coeffs::EXPM1_P;
/// The polynomial's interval, `(SMALL_LO, SMALL_HI)`.
const SMALL_LO: f32 = -0.3466;
const SMALL_HI: f32 = 0.42;
/// Below `2^-25`, `x + x^2/2` rounds to `x`.
const TINY: f32 = 2.980_232_2e-8;
const LO: f32 = -18.0;
/// The largest `x` whose `e^x` (and `e^x - 1`) is finite in `f32`.
const HI: f32 = 88.722_83;

/// `e^x - 1`: `-1` at `-inf`, `+inf` at `+inf` and above 88.72283,
/// `x` for `|x| < 2^-25` (zeros keep their sign), NaN for NaN.
#[inline(always)]
pub(crate) fn expm1_lanes<V: Lanes>(x: V) -> V {
    let (zero, one) = (V::splat(0.0), V::splat(1.0));
    // Both branches run on every lane: each on a clamped `x`, so that the
    // one not selected cannot overflow into `inf - inf` (an invalid flag).
    let xc = V::splat(HI).min(V::splat(LO).max(x));

    // SMALL_LO < x < SMALL_HI: x + (x^2/2 + x^3 P(x)).
    let xs = V::splat(1.0).min(V::splat(-1.0).max(x));
    let x2 = xs * xs;
    let tail = (x2 * xs).mul_add(horner(xs, &P), x2 * V::splat(0.5));
    let small = xs + tail;

    // Otherwise, from e^x = (s + t) 2^n: (S - 1) + T with S - 1 exact.
    let (s, t, n) = exp_parts_in_range(xc, zero);
    let (s, t) = two_sum_ordered(s, t);
    let (f1, f2) = pow2_pair::<V>(n);
    let (big_s, big_t) = (s * f1 * f2, t * f1 * f2);
    let pos = x.ge(zero);
    let (h, l) = two_sum_ordered(V::select(pos, big_s, -one), V::select(pos, -one, big_s));
    let large = h + (l + big_t);

    let y = V::select(x.lt(V::splat(SMALL_HI)), small, large);
    let y = V::select(x.le(V::splat(SMALL_LO)), large, y);
    let y = V::select(x.abs().lt(V::splat(TINY)), x, y);
    V::select(V::splat(HI).lt(x), V::splat(f32::INFINITY), y)
}
