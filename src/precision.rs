//! The precision tiers.

use crate::error::Error;
use core::{fmt, str::FromStr};

/// How much accuracy a [`crate::Kernels`] handle trades for speed.
///
/// Every function documents its bound in each tier (see the crate-level
/// table); the tests and the exhaustive check verify both. Until a
/// function has a cheaper method of its own, its `Fast` tier runs the
/// `Accurate` kernel ([`crate::Tier::shares_accurate`] says which).
///
/// ```
/// use actkern::{Kernels, Precision};
/// let k = Kernels::detect().with_precision(Precision::Fast);
/// assert_eq!(k.precision(), Precision::Fast);
/// assert_eq!(Precision::default(), Precision::Accurate);
/// assert_eq!("fast".parse::<Precision>()?, Precision::Fast);
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Precision {
    /// The default: within 0.5-4 ULP over the whole range (each function
    /// states its bound), subnormal results included.
    #[default]
    Accurate,
    /// Cheaper methods where they pay: within 8 ULP, or within `2^-24`
    /// absolute where the exact result is below `2^-21` (tiny results may
    /// flush to zero; `docs/ulp.md`); the same special values, limits and
    /// output ranges.
    Fast,
}

impl Precision {
    /// Every tier, most accurate first.
    ///
    /// ```
    /// assert_eq!(actkern::Precision::ALL[0], actkern::Precision::Accurate);
    /// ```
    pub const ALL: &'static [Precision] = &[Precision::Accurate, Precision::Fast];

    /// `accurate` or `fast` (also what `Display` prints and `FromStr`
    /// takes).
    ///
    /// ```
    /// assert_eq!(actkern::Precision::Fast.name(), "fast");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Precision::Accurate => "accurate",
            Precision::Fast => "fast",
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Precision {
    type Err = Error;
    /// The [`Precision::name`] of a tier, ASCII case-insensitive.
    ///
    /// # Errors
    /// [`Error::UnknownName`] for any other string.
    fn from_str(s: &str) -> Result<Precision, Error> {
        crate::error::parse_name(
            Precision::ALL,
            |p| (p.name(), &[]),
            &[],
            s,
            "precision",
            "accurate, fast",
        )
    }
}

/// What the row functions (softmax, log-softmax, and their `_rows` forms)
/// give for a fully masked row, one whose elements are all `-inf`: the
/// padded rows of an attention mask. Set with
/// [`crate::Kernels::with_masked_rows`]; decided from the row's maximum,
/// before its other passes, so it costs the other rows nothing. A row
/// holding a NaN is not fully masked: it gives NaN, and its masked
/// columns (causal, or past a mask) their zero under either policy.
///
/// ```
/// use actkern::{Kernels, MaskedRows};
/// let x = [f32::NEG_INFINITY; 4];
/// let mut y = [0.0f32; 4];
/// Kernels::detect().softmax(&x, &mut y)?;
/// assert!(y.iter().all(|v| v.is_nan()));
/// Kernels::detect().with_masked_rows(MaskedRows::Zero).softmax(&x, &mut y)?;
/// assert_eq!(y, [0.0; 4]);
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum MaskedRows {
    /// The default: NaN, what the formula gives (`e^(-inf - (-inf))`).
    #[default]
    Nan,
    /// Zero probabilities: softmax gives `0` for every element,
    /// log-softmax `-inf` (their logarithm), as PyTorch's `_safe_softmax`
    /// does for attention.
    Zero,
}
