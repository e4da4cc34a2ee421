//! Per-lane compensated summation, for the row functions' sums.

use crate::lanes::Lanes;

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
