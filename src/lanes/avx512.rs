//! `Backend::Simd512`: sixteen lanes in a zmm register, x86-64 AVX-512F,
//! with comparison results in k-registers (`Mask = __mmask16`). Partial
//! vectors use no masked loads or stores: `f32` tails are two 8-lane halves
//! (`avx2::load_short`), `u16` tails go through a stack array.
//!
//! Soundness rests on the same invariant as `avx2.rs`: `Avx512` and
//! `Avx512i` are private to this file and only ever instantiated by [`run`],
//! a `#[target_feature(enable = "avx512f,avx2,fma")]` function that the
//! dispatch (the `simd512` entries of `entries!` in `src/dispatch.rs`, and
//! the test-only `Kernels::run`) calls only for a `Kernels` holding
//! `Simd512`, which `Kernels::new`/`detect` create only
//! after CPUID and XGETBV confirmed AVX-512F (and AVX2 + FMA + F16C) and OS
//! support for the opmask and zmm state. The `f16` conversions are the
//! AVX-512F forms of `vcvtph2ps`/`vcvtps2ph`, so need nothing more.

use super::{IntLanes, Job, Lanes};
use core::arch::x86_64::*;
use core::ops::{Add, Div, Mul, Neg, Sub};

/// Runs `job` with the AVX-512 lanes, compiled for AVX-512F.
///
/// # Safety
/// The CPU must support AVX-512F, AVX2 and FMA, and the OS must save the
/// opmask and zmm state (`detect::has_avx512f()` returned true).
#[target_feature(enable = "avx512f,avx2,fma")]
#[inline]
pub(crate) unsafe fn run<J: Job>(job: J) -> J::Output {
    // Unroll policy: two vectors in lockstep (`Pair`), two pairs per
    // main-loop iteration (four registers in flight); two single vectors
    // for jobs with many constants (`Job::LOCKSTEP`).
    if J::LOCKSTEP {
        job.run::<super::pair::Pair<Avx512>, 2>()
    } else {
        job.run::<Avx512, 2>()
    }
}

#[derive(Clone, Copy)]
struct Avx512(__m512);

#[derive(Clone, Copy)]
struct Avx512i(__m512i);

// SAFETY for every `unsafe` block in this file: an `Avx512`/`Avx512i` value
// exists only inside `run` (see the module docs), so AVX-512F is available;
// pointer arguments come from slices of at least 16 elements, or are masked
// to the lanes that exist.
macro_rules! binop {
    ($tr:ident, $m:ident, $intr:ident) => {
        impl $tr for Avx512 {
            type Output = Avx512;
            #[inline(always)]
            fn $m(self, o: Avx512) -> Avx512 {
                // SAFETY: AVX-512F available inside `run` (module invariant).
                Avx512(unsafe { $intr(self.0, o.0) })
            }
        }
    };
}
binop!(Add, add, _mm512_add_ps);
binop!(Sub, sub, _mm512_sub_ps);
binop!(Mul, mul, _mm512_mul_ps);
binop!(Div, div, _mm512_div_ps);

impl Neg for Avx512 {
    type Output = Avx512;
    #[inline(always)]
    fn neg(self) -> Avx512 {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe {
            let sign = _mm512_set1_epi32(i32::MIN);
            _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(self.0), sign))
        })
    }
}

/// The shift count operand of `vpslld`/`vpsrad` (AVX-512F has no
/// immediate-shift intrinsic taking an `i32` const generic).
#[inline(always)]
fn count<const N: i32>() -> __m128i {
    // SAFETY: SSE2 is part of x86-64.
    unsafe { _mm_cvtsi32_si128(N) }
}

impl IntLanes for Avx512i {
    #[inline(always)]
    fn splat(v: i32) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_set1_epi32(v) })
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_add_epi32(self.0, o.0) })
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_sub_epi32(self.0, o.0) })
    }
    #[inline(always)]
    fn shl<const N: i32>(self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_sll_epi32(self.0, count::<N>()) })
    }
    #[inline(always)]
    fn shr<const N: i32>(self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_sra_epi32(self.0, count::<N>()) })
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_min_epi32(self.0, o.0) })
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_max_epi32(self.0, o.0) })
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_and_si512(self.0, o.0) })
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_or_si512(self.0, o.0) })
    }
}

/// The sixteen `u16` of `s` (exactly 16 long), zero-extended into `i32`
/// lanes.
#[cfg_attr(not(feature = "half"), allow(dead_code))] // see `lanes/mod.rs`
#[inline(always)]
fn widen16(s: &[u16; 16]) -> Avx512i {
    // SAFETY: `s` points to 32 readable bytes (`loadu`: any alignment);
    // AVX-512F available inside `run` (module invariant).
    Avx512i(unsafe { _mm512_cvtepu16_epi32(_mm256_loadu_si256(s.as_ptr().cast())) })
}

/// The low 16 bits of each `i32` lane, as sixteen `u16` (`vpmovdw`
/// truncates).
#[cfg_attr(not(feature = "half"), allow(dead_code))] // see `lanes/mod.rs`
#[inline(always)]
fn narrow16(v: Avx512i) -> __m256i {
    // SAFETY: AVX-512F available inside `run` (module invariant).
    unsafe { _mm512_cvtepi32_epi16(v.0) }
}

/// `lo` in lanes 0..8, `hi` in lanes 8..16.
///
/// # Safety
/// The CPU has AVX-512F.
#[inline(always)]
unsafe fn join(lo: __m256, hi: __m256) -> __m512 {
    // SAFETY: AVX-512F by the caller's contract; casts are free.
    unsafe {
        let lo = _mm512_castps_pd(_mm512_castps256_ps512(lo));
        _mm512_castpd_ps(_mm512_insertf64x4::<1>(lo, _mm256_castps_pd(hi)))
    }
}

/// Lanes 0..8 and 8..16 of `v`.
///
/// # Safety
/// The CPU has AVX-512F.
#[inline(always)]
unsafe fn split(v: __m512) -> (__m256, __m256) {
    // SAFETY: AVX-512F by the caller's contract; casts are free.
    unsafe {
        (
            _mm512_castps512_ps256(v),
            _mm256_castpd_ps(_mm512_extractf64x4_pd::<1>(_mm512_castps_pd(v))),
        )
    }
}

impl Lanes for Avx512 {
    const LANES: usize = 16;
    const FMA: bool = true;
    const CHEAP_SELECT: bool = true;
    const TABLE32: bool = true;
    const BLOCKED_SUMS: bool = true;
    type Mask = __mmask16;
    type Int = Avx512i;
    type Tail = Self;
    type Rows = Self;

    #[inline(always)]
    fn splat(v: f32) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_set1_ps(v) })
    }
    #[inline(always)]
    fn load_or(src: &[f32], fill: f32) -> Self {
        match src.first_chunk::<16>() {
            // SAFETY: `a` points to 16 readable f32; AVX-512F available.
            Some(a) => Avx512(unsafe { _mm512_loadu_ps(a.as_ptr()) }),
            // Not a masked load (see `avx2::load_short`): the 8-lane halves,
            // each a full load or the lanes that exist.
            // SAFETY: `eight` points to 8 readable f32; AVX-512F (so AVX)
            // available inside `run`.
            None => Avx512(unsafe {
                let (lo, hi) = match src.split_at_checked(8) {
                    Some((eight, rest)) => (
                        _mm256_loadu_ps(eight.as_ptr()),
                        super::avx2::load_short(rest, fill),
                    ),
                    None => (super::avx2::load_short(src, fill), _mm256_set1_ps(fill)),
                };
                join(lo, hi)
            }),
        }
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        match dst.first_chunk_mut::<16>() {
            // SAFETY: `d` points to 16 writable f32; AVX-512F available.
            Some(d) => unsafe { _mm512_storeu_ps(d.as_mut_ptr(), self.0) },
            // The 8-lane halves, as `load_or` reads them.
            // SAFETY: `eight` points to 8 writable f32; AVX-512F (so AVX)
            // available inside `run`.
            None => unsafe {
                let (lo, hi) = split(self.0);
                match dst.split_at_mut_checked(8) {
                    Some((eight, rest)) => {
                        _mm256_storeu_ps(eight.as_mut_ptr(), lo);
                        super::avx2::store_short(hi, rest);
                    }
                    None => super::avx2::store_short(lo, dst),
                }
            },
        }
    }
    #[inline(always)]
    fn load_u16_or(src: &[u16], fill: u16) -> Avx512i {
        match src.first_chunk::<16>() {
            Some(a) => widen16(a),
            // A short slice: element by element into a stack array (no
            // masked load, no `memcpy` call: see `u16_prefix_or`), then the
            // full-width load.
            None => widen16(&super::u16_prefix_or::<16>(src, fill)),
        }
    }
    #[inline(always)]
    fn store_u16(v: Avx512i, dst: &mut [u16]) {
        let h = narrow16(v);
        match dst.first_chunk_mut::<16>() {
            // SAFETY: `d` points to 32 writable bytes (`storeu`: any
            // alignment); AVX available inside `run` (module invariant).
            Some(d) => unsafe { _mm256_storeu_si256(d.as_mut_ptr().cast(), h) },
            // A short slice: through a stack array, element by element.
            None => {
                let mut a = [0u16; 16];
                // SAFETY: `a` is 32 writable bytes; AVX available (invariant).
                unsafe { _mm256_storeu_si256(a.as_mut_ptr().cast(), h) };
                super::u16_store_prefix(a, dst);
            }
        }
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_fmadd_ps(self.0, a.0, b.0) })
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_min_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_max_ps(self.0, o.0) })
    }
    #[inline(always)]
    fn abs(self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_abs_ps(self.0) })
    }
    #[inline(always)]
    fn lt(self, o: Self) -> __mmask16 {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        unsafe { _mm512_cmp_ps_mask::<_CMP_LT_OQ>(self.0, o.0) }
    }
    #[inline(always)]
    fn le(self, o: Self) -> __mmask16 {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        unsafe { _mm512_cmp_ps_mask::<_CMP_LE_OQ>(self.0, o.0) }
    }
    #[inline(always)]
    fn ge(self, o: Self) -> __mmask16 {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        unsafe { _mm512_cmp_ps_mask::<_CMP_GE_OQ>(self.0, o.0) }
    }
    #[inline(always)]
    fn not_lt(self, o: Self) -> __mmask16 {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        unsafe { _mm512_cmp_ps_mask::<_CMP_NLT_UQ>(self.0, o.0) }
    }
    #[inline(always)]
    fn is_nan(self) -> __mmask16 {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        unsafe { _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(self.0, self.0) }
    }
    #[inline(always)]
    fn mask_or(a: __mmask16, b: __mmask16) -> __mmask16 {
        a | b
    }
    #[inline(always)]
    fn all(m: __mmask16) -> bool {
        m == 0xffff
    }
    #[inline(always)]
    fn select(m: __mmask16, t: Self, f: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_mask_blend_ps(m, f.0, t.0) })
    }
    #[inline(always)]
    fn to_bits(self) -> Avx512i {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe { _mm512_castps_si512(self.0) })
    }
    #[inline(always)]
    fn from_bits(i: Avx512i) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_castsi512_ps(i.0) })
    }
    /// `vcvtph2ps` (AVX-512F): exact, subnormals included; a NaN keeps its
    /// sign and payload, made quiet.
    #[inline(always)]
    fn from_f16(h: Avx512i) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_cvtph_ps(narrow16(h)) })
    }
    /// `vcvtps2ph` (AVX-512F), nearest even from the immediate, exceptions
    /// suppressed: correct rounding into the `f16` subnormals (MXCSR.FTZ
    /// does not apply to it), overflow to `±inf`, a NaN quiet with its
    /// sign and top payload bits.
    #[inline(always)]
    fn to_f16(self) -> Avx512i {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512i(unsafe {
            _mm512_cvtepu16_epi32(_mm512_cvtps_ph::<
                { _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC },
            >(self.0))
        })
    }
    /// `vpermt2ps` with the table in two registers (LLVM hoists their
    /// loads out of the kernels' loops): the low five bits of each lane
    /// select.
    #[inline(always)]
    fn lookup32(self, table: &[f32; 32]) -> Self {
        let (lo, hi) = table.split_at(16);
        // SAFETY: `lo` and `hi` are 16 readable f32 each; AVX-512F
        // available inside `run` (module invariant).
        Avx512(unsafe {
            _mm512_permutex2var_ps(
                _mm512_loadu_ps(lo.as_ptr()),
                _mm512_castps_si512(self.0),
                _mm512_loadu_ps(hi.as_ptr()),
            )
        })
    }
    /// `vscalefps`: `self * 2^floor(n)` rounded once (MXCSR's nearest
    /// even; subnormal results gradual).
    #[inline(always)]
    fn scale_floor(self, n: Self) -> Self {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        Avx512(unsafe { _mm512_scalef_ps(self.0, n.0) })
    }
    #[inline(always)]
    fn reduce_max(self) -> f32 {
        // SAFETY: AVX-512F available inside `run` (module invariant).
        unsafe { _mm512_reduce_max_ps(self.0) }
    }
}
