//! Softplus: `ln(1 + e^x)`, computed as `max(x, 0) + ln(1 + e^-|x|)`.
//!
//! With `e = e^-|x|` in `(0, 1]` there is no overflow and no cancellation:
//! - `e = (s + t) 2^n` from the exponential core, `s + t` renormalised;
//! - `e >= 2^-12`: `e = eh + el` exactly, `1 + e = d + d_lo` exactly
//!   (Fast2Sum), and the log core takes `ln(d (1 + d_lo/d))` with `d_lo/d`
//!   (at most 2^-12 of the result) folded into its low part: within about
//!   0.5 ULP;
//! - `e < 2^-12`: `e - e^2 (1/2 - e/3)`, the series to a relative 2^-38,
//!   formed on the significand `s + t` and scaled by `2^n` once: also about
//!   0.5 ULP. For very negative `x` that is `e^x`, kept down to the
//!   subnormals, whose bits are built without a subnormal operand or
//!   result in any multiplication (those take a slow microcode assist);
//! - for `x > 0` the sum of two positive terms adds one rounding: within
//!   about 1 ULP in all.
//!
//! `-inf` gives `+0`, `+inf` gives `+inf`, NaN gives NaN (through the log
//! core's argument).

use super::UnaryKernel;
use crate::lanes::IntLanes;
use crate::lanes::Lanes;
use crate::math::exp_fast::exp_fast_nonpositive_up;
use crate::math::exponential::{NORMAL_LIMIT, exp_parts};
use crate::math::log::{log_ext, log1p_fast_unit};
use crate::math::twofold::two_sum_ordered;
use crate::math::{ldexp_gradual, pow2f, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = ln(1 + e^input[i])`, computed as
/// `max(x, 0) + ln(1 + e^-|x|)` without overflow or cancellation.
///
/// `softplus(-inf) = +0`, `softplus(+inf) = +inf`, NaN gives NaN;
/// output positive. For very negative inputs the result is `e^x`,
/// kept down to the subnormals (then `+0` below about `-103.97`);
/// from `x = 14.556091` on the result is `x`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "softplus",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "ln(1 + e^x)",
    accurate: Tier::new(2.0, "rr2-p4-tf-log-p8"),
    fast: Some(Tier::new(4.0, "rr2-p5-up-log1p-p8")),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, 0.0),
        (0.0, core::f32::consts::LN_2),
        (-0.0, core::f32::consts::LN_2),
        (20.0, 20.0),
        (f32::MAX, f32::MAX),
        (f32::MIN, 0.0),
        (-200.0, 0.0),
        (-104.0, 0.0),
    ],
    pair_specials: &[],
    edges: &[
        0.0,
        14.556_091,
        -16.635_532,
        -87.336_55,
        -103.278_93,
        -103.972_08,
        88.722_83,
    ],
    domain: (-105.0, 16.0),
    range: (0.0, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Softplus = Softplus;
pub(crate) const FAST: SoftplusFast = SoftplusFast;

/// `2^-12`: below, `ln(1 + e)` is its series to three terms.
const SMALL: f32 = 2.441_406_3e-4;

/// The smallest scale applied to `s + t` before the series (see `eval`).
const SCALE_MIN: i32 = -40;

#[derive(Clone, Copy)]
pub(crate) struct Softplus;

impl UnaryKernel for Softplus {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (zero, one) = (V::splat(0.0), V::splat(1.0));
        let (s, t, n) = exp_parts(-x.abs(), zero, -104.0);
        // e = (s + t) 2^n with s + t renormalised, s in [0.7, 1.4].
        let (s, t) = two_sum_ordered(s, t);
        // The scale is clamped at 2^-40: exact wherever the log branch is
        // taken (n >= -13), and it keeps eh, el and every product formed
        // from them normal in the lanes that take the series.
        let f = pow2i::<V>(n.max(V::Int::splat(SCALE_MIN)));
        let (eh, el) = (s * f, t * f);
        let (d, d_lo) = two_sum_ordered(one, eh);
        let big = log_ext(d, (d_lo + el) / d);
        // e < 2^-12: e (1 - e k), k = 1/2 - e/3 (the series to a relative
        // 2^-38), formed on the significand, so no product is subnormal,
        // and scaled by 2^n once, with gradual underflow made from the bits
        // (`ldexp_gradual`). Where n < -40 the clamped `eh` moves the
        // correction by under 2^-40 relative.
        let k = eh.mul_add(V::splat(-1.0 / 3.0), V::splat(0.5));
        let p = (s * k).mul_add(-eh, t) + s;
        // Results normal in every lane (|x| <= 87): 2^n is an exact add to
        // the exponent field, and the gradual-underflow scaling is not needed.
        let small = if V::BRANCH_PER_VECTOR && V::all(x.abs().le(V::splat(NORMAL_LIMIT))) {
            p * pow2i::<V>(n)
        } else {
            ldexp_gradual(p, n)
        };
        let l = V::select(eh.lt(V::splat(SMALL)), small, big);
        zero.max(x) + l
    }
}

/// `2^-60` and `2^-64`: the Fast kernel's floor for `e 2^64`, and the scale back.
const UP_FLOOR: f32 = pow2f(-60);
const DOWN: f32 = pow2f(-64);
/// The float below [`UP_FLOOR`]: `up <= BELOW_UP_FLOOR` is `up < UP_FLOOR`,
/// written so that the compiler does not see the floor's own comparison.
/// Seeing it, LLVM drops the floor from the log's argument in the lanes
/// the select keeps (there it changes nothing), and on the one-lane
/// backend, which it if-converts, the unfloored product is then
/// subnormal below `x = -87.3` (a microcode assist per vector on x86).
const BELOW_UP_FLOOR: f32 = f32::from_bits(UP_FLOOR.to_bits() - 1);

/// The Fast tier: `max(x, 0) + ln(1 + e)` with `e = e^-|x|` from the Fast
/// exponential and the Fast `ln(1 + e)` (`log1p_fast_unit`). The
/// exponential comes as `e 2^64` (never subnormal), floored at `2^-60`
/// before it is scaled back, so no product is subnormal; where it was
/// floored (`e < 2^-124`, `|x|` above about 86) the log term is `+0`, so
/// very negative inputs give `+0` (measured maxima: `docs/bounds.md`).
#[derive(Clone, Copy)]
pub(crate) struct SoftplusFast;

impl UnaryKernel for SoftplusFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let zero = V::splat(0.0);
        let up = exp_fast_nonpositive_up(-x.abs());
        let l = log1p_fast_unit(V::splat(UP_FLOOR).max(up) * V::splat(DOWN));
        zero.max(x) + V::select(up.le(V::splat(BELOW_UP_FLOOR)), zero, l)
    }
}
