//! The `Kernels` entry points behind one out-of-line call each.
//!
//! `Kernels::apply` and its siblings are `#[inline(always)]`, so that a
//! constant function folds down to its one kernel; called with a run-time
//! function, each call site holds every kernel for every backend. A test
//! suite calls them from hundreds of sites: through these wrappers the
//! kernels are compiled once (here), which keeps the harnesses' build
//! times flat as the table grows. Results are the same bits.

use actkern::{Activation, Binary, Error, Kernels};

/// [`Kernels::apply`].
///
/// # Errors
/// As [`Kernels::apply`].
#[inline(never)]
pub fn apply(k: Kernels, a: Activation, x: &[f32], y: &mut [f32]) -> Result<(), Error> {
    k.apply(a, x, y)
}

/// [`Kernels::apply_inplace`].
///
/// # Errors
/// As [`Kernels::apply_inplace`].
#[inline(never)]
pub fn apply_inplace(k: Kernels, a: Activation, d: &mut [f32]) -> Result<(), Error> {
    k.apply_inplace(a, d)
}

/// [`Kernels::apply_rows`].
///
/// # Errors
/// As [`Kernels::apply_rows`].
#[inline(never)]
pub fn apply_rows(
    k: Kernels,
    a: Activation,
    row_len: usize,
    x: &[f32],
    y: &mut [f32],
) -> Result<(), Error> {
    k.apply_rows(a, row_len, x, y)
}

/// [`Kernels::apply_rows_inplace`].
///
/// # Errors
/// As [`Kernels::apply_rows_inplace`].
#[inline(never)]
pub fn apply_rows_inplace(
    k: Kernels,
    a: Activation,
    row_len: usize,
    d: &mut [f32],
) -> Result<(), Error> {
    k.apply_rows_inplace(a, row_len, d)
}

/// [`Kernels::apply_binary`].
///
/// # Errors
/// As [`Kernels::apply_binary`].
#[inline(never)]
pub fn apply_binary(
    k: Kernels,
    f: Binary,
    a: &[f32],
    b: &[f32],
    y: &mut [f32],
) -> Result<(), Error> {
    k.apply_binary(f, a, b, y)
}
