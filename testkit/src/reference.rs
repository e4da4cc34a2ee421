//! What each function should give: the `f64` reference (exact formula on
//! the exact `f32` input, through the `libm` crate's `f64` functions, never
//! actkern's kernels) and the naive `f32` formula a user would write (for
//! benchmarks and error plots). The one place besides its kernel and its
//! table entry where a function is named.

use actkern::{Activation, Binary, Kind};

/// `f64` reference of an element-wise or parametric function at `x`;
/// `None` for row-wise functions and for functions with no reference here
/// (which `tests/coverage.rs` reports).
pub fn element(a: Activation, x: f32) -> Option<f64> {
    let x64 = x as f64;
    Some(match a {
        Activation::Exp => libm::exp(x64),
        Activation::Sigmoid => sigmoid(x64),
        Activation::Logit => logit(x64),
        Activation::Relu => {
            if x.is_nan() {
                f64::NAN
            } else if x > 0.0 {
                x64
            } else {
                0.0
            }
        }
        Activation::HardSigmoid => {
            if x.is_nan() {
                f64::NAN
            } else {
                // Exact for |x| <= 3 (x + 3 and the clamp); one rounding
                // of the division, far below f32's.
                (x64 + 3.0).clamp(0.0, 6.0) / 6.0
            }
        }
        Activation::Erf => libm::erf(x64),
        Activation::Gelu => gelu(x64),
        Activation::Tanh => libm::tanh(x64),
        Activation::Softplus => softplus(x64),
        Activation::Mish => mish(x64),
        Activation::Gauss(g) => {
            let t = (x64 - g.mu() as f64) / g.sigma() as f64;
            g.amplitude() as f64 * libm::exp(-(t * t))
        }
        Activation::Silu => times_sigmoid(x64, x64),
        Activation::GeluTanh => {
            // x sigmoid(2u) is the same function without the cancellation
            // of 1 + tanh(u); f64 keeps 2u to 1e-16 relative, which moves
            // the result by at most 1e-14 relative (|2u| < 150 where it is
            // not 0 or x).
            // sqrt(2/pi) from two constants: libm's sqrt is inline
            // assembly on x86-64, which Miri cannot run.
            let c = core::f64::consts::FRAC_2_SQRT_PI * core::f64::consts::FRAC_1_SQRT_2;
            times_sigmoid(x64, 2.0 * c * (x64 + 0.044715 * x64 * x64 * x64))
        }
        Activation::HardSwish => {
            if x.is_nan() {
                f64::NAN
            } else if x <= -3.0 {
                -0.0
            } else if x >= 3.0 {
                x64
            } else {
                x64 * (x64 + 3.0) / 6.0
            }
        }
        Activation::LeakyRelu(p) => {
            if x > 0.0 {
                x64
            } else {
                p.slope() as f64 * x64
            }
        }
        Activation::Elu(p) => {
            if x > 0.0 {
                x64
            } else {
                // expm1(-inf) = -1 exactly; NaN propagates.
                p.alpha() as f64 * libm::expm1(x64)
            }
        }
        Activation::Relu6 => {
            if x.is_nan() {
                f64::NAN
            } else {
                // `+ 0.0`: `-0` gives `+0`, as ReLU.
                x64.clamp(0.0, 6.0) + 0.0
            }
        }
        Activation::Identity => x64,
        // 1.702 in f64 errs by 2^-53 relative, which moves the result by
        // at most 120 * 2^-53 relative where it is not 0 or x.
        Activation::QuickGelu => times_sigmoid(x64, 1.702 * x64),
        _ => return None,
    })
}

/// The side of the exact result where [`element`] cannot show it: a term
/// with the sign of `exact - element(a, x)` where that reference is
/// exactly `x / 2` for a tiny `x` (`|x| <` [`TAIL_BELOW`]) although the
/// exact result is `x/2 + c x^2 + O(x^3)` with `c > 0` (SiLU `1/4`, GELU
/// and GELU-tanh `1/sqrt(2 pi)`, hard-swish `1/6`, QuickGELU `1.702/4`),
/// i.e. where `c x^2` fell
/// below half an `f64` ULP of `x / 2` (the `bf16` inputs near zero); 0
/// everywhere else.
///
/// The references are `f64` values, correctly rounded or nearly, and
/// rounding one again to a narrower format (`f16`, `bf16`:
/// [`crate::half::correctly_rounded`]) gives the exact result's rounding
/// unless the reference lands exactly on a midpoint of that format. For
/// tiny `x`, `x / 2` is one (a subnormal `bf16` `x`, or one below twice
/// the smallest normal, with an odd last bit) while the exact result lies
/// `c x^2` beyond it: this term decides that tie.
pub fn element_tail(a: Activation, x: f32) -> f64 {
    let x64 = x as f64;
    let c = match a {
        Activation::Silu => 0.25,
        // x/2 erf(x / sqrt 2) and x (sigmoid(2u) - 1/2), to first order.
        Activation::Gelu | Activation::GeluTanh => {
            0.5 * core::f64::consts::FRAC_2_SQRT_PI * core::f64::consts::FRAC_1_SQRT_2
        }
        Activation::HardSwish => 1.0 / 6.0,
        Activation::QuickGelu => 1.702 / 4.0,
        _ => return 0.0,
    };
    let tiny = x64 != 0.0 && x64.abs() < TAIL_BELOW;
    if tiny && element(a, x) == Some(0.5 * x64) {
        c * x64 * x64
    } else {
        0.0
    }
}

/// `2^-40`: below it, the order-2 term `c x^2` of [`element_tail`]'s
/// functions outweighs the rest of their series by a factor `2^30` at
/// least, so it has the sign of `exact - x/2`.
pub const TAIL_BELOW: f64 = 1.0 / (1u64 << 40) as f64;

/// `a sigmoid(w)` with the limits at infinite `w` (a zero at `-inf`, so
/// that `x sigmoid(x)` is `-0` there rather than `-inf * 0`).
fn times_sigmoid(a: f64, w: f64) -> f64 {
    if w == f64::NEG_INFINITY && !a.is_nan() {
        -0.0
    } else {
        a * sigmoid(w)
    }
}

/// `f64` reference of a function of two inputs at `(a, b)`; `None` for
/// functions with no reference here (which `tests/coverage.rs` reports).
pub fn pair(f: Binary, a: f32, b: f32) -> Option<f64> {
    let (a64, b64) = (a as f64, b as f64);
    Some(match f {
        Binary::SiluMul => {
            // Below -200 the kernel's documented semantics: a zero times b.
            if a < -200.0 {
                -0.0 * b64
            } else {
                times_sigmoid(a64, a64) * b64
            }
        }
        // Below the clamps the kernels' documented semantics, a zero times
        // b: the exact product is below 2^-288 * 2^128 there.
        Binary::SigmoidMul if a < -200.0 => 0.0 * b64,
        Binary::SigmoidMul => times_sigmoid(1.0, a64) * b64,
        Binary::GeluMul if a < -20.0 => -0.0 * b64,
        Binary::GeluMul => gelu(a64) * b64,
        Binary::GeluTanhMul if a < -14.0 => -0.0 * b64,
        Binary::GeluTanhMul => element(Activation::GeluTanh, a)? * b64,
        // NaN stays NaN (`f64::max` would drop it); -0 gives +0.
        Binary::ReluMul if a.is_nan() => f64::NAN,
        Binary::ReluMul => (if a > 0.0 { a64 } else { 0.0 }) * b64,
        _ => return None,
    })
}

/// How a row-wise function's error is measured (its docs say which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMetric {
    /// Probabilities: ULP of each output plus `|x_i - max|`, summing to 1.
    Probability,
    /// Log-probabilities: ULP of `max(|y_i|, 1)`, exponentials summing to 1.
    Log,
}

/// The metric of a row-wise function.
pub fn row_metric(a: Activation) -> RowMetric {
    match a {
        Activation::LogSoftmax => RowMetric::Log,
        _ => RowMetric::Probability,
    }
}

/// `x/2 (1 + erf(x / sqrt 2))` as `x/2 erfc(-x / sqrt 2)`, which has no
/// cancellation for negative `x` (f64's `erfc` keeps its relative accuracy
/// far past where the f32 result underflows). `x / sqrt 2` rounded in f64
/// errs by 2^-53, times at most 2 * 105 in `erfc`: far below f32's ULP.
fn gelu(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x.is_infinite() {
        return x.max(0.0); // +inf, or the limit +0 (not -inf * 0)
    }
    0.5 * x * libm::erfc(-x * core::f64::consts::FRAC_1_SQRT_2)
}

/// `1 / (1 + e^-x)` in the form without cancellation on each side.
fn sigmoid(x: f64) -> f64 {
    if x < 0.0 {
        let e = libm::exp(x);
        e / (1.0 + e)
    } else {
        1.0 / (1.0 + libm::exp(-x))
    }
}

/// `ln(1 + e^x)` as `max(x, 0) + ln1p(e^-|x|)` (no overflow).
fn softplus(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    x.max(0.0) + libm::log1p(libm::exp(-x.abs()))
}

/// `x tanh(ln(1 + e^x))` with one exponential, the same function:
/// `tanh(ln(1 + u)) = n / (n + 2)` with `u = e^x`, `n = u (u + 2)`, a few
/// f64 roundings (1e-15 relative, 2e-8 of an f32 ULP) where the composed
/// form takes three libm calls (the slowest reference of the exhaustive
/// check).
fn mish(x: f64) -> f64 {
    if x == f64::NEG_INFINITY {
        // -inf * 0 would be NaN; the limit is -0.
        return -0.0;
    }
    if x > 40.0 {
        // n / (n + 2) is 1 in f64 from x = 20 on (2 / n < 2^-56); e^x
        // would overflow above 709.
        return x;
    }
    let u = libm::exp(x);
    let n = u * (u + 2.0);
    x * (n / (n + 2.0))
}

/// `ln(p / (1 - p))`: `2 atanh(2p - 1)` near 1/2 (where `2p - 1` is
/// exact), `ln p - ln1p(-p)` below and `ln p - ln(1 - p)` above (both
/// exact operations on an f32 `p` in f64).
fn logit(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if (0.25..=0.75).contains(&p) {
        2.0 * libm::atanh(2.0 * p - 1.0)
    } else if p < 0.25 {
        libm::log(p) - libm::log1p(-p)
    } else {
        libm::log(p) - libm::log(1.0 - p)
    }
}

/// `f64` reference of a row-wise function over the row `x`, into `out`
/// (`out.len() >= x.len()`). `false` for other kinds, unknown functions or
/// a short `out`.
pub fn row(a: Activation, x: &[f32], out: &mut [f64]) -> bool {
    let Some(out) = out.get_mut(..x.len()) else {
        return false;
    };
    match a {
        Activation::Softmax => {
            let m = x.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v as f64));
            let mut s = 0.0;
            for (o, &v) in out.iter_mut().zip(x) {
                *o = libm::exp(v as f64 - m);
                s += *o;
            }
            for o in out.iter_mut() {
                *o /= s;
            }
            true
        }
        Activation::LogSoftmax => {
            let m = x.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v as f64));
            let s: f64 = x.iter().map(|&v| libm::exp(v as f64 - m)).sum();
            let l = libm::log(s);
            for (o, &v) in out.iter_mut().zip(x) {
                *o = (v as f64 - m) - l;
            }
            true
        }
        _ => false,
    }
}

/// The `f32` functions a naive formula is written with.
pub trait Math {
    /// `e^x`.
    fn exp(x: f32) -> f32;
    /// `ln x`.
    fn ln(x: f32) -> f32;
    /// `tanh x`.
    fn tanh(x: f32) -> f32;
    /// The error function.
    fn erf(x: f32) -> f32;
}

/// The `libm` crate's `f32` functions.
pub struct Libm;

impl Math for Libm {
    fn exp(x: f32) -> f32 {
        libm::expf(x)
    }
    fn ln(x: f32) -> f32 {
        libm::logf(x)
    }
    fn tanh(x: f32) -> f32 {
        libm::tanhf(x)
    }
    fn erf(x: f32) -> f32 {
        libm::erff(x)
    }
}

/// Rust's `std` `f32` functions (the platform's libm).
#[cfg(feature = "std")]
pub struct Std;

#[cfg(feature = "std")]
impl Math for Std {
    fn exp(x: f32) -> f32 {
        x.exp()
    }
    fn ln(x: f32) -> f32 {
        x.ln()
    }
    fn tanh(x: f32) -> f32 {
        x.tanh()
    }
    fn erf(x: f32) -> f32 {
        // `std` has no f32 error function; the platform's libm does, but
        // Rust does not expose it, so this is the libm crate's.
        libm::erff(x)
    }
}

/// `y[i] = f(x[i])` with the formula inlined in the loop (no call or
/// `match` per element, so that timings show the formula's cost).
#[inline(always)]
fn map(x: &[f32], y: &mut [f32], f: impl Fn(f32) -> f32) {
    for (o, &i) in y.iter_mut().zip(x) {
        *o = f(i);
    }
}

/// The naive formula of `a` over `x` into `y` (equal lengths), as a user
/// would write it with `M`'s functions: element by element, or the row
/// function for row-wise kinds. `false` if there is none here.
#[inline(always)]
pub fn naive_slice<M: Math>(a: Activation, x: &[f32], y: &mut [f32]) -> bool {
    match a {
        Activation::Exp => map(x, y, M::exp),
        Activation::Sigmoid => map(x, y, |x| 1.0 / (1.0 + M::exp(-x))),
        Activation::Logit => map(x, y, |p| M::ln(p / (1.0 - p))),
        Activation::Relu => map(x, y, |x| x.max(0.0)),
        Activation::HardSigmoid => map(x, y, |x| (x + 3.0).clamp(0.0, 6.0) / 6.0),
        Activation::Erf => map(x, y, M::erf),
        Activation::Gelu => map(x, y, |x| {
            0.5 * x * (1.0 + M::erf(x * core::f32::consts::FRAC_1_SQRT_2))
        }),
        Activation::Tanh => map(x, y, M::tanh),
        Activation::Softplus => map(x, y, |x| M::ln(1.0 + M::exp(x))),
        Activation::Mish => map(x, y, |x| x * M::tanh(M::ln(1.0 + M::exp(x)))),
        Activation::Gauss(g) => {
            let (mu, inv, amp) = (g.mu(), 1.0 / g.sigma(), g.amplitude());
            map(x, y, |x| {
                let t = (x - mu) * inv;
                amp * M::exp(-t * t)
            })
        }
        Activation::Silu => map(x, y, |x| x / (1.0 + M::exp(-x))),
        Activation::GeluTanh => map(x, y, |x| {
            0.5 * x * (1.0 + M::tanh(0.797_884_6 * (x + 0.044_715 * x * x * x)))
        }),
        Activation::HardSwish => map(x, y, |x| x * (x + 3.0).clamp(0.0, 6.0) / 6.0),
        Activation::LeakyRelu(p) => map(x, y, |x| if x > 0.0 { x } else { p.slope() * x }),
        Activation::Elu(p) => map(x, y, |x| {
            if x > 0.0 {
                x
            } else {
                p.alpha() * (M::exp(x) - 1.0)
            }
        }),
        Activation::Relu6 => map(x, y, |x| x.clamp(0.0, 6.0)),
        Activation::Identity => map(x, y, |x| x),
        Activation::QuickGelu => map(x, y, |x| x / (1.0 + M::exp(-1.702 * x))),
        Activation::LogSoftmax => {
            let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
            let s: f32 = x.iter().map(|&v| M::exp(v - m)).sum();
            let l = M::ln(s);
            map(x, y, |v| v - m - l);
        }
        Activation::Softmax => {
            let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
            let mut s = 0.0f32;
            for (o, &i) in y.iter_mut().zip(x) {
                *o = M::exp(i - m);
                s += *o;
            }
            for o in y.iter_mut() {
                *o /= s;
            }
        }
        _ => return false,
    }
    true
}

/// The naive formula of an element-wise or parametric function at one
/// value; `None` for row-wise kinds or if there is none here.
pub fn naive<M: Math>(a: Activation, x: f32) -> Option<f32> {
    if a.spec().kind == Kind::Rowwise {
        return None;
    }
    let mut y = [0.0f32];
    naive_slice::<M>(a, &[x], &mut y).then_some(y[0])
}

/// The naive formula of a function of two inputs, element by element, as
/// a user would write it with `M`'s functions. `false` if there is none.
#[inline(always)]
pub fn naive_pairs<M: Math>(f: Binary, a: &[f32], b: &[f32], y: &mut [f32]) -> bool {
    match f {
        Binary::SiluMul => {
            for ((o, &g), &u) in y.iter_mut().zip(a).zip(b) {
                *o = g / (1.0 + M::exp(-g)) * u;
            }
        }
        Binary::SigmoidMul => {
            for ((o, &g), &u) in y.iter_mut().zip(a).zip(b) {
                *o = u / (1.0 + M::exp(-g));
            }
        }
        Binary::GeluMul => {
            for ((o, &g), &u) in y.iter_mut().zip(a).zip(b) {
                *o = 0.5 * g * (1.0 + M::erf(g * core::f32::consts::FRAC_1_SQRT_2)) * u;
            }
        }
        Binary::GeluTanhMul => {
            for ((o, &g), &u) in y.iter_mut().zip(a).zip(b) {
                *o = 0.5 * g * (1.0 + M::tanh(0.797_884_6 * (g + 0.044_715 * g * g * g))) * u;
            }
        }
        Binary::ReluMul => {
            for ((o, &g), &u) in y.iter_mut().zip(a).zip(b) {
                *o = g.max(0.0) * u;
            }
        }
        _ => return false,
    }
    true
}
