//! Vectorized `f32` activation kernels with run-time backend selection and
//! documented, tested error bounds. `#![no_std]`, no allocation, no panics.
//!
//! ```
//! use actkern::{Gauss, Kernels, Precision};
//! let k = Kernels::detect(); // fastest backend this CPU can run
//! let x = [-2.0f32, -0.5, 0.0, 0.5, 2.0];
//! let mut y = [0.0f32; 5];
//! k.sigmoid(&x, &mut y)?;
//! k.softmax_inplace(&mut y);
//! actkern::relu(&x, &mut y)?; // free functions run on Kernels::detect()
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
//! **all 2^32 inputs**, written by `cargo run --release --example ulp --
//! --exhaustive --markdown docs/bounds.md` (x86-64; CI regenerates this
//! table and fails if it changes):
//!
#![doc = include_str!("../docs/bounds.md")]
//!
//! The tests (`cargo test --release`) check every backend the host can
//! run, in every tier, against the documented bounds on a dense sample.

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
pub use precision::Precision;
pub use spec::{Kind, Spec, Tier};
pub use table::Activation;
pub use table::free::*;
pub use table::scalar;

/// README's code blocks, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
