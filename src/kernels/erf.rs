//! The error function `erf(x) = 2/sqrt(pi) * integral_0^x e^(-s^2) ds`.
//!
//! Odd bit for bit: both branches are symmetric in the sign of `x`.
//! - `|x| < 0.9`: `erf(x) = x + x P1(x^2)` (`P1` degree 5, relative error
//!   2^-26, `tools/coeffs.py`). `x P1` is at most 0.13 `x`, so its
//!   rounding costs under 0.07 ULP, and the sum is the only rounding of
//!   size 0.5 ULP. The arithmetic runs on `x * 2^32` and is scaled back
//!   last, so subnormal results are rounded once.
//! - `|x| >= 0.9`: `1 - erfc(|x|)` with the sign copied back, `erfc` from
//!   the Gaussian-tail core (`src/math/erfc.rs`, about 1 ULP of `erfc`).
//!   `erfc <= 0.21` while `erf >= 0.79`, so that error shrinks to under
//!   0.3 ULP of the result. `|x|` is clamped to 4 first (NaN passes):
//!   beyond 3.92 the result rounds to 1 anyway.
//!
//! Measured maxima, both tiers, over all inputs: `docs/bounds.md`
//! (`cargo run --release --example ulp -- --exhaustive --fn erf --full
//! simd512,simd256,simd128,scalar`).
//!
//! Fast tier ([`ErfFast`]): the same small branch without the scaling
//! (one fused `x + x P1`, so a subnormal result is still rounded once);
//! above 0.9, `1 - e^-(a + a B(a))` with `a = min(|x|, 4)`, `B` of degree 5
//! (`ERF_FAST_B`, weighted error 2^-28.3) and the Fast exponential. The
//! exponent is at most 18, so `e` is never subnormal; no division.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::coeffs::{ERF_FAST_B, ERF_P};
use crate::math::erfc::gaussian_tail;
use crate::math::exp_fast::exp_fast_normal;
use crate::math::twofold::two_prod;
use crate::math::{horner, horner_select, pow2f, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// The error function, `output[i] = erf(input[i])`.
///
/// Odd bit for bit (`erf(-x) == -erf(x)`), output in `[-1, 1]`;
/// `erf(±0) = ±0`, `erf(±inf) = ±1`, NaN gives NaN; exactly `±1`
/// beyond `|x| = 3.9192` (3.9202 in the Fast tier); accurate down to
/// subnormal inputs, where it is `2x / sqrt(pi)` rounded once.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "erf",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "erf(x)",
    accurate: Tier::new(2.0, "p5-rr2-p4-tf-div-p10"),
    fast: Some(Tier::new(2.0, "p5-p5-rr2-p5")),
    specials: &[
        (NAN, NAN),
        (INF, 1.0),
        (NINF, -1.0),
        (0.0, 0.0),
        (-0.0, -0.0),
        // Where both tiers give exactly ±1 from (3.9192 Accurate).
        (3.920_146_2, 1.0),
        (-3.920_146_2, -1.0),
        (4.0, 1.0),
        (-4.0, -1.0),
        (10.0, 1.0),
        (f32::MAX, 1.0),
        (f32::MIN, -1.0),
    ],
    pair_specials: &[],
    edges: &[
        0.9,
        -0.9,
        3.919_206_4,
        -3.919_206_4,
        4.0,
        1e-45,
        -1e-45,
        f32::MIN_POSITIVE,
        0.5,
    ],
    domain: (-4.5, 4.5),
    range: (-1.0, 1.0),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Erf = Erf;
pub(crate) const FAST: ErfFast = ErfFast;

const SMALL: f32 = 0.9;
const UP: f32 = 4_294_967_296.0; // 2^32
const DOWN: f32 = pow2f(-32);

#[derive(Clone, Copy)]
pub(crate) struct Erf;

impl UnaryKernel for Erf {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (zero, one) = (V::splat(0.0), V::splat(1.0));
        let a = x.abs();
        // Small branch, on x clamped to [-1, 1] (NaN passes) so that no
        // lane overflows.
        let xc = one.min((-one).max(x));
        let p = horner(xc * xc, &ERF_P);
        let xs = xc * V::splat(UP);
        let small = xs.mul_add(p, xs) * V::splat(DOWN);
        // Tail branch.
        let u = V::splat(4.0).min(a);
        let (qh, ql) = two_prod(u, u);
        let (s, t, n, rh, rl) = gaussian_tail(u, zero, qh, ql);
        // erfc(4) > 2^-27: the scaling is one exact normal factor.
        let e = s.mul_add(rh, t.mul_add(rh, s * rl)) * pow2i::<V>(n);
        let big = one - e;
        let big = V::select(x.lt(zero), -big, big);
        V::select(a.lt(V::splat(SMALL)), small, big)
    }
}

/// The Fast tier (method: module doc; measured maxima: `docs/bounds.md`).
#[derive(Clone, Copy)]
pub(crate) struct ErfFast;

/// Floor of `|x|` in the small branch's square: `x^2` is never subnormal,
/// and below it `P1(x^2)` is `P1(0)` in f32 anyway.
const TINY: f32 = pow2f(-40);

impl UnaryKernel for ErfFast {
    // 12 polynomial constants: paired, they do not fit in the registers
    // beside four vectors.
    #[cfg(target_arch = "x86_64")]
    const LOCKSTEP: bool = false;
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let one = V::splat(1.0);
        let a = x.abs();
        let near = a.lt(V::splat(SMALL));
        // Both branches are `w + w H(z)` with polynomials of degree 5.
        // Small branch: `w = x`, `z = x^2` (from `|x|` in [2^-40, 1], so
        // no lane is subnormal or overflows; `1 + P1(1)` is below 1).
        // Tail: `w = z = min(|x|, 4)` (NaN passes the clamp, gives NaN).
        let v = one.min(V::splat(TINY).max(a));
        let u = V::splat(4.0).min(a);
        let (small, r) = if V::CHEAP_SELECT {
            // One evaluation on coefficients chosen per lane.
            let z = V::select(near, v * v, u);
            let w = V::select(near, x, u);
            let y = w.mul_add(horner_select(near, z, &ERF_P, &ERF_FAST_B), w);
            (y, y)
        } else {
            let small = x.mul_add(horner(v * v, &ERF_P), x);
            (small, u.mul_add(horner(u, &ERF_FAST_B), u))
        };
        // `-r` is in [-18, 0] (or NaN): no result to flush.
        let big = one - exp_fast_normal(-r);
        let big = V::select(x.lt(V::splat(0.0)), -big, big);
        V::select(near, small, big)
    }
}
