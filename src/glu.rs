//! Gated linear units by kind: [`Glu`] names the activation of the gate,
//! and the [`Kernels`] methods `glu`, `glu_inplace` and `glu_rows` run the
//! function of two inputs it stands for (`activation(gate) * up`).

use crate::api::Binary;
use crate::dispatch::Kernels;
use crate::error::{Error, parse_name};
use crate::kernels::element::Element;

/// The activation of a gated linear unit `activation(gate) * up`, chosen
/// at run time (e.g. from a model's configuration, by [`Glu::name`]).
///
/// ```
/// use actkern::{Glu, Kernels};
/// let kind: Glu = "swiglu".parse()?;
/// let mut y = [0.0f32; 2];
/// Kernels::detect().glu(kind, &[1.0, -1.0], &[2.0, 3.0], &mut y)?;
/// assert_eq!(kind, Glu::Silu);
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Glu {
    /// GLU: `sigmoid(gate) * up` ([`Kernels::sigmoid_mul`]).
    Sigmoid,
    /// SwiGLU: `silu(gate) * up` ([`Kernels::silu_mul`]).
    Silu,
    /// GeGLU: `gelu(gate) * up`, erf GELU ([`Kernels::gelu_mul`]).
    Gelu,
    /// GeGLU with the tanh GELU: `gelu_tanh(gate) * up`
    /// ([`Kernels::gelu_tanh_mul`]).
    GeluTanh,
    /// ReGLU: `max(gate, 0) * up` ([`Kernels::relu_mul`]).
    Relu,
}

impl Glu {
    /// Every kind.
    ///
    /// ```
    /// for g in actkern::Glu::ALL {
    ///     assert_eq!(g.name().parse::<actkern::Glu>()?, *g);
    /// }
    /// # Ok::<(), actkern::Error>(())
    /// ```
    pub const ALL: &'static [Glu] = &[Glu::Sigmoid, Glu::Silu, Glu::Gelu, Glu::GeluTanh, Glu::Relu];

    /// The function of two inputs this kind runs (its bounds are in
    /// [`Binary::spec`]).
    ///
    /// ```
    /// use actkern::{Binary, Glu};
    /// assert_eq!(Glu::Silu.binary(), Binary::SiluMul);
    /// let bound = Glu::Gelu.binary().spec().tier(actkern::Precision::Accurate).bound;
    /// assert!(bound > 0.0);
    /// ```
    pub fn binary(self) -> Binary {
        match self {
            Glu::Sigmoid => Binary::SigmoidMul,
            Glu::Silu => Binary::SiluMul,
            Glu::Gelu => Binary::GeluMul,
            Glu::GeluTanh => Binary::GeluTanhMul,
            Glu::Relu => Binary::ReluMul,
        }
    }

    /// The unit's usual name: `glu`, `swiglu`, `geglu`, `geglu_tanh`,
    /// `reglu`.
    ///
    /// ```
    /// assert_eq!(actkern::Glu::Gelu.name(), "geglu");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Glu::Sigmoid => "glu",
            Glu::Silu => "swiglu",
            Glu::Gelu => "geglu",
            Glu::GeluTanh => "geglu_tanh",
            Glu::Relu => "reglu",
        }
    }
}

impl core::fmt::Display for Glu {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for Glu {
    type Err = Error;
    /// A unit's name ([`Glu::name`]), ASCII case-insensitive and trimmed.
    ///
    /// # Errors
    /// [`Error::UnknownName`] for a name not in [`Glu::ALL`].
    fn from_str(s: &str) -> Result<Glu, Error> {
        parse_name(
            Glu::ALL,
            |g: Glu| (g.name(), &[] as &'static [&'static str]),
            &[],
            s,
            "gated linear unit",
            "glu swiglu geglu geglu_tanh reglu (Glu::ALL)",
        )
    }
}

/// Gated linear units: the function of two inputs of a [`Glu`] kind, by
/// its named method (the same results, bit for bit).
impl Kernels {
    /// `out[i] = activation(gate[i]) * up[i]` for the activation `kind`:
    /// the method of [`Glu::binary`] (`glu(Glu::Silu, ..)` is
    /// [`Kernels::silu_mul`]), with its bounds.
    ///
    /// # Errors
    /// [`Error::BufferLength`] if `gate` or `up` is not as long as `out`;
    /// `out` is then left untouched.
    ///
    /// ```
    /// use actkern::{Glu, Kernels};
    /// let k = Kernels::detect();
    /// let (gate, up) = ([1.0f32, -1.0, 0.0], [2.0f32, 3.0, 4.0]);
    /// let (mut y, mut z) = ([0.0f32; 3], [0.0f32; 3]);
    /// k.glu(Glu::Silu, &gate, &up, &mut y)?;
    /// k.silu_mul(&gate, &up, &mut z)?;
    /// assert_eq!(y, z);
    /// k.glu(Glu::Relu, &gate, &up, &mut y)?;
    /// assert_eq!(y, [2.0, 0.0, 0.0]);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[inline(always)]
    pub fn glu<E: Element>(
        &self,
        kind: Glu,
        gate: &[E],
        up: &[E],
        out: &mut [E],
    ) -> Result<(), Error> {
        match kind {
            Glu::Sigmoid => self.sigmoid_mul(gate, up, out),
            Glu::Silu => self.silu_mul(gate, up, out),
            Glu::Gelu => self.gelu_mul(gate, up, out),
            Glu::GeluTanh => self.gelu_tanh_mul(gate, up, out),
            Glu::Relu => self.relu_mul(gate, up, out),
        }
    }

    /// In-place [`Kernels::glu`]: the results go into `gate`, the same
    /// bits as out of place.
    ///
    /// # Errors
    /// [`Error::BufferLength`] if `up` is not as long as `gate`; `gate` is
    /// then left untouched.
    ///
    /// ```
    /// use actkern::{Glu, Kernels};
    /// let mut gate = [1.0f32, -2.0, 3.0];
    /// Kernels::detect().glu_inplace(Glu::Relu, &mut gate, &[2.0, 2.0, 0.5])?;
    /// assert_eq!(gate, [2.0, 0.0, 1.5]);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[inline(always)]
    pub fn glu_inplace<E: Element>(
        &self,
        kind: Glu,
        gate: &mut [E],
        up: &[E],
    ) -> Result<(), Error> {
        match kind {
            Glu::Sigmoid => self.sigmoid_mul_inplace(gate, up),
            Glu::Silu => self.silu_mul_inplace(gate, up),
            Glu::Gelu => self.gelu_mul_inplace(gate, up),
            Glu::GeluTanh => self.gelu_tanh_mul_inplace(gate, up),
            Glu::Relu => self.relu_mul_inplace(gate, up),
        }
    }

    /// [`Kernels::glu`] on the output of a fused gate-and-up projection:
    /// `input` holds rows of `2 half_len` elements laid out `[gate | up]`,
    /// `output` rows of `half_len`; each output row is, bit for bit, the
    /// out-of-place call on its row's halves.
    ///
    /// # Errors
    /// [`Error::RowLength`] if `half_len` is 0 or `2 half_len` does not
    /// divide `input.len()`, [`Error::BufferLength`] if `output.len()` is
    /// not `input.len() / 2`; `output` is then left untouched.
    ///
    /// ```
    /// use actkern::{Glu, Kernels};
    /// // Two rows of [gate | up], half_len 2.
    /// let x = [1.0f32, -1.0, 2.0, 3.0, 4.0, 0.0, 0.5, 7.0];
    /// let mut y = [0.0f32; 4];
    /// Kernels::detect().glu_rows(Glu::Relu, 2, &x, &mut y)?;
    /// assert_eq!(y, [2.0, 0.0, 2.0, 0.0]);
    /// assert!(Kernels::detect().glu_rows(Glu::Relu, 3, &x, &mut y).is_err());
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[inline(always)]
    pub fn glu_rows<E: Element>(
        &self,
        kind: Glu,
        half_len: usize,
        input: &[E],
        output: &mut [E],
    ) -> Result<(), Error> {
        match kind {
            Glu::Sigmoid => self.sigmoid_mul_rows(half_len, input, output),
            Glu::Silu => self.silu_mul_rows(half_len, input, output),
            Glu::Gelu => self.gelu_mul_rows(half_len, input, output),
            Glu::GeluTanh => self.gelu_tanh_mul_rows(half_len, input, output),
            Glu::Relu => self.relu_mul_rows(half_len, input, output),
        }
    }
}
