//! ReLU6: `min(max(x, 0), 6)`, exact.
//!
//! As ReLU below 6 (`x <= 0`, including `-0.0`, gives `+0.0`), 6 at and
//! above 6; NaN stays NaN.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// ReLU6: `output[i] = min(max(input[i], 0), 6)`, exact (PyTorch's
/// `ReLU6`, MobileNet's activation).
///
/// `x <= 0` (including `-0.0` and `-inf`) gives `+0.0`, `x >= 6` (and
/// `+inf`) gives 6; `x` in `(0, 6)` is returned bit for bit; NaN gives
/// NaN.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "relu6",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "min(max(x, 0), 6)",
    accurate: Tier::new(0.0, "clamp"),
    fast: None,
    specials: &[
        (NAN, NAN),
        (INF, 6.0),
        (NINF, 0.0),
        (0.0, 0.0),
        (-0.0, 0.0),
        (1e-45, 1e-45),
        (-1e-45, 0.0),
        (3.5, 3.5),
        (-3.5, 0.0),
        (6.0, 6.0),
        (5.999_999_5, 5.999_999_5),
        (6.000_000_5, 6.0),
        (f32::MAX, 6.0),
    ],
    pair_specials: &[],
    edges: &[0.0, 6.0],
    domain: (-10.0, 10.0),
    range: (0.0, 6.0),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Relu6 = Relu6;

#[derive(Clone, Copy)]
pub(crate) struct Relu6;

impl UnaryKernel for Relu6 {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // As in `relu.rs`: `max` passes a NaN `x` and adding `+0` turns
        // `-0` into `+0`; `limit.min(..)` passes the NaN on.
        V::splat(6.0).min(V::splat(0.0).max(x) + V::splat(0.0))
    }
}
