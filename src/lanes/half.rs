//! The half-format conversions written once over [`Lanes`] / [`IntLanes`]:
//! the defaults of [`Lanes::from_f16`], [`Lanes::to_f16`],
//! [`Lanes::from_bf16`] and [`Lanes::to_bf16`], which `Scalar` and `Simd128`
//! use (`Simd256` and `Simd512` convert `f16` with `vcvtph2ps` /
//! `vcvtps2ph`).
//!
//! Branch-free: every lane computes every path and a `select` keeps one.
//! The float arithmetic is chosen so that no path raises invalid or
//! divide-by-zero for a non-NaN input (only `+ 0.5`, `- 0.5` and
//! `* 2^-112` of finite or infinite values, and comparisons that see a NaN
//! only where the input is one), and so that no float operation has a
//! subnormal result (AMD cores take a microcode assist for those).

use super::{IntLanes, Lanes};

#[inline(always)]
fn int<V: Lanes>(v: i32) -> V::Int {
    V::Int::splat(v)
}

/// `2^-14`, the smallest normal `f16`.
const F16_MIN_NORMAL: f32 = f32::from_bits(113 << 23);
/// `2^-112`: an `f16` exponent field moved into an `f32` one is biased by
/// 15 where `f32` needs 127.
const TWO_M112: f32 = f32::from_bits(15 << 23);

/// `f16` bits to `f32`, exactly (Maratyszcza's FP16 library).
///
/// Normal `f16` (and inf, NaN): the exponent and mantissa moved into place
/// with the exponent biased by `15 + 0xE0 = 239`, a normal `f32` whose
/// product by `2^-112` is the value (exact; `inf * 2^-112 = inf`; a NaN
/// stays NaN). Subnormal `f16` `m 2^-24`: the bits `0x3F00_0000 | m` are
/// `0.5 + m 2^-24`, less `0.5` exactly `m 2^-24` (a normal `f32`, or `+0`).
/// The normal path gives less than `2^-14` exactly for the subnormal
/// inputs, so it selects; the sign is or-ed in last.
#[inline(always)]
pub(super) fn from_f16<V: Lanes>(h: V::Int) -> V {
    let em = h.and(int::<V>(0x7FFF));
    let sign = h.shl::<16>().and(int::<V>(i32::MIN));
    let normal = V::from_bits(em.shl::<13>().add(int::<V>(0x7000_0000))) * V::splat(TWO_M112);
    let subnormal = V::from_bits(em.or(int::<V>(0x3F00_0000))) - V::splat(0.5);
    let r = V::select(normal.lt(V::splat(F16_MIN_NORMAL)), subnormal, normal);
    // `abs` first: Rust leaves the sign of a NaN product unspecified (Miri
    // picks either), so the input's sign is the only one kept.
    V::from_bits(r.abs().to_bits().or(sign))
}

/// `f32` to `f16` bits, round to nearest even (ryg's
/// `float_to_half_fast3_rtne`), on `|x|`, the sign or-ed in last.
///
/// - `|x| < 2^-14` (an `f16` subnormal or zero): `|x| + 0.5` rounds `|x|`
///   to a multiple of `2^-24` (the `f32` step at `0.5`) with one
///   round-to-nearest-even, so its bits less those of `0.5` are the `f16`
///   bits (`0x400`, the smallest normal, when it rounds up to `2^-14`).
/// - Otherwise the bits, clamped to those of `65536` (so that overflow
///   and infinity give `0x7C00`), rebiased by `-112 << 23`, plus `0xFFF`
///   and the lowest kept bit (ties to even), shifted right by 13; the
///   mantissa's carry rounds up into the exponent, and `[65520, 65536)`
///   rounds to `0x7C00`.
/// - NaN: `0x7E00`.
#[inline(always)]
pub(super) fn to_f16<V: Lanes>(x: V) -> V::Int {
    let ax = x.abs();
    let b = ax.to_bits();
    let subnormal = (ax + V::splat(0.5)).to_bits().sub(int::<V>(0x3F00_0000));
    let c = b.min(int::<V>(0x4780_0000));
    let odd = c.shr::<13>().and(int::<V>(1));
    // `c - (112 << 23) + 0xFFF`, wrapping.
    let rebias = (0xFFF_i32).wrapping_sub(112 << 23);
    let normal = c.add(int::<V>(rebias)).add(odd).shr::<13>();
    let r = V::select(
        ax.lt(V::splat(F16_MIN_NORMAL)),
        V::from_bits(subnormal),
        V::from_bits(normal),
    );
    let r = V::select(x.is_nan(), V::from_bits(int::<V>(0x7E00)), r);
    let sign = x.to_bits().shr::<16>().and(int::<V>(0x8000));
    r.to_bits().or(sign)
}

/// `bf16` bits to `f32`: the bits shifted up, exact.
#[inline(always)]
pub(super) fn from_bf16<V: Lanes>(h: V::Int) -> V {
    V::from_bits(h.shl::<16>())
}

/// `f32` to `bf16` bits, round to nearest even on the bits:
/// `(b + 0x7FFF + ((b >> 16) & 1)) >> 16`; the arithmetic shift's sign
/// copies are masked off. No finite `b` wraps (`0x7F7F_FFFF + 0x8000` is
/// the infinity's bits, `0xFF7F_FFFF + 0x8000` the negative one's). NaN:
/// `(b >> 16) | 0x0040`, quiet.
#[inline(always)]
pub(super) fn to_bf16<V: Lanes>(x: V) -> V::Int {
    let b = x.to_bits();
    let hi = b.shr::<16>();
    let rounded = b.add(int::<V>(0x7FFF)).add(hi.and(int::<V>(1))).shr::<16>();
    let quiet = hi.or(int::<V>(0x0040));
    let r = V::select(x.is_nan(), V::from_bits(quiet), V::from_bits(rounded));
    r.to_bits().and(int::<V>(0xFFFF))
}
