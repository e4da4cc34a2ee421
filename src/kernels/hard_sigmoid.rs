//! PyTorch's `Hardsigmoid`: `relu6(x + 3) / 6`, i.e. 0 at and
//! below -3, 1 at and above 3, `(x + 3) / 6` between.
//!
//! Correctly rounded but for a tiny fraction of an ULP. `x` is clamped to
//! `[-3, 3]` first (NaN passes), which gives the two flat parts exactly and
//! keeps every intermediate small. Then `x + 3 = th + tl` exactly (TwoSum),
//! `q = th / 6` rounded, and one correction from the exact residual of
//! that division: `q + (th - 6q + tl) / 6`. What remains is the final
//! rounding and the rounding of the correction, far below 2^-24 of the
//! result. No result is subnormal: the smallest nonzero one is
//! `ulp(3) / 6`.

use super::Unary;
use crate::lanes::Lanes;
use crate::math::twofold::{div_residual, two_sum};

#[derive(Clone, Copy)]
pub(crate) struct HardSigmoid;

impl Unary for HardSigmoid {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (three, six) = (V::splat(3.0), V::splat(6.0));
        let x = three.min((-three).max(x));
        let (th, tl) = two_sum(x, three);
        let q = th / six;
        q + (div_residual(th, q, six) + tl) / six
    }
}
