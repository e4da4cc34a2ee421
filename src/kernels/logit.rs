//! Logit, the inverse of the logistic function: `ln(p / (1 - p))` on `[0, 1]`.
//!
//! The naive form loses everything near `p = 1/2`, where the ratio is close
//! to 1 and its rounding error is all that is left after the log. Here the
//! ratio is carried in more than `f32` precision instead:
//! - `1 - p = d + d_lo` exactly (Fast2Sum);
//! - `q = p / d`, with the exact residual `p - q*d` (one FMA, or
//!   TwoProduct), so the true ratio is `q * (1 + eps)` with
//!   `eps = (p - q*d - q*d_lo) / p`;
//! - `ln(q * (1 + eps))` by the log core, which folds `eps` into its low
//!   part before the final rounding.
//!
//! `eps` is dropped below `p = 2^-24`, where it is below `2^-24` and the
//! result has magnitude above 16 (and where the residual would underflow).
//! Domain: `logit(±0) = -inf`, `logit(1) = +inf`, `logit(1/2) = 0`;
//! outside `[0, 1]` and for NaN, NaN.

use super::UnaryKernel;
use crate::lanes::{IntLanes, Lanes};
use crate::math::log::{log_ext, log1p_reduced_fast, reduce};
use crate::math::twofold::{div_residual, two_sum_ordered};
use crate::math::{int_to_float, pow2f};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = ln(input[i] / (1 - input[i]))`, the inverse of
/// sigmoid.
///
/// `logit(±0) = -inf`, `logit(1) = +inf`, `logit(0.5) = 0`; inputs
/// outside `[0, 1]`, infinities and NaN give NaN. (The naive formula
/// is 65,000 ULP off near 0.5, as `cargo run --release --example tour`
/// prints.)
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "logit",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "ln(x / (1 - x))",
    accurate: Tier::new(2.0, "tf-div-log-p8"),
    fast: Some(Tier::new(3.0, "div-log-p8")),
    specials: &[
        (NAN, NAN),
        (INF, NAN),
        (NINF, NAN),
        (0.0, NINF),
        (-0.0, NINF),
        (1.0, INF),
        (0.5, 0.0),
        (-1e-30, NAN),
        (1.000_000_1, NAN),
        (2.0, NAN),
        (-1.0, NAN),
    ],
    pair_specials: &[],
    edges: &[
        0.5,
        0.25,
        0.75,
        1.0,
        5.960_464_5e-8,
        f32::MIN_POSITIVE,
        1e-45,
        0.707_106_77,
        0.292_893_2,
    ],
    domain: (0.0, 1.0),
    range: (NINF, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Logit = Logit;
pub(crate) const FAST: LogitFast = LogitFast;

#[derive(Clone, Copy)]
pub(crate) struct Logit;

impl UnaryKernel for Logit {
    // Zero would divide 0 by 0 in `res / p`.
    const FILL: f32 = 0.5;
    #[inline(always)]
    fn eval<V: Lanes>(self, p: V) -> V {
        let one = V::splat(1.0);
        let (d, d_lo) = two_sum_ordered(one, -p);
        let q = p / d;
        let res = div_residual(p, q, d) - q * d_lo;
        let eps = V::select(p.ge(V::splat(5.960_464_5e-8)), res / p, V::splat(0.0));
        log_ext(q, eps)
    }
}

/// `|p - 1/2|` up to here (`(3 - 2 sqrt 2) / 2`): `p / (1 - p)` is in
/// `[sqrt(1/2), sqrt(2)]`, the log core's interval for `1 + f`.
const MID: f32 = 0.085_786_44;
/// `1 / d ~ INV_AT_0 - INV_SLOPE d` on `[1/2, 1]`, within 6% (relative).
const INV_AT_0: f32 = 2.823_5;
const INV_SLOPE: f32 = 1.882_4;

/// The Fast tier: one division and one polynomial, no two-float step.
///
/// - Near `p = 1/2` (`|p - 1/2| <= MID`) the division gives
///   `f = (2p - 1) / (1 - p)` itself, the ratio minus one, whose numerator
///   is exact: the ratio's rounding would be all that is left of a result
///   near 0. There `logit = ln(1 + f)`.
/// - Elsewhere it gives the ratio `q = p / (1 - p)`, `q = 2^k m` with `m`
///   in `[sqrt(1/2), sqrt(2))` from its bits, `f = m - 1` exact, and
///   `logit = k ln 2 + ln(1 + f)`: `|logit| > 0.34`, so the roundings of
///   `1 - p` and of `q` (relative `2^-24` each) stay a few ULP.
/// - `ln(1 + f) = f + f^2 (-1/2 + f R(f))`, the accurate core's `R`.
///
/// A subnormal `p` enters the division as `p 2^24`, built from its bits
/// (`k` takes the 24 back), so no operation sees a subnormal.
#[derive(Clone, Copy)]
pub(crate) struct LogitFast;

impl UnaryKernel for LogitFast {
    const FILL: f32 = 0.5;
    #[inline(always)]
    fn eval<V: Lanes>(self, p: V) -> V {
        let (zero, one) = (V::splat(0.0), V::splat(1.0));
        let nan = V::splat(f32::NAN);
        // Arithmetic on `pc`, never on a subnormal `p` (same `d` below 2^-25).
        let pc = V::splat(pow2f(-30)).max(p);
        let d = one - pc;
        // `1 - p = d + d_lo` (Fast2Sum); `ln(q) - d_lo / d` takes it back
        // where `q` is the ratio, with `1 / d` (`d` in `[1/2, 1]` where
        // `d_lo` is not 0) to a few percent by a line.
        let d_lo = (one - d) - pc;
        let inv_d = d.mul_add(V::splat(-INV_SLOPE), V::splat(INV_AT_0));
        let tiny = p.lt(V::splat(f32::MIN_POSITIVE));
        // 2^-102 (1 + bits 2^-23) - 2^-102 = p 2^24, exactly.
        let up = V::from_bits(p.to_bits().or(V::Int::splat(25 << 23))) - V::splat(pow2f(-102));
        let mid = (pc - V::splat(0.5)).abs().le(V::splat(MID));
        let num = V::select(mid, pc.mul_add(V::splat(2.0), -one), V::select(tiny, up, p));
        let t = num / d;
        let (k, f) = reduce(t);
        let f = V::select(mid, t, f);
        let kf = int_to_float::<V>(k) - V::select(tiny, V::splat(24.0), zero);
        let kf = V::select(mid, zero, kf);
        let lo = V::select(mid, zero, d_lo * inv_d);
        let y = kf.mul_add(
            V::splat(core::f32::consts::LN_2),
            log1p_reduced_fast(f) - lo,
        );
        // 0 -> -inf and 1 -> +inf; below 0, above 1 and NaN -> NaN.
        let y = V::select(p.le(zero), V::splat(f32::NEG_INFINITY), y);
        let y = V::select(p.ge(one), V::splat(f32::INFINITY), y);
        V::select(p.ge(zero), V::select(p.le(one), y, nan), nan)
    }
}
