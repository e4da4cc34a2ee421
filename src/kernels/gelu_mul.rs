//! The GeGLU core: `gelu(gate) * up`, erf GELU (`gelu.rs`).
//!
//! GELU's pieces come from `gelu::gelu_parts` unscaled, and `up` is
//! multiplied in before the powers of two, so that where the GELU alone
//! would be subnormal (gate below about -13) but the product is not,
//! nothing is rounded to a subnormal before the end:
//! - `gate < 0`: `gelu = -z 2^nn` with `z` the product of `|gate| 2^24`,
//!   `e^(-u^2) 2^-n` and `R` (TwoProducts, rounded once). The result is
//!   `((-z 2^n1) up) 2^n2 2^n3` with `n1 = max(nn, -62)`: `z 2^n1` is
//!   then the GELU itself (below 0.17) or below 2^-33, so the product by
//!   `up` cannot overflow early, and the rest (down to -252) is two
//!   normal factors.
//! - `gate >= 0`: `gate - gate E/2` as GELU computes it, then times `up`
//!   (GELU is above `gate/2` there: normal unless the gate is tiny).
//!
//! The product stays normal much further than the GELU does, so the core
//! runs on the gate clamped to `[-20, 20]` (`u^2` up to 200, the
//! exponential core's limit), with `R` from its asymptotic series beyond
//! the fitted range (`u > 10.25`). Below -20, `gelu(gate)` is under
//! 2^-288: the result is a zero times `up` (NaN for an infinite `up`, as
//! `0 * inf`). A gate below 2^-60 in magnitude is carried scaled (2^86 in
//! `z`, 2^58 on the positive side), so that nothing is subnormal before
//! the product. Errors: those of GELU (below 2.5 ULP) and the rounding of
//! the product by `up` (on the positive side, the GELU is rounded first).

use super::BinaryKernel;
use super::gelu::{UP, gelu_parts};
use crate::lanes::{IntLanes, Lanes};
use crate::math::{pow2_pair, pow2f, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// The GeGLU core: `output[i] = gelu(a[i]) * b[i]`, with `a` the gate,
/// `b` the up projection and GELU PyTorch's default (erf) one.
///
/// Where the GELU of the gate alone is subnormal but the product is not,
/// the result keeps its accuracy (one rounding). NaN in either input
/// gives NaN; a gate of `+inf` gives `b * inf`, of `-inf` (or below
/// -20) `-0 * b` (NaN for an infinite `b`, as `0 * inf`).
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "gelu_mul",
    aliases: &[],
    kind: Kind::Binary,
    formula: "a/2 (1 + erf(a / sqrt 2)) * b",
    accurate: Tier::new(4.0, "tf-sq-rr2-p4-tf-div-p10-mul"),
    fast: None,
    specials: &[],
    pair_specials: &[
        (NAN, 1.0, NAN),
        (1.0, NAN, NAN),
        (INF, 2.0, INF),
        (NINF, 2.0, -0.0),
        (0.0, 5.0, 0.0),
        (-0.0, 5.0, -0.0),
        (20.0, 1.0, 20.0),
        (INF, 0.0, NAN),
        (NINF, INF, NAN),
        (-25.0, 1e38, -0.0),
    ],
    edges: &[
        0.0,
        -0.751_791_5,
        -1.0,
        -13.0,
        -14.5,
        -14.6,
        -17.0,
        -19.9,
        -20.0,
        5.0,
        1e-45,
        -1e-45,
    ],
    domain: (-20.0, 6.0),
    range: (NINF, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: GeluMul = GeluMul;

const LO: f32 = -20.0;
const TINY: f32 = pow2f(-60);
const TWO_58: f32 = f32::from_bits(0x5c80_0000); // 2^58
const TWO_M58: f32 = f32::from_bits(0x2280_0000); // 2^-58
const TWO_86: f32 = f32::from_bits(0x6a80_0000); // 2^86
/// Integers as `f32` bits, to select them lane-wise with floats.
const BITS_25: f32 = f32::from_bits(25);
const BITS_87: f32 = f32::from_bits(87);

#[derive(Clone, Copy)]
pub(crate) struct GeluMul;

impl BinaryKernel for GeluMul {
    #[inline(always)]
    fn eval<V: Lanes>(self, gate: V, up: V) -> V {
        let tiny = gate.abs().lt(V::splat(TINY));
        let p = gelu_parts::<V, true>(gate, V::select(tiny, V::splat(TWO_86), V::splat(UP)));

        // gate < 0: -z 2^nn, nn = n - 25 (n - 87 for a tiny gate), in [-314, 0].
        let nn =
            p.n.sub(V::select(tiny, V::splat(BITS_87), V::splat(BITS_25)).to_bits());
        let n1 = nn.max(V::Int::splat(-62));
        let (f2, f3) = pow2_pair::<V>(nn.sub(n1));
        let neg = (((-p.z) * pow2i::<V>(n1)) * up) * f2 * f3;
        // Below LO the GELU is a zero: times `up`, not a tiny number times it.
        let neg = V::select(gate.lt(V::splat(LO)), V::splat(-0.0) * up, neg);

        // gate >= 0: (gate - gate E/2) up, on gate 2^58 if tiny.
        let s = V::select(tiny, V::splat(TWO_58), V::splat(1.0));
        let pos = (-(p.xc * s)).mul_add(p.h, gate * s);
        let pos = (pos * up) * V::select(tiny, V::splat(TWO_M58), V::splat(1.0));
        V::select(p.sign, neg, pos)
    }
}
