//! The public slice methods of [`Kernels`]: length checks, then a job for
//! the dispatch. The maths lives in `src/kernels/`.

use crate::backend::Kernels;
use crate::kernels::softmax::Softmax;
use crate::kernels::{Map, MapInPlace, Unary};
use crate::{Error, Gauss};

#[inline]
fn check(input: &[f32], output: &[f32]) -> Result<(), Error> {
    if input.len() == output.len() {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            input: input.len(),
            output: output.len(),
        })
    }
}

impl Kernels {
    #[inline]
    fn unary<K: Unary>(self, k: K, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
        check(input, output)?;
        self.run(Map { k, input, output });
        Ok(())
    }

    #[inline]
    fn unary_inplace<K: Unary>(self, k: K, data: &mut [f32]) {
        self.run(MapInPlace { k, data });
    }
}

/// Generates `name(&self, input, output)` and `name_inplace(&self, data)`
/// for an element-wise kernel, with shared docs.
macro_rules! unary_methods {
    ($(#[$doc:meta])* $name:ident, $inplace:ident, $kernel:expr) => {
        impl Kernels {
            $(#[$doc])*
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `input.len() != output.len()`;
            /// `output` is then left untouched.
            pub fn $name(&self, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                self.unary($kernel, input, output)
            }

            #[doc = concat!("In-place [`Kernels::", stringify!($name), "`]: `data[i] = ",
                stringify!($name), "(data[i])`. Same results and bounds, bit for bit.")]
            ///
            /// ```
            /// let k = actkern::Kernels::detect();
            /// let mut data = [0.5f32, 1.0, -2.0];
            /// let mut out = [0.0f32; 3];
            #[doc = concat!("k.", stringify!($name), "(&data, &mut out)?;")]
            #[doc = concat!("k.", stringify!($inplace), "(&mut data);")]
            /// assert_eq!(data.map(f32::to_bits), out.map(f32::to_bits));
            /// # Ok::<(), actkern::Error>(())
            /// ```
            pub fn $inplace(&self, data: &mut [f32]) {
                self.unary_inplace($kernel, data)
            }
        }
    };
}

unary_methods!(
    /// `output[i] = e^input[i]`.
    ///
    /// `exp(NaN) = NaN`, `exp(+inf) = +inf`, `exp(-inf) = +0`; `+inf` above
    /// `88.72283`; results below `f32::MIN_POSITIVE` are subnormal (gradual
    /// underflow down to `2^-149`), then `+0` below about `-103.97`.
    ///
    /// Error bound (ULP as in `shared/ULP.md`): **≤ 1.0 on every backend**.
    /// Measured maximum over all 2^32 inputs (`examples/ulp.rs
    /// --exhaustive`, x86-64): scalar 0.883, simd128 0.883, simd256 0.883,
    /// simd512 0.883; aarch64 (every 17th input): scalar and NEON 0.880.
    ///
    /// ```
    /// let k = actkern::Kernels::detect();
    /// let mut y = [0.0f32; 3];
    /// k.exp(&[0.0, 1.0, -200.0], &mut y)?;
    /// assert_eq!(y[0], 1.0);
    /// assert!((y[1] - core::f32::consts::E).abs() <= f32::EPSILON * 3.0);
    /// assert_eq!(y[2], 0.0);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    exp,
    exp_inplace,
    crate::kernels::exp::Exp
);

unary_methods!(
    /// `output[i] = 1 / (1 + e^-input[i])`.
    ///
    /// Output always in `[0, 1]`; `sigmoid(±0) = 0.5`, `sigmoid(+inf) = 1`,
    /// `sigmoid(-inf) = +0`, NaN gives NaN. For very negative inputs the
    /// result is `e^x`, kept down to the subnormals rather than flushed.
    ///
    /// Error bound (ULP as in `shared/ULP.md`): **≤ 2.0 on every backend**,
    /// over the whole real line. Measured maximum over all 2^32 inputs
    /// (x86-64): scalar 1.480, simd128 1.480, simd256 1.480, simd512 1.480;
    /// aarch64 (every 17th input): scalar and NEON 1.458.
    ///
    /// ```
    /// let k = actkern::Kernels::detect();
    /// let mut y = [0.0f32; 3];
    /// k.sigmoid(&[0.0, 100.0, -100.0], &mut y)?;
    /// assert_eq!(y[0], 0.5);
    /// assert_eq!(y[1], 1.0);
    /// assert!(y[2] > 0.0 && y[2] < 1e-43); // e^-100, subnormal
    /// # Ok::<(), actkern::Error>(())
    /// ```
    sigmoid,
    sigmoid_inplace,
    crate::kernels::sigmoid::Sigmoid
);

unary_methods!(
    /// `output[i] = ln(input[i] / (1 - input[i]))`, the inverse of sigmoid.
    ///
    /// `logit(±0) = -inf`, `logit(1) = +inf`, `logit(0.5) = 0`; inputs
    /// outside `[0, 1]`, infinities and NaN give NaN.
    ///
    /// Error bound (ULP as in `shared/ULP.md`): **≤ 2.0 on every backend**
    /// (the naive formula is 65,000 ULP off near 0.5). Measured maximum over
    /// all 2^32 inputs (x86-64): scalar 0.660, simd128 0.660, simd256 0.657,
    /// simd512 0.657; aarch64 (every 17th input): scalar and NEON 0.627.
    ///
    /// ```
    /// let k = actkern::Kernels::detect();
    /// let mut y = [0.0f32; 4];
    /// k.logit(&[0.5, 0.0, 1.0, 2.0], &mut y)?;
    /// assert_eq!(y[0], 0.0);
    /// assert_eq!(y[1], f32::NEG_INFINITY);
    /// assert_eq!(y[2], f32::INFINITY);
    /// assert!(y[3].is_nan());
    /// # Ok::<(), actkern::Error>(())
    /// ```
    logit,
    logit_inplace,
    crate::kernels::logit::Logit
);

unary_methods!(
    /// `output[i] = max(input[i], 0)`, exact.
    ///
    /// `x <= 0` (including `-0.0` and `-inf`) gives `+0.0`; `x > 0` is
    /// returned bit for bit; NaN gives NaN.
    ///
    /// Error bound: exact (0 ULP) on every backend, checked on all 2^32
    /// inputs (`examples/ulp.rs --exhaustive`).
    ///
    /// ```
    /// let k = actkern::Kernels::detect();
    /// let mut y = [1.0f32; 3];
    /// k.relu(&[-0.0, 2.5, -3.0], &mut y)?;
    /// assert_eq!(y.map(f32::to_bits), [0.0f32.to_bits(), 2.5f32.to_bits(), 0]);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    relu,
    relu_inplace,
    crate::kernels::relu::Relu
);

impl Kernels {
    /// `output[i] = g.amplitude * e^(-((input[i] - g.mu) / g.sigma)^2)`.
    ///
    /// NaN gives NaN; `±inf` gives zero with the amplitude's sign; at
    /// `input[i] == mu` the result is the amplitude exactly.
    ///
    /// Error bound (ULP as in `shared/ULP.md`), every backend: **≤ 2.0 for
    /// [`Gauss::STANDARD`]** (`e^(-x^2)`, where the naive form is 64 ULP off
    /// near |x| = 9) and **≤ 3.0 for any parameters**, against the exact
    /// formula on the given `f32` arguments. Measured maximum for
    /// `STANDARD` over all 2^32 inputs (x86-64): scalar 0.886, simd128
    /// 0.886, simd256 0.886, simd512 0.886; aarch64 (every 17th input):
    /// scalar and NEON 0.883. General parameters are tested on dense
    /// samples (`tests/backends.rs`, `gauss::parameters`).
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `input.len() != output.len()`;
    /// `output` is then left untouched.
    ///
    /// ```
    /// use actkern::{Gauss, Kernels};
    /// let k = Kernels::detect();
    /// let g = Gauss::new(2.0, 0.5, 3.0)?;
    /// let mut y = [0.0f32; 2];
    /// k.gauss(g, &[2.0, 2.5], &mut y)?;
    /// assert_eq!(y[0], 3.0);
    /// assert!((y[1] - 3.0 * (-1.0f32).exp()).abs() < 1e-6);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    pub fn gauss(&self, g: Gauss, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
        self.unary(g, input, output)
    }

    /// In-place [`Kernels::gauss`]. Same results and bounds, bit for bit.
    ///
    /// ```
    /// use actkern::{Gauss, Kernels};
    /// let mut data = [0.0f32, 1.0, 2.0];
    /// Kernels::detect().gauss_inplace(Gauss::new(1.0, 1.0, 2.0)?, &mut data);
    /// assert_eq!(data[1], 2.0);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    pub fn gauss_inplace(&self, g: Gauss, data: &mut [f32]) {
        self.unary_inplace(g, data)
    }

    /// Softmax of the whole slice: `output[i] = e^input[i] / sum_j
    /// e^input[j]`, computed stably (the maximum is subtracted first, so any
    /// magnitude works).
    ///
    /// Any NaN or `+inf` in `input` makes every output NaN; `-inf` elements
    /// give 0 (all `-inf` gives all NaN); an empty slice is `Ok`. Outputs
    /// are in `[0, 1]`.
    ///
    /// Error bound (ULP as in `shared/ULP.md`), every backend: each output
    /// within `4 + |x_i - max|` ULP of the exact softmax, and the outputs
    /// sum to 1 within 1e-5, for rows up to 10^5 elements (tested on every
    /// backend, `tests/backends.rs`): the sum is compensated, so its error
    /// does not grow with the length. `x_i - max` is carried exactly, so
    /// in practice the error stays near 2 ULP whatever `|x_i - max|` (the
    /// tour measures 1.9 on rows of 4096 in [-20, 20]).
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `input.len() != output.len()`;
    /// `output` is then left untouched.
    ///
    /// ```
    /// let k = actkern::Kernels::detect();
    /// let mut y = [0.0f32; 4];
    /// k.softmax(&[3.0, 6.0, 13.0, 6.0], &mut y)?;
    /// // the article's example: [4.53e-05, 9.10e-04, 0.998, 9.10e-04]
    /// assert!((y[0] - 4.53e-5).abs() < 1e-7);
    /// assert!((y[1] - 9.10e-4).abs() < 1e-6);
    /// assert!((y[2] - 0.998).abs() < 1e-3);
    /// assert_eq!(y[1], y[3]);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    pub fn softmax(&self, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
        check(input, output)?;
        self.run(Softmax {
            input: Some(input),
            output,
        });
        Ok(())
    }

    /// In-place [`Kernels::softmax`]. Same results and bounds, bit for bit.
    ///
    /// ```
    /// let mut row = [1.0f32, 1.0, 1.0, 1.0];
    /// actkern::Kernels::detect().softmax_inplace(&mut row);
    /// assert_eq!(row, [0.25; 4]);
    /// ```
    pub fn softmax_inplace(&self, data: &mut [f32]) {
        self.run(Softmax {
            input: None,
            output: data,
        });
    }
}
