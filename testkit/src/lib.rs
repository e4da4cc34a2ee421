//! The checks shared by actkern's test suite, examples, fuzz targets and
//! Cortex-M firmware, written once and `no_std` so that all of them use
//! the same code:
//!
//! - [`ulp`]: the ULP error of `docs/ulp.md`;
//! - [`reference`]: each function's independent `f64` reference (the
//!   `libm` crate's `f64` functions, never actkern's kernels) and its naive
//!   `f32` formula;
//! - [`check`]: bit equality, and a result (or a row) against its reference
//!   and the bound the function table documents;
//! - [`params`]: parameter sets worth testing for parametric functions;
//! - [`half`]: the `f16` and `bf16` formats by their bits (widening,
//!   correctly rounded narrowing from `f64` and `f32`, ULP error in the
//!   format's units), independent of the `half` crate;
//! - [`rng`]: a small deterministic generator.
//!
//! Every harness iterates over `actkern::Activation::ALL`; `tests/coverage.rs`
//! fails when a declared function has no reference, no naive formula or no
//! parameter sets here.
#![no_std]

#[cfg(feature = "std")]
extern crate std;

/// The `libm` crate, for references the test suites compute themselves.
pub use libm;
pub mod check;
pub mod half;
pub mod params;
pub mod reference;
pub mod rng;
pub mod ulp;
