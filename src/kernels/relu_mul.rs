//! The ReGLU core: `max(gate, 0) * up`. The activation is exact, so the
//! result is the product rounded once (correctly rounded, subnormal results
//! included).

use super::BinaryKernel;
use crate::lanes::Lanes;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// The ReGLU core: `output[i] = max(a[i], 0) * b[i]`, with `a` the gate
/// and `b` the up projection; correctly rounded.
///
/// NaN in either input gives NaN; a gate `<= 0` (including `-0` and
/// `-inf`) gives `+0 * b` (NaN for an infinite `b`, as `0 * inf`), a
/// gate of `+inf` gives `inf * b`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "relu_mul",
    aliases: &[],
    kind: Kind::Binary,
    formula: "max(a, 0) * b",
    accurate: Tier::new(0.5, "select-mul"),
    fast: None,
    specials: &[],
    pair_specials: &[
        (NAN, 1.0, NAN),
        (1.0, NAN, NAN),
        (INF, 2.0, INF),
        (NINF, 2.0, 0.0),
        (-3.0, 5.0, 0.0),
        (-0.0, -1.0, -0.0),
        (3.0, 5.0, 15.0),
        (2.0, INF, INF),
        (INF, 0.0, NAN),
        (NINF, INF, NAN),
        (1e-45, 0.5, 0.0),
        (f32::MAX, 2.0, INF),
    ],
    edges: &[0.0, 1e-38, 1.0],
    domain: (-10.0, 10.0),
    range: (NINF, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: ReluMul = ReluMul;

#[derive(Clone, Copy)]
pub(crate) struct ReluMul;

impl BinaryKernel for ReluMul {
    #[inline(always)]
    fn eval<V: Lanes>(self, gate: V, up: V) -> V {
        // As `relu.rs`: `max` keeps a NaN gate, `+ 0` makes `-0` a `+0`.
        (V::splat(0.0).max(gate) + V::splat(0.0)) * up
    }
}
