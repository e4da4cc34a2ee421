//! PyTorch's `Hardswish`: `x * relu6(x + 3) / 6`, i.e. a zero at and below
//! -3 (`-0`, the sign of `x * 0`, also for `-inf`), `x` at and above 3,
//! `x (x + 3) / 6` between.
//!
//! Correctly rounded but for a tiny fraction of an ULP (the naive form
//! rounds three times). Between the flat parts, `x + 3 = th + tl` exactly
//! (TwoSum), `x * th = ph + pl` exactly (TwoProduct), and the division by 6
//! gets one correction from its exact residual:
//! `q + (ph - 6q + pl + x tl) / 6`. `x` is clamped to `[-3, 3]` for that
//! computation (NaN passes), so no intermediate overflows.

use super::Unary;
use crate::lanes::Lanes;
use crate::math::twofold::{div_residual, two_prod, two_sum};

#[derive(Clone, Copy)]
pub(crate) struct HardSwish;

impl Unary for HardSwish {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (three, six) = (V::splat(3.0), V::splat(6.0));
        let xc = three.min((-three).max(x));
        let (th, tl) = two_sum(xc, three);
        let (ph, pl) = two_prod(xc, th);
        let q = ph / six;
        let y = q + (div_residual(ph, q, six) + xc.mul_add(tl, pl)) / six;
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        let y = V::select(x.ge(three), x + V::splat(0.0), y);
        V::select(x.le(-three), V::splat(-0.0), y)
    }
}
