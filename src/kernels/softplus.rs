//! Softplus: `ln(1 + e^x)`, computed as `max(x, 0) + ln(1 + e^-|x|)`.
//!
//! With `e = e^-|x|` in `(0, 1]` there is no overflow and no cancellation:
//! - `e = (s + t) 2^n` from the exponential core, scaled in two normal
//!   factors (gradual underflow), and kept as two floats `eh + el`;
//! - `e >= 2^-12`: `1 + e = d + d_lo` exactly (Fast2Sum), and the log
//!   core takes `ln(d (1 + d_lo/d))` with `d_lo/d` (at most 2^-12 of the
//!   result) folded into its low part: within about 0.5 ULP;
//! - `e < 2^-12`: `e - e^2 (1/2 - e/3)`, the series to a relative 2^-38,
//!   with the correction far below the result: also about 0.5 ULP. For
//!   very negative `x` that is `e^x`, kept down to the subnormals;
//! - for `x > 0` the sum of two positive terms adds one rounding: within
//!   about 1 ULP in all.
//!
//! `-inf` gives `+0`, `+inf` gives `+inf`, NaN gives NaN (through the log
//! core's argument).

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::exponential::exp_parts;
use crate::math::log::log_ext;
use crate::math::pow2_pair;
use crate::math::twofold::two_sum_ordered;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = ln(1 + e^input[i])`, computed as
/// `max(x, 0) + ln(1 + e^-|x|)` without overflow or cancellation.
///
/// `softplus(-inf) = +0`, `softplus(+inf) = +inf`, NaN gives NaN;
/// output positive. For very negative inputs the result is `e^x`,
/// kept down to the subnormals (then `+0` below about `-103.97`);
/// from `x = 14.556091` on the result is `x`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "softplus",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "ln(1 + e^x)",
    accurate: Tier::new(2.0, "rr2-p4-tf-log-p8"),
    fast: None,
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, 0.0),
        (0.0, core::f32::consts::LN_2),
        (-0.0, core::f32::consts::LN_2),
        (20.0, 20.0),
        (f32::MAX, f32::MAX),
        (f32::MIN, 0.0),
        (-200.0, 0.0),
        (-104.0, 0.0),
    ],
    pair_specials: &[],
    edges: &[
        0.0,
        14.556_091,
        -16.635_532,
        -87.336_55,
        -103.278_93,
        -103.972_08,
        88.722_83,
    ],
    domain: (-105.0, 16.0),
    range: (0.0, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Softplus = Softplus;

/// `2^-12`: below, `ln(1 + e)` is its series to three terms.
const SMALL: f32 = 2.441_406_3e-4;

#[derive(Clone, Copy)]
pub(crate) struct Softplus;

impl UnaryKernel for Softplus {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (zero, one) = (V::splat(0.0), V::splat(1.0));
        let (s, t, n) = exp_parts(-x.abs(), zero, -104.0);
        let (f1, f2) = pow2_pair::<V>(n);
        // s + t renormalised first: where e is subnormal, eh is then e
        // rounded once (el vanishes); elsewhere both products are exact.
        let (s, t) = two_sum_ordered(s, t);
        let (eh, el) = (s * f1 * f2, t * f1 * f2);
        let (d, d_lo) = two_sum_ordered(one, eh);
        let d_lo = d_lo + el;
        let big = log_ext(d, d_lo / d);
        // e < 2^-12: e - e^2/2 + e^3/3 directly (there `d_lo / d` would be
        // comparable to the result, and its rounding would show).
        let k = eh.mul_add(V::splat(-1.0 / 3.0), V::splat(0.5));
        let small = eh + (eh * eh).mul_add(-k, el);
        let l = V::select(eh.lt(V::splat(SMALL)), small, big);
        zero.max(x) + l
    }
}
