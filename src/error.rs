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
    /// A buffer whose length is not the one the call needs, named (the
    /// second input of a two-input function, an attention mask).
    BufferLength {
        /// The buffer's name, as in the function's signature (`"a"`, `"b"`).
        buffer: &'static str,
        /// Its length.
        len: usize,
        /// The length it must have (`output.len()` for an input; `row_len`
        /// for a mask, which may also have the buffer's length).
        expected: usize,
    },
    /// [`crate::Kernels::new`] was asked for a backend this CPU (or this
    /// build) cannot run.
    BackendUnavailable(Backend),
    /// A name that `FromStr` does not know (of a backend, a precision tier
    /// or an activation).
    ///
    /// ```
    /// use actkern::{Activation, Error};
    /// let e = "HardSigmoid".parse::<Activation>().unwrap_err();
    /// assert!(matches!(e, Error::UnknownName { rejected, .. } if rejected == "HardSigmoid"));
    /// assert!(e.to_string().starts_with("unknown activation name \"HardSigmoid\": expected one of "));
    /// ```
    UnknownName {
        /// What was being parsed: `"backend"`, `"precision"`, `"activation"`.
        what: &'static str,
        /// The accepted names, comma-separated.
        expected: &'static str,
        /// The string that was rejected (trimmed, its first
        /// [`RejectedName::CAPACITY`] bytes).
        rejected: RejectedName,
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

/// `n elements`, or `1 element`.
struct Elements(usize);

impl fmt::Display for Elements {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 element"),
            n => write!(f, "{n} elements"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::LengthMismatch { input, output } => write!(
                f,
                "input and output lengths differ: input has {}, output has {}",
                Elements(*input),
                Elements(*output)
            ),
            Error::BufferLength {
                buffer,
                len,
                expected,
            } => write!(f, "`{buffer}` has {}, expected {expected}", Elements(*len)),
            Error::BackendUnavailable(b) => {
                write!(f, "backend {b} is not available on this CPU or target")
            }
            Error::UnknownName {
                what,
                expected,
                rejected,
            } => {
                write!(
                    f,
                    "unknown {what} name {rejected}: expected one of {expected}"
                )
            }
            Error::RowLength { len, row_len } => write!(
                f,
                "row length {row_len} does not divide the slice's {} into whole rows (it must be > 0)",
                Elements(*len)
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

/// The string a `FromStr` rejected, kept in the error without allocating:
/// its first [`RejectedName::CAPACITY`] bytes (cut at a character
/// boundary), and whether it was longer. `Display` quotes it, with `...`
/// after a cut one; it compares equal to a `&str` of the same text.
///
/// ```
/// use actkern::{Backend, Error};
/// let Err(Error::UnknownName { rejected, .. }) = " avx9 ".parse::<Backend>() else {
///     unreachable!()
/// };
/// assert_eq!(rejected.as_str(), "avx9"); // trimmed, as compared
/// assert!(!rejected.is_truncated());
/// assert_eq!(rejected.to_string(), "\"avx9\"");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RejectedName {
    bytes: [u8; RejectedName::CAPACITY],
    len: u8,
    truncated: bool,
}

impl RejectedName {
    /// The most bytes kept.
    pub const CAPACITY: usize = 32;

    /// The first [`RejectedName::CAPACITY`] bytes of `s`, cut at a
    /// character boundary.
    ///
    /// ```
    /// let r = actkern::RejectedName::new(&"é".repeat(20));
    /// assert_eq!(r.as_str(), "é".repeat(16));
    /// assert!(r.is_truncated());
    /// ```
    pub fn new(s: &str) -> RejectedName {
        let mut len = s.len().min(Self::CAPACITY);
        while !s.is_char_boundary(len) {
            len = len.saturating_sub(1);
        }
        let mut bytes = [0; Self::CAPACITY];
        for (b, &c) in bytes.iter_mut().zip(s.as_bytes().get(..len).unwrap_or(&[])) {
            *b = c;
        }
        RejectedName {
            bytes,
            // `len <= CAPACITY = 32`.
            len: len as u8,
            truncated: len < s.len(),
        }
    }

    /// The text kept.
    pub fn as_str(&self) -> &str {
        let kept = self.bytes.get(..usize::from(self.len)).unwrap_or(&[]);
        // Cut at a character boundary of a `str`, so always valid.
        core::str::from_utf8(kept).unwrap_or("")
    }

    /// True if the rejected string was longer than what is kept.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for RejectedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())?;
        if self.truncated {
            f.write_str("...")?;
        }
        Ok(())
    }
}

impl fmt::Debug for RejectedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl PartialEq<str> for RejectedName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RejectedName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The item of `all` whose name or one of whose aliases (`names` gives
/// both) is `s`, ASCII case-insensitive and trimmed; else
/// [`Error::UnknownName`] naming `s`. A spelling in `refused` (compared
/// exactly) is rejected even where it matches an alias but for case: it
/// names another function elsewhere. The one `FromStr` of the crate's
/// named enums.
pub(crate) fn parse_name<T: Copy>(
    all: &[T],
    names: impl Fn(T) -> (&'static str, &'static [&'static str]),
    refused: &[&[&str]],
    s: &str,
    what: &'static str,
    expected: &'static str,
) -> Result<T, Error> {
    let s = s.trim();
    let unknown = Error::UnknownName {
        what,
        expected,
        rejected: RejectedName::new(s),
    };
    if refused.iter().any(|r| r.contains(&s)) {
        return Err(unknown);
    }
    all.iter()
        .copied()
        .find(|&t| {
            let (name, aliases) = names(t);
            name.eq_ignore_ascii_case(s) || aliases.iter().any(|a| a.eq_ignore_ascii_case(s))
        })
        .ok_or(unknown)
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

/// `Ok` if the buffer named `buffer` has `len` elements, the output's
/// `expected`; else [`Error::BufferLength`] naming it.
#[inline]
pub(crate) fn check_buffer(buffer: &'static str, len: usize, expected: usize) -> Result<(), Error> {
    if len == expected {
        Ok(())
    } else {
        Err(Error::BufferLength {
            buffer,
            len,
            expected,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_buffer_names_the_buffer() {
        assert_eq!(check_buffer("b", 2, 2), Ok(()));
        assert_eq!(
            check_buffer("b", 3, 2),
            Err(Error::BufferLength {
                buffer: "b",
                len: 3,
                expected: 2
            })
        );
    }
}
