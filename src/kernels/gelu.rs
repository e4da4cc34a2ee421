//! PyTorch's default GELU, `x Phi(x)`, `Phi` the normal distribution function.
//!
//! With `u = |x| / sqrt 2` and `E = erfc(u)` from the Gaussian-tail core
//! (`src/math/erfc.rs`, small relative error for every `u`), there is no
//! cancellation on either side:
//! - `x < 0`: `x Phi(x) = x/2 E`. `u = uh + ul` and `u^2 = x^2 / 2` (the
//!   TwoProduct of `x` halved, exact) are carried in two floats, since the
//!   relative error of `u^2` is multiplied by `u^2` (up to 105) in
//!   `e^(-u^2)`. The product `x (s + t) (rh + rl)` is formed with
//!   TwoProducts, on `x * 2^24`, and `2^(n - 25)` is applied last in two
//!   factors, so that results down to the subnormals (zero near
//!   `x = -14.4`) are rounded once. Errors: about 0.5 ULP of `R` in the
//!   core and the final rounding.
//! - `x >= 0`: `x - x E/2`, `E/2 <= 1/2`, with one rounding of the
//!   product-difference on FMA backends. For large `x`, `E/2` underflows
//!   and the result is `x` exactly.
//!
//! `x` is clamped to `[-14.5, 14.5]` (NaN passes) for the core; the
//! positive branch subtracts from the unclamped `x`, so `+inf` gives
//! `+inf`. The branch is picked by the sign bit, so `-0` gives `-0`.
//! Measured (exhaustive, `examples/ulp.rs`): 2.41 ULP without FMA, 1.94
//! with FMA, the maximum near `x = -2.2` (the far piece of `R`).

use super::UnaryKernel;
use crate::lanes::{IntLanes, Lanes};
use crate::math::erfc::gaussian_tail;
use crate::math::exp_fast::{exp_fast_half_sq_down30, exp_fast_half_sq_poly};
use crate::math::twofold::{div_residual, two_prod};
use crate::math::{horner, ldexp, ldexp_gradual_any_strict};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// PyTorch's default `GELU`: `output[i] = x/2 (1 + erf(x / sqrt 2))`
/// with `x = input[i]`, i.e. `x Phi(x)`.
///
/// `gelu(±0) = ±0`, `gelu(+inf) = +inf`, `gelu(-inf) = -0`, NaN
/// gives NaN; `x` itself for large `x`. The negative tail keeps its
/// relative accuracy down to the subnormals (computed as
/// `x/2 erfc(-x / sqrt 2)`, no cancellation) and reaches zero near
/// `x = -14.4`. Output in `[-0.17, +inf]`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "gelu",
    aliases: &["gelu_python"],
    kind: Kind::Elementwise,
    formula: "x/2 (1 + erf(x / sqrt 2))",
    accurate: Tier::new(3.0, "tf-sq-rr2-p4-tf-div-p10"),
    fast: Some(Tier::new(8.0, "sq-rr2-p5-rat34-div")),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, -0.0),
        (0.0, 0.0),
        (-0.0, -0.0),
        (20.0, 20.0),
        (100.0, 100.0),
        (-20.0, -0.0),
        (f32::MAX, f32::MAX),
        (f32::MIN, -0.0),
    ],
    pair_specials: &[],
    edges: &[
        0.0,
        -0.751_791_5,
        -1.0,
        1.0,
        -13.0,
        -14.0,
        -14.4,
        -14.5,
        5.0,
        6.0,
        1e-45,
        -1e-45,
    ],
    domain: (-15.0, 6.0),
    range: (-0.17, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Gelu = Gelu;
pub(crate) const FAST: GeluFast = GeluFast;

const LIMIT: f32 = 14.5;
/// `1 / sqrt 2 = INV_SQRT2_HI + INV_SQRT2_LO`.
const INV_SQRT2_HI: f32 = f32::from_bits(0x3f35_04f3); // 0.70710677
const INV_SQRT2_LO: f32 = 1.210_161_7e-8;
pub(crate) const UP: f32 = 16_777_216.0; // 2^24

#[derive(Clone, Copy)]
pub(crate) struct Gelu;

impl UnaryKernel for Gelu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let p = gelu_parts::<V, false>(x, V::splat(UP));
        // x < 0: -z 2^(n - 25).
        let neg = -ldexp_gradual_any_strict(p.z, p.n.sub(V::Int::splat(25)));
        // x >= 0: x - x E/2.
        let pos = (-p.xc).mul_add(p.h, x);
        V::select(p.sign, neg, pos)
    }
}

/// GELU's pieces, unscaled (module docs): for `x < 0`,
/// `gelu(x) = -z 2^(n - 25) 2^24 / scale`; for `x >= 0`,
/// `gelu(x) = x - xc h`.
pub(crate) struct GeluParts<V: Lanes> {
    /// `x` clamped to the core's range.
    pub xc: V,
    /// `|xc| scale (s + t)(rh + rl)`, rounded once.
    pub z: V,
    /// The exponent of `e^(-u^2)`.
    pub n: V::Int,
    /// `erfc(u) / 2`, or above it where that is below `2^-100` (then
    /// `|x| > 12` and `x h` is negligible beside `x`); never subnormal.
    pub h: V,
    /// Where the sign bit of `x` is set.
    pub sign: V::Mask,
}

/// Where `R` of the Gaussian-tail core is taken from its asymptotic series
/// instead (`DEEP` only): `u` beyond the core's fitted range.
const DEEP_U: f32 = 10.25;
/// The clamp of `x` with `DEEP`: `u^2 = 200`, the exponential core's limit;
/// beyond, `gelu(x)` is below 2^-288, a zero times any finite `f32`.
const DEEP_LIMIT: f32 = 20.0;
/// `1 / sqrt(pi) = INV_SQRT_PI_HI + INV_SQRT_PI_LO`.
const INV_SQRT_PI_HI: f32 = f32::from_bits(0x3f10_6ebb); // 0.5641896
const INV_SQRT_PI_LO: f32 = -2.931_769_2e-8;

/// [`GeluParts`] of `x`, the negative branch's product formed on
/// `|xc| scale` (exact: a power of two). `DEEP` (for products, whose
/// results stay normal far below GELU's own underflow) clamps `x` to
/// `[-20, 20]` rather than `[-14.5, 14.5]` and takes `R` for `u > 10.25`
/// from `erfc(u) e^(u^2) = 1/(u sqrt(pi)) (1 - v/2 + 3v^2/4 - 15v^3/8 +
/// 105v^4/16 - 945v^5/32)`, `v = 1/u^2` (truncation below 2^-32 relative
/// there), with `1/u` as a two-float.
#[inline(always)]
pub(crate) fn gelu_parts<V: Lanes, const DEEP: bool>(x: V, scale: V) -> GeluParts<V> {
    let half = V::splat(0.5);
    let lim = V::splat(if DEEP { DEEP_LIMIT } else { LIMIT });
    let xc = lim.min((-lim).max(x));
    let a = xc.abs();
    let (uh, ue) = two_prod(a, V::splat(INV_SQRT2_HI));
    let ul = a.mul_add(V::splat(INV_SQRT2_LO), ue);
    let (qh, ql) = two_prod(a, a);
    let (s, t, n, rh, rl) = gaussian_tail(uh, ul, qh * half, ql * half);
    let (rh, rl) = if DEEP {
        let deep = V::splat(DEEP_U).lt(uh);
        let one = V::splat(1.0);
        // 1/u = ih + il to first order.
        let u = V::select(deep, uh, one);
        let ih = one / u;
        let il = (-ih).mul_add(V::select(deep, ul, V::splat(0.0)), div_residual(one, ih, u)) * ih;
        let v = ih * ih;
        let series = horner(v, &[1.0, -0.5, 0.75, -1.875, 6.5625, -29.531_25]);
        let (ph, pe) = two_prod(ih, V::splat(INV_SQRT_PI_HI));
        let pe = ih.mul_add(
            V::splat(INV_SQRT_PI_LO),
            il.mul_add(V::splat(INV_SQRT_PI_HI), pe),
        );
        let (dh, de) = two_prod(ph, series);
        let dl = pe.mul_add(series, de);
        (V::select(deep, dh, rh), V::select(deep, dl, rl))
    } else {
        (rh, rl)
    };

    // -(|x| scale (s + t)(rh + rl)): the magnitude of the negative branch.
    let xs = a * scale;
    let (ah, al) = two_prod(xs, s);
    let al = xs.mul_add(t, al);
    let (ph, pl) = two_prod(ah, rh);
    let z = ph + (pl + al.mul_add(rh, ah * rl));

    // E/2 for the positive branch.
    let m = s.mul_add(rh, t.mul_add(rh, s * rl));
    // Floored at 2^-100: where `E/2` is smaller, `x > 12` and `x h` is
    // far below half an ULP of `x` either way, and a subnormal `h` would
    // cost every vector holding one a microcode assist in the product
    // (Intel; `benches/peers --range 10,15 --fn gelu` against `0,5`).
    let nh = n.sub(V::Int::splat(1)).max(V::Int::splat(-100));
    let h = ldexp(m, nh);

    // The sign bit as a mask: the arithmetic shift gives all ones (a
    // NaN) where it is set, zero (+0) where not.
    let sign = V::from_bits(x.to_bits().shr::<31>()).is_nan();
    GeluParts { xc, z, n, h, sign }
}

/// The clamp of `|x|` in the Fast kernel: `x^2 / 2 = 67.28` there, where
/// [`exp_fast_half_sq_down30`] gives `+0` (it does from `|x| = 11.57` on).
const FAST_LIMIT: f32 = 11.6;
/// `S(a) = erfc(a / sqrt 2) e^(a^2 / 2) / 2 ~ -P(a) / Q(a)` on `[0, 5.4]`,
/// relative error 2^-23.5 with these `f32` coefficients
/// (`tools/gelu_fast_fit.py`); `P` carries the
/// factor `2^30` that [`exp_fast_half_sq_down30`] takes out, `Q` the sign.
/// Beyond 5.4, where `|gelu(x)| < 2^-21` and the Fast tier's error is
/// absolute, the extrapolation stays within 2^-15 of `S` up to the clamp
/// (the script prints both).
const FAST_P: [f32; 4] = [
    f32::from_bits(0x4e00_0000),
    f32::from_bits(0x4da9_8c99),
    f32::from_bits(0x4cd2_41a3),
    f32::from_bits(0x4b58_d579),
];
const FAST_Q: [f32; 5] = [
    -1.0,
    f32::from_bits(0xbfba_e755),
    f32::from_bits(0xbf5e_d31f),
    f32::from_bits(0xbe83_71fa),
    f32::from_bits(0xbd07_fa41),
];

/// The Fast tier: `x Phi(x) = x - |x| H` for `x >= 0` and `-|x| H` below,
/// `H = erfc(|x| / sqrt 2) / 2 = e^(-x^2 / 2) S(|x|)`, with `-|x| H`
/// formed as one quotient `|x| e P / Q` (`FAST_P`), and `e` never rounded
/// alone: `m = |x| P 2^(n - 30)`, then `m + (m s) PS(s)` in one fused
/// operation (`exp_fast_half_sq_down30`). No cancellation on either side:
/// `H <= 1/2`. The largest errors come from the Horner evaluations of `P`
/// and `Q` (larger without FMA) and the exponential's polynomial, not
/// from the fit; measured maxima in `docs/bounds.md`. The
/// exponential is scaled by `2^-30` and flushes below `2^-96.5`, so no
/// product or quotient is subnormal; `|x|` is clamped at 11.6 (the
/// quotient is `-0` from 11.57 on), so infinities give `+inf` and `-0`.
/// Signed zeros: `-0 + -0` and `+0 + -0`.
#[derive(Clone, Copy)]
pub(crate) struct GeluFast;

impl UnaryKernel for GeluFast {
    // 21 constants: paired, they do not fit in the registers beside four
    // vectors.
    #[cfg(target_arch = "x86_64")]
    const LOCKSTEP: bool = false;
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let a = V::splat(FAST_LIMIT).min(x.abs());
        let (scale, s) = exp_fast_half_sq_down30(a);
        // m e^(-a^2/2), m = a P(a) 2^-30, with one rounding of 1 + s PS(s).
        let m = a * horner(a, &FAST_P) * scale;
        let num = (m * s).mul_add(exp_fast_half_sq_poly(s), m);
        let zn = num / horner(a, &FAST_Q);
        V::select(x.ge(V::splat(0.0)), x + zn, zn)
    }
}
