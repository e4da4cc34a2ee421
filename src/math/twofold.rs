//! Error-free transformations: results carried as an unevaluated sum
//! `hi + lo` of two `f32`, which is how the kernels get more than `f32`
//! precision where a bound needs it (the square in the Gaussian, the ratio of the
//! log-odds, the quotient of the logistic function).
//!
//! They rely on round-to-nearest and no flush-to-zero, which every backend
//! guarantees, and never on `mul_add` being fused unless `V::FMA` says so.

use crate::lanes::Lanes;

/// `a + b = s + e` exactly (Knuth's TwoSum; no ordering requirement).
#[inline(always)]
pub(crate) fn two_sum<V: Lanes>(a: V, b: V) -> (V, V) {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    (s, e)
}

/// `a + b = s + e` exactly, provided `|a| >= |b|` (Dekker's Fast2Sum).
#[inline(always)]
pub(crate) fn two_sum_ordered<V: Lanes>(a: V, b: V) -> (V, V) {
    let s = a + b;
    let e = (a - s) + b;
    (s, e)
}

/// `a * b = p + e` exactly (barring underflow of `e`, and overflow): one
/// fused multiply-add where the backend has it, Dekker's splitting
/// otherwise.
#[inline(always)]
pub(crate) fn two_prod<V: Lanes>(a: V, b: V) -> (V, V) {
    let p = a * b;
    if V::FMA {
        (p, a.mul_add(b, -p))
    } else {
        let (ah, al) = split(a);
        let (bh, bl) = split(b);
        let e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
        (p, e)
    }
}

/// `a - q*b` exactly, where `q` is `a / b` rounded (the residual of a
/// division is representable): one fused multiply-add where the backend has
/// it, TwoProduct otherwise.
#[inline(always)]
pub(crate) fn div_residual<V: Lanes>(a: V, q: V, b: V) -> V {
    if V::FMA {
        (-q).mul_add(b, a)
    } else {
        let (ph, pl) = two_prod(q, b);
        (a - ph) - pl
    }
}

/// `(h + l) / 6` (for `|l|` at most an ULP of `h`) within a tiny fraction
/// of an ULP of correctly rounded, without a division: `q = h (1/6)` is
/// within an ULP of `h / 6`, so `h - 4q` and then `(h - 4q) - 2q` are
/// exact (Sterbenz, twice; below the normals every difference is exact),
/// and that residual corrects `q` once: no division, and where there is
/// no FMA no TwoProduct for the residual.
#[inline(always)]
pub(crate) fn div6<V: Lanes>(h: V, l: V) -> V {
    let c = V::splat(1.0 / 6.0);
    let q = h * c;
    let r = (h - q * V::splat(4.0)) - (q + q);
    (r + l).mul_add(c, q)
}

/// Veltkamp's split of `a` into a 12-bit `hi` and a 12-bit `lo`. Valid for
/// `|a| < 2^115` (no overflow of `4097 * a`).
#[inline(always)]
fn split<V: Lanes>(a: V) -> (V, V) {
    let c = a * V::splat(4097.0);
    let hi = c - (c - a);
    (hi, a - hi)
}
