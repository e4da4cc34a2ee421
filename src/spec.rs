//! What each function declares about itself: its kind, its bound in each
//! precision tier, its special values and the inputs worth probing. Each
//! kernel file (`src/kernels/<name>.rs`) opens with its [`Declaration`];
//! the public [`Spec`] is built from it. The same data the tests, the
//! exhaustive check, the fuzzers and the firmware suite iterate over,
//! public so that an engine can read the bounds it relies on.

use crate::precision::Precision;

/// Shorthands for the special values of the declarations.
pub(crate) const NAN: f32 = f32::NAN;
pub(crate) const INF: f32 = f32::INFINITY;
pub(crate) const NINF: f32 = f32::NEG_INFINITY;

/// How a function takes its arguments.
///
/// ```
/// use actkern::{Activation, Kind};
/// assert_eq!(Activation::Softmax.spec().kind, Kind::Rowwise);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `y[i] = f(x[i])`.
    Elementwise,
    /// `y[i] = f(p, x[i])` for a parameter set `p` of its own type,
    /// checked when it is built (`Gauss::new`, `LeakyRelu::new`,
    /// `Elu::new`), so that applying it cannot fail.
    /// The tier's `bound` holds for the default parameters,
    /// `bound_any_parameters` for any valid ones.
    Parametric,
    /// A function of a whole row (and of each row of a buffer, with the
    /// `_rows` methods). What the tier's `bound` measures is stated in the
    /// function's docs; a special value is the result for a row of one
    /// element.
    Rowwise,
    /// `y[i] = f(a[i], b[i])`, two inputs; special values are in
    /// [`Spec::pair_specials`].
    Binary,
}

/// One precision tier of one function.
///
/// ```
/// use actkern::{Activation, Precision};
/// let t = Activation::Sigmoid.spec().tier(Precision::Accurate);
/// assert!(t.bound <= 2.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Tier {
    /// Documented maximum error in ULP on every backend (see [`Kind`] for
    /// what it means per kind), verified over all 2^32 inputs for
    /// element-wise functions.
    pub bound: f64,
    /// For [`Kind::Parametric`]: the bound for any valid parameters.
    /// Otherwise equal to `bound`.
    pub bound_any_parameters: f64,
    /// The method, named the way XNNPACK names kernels (reduction, table,
    /// polynomial degree, how the last step is done).
    pub method: &'static str,
    /// True if this tier runs the `Accurate` kernel (bit for bit the same
    /// results): no cheaper method pays for this function yet.
    pub shares_accurate: bool,
}

/// The declaration of one function.
///
/// ```
/// use actkern::Activation;
/// for a in Activation::ALL {
///     let s = a.spec();
///     println!("{}: {} ({:?})", s.name, s.formula, s.kind);
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Spec {
    /// The function's name, as in its method and in `FromStr`.
    pub name: &'static str,
    /// Other spellings `FromStr` takes for it (ASCII case-insensitive):
    /// those of PyTorch, Hugging Face (`ACT2FN`) and ONNX that mean the
    /// same function with the same default parameters, where they differ
    /// from `name` by more than case.
    ///
    /// ```
    /// use actkern::Activation;
    /// assert!(Activation::Silu.spec().aliases.contains(&"swish"));
    /// assert_eq!("SWISH".parse::<Activation>()?, Activation::Silu);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    pub aliases: &'static [&'static str],
    /// How it takes its arguments.
    pub kind: Kind,
    /// What it computes.
    pub formula: &'static str,
    /// The [`Precision::Accurate`] tier.
    pub accurate: Tier,
    /// The [`Precision::Fast`] tier.
    pub fast: Tier,
    /// `(input, result)` pairs fixed by the documented semantics, in every
    /// tier and on every backend, bit for bit (any NaN matches NaN).
    pub specials: &'static [(f32, f32)],
    /// For [`Kind::Binary`]: `(a, b, result)` triples fixed by the
    /// documented semantics, bit for bit. Empty for other kinds.
    pub pair_specials: &'static [(f32, f32, f32)],
    /// Thresholds worth probing densely: where results turn subnormal,
    /// round to 0, 1 or infinity, or change method.
    pub edges: &'static [f32],
    /// The range of inputs where results vary (outside it they are
    /// constant, 0, infinite or NaN): where uniform samples are drawn.
    pub domain: (f32, f32),
    /// Every non-NaN result lies in `[range.0, range.1]` (for the default
    /// parameters), in every tier and on every backend.
    pub range: (f32, f32),
}

impl Tier {
    /// A tier of a kernel of its own, its bound the same for any parameters.
    pub(crate) const fn new(bound: f64, method: &'static str) -> Tier {
        Tier {
            bound,
            bound_any_parameters: bound,
            method,
            shares_accurate: false,
        }
    }

    /// The same tier with a wider bound for parameters other than the
    /// default ones.
    pub(crate) const fn any_parameters(self, bound: f64) -> Tier {
        Tier {
            bound_any_parameters: bound,
            ..self
        }
    }
}

/// What a kernel file declares about its function, field by field: the
/// source of its [`Spec`] and (through `tools/api.py`, which also copies
/// the doc comment above it) of its methods. `fast: None` means the Fast
/// tier runs the Accurate kernel.
pub(crate) struct Declaration {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    pub formula: &'static str,
    pub accurate: Tier,
    pub fast: Option<Tier>,
    pub specials: &'static [(f32, f32)],
    pub pair_specials: &'static [(f32, f32, f32)],
    pub edges: &'static [f32],
    pub domain: (f32, f32),
    pub range: (f32, f32),
}

impl Declaration {
    /// The public form: the Accurate tier marked as such, a missing Fast
    /// tier filled in with the Accurate one.
    pub(crate) const fn spec(&self) -> Spec {
        let accurate = Tier {
            shares_accurate: true,
            ..self.accurate
        };
        Spec {
            name: self.name,
            aliases: self.aliases,
            kind: self.kind,
            formula: self.formula,
            accurate,
            fast: match self.fast {
                Some(t) => t,
                None => accurate,
            },
            specials: self.specials,
            pair_specials: self.pair_specials,
            edges: self.edges,
            domain: self.domain,
            range: self.range,
        }
    }
}

impl Spec {
    /// The tier `p`.
    ///
    /// ```
    /// use actkern::{Activation, Precision};
    /// let s = Activation::Exp.spec();
    /// assert!(s.tier(Precision::Fast).bound >= s.tier(Precision::Accurate).bound);
    /// ```
    pub fn tier(&self, p: Precision) -> &Tier {
        match p {
            Precision::Accurate => &self.accurate,
            Precision::Fast => &self.fast,
        }
    }
}
