//! The crate's one error type.

use crate::backend::Backend;
use core::fmt;

/// What can go wrong when calling a kernel or building a parameter set.
///
/// Every fallible function leaves its output untouched when it returns an
/// error.
///
/// ```
/// use actkern::{Activation, Backend, Error, Kernels};
/// let k = Kernels::new(Backend::Scalar)?;
/// let mut out = [0.0f32; 2];
/// let err = k.apply(Activation::Sigmoid, &[1.0, 2.0, 3.0], &mut out).unwrap_err();
/// assert_eq!(err, Error::LengthMismatch { input: 3, output: 2 });
/// assert_eq!(out, [0.0, 0.0]); // nothing written
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// Out-of-place call whose input and output lengths differ.
    LengthMismatch {
        /// `input.len()`
        input: usize,
        /// `output.len()`
        output: usize,
    },
    /// [`crate::Kernels::new`] was asked for a backend this CPU (or this
    /// build) cannot run.
    BackendUnavailable(Backend),
    /// A name that `FromStr` does not know (of a backend, a precision tier
    /// or an activation).
    UnknownName {
        /// What was being parsed: `"backend"`, `"precision"`, `"activation"`.
        what: &'static str,
        /// The accepted names, comma-separated.
        expected: &'static str,
    },
    /// A row length of 0, or one that does not divide the slice's length
    /// (the `_rows` functions).
    RowLength {
        /// The slice's length.
        len: usize,
        /// The row length given.
        row_len: usize,
    },
    /// A parameter is outside its domain (for example a `sigma` that is not
    /// finite and positive in [`crate::Gauss::new`]).
    InvalidParameter {
        /// The parameter's name, as in the function's signature.
        name: &'static str,
        /// The rejected value.
        value: f32,
        /// What the parameter must be, e.g. `"finite and > 0"`.
        expected: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::LengthMismatch { input, output } => write!(
                f,
                "input and output lengths differ: input has {input} elements, output has {output}"
            ),
            Error::BackendUnavailable(b) => {
                write!(f, "backend {b} is not available on this CPU or target")
            }
            Error::UnknownName { what, expected } => {
                write!(f, "unknown {what} name: expected one of {expected}")
            }
            Error::RowLength { len, row_len } => write!(
                f,
                "row length {row_len} does not divide the slice length {len} into whole rows (it must be > 0)"
            ),
            Error::InvalidParameter {
                name,
                value,
                expected,
            } => write!(
                f,
                "invalid parameter `{name}` = {value}: must be {expected}"
            ),
        }
    }
}

impl core::error::Error for Error {}

/// The item of `all` whose `name` is `s`, ASCII case-insensitive and
/// trimmed; else [`Error::UnknownName`]. The one `FromStr` of the crate's
/// named enums.
pub(crate) fn parse_name<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    s: &str,
    what: &'static str,
    expected: &'static str,
) -> Result<T, Error> {
    all.iter()
        .copied()
        .find(|&t| name(t).eq_ignore_ascii_case(s.trim()))
        .ok_or(Error::UnknownName { what, expected })
}

/// `Ok` if `value` is finite, else [`Error::InvalidParameter`] naming it.
pub(crate) fn finite(name: &'static str, value: f32) -> Result<(), Error> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name,
            value,
            expected: "finite",
        })
    }
}

/// `Ok` if an input and the output have the same length.
#[inline]
pub(crate) fn check_lengths<T>(input: &[T], output: &[T]) -> Result<(), Error> {
    if input.len() == output.len() {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            input: input.len(),
            output: output.len(),
        })
    }
}

/// `Ok` if `row_len` is not 0 and divides `len`.
#[inline]
pub(crate) fn check_rows(len: usize, row_len: usize) -> Result<(), Error> {
    if row_len != 0 && len.is_multiple_of(row_len) {
        Ok(())
    } else {
        Err(Error::RowLength { len, row_len })
    }
}
