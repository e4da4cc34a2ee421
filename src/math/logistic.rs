//! `a * L(w)`, the logistic function `L(w) = 1 / (1 + e^-w)` times a
//! factor, returned unscaled: `q * 2^n`, with `n = 0` where `w >= 0`. The
//! element-wise products of a value with its logistic weight are built on
//! it; they multiply by whatever else they need before applying `2^n`, so
//! that a subnormal result is rounded once, at the end, and never passes
//! through a rounded subnormal `L(w)`.
//!
//! Method (as in the logistic kernel): with `z = -|w|` and
//! `e^z = (s + t) 2^n` from the exponential core, `L(w) = num / (1 + e)`,
//! `num = 1` for `w >= 0` and `e^z` for `w < 0`. Here `num * a` is carried
//! as a two-float, `1 + e = d + d_lo` exactly, and the quotient `q` gets one
//! correction from its exact residual, so `q` is within about 0.6 ULP.

use super::exponential::exp_parts;
use super::pow2_pair;
use super::twofold::{div_residual, two_prod, two_sum_ordered};
use crate::lanes::{IntLanes, Lanes};

/// 2^64: see `times_logistic`.
const BIG: f32 = 18_446_744_073_709_551_616.0;

/// `a * L(w + wlo) = q * 2^n` (module docs), `|q| < 2|a|`, `n` in
/// `[round(lo / ln2), 0]`.
///
/// `w + wlo` is the argument as a two-float (`|wlo| <= 2^-17`, or zero);
/// where `w < 0`, `|a|` must be below 2^100, and where `a > 2^64`, `w`
/// must be above 104;
/// `w` below `lo` (in `[-200, -104]`) is treated as `lo`: the caller makes
/// sure `a * e^w` is then negligible. `a` must be finite. Where
/// `|a| <= |w|`, `|q| 2^(n/2)` is below 0.75 (it is about `|a| e^(w/2)`),
/// so a product by `2^(n/2)` first and then by a finite factor cannot
/// overflow before the rest of `2^n` is applied.
#[inline(always)]
pub(crate) fn times_logistic<V: Lanes>(a: V, w: V, wlo: V, lo: f32) -> (V, V::Int) {
    let (zero, one) = (V::splat(0.0), V::splat(1.0));
    // Without FMA, the residual's Dekker split overflows above 2^115; above
    // 2^64 (where the callers' `w > 104`, so `L(w)` is 1 in f32) the result
    // is `a` itself, selected at the end.
    let big = V::splat(BIG);
    let a_in = a;
    let a = if V::FMA { a } else { big.min(a) };
    let neg = w.lt(zero);
    let z = -w.abs();
    let zlo = V::select(neg, wlo, -wlo);
    let (s, t, n) = exp_parts(z, zlo, lo);
    // e only enters 1 + e (and, as its low part, a correction of relative
    // size e): below 2^-100 any such value gives the same sum, so n is
    // capped there, which keeps e and every product with it normal
    // (subnormal arithmetic is slow on some CPUs).
    let (p1, p2) = pow2_pair::<V>(n.max(V::Int::splat(-100)));
    let e = (s + t) * p1 * p2;
    let (d, d_lo) = two_sum_ordered(one, e);
    // num * a: `a` itself where w >= 0, `a * (s + t)` (two-float) below
    // (where the callers' `|a|` is small: a huge `a` elsewhere would
    // overflow Dekker's split on backends without FMA).
    let (ph, pe) = two_prod(V::select(neg, a, zero), s);
    let nh = V::select(neg, ph, a);
    let nl = V::select(neg, a.mul_add(t, pe), zero);
    let inv = one / d;
    let q = nh * inv;
    let res = div_residual(nh, q, d) + (nl - q * d_lo);
    let q = res.mul_add(inv, q);
    let q = if V::FMA {
        q
    } else {
        V::select(big.lt(a_in), a_in, q)
    };
    let n = V::select(neg, V::from_bits(n), zero).to_bits();
    (q, n)
}
