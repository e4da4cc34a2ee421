//! Vectorized `f32` activation kernels with run-time backend selection and
//! documented, tested error bounds. `#![no_std]`, no allocation, no panics.
//!
//! ```
//! use actkern::{Gauss, Kernels};
//! let k = Kernels::detect(); // fastest backend this CPU can run
//! let x = [-2.0f32, -0.5, 0.0, 0.5, 2.0];
//! let mut y = [0.0f32; 5];
//! k.sigmoid(&x, &mut y)?;
//! k.softmax_inplace(&mut y);
//! actkern::relu(&x, &mut y)?; // free functions run on Kernels::detect()
//! k.gauss_inplace(Gauss::STANDARD, &mut y);
//! # Ok::<(), actkern::Error>(())
//! ```
//!
//! # Functions
//! `exp`, `sigmoid`, `logit`, `relu`, `softmax` and `gauss`, each as a
//! [`Kernels`] method (out of place, returning [`Error::LengthMismatch`] on
//! unequal lengths without writing, or `_inplace`), as a free function on the
//! detected backend, and (element-wise ones) in [`scalar`] for one value.
//!
//! # Backends
//! [`Backend::Scalar`] everywhere; [`Backend::Simd128`] through the `wide`
//! crate (SSE2 / NEON / wasm simd128 / portable); [`Backend::Simd256`]
//! (AVX2 + FMA) and [`Backend::Simd512`] (AVX-512F) chosen by CPUID at run
//! time, also without `std`. [`Kernels::detect`] picks the widest the CPU
//! runs.
//!
//! # Error bounds
//! ULP error as defined in `shared/ULP.md`: against an `f64` reference on
//! the exact `f32` input, `|y - r| / u` with `u` the `f32` spacing just above
//! `|r|` (subnormal steps below `f32::MIN_POSITIVE`). Maxima over **all 2^32
//! inputs**, measured by `cargo run --release --example ulp -- --exhaustive`
//! (x86-64, 2026-11-27):
//!
#![doc = include_str!("../docs/bounds.md")]
//!
//! The tests (`cargo test --release`) check every backend the host can run
//! against these bounds on a dense sample; CI runs the exhaustive check.

#![no_std]
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

mod api;
mod backend;
mod error;
mod kernels;
mod lanes;
mod math;
pub mod scalar;

pub use backend::{Backend, Kernels};

/// README's code blocks, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
pub use error::Error;
pub use kernels::gauss::Gauss;

macro_rules! free_unary {
    ($($name:ident, $inplace:ident;)*) => {$(
        #[doc = concat!("[`Kernels::", stringify!($name), "`] on [`Kernels::detect()`]: same semantics and bounds.")]
        ///
        /// # Errors
        /// [`Error::LengthMismatch`] if the lengths differ; nothing is written.
        ///
        /// ```
        /// let x = [0.25f32, 0.5, 0.75];
        /// let mut y = [0.0f32; 3];
        #[doc = concat!("actkern::", stringify!($name), "(&x, &mut y)?;")]
        #[doc = concat!("assert!(actkern::", stringify!($name), "(&x, &mut y[..2]).is_err());")]
        /// # Ok::<(), actkern::Error>(())
        /// ```
        pub fn $name(input: &[f32], output: &mut [f32]) -> Result<(), Error> {
            Kernels::detect().$name(input, output)
        }
        #[doc = concat!("[`Kernels::", stringify!($inplace), "`] on [`Kernels::detect()`]: same semantics and bounds.")]
        ///
        /// ```
        /// let mut data = [0.25f32, 0.5, 0.75];
        #[doc = concat!("actkern::", stringify!($inplace), "(&mut data);")]
        /// ```
        pub fn $inplace(data: &mut [f32]) {
            Kernels::detect().$inplace(data)
        }
    )*};
}

free_unary! {
    exp, exp_inplace;
    sigmoid, sigmoid_inplace;
    logit, logit_inplace;
    relu, relu_inplace;
    softmax, softmax_inplace;
}

/// [`Kernels::gauss`] on [`Kernels::detect()`]: same semantics and bounds.
///
/// # Errors
/// [`Error::LengthMismatch`] if the lengths differ; nothing is written.
///
/// ```
/// let mut y = [0.0f32; 2];
/// actkern::gauss(actkern::Gauss::STANDARD, &[0.0, 1.0], &mut y)?;
/// assert_eq!(y[0], 1.0);
/// # Ok::<(), actkern::Error>(())
/// ```
pub fn gauss(g: Gauss, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
    Kernels::detect().gauss(g, input, output)
}

/// [`Kernels::gauss_inplace`] on [`Kernels::detect()`]: same semantics and
/// bounds.
///
/// ```
/// let mut data = [0.0f32, 1.0];
/// actkern::gauss_inplace(actkern::Gauss::STANDARD, &mut data);
/// assert_eq!(data[0], 1.0);
/// ```
pub fn gauss_inplace(g: Gauss, data: &mut [f32]) {
    Kernels::detect().gauss_inplace(g, data)
}
