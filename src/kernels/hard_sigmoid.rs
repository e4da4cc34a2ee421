//! PyTorch's `Hardsigmoid`: `relu6(x + 3) / 6`, i.e. 0 at and
//! below -3, 1 at and above 3, `(x + 3) / 6` between.
//!
//! Correctly rounded but for a tiny fraction of an ULP. `x` is clamped to
//! `[-3, 3]` first (NaN passes), which gives the two flat parts exactly and
//! keeps every intermediate small. Then `x + 3 = th + tl` exactly (TwoSum),
//! `q = th (1/6)` rounded (within an ULP of `th / 6`), and one correction
//! from the exact residual, computed without a division or a TwoProduct
//! (`twofold::div6`): `q + (th - 6q + tl) (1/6)`. What remains is the final
//! rounding and the rounding of the correction, far below 2^-24 of the
//! result. No result is subnormal: the smallest nonzero one is
//! `ulp(3) / 6`.
//!
//! The Fast tier is the naive form with a product for the quotient,
//! `(x + 3) * (1/6)` on the clamped `x` (`clamp-add-mul`): two roundings
//! and the one of `1/6`. Not `x (1/6) + 1/2` in one FMA: near -3 that
//! cancels, and the rounding of `1/6` times `x` would be all of a small
//! result.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::twofold::{div6, two_sum};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// PyTorch's `Hardsigmoid`: `output[i] = relu6(input[i] + 3) / 6`,
/// 0 at and below -3, 1 at and above 3, linear between.
///
/// NaN gives NaN, `-inf` gives `+0`, `+inf` gives 1; output in
/// `[0, 1]`, correctly rounded but for a tiny fraction of an ULP
/// (the naive `(x + 3) / 6` rounds twice). The Fast tier is that naive
/// form, with a product by `1/6`.
///
/// Not ONNX's `HardSigmoid`, `max(0, min(1, alpha x + beta))` with a
/// default slope `alpha = 0.2` (1/5, not 1/6): `FromStr` takes PyTorch's
/// `Hardsigmoid` and `hardsigmoid` for this function, but refuses the
/// ONNX spelling `HardSigmoid` rather than run another function.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "hard_sigmoid",
    aliases: &["hardsigmoid"],
    kind: Kind::Elementwise,
    formula: "min(max(x + 3, 0), 6) / 6",
    accurate: Tier::new(1.0, "clamp-tf-mul-corr"),
    fast: Some(Tier::new(2.0, "clamp-add-mul")),
    specials: &[
        (NAN, NAN),
        (INF, 1.0),
        (NINF, 0.0),
        (0.0, 0.5),
        (-0.0, 0.5),
        (-3.0, 0.0),
        (3.0, 1.0),
        (-4.0, 0.0),
        (4.0, 1.0),
        (1.5, 0.75),
        (f32::MAX, 1.0),
        (f32::MIN, 0.0),
    ],
    pair_specials: &[],
    edges: &[-3.0, 3.0, 0.0],
    domain: (-3.5, 3.5),
    range: (0.0, 1.0),
};

/// Spellings `FromStr` refuses although they match the alias
/// `hardsigmoid` but for case: ONNX's `HardSigmoid` (see the declaration).
pub(crate) const REFUSED: &[&str] = &["HardSigmoid"];

/// The kernel of each tier.
pub(crate) const ACCURATE: HardSigmoid = HardSigmoid;
pub(crate) const FAST: HardSigmoidFast = HardSigmoidFast;

#[derive(Clone, Copy)]
pub(crate) struct HardSigmoid;

impl UnaryKernel for HardSigmoid {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let three = V::splat(3.0);
        let x = three.min((-three).max(x));
        let (th, tl) = two_sum(x, three);
        div6(th, tl)
    }
}

#[derive(Clone, Copy)]
pub(crate) struct HardSigmoidFast;

impl UnaryKernel for HardSigmoidFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let three = V::splat(3.0);
        let x = three.min((-three).max(x));
        (x + three) * V::splat(1.0 / 6.0)
    }
}
