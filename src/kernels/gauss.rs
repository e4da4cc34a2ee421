//! The Gaussian `a * e^(-((x - mu) / sigma)^2)`.
//!
//! The naive `a * e^(-t*t)` is 64 ULP off near `|t| = 9`: the rounding
//! error of `t*t` (relative 2^-24, absolute up to 2^-18 at `t^2 = 81`) is
//! multiplied into the result. So `t^2` is carried in two floats:
//! - `x - mu = dh + dl` exactly (TwoSum);
//! - `t = th + tl` with `th = dh * (1 / sigma)` (the reciprocal precomputed
//!   in [`Gauss::new`]) and the residual `dh - th * sigma` (one FMA,
//!   or TwoProduct);
//! - `t^2 = qh + ql` by TwoProduct, and `e^(-qh - ql)` by the exponential core,
//!   which takes the low part into its reduced argument.
//!
//! The amplitude is split as `a = m * 2^k` (`|m|` in `[1, 2)`) at
//! construction; `k` joins the exponent of the exponential core, so a large `a`
//! times a tiny (even subnormal) `e^(-t^2)` loses nothing, and `m` is
//! applied to the two-float `e^r` before the single final rounding.
//! At `x = mu` every low part is zero and the result is `a` exactly.

use super::UnaryKernel;
use crate::error::Error;
use crate::lanes::{IntLanes, Lanes};
use crate::math::exp_fast::{exp_fast_neg_scaled, magic_scaled};
use crate::math::exponential::exp_parts;
use crate::math::twofold::{div_residual, two_prod, two_sum};
use crate::math::{ldexp_gradual_any, pow2f};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};
use core::hash::{Hash, Hasher};

/// `output[i] = amplitude * e^(-((input[i] - mu) / sigma)^2)`, with the
/// parameters of a [`Gauss`].
///
/// NaN gives NaN; `±inf` gives zero with the amplitude's sign; at
/// `input[i] == mu` the result is the amplitude exactly. The
/// default parameters are [`Gauss::STANDARD`], `e^(-x^2)`, where
/// the naive form is 64 ULP off near |x| = 9 (the tour prints it). The bound for any
/// parameters is against the exact formula on the given `f32`
/// arguments.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "gauss",
    aliases: &[],
    kind: Kind::Parametric,
    formula: "a e^(-((x - mu) / sigma)^2)",
    accurate: Tier::new(2.0, "tf-sq-rr2-p4-tf").any_parameters(3.0),
    fast: Some(Tier::new(3.0, "tf-sq-rr2-p5").any_parameters(4.0)),
    specials: &[
        (NAN, NAN),
        (INF, 0.0),
        (NINF, 0.0),
        (0.0, 1.0),
        (-0.0, 1.0),
        (11.0, 0.0),
        (-11.0, 0.0),
        (f32::MAX, 0.0),
        (f32::MIN, 0.0),
    ],
    pair_specials: &[],
    edges: &[0.0, 9.0, -9.0, 9.345_43, 10.162_62, 10.196_67, 1e-19],
    domain: (-11.0, 11.0),
    range: (0.0, 1.0),
};

/// The parameters of `Activation::ALL` and of the tests' default case.
pub(crate) const DEFAULT: Gauss = Gauss::STANDARD;

/// Parameters of the Gaussian `amplitude * e^(-((x - mu) / sigma)^2)`.
///
/// Note: no factor 2 in the exponent and no normalisation; this is the form
/// of the article the crate started from. For the normal density use
/// `sigma' = sigma * sqrt(2)` and `amplitude = 1 / (sigma * sqrt(2 pi))`.
///
/// ```
/// use actkern::Gauss;
/// let g = Gauss::new(1.0, 0.5, 2.0)?;
/// assert_eq!(actkern::scalar::gauss(g, 1.0), 2.0); // exactly the amplitude at mu
/// assert!(Gauss::new(0.0, 0.0, 1.0).is_err());       // sigma must be > 0
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gauss {
    mu: f32,
    sigma: f32,
    amplitude: f32,
    /// `sigma` scaled by a power of two into `[2^-64, 2^64]`, so that its
    /// reciprocal is normal.
    sig_s: f32,
    /// `1 / sig_s`, rounded.
    inv_s: f32,
    /// The same power of two, applied to `x` and `mu` before subtracting
    /// (`2^-64` for a huge sigma: `x - mu` must not overflow when `t` is
    /// small) or to `x - mu` after (`2^64` for a tiny sigma: `x` and `mu`
    /// must not overflow when they are equal). `mu_pre = mu * pre`.
    pre: f32,
    mu_pre: f32,
    post: f32,
    /// `amplitude = m * 2^k`, `|m|` in `[1, 2)` (or `m = 0`).
    m: f32,
    k: i32,
    /// `x` is clamped to `[lo, hi]`, about `mu -+ 20 sigma` (saturated to
    /// the finite range): beyond `|t| = 14` every result rounds to zero
    /// (for any amplitude), and the clamp keeps every intermediate finite,
    /// so no operation is invalid for a finite `x`.
    lo: f32,
    hi: f32,
    /// Whether the clamp bounds `|x - mu| / sigma` (by far less than
    /// `2^60`): not where 20 sigma is below mu's ulp.
    bounded: bool,
}

impl Gauss {
    /// `e^(-x^2)`: `mu = 0`, `sigma = 1`, `amplitude = 1`.
    ///
    /// ```
    /// assert_eq!(actkern::Gauss::new(0.0, 1.0, 1.0)?, actkern::Gauss::STANDARD);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    pub const STANDARD: Gauss = Gauss {
        mu: 0.0,
        sigma: 1.0,
        amplitude: 1.0,
        sig_s: 1.0,
        inv_s: 1.0,
        pre: 1.0,
        mu_pre: 0.0,
        post: 1.0,
        m: 1.0,
        k: 0,
        lo: -20.0,
        hi: 20.0,
        bounded: true,
    };

    /// Checks and prepares the parameters.
    ///
    /// ```
    /// use actkern::{Error, Gauss};
    /// let g = Gauss::new(2.0, 0.5, -3.0)?;
    /// assert_eq!((g.mu(), g.sigma(), g.amplitude()), (2.0, 0.5, -3.0));
    /// assert!(matches!(Gauss::new(0.0, -1.0, 1.0), Err(Error::InvalidParameter { name: "sigma", .. })));
    /// assert!(Gauss::new(f32::NAN, 1.0, 1.0).is_err());
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if `mu` or `amplitude` is not finite, or
    /// `sigma` is not finite and `> 0`.
    pub fn new(mu: f32, sigma: f32, amplitude: f32) -> Result<Gauss, Error> {
        if !mu.is_finite() {
            return Err(invalid("mu", mu, "finite"));
        }
        if !(sigma.is_finite() && sigma > 0.0) {
            return Err(invalid("sigma", sigma, "finite and > 0"));
        }
        if !amplitude.is_finite() {
            return Err(invalid("amplitude", amplitude, "finite"));
        }
        let (two64, two_m64) = (pow2f(64), pow2f(-64));
        let (pre, post) = if sigma < two_m64 {
            (1.0, two64)
        } else if sigma > two64 {
            (two_m64, 1.0)
        } else {
            (1.0, 1.0)
        };
        let sig_s = sigma * pre * post;
        let (m, k) = frexp(amplitude);
        let far = 20.0 * sigma as f64;
        // Rounded outward, so that the bounds are never closer to mu than
        // 20 sigma (not even when 20 sigma is below mu's ulp).
        let clamp = |v: f64, outward: fn(f32) -> f32| {
            let r = v.clamp(-f32::MAX as f64, f32::MAX as f64) as f32;
            let inside = if v < mu as f64 {
                (r as f64) > v
            } else {
                (r as f64) < v
            };
            if inside && r.abs() < f32::MAX {
                outward(r)
            } else {
                r
            }
        };
        let lo = clamp(mu as f64 - far, f32::next_down).min(mu.next_down().max(-f32::MAX));
        let hi = clamp(mu as f64 + far, f32::next_up).max(mu.next_up().min(f32::MAX));
        Ok(Gauss {
            mu,
            sigma,
            amplitude,
            sig_s,
            inv_s: 1.0 / sig_s,
            pre,
            mu_pre: mu * pre,
            post,
            m,
            k,
            // At least one ulp away from mu even where 20 sigma is below
            // f64's resolution at mu.
            lo,
            hi,
            bounded: (hi as f64 - lo as f64) <= 1e6 * sigma as f64,
        })
    }

    /// The centre `mu`.
    pub fn mu(&self) -> f32 {
        self.mu
    }
    /// The width `sigma`.
    pub fn sigma(&self) -> f32 {
        self.sigma
    }
    /// The peak value `amplitude`.
    pub fn amplitude(&self) -> f32 {
        self.amplitude
    }
}

fn invalid(name: &'static str, value: f32, expected: &'static str) -> Error {
    Error::InvalidParameter {
        name,
        value,
        expected,
    }
}

/// `a = m * 2^k` with `|m|` in `[1, 2)`; `(0, 0)` for zero. `a` is finite.
fn frexp(a: f32) -> (f32, i32) {
    if a == 0.0 {
        return (a, 0);
    }
    let (a, bias) = if a.abs() < f32::MIN_POSITIVE {
        (a * 16_777_216.0, 24) // 2^24: make subnormals normal
    } else {
        (a, 0)
    };
    let bits = a.to_bits();
    let k = ((bits >> 23) & 0xff) as i32 - 127 - bias;
    let m = f32::from_bits((bits & 0x807f_ffff) | 0x3f80_0000);
    (m, k)
}

/// Parameters are finite (checked when built), so `==` is an equivalence.
impl Eq for Gauss {}

/// As `==` compares: by value, `-0.0` as `+0.0` (adding `+0.0` makes it
/// so, and leaves any other finite value unchanged).
impl Hash for Gauss {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.mu + 0.0).to_bits().hash(state);
        (self.sigma + 0.0).to_bits().hash(state);
        (self.amplitude + 0.0).to_bits().hash(state);
    }
}

impl Gauss {
    /// Both tiers' start: whether `x` is infinite, and `t = (x - mu) / sigma`
    /// of the clamped `x` in two floats, `th + tl`.
    #[inline(always)]
    fn t_parts<V: Lanes>(self, x: V) -> (V::Mask, V, V) {
        // Infinities give zero with the amplitude's sign (selected at the
        // end: clamped, a huge sigma would make them finite).
        let infinite = x.abs().ge(V::splat(f32::INFINITY));
        // NaN-propagating clamp (see `lo`, `hi`).
        let x = V::splat(self.hi).min(V::splat(self.lo).max(x));
        // Scaling by a power of two is exact here; where x * pre underflows,
        // |x| / sigma < 2^-60 and does not show in the result.
        let (dh, dl) = two_sum(x * V::splat(self.pre), V::splat(-self.mu_pre));
        let post = V::splat(self.post);
        let (dh, dl) = (dh * post, dl * post);
        let inv = V::splat(self.inv_s);
        let th = dh * inv;
        // th is within about an ulp of dh / sigma, so the residual is exact
        // (or off by a relative 2^-24 of itself, which nothing here can see).
        let tl = (div_residual(dh, th, V::splat(self.sig_s)) + dl) * inv;
        (infinite, th, tl)
    }
}

impl UnaryKernel for Gauss {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        if self.m == 0.0 {
            // A zero amplitude, with its sign; NaN stays NaN.
            return V::select(x.is_nan(), x, V::splat(self.m));
        }
        let (infinite, th, tl) = self.t_parts(x);
        // Beyond |t| = 20 the result is zero whatever the amplitude; the
        // x clamp keeps |t| near 20 except where 20 sigma is below mu's ulp,
        // so clamp t itself too (NaN passes), keeping th^2 finite.
        let near = th.abs().le(V::splat(20.0));
        let th = V::splat(20.0).min(V::splat(-20.0).max(th));
        let tl = V::select(near, tl, V::splat(0.0));
        let (qh, ql) = two_prod(th, th);
        let ql = (th * tl).mul_add(V::splat(2.0), ql);

        // e^-qh is 0 beyond 200 anyway: drop the low part there.
        let ql = V::select(qh.le(V::splat(200.0)), ql, V::splat(0.0));
        let (s, t, n) = exp_parts(-qh, -ql, -200.0);
        let m = V::splat(self.m);
        let (yh, yl) = two_prod(s, m);
        let y = yh + t.mul_add(m, yl);
        // n + k is in [-438, 257]; beyond [-170, 140] the result is 0 or inf
        // either way (|y| is in [0.7, 2.9]), and inside it `ldexp` is exact
        // up to the final rounding.
        let n = n.add(V::Int::splat(self.k));
        let y = ldexp_gradual_any(y, n.max(V::Int::splat(-170)).min(V::Int::splat(140)));
        V::select(infinite, V::splat(0.0f32.copysign(self.m)), y)
    }
}

/// The Fast tier: the same two-float `t^2` (its rounding would be
/// multiplied into the result by up to `t^2`), then `e^-t^2` by the Fast
/// exponential's polynomial, its low part taken into the reduced argument,
/// and the amplitude's `2^k` into the scale's exponent field: one product
/// by `m` and one by the scale, no gradual-underflow step. Results below
/// about `2^-126` are `+0` (the Fast tier's tail rule, `docs/ulp.md`);
/// none is subnormal unless the amplitude is. At `x = mu` the result is the
/// amplitude exactly.
#[derive(Clone, Copy)]
pub(crate) struct GaussFast(pub(crate) Gauss);

/// `t^2` from here up gives `+0` for any amplitude (`e^-190 2^128 < 2^-146`):
/// the Fast exponential's argument is clamped here.
const FAST_Q_MAX: f32 = 190.0;

impl UnaryKernel for GaussFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let g = self.0;
        if g.m == 0.0 {
            return V::select(x.is_nan(), x, V::splat(g.m));
        }
        let (infinite, th, tl) = g.t_parts(x);
        // Where 20 sigma is below mu's ulp, `th` is clamped as in the
        // Accurate kernel (NaN passes), so that `th^2` and its residual stay
        // finite and valid; `tl`, infinite there, goes with `ql` beyond the
        // exponential's clamp, where the result is +0. (A branch on the
        // parameters, the same for every vector.)
        let th = if g.bounded {
            th
        } else {
            V::splat(20.0).min(V::splat(-20.0).max(th))
        };
        let (qh, ql) = two_prod(th, th);
        let ql = (th * tl).mul_add(V::splat(2.0), ql);
        let ql = V::select(qh.le(V::splat(FAST_Q_MAX)), ql, V::splat(0.0));
        let qh = V::splat(FAST_Q_MAX).min(qh);
        // A subnormal amplitude keeps part of its scale in `m`, so that the
        // result at mu is still the amplitude, exactly (one subnormal product).
        let k = Ord::max(g.k, -100);
        let e = exp_fast_neg_scaled(qh, ql, magic_scaled(k));
        let y = e * V::splat(g.m * pow2f(g.k - k));
        V::select(infinite, V::splat(0.0f32.copysign(g.m)), y)
    }
}
