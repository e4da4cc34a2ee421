//! The row functions' exponential pass: `e^(x - max)`, summed as it goes
//! (a per-lane Kahan sum), and the scaling pass that follows.

use super::Step;
use super::kahan::Kahan;
use crate::lanes::IntLanes;
use crate::lanes::Lanes;
use crate::math::exp_fast::exp_fast_nonpositive;
use crate::math::exponential::NORMAL_LIMIT;
use crate::math::exponential::exp_parts_in_range;
use crate::math::ldexp_gradual;
use crate::math::twofold::two_sum;

/// `e^(x - m)`, summed on the way; `FAST` takes the Fast tier's method
/// (`x - m` rounded, the Fast exponential).
pub(crate) struct ExpShifted<V, const FAST: bool> {
    pub m: V,
    pub acc: Kahan<V>,
}

impl<V: Lanes, const FAST: bool> Step<V> for ExpShifted<V, FAST> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        if FAST {
            // The rounding of x - m costs |x - m| / 2 ULP at most, which
            // the Fast bound allows; -inf and NaN pass through the clamp.
            let e = exp_fast_nonpositive(x - self.m);
            self.acc.add(e);
            return e;
        }
        // e^(x - m) is 0 below -104. Such lanes (and -inf padding, and x - m
        // overflowing to -inf) compute on `m` instead, so that TwoSum never
        // sees an infinity (inf - inf would raise the invalid flag), and
        // give 0; a NaN difference stays NaN.
        let d = x - self.m;
        let near = d.ge(V::splat(-104.0));
        let (dh, dl) = two_sum(V::select(near, x, self.m), -self.m);
        // dh is in [-104, 0] (or NaN): no clamp needed.
        let (s, t, n) = exp_parts_in_range(dh, dl);
        let far = V::select(d.is_nan(), d, V::splat(0.0));
        // All results normal: 2^n is an exact add to the exponent field.
        let e = if V::BRANCH_PER_VECTOR && V::all(dh.ge(V::splat(-NORMAL_LIMIT))) {
            V::from_bits((s + t).to_bits().add(n.shl::<23>()))
        } else {
            ldexp_gradual(s + t, n)
        };
        let e = V::select(near, e, far);
        self.acc.add(e);
        e
    }
}

/// `x * c`.
pub(crate) struct Times<V>(pub V);

impl<V: Lanes> Step<V> for Times<V> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        x * self.0
    }
}
