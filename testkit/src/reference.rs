//! What each function should give: the `f64` reference (exact formula on
//! the exact `f32` input, through the `libm` crate's `f64` functions, never
//! actkern's kernels) and the naive `f32` formula a user would write (for
//! benchmarks and error plots). The one place besides its kernel and its
//! table entry where a function is named.

use actkern::{Activation, Kind};

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
        Activation::Tanh => libm::tanh(x64),
        Activation::Softplus => softplus(x64),
        // -inf * tanh(+0) would be NaN; the limit is -0.
        Activation::Mish if x == f32::NEG_INFINITY => -0.0,
        Activation::Mish => x64 * libm::tanh(softplus(x64)),
        Activation::Gauss(g) => {
            let t = (x64 - g.mu() as f64) / g.sigma() as f64;
            g.amplitude() as f64 * libm::exp(-(t * t))
        }
        _ => return None,
    })
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
        _ => false,
    }
}

/// The `f32` functions a naive formula is written with.
pub trait Math {
    /// `e^x`.
    fn exp(x: f32) -> f32;
    /// `ln x`.
    fn ln(x: f32) -> f32;
    /// The hyperbolic tangent.
    fn tanh(x: f32) -> f32;
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
