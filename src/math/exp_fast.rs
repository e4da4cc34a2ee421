//! `e^x` for the Fast tier: one rounding of the reduction, a degree-5
//! polynomial, and `2^n` built straight from the rounding's bits.
//!
//! Method (XNNPACK's `rr2-p5`):
//! 1. `t = x * log2(e) + MAGIC`, with `MAGIC = 1.5 * 2^23 + 126`: the
//!    addition rounds `x * log2(e)` to an integer `n` and leaves `n + 126`
//!    in the low bits of `t`, so `bits(t) << 23` is `2^(n-1)` as a float
//!    (`+0` for `n = -126`) and `t - MAGIC` is `n`. Scaling by `2^(n-1)`
//!    keeps `n = 128` finite, where `e^x` may still be below `f32::MAX`.
//! 2. `r = x - n * ln2` with `ln2` in two parts (two FMAs).
//! 3. `2 e^r = 2 + r * P(r)` on `|r| <= ln2/2`, `P` of degree 4: twice the
//!    coefficients XNNPACK publishes for this reduction (minimax), then one
//!    multiplication by `2^(n-1)`.
//!
//! Against the accurate core (`exponential.rs`) this drops the two-float
//! tail and the two-factor scaling (measured maxima of both in `docs/bounds.md`), and
//! results below `2^-125` are flushed to `+0` (below about `-87`), which the Fast tier's tail
//! rule allows (`docs/ulp.md`). No branch: the clamp makes every lane valid.
//!
//! On backends with a register table ([`Lanes::TABLE32`]: AVX-512) the
//! same functions use a table method instead (XNNPACK's
//! `rr2-lut16-p3-perm-scalef` with a 32-entry table, `rr2-lut32-p2`): the
//! kernels are bound by the FMA pipes, and this takes 7 operations there
//! against 8 for `lut16-p3` and 9 for `p5`.
//! 1. `t = x * log2(e) + 1.5 * 2^18` rounds `x * log2(e)` to 32nds,
//!    `n + j/32`, and leaves `j` in the low five bits of `t`;
//! 2. `r = x - (n + j/32) ln2` as above, `|r| <= ln2/64`;
//! 3. `e^x = 2^n T[j] (1 + r P(r))` with `T[j] = 2^(j/32)` read by
//!    `vpermt2ps` and `P` of degree 1 (`EXP2_32NDS`, `EXP_TABLE_P`, from
//!    `tools/coeffs.py`), as `T + (T r) P(r)`, and `2^n` applied by
//!    `vscalefps`, which overflows to `+inf` by itself. Results below
//!    `2^-126` (`x < -87.3365`) are flushed to `+0` by one select, so
//!    neither method makes a subnormal.

use super::coeffs::{EXP_TABLE_P, EXP2_32NDS};
use super::twofold::two_prod;
use super::{LN2_HI, LN2_LO, horner, pow2f};
use crate::lanes::{IntLanes, Lanes};

pub(super) const LOG2E: f32 = f32::from_bits(0x3fb8_aa3b); // 1.44269502
/// `1.5 * 2^18`: its ULP is `1/32`, so adding it rounds to 32nds.
pub(super) const MAGIC32: f32 = 393_216.0;
/// `1.5 * 2^23 + 126`.
const MAGIC: f32 = f32::from_bits(0x4b40_007e);
/// `P(r) ~ 2 (e^r - 1) / r`: 0x1.FFFFF6p0, 0x1.FFFDC6p-1, 0x1.555A80p-2,
/// 0x1.573A1Ap-4, 0x1.0F9F9Cp-6.
const P: [f32; 5] = [
    f32::from_bits(0x3fff_fffb),
    f32::from_bits(0x3f7f_fee3),
    f32::from_bits(0x3eaa_ad40),
    f32::from_bits(0x3dab_9d0d),
    f32::from_bits(0x3c87_cfce),
];
/// From here down `n = -126`: the scale `2^(n-1)` is `+0`, so is the result
/// (`e^x < 2^-125.5` there).
const LO: f32 = -87.5;
/// From here up `n = 128` and the result overflows to `+inf`.
const HI: f32 = 88.8;

/// `e^x`: NaN gives NaN, `+inf` gives `+inf`, `-inf` gives `+0`.
#[inline(always)]
pub(crate) fn exp_fast<V: Lanes>(x: V) -> V {
    // NaN-propagating clamp, as in the accurate core.
    exp_fast_in_range(V::splat(HI).min(V::splat(LO).max(x)))
}

/// `e^x` for `x <= 0` (or NaN): `+0` for `-inf`.
#[inline(always)]
pub(crate) fn exp_fast_nonpositive<V: Lanes>(x: V) -> V {
    exp_fast_in_range(V::splat(LO).max(x))
}

/// [`exp_fast`] without the clamp: `x` must be in `[-87.5, 88.8]` or NaN.
#[inline(always)]
pub(crate) fn exp_fast_in_range<V: Lanes>(x: V) -> V {
    if V::TABLE32 {
        // `e^x < 2^-126` below `ln(2^-126) = -87.33654`: flushed, as the
        // polynomial method's scale does from `-87` down. The mask says
        // which lanes to keep (NaN included), so a backend that applies a
        // select as a zeroing mask needs no inversion.
        let e = exp_table(x, &EXP2_32NDS);
        V::select(x.not_lt(V::splat(-87.336_5)), e, V::splat(0.0))
    } else {
        exp_fast_biased(x, MAGIC)
    }
}

/// [`exp_fast_in_range`] for `x` in `[-87, 88.8]` (or NaN), where no
/// result needs flushing: the table method skips the select.
#[inline(always)]
pub(crate) fn exp_fast_normal<V: Lanes>(x: V) -> V {
    exp_fast_biased(x, MAGIC)
}

/// `e^x * 2^(bias - 126)`, `bias` being `magic`'s integer part above
/// `1.5 * 2^23`: the exponent field of the scale holds `n + bias`, so it
/// must stay in `[1, 254]` for the clamped `x` (or be 0, a flush to `+0`).
/// On [`Lanes::TABLE32`] backends the callers' ranges keep the result
/// normal, so no flush is needed there.
#[inline(always)]
fn exp_fast_biased<V: Lanes>(x: V, magic: f32) -> V {
    if V::TABLE32 {
        return if magic == MAGIC {
            exp_table(x, &EXP2_32NDS)
        } else {
            exp_table(x, &EXP2_32NDS_UP)
        };
    }
    let (scale, r) = reduce(x, magic);
    r.mul_add(horner(r, &P), V::splat(2.0)) * scale
}

/// The `rr2` reduction (steps 1 and 2 of the module docs): `n = round(x
/// log2(e))` by adding `magic` (`1.5 * 2^23 + bias`), the scale `2^(n +
/// bias - 127)` from the sum's bits, and `r = x - n ln2` with `ln 2` in
/// two parts. `n + bias` must stay in `[1, 254]` (or the scale is 0 or
/// garbage) for the callers' `x`.
#[inline(always)]
pub(super) fn reduce<V: Lanes>(x: V, magic: f32) -> (V, V) {
    let t = x.mul_add(V::splat(LOG2E), V::splat(magic));
    let scale = V::from_bits(t.to_bits().shl::<23>());
    let n = t - V::splat(magic);
    let r = n.mul_add(V::splat(-LN2_HI), x);
    (scale, n.mul_add(V::splat(-LN2_LO), r))
}

/// `MAGIC + k` (`1.5 * 2^23 + 126 + k`, `k` in `[-149, 127]`) for
/// [`exp_fast_neg_scaled`].
pub(crate) const fn magic_scaled(k: i32) -> f32 {
    f32::from_bits((MAGIC.to_bits() as i32 + k) as u32)
}

/// `e^-(qh + ql) * 2^k` for `qh` in `[0, 190]` (or NaN), `ql` its low
/// part (a few of its ULP at most), `magic` from [`magic_scaled`]`(k)`: the polynomial
/// method of [`exp_fast`] with `ql` taken into the reduced argument and
/// `2^k` into the scale's exponent field, `n + 126 + k`, floored at 0:
/// results below `2^-126` (about) are `+0`, and none is subnormal.
#[inline(always)]
pub(crate) fn exp_fast_neg_scaled<V: Lanes>(qh: V, ql: V, magic: f32) -> V {
    let t = qh.mul_add(V::splat(-LOG2E), V::splat(magic));
    // The bits of `1.5 * 2^23` off: `n + 126 + k`.
    let base = MAGIC.to_bits() as i32 - 126;
    let field = t.to_bits().sub(V::Int::splat(base)).max(V::Int::splat(0));
    let scale = V::from_bits(field.shl::<23>());
    let n = t - V::splat(magic);
    // Exact, as in `exp_fast` (|n| <= 275).
    let r = n.mul_add(V::splat(-LN2_HI), -qh);
    let r = n.mul_add(V::splat(-LN2_LO), r) - ql;
    r.mul_add(horner(r, &P), V::splat(2.0)) * scale
}

/// [`EXP2_32NDS`] times `2^64` (exact), for [`exp_fast_nonpositive_up`]:
/// the scale rides in the table, not in an addition to `n`.
const EXP2_32NDS_UP: [f32; 32] = {
    let mut t = EXP2_32NDS;
    let mut i = 0;
    while i < 32 {
        t[i] *= pow2f(64);
        i += 1;
    }
    t
};

/// The table methods' reduction to 32nds of `ln 2` (module doc, steps 1
/// and 2): `(t, n + j/32, r)`, `j` in `t`'s low five bits, and `r` of
/// `x + xlo` (`xlo` added before the second part of `ln 2`: one more
/// rounding of `r`, `|r| <= 0.0109`). Needs FMA.
#[inline(always)]
pub(super) fn reduce32<V: Lanes>(x: V, xlo: Option<V>) -> (V, V, V) {
    const { assert!(!V::TABLE32 || V::FMA, "TABLE32 needs a fused mul_add") };
    let t = x.mul_add(V::splat(LOG2E), V::splat(MAGIC32));
    let n = t - V::splat(MAGIC32);
    // `n * LN2_HI` is not exact here, but the fused `x - n * LN2_HI` is:
    // it is below 2^-6 in magnitude and a multiple of `x`'s ULP (or of
    // 2^-30, for |x| < 1).
    let r = n.mul_add(V::splat(-LN2_HI), x);
    let r = match xlo {
        Some(lo) => r + lo,
        None => r,
    };
    (t, n, n.mul_add(V::splat(-LN2_LO), r))
}

/// `e^x` times `table[0]` by the table method (module doc), for `x` in
/// `[-130, 88.8]` or NaN and `table` [`EXP2_32NDS`] times a power of two.
/// Rounded results below `2^-126` are subnormal (gradual): callers flush
/// or avoid them.
#[inline(always)]
fn exp_table<V: Lanes>(x: V, table: &[f32; 32]) -> V {
    let (t, n, r) = reduce32(x, None);
    let l = t.lookup32(table);
    let p = r.mul_add(V::splat(EXP_TABLE_P[1]), V::splat(EXP_TABLE_P[0]));
    (l * r).mul_add(p, l).scale_floor(n)
}

/// `e^(-a^2 / 2) * 2^-30 = scale (1 + s PS(s))` for `a` in `[0, 11.62]`
/// (or NaN), as `(scale, s)`: callers multiply by `1 + s PS(s)` with one
/// fused operation (`m + (m s) PS(s)`), so the sum `1 + ...` is never
/// rounded on its own. `scale = 2^(n - 30)` (its exponent field holds
/// `n + 97`) is at least `2^-126`, or `+0` from `a = 11.57` on (`n = -97`,
/// `e^(-a^2 / 2) < 2^-96.5`): a caller whose multiplier `m` is at least 1,
/// and takes `2^30` back in its constants, never sees a subnormal.
///
/// The reduction works on `s = a^2 + 2 n ln 2 = -2r` (`r` as in
/// [`exp_fast`]), whose polynomial is [`exp_fast`]'s with the coefficients
/// scaled by powers of `-1/2` (exact): that saves halving `a`. The square
/// is not rounded on its own: with FMA, `a^2 + 2 n LN2_HI` is one fused
/// operation, rounded once; without, `a^2` is a TwoProduct whose low part
/// joins `s`. A rounded `a^2 / 2` (up to 2^-21 off) would be a relative
/// error of the result of that size.
#[inline(always)]
pub(crate) fn exp_fast_half_sq_down30<V: Lanes>(a: V) -> (V, V) {
    const MAGIC_DOWN: f32 = f32::from_bits(MAGIC.to_bits() - 29);
    let sq = a * a;
    let t = sq.mul_add(V::splat(LOG2E * -0.5), V::splat(MAGIC_DOWN));
    let scale = V::from_bits(t.to_bits().shl::<23>());
    let n = t - V::splat(MAGIC_DOWN);
    // `2 n LN2_HI` is exact (15 + 7 bits: |n| <= 97).
    let s = if V::FMA {
        a.mul_add(a, n * V::splat(2.0 * LN2_HI))
    } else {
        let (_, sql) = two_prod(a, a);
        n.mul_add(V::splat(2.0 * LN2_HI), sq) + sql
    };
    (scale, n.mul_add(V::splat(2.0 * LN2_LO), s))
}

/// `PS(s)` of [`exp_fast_half_sq_down30`]: `e^(-s/2) = 1 + s PS(s)`,
/// [`exp_fast`]'s `P` with its coefficients times `(-1/2)^(k + 1) / 2`.
#[inline(always)]
pub(crate) fn exp_fast_half_sq_poly<V: Lanes>(s: V) -> V {
    const PS: [f32; 5] = [
        P[0] * -0.25,
        P[1] * 0.125,
        P[2] * -0.0625,
        P[3] * 0.03125,
        P[4] * -0.015625,
    ];
    horner(s, &PS)
}

/// `e^x * 2^64` for `x <= 0` (or NaN), never subnormal: the row
/// functions keep their exponentials at this scale between passes. `x` is
/// clamped at -130, where `e^x * 2^64` is still normal (the exponent field
/// holds `n + 190`); below it the result is `e^-130 * 2^64`, which the
/// caller's final scaling by `2^-64 / sum` rounds to `+0` as it should.
#[inline(always)]
pub(crate) fn exp_fast_nonpositive_up<V: Lanes>(x: V) -> V {
    const MAGIC_UP: f32 = f32::from_bits(MAGIC.to_bits() + 64);
    exp_fast_biased(V::splat(-130.0).max(x), MAGIC_UP)
}

/// The logistic function `1 / (1 + e^-x)` from [`exp_fast`]: `num / (1 + e)`
/// with `e = e^-|x|` and `num` `1` or `e` by the sign of `x`, one plain
/// division (measured maxima: `docs/bounds.md`); results below `2^-125` (`x < -87`) flush to `+0`.
#[inline(always)]
pub(crate) fn logistic_fast<V: Lanes>(x: V) -> V {
    let neg = x.lt(V::splat(0.0));
    logistic_from(neg, exp_fast_nonpositive(-x.abs()))
}

/// [`logistic_fast`] of a two-float `w + wlo` (`|wlo|` at most half an ULP
/// of `w`): `e^-|w|` takes `wlo` to first order, `e (1 -+ wlo)`, for
/// callers whose `w` carries more precision than one float.
#[inline(always)]
pub(crate) fn logistic_fast_lo<V: Lanes>(w: V, wlo: V) -> V {
    let neg = w.lt(V::splat(0.0));
    let e = exp_fast_nonpositive(-w.abs());
    let lo = V::select(neg, wlo, -wlo);
    let e = if !V::FMA && V::SUBNORMAL_ASSISTS {
        // Unfused, `e wlo` is a product of its own, subnormal from about
        // `|w| = 70` on (a microcode assist per vector): formed `2^64` up
        // and scaled back, the same bits wherever it is normal.
        let up = e * V::splat(pow2f(64));
        up.mul_add(lo, up) * V::splat(pow2f(-64))
    } else {
        e.mul_add(lo, e)
    };
    logistic_from(neg, e)
}

/// `num / (1 + e)` from `e = e^-|x|`, `num` `e` where `neg` and `1` elsewhere.
#[inline(always)]
fn logistic_from<V: Lanes>(neg: V::Mask, e: V) -> V {
    let num = V::select(neg, e, V::splat(1.0));
    num / (V::splat(1.0) + e)
}
