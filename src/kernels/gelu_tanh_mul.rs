//! The GeGLU core with the tanh GELU: `gelu_tanh(gate) * up`, computed as
//! `gate * logistic(2u) * up` (`gelu_tanh.rs`).
//!
//! `2u` as a two-float (`gelu_tanh::two_u`), then `gate * L(2u)` from the
//! logistic core unscaled, as `q * 2^n`, and `up` multiplied in before the
//! power of two is complete: `((q 2^n1) up) 2^n2 2^n3`, as in
//! `silu_mul.rs`. So where the GELU alone would be subnormal (gate below
//! about -10) but the product is not, nothing is rounded to a subnormal
//! before the end. The product stays normal much further than the GELU
//! does, so `u` is computed on the gate clamped to `[-14, 14]` (where
//! `2u` reaches -218: the logistic core treats `2u` below -200 as -200,
//! and from there `|gate| e^(2u) 2^128` is below 2^-150, a zero) and the
//! exponent reaches -289. A gate below 2^-60 in magnitude is scaled by
//! 2^64 first (its `q` would be rounded as a subnormal before the
//! product), and 64 is taken off `n`. Errors: those of the GELU's `2u`
//! (about 2^-44 relative, times `|2u|`), the corrected quotient (about
//! 0.6 ULP) and the rounding of the product by `up`.
//!
//! Below -14 the result is a zero times `up` (NaN for an infinite `up`, as
//! `0 * inf`); `gate = +inf` gives `up * inf`.

use super::BinaryKernel;
use super::gelu_tanh::two_u;
use crate::lanes::{IntLanes, Lanes};
use crate::math::logistic::times_logistic;
use crate::math::{pow2_pair, pow2f, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// The GeGLU core with GELU in its tanh approximation:
/// `output[i] = gelu_tanh(a[i]) * b[i]`, with `a` the gate and `b` the
/// up projection.
///
/// One rounding of the product, not two: where the GELU of the gate
/// alone is subnormal but the product is not, the result keeps its
/// accuracy. NaN in either input gives NaN; a gate of `+inf` gives
/// `b * inf`, of `-inf` (or below -14) `-0 * b` (NaN for an infinite `b`,
/// as `0 * inf`).
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "gelu_tanh_mul",
    aliases: &[],
    kind: Kind::Binary,
    formula: "a/2 (1 + tanh(sqrt(2/pi) (a + 0.044715 a^3))) * b",
    accurate: Tier::new(4.0, "tf-cubic-rr2-p4-tf-div-corr-mul"),
    fast: None,
    specials: &[],
    pair_specials: &[
        (NAN, 1.0, NAN),
        (1.0, NAN, NAN),
        (INF, 2.0, INF),
        (NINF, 2.0, -0.0),
        (0.0, 5.0, 0.0),
        (20.0, 1.0, 20.0),
        (INF, 0.0, NAN),
        (NINF, INF, NAN),
        (-20.0, 1e38, -0.0),
    ],
    edges: &[
        0.0,
        -0.752_461_4,
        -10.0,
        -11.0,
        -12.0,
        -13.0,
        -13.6,
        -14.0,
        5.0,
        14.0,
    ],
    domain: (-14.0, 6.0),
    range: (NINF, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: GeluTanhMul = GeluTanhMul;

const LIM: f32 = 14.0;
const TINY: f32 = pow2f(-60);
const TWO_64: f32 = 18_446_744_073_709_551_616.0;
/// The integer 64 as `f32` bits, to select it lane-wise with floats.
const SIXTY_FOUR_BITS: f32 = f32::from_bits(64);

#[derive(Clone, Copy)]
pub(crate) struct GeluTanhMul;

impl BinaryKernel for GeluTanhMul {
    #[inline(always)]
    fn eval<V: Lanes>(self, gate: V, up: V) -> V {
        let lim = V::splat(LIM);
        let (wh, wl) = two_u(lim.min((-lim).max(gate)));
        let g = V::splat(f32::MAX).min((-lim).max(gate));
        // A tiny gate would make `q` subnormal (rounded) before `up` scales
        // it back up: carry it scaled by 2^64 and take 64 off `n`.
        let tiny = g.abs().lt(V::splat(TINY));
        let a = V::select(tiny, g * V::splat(TWO_64), g);
        let (q, n) = times_logistic(a, wh, wl, -200.0);
        let n = n.sub(V::select(tiny, V::splat(SIXTY_FOUR_BITS), V::splat(0.0)).to_bits());
        // n in [-289, 0]: n1 = max(n/2, -126), the rest (>= -163) in two.
        let n1 = n.shr::<1>().max(V::Int::splat(-126));
        let (f2, f3) = pow2_pair::<V>(n.sub(n1));
        let y = ((q * pow2i::<V>(n1)) * up) * f2 * f3;
        // Below -LIM the GELU is a zero: times `up`, not a tiny number times it.
        let y = V::select(gate.lt(-lim), V::splat(-0.0) * up, y);
        V::select(gate.ge(V::splat(f32::INFINITY)), gate * up, y)
    }
}
