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

/// `e^x`; see [`crate::Kernels::exp`] for the special values and bound.
#[inline]
pub fn exp(x: f32) -> f32 {
    Exp.eval(x)
}

/// `1 / (1 + e^-x)`; see [`crate::Kernels::sigmoid`].
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    Sigmoid.eval(x)
}

/// `ln(p / (1 - p))`; see [`crate::Kernels::logit`].
#[inline]
pub fn logit(p: f32) -> f32 {
    Logit.eval(p)
}

/// `max(x, 0)`; see [`crate::Kernels::relu`].
#[inline]
pub fn relu(x: f32) -> f32 {
    Relu.eval(x)
}

/// `g.amplitude * e^(-((x - g.mu) / g.sigma)^2)`; see
/// [`crate::Kernels::gauss`].
#[inline]
pub fn gauss(g: Gauss, x: f32) -> f32 {
    g.eval(x)
}
