//! The row functions' exponential pass: `e^(x - max)`, summed as it goes
//! (a per-lane Kahan sum; in the Fast tier, of blocks of plain sums), and
//! the scaling pass that follows ([`Unscale`]).

use super::Step;
use super::kahan::Kahan;
use crate::lanes::IntLanes;
use crate::lanes::Lanes;
use crate::math::exp_fast::{exp_fast_nonpositive, exp_fast_nonpositive_up};
use crate::math::exp_lut::exp_lut_lo;
use crate::math::exponential::NORMAL_LIMIT;
use crate::math::exponential::exp_parts_in_range;
use crate::math::ldexp_gradual;
use crate::math::twofold::two_sum;

/// `e^(x - m)`, summed on the way; `FAST` takes the Fast tier's method
/// (`x - m` rounded, the Fast exponential). With `UP`, the results and the
/// sum are `2^64` times their value (see [`Unscale`]).
pub(crate) struct ExpShifted<V, const FAST: bool, const UP: bool = false> {
    pub m: V,
    pub acc: Kahan<V>,
}

/// `2^k` for `k` in `[-1022, 1023]`.
const fn pow2_f64(k: i32) -> f64 {
    f64::from_bits(((1023 + k) as u64) << 52)
}

/// The exponent of the `UP` scale.
const UP_EXP: i32 = 64;

impl<V: Lanes, const FAST: bool, const UP: bool> ExpShifted<V, FAST, UP> {
    /// The sum of the exponentials at their own scale.
    #[inline(always)]
    pub(crate) fn sum(&self) -> f64 {
        let t = self.acc.total();
        // Exact in f64.
        if UP { t * pow2_f64(-UP_EXP) } else { t }
    }
}

impl<V: Lanes, const FAST: bool, const UP: bool> Step<V> for ExpShifted<V, FAST, UP> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        if FAST {
            // The rounding of x - m costs |x - m| / 2 ULP at most, which
            // the Fast bound allows; -inf and NaN pass through the clamp.
            let d = x - self.m;
            let e = if UP {
                exp_fast_nonpositive_up(d)
            } else {
                exp_fast_nonpositive(d)
            };
            self.acc.add_blocked(e);
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
        let (m, n) = if V::TABLE32 {
            let (m, _, n) = exp_lut_lo(dh, dl);
            (m, n)
        } else {
            let (s, t, n) = exp_parts_in_range(dh, dl);
            (s + t, n)
        };
        let far = V::select(d.is_nan(), d, V::splat(0.0));
        let e = if UP {
            // 2^(n + 64) >= 2^-87: always an exact add to the exponent field.
            V::from_bits(m.to_bits().add(n.add(V::Int::splat(UP_EXP)).shl::<23>()))
        } else if V::BRANCH_PER_VECTOR && V::all(dh.ge(V::splat(-NORMAL_LIMIT))) {
            // All results normal: 2^n is an exact add to the exponent field.
            V::from_bits(m.to_bits().add(n.shl::<23>()))
        } else {
            ldexp_gradual(m, n)
        };
        let e = V::select(near, e, far);
        self.acc.add(e);
        e
    }
}

/// `w * 2^-64 / sum` for the exponentials `w` of an [`ExpShifted`] with
/// `UP` (`sum` at that scale too), subnormal results included, without a
/// multiplication whose operand or result is subnormal: such a
/// multiplication takes a slow microcode assist on some CPUs, and a row
/// whose exponentials span more than 87 had one in most vectors. That is
/// why the exponentials are kept at `2^64` (normal down to `e^-150`)
/// between the passes.
///
/// Where the result is subnormal (`w < lo`), `q = w * 2^149 / sum`, the
/// result in units of `2^-149`, is at most `2^23`; adding `2^23` rounds it
/// to an integer, and that integer is the result's bit pattern (as in
/// `math::ldexp_gradual`; `q` itself is rounded first, which may move a
/// tie by one unit of `2^-149`).
pub(crate) struct Unscale<V> {
    inv: V,
    inv_149: V,
    /// The smallest `w` whose product with `inv` is normal.
    lo: V,
}

impl<V: Lanes> Unscale<V> {
    #[inline(always)]
    pub(crate) fn new<const FAST: bool>(e: &ExpShifted<V, FAST, true>) -> Self {
        let total = e.acc.total();
        let inv = (1.0 / total) as f32;
        Unscale {
            inv: V::splat(inv),
            // The f32 rounding of 1 / total, times 2^149.
            inv_149: V::splat((pow2_f64(149) / total) as f32),
            lo: V::splat(normal_from(inv)),
        }
    }
}

/// The smallest positive `w` with `w * inv >= 2^-126` (the products are
/// exact in f64), for `inv` in `[2^-100, 2^-64]`; NaN for NaN.
#[inline(always)]
fn normal_from(inv: f32) -> f32 {
    let (min, inv64) = (f64::from(f32::MIN_POSITIVE), f64::from(inv));
    let mut w = (min / inv64) as f32;
    if !w.is_finite() {
        return w;
    }
    while f64::from(w) * inv64 < min {
        w = f32::from_bits(w.to_bits() + 1);
    }
    while f64::from(f32::from_bits(w.to_bits() - 1)) * inv64 >= min {
        w = f32::from_bits(w.to_bits() - 1);
    }
    w
}

impl<V: Lanes> Step<V> for Unscale<V> {
    #[inline(always)]
    fn step(&mut self, w: V) -> V {
        if V::BRANCH_PER_VECTOR && V::all(w.ge(self.lo)) {
            return w * self.inv;
        }
        const TWO_23: f32 = 8_388_608.0;
        let tiny = w.lt(self.lo);
        // The clamps keep both products in range (and normal): `q` is only
        // used where `w < lo`, `y` only where `w >= lo`. A NaN `w` passes.
        // (Masking `w` to zero in `y` would not do: the compiler turns
        // `select(0, w) * inv` into `select(0, w * inv)`.)
        let q = self.lo.min(w) * self.inv_149;
        let bits = (q + V::splat(TWO_23))
            .to_bits()
            .sub(V::Int::splat(TWO_23.to_bits() as i32));
        let y = self.lo.max(w) * self.inv;
        V::select(tiny, V::from_bits(bits), y)
    }
}
