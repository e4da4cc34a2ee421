//! Softmax over one slice: `y_i = e^(x_i - max) / sum_j e^(x_j - max)`.
//!
//! Three passes: the maximum; `e^(x_i - max)` written to the output while
//! summing; a scale by the reciprocal of the sum.
//! - Subtracting the maximum makes every exponent `<= 0`, so nothing
//!   overflows for any input magnitude. `x_i - max` is carried exactly as a
//!   TwoSum and handed to the exponential core as a two-float argument, so the
//!   error does not grow with `|x_i - max|`.
//! - The sum is a Kahan sum per lane, with the lanes combined in `f64`: its
//!   error stays near one rounding whatever the length.
//! - NaN or `+inf` anywhere makes the sum NaN, so every output is NaN; all
//!   `-inf` makes `max = -inf` and every difference NaN, so all NaN too;
//!   a `-inf` element among finite ones gives exactly 0.

use super::{Io, Step, apply};
use crate::lanes::{Job, Lanes};
use crate::math::exponential::exp_parts_in_range;
use crate::math::ldexp;
use crate::math::twofold::two_sum;

/// The softmax of one whole slice (a row).
pub(crate) struct Softmax<'a>(pub Io<'a>);

impl Job for Softmax<'_> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(self) {
        let Softmax(io) = self;
        // Nothing to do, and no 1/0 to compute, for an empty row.
        if io.input().is_empty() {
            return;
        }
        let mut f = ExpShifted {
            m: V::splat(max::<V>(io.input())),
            acc: Kahan::new(),
        };
        // The tail's missing lanes are -inf, so they add e^-inf = 0.
        let out = match io {
            Io::Out(i, o) => {
                apply::<V, U>(Io::Out(i, &mut *o), f32::NEG_INFINITY, &mut f);
                o
            }
            Io::InPlace(d) => {
                apply::<V, U>(Io::InPlace(&mut *d), f32::NEG_INFINITY, &mut f);
                d
            }
        };
        let inv = V::splat((1.0 / f.acc.total()) as f32);
        apply::<V, U>(Io::InPlace(out), 0.0, &mut Times(inv));
    }
}

/// `e^(x - m)`, summed on the way.
struct ExpShifted<V> {
    m: V,
    acc: Kahan<V>,
}

impl<V: Lanes> Step<V> for ExpShifted<V> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
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
        let e = V::select(near, ldexp(s + t, n), far);
        self.acc.add(e);
        e
    }
}

/// `x * c`.
struct Times<V>(V);

impl<V: Lanes> Step<V> for Times<V> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        x * self.0
    }
}

/// The largest element; NaN-tolerant (a NaN may or may not win, the exponential
/// pass turns it into NaN outputs either way). `-inf` for an empty slice.
#[inline(always)]
fn max<V: Lanes>(x: &[f32]) -> f32 {
    let mut chunks = x.chunks_exact(V::LANES);
    let mut m = V::splat(f32::NEG_INFINITY);
    for c in &mut chunks {
        m = m.max(V::load(c));
    }
    m = m.max(V::load_or(chunks.remainder(), f32::NEG_INFINITY));
    m.reduce_max()
}

/// Per-lane Kahan summation.
struct Kahan<V> {
    sum: V,
    comp: V,
}

impl<V: Lanes> Kahan<V> {
    #[inline(always)]
    fn new() -> Self {
        Kahan {
            sum: V::splat(0.0),
            comp: V::splat(0.0),
        }
    }
    #[inline(always)]
    fn add(&mut self, x: V) {
        let y = x - self.comp;
        let t = self.sum + y;
        self.comp = (t - self.sum) - y;
        self.sum = t;
    }
    /// The lanes' sums, combined in `f64`.
    #[inline(always)]
    fn total(&self) -> f64 {
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
