//! SiLU (swish): `x * logistic(x) = x / (1 + e^-x)`.
//!
//! `x * L(x)` from the logistic core (`math/logistic.rs`), which keeps the
//! product unscaled until the end: for `x < -87`, `logistic(x)` alone would
//! be subnormal and lose bits before the multiplication (up to 16 ULP
//! here), while `x * logistic(x)` may still be normal. The quotient is
//! corrected once from its exact residual; the remaining errors are the
//! final rounding and a fraction of an ULP from the exponential core and
//! the rounding of `e^-|x|` inside `1 + e^-|x|`: measured within 1.1 ULP
//! (`examples/ulp.rs`).
//!
//! `x` is clamped to `[-120, f32::MAX]` first: below -120 the result
//! rounds to -0, and `+inf` is selected back at the end (the two-float
//! product would turn it into `inf - inf`).

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::exp_fast::logistic_fast;
use crate::math::ldexp_gradual_any;
use crate::math::logistic::times_logistic;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// SiLU (swish): `output[i] = x / (1 + e^-x)`, `x = input[i]`.
///
/// NaN gives NaN, `+inf` gives `+inf`, `-inf` gives `-0`. For very
/// negative inputs the result keeps its relative accuracy down to
/// the subnormals (it is not `x` times a flushed or rounded
/// sigmoid).
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "silu",
    aliases: &["swish"],
    kind: Kind::Elementwise,
    formula: "x / (1 + e^-x)",
    accurate: Tier::new(2.5, "rr2-p4-tf-div-corr"),
    fast: Some(Tier::new(5.0, "rr2-p5-div-mul")),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, -0.0),
        (0.0, 0.0),
        (-0.0, 0.0),
        (20.0, 20.0),
        (f32::MAX, f32::MAX),
        (f32::MIN, -0.0),
        (-200.0, -0.0),
    ],
    pair_specials: &[],
    edges: &[
        0.0,
        -1.278_464_5,
        16.635_532,
        -17.0,
        -87.336_55,
        -103.278_93,
        -103.972_08,
        -110.0,
        -120.0,
    ],
    domain: (-121.0, 18.0),
    range: (-0.278_464_6, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Silu = Silu;
pub(crate) const FAST: SiluFast = SiluFast;

#[derive(Clone, Copy)]
pub(crate) struct Silu;

impl UnaryKernel for Silu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let xc = V::splat(f32::MAX).min(V::splat(-120.0).max(x));
        let (q, n) = times_logistic(xc, xc, V::splat(0.0), -120.0);
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        V::select(
            x.ge(V::splat(f32::INFINITY)),
            x + V::splat(0.0),
            ldexp_gradual_any(q, n),
        )
    }
}

/// The Fast tier: `x * L(x)` with the Fast logistic function. `x` is clamped
/// to `-1000` for the product only, so that `-inf` gives `-0` (`-1000 * 0`)
/// rather than NaN (`-inf * 0`), and `+0` is added to it so that `-0` gives
/// `+0`, both as in the Accurate tier (measured maxima: `docs/bounds.md`); results below
/// `2^-118` flush to `-0`.
#[derive(Clone, Copy)]
pub(crate) struct SiluFast;

impl UnaryKernel for SiluFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let y = (V::splat(-1000.0).max(x) + V::splat(0.0)) * logistic_fast(x);
        // Rounding may land an ULP below the minimum the range promises.
        V::splat(DECLARATION.range.0).max(y)
    }
}
