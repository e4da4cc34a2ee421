//! The macro that turns the function table (`src/table.rs`) into the
//! public API: the [`crate::Activation`] enum and its [`crate::Spec`]s,
//! the [`crate::Kernels`] methods and `_inplace` twins, the crate-root free
//! functions and `actkern::scalar`. Nothing here names a function; a new
//! function is one kernel file and one table entry.

/// See the module docs; invoked once, in `src/table.rs`.
macro_rules! declare {
    (
        elementwise {$(
            $(#[$edoc:meta])*
            fn $e:ident, $e_in:ident, $EV:ident {
                formula: $e_formula:literal,
                accurate: $e_acc:expr, $e_acc_bound:literal, $e_acc_method:literal,
                fast: $e_fast:expr, $e_fast_bound:literal, $e_fast_method:literal, shares: $e_shares:literal,
                specials: [$(($e_sx:expr, $e_sy:expr)),* $(,)?],
                edges: [$($e_edge:expr),* $(,)?],
                domain: ($e_lo:expr, $e_hi:expr),
                range: ($e_rlo:expr, $e_rhi:expr),
                example: $e_example:literal,
            }
        )*}
        parametric {$(
            $(#[$pdoc:meta])*
            fn $p:ident, $p_in:ident, $PV:ident($pp:ident: $PT:ty = $p_default:expr) {
                formula: $p_formula:literal,
                accurate: $p_acc:expr, $p_acc_bound:literal, $p_acc_any:literal, $p_acc_method:literal,
                fast: $p_fast:expr, $p_fast_bound:literal, $p_fast_any:literal, $p_fast_method:literal, shares: $p_shares:literal,
                specials: [$(($p_sx:expr, $p_sy:expr)),* $(,)?],
                edges: [$($p_edge:expr),* $(,)?],
                domain: ($p_lo:expr, $p_hi:expr),
                range: ($p_rlo:expr, $p_rhi:expr),
                example: $p_example:literal,
            }
        )*}
        rowwise {$(
            $(#[$rdoc:meta])*
            fn $r:ident, $r_in:ident, $RV:ident {
                formula: $r_formula:literal,
                accurate: $r_acc:path, $r_acc_bound:literal, $r_acc_method:literal,
                fast: $r_fast:path, $r_fast_bound:literal, $r_fast_method:literal, shares: $r_shares:literal,
                specials: [$(($r_sx:expr, $r_sy:expr)),* $(,)?],
                edges: [$($r_edge:expr),* $(,)?],
                domain: ($r_lo:expr, $r_hi:expr),
                range: ($r_rlo:expr, $r_rhi:expr),
                example: $r_example:literal,
            }
        )*}
    ) => {
        /// One function of the table, with its parameters: what
        /// [`Kernels::apply`] runs. Lets an engine pick activations at run
        /// time, e.g. from a model file (`FromStr` takes the function's
        /// name, with default parameters).
        ///
        /// ```
        /// use actkern::{Activation, Kernels};
        /// // e.g. from a model file or the command line:
        /// let name = std::env::args().nth(1).unwrap_or(Activation::ALL[0].to_string());
        /// let act: Activation = name.parse()?;
        /// let mut y = [0.0f32; 2];
        /// Kernels::detect().apply(act, &[0.0, 1.0], &mut y)?;
        /// # Ok::<(), actkern::Error>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[non_exhaustive]
        pub enum Activation {
            $(#[doc = concat!("[`Kernels::", stringify!($e), "`]: ", $e_formula, ".")] $EV,)*
            $(#[doc = concat!("[`Kernels::", stringify!($p), "`]: ", $p_formula, ".")] $PV($PT),)*
            $(#[doc = concat!("[`Kernels::", stringify!($r), "`]: ", $r_formula, ".")] $RV,)*
        }

        impl Activation {
            /// Every function of the table once, parametric ones with their
            /// default parameters.
            ///
            /// ```
            /// for a in actkern::Activation::ALL {
            ///     assert_eq!(a.name().parse::<actkern::Activation>()?, *a);
            /// }
            /// # Ok::<(), actkern::Error>(())
            /// ```
            pub const ALL: &'static [Activation] = &[
                $(Activation::$EV,)* $(Activation::$PV($p_default),)* $(Activation::$RV,)*
            ];

            /// The function's name (its method's name).
            ///
            /// ```
            /// for a in actkern::Activation::ALL {
            ///     assert_eq!(a.name(), a.spec().name);
            /// }
            /// ```
            pub fn name(&self) -> &'static str {
                self.spec().name
            }

            /// The function's declaration: kind, bounds per tier, special
            /// values.
            ///
            /// ```
            /// use actkern::{Activation, Precision};
            /// let b = Activation::Exp.spec().tier(Precision::Accurate).bound;
            /// assert!(b <= 1.0);
            /// ```
            pub fn spec(&self) -> &'static Spec {
                match self {
                    $(Activation::$EV => &Spec {
                        name: stringify!($e),
                        kind: Kind::Elementwise,
                        formula: $e_formula,
                        accurate: Tier { bound: $e_acc_bound, bound_any_parameters: $e_acc_bound, method: $e_acc_method, shares_accurate: true },
                        fast: Tier { bound: $e_fast_bound, bound_any_parameters: $e_fast_bound, method: $e_fast_method, shares_accurate: $e_shares },
                        specials: &[$(($e_sx, $e_sy)),*],
                        edges: &[$($e_edge),*],
                        domain: ($e_lo, $e_hi),
                        range: ($e_rlo, $e_rhi),
                    },)*
                    $(Activation::$PV(_) => &Spec {
                        name: stringify!($p),
                        kind: Kind::Parametric,
                        formula: $p_formula,
                        accurate: Tier { bound: $p_acc_bound, bound_any_parameters: $p_acc_any, method: $p_acc_method, shares_accurate: true },
                        fast: Tier { bound: $p_fast_bound, bound_any_parameters: $p_fast_any, method: $p_fast_method, shares_accurate: $p_shares },
                        specials: &[$(($p_sx, $p_sy)),*],
                        edges: &[$($p_edge),*],
                        domain: ($p_lo, $p_hi),
                        range: ($p_rlo, $p_rhi),
                    },)*
                    $(Activation::$RV => &Spec {
                        name: stringify!($r),
                        kind: Kind::Rowwise,
                        formula: $r_formula,
                        accurate: Tier { bound: $r_acc_bound, bound_any_parameters: $r_acc_bound, method: $r_acc_method, shares_accurate: true },
                        fast: Tier { bound: $r_fast_bound, bound_any_parameters: $r_fast_bound, method: $r_fast_method, shares_accurate: $r_shares },
                        specials: &[$(($r_sx, $r_sy)),*],
                        edges: &[$($r_edge),*],
                        domain: ($r_lo, $r_hi),
                        range: ($r_rlo, $r_rhi),
                    },)*
                }
            }
        }

        impl core::fmt::Display for Activation {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl core::str::FromStr for Activation {
            type Err = Error;
            /// A function's name, ASCII case-insensitive and trimmed;
            /// parametric functions get their default parameters.
            ///
            /// # Errors
            /// [`Error::UnknownName`] for a name not in the table.
            fn from_str(s: &str) -> Result<Activation, Error> {
                crate::error::parse_name(
                    Activation::ALL,
                    |a| a.spec().name,
                    s,
                    "activation",
                    concat!($(stringify!($e), " ",)* $(stringify!($p), " ",)* $(stringify!($r), " ",)* "(Activation::ALL)"),
                )
            }
        }

        #[inline]
        fn check_lengths(input: &[f32], output: &[f32]) -> Result<(), Error> {
            if input.len() == output.len() {
                Ok(())
            } else {
                Err(Error::LengthMismatch { input: input.len(), output: output.len() })
            }
        }

        impl Kernels {
            /// `output[i] = a(input[i])` for element-wise and parametric
            /// activations, the row function of the whole slice for
            /// row-wise ones: the same results, bit for bit, as the named
            /// method.
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `input.len() != output.len()`;
            /// `output` is then left untouched.
            ///
            /// ```
            /// use actkern::{Activation, Kernels};
            /// let k = Kernels::detect();
            /// let mut y = [0.0f32; 3];
            /// for a in Activation::ALL {
            ///     k.apply(*a, &[0.25, 0.5, 0.75], &mut y)?;
            /// }
            /// # Ok::<(), actkern::Error>(())
            /// ```
            ///
            /// Always inlined, so that with a constant `a` only that
            /// function's kernel is compiled in (as with the named method);
            /// with a run-time `a` each call site holds every kernel, so
            /// dispatch from one place of your own.
            #[inline(always)]
            pub fn apply(&self, a: Activation, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                check_lengths(input, output)?;
                self.run_activation(a, Io::Out(input, output));
                Ok(())
            }

            /// In-place [`Kernels::apply`]: the same results, bit for bit.
            ///
            /// # Errors
            /// None today; a parametric activation whose parameters are
            /// checked per call would return [`Error::InvalidParameter`].
            ///
            /// ```
            /// use actkern::{Activation, Kernels};
            /// let mut d = [1.0f32, 2.0, 3.0];
            /// Kernels::detect().apply_inplace(Activation::Softmax, &mut d)?;
            /// assert!((d.iter().sum::<f32>() - 1.0).abs() < 1e-6);
            /// # Ok::<(), actkern::Error>(())
            /// ```
            #[inline(always)]
            pub fn apply_inplace(&self, a: Activation, data: &mut [f32]) -> Result<(), Error> {
                self.run_activation(a, Io::InPlace(data));
                Ok(())
            }

            /// The one place that maps a function to its kernel per tier.
            #[inline(always)]
            fn run_activation(self, a: Activation, io: Io<'_>) {
                match a {
                    $(Activation::$EV => self.run_unary($e_acc, $e_fast, io),)*
                    $(Activation::$PV($pp) => self.run_unary($p_acc, $p_fast, io),)*
                    $(Activation::$RV => match self.precision() {
                        Precision::Accurate => self.run($r_acc(io)),
                        Precision::Fast => self.run($r_fast(io)),
                    },)*
                }
            }

            $(
                $(#[$edoc])*
                ///
                #[doc = concat!("Error bound in ULP ([`crate::Spec`]; measured maxima in the crate-level table): **accurate ≤ ", stringify!($e_acc_bound), ", fast ≤ ", stringify!($e_fast_bound), "** on every backend.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if `input.len() != output.len()`;
                /// `output` is then left untouched.
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let x = ", $e_example, ";")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("k.", stringify!($e), "(&x, &mut y)?;")]
                #[doc = concat!("assert!(k.", stringify!($e), "(&x, &mut y[..2]).is_err());")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                pub fn $e(&self, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    check_lengths(input, output)?;
                    self.run_activation(Activation::$EV, Io::Out(input, output));
                    Ok(())
                }

                #[doc = concat!("In-place [`Kernels::", stringify!($e), "`]: the same results and bounds, bit for bit.")]
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let mut data = ", $e_example, ";")]
                /// let mut out = [0.0f32; 3];
                #[doc = concat!("k.", stringify!($e), "(&data, &mut out)?;")]
                #[doc = concat!("k.", stringify!($e_in), "(&mut data);")]
                /// assert_eq!(data.map(f32::to_bits), out.map(f32::to_bits));
                /// # Ok::<(), actkern::Error>(())
                /// ```
                pub fn $e_in(&self, data: &mut [f32]) {
                    self.run_activation(Activation::$EV, Io::InPlace(data));
                }
            )*

            $(
                $(#[$pdoc])*
                ///
                #[doc = concat!("Error bound in ULP ([`crate::Spec`]; measured maxima in the crate-level table), on every backend: **accurate ≤ ", stringify!($p_acc_bound), " for the default parameters, ≤ ", stringify!($p_acc_any), " for any; fast ≤ ", stringify!($p_fast_bound), " and ", stringify!($p_fast_any), "**.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if `input.len() != output.len()`;
                /// `output` is then left untouched.
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let x = ", $p_example, ";")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("k.", stringify!($p), "(", stringify!($p_default), ", &x, &mut y)?;")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                pub fn $p(&self, $pp: $PT, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    check_lengths(input, output)?;
                    self.run_activation(Activation::$PV($pp), Io::Out(input, output));
                    Ok(())
                }

                #[doc = concat!("In-place [`Kernels::", stringify!($p), "`]: the same results and bounds, bit for bit.")]
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let mut data = ", $p_example, ";")]
                #[doc = concat!("k.", stringify!($p_in), "(", stringify!($p_default), ", &mut data);")]
                /// ```
                pub fn $p_in(&self, $pp: $PT, data: &mut [f32]) {
                    self.run_activation(Activation::$PV($pp), Io::InPlace(data));
                }
            )*

            $(
                $(#[$rdoc])*
                ///
                #[doc = concat!("Error bound in ULP ([`crate::Spec`], [`crate::Kind::Rowwise`]), on every backend: **each output within ", stringify!($r_acc_bound), " + |x_i - max| (accurate), ", stringify!($r_fast_bound), " + |x_i - max| (fast)**, outputs summing to 1 within 1e-5.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if `input.len() != output.len()`;
                /// `output` is then left untouched.
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let x = ", $r_example, ";")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("k.", stringify!($r), "(&x, &mut y)?;")]
                #[doc = concat!("assert!(k.", stringify!($r), "(&x, &mut y[..2]).is_err());")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                pub fn $r(&self, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    check_lengths(input, output)?;
                    self.run_activation(Activation::$RV, Io::Out(input, output));
                    Ok(())
                }

                #[doc = concat!("In-place [`Kernels::", stringify!($r), "`]: the same results and bounds, bit for bit.")]
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let mut data = ", $r_example, ";")]
                /// let mut out = [0.0f32; 3];
                #[doc = concat!("k.", stringify!($r), "(&data, &mut out)?;")]
                #[doc = concat!("k.", stringify!($r_in), "(&mut data);")]
                /// assert_eq!(data.map(f32::to_bits), out.map(f32::to_bits));
                /// # Ok::<(), actkern::Error>(())
                /// ```
                pub fn $r_in(&self, data: &mut [f32]) {
                    self.run_activation(Activation::$RV, Io::InPlace(data));
                }
            )*
        }

        /// The crate-root free functions: each runs on [`Kernels::detect()`].
        pub mod free {
            use super::*;
            $(
                #[doc = concat!("[`Kernels::", stringify!($e), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if the lengths differ; nothing is written.
                ///
                /// ```
                #[doc = concat!("let x = ", $e_example, ";")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("actkern::", stringify!($e), "(&x, &mut y)?;")]
                /// let mut z = [0.0f32; 3];
                #[doc = concat!("actkern::Kernels::detect().", stringify!($e), "(&x, &mut z)?;")]
                /// assert_eq!(y.map(f32::to_bits), z.map(f32::to_bits));
                /// # Ok::<(), actkern::Error>(())
                /// ```
                pub fn $e(input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$e(input, output)
                }
                #[doc = concat!("[`Kernels::", stringify!($e_in), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// ```
                #[doc = concat!("let mut data = ", $e_example, ";")]
                #[doc = concat!("actkern::", stringify!($e_in), "(&mut data);")]
                /// ```
                pub fn $e_in(data: &mut [f32]) {
                    Kernels::detect().$e_in(data)
                }
            )*
            $(
                #[doc = concat!("[`Kernels::", stringify!($p), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if the lengths differ; nothing is written.
                ///
                /// ```
                #[doc = concat!("let x = ", $p_example, ";")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("actkern::", stringify!($p), "(", stringify!($p_default), ", &x, &mut y)?;")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                pub fn $p($pp: $PT, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$p($pp, input, output)
                }
                #[doc = concat!("[`Kernels::", stringify!($p_in), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// ```
                #[doc = concat!("let mut data = ", $p_example, ";")]
                #[doc = concat!("actkern::", stringify!($p_in), "(", stringify!($p_default), ", &mut data);")]
                /// ```
                pub fn $p_in($pp: $PT, data: &mut [f32]) {
                    Kernels::detect().$p_in($pp, data)
                }
            )*
            $(
                #[doc = concat!("[`Kernels::", stringify!($r), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if the lengths differ; nothing is written.
                ///
                /// ```
                #[doc = concat!("let x = ", $r_example, ";")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("actkern::", stringify!($r), "(&x, &mut y)?;")]
                /// let mut z = [0.0f32; 3];
                #[doc = concat!("actkern::Kernels::detect().", stringify!($r), "(&x, &mut z)?;")]
                /// assert_eq!(y.map(f32::to_bits), z.map(f32::to_bits));
                /// # Ok::<(), actkern::Error>(())
                /// ```
                pub fn $r(input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$r(input, output)
                }
                #[doc = concat!("[`Kernels::", stringify!($r_in), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// ```
                #[doc = concat!("let mut data = ", $r_example, ";")]
                #[doc = concat!("actkern::", stringify!($r_in), "(&mut data);")]
                /// ```
                pub fn $r_in(data: &mut [f32]) {
                    Kernels::detect().$r_in(data)
                }
            )*
        }

        /// One value at a time, for firmware control loops and other
        /// scalar code.
        ///
        /// These are the generic kernels of the [`Precision::Accurate`]
        /// tier instantiated for one `f32` lane, so results are bit for bit
        /// those of [`Backend::Scalar`](crate::Backend::Scalar) and the
        /// error bounds are the accurate ones.
        ///
        /// ```
        /// use actkern::{Activation, scalar};
        /// for a in Activation::ALL {
        ///     let _ = scalar::apply(*a, 0.5);
        /// }
        /// ```
        pub mod scalar {
            use super::*;
            $(
                #[doc = concat!("[`Kernels::", stringify!($e), "`] of one value: ", $e_formula, ".")]
                ///
                /// ```
                #[doc = concat!("for x in ", $e_example, " {")]
                #[doc = concat!("    let _ = actkern::scalar::", stringify!($e), "(x);")]
                /// }
                /// ```
                #[inline]
                pub fn $e(x: f32) -> f32 {
                    crate::kernels::Unary::eval($e_acc, x)
                }
            )*
            $(
                #[doc = concat!("[`Kernels::", stringify!($p), "`] of one value: ", $p_formula, ".")]
                ///
                /// ```
                #[doc = concat!("for x in ", $p_example, " {")]
                #[doc = concat!("    let _ = actkern::scalar::", stringify!($p), "(", stringify!($p_default), ", x);")]
                /// }
                /// ```
                #[inline]
                pub fn $p($pp: $PT, x: f32) -> f32 {
                    crate::kernels::Unary::eval($p_acc, x)
                }
            )*

            /// Any activation of one value, in the accurate tier: element-wise
            /// and parametric ones as their `scalar::` function, row-wise
            /// ones as the row of this one element (for the normalised
            /// exponential: 1 for a finite `x`, NaN otherwise).
            ///
            /// ```
            /// use actkern::{Activation, scalar};
            /// assert_eq!(scalar::apply(Activation::Sigmoid, 0.0), 0.5);
            /// assert_eq!(scalar::apply(Activation::Softmax, -3.0), 1.0);
            /// ```
            #[inline(always)]
            pub fn apply(a: Activation, x: f32) -> f32 {
                let mut one = [x];
                match a {
                    $(Activation::$EV => return $e(x),)*
                    $(Activation::$PV($pp) => return $p($pp, x),)*
                    _ => {}
                }
                // Row-wise: a row of one on the Scalar backend (always
                // available: `new` cannot fail for it).
                if let Ok(k) = Kernels::new(crate::Backend::Scalar) {
                    k.run_activation(a, Io::InPlace(&mut one));
                }
                one[0]
            }
        }
    };
}

pub(crate) use declare;
