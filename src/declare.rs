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
                check: $p_check:expr,
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
            fn $r:ident, $r_in:ident, $r_rows:ident, $r_rows_in:ident, $RV:ident {
                formula: $r_formula:literal,
                metric: $r_metric:literal,
                accurate: $r_acc:expr, $r_acc_bound:literal, $r_acc_method:literal,
                fast: $r_fast:expr, $r_fast_bound:literal, $r_fast_method:literal, shares: $r_shares:literal,
                specials: [$(($r_sx:expr, $r_sy:expr)),* $(,)?],
                edges: [$($r_edge:expr),* $(,)?],
                domain: ($r_lo:expr, $r_hi:expr),
                range: ($r_rlo:expr, $r_rhi:expr),
                example: $r_example:literal,
            }
        )*}
        binary {$(
            $(#[$bdoc:meta])*
            fn $b:ident, $BV:ident {
                formula: $b_formula:literal,
                accurate: $b_acc:expr, $b_acc_bound:literal, $b_acc_method:literal,
                fast: $b_fast:expr, $b_fast_bound:literal, $b_fast_method:literal, shares: $b_shares:literal,
                specials: [$(($b_sa:expr, $b_sb:expr, $b_sy:expr)),* $(,)?],
                edges: [$($b_edge:expr),* $(,)?],
                domain: ($b_lo:expr, $b_hi:expr),
                range: ($b_rlo:expr, $b_rhi:expr),
                example: $b_example_a:literal, $b_example_b:literal,
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
                        pair_specials: &[],
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
                        pair_specials: &[],
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
                        pair_specials: &[],
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

        /// A function of two inputs, `y[i] = f(a[i], b[i])`: what
        /// [`Kernels::apply_binary`] runs.
        ///
        /// ```
        /// use actkern::Binary;
        /// for f in Binary::ALL {
        ///     assert_eq!(f.name().parse::<Binary>()?, *f);
        /// }
        /// # Ok::<(), actkern::Error>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Binary {
            $(#[doc = concat!("[`Kernels::", stringify!($b), "`]: ", $b_formula, ".")] $BV,)*
        }

        impl Binary {
            /// Every function of two inputs in the table.
            pub const ALL: &'static [Binary] = &[$(Binary::$BV,)*];

            /// The function's name (its method's name).
            ///
            /// ```
            /// for f in actkern::Binary::ALL {
            ///     assert_eq!(f.name(), f.spec().name);
            /// }
            /// ```
            pub fn name(&self) -> &'static str {
                self.spec().name
            }

            /// The function's declaration ([`Kind::Binary`]; its special
            /// values are in [`Spec::pair_specials`]).
            pub fn spec(&self) -> &'static Spec {
                match self {
                    $(Binary::$BV => &Spec {
                        name: stringify!($b),
                        kind: Kind::Binary,
                        formula: $b_formula,
                        accurate: Tier { bound: $b_acc_bound, bound_any_parameters: $b_acc_bound, method: $b_acc_method, shares_accurate: true },
                        fast: Tier { bound: $b_fast_bound, bound_any_parameters: $b_fast_bound, method: $b_fast_method, shares_accurate: $b_shares },
                        specials: &[],
                        pair_specials: &[$(($b_sa, $b_sb, $b_sy)),*],
                        edges: &[$($b_edge),*],
                        domain: ($b_lo, $b_hi),
                        range: ($b_rlo, $b_rhi),
                    },)*
                }
            }
        }

        impl core::fmt::Display for Binary {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl core::str::FromStr for Binary {
            type Err = Error;
            /// A function's name, ASCII case-insensitive and trimmed.
            ///
            /// # Errors
            /// [`Error::UnknownName`] for a name not in the table.
            fn from_str(s: &str) -> Result<Binary, Error> {
                crate::error::parse_name(
                    Binary::ALL,
                    |f| f.spec().name,
                    s,
                    "binary function",
                    concat!($(stringify!($b), " ",)* "(Binary::ALL)"),
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

        #[inline]
        fn check_rows(len: usize, row_len: usize) -> Result<(), Error> {
            if row_len != 0 && len % row_len == 0 {
                Ok(())
            } else {
                Err(Error::RowLength { len, row_len })
            }
        }

        /// The parameters of a parametric activation, checked per call.
        #[inline]
        #[allow(unused_variables)] // parameter sets checked when built
        fn check_params(a: Activation) -> Result<(), Error> {
            match a {
                $(Activation::$PV($pp) => $p_check,)*
                _ => Ok(()),
            }
        }

        impl Kernels {
            /// `output[i] = a(input[i])` for element-wise and parametric
            /// activations, the row function of the whole slice for
            /// row-wise ones: the same results, bit for bit, as the named
            /// method.
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `input.len() != output.len()`,
            /// [`Error::InvalidParameter`] if `a`'s parameters are invalid
            /// (a non-finite slope, ...); `output` is then left untouched.
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
                check_params(a)?;
                self.run_activation(a, Io::Out(input, output));
                Ok(())
            }

            /// In-place [`Kernels::apply`]: the same results, bit for bit.
            ///
            /// # Errors
            /// [`Error::InvalidParameter`] if `a`'s parameters are invalid;
            /// `data` is then left untouched.
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
                check_params(a)?;
                self.run_activation(a, Io::InPlace(data));
                Ok(())
            }

            /// [`Kernels::apply`] on each row of `row_len` elements of a
            /// row-major buffer: the `_rows` method of a row-wise function
            /// (bit for bit), and for the others the same as
            /// [`Kernels::apply`] (rows make no difference to them).
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `input.len() != output.len()`,
            /// [`Error::RowLength`] if `row_len` is 0 or does not divide
            /// the length, [`Error::InvalidParameter`] for invalid
            /// parameters; `output` is then left untouched.
            ///
            /// ```
            /// use actkern::{Activation, Kernels};
            /// let mut y = [0.0f32; 4];
            /// Kernels::detect().apply_rows(Activation::Softmax, 2, &[1.0, 2.0, 1.0, 2.0], &mut y)?;
            /// assert_eq!(y[..2], y[2..]);
            /// # Ok::<(), actkern::Error>(())
            /// ```
            #[inline(always)]
            pub fn apply_rows(&self, a: Activation, row_len: usize, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                check_lengths(input, output)?;
                check_rows(input.len(), row_len)?;
                check_params(a)?;
                let io = Io::Out(input, output);
                match a {
                    $(Activation::$RV => self.run_rows($r_acc, $r_fast, io, row_len),)*
                    _ => self.run_activation(a, io),
                }
                Ok(())
            }

            /// In-place [`Kernels::apply_rows`]: the same results, bit for bit.
            ///
            /// # Errors
            /// [`Error::RowLength`] if `row_len` is 0 or does not divide
            /// the length, [`Error::InvalidParameter`] for invalid
            /// parameters; `data` is then left untouched.
            ///
            /// ```
            /// use actkern::{Activation, Kernels};
            /// let mut d = [1.0f32, 2.0, 1.0, 2.0];
            /// Kernels::detect().apply_rows_inplace(Activation::LogSoftmax, 2, &mut d)?;
            /// assert_eq!(d[..2], d[2..]);
            /// # Ok::<(), actkern::Error>(())
            /// ```
            #[inline(always)]
            pub fn apply_rows_inplace(&self, a: Activation, row_len: usize, data: &mut [f32]) -> Result<(), Error> {
                check_rows(data.len(), row_len)?;
                check_params(a)?;
                let io = Io::InPlace(data);
                match a {
                    $(Activation::$RV => self.run_rows($r_acc, $r_fast, io, row_len),)*
                    _ => self.run_activation(a, io),
                }
                Ok(())
            }

            /// The one place that maps a function to its kernel per tier.
            #[inline(always)]
            fn run_activation(self, a: Activation, io: Io<'_>) {
                match a {
                    $(Activation::$EV => self.run_unary($e_acc, $e_fast, io),)*
                    $(Activation::$PV($pp) => self.run_unary($p_acc, $p_fast, io),)*
                    $(Activation::$RV => {
                        let row_len = io.input().len();
                        self.run_rows($r_acc, $r_fast, io, row_len)
                    })*
                }
            }

            /// The row function of this handle's tier on each `row_len`
            /// elements of `io` (a length the caller checked).
            #[inline(always)]
            fn run_rows<A: crate::kernels::Row, F: crate::kernels::Row>(self, accurate: A, fast: F, io: Io<'_>, row_len: usize) {
                let masked = self.masked_rows();
                match self.precision() {
                    Precision::Accurate => self.run(crate::kernels::Rows { r: accurate, io, row_len, masked }),
                    Precision::Fast => self.run(crate::kernels::Rows { r: fast, io, row_len, masked }),
                }
            }

            $(
                $(#[$edoc])*
                ///
                #[doc = concat!("Error bound in ULP ([`crate::Spec`]; measured maxima in the crate-level table): **accurate ≤ ", stringify!($e_acc_bound), ", fast ≤ ", stringify!($e_fast_bound), "** on every backend (the Fast tier's error is absolute where the result is below 2^-21: [`crate::Precision::Fast`]).")]
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
                #[inline]
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
                #[inline]
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
                /// [`Error::LengthMismatch`] if `input.len() != output.len()`,
                #[doc = concat!("[`Error::InvalidParameter`] if `", stringify!($pp), "` is invalid;")]
                /// `output` is then left untouched.
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let x = ", $p_example, ";")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("k.", stringify!($p), "(", stringify!($p_default), ", &x, &mut y)?;")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $p(&self, $pp: $PT, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    self.apply(Activation::$PV($pp), input, output)
                }

                #[doc = concat!("In-place [`Kernels::", stringify!($p), "`]: the same results and bounds, bit for bit.")]
                ///
                /// # Errors
                #[doc = concat!("[`Error::InvalidParameter`] if `", stringify!($pp), "` is invalid; `data` is then left untouched.")]
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let mut data = ", $p_example, ";")]
                #[doc = concat!("k.", stringify!($p_in), "(", stringify!($p_default), ", &mut data)?;")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $p_in(&self, $pp: $PT, data: &mut [f32]) -> Result<(), Error> {
                    self.apply_inplace(Activation::$PV($pp), data)
                }
            )*

            $(
                $(#[$rdoc])*
                ///
                #[doc = concat!("Error bound ([`crate::Spec`], [`crate::Kind::Rowwise`]), on every backend: **accurate ", stringify!($r_acc_bound), ", fast ", stringify!($r_fast_bound), "**, ", $r_metric, ".")]
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
                #[inline]
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
                #[inline]
                pub fn $r_in(&self, data: &mut [f32]) {
                    self.run_activation(Activation::$RV, Io::InPlace(data));
                }

                #[doc = concat!("[`Kernels::", stringify!($r), "`] of each row of a row-major buffer: rows of `row_len` elements, each normalised on its own (the same results, bit for bit, as one call per row). What a batch of logits `[rows, row_len]` needs.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if `input.len() != output.len()`,
                /// [`Error::RowLength`] if `row_len` is 0 or does not divide
                /// the length; `output` is then left untouched.
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                /// let x = [1.0f32, 2.0, 3.0, 1.0, 2.0, 3.0];
                /// let mut y = [0.0f32; 6];
                #[doc = concat!("k.", stringify!($r_rows), "(3, &x, &mut y)?;")]
                /// assert_eq!(y[..3], y[3..]);
                #[doc = concat!("assert!(k.", stringify!($r_rows), "(4, &x, &mut y).is_err());")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $r_rows(&self, row_len: usize, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    check_lengths(input, output)?;
                    check_rows(input.len(), row_len)?;
                    self.run_rows($r_acc, $r_fast, Io::Out(input, output), row_len);
                    Ok(())
                }

                #[doc = concat!("In-place [`Kernels::", stringify!($r_rows), "`]: the same results, bit for bit.")]
                ///
                /// # Errors
                /// [`Error::RowLength`] if `row_len` is 0 or does not divide
                /// the length; `data` is then left untouched.
                ///
                /// ```
                /// let mut d = [0.0f32, 0.0, 5.0, 5.0];
                #[doc = concat!("actkern::Kernels::detect().", stringify!($r_rows_in), "(2, &mut d)?;")]
                /// assert_eq!(d[..2], d[2..]);
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $r_rows_in(&self, row_len: usize, data: &mut [f32]) -> Result<(), Error> {
                    check_rows(data.len(), row_len)?;
                    self.run_rows($r_acc, $r_fast, Io::InPlace(data), row_len);
                    Ok(())
                }
            )*

            /// `output[i] = f(a[i], b[i])` for a function of two inputs
            /// chosen at run time: the same results, bit for bit, as the
            /// named method.
            ///
            /// # Errors
            /// [`Error::LengthMismatch`] if `a` or `b` is not as long as
            /// `output`; `output` is then left untouched.
            ///
            /// ```
            /// use actkern::{Binary, Kernels};
            /// let mut y = [0.0f32; 2];
            /// for f in Binary::ALL {
            ///     Kernels::detect().apply_binary(*f, &[1.0, -1.0], &[2.0, 3.0], &mut y)?;
            /// }
            /// # Ok::<(), actkern::Error>(())
            /// ```
            #[inline(always)]
            pub fn apply_binary(&self, f: Binary, a: &[f32], b: &[f32], output: &mut [f32]) -> Result<(), Error> {
                check_lengths(a, output)?;
                check_lengths(b, output)?;
                match (f, self.precision()) {
                    $(
                        (Binary::$BV, Precision::Accurate) => self.run(crate::kernels::Apply2 { k: $b_acc, a, b, out: output }),
                        (Binary::$BV, Precision::Fast) => self.run(crate::kernels::Apply2 { k: $b_fast, a, b, out: output }),
                    )*
                }
                Ok(())
            }

            $(
                $(#[$bdoc])*
                ///
                #[doc = concat!("Error bound in ULP ([`crate::Spec`]), on every backend: **accurate ≤ ", stringify!($b_acc_bound), ", fast ≤ ", stringify!($b_fast_bound), "**.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if an input is not as long as
                /// `output`; `output` is then left untouched.
                ///
                /// ```
                /// let k = actkern::Kernels::detect();
                #[doc = concat!("let (a, b) = (", $b_example_a, ", ", $b_example_b, ");")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("k.", stringify!($b), "(&a, &b, &mut y)?;")]
                #[doc = concat!("assert!(k.", stringify!($b), "(&a, &b[..2], &mut y).is_err());")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $b(&self, a: &[f32], b: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    self.apply_binary(Binary::$BV, a, b, output)
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
                #[inline]
                pub fn $e(input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$e(input, output)
                }
                #[doc = concat!("[`Kernels::", stringify!($e_in), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// ```
                #[doc = concat!("let mut data = ", $e_example, ";")]
                #[doc = concat!("actkern::", stringify!($e_in), "(&mut data);")]
                /// ```
                #[inline]
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
                #[inline]
                pub fn $p($pp: $PT, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$p($pp, input, output)
                }
                #[doc = concat!("[`Kernels::", stringify!($p_in), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// # Errors
                #[doc = concat!("[`Error::InvalidParameter`] if `", stringify!($pp), "` is invalid; nothing is written.")]
                ///
                /// ```
                #[doc = concat!("let mut data = ", $p_example, ";")]
                #[doc = concat!("actkern::", stringify!($p_in), "(", stringify!($p_default), ", &mut data)?;")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $p_in($pp: $PT, data: &mut [f32]) -> Result<(), Error> {
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
                #[inline]
                pub fn $r(input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$r(input, output)
                }
                #[doc = concat!("[`Kernels::", stringify!($r_in), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// ```
                #[doc = concat!("let mut data = ", $r_example, ";")]
                #[doc = concat!("actkern::", stringify!($r_in), "(&mut data);")]
                /// ```
                #[inline]
                pub fn $r_in(data: &mut [f32]) {
                    Kernels::detect().$r_in(data)
                }
                #[doc = concat!("[`Kernels::", stringify!($r_rows), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if the lengths differ,
                /// [`Error::RowLength`] if `row_len` is 0 or does not divide
                /// them; nothing is written.
                ///
                /// ```
                /// let mut y = [0.0f32; 4];
                #[doc = concat!("actkern::", stringify!($r_rows), "(2, &[1.0, 2.0, 3.0, 4.0], &mut y)?;")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $r_rows(row_len: usize, input: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$r_rows(row_len, input, output)
                }
                #[doc = concat!("[`Kernels::", stringify!($r_rows_in), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// # Errors
                /// [`Error::RowLength`] if `row_len` is 0 or does not divide
                /// the length; nothing is written.
                ///
                /// ```
                /// let mut d = [1.0f32, 2.0, 3.0, 4.0];
                #[doc = concat!("actkern::", stringify!($r_rows_in), "(2, &mut d)?;")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $r_rows_in(row_len: usize, data: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$r_rows_in(row_len, data)
                }
            )*
            $(
                #[doc = concat!("[`Kernels::", stringify!($b), "`] on [`Kernels::detect()`]: the same semantics and bounds.")]
                ///
                /// # Errors
                /// [`Error::LengthMismatch`] if an input is not as long as
                /// `output`; nothing is written.
                ///
                /// ```
                #[doc = concat!("let (a, b) = (", $b_example_a, ", ", $b_example_b, ");")]
                /// let mut y = [0.0f32; 3];
                #[doc = concat!("actkern::", stringify!($b), "(&a, &b, &mut y)?;")]
                /// # Ok::<(), actkern::Error>(())
                /// ```
                #[inline]
                pub fn $b(a: &[f32], b: &[f32], output: &mut [f32]) -> Result<(), Error> {
                    Kernels::detect().$b(a, b, output)
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

            $(
                #[doc = concat!("[`Kernels::", stringify!($b), "`] of one pair: ", $b_formula, ".")]
                ///
                /// ```
                #[doc = concat!("let _ = actkern::scalar::", stringify!($b), "(1.0, 2.0);")]
                /// ```
                #[inline]
                pub fn $b(a: f32, b: f32) -> f32 {
                    crate::kernels::Binary::eval($b_acc, a, b)
                }
            )*

            /// Any function of two inputs on one pair, in the accurate tier.
            ///
            /// ```
            /// use actkern::{Binary, scalar};
            /// for f in Binary::ALL {
            ///     let _ = scalar::apply_binary(*f, 1.0, 2.0);
            /// }
            /// ```
            #[inline(always)]
            pub fn apply_binary(f: Binary, a: f32, b: f32) -> f32 {
                match f {
                    $(Binary::$BV => $b(a, b),)*
                }
            }

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
