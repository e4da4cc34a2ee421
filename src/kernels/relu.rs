//! ReLU: `max(x, 0)`, exact.
//!
//! `x <= 0` (including `-0.0`) gives `+0.0`; `x > 0` is returned bit for
//! bit; NaN stays NaN (the comparison is false for NaN, so NaN takes the
//! `x` branch).

use super::Unary;
use crate::lanes::Lanes;

#[derive(Clone, Copy)]
pub(crate) struct Relu;

impl Unary for Relu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        V::select(x.le(V::splat(0.0)), V::splat(0.0), x)
    }
}
