//! QuickGELU: `x * logistic(1.702 x)`, the sigmoid approximation of GELU
//! of OpenAI's CLIP (Hugging Face `quick_gelu`).
//!
//! `x * L(w)` from the logistic core (`math/logistic.rs`), as SiLU, with
//! the argument `w = 1.702 x` carried as a two-float: in the negative tail
//! the result is about `x e^w` with `|w|` up to 120, so a rounded `w`
//! (relative error 2^-24) would cost up to `|w| / 2` ULP. `1.702` is split
//! into `K_HI + K_LO`, `x K_HI` is exact as TwoProduct, `x K_LO` is added to
//! its low part, and Fast2Sum renormalises the pair: `w + wlo` is then
//! `1.702 x` to about 2^-42 relative, and the error is that of SiLU's.
//!
//! `w` is computed on `x` clamped to `[-70, 64]`: below -63.6 the result
//! rounds to -0, above 10.2 the logistic factor rounds to 1, and `w(64)`
//! is above 104, where the core returns the factor itself for a huge `x`.
//! The factor is `x` clamped to `[-70, f32::MAX]`, and `+inf` is selected
//! back at the end.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::exp_fast::logistic_fast_lo;
use crate::math::ldexp_gradual_any;
use crate::math::logistic::times_logistic;
use crate::math::twofold::{two_prod, two_sum_ordered};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// QuickGELU: `output[i] = x / (1 + e^(-1.702 x))`, `x = input[i]`
/// (the GELU approximation of OpenAI's CLIP, Hugging Face's
/// `quick_gelu`).
///
/// The bound holds against that formula with `1.702` taken exactly,
/// also in the negative tail, down to the subnormals. NaN gives NaN,
/// `+inf` gives `+inf`, `-inf` gives `-0`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "quick_gelu",
    aliases: &["quickgelu"],
    kind: Kind::Elementwise,
    formula: "x / (1 + e^(-1.702 x))",
    accurate: Tier::new(2.5, "tf-mul-rr2-p4-tf-div-corr"),
    fast: Some(Tier::new(7.0, "tf-mul-rr2-p5-div-mul")),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, -0.0),
        (0.0, 0.0),
        (-0.0, 0.0),
        (20.0, 20.0),
        (-100.0, -0.0),
        (f32::MAX, f32::MAX),
        (f32::MIN, -0.0),
    ],
    pair_specials: &[],
    edges: &[
        0.0,
        -0.751_154_3,
        9.774_108,
        10.181_363,
        -10.0,
        -53.653_996,
        -63.116_28,
        -63.527_35,
        -64.0,
        -70.0,
        64.0,
    ],
    domain: (-71.0, 11.0),
    range: (-0.163_610_3, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: QuickGelu = QuickGelu;
pub(crate) const FAST: QuickGeluFast = QuickGeluFast;

/// `1.702` as `K_HI + K_LO` (exactly, to f64's precision).
const K_HI: f32 = f32::from_bits(0x3fd9_db23);
const K_LO: f32 = f32::from_bits(0xb2bc_6a7f);
/// The clamps of `x` (module docs).
const LO: f32 = -70.0;
const HI: f32 = 64.0;

#[derive(Clone, Copy)]
pub(crate) struct QuickGelu;

impl UnaryKernel for QuickGelu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (wh, wl) = scaled(V::splat(HI).min(V::splat(LO).max(x)));
        let a = V::splat(f32::MAX).min(V::splat(LO).max(x));
        let (q, n) = times_logistic(a, wh, wl, -120.0);
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        V::select(
            x.ge(V::splat(f32::INFINITY)),
            x + V::splat(0.0),
            ldexp_gradual_any(q, n),
        )
    }
}

/// The Fast tier: the same two-float `1.702 x`, then `x * logistic(w)`
/// from [`logistic_fast_lo`] (as Fast `gelu_tanh`), whose `wlo` keeps
/// the argument's rounding out of the result; `x` is clamped to `-70` for
/// the product only (`-inf` gives `-0`, not NaN), and `+0` is added so
/// that `-0` gives `+0`. The result flushes to zero where `e^w` is below
/// `2^-125` (`x` below about -50.9).
#[derive(Clone, Copy)]
pub(crate) struct QuickGeluFast;

impl UnaryKernel for QuickGeluFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (wh, wl) = scaled(V::splat(HI).min(V::splat(LO).max(x)));
        let y = (V::splat(LO).max(x) + V::splat(0.0)) * logistic_fast_lo(wh, wl);
        // Rounding may land an ULP below the minimum the range promises.
        V::splat(DECLARATION.range.0).max(y)
    }
}

/// `1.702 x` as a two-float `(hi, lo)`, `|lo|` at most half an ULP of
/// `hi`, for `|x| <= 70`.
#[inline(always)]
fn scaled<V: Lanes>(x: V) -> (V, V) {
    let (p, e) = two_prod(x, V::splat(K_HI));
    two_sum_ordered(p, x.mul_add(V::splat(K_LO), e))
}
