//! The lanes trait: the small vector vocabulary every kernel is written in.
//!
//! Kernels (`src/kernels/`) and the math cores (`src/math/`) are generic over
//! [`Lanes`]; each backend implements it once (`scalar.rs`, `portable.rs`,
//! `avx2.rs`). Every method is `#[inline(always)]` and carries no
//! `#[target_feature]`: the x86 backends are entered through
//! `#[target_feature]` functions (see `avx2.rs`), and the whole generic
//! kernel inlines into that body, so it is compiled for that ISA.

use core::ops::{Add, Div, Mul, Neg, Sub};

#[cfg(target_arch = "x86_64")]
pub(crate) mod pair;
pub(crate) mod portable;
pub(crate) mod scalar;

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;
#[cfg(target_arch = "x86_64")]
pub(crate) mod avx512;

/// A piece of work written once over [`Lanes`]; the dispatch (and the x86
/// entry points in `avx2.rs` / `avx512.rs`) pick `V`. It lives here, in the
/// lowest layer, so that both can name it without importing upward.
///
/// `U` is the number of `V` vectors the slice driver keeps in flight per
/// main-loop iteration: together with the choice of `V` it is the backend's
/// unroll policy, stated once per backend where the job is started
/// (`Kernels::run` in `src/dispatch.rs`, `run` in `avx2.rs` / `avx512.rs`).
pub(crate) trait Job {
    type Output;
    fn run<V: Lanes, const U: usize>(self) -> Self::Output;
}

/// Lane-wise `i32` operations: the integer view used for exponent work
/// (building `2^n`, splitting a float into exponent and mantissa).
pub(crate) trait IntLanes: Copy {
    fn splat(v: i32) -> Self;
    fn add(self, o: Self) -> Self;
    fn sub(self, o: Self) -> Self;
    /// Logical left shift by the constant `N` (0..32).
    fn shl<const N: i32>(self) -> Self;
    /// Arithmetic right shift by the constant `N` (0..32).
    fn shr<const N: i32>(self) -> Self;
    fn min(self, o: Self) -> Self;
    fn max(self, o: Self) -> Self;
}

/// A vector of `LANES` `f32` values.
///
/// Arithmetic is IEEE-754 binary32 with round-to-nearest-even, no flushing of
/// subnormals, on every backend; the only freedom a backend has is whether
/// [`Lanes::mul_add`] is fused ([`Lanes::FMA`]). The math cores are written
/// so that their error bounds hold either way.
pub(crate) trait Lanes:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// Number of `f32` lanes.
    const LANES: usize;
    /// Whether `mul_add` rounds once (a true fused multiply-add).
    const FMA: bool;
    /// Whether kernels may branch per vector to a fast path (which gives
    /// the same bits as the general one where it applies).
    const FAST_PATHS: bool = true;
    /// Result of a comparison: all-ones lanes on SSE/AVX2/NEON, `bool` on the
    /// scalar backend, a k-register on AVX-512.
    type Mask: Copy;
    /// The same bits viewed as `i32` lanes.
    type Int: IntLanes;
    /// The vector the element-wise driver finishes a slice with: one
    /// register (half of a `Pair`), `Self` on the other backends,
    /// so that a short slice or a short tail computes 8 lanes, not 16.
    type Tail: Lanes;

    fn splat(v: f32) -> Self;
    /// Loads the first `LANES` values of `src`; if `src` is shorter, the
    /// missing lanes are `fill`. Never reads past `src`.
    fn load_or(src: &[f32], fill: f32) -> Self;
    /// [`Lanes::load_or`] with zero fill.
    #[inline(always)]
    fn load(src: &[f32]) -> Self {
        Self::load_or(src, 0.0)
    }
    /// Stores into the first `min(LANES, dst.len())` values of `dst`. Never
    /// writes past `dst`.
    fn store(self, dst: &mut [f32]);

    /// `self * a + b`, fused when `FMA` is true.
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// Lane-wise minimum. NaN in `o` gives NaN; NaN in `self` alone gives
    /// either operand. (Callers clamp as `limit.min(x)` so NaN `x` passes.)
    fn min(self, o: Self) -> Self;
    /// Lane-wise maximum, with the NaN rule of [`Lanes::min`].
    fn max(self, o: Self) -> Self;
    fn abs(self) -> Self;

    fn lt(self, o: Self) -> Self::Mask;
    fn le(self, o: Self) -> Self::Mask;
    fn ge(self, o: Self) -> Self::Mask;
    /// True where the lane is NaN.
    fn is_nan(self) -> Self::Mask;
    fn mask_or(a: Self::Mask, b: Self::Mask) -> Self::Mask;
    /// True if every lane of `m` is set (for fast paths taken per vector).
    fn all(m: Self::Mask) -> bool;
    /// `if m { t } else { f }`, lane-wise.
    fn select(m: Self::Mask, t: Self, f: Self) -> Self;

    fn to_bits(self) -> Self::Int;
    fn from_bits(i: Self::Int) -> Self;

    /// Largest lane; which lane a NaN yields is unspecified.
    fn reduce_max(self) -> f32;
}
