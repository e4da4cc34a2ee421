//! The GLU core: `sigmoid(gate) * up`.
//!
//! `sigmoid(gate)` comes from the logistic core (`math/logistic.rs`, with
//! the factor 1) unscaled, as `q * 2^n`, and `up` is multiplied in before
//! the power of two is complete: `((q 2^n1) up) 2^n2 2^n3`, as in
//! `silu_mul.rs`. So where the sigmoid alone would be subnormal (gate below
//! about -87) but the product is not, nothing is rounded to a subnormal
//! before the end. `n1 = max(n/2, -125)` keeps `q 2^n1` below 1 and normal, so the
//! product by `up` cannot overflow early. Errors: the corrected quotient
//! (about 0.6 ULP) and the rounding of the product by `up`.
//!
//! `gate` is clamped to `[-200, f32::MAX]`: below -200 the sigmoid is under
//! 2^-288, so the result is a zero for any finite `up` (NaN for an infinite
//! one, as `0 * inf`); `gate = +inf` gives `up`.

use super::BinaryKernel;
use crate::lanes::{IntLanes, Lanes};
use crate::math::logistic::times_logistic;
use crate::math::{pow2_pair, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// The GLU core: `output[i] = sigmoid(a[i]) * b[i]`, with `a` the gate
/// and `b` the up projection: `b / (1 + e^-a)`.
///
/// One rounding of the product, not two: where the sigmoid of the gate
/// alone is subnormal but the product is not, the result keeps its
/// accuracy. NaN in either input gives NaN; a gate of `+inf` gives `b`,
/// of `-inf` (or below -200) `+0 * b` (NaN for an infinite `b`, as
/// `0 * inf`).
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "sigmoid_mul",
    aliases: &[],
    kind: Kind::Binary,
    formula: "b / (1 + e^-a)",
    accurate: Tier::new(3.0, "rr2-p4-tf-div-corr-mul"),
    fast: None,
    specials: &[],
    pair_specials: &[
        (NAN, 1.0, NAN),
        (1.0, NAN, NAN),
        (INF, 2.0, 2.0),
        (NINF, 2.0, 0.0),
        (NINF, -2.0, -0.0),
        (0.0, 5.0, 2.5),
        (20.0, 1.0, 1.0),
        (INF, 0.0, 0.0),
        (0.0, INF, INF),
        (NINF, INF, NAN),
        (-250.0, 1e38, 0.0),
    ],
    edges: &[
        0.0,
        16.635_532,
        -87.336_55,
        -103.972_08,
        -120.0,
        -150.0,
        -176.0,
        -200.0,
    ],
    domain: (-200.0, 18.0),
    range: (NINF, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: SigmoidMul = SigmoidMul;

const LO: f32 = -200.0;

#[derive(Clone, Copy)]
pub(crate) struct SigmoidMul;

impl BinaryKernel for SigmoidMul {
    #[inline(always)]
    fn eval<V: Lanes>(self, gate: V, up: V) -> V {
        let g = V::splat(f32::MAX).min(V::splat(LO).max(gate));
        let (q, n) = times_logistic(V::splat(1.0), g, V::splat(0.0), LO);
        // n in [-289, 0]: n1 = max(n/2, -125), the rest (>= -164) in two.
        // Not -126: q may be below 1, and q 2^n1 must stay normal.
        let n1 = n.shr::<1>().max(V::Int::splat(-125));
        let (f2, f3) = pow2_pair::<V>(n.sub(n1));
        let y = ((q * pow2i::<V>(n1)) * up) * f2 * f3;
        // Below LO the sigmoid is a zero: times `up`, not a tiny number times it.
        V::select(gate.lt(V::splat(LO)), V::splat(0.0) * up, y)
    }
}
