//! `e^x`: the method is in `src/math/exp.rs`, shared by every kernel that
//! needs an exponential.

use super::Unary;
use crate::lanes::Lanes;

#[derive(Clone, Copy)]
pub(crate) struct Exp;

impl Unary for Exp {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        crate::math::exponential::exp_lanes(x)
    }
}

/// The Fast tier: `src/math/exp_fast.rs`.
#[derive(Clone, Copy)]
pub(crate) struct ExpFast;

impl Unary for ExpFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        crate::math::exp_fast::exp_fast(x)
    }
}
