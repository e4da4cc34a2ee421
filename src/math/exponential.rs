//! `e^x` for `f32` lanes.
//!
//! Method:
//! 1. Reduce: `n = round(x / ln2)`, `r = x - n*ln2` with `ln2` split in two
//!    (`LN2_HI` has 15 significant bits, so `n*LN2_HI` is exact for
//!    `|n| < 512`, and `x - n*LN2_HI` is exact by Sterbenz's lemma). The
//!    small remainder of the reduction `c = -n*LN2_LO` (and any low part
//!    `xlo` of an argument carried in two floats) is not rounded into `r`:
//!    that would cost up to 0.25 ULP of the result; it is applied as
//!    `e^r * (1 + c)`, into the low part.
//! 2. Approximate `e^r = 1 + r + r^2 Q(r)` on `|r| <= ln2/2`, `Q` a degree-4
//!    minimax polynomial (`tools/coeffs.py`). `1 + r` is formed with
//!    Fast2Sum, so the only rounding of size 0.5 ULP is the final one; the
//!    rest adds well under 0.1 ULP.
//! 3. Scale by `2^n` with one rounding ([`super::ldexp_gradual`]), so
//!    results down to `2^-149` are produced with gradual underflow, not
//!    flushed, and without subnormal arithmetic (slow on some CPUs). A
//!    vector whose results are all normal adds `n` to the exponent field
//!    instead, which is exact and gives the same bits ([`exp_lanes`]).
//!
//! Inputs are clamped first (see [`exp_parts`]), so that `n` stays small
//! enough for `n*LN2_HI` to be exact and for the two-factor scaling, and
//! overflow to `+inf` and underflow to `+0` happen in the final product.
//! The clamp lets NaN through, so NaN needs no select of its own.
//!
//! On backends with a register table ([`Lanes::TABLE32`]: AVX-512)
//! [`exp_lanes`] and [`exp_mn`] take the table method of `exp_lut.rs`
//! instead (`rr2-lut32-p3-scalef`): about half the operations for a
//! result as accurate (measured maxima: `docs/bounds.md`).

use super::exp_lut::exp_lut;
use super::twofold::two_sum_ordered;
use super::{LN2_HI, LN2_LO, horner, ldexp_gradual, round_int};
use crate::lanes::{IntLanes, Lanes};

const LOG2E: f32 = f32::from_bits(0x3fb8_aa3b); // 1.44269502
const SHIFTER: f32 = 12_582_912.0; // 1.5 * 2^23: adding it rounds to an integer
const CLAMP_HI: f32 = 90.0;

/// Q(r) ~ (e^r - 1 - r) / r^2 on [-0.3471, 0.3471], degree 4, minimax for
/// the absolute error of `r^2 Q(r)`: 2^-28.2 with these f32 coefficients,
/// i.e. under 0.06 ULP of `e^r`. Generated into `coeffs.rs` by
/// `tools/coeffs.py` (CI checks it is up to date); that file's header has
/// the exact interval, rounding and error.
const Q: [f32; 5] = super::coeffs::EXP_Q;

/// `e^(x + xlo) = (s + t) * 2^n`, with `s + t` in about `[0.7, 1.42]`
/// carried to roughly 2^-30 relative accuracy (`s` holds the leading bits,
/// `|t| <= 2^-23`).
///
/// `x` is first clamped to `[lo, 90]`, with `lo` in `[-200, -104]`: `n` then
/// lies in `[round(lo / ln2), 130]`. Callers pick `lo` so that their own
/// scaling stays in range (plain `e^x`: `-104`, below which `e^x` rounds to 0;
/// the Gaussian, which adds its amplitude's exponent: `-200`). NaN `x`
/// propagates to `s` and `t`.
///
/// `xlo` is a small low-order part of the argument (`|xlo| <= 2^-20`), or
/// zero. It is only meaningful where `x` is inside the clamp range; callers
/// whose `xlo` may be NaN outside it must zero it there.
#[inline(always)]
pub(crate) fn exp_parts<V: Lanes>(x: V, xlo: V, lo: f32) -> (V, V, V::Int) {
    // NaN-propagating clamp: `min`/`max` return NaN when their argument is.
    let xc = V::splat(CLAMP_HI).min(V::splat(lo).max(x));
    exp_parts_in_range(xc, xlo)
}

/// [`exp_parts`] without the clamp: `x` must be in `[-200, 90]` or NaN.
#[inline(always)]
pub(crate) fn exp_parts_in_range<V: Lanes>(x: V, xlo: V) -> (V, V, V::Int) {
    let (nf, n) = round_int(x.mul_add(V::splat(LOG2E), V::splat(SHIFTER)), SHIFTER);
    // Exact: n*LN2_HI has at most 24 bits, and x is within a factor of two
    // of it whenever n != 0 (Sterbenz). The rest of the reduction, c, is
    // not rounded into r: it enters the low part below.
    let r = nf.mul_add(V::splat(-LN2_HI), x);
    let c = nf.mul_add(V::splat(-LN2_LO), xlo);
    let q = horner(r, &Q);
    // e^r = 1 + r + r^2 Q(r) = s + t0, then e^(r + c) = (s + t0)(1 + c).
    let (s, e1) = two_sum_ordered(V::splat(1.0), r);
    let t0 = (r * r).mul_add(q, e1);
    let t = c.mul_add(s + t0, t0);
    (s, t, n)
}

/// Inputs with `|x| <= NORMAL_LIMIT` have normal results (`e^-87 > 2^-126`,
/// `e^87 < f32::MAX`), so the scaling by `2^n` is an exact integer add to
/// the exponent field.
pub(crate) const NORMAL_LIMIT: f32 = 87.0;

/// `e^x = m 2^n` for `x` in `[-200, 90]` or NaN: `m` rounded once, in
/// about `[0.7, 1.98]` (`s + t` of [`exp_parts_in_range`], or the table
/// method's `m`, `exp_lut.rs`, on [`Lanes::TABLE32`] backends), within
/// 0.56 ULP of `e^x / 2^n`.
#[inline(always)]
pub(crate) fn exp_mn_in_range<V: Lanes>(x: V) -> (V, V::Int) {
    if V::TABLE32 {
        let (m, _, n) = exp_lut(x);
        (m, n)
    } else {
        let (s, t, n) = exp_parts_in_range(x, V::splat(0.0));
        (s + t, n)
    }
}

/// [`exp_mn_in_range`] after the clamp of [`exp_parts`] to `[lo, 90]`.
#[inline(always)]
pub(crate) fn exp_mn<V: Lanes>(x: V, lo: f32) -> (V, V::Int) {
    exp_mn_in_range(V::splat(CLAMP_HI).min(V::splat(lo).max(x)))
}

/// `e^x` with NaN, infinities, overflow and gradual underflow handled.
///
/// A vector whose lanes are all within `NORMAL_LIMIT` takes the in-range path:
/// no clamp, and `2^n` added to the exponent bits. Any other vector takes
/// the general path (clamp, two-factor scaling). Both compute the same
/// `m` and scale it exactly when the result is normal, so a lane's
/// result never depends on its neighbours. On [`Lanes::TABLE32`]
/// backends both paths take the table method's `m`, and the in-range one
/// scales it with `vscalefps` (clamped, so overflow gives `+inf`); a
/// subnormal result from `vscalefps` would be rounded once too, but costs
/// Intel cores a microcode assist, so vectors with a lane below `-87`
/// scale with [`ldexp_gradual`] (`benches/peers --range -90,-85 --fn exp`
/// shows what remains).
#[inline(always)]
pub(crate) fn exp_lanes<V: Lanes>(x: V) -> V {
    if V::TABLE32 {
        let xc = V::splat(CLAMP_HI).min(V::splat(-104.0).max(x));
        let (m, nf, k) = exp_lut(xc);
        if V::BRANCH_PER_VECTOR && V::all(x.ge(V::splat(-NORMAL_LIMIT))) {
            return m.scale_floor(nf);
        }
        return ldexp_gradual(m, k);
    }
    if V::BRANCH_PER_VECTOR && V::all(x.abs().le(V::splat(NORMAL_LIMIT))) {
        let (m, n) = exp_mn_in_range(x);
        V::from_bits(m.to_bits().add(n.shl::<23>()))
    } else {
        let (m, n) = exp_mn(x, -104.0);
        ldexp_gradual(m, n)
    }
}
