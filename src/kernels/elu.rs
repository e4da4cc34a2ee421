//! ELU: `x` for `x > 0`, else `alpha (e^x - 1)`.
//!
//! `e^x - 1` comes from the expm1 core (`math/expm1.rs`, within 1 ULP, exact
//! for tiny `x` and `-1` below -18), not from `e^x - 1`, which cancels near
//! 0 (a hundred ULP at `x = -1e-3`). With `alpha = 1` that is the whole
//! error; any other finite `alpha` adds the rounding of the product (0.5
//! ULP). `x = -inf` gives `-alpha`; NaN propagates.
//!
//! The Fast tier takes `e^x - 1` from `math/expm1_fast.rs`: from the
//! table (`rr1-lut32-p3`) on backends that hold one in registers
//! (AVX-512), on `x` clamped at -20 (where it rounds to -1), and from a
//! polynomial (`rr2-p7`, no table, no two-float step) elsewhere, on `x`
//! clamped at -17.5 (the same).

use super::UnaryKernel;
use crate::error::{Error, finite};
use crate::lanes::Lanes;
use crate::math::expm1::expm1_lanes;
use crate::math::expm1_fast::{EXPM1_POLY_LO, expm1_poly, expm1_table};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};
use core::hash::{Hash, Hasher};

/// ELU: `output[i] = x` for `x > 0`, else `alpha (e^x - 1)`, with the
/// `alpha` of an [`Elu`] (PyTorch's `ELU`; its default `alpha` is 1,
/// [`Elu::STANDARD`]).
///
/// `e^x - 1` is computed without cancellation near 0, so small
/// negative inputs keep their accuracy. NaN gives NaN, `+inf` gives
/// `+inf`, `-inf` gives `-alpha`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "elu",
    aliases: &[],
    kind: Kind::Parametric,
    formula: "x if x > 0, else alpha (e^x - 1)",
    accurate: Tier::new(2.0, "expm1-rr2-p4-tf").any_parameters(3.0),
    fast: Some(Tier::new(2.0, "expm1-rr2-p7").any_parameters(3.0)),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, -1.0),
        (0.0, 0.0),
        (2.0, 2.0),
        (-100.0, -1.0),
        (f32::MAX, f32::MAX),
        (f32::MIN, -1.0),
    ],
    pair_specials: &[],
    edges: &[0.0, -1e-3, -0.346_573_6, -17.0, -18.0, 1e-45],
    domain: (-18.0, 5.0),
    range: (-1.0, INF),
};

/// The parameters of `Activation::ALL` and of the tests' default case.
pub(crate) const DEFAULT: Elu = Elu::STANDARD;

/// The `alpha` of an ELU, checked finite when built: the parameter of
/// [`Kernels::elu`](crate::Kernels::elu).
///
/// ```
/// use actkern::{Elu, Kernels};
/// let mut y = [-100.0f32, 0.0, 3.0];
/// Kernels::detect().elu_inplace(Elu::new(0.5)?, &mut y);
/// assert_eq!(y, [-0.5, 0.0, 3.0]);
/// assert!(Elu::new(f32::INFINITY).is_err());
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Elu {
    alpha: f32,
}

impl Elu {
    /// PyTorch's default, `alpha = 1`.
    pub const STANDARD: Elu = Elu { alpha: 1.0 };

    /// An ELU of parameter `alpha`: any finite value (zero, negative,
    /// subnormal or huge).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] if `alpha` is infinite or NaN.
    pub fn new(alpha: f32) -> Result<Elu, Error> {
        finite("alpha", alpha)?;
        Ok(Elu { alpha })
    }

    /// The `alpha`.
    pub fn alpha(&self) -> f32 {
        self.alpha
    }
}

/// Parameters are finite (checked when built), so `==` is an equivalence.
impl Eq for Elu {}

/// As `==` compares: by value, `-0.0` as `+0.0` (adding `+0.0` makes it
/// so, and leaves any other finite value unchanged).
impl Hash for Elu {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.alpha + 0.0).to_bits().hash(state);
    }
}

impl UnaryKernel for Elu {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // The core sees x <= 0 only: large positive x would overflow it.
        let xn = V::splat(0.0).min(x);
        let neg = expm1_lanes(xn) * V::splat(self.alpha);
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        V::select(V::splat(0.0).lt(x), x + V::splat(0.0), neg)
    }
}

/// The Fast tier of an [`Elu`] (see the module docs).
#[derive(Clone, Copy)]
pub(crate) struct EluFast(pub(crate) Elu);

impl UnaryKernel for EluFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // NaN passes both clamps.
        let xn = V::splat(0.0).min(x);
        let neg = if V::TABLE32 {
            expm1_table(V::splat(-20.0).max(xn))
        } else {
            expm1_poly(V::splat(EXPM1_POLY_LO).max(xn))
        };
        let neg = neg * V::splat(self.0.alpha);
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        V::select(V::splat(0.0).lt(x), x + V::splat(0.0), neg)
    }
}
