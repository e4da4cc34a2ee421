//! Hyperbolic tangent, odd bit for bit.
//!
//! Two branches, both computed, one selected per lane:
//! - `|x| < 0.4`: `x + x^3 P(x^2)`, `P` a degree-3 minimax polynomial for
//!   the error relative to the result (`tools/coeffs.py`, 2^-29). The
//!   correction is under 6% of the result, so the final rounding dominates.
//!   Below `2^-13` the result is `x` itself (exact zeros and subnormals).
//! - otherwise, with `a = |x|` clamped to 10 (where the result rounds to 1):
//!   `tanh a = 1 - 2 / (E + 1)`, `E = e^(2a) = (s + t) 2^n` from the
//!   exponential core (`2a` is exact). `E + 1 = d + d_lo` exactly (Fast2Sum,
//!   `E >= 2.2`), the quotient `q = 2/d` gets one correction from the exact
//!   division residual times `q/2 ~ 1/d` (as in the logistic kernel: one
//!   division in all), and `1 - q` is exact
//!   (Fast2Sum), so the rounding of `1 - q - q_lo` is the only large one.
//!   The core's 2^-28 relative error moves `q` by at most about 2^-29,
//!   under 0.1 ULP of a result `>= 0.38`.
//!
//! Both branches are odd (the polynomial is evaluated on `x`; the other
//! branch on `|x|` with the sign put back), so `tanh(-x) = -tanh(x)`
//! exactly. NaN propagates through both; `±inf` gives `±1`.
//!
//! The Fast tier (`rational-13-6-div`): one branch, `x P(x^2) / Q(x^2)` on
//! `x` clamped to ±7.9988 (±7.9053 without FMA), where the quotient reaches 1 (Eigen's published
//! rational approximation, degrees 13 and 6). No range reduction, no
//! exponential: one division and ten multiply-adds. Odd too, and below
//! `2^-13` the result is `x`, as in the Accurate tier. With FMA it is
//! `x (P / Q)`, `P`'s constant term moved one ULP to equal `Q`'s, so the
//! quotient is exactly 1 for tiny `x`; the result stays in `[-1, 1]`
//! (`examples/ulp.rs --exhaustive` checks every result against the range)
//! and needs neither a select nor a clamp. Without FMA the quotient can pass 1 by an
//! ULP, so the result is clamped, and tiny inputs are selected.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::exponential::exp_parts_in_range;
use crate::math::twofold::{div_residual, two_sum_ordered};
use crate::math::{horner, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = tanh(input[i])`, the hyperbolic tangent.
///
/// Odd bit for bit; output in `[-1, 1]`; `tanh(±0) = ±0`,
/// `tanh(±inf) = ±1`, NaN gives NaN. Inputs below `2^-13` in
/// magnitude (subnormals included) are returned unchanged; from
/// `|x| = 9.010914` on the result is `±1`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "tanh",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "tanh(x)",
    accurate: Tier::new(2.0, "p9-rr2-p4-tf-div-corr"),
    fast: Some(Tier::new(7.0, "rational-13-6-div")),
    specials: &[
        (NAN, NAN),
        (INF, 1.0),
        (NINF, -1.0),
        (0.0, 0.0),
        (-0.0, -0.0),
        (9.010_914, 1.0),
        (-9.010_914, -1.0),
        (20.0, 1.0),
        (f32::MAX, 1.0),
        (f32::MIN, -1.0),
        (1e-45, 1e-45),
        (-1e-45, -1e-45),
        (1e-5, 1e-5),
    ],
    pair_specials: &[],
    edges: &[
        0.0,
        0.4,
        -0.4,
        1.220_703_1e-4,
        -1.220_703_1e-4,
        9.010_913,
        -9.010_913,
        10.0,
        -10.0,
    ],
    domain: (-9.5, 9.5),
    range: (-1.0, 1.0),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Tanh = Tanh;
pub(crate) const FAST: TanhFast = TanhFast;

/// `P(u) ~ (tanh(x) - x) / x^3`, `u = x^2`, on `|x| <= 0.4`.
const P: [f32; 4] = crate::math::coeffs::TANH_P;
const SMALL: f32 = 0.4;
/// Below `2^-13`, `x - x^3/3` rounds to `x`.
const TINY: f32 = 1.220_703_1e-4;
/// Above 10, `1 - 2/(e^20 + 1)` rounds to 1.
const CLAMP: f32 = 10.0;

#[derive(Clone, Copy)]
pub(crate) struct Tanh;

impl UnaryKernel for Tanh {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (zero, one, two) = (V::splat(0.0), V::splat(1.0), V::splat(2.0));
        let a = x.abs();

        // |x| >= 0.4: 1 - 2/(e^(2a) + 1), on a = |x| <= 10: n in [0, 29].
        let ac = V::splat(CLAMP).min(a);
        let (s, t, n) = exp_parts_in_range(ac + ac, zero);
        let (s, t) = two_sum_ordered(s, t);
        let scale = pow2i::<V>(n);
        let (d, d_lo) = two_sum_ordered(s * scale, one);
        let d_lo = t.mul_add(scale, d_lo);
        let q = two / d;
        // The correction needs 1/d only roughly: q/2 is it, to 2^-24.
        let q_lo = q.mul_add(-d_lo, div_residual(two, q, d)) * (q * V::splat(0.5));
        let (h, l) = two_sum_ordered(one, -q);
        let large = h + (l - q_lo);
        combine(x, large)
    }
}

/// The Fast tier: Eigen's 13/6 rational `x P(x^2) / Q(x^2)` on `x` clamped
/// where the quotient reaches 1, one division, no exponential (see the
/// module docs; measured maxima: `docs/bounds.md`); odd bit for bit.
#[derive(Clone, Copy)]
pub(crate) struct TanhFast;

impl UnaryKernel for TanhFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // Beyond the clamp the quotient is 1 in f32 (tanh nearly: within
        // the bound); min/max pass NaN.
        if V::FMA {
            // `x * (P / Q)` with `P(0) = Q(0)`: below `2^-13` the quotient
            // rounds to 1 and the result is `x` (zeros and subnormals
            // exact), with no select; and with fused operations it never
            // leaves [-1, 1] (checked over every input), so no final clamp.
            let m = V::splat(RATIONAL_MAX);
            let xc = m.min((-m).max(x));
            let x2 = xc * xc;
            return (horner(x2, &RATIONAL_P_FMA) / horner(x2, &RATIONAL_Q)) * xc;
        }
        // Without FMA the quotient can pass 1: clamp it.
        let one = V::splat(1.0);
        let m = V::splat(RATIONAL_MAX_NO_FMA);
        let xc = m.min((-m).max(x));
        let x2 = xc * xc;
        let p = horner(x2, &RATIONAL_P) * xc;
        let q = horner(x2, &RATIONAL_Q);
        let y = one.min((-one).max(p / q));
        // Below 2^-13, `x` itself, as in the Accurate tier (zeros and
        // subnormals exact; `xc` is `x` there, see `combine`).
        V::select(x.abs().lt(V::splat(TINY)), xc, y)
    }
}

/// Where the rational form reaches 1, with and without FMA (Eigen's
/// clamps).
const RATIONAL_MAX: f32 = 7.998_811_7;
const RATIONAL_MAX_NO_FMA: f32 = 7.905_311;
/// `tanh(x) ~ x P(x^2) / Q(x^2)`: Eigen's 13/6 rational coefficients
/// (constant term first). Error: `docs/bounds.md`.
const RATIONAL_P: [f32; 7] = [
    4.893_524_6e-3,
    6.372_619_5e-4,
    1.485_722_4e-5,
    5.122_297_3e-8,
    -8.604_672e-11,
    2.000_188e-13,
    -2.760_768_4e-16,
];
/// [`RATIONAL_P`] with its constant term one ULP up, equal to
/// [`RATIONAL_Q`]'s: the quotient is then exactly 1 at 0.
const RATIONAL_P_FMA: [f32; 7] = {
    let mut p = RATIONAL_P;
    p[0] = RATIONAL_Q[0];
    p
};
const RATIONAL_Q: [f32; 4] = [4.893_525e-3, 2.268_434_7e-3, 1.185_347_1e-4, 1.198_258_4e-6];

/// The Accurate result from `large = tanh |x|` (the branch for `|x| >= 0.4`):
/// its sign put back, and below `0.4` the polynomial, `x + x^3 P(x^2)`.
#[inline(always)]
fn combine<V: Lanes>(x: V, large: V) -> V {
    let a = x.abs();
    // Clamped so that no lane overflows into inf * 0.
    let xs = V::splat(SMALL).min(V::splat(-SMALL).max(x));
    let x2 = xs * xs;
    let small = (x2 * xs).mul_add(horner(x2, &P), xs);
    let large = V::select(x.lt(V::splat(0.0)), -large, large);
    let y = V::select(a.lt(V::splat(SMALL)), small, large);
    // Keeps the sign of zero (`-0 * P(0)` is `+0`). `xs` (= `x` there), not
    // `x`: see `Lanes::select`.
    V::select(a.lt(V::splat(TINY)), xs, y)
}
