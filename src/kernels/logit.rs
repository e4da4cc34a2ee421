//! Logit, the inverse of the logistic function: `ln(p / (1 - p))` on `[0, 1]`.
//!
//! The naive form loses everything near `p = 1/2`, where the ratio is close
//! to 1 and its rounding error is all that is left after the log. Here the
//! ratio is carried in more than `f32` precision instead:
//! - `1 - p = d + d_lo` exactly (Fast2Sum);
//! - `q = p / d`, with the exact residual `p - q*d` (one FMA, or
//!   TwoProduct), so the true ratio is `q * (1 + eps)` with
//!   `eps = (p - q*d - q*d_lo) / p`;
//! - `ln(q * (1 + eps))` by the log core, which folds `eps` into its low
//!   part before the final rounding.
//!
//! `eps` is dropped below `p = 2^-24`, where it is below `2^-24` and the
//! result has magnitude above 16 (and where the residual would underflow).
//! Domain: `logit(±0) = -inf`, `logit(1) = +inf`, `logit(1/2) = 0`;
//! outside `[0, 1]` and for NaN, NaN.

use super::Unary;
use crate::lanes::Lanes;
use crate::math::log::log_ext;
use crate::math::twofold::{div_residual, fast_two_sum};

#[derive(Clone, Copy)]
pub(crate) struct Logit;

impl Unary for Logit {
    // Zero would divide 0 by 0 in `res / p`.
    const FILL: f32 = 0.5;
    #[inline(always)]
    fn eval<V: Lanes>(self, p: V) -> V {
        let one = V::splat(1.0);
        let (d, d_lo) = fast_two_sum(one, -p);
        let q = p / d;
        let res = div_residual(p, q, d) - q * d_lo;
        let eps = V::select(p.ge(V::splat(5.960_464_5e-8)), res / p, V::splat(0.0));
        log_ext(q, eps)
    }
}
