//! What the row functions share: the maximum, the shifted exponentials
//! summed with a per-lane Kahan sum, and filling a masked row.

use super::{Io, Step};
use crate::MaskedRows;
use crate::lanes::IntLanes;
use crate::lanes::Lanes;
use crate::math::exp_fast::exp_fast_nonpositive;
use crate::math::exponential::FAST_LIMIT;
use crate::math::exponential::exp_parts_in_range;
use crate::math::ldexp_gradual;
use crate::math::twofold::two_sum;

/// The row's maximum, or `None` when the row is done: empty (nothing to
/// do, and no 1/0 to compute), or fully masked with [`MaskedRows::Zero`],
/// which writes `zero` (the function's zero probability) to every output.
#[inline(always)]
pub(crate) fn row_max<V: Lanes>(io: &mut Io<'_>, masked: MaskedRows, zero: f32) -> Option<f32> {
    if io.input().is_empty() {
        return None;
    }
    let m = max::<V>(io.input());
    if m == f32::NEG_INFINITY && masked == MaskedRows::Zero {
        match io {
            Io::Out(_, o) => o.iter_mut().for_each(|y| *y = zero),
            Io::InPlace(d) => d.iter_mut().for_each(|y| *y = zero),
        }
        return None;
    }
    Some(m)
}

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
        let e = if V::FAST_PATHS && V::all(dh.ge(V::splat(-FAST_LIMIT))) {
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

/// The largest element; NaN-tolerant (a NaN may or may not win, the exponential
/// pass turns it into NaN outputs either way). `-inf` for an empty slice.
#[inline(always)]
pub(crate) fn max<V: Lanes>(x: &[f32]) -> f32 {
    let mut chunks = x.chunks_exact(V::LANES);
    let mut m = V::splat(f32::NEG_INFINITY);
    for c in &mut chunks {
        m = m.max(V::load(c));
    }
    m = m.max(V::load_or(chunks.remainder(), f32::NEG_INFINITY));
    m.reduce_max()
}

/// Per-lane Kahan summation.
pub(crate) struct Kahan<V> {
    sum: V,
    comp: V,
}

impl<V: Lanes> Kahan<V> {
    #[inline(always)]
    pub(crate) fn new() -> Self {
        Kahan {
            sum: V::splat(0.0),
            comp: V::splat(0.0),
        }
    }
    #[inline(always)]
    pub(crate) fn add(&mut self, x: V) {
        let y = x - self.comp;
        let t = self.sum + y;
        self.comp = (t - self.sum) - y;
        self.sum = t;
    }
    /// The lanes' sums, combined in `f64`.
    #[inline(always)]
    pub(crate) fn total(&self) -> f64 {
        const MAX_LANES: usize = 64;
        const { assert!(V::LANES <= MAX_LANES) };
        let (mut s, mut c) = ([0.0f32; MAX_LANES], [0.0f32; MAX_LANES]);
        self.sum.store(&mut s);
        self.comp.store(&mut c);
        let mut t = 0.0f64;
        for i in 0..V::LANES {
            t += s[i] as f64 - c[i] as f64;
        }
        t
    }
}
