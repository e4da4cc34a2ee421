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

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::log::log_ext;
use crate::math::twofold::{div_residual, two_sum_ordered};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = ln(input[i] / (1 - input[i]))`, the inverse of
/// sigmoid.
///
/// `logit(±0) = -inf`, `logit(1) = +inf`, `logit(0.5) = 0`; inputs
/// outside `[0, 1]`, infinities and NaN give NaN. (The naive formula
/// is 65,000 ULP off near 0.5, as `cargo run --release --example tour`
/// prints.)
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "logit",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "ln(x / (1 - x))",
    accurate: Tier::new(2.0, "tf-div-log-p8"),
    fast: None,
    specials: &[
        (NAN, NAN),
        (INF, NAN),
        (NINF, NAN),
        (0.0, NINF),
        (-0.0, NINF),
        (1.0, INF),
        (0.5, 0.0),
        (-1e-30, NAN),
        (1.000_000_1, NAN),
        (2.0, NAN),
        (-1.0, NAN),
    ],
    pair_specials: &[],
    edges: &[
        0.5,
        0.25,
        0.75,
        1.0,
        5.960_464_5e-8,
        f32::MIN_POSITIVE,
        1e-45,
        0.707_106_77,
        0.292_893_2,
    ],
    domain: (0.0, 1.0),
    range: (NINF, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Logit = Logit;

#[derive(Clone, Copy)]
pub(crate) struct Logit;

impl UnaryKernel for Logit {
    // Zero would divide 0 by 0 in `res / p`.
    const FILL: f32 = 0.5;
    #[inline(always)]
    fn eval<V: Lanes>(self, p: V) -> V {
        let one = V::splat(1.0);
        let (d, d_lo) = two_sum_ordered(one, -p);
        let q = p / d;
        let res = div_residual(p, q, d) - q * d_lo;
        let eps = V::select(p.ge(V::splat(5.960_464_5e-8)), res / p, V::splat(0.0));
        log_ext(q, eps)
    }
}
