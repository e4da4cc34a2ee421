//! Sigmoid: `1 / (1 + e^-x)`.
//!
//! Both halves of the line are one formula: with `e = e^-|x|` in `(0, 1]`,
//! `sigmoid(x) = num / (1 + e)` where `num` is `1` for `x >= 0` and `e` for
//! `x < 0`. So there is no cancellation and no overflow, and for very
//! negative `x` the result is `e^x` itself, down to the subnormals.
//!
//! Precision: the plain quotient `q = num / d` with `d = fl(1 + e)` is more
//! than 2 ULP off in places, mostly from the rounding of `1 + e`. So `1 + e = d + d_lo`
//! is formed exactly (Fast2Sum) and `q` gets one correction,
//! `(num - q d - q d_lo) / d`, with the division residual exact (one FMA, or
//! TwoProduct) and `1/d` taken from what is at hand: `q` itself for
//! `x >= 0`, `1 - q` for `x < 0`. What remains is the rounding of `e` to
//! one float (about 0.5 ULP of `e`) and the final rounding: measured within
//! 1.5 ULP (`examples/ulp.rs`).

use super::UnaryKernel;
use crate::lanes::{IntLanes, Lanes};
use crate::math::exp_fast::logistic_fast;
use crate::math::exponential::{NORMAL_LIMIT, exp_mn, exp_mn_in_range};
use crate::math::twofold::{div_residual, two_sum_ordered};
use crate::math::{ldexp_gradual, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = 1 / (1 + e^-input[i])`.
///
/// Output always in `[0, 1]`; `sigmoid(±0) = 0.5`,
/// `sigmoid(+inf) = 1`, `sigmoid(-inf) = +0`, NaN gives NaN. For
/// very negative inputs the result is `e^x`, kept down to the
/// subnormals rather than flushed.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "sigmoid",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "1 / (1 + e^-x)",
    accurate: Tier::new(2.0, "rr2-p4-tf-div-corr"),
    fast: Some(Tier::new(4.0, "rr2-p5-div")),
    specials: &[
        (NAN, NAN),
        (INF, 1.0),
        (NINF, 0.0),
        (0.0, 0.5),
        (-0.0, 0.5),
        (20.0, 1.0),
        (f32::MAX, 1.0),
        (f32::MIN, 0.0),
        (-200.0, 0.0),
    ],
    pair_specials: &[],
    edges: &[
        0.0,
        16.635_532,
        17.0,
        -87.336_55,
        -103.278_93,
        -103.972_08,
        88.722_83,
    ],
    domain: (-105.0, 18.0),
    range: (0.0, 1.0),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Sigmoid = Sigmoid;
pub(crate) const FAST: SigmoidFast = SigmoidFast;

#[derive(Clone, Copy)]
pub(crate) struct Sigmoid;

impl UnaryKernel for Sigmoid {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let z = -x.abs();
        let limit = V::splat(-NORMAL_LIMIT);
        if V::BRANCH_PER_VECTOR && V::all(z.ge(limit)) {
            // e^z normal: 2^n is one factor.
            let (m, n) = exp_mn_in_range(z);
            finish(x, m, n)
        } else {
            // The same `e^z`, scaled without subnormal arithmetic (slow on
            // some CPUs); the same bits wherever the in-range path applies.
            // Below -87, 1 + e^x rounds to 1 and the result is e^x itself,
            // subnormal or zero.
            let (m, n) = exp_mn(z, -104.0);
            let e = ldexp_gradual(m, n);
            // The lanes below -87 are replaced, and those above 87 give 1
            // for any `e` under 2^-64: `finish` computes with `e = 2^-126`
            // there, normal (e^-87 > 2^-126), where `m 2^-126` may not be.
            let below = x.lt(limit);
            let m = V::select(z.lt(limit), V::splat(1.0), m);
            let y = finish(x, m, n.max(V::Int::splat(-126)));
            V::select(below, e, y)
        }
    }
}

/// The sigmoid from `e = m 2^n = e^-|x|` (`n` in `[-126, 0]`).
///
/// For `x < 0` the quotient `e / (1 + e)` and its correction are formed
/// from `m`, and scaled by `2^n` last: formed from `e`, the correction's
/// products (about `e^2`) are subnormal from `x < -43.7` on, and a
/// multiplication with a subnormal operand or result takes a slow
/// microcode assist on some CPUs.
/// The result has the same bits: scaling by `2^n` commutes with the
/// roundings while everything is normal.
#[inline(always)]
fn finish<V: Lanes>(x: V, m: V, n: V::Int) -> V {
    let (zero, one) = (V::splat(0.0), V::splat(1.0));
    let scale = pow2i::<V>(n);
    let e = m * scale;
    // Below 2^-64, `1 + e` is `1 + e` exactly in two floats either way and
    // `e`'s part of the correction is under 2^-64 relative: a floor keeps
    // `q * d_lo` normal.
    let (d, d_lo) = two_sum_ordered(one, V::splat(TINY).max(e));
    let neg = x.lt(zero);
    let num = V::select(neg, m, one);
    let q = num / d;
    // 1/d is q for x >= 0, and 1 - e/d = 1 - q 2^n for x < 0 (the
    // product is not rounded, so it is never subnormal).
    let inv_d = V::select(neg, (-q).mul_add(scale, one), q);
    let res = div_residual(num, q, d);
    let y = q.mul_add(-d_lo, res).mul_add(inv_d, q);
    y * V::select(neg, scale, one)
}

/// 2^-64.
const TINY: f32 = f32::from_bits(0x1f80_0000);

/// The Fast tier: [`logistic_fast`], no correction of the quotient.
#[derive(Clone, Copy)]
pub(crate) struct SigmoidFast;

impl UnaryKernel for SigmoidFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        logistic_fast(x)
    }
}
