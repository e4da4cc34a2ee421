//! One value at a time, for firmware control loops and other scalar code.
//!
//! These are the same generic kernels instantiated for one `f32` lane, so
//! results are bit-for-bit those of [`crate::Backend::Scalar`] and the error
//! bounds are that backend's column of the crate-level table.
//!
//! ```
//! let y = actkern::scalar::sigmoid(0.0);
//! assert_eq!(y, 0.5);
//! assert_eq!(actkern::scalar::relu(-2.0), 0.0);
//! assert_eq!(actkern::scalar::logit(0.5), 0.0);
//! ```

use crate::Gauss;
use crate::kernels::Unary;
use crate::kernels::{exp::Exp, logit::Logit, relu::Relu, sigmoid::Sigmoid};

/// `e^x`; special values and bound as [`crate::Kernels::exp`] on
/// [`crate::Backend::Scalar`] (≤ 1.0 ULP).
///
/// ```
/// assert_eq!(actkern::scalar::exp(0.0), 1.0);
/// assert_eq!(actkern::scalar::exp(100.0), f32::INFINITY);
/// assert!(actkern::scalar::exp(-100.0) > 0.0); // subnormal, not flushed
/// ```
#[inline]
pub fn exp(x: f32) -> f32 {
    Exp.eval(x)
}

/// `1 / (1 + e^-x)`; special values and bound as
/// [`crate::Kernels::sigmoid`] on [`crate::Backend::Scalar`] (≤ 2.0 ULP).
///
/// ```
/// use actkern::scalar::sigmoid;
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert_eq!(sigmoid(f32::INFINITY), 1.0);
/// assert!((sigmoid(2.0) - 0.880797).abs() < 1e-6);
/// ```
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    Sigmoid.eval(x)
}

/// `ln(p / (1 - p))`; special values and bound as
/// [`crate::Kernels::logit`] on [`crate::Backend::Scalar`] (≤ 2.0 ULP).
///
/// ```
/// use actkern::scalar::{logit, sigmoid};
/// assert_eq!(logit(0.5), 0.0);
/// assert_eq!(logit(0.0), f32::NEG_INFINITY);
/// assert!((logit(sigmoid(1.5)) - 1.5).abs() < 1e-5);
/// ```
#[inline]
pub fn logit(p: f32) -> f32 {
    Logit.eval(p)
}

/// `max(x, 0)`, exact; special values as [`crate::Kernels::relu`].
///
/// ```
/// use actkern::scalar::relu;
/// assert_eq!(relu(-0.0).to_bits(), 0.0f32.to_bits());
/// assert_eq!(relu(1.5), 1.5);
/// ```
#[inline]
pub fn relu(x: f32) -> f32 {
    Relu.eval(x)
}

/// `g.amplitude * e^(-((x - g.mu) / g.sigma)^2)`; special values and
/// bounds as [`crate::Kernels::gauss`] on [`crate::Backend::Scalar`]
/// (≤ 2.0 ULP for `Gauss::STANDARD`, ≤ 3.0 for any parameters).
///
/// ```
/// use actkern::{Gauss, scalar::gauss};
/// assert_eq!(gauss(Gauss::STANDARD, 0.0), 1.0);
/// assert!((gauss(Gauss::STANDARD, 1.0) - (-1.0f32).exp()).abs() < 1e-7);
/// ```
#[inline]
pub fn gauss(g: Gauss, x: f32) -> f32 {
    g.eval(x)
}
