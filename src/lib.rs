//! Vectorized activation kernels on `f32` slices (and, with the default
//! feature `half`, `f16` and `bf16` slices) with run-time backend selection
//! and documented, tested error bounds. `#![no_std]`, no allocation, no
//! panics.
//!
//! ```
//! use actkern::{Activation, Gauss, Kernels, Precision};
//! let k = Kernels::detect(); // fastest backend this CPU can run
//! let x = [-2.0f32, -0.5, 0.0, 0.5, 2.0];
//! let mut y = [0.0f32; 5];
//! k.apply(Activation::Sigmoid, &x, &mut y)?; // the same as the named method
//! k.softmax_inplace(&mut y);
//! actkern::relu_inplace(&mut y); // free functions run on Kernels::detect()
//! k.gauss_inplace(Gauss::new(0.0, 2.0, 1.0)?, &mut y); // parameters checked once, here
//! k.with_precision(Precision::Fast).exp_inplace(&mut y);
//! # Ok::<(), actkern::Error>(())
//! ```
//!
//! # Functions
//! Every function is declared once, beside its kernel, and
//! [`Activation::ALL`] and [`Activation::spec`] expose the declarations:
//! kind, bound in each [`Precision`] tier, special values. Each is a
//! [`Kernels`] method, a free function on the detected backend, and
//! (element-wise ones) a function in [`scalar`] for one value;
//! [`Kernels::apply`] runs any of them chosen at run time.
//!
//! One rule for return types: what can fail returns a `Result`, and
//! nothing else does. Out-of-place methods return
//! [`Error::LengthMismatch`] on unequal lengths, `_rows` methods
//! [`Error::RowLength`] for a row length that does not divide the buffer,
//! functions of two inputs [`Error::BufferLength`] naming the buffer of
//! the wrong length, in every case without writing anything; the
//! `_inplace` methods that cannot fail (one input, no row length, no
//! options) return `()`.
//! Parameters are checked once, by their own types ([`Gauss::new`],
//! [`LeakyRelu::new`], [`Elu::new`]), so applying them cannot fail.
//!
//! # Attention
//! [`Kernels::softmax_rows_with`] and [`Kernels::log_softmax_rows_with`]
//! apply a row function to attention scores under [`RowOptions`] (scale,
//! soft-cap, additive mask, causal mask, ALiBi, row stride) in the row
//! function's own passes; [`Kernels::softmax_block`] and [`SoftmaxState`]
//! compute a row block by block for tiled attention.
//!
//! # Half precision
//! Every slice method and free function takes slices of any [`Element`]:
//! `f32`, [`half::f16`] or [`half::bf16`] (the same type for input and
//! output; `actkern::half` re-exports the `half` crate). Half-format values
//! are converted in registers inside the kernel's loop (F16C on
//! [`Backend::Simd256`], AVX-512F on [`Backend::Simd512`], exact integer
//! code elsewhere): no temporary buffer. In the Accurate tier, an
//! element-wise function at its default parameters returns the correctly
//! rounded result for every input, so the same bits on every backend and
//! target; the Fast tier, other parameters, the row functions and
//! [`Kernels::silu_mul`] are within 1 ULP of the format. Without the
//! feature (`default-features = false`) the crate is `f32`-only and
//! depends on `wide` alone. [`scalar`] stays `f32`.
//!
//! # Backends
//! [`Backend::Scalar`] everywhere; [`Backend::Simd128`] through the `wide`
//! crate (SSE2 / NEON / wasm simd128 / portable); [`Backend::Simd256`]
//! (AVX2 + FMA + F16C) and [`Backend::Simd512`] (AVX-512F) chosen by CPUID at run
//! time, also without `std`. [`Kernels::detect`] picks the widest the CPU
//! runs; [`Kernels::detect_up_to`] caps it.
//!
//! # Error bounds
//! ULP error as defined in `docs/ulp.md`: against an `f64` reference on
//! the exact `f32` input, `|y - r| / u` with `u` the `f32` spacing just
//! above `|r|` (subnormal steps below `f32::MIN_POSITIVE`). Documented
//! bounds are in each method's docs and [`Spec`]; the measured maxima:
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
//   data       error, precision, spec, backend (Backend + CPU detection)
//   lanes      the vector vocabulary, its backends, the `Job` trait
//   math       exponential and log cores, two-float arithmetic, coefficients
//   kernels    one function per file, the slice driver
//   dispatch   Kernels: backend + tier -> an instantiated job
//   api        api (generated by tools/api.py from the list and the
//              kernel files' declarations), attention (options and
//              state of the attention rows)
//   glu        Glu: gated units by kind, over the api's methods
//
// `spec` (what a kernel file declares) is data, below the kernels.
mod api;
mod attention;
mod backend;
mod dispatch;
mod error;
mod glu;
mod kernels;
mod lanes;
mod math;
mod precision;
mod spec;

pub use api::free::*;
pub use api::scalar;
pub use api::{Activation, Binary};
pub use attention::{RowOptions, SoftmaxState};
pub use backend::Backend;
pub use dispatch::Kernels;
pub use error::{Error, RejectedName};
pub use glu::Glu;
pub use kernels::element::Element;
pub use kernels::elu::Elu;
pub use kernels::gauss::Gauss;
pub use kernels::leaky_relu::LeakyRelu;
pub use precision::{MaskedRows, Precision};
pub use spec::{Kind, Spec, Tier};

/// The `half` crate (`no_std`, default features off), whose
/// [`f16`](half::f16) and [`bf16`](half::bf16) slices the kernels take.
#[cfg(feature = "half")]
pub use half;

/// README's code blocks, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
