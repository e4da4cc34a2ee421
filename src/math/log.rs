//! `ln(x * (1 + eps))` for `f32` lanes, with `eps` a tiny relative
//! correction (`|eps| < 2^-20`) that the caller knows more precisely than
//! `x` can hold — the log-odds kernel uses it to take the log of a ratio that is not
//! representable in one float.
//!
//! Method:
//! 1. Subnormal `x` is scaled by `2^24` first. Then `x = 2^k * m` with
//!    `m` in `[sqrt(1/2), sqrt(2))`, found by integer arithmetic on the bits,
//!    and `f = m - 1` is exact (Sterbenz).
//! 2. `ln(1 + f) = f - f^2/2 + f^3 R(f)`, `R` a minimax polynomial on
//!    `[sqrt(1/2) - 1, sqrt(2) - 1]` (`tools/coeffs.py`).
//! 3. The large terms `k*LN2_HI` (exact), `f` (exact) and `-f^2/2` (exact
//!    as a two-float product) are added with TwoSum, and everything small
//!    (their rounding errors, `f^3 R(f)`, `k*LN2_LO`, `eps`) is added to
//!    the low part, so the one final rounding dominates the error.

use super::twofold::{two_prod, two_sum};
use super::{LN2_HI, LN2_LO, horner, int_to_float, pow2f};
use crate::lanes::{IntLanes, Lanes};

const SQRT_HALF_BITS: i32 = 0x3f35_04f3;
const TWO_POW_24: f32 = 16_777_216.0;

/// R(f) ~ (ln(1+f) - f + f^2/2) / f^3 on [-0.2929, 0.4142], degree 8,
/// minimax for the absolute error of `f^3 R(f)`: 2^-32.5 with these f32
/// coefficients. Generated into `coeffs.rs` by `tools/coeffs.py` (CI
/// checks it is up to date); that file's header has the exact interval,
/// rounding and error.
const R: [f32; 9] = super::coeffs::LOG_R;

/// `ln(x * (1 + eps))`. `ln(+0) = -inf`, `ln(+inf) = +inf`, negative or
/// NaN `x` gives NaN; `eps` is ignored for those.
#[inline(always)]
pub(crate) fn log_ext<V: Lanes>(x: V, eps: V) -> V {
    let zero = V::splat(0.0);
    let tiny = x.lt(V::splat(f32::MIN_POSITIVE));
    let xs = V::select(tiny, x * V::splat(TWO_POW_24), x);
    let adj = V::select(tiny, V::splat(24.0), zero);

    let (k, f) = reduce(xs);
    let kf = int_to_float::<V>(k) - adj;

    let (sh, sl) = two_prod(f, f);
    let (s1, e1) = two_sum(kf * V::splat(LN2_HI), f);
    let (s2, e2) = two_sum(s1, sh * V::splat(-0.5));
    let poly = (sh * f) * horner(f, &R);
    let lo = kf.mul_add(V::splat(LN2_LO), eps);
    let lo = (e1 + e2) + (sl.mul_add(V::splat(-0.5), poly) + lo);
    let y = s2 + lo;

    // Specials: +inf stays, 0 gives -inf, negative and NaN give NaN.
    let y = V::select(x.ge(V::splat(f32::INFINITY)), x, y);
    let y = V::select(x.le(zero), V::splat(f32::NEG_INFINITY), y);
    let bad = V::mask_or(x.lt(zero), x.is_nan());
    V::select(bad, V::splat(f32::NAN), y)
}

/// `x = 2^k (1 + f)` for a positive normal `x`, as `(k, f)`: `1 + f` in
/// `[sqrt(1/2), sqrt(2))` from the bits, `f` exact (Sterbenz).
#[inline(always)]
pub(crate) fn reduce<V: Lanes>(x: V) -> (V::Int, V) {
    let ix = x.to_bits();
    let k = ix.sub(V::Int::splat(SQRT_HALF_BITS)).shr::<23>();
    let m = V::from_bits(ix.sub(k.shl::<23>()));
    (k, m - V::splat(1.0))
}

/// `ln(1 + f)` for `f` in `[sqrt(1/2) - 1, sqrt(2) - 1]` in plain floats,
/// for the Fast tier: `f + f^2 (-1/2 + f R(f))`, the accurate core's `R`,
/// the last step `f + (f P) f` in one fused multiply-add.
#[inline(always)]
pub(crate) fn log1p_reduced_fast<V: Lanes>(f: V) -> V {
    let p = f.mul_add(horner(f, &R), V::splat(-0.5));
    (f * p).mul_add(f, f)
}

/// `ln(1 + e)` for `e` in `[0, 1]` (or NaN), for the Fast tier: one
/// polynomial, no division, no two-float arithmetic.
///
/// Below `sqrt(2) - 1`, `f = e` (exact); above, `ln(1 + e) = ln 2 +
/// ln(1 + f)` with `f = (e - 1) / 2`, exact from `e = 1/2` up (Sterbenz),
/// rounded once below (by a relative `2^-24` of `f`: a fraction of an ULP
/// of the result). Either way `f` is in `[sqrt(1/2) - 1, sqrt(2) - 1]`,
/// where `ln(1 + f) = f + f^2 P(f)` with `P(f) = -1/2 + f R(f)`, the
/// accurate core's `R`. The last step is `f + (f P) f` in one fused
/// multiply-add, so for `e >= 2^-124` no product is subnormal (without
/// FMA, where that product is rounded on its own, see the guard below).
#[inline(always)]
pub(crate) fn log1p_fast_unit<V: Lanes>(e: V) -> V {
    const SQRT2_M1: f32 = core::f32::consts::SQRT_2 - 1.0;
    let one = V::splat(1.0);
    let big = V::splat(SQRT2_M1).lt(e);
    let f = V::select(big, (e - one) * V::splat(0.5), e);
    let k = V::select(big, V::splat(core::f32::consts::LN_2), V::splat(0.0));
    if !V::FMA && V::SUBNORMAL_ASSISTS {
        // Unfused, `(f P) f` is a product of its own, subnormal for `e`
        // below `2^-63` (a microcode assist per vector). Below `2^-32`
        // `ln(1 + e)` rounds to `e`: the polynomial runs on `2^-32` there.
        const TINY: f32 = pow2f(-32);
        let tiny = e.lt(V::splat(TINY));
        let l = k + log1p_reduced_fast(V::select(tiny, V::splat(TINY), f));
        return V::select(tiny, e, l);
    }
    k + log1p_reduced_fast(f)
}
