//! ReLU: `max(x, 0)`, exact.
//!
//! `x <= 0` (including `-0.0`) gives `+0.0`; `x > 0` is returned bit for
//! bit; NaN stays NaN.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = max(input[i], 0)`, exact.
///
/// `x <= 0` (including `-0.0` and `-inf`) gives `+0.0`; `x > 0` is
/// returned bit for bit; NaN gives NaN.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "relu",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "max(x, 0)",
    accurate: Tier::new(0.0, "select"),
    fast: None,
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, 0.0),
        (0.0, 0.0),
        (-0.0, 0.0),
        (1e-45, 1e-45),
        (-1e-45, 0.0),
        (3.5, 3.5),
        (-3.5, 0.0),
        (f32::MAX, f32::MAX),
    ],
    pair_specials: &[],
    edges: &[0.0],
    domain: (-10.0, 10.0),
    range: (0.0, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Relu = Relu;

#[derive(Clone, Copy)]
pub(crate) struct Relu;

impl UnaryKernel for Relu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // `max` returns `x` when it is NaN and either zero for `x = ±0`;
        // adding `+0` makes that `+0`. No select of `x`: see `Lanes::select`.
        V::splat(0.0).max(x) + V::splat(0.0)
    }
}
