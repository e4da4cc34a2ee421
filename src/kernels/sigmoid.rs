//! Sigmoid: `1 / (1 + e^-x)`.
//!
//! Both halves of the line are one formula: with `e = e^-|x|` in `(0, 1]`,
//! `sigmoid(x) = num / (1 + e)` where `num` is `1` for `x >= 0` and `e` for
//! `x < 0`. So there is no cancellation and no overflow, and for very
//! negative `x` the result is `e^x` itself, down to the subnormals.
//!
//! Precision: `e` comes from the exp core as a two-float value, `1 + e` is
//! formed exactly with Fast2Sum, and the quotient is computed as
//! `q = num * (1/d)` followed by one Newton correction with the exact
//! residual `num - q*d` (TwoProduct). The only large rounding left is the
//! final one.

use super::Unary;
use crate::lanes::{IntLanes, Lanes};
use crate::math::exp::exp_parts;
use crate::math::ldexp;
use crate::math::twofold::{fast_two_sum, two_prod};

#[derive(Clone, Copy)]
pub(crate) struct Sigmoid;

impl Unary for Sigmoid {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (zero, one) = (V::splat(0.0), V::splat(1.0));
        let (s, t, n) = exp_parts(-x.abs(), zero);
        let (p, p_lo) = fast_two_sum(s, t);
        let (e, e_lo) = (ldexp(p, n), ldexp(p_lo, n));

        // For x < 0 the numerator e = p 2^n is divided in its unscaled form
        // p and scaled afterwards, so that the quotient's correction is not
        // lost to underflow when e is near or below f32::MIN_POSITIVE.
        let neg = x.lt(zero);
        let num = V::select(neg, p, one);
        let num_lo = V::select(neg, p_lo, zero);
        let k = V::select_int(neg, n, V::Int::splat(0));
        let (d, d_lo) = fast_two_sum(one, e);
        let d_lo = d_lo + e_lo;

        let inv = one / d;
        let q = num * inv;
        let (ph, pl) = two_prod(q, d);
        let res = ((num - ph) - pl) + num_lo;
        let y = ldexp(q + (q.mul_add(-d_lo, res)) * inv, k);
        V::select(x.is_nan(), x, y)
    }
}
