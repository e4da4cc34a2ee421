//! Leaky ReLU: `x` for `x > 0`, else `slope * x`; exact up to the one
//! rounding of `slope * x` (0.5 ULP). NaN propagates through the product.

use super::UnaryKernel;
use crate::error::{Error, finite};
use crate::lanes::Lanes;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};
use core::hash::{Hash, Hasher};

/// Leaky ReLU: `output[i] = x` for `x > 0`, else `slope * x`, with the
/// slope of a [`LeakyRelu`] (PyTorch's `LeakyReLU`; its default slope is
/// 0.01, [`LeakyRelu::PYTORCH`]).
///
/// Exact up to the one rounding of `slope * x`. NaN gives NaN,
/// `+inf` gives `+inf`, `-inf` gives `-inf` times the slope's sign
/// (NaN for a zero slope, as `0 * inf`).
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "leaky_relu",
    aliases: &["leakyrelu"],
    kind: Kind::Parametric,
    formula: "x if x > 0, else slope x",
    accurate: Tier::new(0.5, "select-mul"),
    fast: None,
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, NINF),
        (0.0, 0.0),
        (-0.0, -0.0),
        (2.0, 2.0),
        (-2.0, -0.02),
        (f32::MAX, f32::MAX),
    ],
    pair_specials: &[],
    edges: &[0.0, -1e-45, 1e-45],
    domain: (-10.0, 10.0),
    range: (NINF, INF),
};

/// The parameters of `Activation::ALL` and of the tests' default case.
pub(crate) const DEFAULT: LeakyRelu = LeakyRelu::PYTORCH;

/// The slope of a leaky ReLU, checked finite when built: the parameter of
/// [`Kernels::leaky_relu`](crate::Kernels::leaky_relu).
///
/// ```
/// use actkern::{Kernels, LeakyRelu};
/// let mut y = [-2.0f32, 0.0, 3.0];
/// Kernels::detect().leaky_relu_inplace(LeakyRelu::new(0.2)?, &mut y);
/// assert_eq!(y[0], -0.4);
/// assert!(LeakyRelu::new(f32::NAN).is_err());
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeakyRelu {
    slope: f32,
}

impl LeakyRelu {
    /// PyTorch's default, slope 0.01.
    pub const PYTORCH: LeakyRelu = LeakyRelu { slope: 0.01 };

    /// A leaky ReLU of slope `slope`: any finite value (zero, negative,
    /// subnormal or huge).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if `slope` is infinite or NaN.
    pub fn new(slope: f32) -> Result<LeakyRelu, Error> {
        finite("slope", slope)?;
        Ok(LeakyRelu { slope })
    }

    /// The slope.
    pub fn slope(&self) -> f32 {
        self.slope
    }
}

/// Parameters are finite (checked when built), so `==` is an equivalence.
impl Eq for LeakyRelu {}

/// As `==` compares: by value, `-0.0` as `+0.0` (adding `+0.0` makes it
/// so, and leaves any other finite value unchanged).
impl Hash for LeakyRelu {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.slope + 0.0).to_bits().hash(state);
    }
}

impl UnaryKernel for LeakyRelu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // A factor of 1 (`x * 1` is `x`), not `select(x > 0, x, ..)`: see
        // `Lanes::select`.
        let one = V::splat(1.0);
        x * V::select(V::splat(0.0).lt(x), one, V::splat(self.slope))
    }
}
