//! `e^x`: the method is in `src/math/exponential.rs` (Accurate) and
//! `src/math/exp_fast.rs` (Fast), shared by every kernel that
//! needs an exponential.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = e^input[i]`.
///
/// `exp(NaN) = NaN`, `exp(+inf) = +inf`, `exp(-inf) = +0`; `+inf`
/// above `88.72283`; results below `f32::MIN_POSITIVE` are
/// subnormal (gradual underflow down to `2^-149`), then `+0` below
/// about `-103.97`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "exp",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "e^x",
    accurate: Tier::new(1.0, "rr2-p4-tf"),
    fast: Some(Tier::new(3.0, "rr2-p5")),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, 0.0),
        (0.0, 1.0),
        (-0.0, 1.0),
        (f32::MAX, INF),
        (f32::MIN, 0.0),
        (88.722_84, INF),
        (1000.0, INF),
        (-104.0, 0.0),
        (-1000.0, 0.0),
    ],
    pair_specials: &[],
    edges: &[
        0.0,
        88.722_83,
        -87.336_55,
        -103.278_93,
        -103.972_08,
        1.0,
        -1.0,
        0.346_573_6,
        -0.346_573_6,
    ],
    domain: (-104.5, 89.0),
    range: (0.0, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Exp = Exp;
pub(crate) const FAST: ExpFast = ExpFast;

#[derive(Clone, Copy)]
pub(crate) struct Exp;

impl UnaryKernel for Exp {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        crate::math::exponential::exp_lanes(x)
    }
}

/// The Fast tier: `src/math/exp_fast.rs`.
#[derive(Clone, Copy)]
pub(crate) struct ExpFast;

impl UnaryKernel for ExpFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        crate::math::exp_fast::exp_fast(x)
    }
}
