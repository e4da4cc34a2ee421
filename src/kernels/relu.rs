//! ReLU: `max(x, 0)`, exact.
//!
//! `x <= 0` (including `-0.0`) gives `+0.0`; `x > 0` is returned bit for
//! bit; NaN stays NaN.

use super::Unary;
use crate::lanes::Lanes;

#[derive(Clone, Copy)]
pub(crate) struct Relu;

impl Unary for Relu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // `max` returns `x` when it is NaN and either zero for `x = ±0`;
        // adding `+0` makes that `+0`. No select of `x`: see `Lanes::select`.
        V::splat(0.0).max(x) + V::splat(0.0)
    }
}
