//! Per-lane compensated summation, for the row functions' sums.

use crate::lanes::Lanes;

/// Per-lane Kahan summation, and the Fast tier's cheaper blocked form.
///
/// The blocked form exists on x86-64 only, where the row functions'
/// exponential pass is bound by the FP pipes and the three additions it
/// saves per vector pay (compare Fast softmax in `benches/peers` with
/// `add_blocked` calling `add`).
/// Elsewhere `add_blocked` is `add`: the extra state in every row
/// function's instantiation grew the ARMv6-M test firmware past its 4 MiB.
pub(crate) struct Kahan<V> {
    sum: V,
    comp: V,
    /// [`Kahan::add_blocked`]'s plain partial sum and how many vectors it
    /// holds.
    #[cfg(target_arch = "x86_64")]
    block: V,
    #[cfg(target_arch = "x86_64")]
    count: u32,
}

/// Vectors per plain block of [`Kahan::add_blocked`]: the relative error of
/// a block of nonnegative terms is at most `(BLOCK - 1)` roundings, 1.5 ULP.
#[cfg(target_arch = "x86_64")]
const BLOCK: u32 = 4;

impl<V: Lanes> Kahan<V> {
    #[inline(always)]
    pub(crate) fn new() -> Self {
        Kahan {
            sum: V::splat(0.0),
            comp: V::splat(0.0),
            #[cfg(target_arch = "x86_64")]
            block: V::splat(0.0),
            #[cfg(target_arch = "x86_64")]
            count: 0,
        }
    }
    /// Adds `x` (nonnegative lanes) to a plain partial sum, which joins the
    /// compensated sum every [`BLOCK`] vectors: one addition per vector
    /// instead of four, and the error still does not grow with the length.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(crate) fn add_blocked(&mut self, x: V) {
        self.block = self.block + x;
        self.count += 1;
        if self.count == BLOCK {
            self.add(self.block);
            self.block = V::splat(0.0);
            self.count = 0;
        }
    }
    /// [`Kahan::add`] off x86-64 (see the type's docs).
    #[cfg(not(target_arch = "x86_64"))]
    #[inline(always)]
    pub(crate) fn add_blocked(&mut self, x: V) {
        self.add(x);
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
        #[cfg(target_arch = "x86_64")]
        {
            let mut b = [0.0f32; MAX_LANES];
            self.block.store(&mut b);
            for v in &b[..V::LANES] {
                t += *v as f64;
            }
        }
        t
    }
}
