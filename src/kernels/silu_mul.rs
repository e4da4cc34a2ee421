//! The SwiGLU core: `SiLU(gate) * up = gate * logistic(gate) * up`.
//!
//! `gate * L(gate)` comes from the logistic core (`math/logistic.rs`)
//! unscaled, as `q * 2^n`, and `up` is multiplied in before the power of
//! two is complete: `((q 2^n1) up) 2^n2 2^n3`. So where
//! `gate * logistic(gate)` alone would be subnormal but the product with `up`
//! is not, nothing is rounded to a subnormal before the end (rounding the
//! SiLU first costs up to 16 ULP there). `n1` is about `n/2`, which keeps
//! `q 2^n1` below 0.75 in magnitude, so the product by `up` cannot
//! overflow early; the rest is split in two factors because `n` reaches
//! -289. Errors: the corrected quotient (about 0.6 ULP) and the rounding of
//! the product by `up`.
//!
//! A gate below 2^-60 in magnitude is scaled by 2^64 first (its `q` would
//! otherwise be rounded as a subnormal before the product), and 64 is taken
//! off `n`.
//!
//! `gate` is clamped to `[-200, f32::MAX]`: below -200 the SiLU is under
//! 2^-280, so the result is a zero for any finite `up` (NaN for an infinite
//! one, as `0 * inf`); `gate = +inf` gives `up * inf`.

use super::BinaryKernel;
use crate::lanes::{IntLanes, Lanes};
use crate::math::logistic::times_logistic;
use crate::math::{pow2_pair, pow2f, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// The SwiGLU core: `output[i] = silu(a[i]) * b[i]`, with `a` the
/// gate and `b` the up projection: `a / (1 + e^-a) * b`.
///
/// One rounding of the product, not two: where the SiLU of the gate
/// alone is subnormal but the product is not, the result keeps its
/// accuracy. NaN in either input gives NaN; a gate of `+inf` gives
/// `b * inf`, of `-inf` (or below -200) a zero times `b` (NaN for an
/// infinite `b`, as `0 * inf`).
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "silu_mul",
    aliases: &[],
    kind: Kind::Binary,
    formula: "a / (1 + e^-a) * b",
    accurate: Tier::new(3.0, "rr2-p4-tf-div-corr-mul"),
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
        (-250.0, 1e38, -0.0),
    ],
    edges: &[
        0.0,
        -1.278_464_5,
        -87.336_55,
        -103.972_08,
        -120.0,
        -150.0,
        -200.0,
    ],
    domain: (-200.0, 20.0),
    range: (NINF, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: SiluMul = SiluMul;

const LO: f32 = -200.0;
const TINY: f32 = pow2f(-60);
const TWO_64: f32 = 18_446_744_073_709_551_616.0;
/// The integer 64 as `f32` bits, to select it lane-wise with floats.
const SIXTY_FOUR_BITS: f32 = f32::from_bits(64);

#[derive(Clone, Copy)]
pub(crate) struct SiluMul;

impl BinaryKernel for SiluMul {
    #[inline(always)]
    fn eval<V: Lanes>(self, gate: V, up: V) -> V {
        let g = V::splat(f32::MAX).min(V::splat(LO).max(gate));
        // A tiny gate would make `q` subnormal (rounded) before `up` scales
        // it back up: carry it scaled by 2^64 and take 64 off `n`.
        let tiny = g.abs().lt(V::splat(TINY));
        let a = V::select(tiny, g * V::splat(TWO_64), g);
        let (q, n) = times_logistic(a, g, V::splat(0.0), LO);
        let n = n.sub(V::select(tiny, V::splat(SIXTY_FOUR_BITS), V::splat(0.0)).to_bits());
        // n in [-289, 0]: n1 = max(n/2, -126), the rest (>= -163) in two.
        let n1 = n.shr::<1>().max(V::Int::splat(-126));
        let (f2, f3) = pow2_pair::<V>(n.sub(n1));
        let y = ((q * pow2i::<V>(n1)) * up) * f2 * f3;
        // Below LO the SiLU is a zero: times `up`, not a tiny number times it.
        let y = V::select(gate.lt(V::splat(LO)), V::splat(-0.0) * up, y);
        V::select(gate.ge(V::splat(f32::INFINITY)), gate * up, y)
    }
}
