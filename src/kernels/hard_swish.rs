//! PyTorch's `Hardswish`: `x * relu6(x + 3) / 6`, i.e. a zero at and below
//! -3 (`-0`, the sign of `x * 0`, also for `-inf`), `x` at and above 3,
//! `x (x + 3) / 6` between.
//!
//! Correctly rounded but for a tiny fraction of an ULP (the naive form
//! rounds three times). Between the flat parts, `x + 3 = th + tl` exactly
//! (TwoSum), `x * th = ph + pl` exactly (TwoProduct), and `q = ph (1/6)` gets one
//! correction from its exact residual (`twofold::div6`):
//! `q + (ph - 6q + pl + x tl) (1/6)`. `x` is clamped to `[-3, 3]` for that
//! computation (NaN passes), so no intermediate overflows.
//!
//! The Fast tier is the naive form with a product for the quotient,
//! `x * (min(x + 3, 6) * (1/6))` (`clamp-add-mul-mul`): three
//! roundings and the one of `1/6`, no select, and a floor at the
//! function's minimum, -3/8, which they can cross. The factor is exactly 1 from
//! `x = 3` up (`6 * (1/6)` rounds to 1) and 0 from -3 down, where `x` is
//! first raised to -3 (so `-inf` gives `-0`, not `-inf * 0`) and `+0`
//! added (so `-0` gives `+0`, as in the Accurate tier).

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::twofold::{div6, two_prod, two_sum};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// PyTorch's `Hardswish`: `output[i] = x relu6(x + 3) / 6`: a zero
/// (`-0`) at and below -3, `x` at and above 3, `x (x + 3) / 6`
/// between.
///
/// NaN gives NaN, `-inf` gives `-0`, `+inf` gives `+inf`; correctly
/// rounded but for a tiny fraction of an ULP (the naive form rounds
/// three times). The Fast tier is that naive form, with a product by
/// `1/6`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "hard_swish",
    aliases: &["hardswish"],
    kind: Kind::Elementwise,
    formula: "x min(max(x + 3, 0), 6) / 6",
    accurate: Tier::new(1.5, "clamp-tf-mul-corr"),
    fast: Some(Tier::new(3.0, "clamp-add-mul-mul")),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, -0.0),
        (0.0, 0.0),
        (-0.0, 0.0),
        (-3.0, -0.0),
        (3.0, 3.0),
        (-4.0, -0.0),
        (4.0, 4.0),
        (1.5, 1.125),
        (-1.5, -0.375),
        (f32::MAX, f32::MAX),
        (f32::MIN, -0.0),
    ],
    pair_specials: &[],
    edges: &[-3.0, 3.0, 0.0, -1.5],
    domain: (-3.5, 3.5),
    range: (-0.375, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: HardSwish = HardSwish;
pub(crate) const FAST: HardSwishFast = HardSwishFast;

#[derive(Clone, Copy)]
pub(crate) struct HardSwish;

impl UnaryKernel for HardSwish {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let three = V::splat(3.0);
        let xc = three.min((-three).max(x));
        let (th, tl) = two_sum(xc, three);
        let (ph, pl) = two_prod(xc, th);
        let y = div6(ph, xc.mul_add(tl, pl));
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        let y = V::select(x.ge(three), x + V::splat(0.0), y);
        V::select(x.le(-three), V::splat(-0.0), y)
    }
}

#[derive(Clone, Copy)]
pub(crate) struct HardSwishFast;

impl UnaryKernel for HardSwishFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let three = V::splat(3.0);
        // NaN passes the `max`; `+ 0` turns `-0` into `+0`. `xl + 3 >= 0`.
        let xl = (-three).max(x) + V::splat(0.0);
        let h = V::splat(6.0).min(xl + three);
        // The roundings can take the minimum, -3/8 at -1.5, one ULP lower.
        V::splat(-0.375).max(xl * (h * V::splat(1.0 / 6.0)))
    }
}
