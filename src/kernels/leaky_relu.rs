//! Leaky ReLU: `x` for `x > 0`, else `slope * x`; exact up to the one
//! rounding of `slope * x` (0.5 ULP). NaN propagates through the product.

use super::Unary;
use crate::lanes::Lanes;

/// The kernel with its slope (checked finite by the API before it runs).
#[derive(Clone, Copy)]
pub(crate) struct LeakyRelu {
    pub slope: f32,
}

impl Unary for LeakyRelu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // A factor of 1 (`x * 1` is `x`), not `select(x > 0, x, ..)`: see
        // `Lanes::select`.
        let one = V::splat(1.0);
        x * V::select(V::splat(0.0).lt(x), one, V::splat(self.slope))
    }
}
