//! `Backend::Simd256`: eight lanes in a ymm register, x86-64 AVX2 + FMA.
//!
//! Soundness rests on one invariant: a value of type [`Avx2`] is only ever
//! created inside [`run`], a `#[target_feature(enable = "avx2,fma")]`
//! function that the dispatch (`src/backend/mod.rs`) calls only after
//! `Kernels::new` checked the CPU. The module system enforces it: `Avx2`
//! and `Avx2i` are private to this file, so no code elsewhere can name them
//! or call their methods, and `run` is the only function here that
//! instantiates kernels with them. Every intrinsic call below therefore
//! executes on a CPU with AVX2 and FMA, the only precondition of those
//! intrinsics; loads and stores additionally get in-bounds pointers from a
//! slice of sufficient length (or a mask of the lanes that exist).
//!
//! Kernels run on `Pair<Avx2>` (two ymm vectors in lockstep, see
//! `pair.rs`), so `Kernels::backend()` reports 8-lane AVX2 while each
//! kernel step is issued for 16 lanes.

use super::{IntLanes, Job, Lanes};
use core::arch::x86_64::*;
use core::ops::{Add, Div, Mul, Neg, Sub};

/// Runs `job` with the AVX2 lanes, compiled for AVX2 + FMA.
///
/// # Safety
/// The CPU must support AVX2 and FMA, and the OS must save ymm state
/// (`detect::has_avx2_fma()` returned true).
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn run<J: Job>(job: J) -> J::Output {
    // Unroll policy: two vectors in lockstep (`Pair`), two pairs per
    // main-loop iteration (four registers in flight).
    job.run::<super::pair::Pair<Avx2>, 2>()
}

#[derive(Clone, Copy)]
struct Avx2(__m256);

#[derive(Clone, Copy)]
struct Avx2i(__m256i);

// Each method below wraps one intrinsic (or a short fixed sequence). SAFETY
// for every `unsafe` block in this file: an `Avx2`/`Avx2i` value exists only
// inside `run` (see the module docs), so AVX2 and FMA are available; pointer
// arguments come from slices of at least 8 elements.
macro_rules! binop {
    ($tr:ident, $m:ident, $intr:ident) => {
        impl $tr for Avx2 {
            type Output = Avx2;
            #[inline(always)]
            fn $m(self, o: Avx2) -> Avx2 {
                // SAFETY: AVX available inside `run` (module invariant).
                Avx2(unsafe { $intr(self.0, o.0) })
            }
        }
    };
}
binop!(Add, add, _mm256_add_ps);
binop!(Sub, sub, _mm256_sub_ps);
binop!(Mul, mul, _mm256_mul_ps);
binop!(Div, div, _mm256_div_ps);

impl Neg for Avx2 {
    type Output = Avx2;
    #[inline(always)]
    fn neg(self) -> Avx2 {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_xor_ps(self.0, _mm256_set1_ps(-0.0)) })
    }
}

impl IntLanes for Avx2i {
    #[inline(always)]
    fn splat(v: i32) -> Self {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_set1_epi32(v) })
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: AVX2 available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_add_epi32(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: AVX2 available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_sub_epi32(self.0, o.0) })
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        // SAFETY: AVX2 available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_slli_epi32::<N>(self.0) })
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        // SAFETY: AVX2 available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_srai_epi32::<N>(self.0) })
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        // SAFETY: AVX2 available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_min_epi32(self.0, o.0) })
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // SAFETY: AVX2 available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_max_epi32(self.0, o.0) })
    }
}

impl Lanes for Avx2 {
    const LANES: usize = 8;
    const FMA: bool = true;
    type Mask = Avx2;
    type Int = Avx2i;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_set1_ps(v) })
    }
    #[inline(always)]
    fn load_or(src: &[f32], fill: f32) -> Self {
        match src.first_chunk::<8>() {
            // SAFETY: `a` points to 8 readable f32; AVX available (invariant).
            Some(a) => Avx2(unsafe { _mm256_loadu_ps(a.as_ptr()) }),
            // Through a copy, not a masked load: `vmaskmovps` is
            // microcoded on AMD, and its masked-off lanes take a slow path
            // when they reach into an untouched or unmapped page.
            None => {
                let mut buf = [fill; 8];
                for (b, s) in buf.iter_mut().zip(src) {
                    *b = *s;
                }
                // SAFETY: `buf` holds 8 f32; AVX available (invariant).
                Avx2(unsafe { _mm256_loadu_ps(buf.as_ptr()) })
            }
        }
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        match dst.first_chunk_mut::<8>() {
            // SAFETY: `d` points to 8 writable f32; AVX available (invariant).
            Some(d) => unsafe { _mm256_storeu_ps(d.as_mut_ptr(), self.0) },
            // Through a copy, as in `load_or`.
            None => {
                let mut buf = [0.0f32; 8];
                // SAFETY: `buf` holds 8 f32; AVX available (invariant).
                unsafe { _mm256_storeu_ps(buf.as_mut_ptr(), self.0) };
                for (d, b) in dst.iter_mut().zip(&buf) {
                    *d = *b;
                }
            }
        }
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        // SAFETY: FMA available inside `run` (module invariant).
        Avx2(unsafe { _mm256_fmadd_ps(self.0, a.0, b.0) })
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_min_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_max_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn abs(self) -> Self {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_andnot_ps(_mm256_set1_ps(-0.0), self.0) })
    }
    #[inline(always)]
    fn lt(self, o: Self) -> Avx2 {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_cmp_ps::<_CMP_LT_OQ>(self.0, o.0) })
    }
    #[inline(always)]
    fn le(self, o: Self) -> Avx2 {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_cmp_ps::<_CMP_LE_OQ>(self.0, o.0) })
    }
    #[inline(always)]
    fn ge(self, o: Self) -> Avx2 {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_cmp_ps::<_CMP_GE_OQ>(self.0, o.0) })
    }
    #[inline(always)]
    fn is_nan(self) -> Avx2 {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_cmp_ps::<_CMP_UNORD_Q>(self.0, self.0) })
    }
    #[inline(always)]
    fn mask_or(a: Avx2, b: Avx2) -> Avx2 {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_or_ps(a.0, b.0) })
    }
    #[inline(always)]
    fn all(m: Avx2) -> bool {
        // SAFETY: AVX available inside `run` (module invariant).
        unsafe { _mm256_movemask_ps(m.0) == 0xff }
    }
    #[inline(always)]
    fn select(m: Avx2, t: Self, f: Self) -> Self {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_blendv_ps(f.0, t.0, m.0) })
    }
    #[inline(always)]
    fn to_bits(self) -> Avx2i {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_castps_si256(self.0) })
    }
    #[inline(always)]
    fn from_bits(i: Avx2i) -> Self {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_castsi256_ps(i.0) })
    }
    #[inline(always)]
    fn reduce_max(self) -> f32 {
        // SAFETY: AVX available inside `run` (module invariant).
        unsafe {
            let m = _mm_max_ps(
                _mm256_castps256_ps128(self.0),
                _mm256_extractf128_ps::<1>(self.0),
            );
            let m = _mm_max_ps(m, _mm_movehl_ps(m, m));
            let m = _mm_max_ss(m, _mm_shuffle_ps::<0b01>(m, m));
            _mm_cvtss_f32(m)
        }
    }
}
