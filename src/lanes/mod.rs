//! The lanes trait: the small vector vocabulary every kernel is written in.
//!
//! Kernels (`src/kernels/`) and the math cores (`src/math/`) are generic over
//! [`Lanes`]; each backend implements it once (`scalar.rs`, `portable.rs`,
//! `avx2.rs`, `avx512.rs`; `pair.rs` drives two vectors of one of them in
//! lockstep). Every method is `#[inline(always)]` and carries no
//! `#[target_feature]`: the x86 backends are entered through
//! `#[target_feature]` functions (see `avx2.rs`), and the whole generic
//! kernel inlines into that body, so it is compiled for that ISA.
//!
//! What a kernel may rely on is stated on the traits (see "Contracts" on
//! [`Lanes`]); `contract_test.rs` checks it on every backend the CPU runs.

use core::ops::{Add, Div, Mul, Neg, Sub};

// The `u16` loads and stores, the half-format conversions and
// `IntLanes::and`/`or` serve the `f16`/`bf16` element types, which exist
// only with the feature `half`: without it they are dead code.
#[cfg_attr(not(feature = "half"), allow(dead_code))]
mod half;
#[cfg(target_arch = "x86_64")]
pub(crate) mod pair;
pub(crate) mod portable;
pub(crate) mod scalar;

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;
#[cfg(target_arch = "x86_64")]
pub(crate) mod avx512;

#[cfg(test)]
mod contract_test;

/// The first `min(N, src.len())` elements of `src`, the others `fill`, for
/// a `load_u16_or` of a short slice: an element loop with the fixed trip
/// count `N` and a bounds-checked `get` per element (a loop of `src.len()`
/// copies, or `copy_from_slice`, becomes a `memcpy` call), fully unrolled.
#[cfg_attr(not(feature = "half"), allow(dead_code))] // see `mod half`
#[inline(always)]
fn u16_prefix_or<const N: usize>(src: &[u16], fill: u16) -> [u16; N] {
    let mut a = [fill; N];
    for (i, a) in a.iter_mut().enumerate() {
        if let Some(&s) = src.get(i) {
            *a = s;
        }
    }
    a
}

/// Stores the first `min(N, dst.len())` elements of `a` into `dst`, for a
/// `store_u16` into a short slice: as [`u16_prefix_or`], a fixed-count
/// element loop, never a `memcpy` call.
#[cfg_attr(not(feature = "half"), allow(dead_code))] // see `mod half`
#[inline(always)]
fn u16_store_prefix<const N: usize>(a: [u16; N], dst: &mut [u16]) {
    for (i, a) in a.into_iter().enumerate() {
        if let Some(d) = dst.get_mut(i) {
            *d = a;
        }
    }
}

/// A piece of work written once over [`Lanes`]; the dispatch (and the x86
/// entry points in `avx2.rs` / `avx512.rs`) pick `V`. It lives here, in the
/// lowest layer, so that both can name it without importing upward.
///
/// `U` is the number of `V` vectors the slice driver keeps in flight per
/// main-loop iteration: together with the choice of `V` it is the backend's
/// unroll policy, stated once per backend where the job is started
/// (`entries!` in `src/dispatch.rs`, `run` in `avx2.rs` / `avx512.rs`).
pub(crate) trait Job {
    type Output;
    /// Whether the x86 backends run two vectors in lockstep (`Pair`). A
    /// job whose kernel keeps more constants live than the register file
    /// holds beside four vectors in flight says `false`: paired, LLVM
    /// shuffles constants between registers every iteration.
    #[cfg(target_arch = "x86_64")]
    const LOCKSTEP: bool = true;
    fn run<V: Lanes, const U: usize>(self) -> Self::Output;
}

/// Lane-wise `i32` operations: the integer view used for exponent work
/// (building `2^n`, splitting a float into exponent and mantissa). Pure
/// integer instructions: no floating-point flags.
#[cfg_attr(not(feature = "half"), allow(dead_code))] // `and`, `or`: see `mod half`
pub(crate) trait IntLanes: Copy {
    fn splat(v: i32) -> Self;
    /// Wrapping addition.
    fn add(self, o: Self) -> Self;
    /// Wrapping subtraction.
    fn sub(self, o: Self) -> Self;
    /// Logical left shift by the constant `N` (0..32).
    fn shl<const N: i32>(self) -> Self;
    /// Arithmetic right shift by the constant `N` (0..32).
    fn shr<const N: i32>(self) -> Self;
    /// Signed minimum.
    fn min(self, o: Self) -> Self;
    /// Signed maximum.
    fn max(self, o: Self) -> Self;
    /// Bitwise and.
    fn and(self, o: Self) -> Self;
    /// Bitwise or.
    fn or(self, o: Self) -> Self;
}

/// A vector of `LANES` `f32` values.
///
/// Arithmetic is IEEE-754 binary32 with round-to-nearest-even, no flushing of
/// subnormals, on every backend; the only freedom a backend has is whether
/// [`Lanes::mul_add`] is fused ([`Lanes::FMA`]). The math cores are written
/// so that their error bounds hold either way.
///
/// # Contracts
///
/// What kernels rely on, on every backend (`contract_test.rs` checks it
/// through `Kernels::run` on each backend the CPU runs):
///
/// - **NaN.** `min`/`max`: NaN in `o` gives NaN, NaN only in `self` gives
///   either, so clamps are written `limit.min(x)` and a NaN `x` passes.
///   `lt`/`le`/`ge` are false on NaN. `reduce_max` of a vector with a NaN
///   lane is unspecified (NaN or some lane).
/// - **Flags.** The crate promises no invalid or divide-by-zero flag for
///   finite inputs with finite results (`lib.rs`, "Floating-point
///   environment"; `tests/fpenv.rs`), padding lanes included. Arithmetic
///   raises flags as IEEE says; `min`, `max`, `reduce_max` may raise invalid
///   on a NaN lane, and so may `lt`/`le`/`ge` (see [`Lanes::lt`]: not all
///   backends compare quietly). Quiet on every backend: `is_nan`, `select`,
///   `mask_or`, `all`, `abs`, `neg`, bit casts, [`IntLanes`], loads and
///   stores. So a kernel keeps NaN, infinities and zero divisors out of
///   the lanes a finite input reaches: padding lanes hold the `fill` of
///   [`Lanes::load_or`], which kernels choose (`Unary::FILL`, e.g. `0.5`
///   for the log-odds; `-inf` for a row's max) so that it takes no invalid
///   or dividing path, and a mask built from integer bits (all ones is a
///   NaN) is read with `is_nan`.
/// - **Stores in place.** A stored `select` never has the loaded `x`
///   itself as an arm (see [`Lanes::select`]).
/// - **Bounds.** `load_or`, `store`, `load_u16_or` and `store_u16` touch
///   exactly the first `min(LANES, len)` elements of their slice.
/// - **Half formats.** `from_f16`/`to_f16`/`from_bf16`/`to_bf16` round to
///   nearest even, subnormals included, never flush, and give the same
///   bits on every backend (NaN payloads aside: see each method). They
///   raise no invalid or divide-by-zero flag for a non-NaN input (padding
///   lanes of `load_u16_or` included), though they may raise inexact,
///   underflow and overflow.
#[cfg_attr(not(feature = "half"), allow(dead_code))] // the `u16` and half-format methods
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
    /// Whether `mul_add` rounds once (a true fused multiply-add). When
    /// false it rounds twice, always (Rust does not contract `a * b + c`),
    /// and TwoProduct uses Dekker's split instead (`math/twofold.rs`).
    const FMA: bool;
    /// Whether kernels may branch per vector to an in-range path, taken only as
    /// `V::BRANCH_PER_VECTOR && V::all(m)` and giving the same bits as the general
    /// path where it applies. False on `Scalar` where the target has SIMD:
    /// LLVM vectorizes the one-lane loop and if-converts the branch, so the
    /// in-range path would also run on lanes it does not fit and raise the
    /// invalid flag on finite inputs. `Pair` keeps its halves' value.
    const BRANCH_PER_VECTOR: bool = true;
    /// Whether `select` costs about as little as an arithmetic operation
    /// (AVX-512's masked blend), so that a kernel may evaluate two
    /// polynomials as one on coefficients chosen per lane
    /// ([`crate::math::horner_select`]) rather than both. The same
    /// results either way; only the speed differs.
    const CHEAP_SELECT: bool = false;
    /// Whether [`Lanes::lookup32`] and [`Lanes::scale_floor`] are one
    /// instruction each (AVX-512's `vpermt2ps` on a table held in two
    /// registers, `vscalefps`), so that the Fast exponential reduces to
    /// 32nds of `ln 2` and reads `2^(j/32)` from a table instead of
    /// evaluating a longer polynomial (`src/math/exp_fast.rs`). Elsewhere
    /// both are generic code (correct, but a tree of selects), which the
    /// kernels do not use. A backend that sets it must have `FMA`: the
    /// table method's reduction is exact only fused.
    const TABLE32: bool = false;
    /// Whether the Fast tier's row sums add blocks of vectors plainly before
    /// compensating them (`Kahan::add_blocked`): on the x86 SIMD backends,
    /// where the row functions' exponential pass is bound by the FP pipes,
    /// that saves three additions per vector, and on Scalar on x86 (one
    /// lane: the compensated sum chains every element to the next).
    /// Elsewhere every vector is compensated: the blocked form was measured
    /// only there.
    const BLOCKED_SUMS: bool = false;
    /// Whether a vector with a subnormal operand or result may cost a
    /// microcode assist, so that kernels whose typical inputs give
    /// subnormal results keep an assist-free scaling even on one lane
    /// ([`crate::math::ldexp_gradual_any_strict`]). True on the SIMD
    /// backends and on Scalar on x86, whose one-lane loop LLVM turns into
    /// SSE vectors; false on the other Scalar targets (microcontrollers
    /// have no assists, and the code would only add size there).
    const SUBNORMAL_ASSISTS: bool = true;
    /// Result of a comparison: all-ones lanes on SSE/AVX2/NEON, `bool` on the
    /// scalar backend, a k-register on AVX-512. Only the comparisons and
    /// `mask_or` make one.
    type Mask: Copy;
    /// The same bits viewed as `i32` lanes.
    type Int: IntLanes;
    /// The vector the element-wise driver finishes a slice with: one
    /// register (half of a `Pair`), `Self` on the other backends,
    /// so that a short slice or a short tail computes 8 lanes, not 16.
    /// Its `LANES` divides `Self::LANES`, its `FMA` is `Self`'s, and it
    /// gives the same bits per lane, so a tail element is computed as any
    /// other.
    type Tail: Lanes;
    /// The vector the row functions run on: `Self`, except on the Scalar
    /// backend on x86-64, where it is four `f32` lanes in lockstep
    /// (`Pair<Pair<f32>>`). Each lane runs the one-lane code (same
    /// operations, same bits per element), LLVM packs the four into one
    /// SSE register, and a row's sums run in four chains instead of one
    /// (with one, the sum's latency bound the exponential pass: softmax
    /// 2x slower at n = 4096, `benches/peers --fn softmax`).
    /// Rows shorter than `Rows::LANES` stay on `Self` (`RowJob::run`).
    type Rows: Lanes;

    fn splat(v: f32) -> Self;
    /// Loads the first `LANES` values of `src`; if `src` is shorter, the
    /// missing lanes are `fill` (padding: see "Flags" above). Never reads
    /// past `src`: AVX-512 masks the missing lanes off, AVX2 assembles 4-,
    /// 2- and 1-lane loads (`vmaskmovps` is microcoded on AMD).
    fn load_or(src: &[f32], fill: f32) -> Self;
    /// Stores into the first `min(LANES, dst.len())` values of `dst`. Never
    /// writes past `dst`.
    fn store(self, dst: &mut [f32]);
    /// Loads the first `min(LANES, len)` values of `src`, zero-extended
    /// into the `i32` lanes (so each lane holds `0..=0xFFFF`); if `src` is
    /// shorter, the missing lanes hold `fill`. Never reads past `src`: a
    /// short slice is copied element by element into a register-sized
    /// stack array (no masked load on any backend), a full one is one
    /// unaligned load. For `f16`/`bf16` slices as bit patterns, with
    /// [`Lanes::from_f16`] / [`Lanes::from_bf16`].
    fn load_u16_or(src: &[u16], fill: u16) -> Self::Int;
    /// Stores the low 16 bits of each lane of `v` into the first
    /// `min(LANES, dst.len())` elements of `dst`; never writes past `dst`
    /// (a short slice is written element by element from a stack array).
    /// Callers pass lanes holding `0..=0xFFFF`, as [`Lanes::to_f16`] and
    /// [`Lanes::to_bf16`] make them.
    fn store_u16(v: Self::Int, dst: &mut [u16]);

    /// `self * a + b`, fused when `FMA` is true.
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// Lane-wise minimum. NaN in `o` gives NaN; NaN in `self` alone gives
    /// either operand (`o` on x86 and wasm, NaN on NEON); of `+0` and `-0`
    /// either. Callers clamp as `limit.min(x)` so that a NaN `x` passes.
    /// May raise invalid on a NaN lane (`minps` does).
    fn min(self, o: Self) -> Self;
    /// Lane-wise maximum, with the NaN and zero rules of [`Lanes::min`].
    fn max(self, o: Self) -> Self;
    /// Clears the sign bit (NaN included); raises no flag, as `neg` does.
    fn abs(self) -> Self;

    /// `self < o`; false if either lane is NaN.
    ///
    /// Quiet (no invalid flag on a quiet NaN) on `Simd256` and `Simd512`
    /// (`_CMP_LT_OQ`, `_CMP_LE_OQ`, `_CMP_GE_OQ`), but not everywhere:
    /// `Simd128` is SSE `cmpltps`/`cmpleps` on x86 (`LT_OS`/`LE_OS`: SSE2
    /// has no quiet ordered less-than) and NEON `fcmgt`/`fcmge` on aarch64,
    /// which signal on any NaN; `Scalar`'s `<` is `ucomiss` (quiet) or, in
    /// a loop LLVM vectorizes, `cmpltps`. So `lt`/`le`/`ge` may see a NaN
    /// only where the input is NaN; lanes that can hold a NaN for finite
    /// inputs are tested with [`Lanes::is_nan`].
    fn lt(self, o: Self) -> Self::Mask;
    /// `self <= o`; false on NaN, and may signal, as [`Lanes::lt`].
    fn le(self, o: Self) -> Self::Mask;
    /// `self >= o`; false on NaN, and may signal, as [`Lanes::lt`].
    fn ge(self, o: Self) -> Self::Mask;
    /// `!(self < o)`: true where either lane is NaN. One comparison where
    /// the ISA has the unordered predicate (`_CMP_NLT_UQ` on `Simd256` and
    /// `Simd512`), so a select keeping NaN lanes needs no mask inversion;
    /// may signal, as [`Lanes::lt`].
    fn not_lt(self, o: Self) -> Self::Mask;
    /// True where the lane is NaN, any payload. Quiet on quiet NaNs on
    /// every backend (`_CMP_UNORD_Q`, `cmpunordps`, NEON `fcmeq`): the one
    /// comparison that may see an all-ones integer mask (a quiet NaN).
    fn is_nan(self) -> Self::Mask;
    fn mask_or(a: Self::Mask, b: Self::Mask) -> Self::Mask;
    /// True if every lane of `m` is set, padding lanes included (for in-range
    /// paths taken per vector; see [`Lanes::BRANCH_PER_VECTOR`]).
    fn all(m: Self::Mask) -> bool;
    /// `if m { t } else { f }`, lane-wise, bit-exact; `m` must come from a
    /// comparison or `mask_or` (backends read a mask by its sign bit,
    /// bitwise, or as a k-register).
    ///
    /// **In place, no arm may be the loaded `x` itself.** When an in-place
    /// kernel stores `select(m, x, y)` back where `x` was loaded, LLVM
    /// turns it into a masked store of `y` (`vmaskmovps` on AVX2:
    /// microcoded, slow on AMD). Kernels select a value equal to `x` but
    /// computed: `x + 0` where `x` cannot be `-0`, a clamped copy (`xs`
    /// in `tanh.rs`), or a factor (`x * select(m, 1, slope)`).
    fn select(m: Self::Mask, t: Self, f: Self) -> Self;

    /// The bits as `i32` lanes: a cast, no conversion, and no flag. A round
    /// trip keeps every pattern (NaN payloads, `-0`); an integer mask of
    /// `0` / `-1` becomes a float mask by `from_bits(..).is_nan()`.
    fn to_bits(self) -> Self::Int;
    /// The inverse of [`Lanes::to_bits`].
    fn from_bits(i: Self::Int) -> Self;

    /// Lanes holding IEEE binary16 (`f16`) bit patterns (`0..=0xFFFF`)
    /// converted to `f32`, exactly: a subnormal `f16` becomes a normal
    /// `f32`, infinities stay infinite, a NaN stays a NaN with its sign and
    /// its payload shifted up, made quiet (by `vcvtph2ps` on `Simd256` and
    /// `Simd512`; in the generic code by a multiplication, which does so on
    /// x86, Arm and in soft float, while wasm leaves the payload of a NaN
    /// from arithmetic unspecified). No flag for a non-NaN input; a
    /// signalling NaN may raise invalid. Generic code in `half.rs` (no
    /// subnormal float operand or result).
    #[inline(always)]
    fn from_f16(h: Self::Int) -> Self {
        self::half::from_f16::<Self>(h)
    }
    /// Each lane rounded to the nearest `f16`, ties to even, as a bit
    /// pattern in `0..=0xFFFF`: `|x| >= 65520` gives `±inf` (`0x7C00` with
    /// the sign), results below `2^-14` are `f16` subnormals (correctly
    /// rounded, never flushed), `±0` keeps its sign, and a NaN gives a
    /// quiet NaN with the sign kept (`0x7E00 | sign` in the generic code;
    /// the payload's top bits too on `Simd256`/`Simd512`, whose `vcvtps2ph`
    /// keeps them). No invalid or divide-by-zero flag for a non-NaN input
    /// (inexact, underflow and overflow as IEEE says).
    #[inline(always)]
    fn to_f16(self) -> Self::Int {
        self::half::to_f16(self)
    }
    /// Lanes holding `bf16` bit patterns (`0..=0xFFFF`) converted to `f32`:
    /// exact, the bits shifted up by 16 (NaN payloads included, a
    /// signalling NaN stays signalling). Integer work only: no flag.
    #[inline(always)]
    fn from_bf16(h: Self::Int) -> Self {
        self::half::from_bf16::<Self>(h)
    }
    /// Each lane rounded to the nearest `bf16`, ties to even, on the bits:
    /// `(b + 0x7FFF + ((b >> 16) & 1)) >> 16`, so `f32` subnormals round
    /// exactly and the largest finite values round to `±inf`; a NaN gives
    /// `(b >> 16) | 0x0040` (quiet, sign and top payload bits kept).
    /// Result in `0..=0xFFFF`. Integer work and `is_nan` only: no flag.
    /// (Not AVX512-BF16 `vcvtneps2bf16`, which flushes subnormals.)
    #[inline(always)]
    fn to_bf16(self) -> Self::Int {
        self::half::to_bf16(self)
    }

    /// `table[bits & 31]`, lane-wise: the low five bits of each lane's bit
    /// pattern index `table` (the other bits are ignored). Exact, no flag.
    /// Generic: five levels of selects on the index bits.
    #[inline(always)]
    fn lookup32(self, table: &[f32; 32]) -> Self {
        let bits = self.to_bits();
        // Index bit `B` as a mask: all ones (a NaN, read with `is_nan`) or zero.
        let bit = |i: Self::Int| Self::from_bits(i.shr::<31>()).is_nan();
        let mut level = table.map(Self::splat);
        let masks = [
            bit(bits.shl::<31>()),
            bit(bits.shl::<30>()),
            bit(bits.shl::<29>()),
            bit(bits.shl::<28>()),
            bit(bits.shl::<27>()),
        ];
        let mut width = 32;
        for m in masks {
            width /= 2;
            for k in 0..width {
                level[k] = Self::select(m, level[2 * k + 1], level[2 * k]);
            }
        }
        level[0]
    }
    /// `self * 2^floor(n)`, for `n` an integer plus a multiple of `1/32`
    /// with `|n| <= 250` (what the Fast exponential passes). Exact where
    /// the result is a normal float or zero; a subnormal result is rounded
    /// once by AVX-512's `vscalefps`, and may be rounded twice by the
    /// generic code (two multiplications by powers of two), which the
    /// kernels do not rely on: they flush such results or never make them.
    #[inline(always)]
    fn scale_floor(self, n: Self) -> Self {
        // `floor(n)` by rounding `n - 31/64` to an integer: the fraction
        // `j/32 - 31/64` is below 1/2 in magnitude. `MAGIC` leaves it in
        // the low bits of `t`.
        const MAGIC: f32 = 12_582_912.0; // 1.5 * 2^23
        let t = (n - Self::splat(0.484_375)) + Self::splat(MAGIC);
        let k = t.to_bits().sub(Self::Int::splat(MAGIC.to_bits() as i32));
        let k1 = k.shr::<1>();
        let k2 = k.sub(k1);
        let pow2 = |k: Self::Int| Self::from_bits(k.add(Self::Int::splat(127)).shl::<23>());
        self * pow2(k1) * pow2(k2)
    }

    /// The largest lane. With a NaN lane the result is NaN or some lane's
    /// value, not necessarily the largest (`maxps` trees drop a NaN or
    /// keep it depending on its position), and may raise invalid: callers
    /// must not need more (the softmax max leaves NaN to the `exp` pass).
    fn reduce_max(self) -> f32;
}
