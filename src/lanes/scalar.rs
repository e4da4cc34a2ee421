//! `Backend::Scalar`: one lane, plain `f32`. Runs everywhere, including
//! soft-float `thumbv6m`. `mul_add` is not fused (`core` has no portable
//! fused multiply-add; `libm::fmaf` is exact but slow in software).

use super::{IntLanes, Lanes};

impl IntLanes for i32 {
    #[inline(always)]
    fn splat(v: i32) -> Self {
        v
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        self.wrapping_add(o)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        self.wrapping_sub(o)
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        self.wrapping_shl(N as u32)
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        self.wrapping_shr(N as u32)
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        Ord::min(self, o)
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        Ord::max(self, o)
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        self & o
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        self | o
    }
}

impl Lanes for f32 {
    const LANES: usize = 1;
    const FMA: bool = false;
    // Where the target has SIMD, LLVM vectorizes the one-lane loop and
    // if-converts the branch: the in-range path then runs on elements it does
    // not fit (out of range), raising the invalid flag on finite inputs.
    // Without SIMD (the thumb targets) the branch stays a branch.
    const BRANCH_PER_VECTOR: bool = !cfg!(any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_family = "wasm"
    ));
    // One lane has no parallel sums: a compensated addition per element
    // chains every element to the next (four additions deep). Blocked
    // where that was measured to pay (x86-64), not on the thumb targets,
    // whose code size it would grow.
    const BLOCKED_SUMS: bool = cfg!(any(target_arch = "x86_64", target_arch = "x86"));
    const SUBNORMAL_ASSISTS: bool = cfg!(any(target_arch = "x86_64", target_arch = "x86"));
    type Mask = bool;
    type Int = i32;
    type Tail = Self;
    #[cfg(target_arch = "x86_64")]
    type Rows = super::pair::Pair<super::pair::Pair<f32>>;
    #[cfg(not(target_arch = "x86_64"))]
    type Rows = Self;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        v
    }
    #[inline(always)]
    fn load_or(src: &[f32], fill: f32) -> Self {
        src.first().copied().unwrap_or(fill)
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        if let Some(d) = dst.first_mut() {
            *d = self;
        }
    }
    #[inline(always)]
    fn load_u16_or(src: &[u16], fill: u16) -> i32 {
        i32::from(src.first().copied().unwrap_or(fill))
    }
    #[inline(always)]
    fn store_u16(v: i32, dst: &mut [u16]) {
        if let Some(d) = dst.first_mut() {
            *d = v as u16;
        }
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        self * a + b
    }
    // A false comparison (NaN) yields `o`, as minss/maxss do.
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        if self < o { self } else { o }
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        if self > o { self } else { o }
    }
    #[inline(always)]
    fn abs(self) -> Self {
        f32::from_bits(self.to_bits() & 0x7fff_ffff)
    }
    #[inline(always)]
    fn lt(self, o: Self) -> bool {
        self < o
    }
    #[inline(always)]
    fn le(self, o: Self) -> bool {
        self <= o
    }
    #[inline(always)]
    fn ge(self, o: Self) -> bool {
        self >= o
    }
    #[inline(always)]
    fn not_lt(self, o: Self) -> bool {
        self >= o || self.is_nan() || o.is_nan()
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        self.is_nan()
    }
    #[inline(always)]
    fn mask_or(a: bool, b: bool) -> bool {
        a | b
    }
    #[inline(always)]
    fn all(m: bool) -> bool {
        m
    }
    #[inline(always)]
    fn select(m: bool, t: Self, f: Self) -> Self {
        if m { t } else { f }
    }
    #[inline(always)]
    fn to_bits(self) -> i32 {
        f32::to_bits(self) as i32
    }
    #[inline(always)]
    fn from_bits(i: i32) -> Self {
        f32::from_bits(i as u32)
    }
    #[inline(always)]
    fn reduce_max(self) -> f32 {
        self
    }
}
