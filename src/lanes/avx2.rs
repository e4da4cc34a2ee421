//! `Backend::Simd256`: eight lanes in a ymm register, x86-64 AVX2 + FMA,
//! and F16C for the `f16` conversions.
//!
//! Soundness rests on one invariant: a value of type [`Avx2`] is only ever
//! created inside [`run`], a `#[target_feature(enable = "avx2,fma,f16c")]`
//! function that the dispatch (the `simd256` entries of `entries!` in
//! `src/dispatch.rs`, and the test-only `Kernels::run`) calls only for a
//! `Kernels` holding `Simd256`, which `Kernels::new` and
//! `Kernels::detect_up_to` create only after checking the CPU. The module
//! system enforces it: `Avx2` and `Avx2i` are private to this file, so no
//! code elsewhere can name them or call their methods, and `run` is the
//! only function here that instantiates kernels with them. Every intrinsic
//! call below therefore executes on a CPU with AVX2, FMA and F16C, the only
//! precondition of those intrinsics; loads and stores additionally get
//! in-bounds pointers from a slice of sufficient length (partial vectors:
//! 4-, 2- and 1-lane accesses to the elements that exist, or a copy
//! through a stack array for `u16`).
//!
//! Kernels run on `Pair<Avx2>` (two ymm vectors in lockstep, see
//! `pair.rs`), so `Kernels::backend()` reports 8-lane AVX2 while each
//! kernel step is issued for 16 lanes.

use super::{IntLanes, Job, Lanes};
use core::arch::x86_64::*;
use core::ops::{Add, Div, Mul, Neg, Sub};

/// Runs `job` with the AVX2 lanes, compiled for AVX2 + FMA + F16C.
///
/// # Safety
/// The CPU must support AVX2, FMA and F16C, and the OS must save ymm state
/// (`detect::has_avx2_fma_f16c()` returned true).
#[target_feature(enable = "avx2,fma,f16c")]
#[inline]
pub(crate) unsafe fn run<J: Job>(job: J) -> J::Output {
    // Unroll policy: two vectors in lockstep (`Pair`), two pairs per
    // main-loop iteration (four registers in flight); two single vectors
    // for jobs with many constants (`Job::LOCKSTEP`).
    if J::LOCKSTEP {
        job.run::<super::pair::Pair<Avx2>, 2>()
    } else {
        job.run::<Avx2, 2>()
    }
}

#[derive(Clone, Copy)]
struct Avx2(__m256);

/// The first `min(8, src.len())` values of `src`, `fill` in the lanes
/// above: the partial vector of `Avx2::load_or`, and both halves of
/// `Avx512`'s (`avx512.rs`).
///
/// Not a masked load: `vmaskmovps` is microcoded on AMD, and masked-off
/// lanes of it or of AVX-512's masked loads take a slow path when they
/// reach into an untouched or unmapped page. Nor a stack copy (a
/// variable-length loop, then a store-forwarding stall): 4-, 2- and 1-lane
/// loads of exactly the values that exist, assembled in registers.
///
/// # Safety
/// The CPU has AVX (true inside this file's and `avx512.rs`'s `run`).
#[inline(always)]
pub(super) unsafe fn load_short(src: &[f32], fill: f32) -> __m256 {
    // SAFETY: SSE is baseline; AVX by the caller's contract.
    unsafe {
        let f = _mm_set1_ps(fill);
        let (lo, hi) = match src.split_at_checked(4) {
            Some((four, rest)) => (load4(four, f), load3(rest, f)),
            None => (load3(src, f), f),
        };
        _mm256_set_m128(hi, lo)
    }
}

/// Stores the first `min(8, dst.len())` lanes of `v` into `dst`, in 4-, 2-
/// and 1-lane stores, as [`load_short`] loads them.
///
/// # Safety
/// The CPU has AVX (as for [`load_short`]).
#[inline(always)]
pub(super) unsafe fn store_short(v: __m256, dst: &mut [f32]) {
    // SAFETY: AVX by the caller's contract.
    let (lo, hi) = unsafe { (_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v)) };
    match dst.split_at_mut_checked(4) {
        Some((four, rest)) => {
            store4(four, lo);
            store3(rest, hi);
        }
        None => store3(dst, lo),
    }
}

/// The four values of `s` (exactly 4 long).
#[inline(always)]
fn load4(s: &[f32], f: __m128) -> __m128 {
    match s.first_chunk::<4>() {
        // SAFETY: `a` points to 4 readable f32; SSE is baseline on x86-64.
        Some(a) => unsafe { _mm_loadu_ps(a.as_ptr()) },
        None => f,
    }
}

/// The first `min(3, s.len())` values of `s` in the low lanes, `f`'s above:
/// one 2-lane and one 1-lane load at most, never past `s`.
#[inline(always)]
fn load3(s: &[f32], f: __m128) -> __m128 {
    // SAFETY (every block below): SSE2 is baseline on x86-64; the 8-byte
    // read is of `s[0..2]`, which exists in that arm, and is unaligned-safe.
    unsafe {
        match *s {
            [] => f,
            [a] => _mm_move_ss(f, _mm_set_ss(a)),
            [_, _] => _mm_movelh_ps(two(s), f),
            [_, _, c, ..] => _mm_movelh_ps(two(s), _mm_move_ss(f, _mm_set_ss(c))),
        }
    }
}

/// `s[0], s[1]` in the low lanes by one 8-byte load.
///
/// # Safety
/// `s.len() >= 2`.
#[inline(always)]
unsafe fn two(s: &[f32]) -> __m128 {
    // SAFETY: the caller guarantees 8 readable bytes; `read_unaligned`
    // needs no alignment; SSE2 is baseline on x86-64.
    unsafe {
        let bits = core::ptr::read_unaligned(s.as_ptr().cast::<i64>());
        _mm_castsi128_ps(_mm_cvtsi64_si128(bits))
    }
}

/// Stores the 4 lanes of `v` into `d` (exactly 4 long).
#[inline(always)]
fn store4(d: &mut [f32], v: __m128) {
    if let Some(d) = d.first_chunk_mut::<4>() {
        // SAFETY: `d` points to 4 writable f32; SSE is baseline.
        unsafe { _mm_storeu_ps(d.as_mut_ptr(), v) }
    }
}

/// Stores the low `min(3, d.len())` lanes of `v` into `d`, never past it.
#[inline(always)]
fn store3(d: &mut [f32], v: __m128) {
    // SAFETY (every block): SSE2 is baseline on x86-64; the 8-byte write
    // is to `d[0..2]`, which exists in that arm.
    unsafe {
        let low = |d: &mut [f32]| {
            let bits = _mm_cvtsi128_si64(_mm_castps_si128(v));
            core::ptr::write_unaligned(d.as_mut_ptr().cast::<i64>(), bits);
        };
        match d {
            [] => {}
            [a] => *a = _mm_cvtss_f32(v),
            [_, _] => low(d),
            [_, _, c, ..] => {
                *c = _mm_cvtss_f32(_mm_movehl_ps(v, v));
                low(d);
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Avx2i(__m256i);

// Each method below wraps one intrinsic (or a short fixed sequence). SAFETY
// for every `unsafe` block in this file: an `Avx2`/`Avx2i` value exists only
// inside `run` (see the module docs), so AVX2, FMA and F16C are available;
// pointer arguments come from slices of at least 8 elements.
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
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        // SAFETY: AVX2 available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_and_si256(self.0, o.0) })
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        // SAFETY: AVX2 available inside `run` (module invariant).
        Avx2i(unsafe { _mm256_or_si256(self.0, o.0) })
    }
}

/// The eight `u16` of `s` (exactly 8 long), zero-extended into `i32` lanes.
#[cfg_attr(not(feature = "half"), allow(dead_code))] // see `lanes/mod.rs`
#[inline(always)]
fn widen8(s: &[u16; 8]) -> Avx2i {
    // SAFETY: `s` points to 16 readable bytes (`loadu`: any alignment);
    // AVX2 available inside `run` (module invariant).
    Avx2i(unsafe { _mm256_cvtepu16_epi32(_mm_loadu_si128(s.as_ptr().cast())) })
}

/// The low 16 bits of each `i32` lane, packed into eight `u16` (truncating,
/// as AVX-512's `vpmovdw`): bytes 0-1, 4-5, 8-9, 12-13 of each 128-bit half
/// to its low quadword, then quadwords 0 and 2.
#[cfg_attr(not(feature = "half"), allow(dead_code))] // see `lanes/mod.rs`
#[inline(always)]
fn narrow8(v: Avx2i) -> __m128i {
    // SAFETY: AVX2 available inside `run` (module invariant).
    unsafe {
        #[rustfmt::skip]
        let take = _mm256_setr_epi8(
            0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1,
            0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1,
        );
        let packed = _mm256_shuffle_epi8(v.0, take);
        _mm256_castsi256_si128(_mm256_permute4x64_epi64::<0b00_00_10_00>(packed))
    }
}

impl Lanes for Avx2 {
    const LANES: usize = 8;
    const FMA: bool = true;
    const BLOCKED_SUMS: bool = true;
    type Mask = Avx2;
    type Int = Avx2i;
    type Tail = Self;
    type Rows = Self;

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
            // SAFETY: AVX available inside `run` (module invariant).
            None => Avx2(unsafe { load_short(src, fill) }),
        }
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        match dst.first_chunk_mut::<8>() {
            // SAFETY: `d` points to 8 writable f32; AVX available (invariant).
            Some(d) => unsafe { _mm256_storeu_ps(d.as_mut_ptr(), self.0) },
            // SAFETY: AVX available inside `run` (module invariant).
            None => unsafe { store_short(self.0, dst) },
        }
    }
    #[inline(always)]
    fn load_u16_or(src: &[u16], fill: u16) -> Avx2i {
        match src.first_chunk::<8>() {
            Some(a) => widen8(a),
            // A short slice: element by element into a stack array (no
            // `vmaskmov`, no `memcpy` call: see `u16_prefix_or`), then the
            // full-width load.
            None => widen8(&super::u16_prefix_or::<8>(src, fill)),
        }
    }
    #[inline(always)]
    fn store_u16(v: Avx2i, dst: &mut [u16]) {
        let h = narrow8(v);
        match dst.first_chunk_mut::<8>() {
            // SAFETY: `d` points to 16 writable bytes (`storeu`: any
            // alignment); SSE2 is baseline on x86-64.
            Some(d) => unsafe { _mm_storeu_si128(d.as_mut_ptr().cast(), h) },
            // A short slice: through a stack array, element by element.
            None => {
                let mut a = [0u16; 8];
                // SAFETY: `a` is 16 writable bytes; SSE2 is baseline.
                unsafe { _mm_storeu_si128(a.as_mut_ptr().cast(), h) };
                super::u16_store_prefix(a, dst);
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
    fn not_lt(self, o: Self) -> Avx2 {
        // SAFETY: AVX available inside `run` (module invariant).
        Avx2(unsafe { _mm256_cmp_ps::<_CMP_NLT_UQ>(self.0, o.0) })
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
    /// F16C `vcvtph2ps`: exact, subnormals included; a NaN keeps its sign
    /// and payload, made quiet.
    #[inline(always)]
    fn from_f16(h: Avx2i) -> Self {
        // SAFETY: F16C available inside `run` (module invariant).
        Avx2(unsafe { _mm256_cvtph_ps(narrow8(h)) })
    }
    /// F16C `vcvtps2ph` with the rounding in the immediate (nearest even,
    /// whatever MXCSR.RC says): correct rounding into the `f16`
    /// subnormals (not flushed: MXCSR.FTZ does not apply to it), overflow
    /// to `±inf`, a NaN quiet with its sign and top payload bits. (The
    /// VEX form has no exception-suppression bit: its immediate is 3 bits,
    /// so `_MM_FROUND_NO_EXC` does not compile here.)
    #[inline(always)]
    fn to_f16(self) -> Avx2i {
        // SAFETY: F16C and AVX2 available inside `run` (module invariant).
        Avx2i(unsafe {
            _mm256_cvtepu16_epi32(_mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(self.0))
        })
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
