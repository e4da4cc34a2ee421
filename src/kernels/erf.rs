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
//! Measured (exhaustive, `examples/ulp.rs`): 1.16 ULP without FMA, 1.03
//! with FMA.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::math::coeffs::ERF_P;
use crate::math::erfc::gaussian_tail;
use crate::math::twofold::two_prod;
use crate::math::{horner, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// The error function, `output[i] = erf(input[i])`.
///
/// Odd bit for bit (`erf(-x) == -erf(x)`), output in `[-1, 1]`;
/// `erf(±0) = ±0`, `erf(±inf) = ±1`, NaN gives NaN; exactly `±1`
/// beyond `|x| = 3.9192`; accurate down to subnormal inputs, where
/// it is `2x / sqrt(pi)` rounded once.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "erf",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "erf(x)",
    accurate: Tier::new(2.0, "p5-rr2-p4-tf-div-p10"),
    fast: None,
    specials: &[
        (NAN, NAN),
        (INF, 1.0),
        (NINF, -1.0),
        (0.0, 0.0),
        (-0.0, -0.0),
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

const SMALL: f32 = 0.9;
const UP: f32 = 4_294_967_296.0; // 2^32
const DOWN: f32 = f32::from_bits((127 - 32) << 23); // 2^-32

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
