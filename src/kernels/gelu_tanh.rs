//! GELU, hyperbolic-tangent approximation: `x/2 (1 + Tanh(u))` with
//! `u = sqrt(2/pi) (x + 0.044715 x^3)`, evaluated as `x * logistic(2u)`
//! (the same function), which keeps relative accuracy in the negative tail
//! where `1 + Tanh(u)` cancels.
//!
//! The bound is against the formula with `sqrt(2/pi)` and `0.044715` taken
//! exactly. In the tail `x * logistic(2u) ~ x e^(2u)` with `|2u|` up to 110,
//! so an error `d` in `2u` costs a relative `d` in the result: `2u` is
//! carried as a two-float, from `x^2` (TwoProduct) and the two constants
//! split into two `f32` each, to about 2^-44 relative. Then
//! `x * L(2u)` from the logistic core (`math/logistic.rs`), which scales
//! by the power of two last so that subnormal results round once.
//!
//! `u` is computed on `x` clamped to `[-12, 12]` (beyond, the logistic
//! factor is 0 or 1 in `f32`), the factor `x` on `[-12, f32::MAX]`, and
//! `+inf` is selected back at the end.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::exp_fast::logistic_fast_lo;
use crate::math::ldexp_gradual_any;
use crate::math::logistic::times_logistic;
use crate::math::twofold::{two_prod, two_sum, two_sum_ordered};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// GELU in its tanh approximation:
/// `output[i] = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
///
/// The bound holds against that formula with `sqrt(2/pi)` and
/// `0.044715` taken exactly, also in the negative tail (computed as
/// `x * sigmoid(2u)`, where `1 + tanh(u)` would cancel). NaN gives
/// NaN, `+inf` gives `+inf`, `-inf` gives `-0`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "gelu_tanh",
    aliases: &[
        "gelu_pytorch_tanh",
        "gelu_new",
        "gelu_fast",
        "gelu_accurate",
    ],
    kind: Kind::Elementwise,
    formula: "x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))",
    accurate: Tier::new(3.0, "tf-cubic-rr2-p4-tf-div-corr"),
    fast: Some(Tier::new(6.0, "tf-cubic-rr2-p5-div-mul")),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, -0.0),
        (0.0, 0.0),
        (20.0, 20.0),
        (-20.0, -0.0),
        (f32::MAX, f32::MAX),
        (f32::MIN, -0.0),
    ],
    pair_specials: &[],
    edges: &[0.0, -0.752_461_4, -10.0, -10.5, -11.0, -12.0, 5.0, 12.0],
    domain: (-12.5, 6.0),
    range: (-0.170_040_77, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: GeluTanh = GeluTanh;
pub(crate) const FAST: GeluTanhFast = GeluTanhFast;

/// `0.044715` as `C1_HI + C1_LO` (error 5e-17).
const C1_HI: f32 = f32::from_bits(0x3d37_2713);
const C1_LO: f32 = f32::from_bits(0x30d4_801f);
/// `2 sqrt(2/pi)` as `C2_HI + C2_LO` (error 1.2e-16).
const C2_HI: f32 = f32::from_bits(0x3fcc_422a);
const C2_LO: f32 = f32::from_bits(0xb342_bc9b);

#[derive(Clone, Copy)]
pub(crate) struct GeluTanh;

impl UnaryKernel for GeluTanh {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let lim = V::splat(12.0);
        let (wh, wl) = two_u(lim.min((-lim).max(x)));
        let a = V::splat(f32::MAX).min((-lim).max(x));
        let (q, n) = times_logistic(a, wh, wl, -120.0);
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        V::select(
            x.ge(V::splat(f32::INFINITY)),
            x + V::splat(0.0),
            ldexp_gradual_any(q, n),
        )
    }
}

/// The Fast tier: the same two-float `2u`, then `x * logistic(2u)` from
/// [`logistic_fast_lo`] (the `rr2-p5` exponential and one plain division,
/// as Fast `silu`), which takes the low part of `2u` to first order: in
/// the range where the result is not in the Fast tail (`|2u| < 17`),
/// dropping it would cost up to 8 ULP. The result flushes to zero where
/// `e^(2u)` is below `2^-125` (`x` below about -10.01).
#[derive(Clone, Copy)]
pub(crate) struct GeluTanhFast;

impl UnaryKernel for GeluTanhFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let lim = V::splat(12.0);
        let (wh, wl) = two_u(lim.min((-lim).max(x)));
        // `-12` below (the logistic factor is 0 there); `+inf` and NaN pass.
        let y = (-lim).max(x) * logistic_fast_lo(wh, wl);
        // Rounding may land an ULP below the minimum the range promises.
        V::splat(DECLARATION.range.0).max(y)
    }
}

/// `2u = 2 sqrt(2/pi) (x + 0.044715 x^3)` as a two-float `(hi, lo)`, for
/// `|x| <= 14`, to about 2^-44 relative.
#[inline(always)]
pub(crate) fn two_u<V: Lanes>(xw: V) -> (V, V) {
    // a = 0.044715 x^2
    let (x2h, x2l) = two_prod(xw, xw);
    let (ah, ae) = two_prod(V::splat(C1_HI), x2h);
    let al = V::splat(C1_HI).mul_add(x2l, V::splat(C1_LO).mul_add(x2h, ae));
    // t = 1 + a
    let (th, te) = two_sum(V::splat(1.0), ah);
    let tl = te + al;
    // v = x t
    let (vh, ve) = two_prod(xw, th);
    let vl = xw.mul_add(tl, ve);
    // w = 2 sqrt(2/pi) v
    let (wh, we) = two_prod(V::splat(C2_HI), vh);
    let wl = V::splat(C2_HI).mul_add(vl, V::splat(C2_LO).mul_add(vh, we));
    two_sum_ordered(wh, wl)
}
