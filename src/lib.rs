//! Vectorized `f32` activation kernels with run-time backend selection and
//! documented, tested error bounds. `#![no_std]`, no allocation, no panics.
//!
//! ```
//! use actkern::{Activation, Gauss, Kernels, Precision};
//! let k = Kernels::detect(); // fastest backend this CPU can run
//! let x = [-2.0f32, -0.5, 0.0, 0.5, 2.0];
//! let mut y = [0.0f32; 5];
//! k.apply(Activation::Sigmoid, &x, &mut y)?; // the same as the named method
//! k.softmax_inplace(&mut y);
//! actkern::relu_inplace(&mut y); // free functions run on Kernels::detect()
//! k.gauss_inplace(Gauss::STANDARD, &mut y);
//! k.with_precision(Precision::Fast).exp_inplace(&mut y);
//! # Ok::<(), actkern::Error>(())
//! ```
//!
//! # Functions
//! Every function is declared once, in a table that [`Activation::ALL`]
//! and [`Activation::spec`] expose: its kind, its bound in each
//! [`Precision`] tier, its special values. Each is a [`Kernels`] method
//! (out of place, returning [`Error::LengthMismatch`] on unequal lengths
//! without writing, and `_inplace`), a free function on the detected
//! backend, and (element-wise ones) a function in [`scalar`] for one value;
//! [`Kernels::apply`] runs any of them chosen at run time.
//!
//! # Backends
//! [`Backend::Scalar`] everywhere; [`Backend::Simd128`] through the `wide`
//! crate (SSE2 / NEON / wasm simd128 / portable); [`Backend::Simd256`]
//! (AVX2 + FMA) and [`Backend::Simd512`] (AVX-512F) chosen by CPUID at run
//! time, also without `std`. [`Kernels::detect`] picks the widest the CPU
//! runs; [`Kernels::detect_up_to`] caps it.
//!
//! # Error bounds
//! ULP error as defined in `docs/ulp.md`: against an `f64` reference on
//! the exact `f32` input, `|y - r| / u` with `u` the `f32` spacing just
//! above `|r|` (subnormal steps below `f32::MIN_POSITIVE`). Documented
//! bounds are in each method's docs and [`Spec`]; the measured maxima over
//! **all 2^32 inputs** on the detected backend and every 61st input on the
//! others (cells marked `(1/61)`), written by `cargo run --release
//! --example ulp -- --exhaustive --others-stride 61 --markdown
//! docs/bounds.md` (x86-64; CI regenerates this table and fails if a bound
//! is exceeded or a fully measured cell changes):
//!
#![doc = include_str!("../docs/bounds.md")]
//!
//! The tests (`cargo test --release`) check every backend the host can
//! run, in every tier, against the documented bounds on a dense sample.
//!
//! # Floating-point environment
//! The bounds assume what Rust assumes: round-to-nearest-even, exceptions
//! masked, and subnormals neither flushed nor treated as zero.
//! - **Flags.** actkern's own arithmetic performs no invalid operation and
//!   no division by zero on finite inputs whose results are finite, in
//!   padding lanes and for empty slices too: with the default MXCSR such a
//!   call leaves the invalid and divide-by-zero flags as they were
//!   (`tests/fpenv.rs` reads them on every backend and tier). Inputs that
//!   are infinite or NaN, or results that are (the log-odds of 0), may raise them;
//!   overflow, underflow, inexact and denormal flags are raised freely.
//! - **FTZ / DAZ** (set by many inference engines): results whose inputs
//!   and outputs are normal numbers keep their bounds (tested); subnormal
//!   inputs are read as zero and subnormal results flushed to zero, so the
//!   gradual-underflow tails documented per function become zeros.
//! - **Other rounding modes** are not supported: the two-float steps and
//!   the range reduction rely on round-to-nearest, and results then exceed
//!   the bounds (and may depend on an element's position in the slice).
//! - **Unmasked exceptions** (trapping on a flag) are outside what Rust
//!   supports; the compiler may also evaluate operations it can prove
//!   harmless in the default environment.

#![no_std]
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

// Lets the function table's doc examples say `actkern::...` inside the
// crate too.
extern crate self as actkern;

// Layers, each importing only from the ones below it (checked by
// `tests/layers.rs`):
//   data       error, precision, backend (Backend + CPU detection)
//   lanes      the vector vocabulary, its backends, the `Job` trait
//   math       exponential and log cores, two-float arithmetic, coefficients
//   kernels    one function per file, the slice driver
//   dispatch   Kernels: backend + tier -> an instantiated job
//   api        spec (what an entry declares), declare (entry -> API),
//              table (the entries)
mod backend;
mod declare;
mod dispatch;
mod error;
mod kernels;
mod lanes;
mod math;
mod precision;
mod spec;
mod table;

pub use backend::Backend;
pub use dispatch::Kernels;
pub use error::Error;
pub use kernels::gauss::Gauss;
pub use precision::{MaskedRows, Precision};
pub use spec::{Kind, Spec, Tier};
pub use table::free::*;
pub use table::scalar;
pub use table::{Activation, Binary};

/// README's code blocks, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
