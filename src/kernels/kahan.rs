//! Per-lane compensated summation, for the row functions' sums.

use crate::lanes::Lanes;

/// Per-lane Kahan summation, and the Fast tier's cheaper blocked form
/// where the backend asks for it ([`Lanes::BLOCKED_SUMS`]; elsewhere
/// `add_blocked` is `add`, and the block's fields are never touched, so
/// the optimiser drops them).
pub(crate) struct Kahan<V> {
    sum: V,
    comp: V,
    /// [`Kahan::add_blocked`]'s plain partial sum and how many vectors it
    /// holds.
    block: V,
    count: u32,
}

/// Vectors per plain block of [`Kahan::add_blocked`]: the relative error of
/// a block of nonnegative terms is at most `(BLOCK - 1)` roundings, 1.5 ULP.
const BLOCK: u32 = 4;

impl<V: Lanes> Kahan<V> {
    #[inline(always)]
    pub(crate) fn new() -> Self {
        Kahan {
            sum: V::splat(0.0),
            comp: V::splat(0.0),
            block: V::splat(0.0),
            count: 0,
        }
    }
    /// Adds `x` (nonnegative lanes) to a plain partial sum, which joins the
    /// compensated sum every [`BLOCK`] vectors: one addition per vector
    /// instead of four, and the error still does not grow with the length.
    /// [`Kahan::add`] where [`Lanes::BLOCKED_SUMS`] is false.
    #[inline(always)]
    pub(crate) fn add_blocked(&mut self, x: V) {
        if !V::BLOCKED_SUMS {
            self.add(x);
            return;
        }
        self.block = self.block + x;
        self.count += 1;
        if self.count == BLOCK {
            self.add(self.block);
            self.block = V::splat(0.0);
            self.count = 0;
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
        if V::BLOCKED_SUMS {
            let mut b = [0.0f32; MAX_LANES];
            self.block.store(&mut b);
            for v in &b[..V::LANES] {
                t += *v as f64;
            }
        }
        t
    }
}
