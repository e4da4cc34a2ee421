//! The polynomial approximations and error-free transformations that the
//! kernels are built from. Everything here is generic over [`Lanes`] and
//! `#[inline(always)]`, so it compiles into each backend's entry point.
//!
//! Coefficients were derived by `tools/coeffs.py` (Remez exchange in
//! mpmath); each file's header states what its polynomial approximates and
//! how the error is controlled.

pub(crate) mod exp;
pub(crate) mod log;
pub(crate) mod twofold;

use crate::lanes::{IntLanes, Lanes};

/// `ln 2` in two parts: `LN2_HI` has 15 significant bits, so `n * LN2_HI`
/// is exact for `|n| < 512`; `LN2_LO = ln 2 - LN2_HI` rounded.
pub(crate) const LN2_HI: f32 = f32::from_bits(0x3f31_7200); // 0.693145752
pub(crate) const LN2_LO: f32 = f32::from_bits(0x35bf_be8e); // 1.42860677e-6

/// `2^k` for `k` in `[-126, 127]`, built directly in the exponent field.
#[inline(always)]
pub(crate) fn pow2i<V: Lanes>(k: V::Int) -> V {
    V::from_bits(k.add(V::Int::splat(127)).shl::<23>())
}

/// `(2^n1, 2^n2)` with `n1 + n2 = n`, both normal for `n` in
/// `[-252, 254]`: multiplying by them in turn scales by `2^n` with a single
/// rounding (see [`ldexp`]).
#[inline(always)]
pub(crate) fn pow2_pair<V: Lanes>(n: V::Int) -> (V, V) {
    let n1 = n.shr::<1>();
    (pow2i::<V>(n1), pow2i::<V>(n.sub(n1)))
}

/// A power of two `2^n` held as one or two normal factors, applied with a
/// single rounding: one factor where `n` is known to be in `[-126, 127]`
/// (fast paths), two ([`pow2_pair`]) for the full range.
pub(crate) trait Scale<V>: Copy {
    fn apply(self, p: V) -> V;
}

/// `2^n`, `n` in `[-126, 127]`.
#[derive(Clone, Copy)]
pub(crate) struct Pow2<V>(pub V);

/// `2^(n1 + n2)`, both factors normal.
#[derive(Clone, Copy)]
pub(crate) struct Pow2Pair<V>(pub V, pub V);

impl<V: Lanes> Scale<V> for Pow2<V> {
    #[inline(always)]
    fn apply(self, p: V) -> V {
        p * self.0
    }
}

impl<V: Lanes> Scale<V> for Pow2Pair<V> {
    #[inline(always)]
    fn apply(self, p: V) -> V {
        p * self.0 * self.1
    }
}

/// `p * 2^n` with a single rounding, including gradual underflow: `2^n` is
/// applied as two normal factors, so the first product is exact and only
/// the second one rounds (into the subnormal range when the result is that
/// small). `n` must be in `[-252, 254]`.
#[inline(always)]
pub(crate) fn ldexp<V: Lanes>(p: V, n: V::Int) -> V {
    let (f1, f2) = pow2_pair::<V>(n);
    p * f1 * f2
}

/// Splits `t = y + shifter`, where `shifter` is 1.5 * 2^23 (possibly plus
/// a small integer bias) and `|y| < 2^22`, into `round(y)` as a float and as
/// integer lanes (plus the bias). Adding the shifter pushed the fraction
/// bits out of the significand, so the hardware's round-to-nearest did the
/// rounding and the integer sits in the low bits.
#[inline(always)]
pub(crate) fn round_int<V: Lanes>(t: V, shifter: f32) -> (V, V::Int) {
    let i = t.to_bits().sub(V::Int::splat(shifter.to_bits() as i32));
    (t - V::splat(shifter), i)
}

/// The integer lanes `k` (|k| < 2^22) as floats, by the inverse of the
/// trick in [`round_int`] (1.5 * 2^23 added as bits, then subtracted as a
/// float).
#[inline(always)]
pub(crate) fn int_to_float<V: Lanes>(k: V::Int) -> V {
    const SHIFTER: f32 = 12_582_912.0;
    V::from_bits(k.add(V::Int::splat(SHIFTER.to_bits() as i32))) - V::splat(SHIFTER)
}

/// Horner evaluation of `c[0] + x*c[1] + ... + x^(N-1)*c[N-1]`.
#[inline(always)]
pub(crate) fn horner<V: Lanes, const N: usize>(x: V, c: &[f32; N]) -> V {
    let mut acc = V::splat(c[N - 1]);
    let mut i = N - 1;
    while i > 0 {
        i -= 1;
        acc = acc.mul_add(x, V::splat(c[i]));
    }
    acc
}
