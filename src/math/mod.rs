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

/// `2^k` for `k` in `[-126, 127]`, built directly in the exponent field.
#[inline(always)]
pub(crate) fn pow2i<V: Lanes>(k: V::Int) -> V {
    V::from_bits(k.add(V::Int::splat(127)).shl::<23>())
}

/// `p * 2^n` with a single rounding, including gradual underflow: `2^n` is
/// applied as two normal factors, so the first product is exact and only
/// the second one rounds (into the subnormal range when the result is that
/// small). `n` is clamped to `[-252, 254]`, which changes nothing for `|p|`
/// in `[2^-100, 2^100]`: beyond that range the result is 0 or infinity
/// either way.
#[inline(always)]
pub(crate) fn ldexp<V: Lanes>(p: V, n: V::Int) -> V {
    let n = n.max(V::Int::splat(-252)).min(V::Int::splat(254));
    let n1 = n.shr::<1>();
    let n2 = n.sub(n1);
    p * pow2i::<V>(n1) * pow2i::<V>(n2)
}

/// Rounds `x` (|x| < 2^22) to the nearest integer, ties to even, returning it
/// both as a float and as integer lanes. Adding 1.5 * 2^23 pushes the
/// fraction bits out of the significand, so the hardware's
/// round-to-nearest does the rounding and the integer sits in the low bits.
#[inline(always)]
pub(crate) fn round_int<V: Lanes>(x: V) -> (V, V::Int) {
    const SHIFTER: f32 = 12_582_912.0; // 1.5 * 2^23
    let t = x + V::splat(SHIFTER);
    let i = t.to_bits().sub(V::Int::splat(SHIFTER.to_bits() as i32));
    (t - V::splat(SHIFTER), i)
}

/// The integer lanes `k` (|k| < 2^22) as floats, by the inverse of the
/// trick in [`round_int`].
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
