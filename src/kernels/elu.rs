//! ELU: `x` for `x > 0`, else `alpha (e^x - 1)`.
//!
//! `e^x - 1` comes from the expm1 core (`math/expm1.rs`, within 1 ULP, exact
//! for tiny `x` and `-1` below -18), not from `e^x - 1`, which cancels near
//! 0 (a hundred ULP at `x = -1e-3`). With `alpha = 1` that is the whole
//! error; any other finite `alpha` adds the rounding of the product (0.5
//! ULP). `x = -inf` gives `-alpha`; NaN propagates.

use super::Unary;
use crate::lanes::Lanes;
use crate::math::expm1::expm1_lanes;

/// The kernel with its `alpha` (checked finite by the API before it runs).
#[derive(Clone, Copy)]
pub(crate) struct Elu {
    pub alpha: f32,
}

impl Unary for Elu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // The core sees x <= 0 only: large positive x would overflow it.
        let xn = V::splat(0.0).min(x);
        let neg = expm1_lanes(xn) * V::splat(self.alpha);
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        V::select(V::splat(0.0).lt(x), x + V::splat(0.0), neg)
    }
}
