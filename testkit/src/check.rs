//! A result against its reference and the bound the function table
//! documents ([`actkern::Spec`]): the checks every harness runs.

use crate::reference::{self, RowMetric};
use crate::ulp::{tier_error, ulp_error};
use actkern::{Activation, Binary, Kind, Precision};
use core::fmt;

/// Bitwise equality, any NaN matching any NaN.
pub fn same(a: f32, b: f32) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// Whether `a` carries its function's default parameters (what
/// `FromStr` gives), so that the tier's `bound` applies rather than
/// `bound_any_parameters`.
pub fn is_default(a: Activation) -> bool {
    a.name().parse::<Activation>() == Ok(a)
}

/// The documented bound of `a` in tier `p`, in ULP.
pub fn bound(a: Activation, p: Precision) -> f64 {
    let t = a.spec().tier(p);
    if is_default(a) {
        t.bound
    } else {
        t.bound_any_parameters
    }
}

/// What went wrong with one result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Problem {
    /// The ULP error exceeds the bound.
    Error,
    /// The result is outside the documented output range.
    Range,
    /// The row's outputs do not sum to 1 within 1e-5 (the sum is given).
    Sum(f64),
    /// The harness has no reference for this function.
    NoReference,
}

/// A failed check, with everything needed to reproduce it.
#[derive(Debug, Clone, Copy)]
pub struct Failure {
    /// The function.
    pub activation: Activation,
    /// The tier.
    pub precision: Precision,
    /// The input (of a row: the element's).
    pub x: f32,
    /// The result.
    pub y: f32,
    /// The `f64` reference.
    pub reference: f64,
    /// Its ULP error.
    pub error: f64,
    /// The bound it was held to.
    pub bound: f64,
    /// The element's index in its slice.
    pub index: usize,
    /// Which check failed.
    pub problem: Problem,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Failure {
            activation: a,
            precision: p,
            x,
            y,
            reference: r,
            error: e,
            bound: b,
            index: i,
            problem,
        } = *self;
        write!(
            f,
            "{a:?} ({p}) at x = {x:e} ({:#010x}), element {i}: ",
            x.to_bits()
        )?;
        match problem {
            Problem::Error => write!(f, "{y:e}, reference {r:e}: {e} ULP > bound {b}"),
            Problem::Range => write!(f, "{y:e} outside the documented range {:?}", a.spec().range),
            Problem::Sum(s) => write!(f, "row sums to {s}, not 1 within 1e-5"),
            Problem::NoReference => write!(f, "no reference in actkern-testkit"),
        }
    }
}

/// Checks the results `y` of an element-wise or parametric `a` on inputs
/// `x` (tier `p`): each within the documented bound of the `f64`
/// reference, and (default parameters) within the output range. Returns
/// the largest error.
///
/// # Errors
/// The first failing element.
pub fn elements(a: Activation, p: Precision, x: &[f32], y: &[f32]) -> Result<f64, Failure> {
    let b = bound(a, p);
    let (lo, hi) = a.spec().range;
    let default = is_default(a);
    let mut worst = 0.0f64;
    for (i, (&xi, &yi)) in x.iter().zip(y).enumerate() {
        let fail = |r: f64, e: f64, problem| Failure {
            activation: a,
            precision: p,
            x: xi,
            y: yi,
            reference: r,
            error: e,
            bound: b,
            index: i,
            problem,
        };
        let Some(r) = reference::element(a, xi) else {
            return Err(fail(f64::NAN, f64::NAN, Problem::NoReference));
        };
        let e = tier_error(p, yi, r);
        if e > b || e.is_nan() {
            return Err(fail(r, e, Problem::Error));
        }
        if default && !yi.is_nan() && !(lo..=hi).contains(&yi) {
            return Err(fail(r, e, Problem::Range));
        }
        worst = worst.max(e);
    }
    Ok(worst)
}

/// How far from 1 a finite row's outputs may sum (absolute).
pub const SUM_TOLERANCE: f64 = 1e-5;

/// Checks the results `y` of a row-wise `a` on the row `x` (tier `p`):
/// each output within `bound + |x_i - max|` ULP of the `f64` row function
/// and inside the output range, and a finite row's outputs summing to 1
/// within `1e-5`. `scratch` holds the reference (`x.len()` values at
/// least). Returns the largest error.
///
/// # Errors
/// The first failing element, or the sum.
pub fn row(
    a: Activation,
    p: Precision,
    x: &[f32],
    y: &[f32],
    scratch: &mut [f64],
) -> Result<f64, Failure> {
    let b = bound(a, p);
    let fail = |i: usize, yi: f32, r: f64, e: f64, bound: f64, problem| Failure {
        activation: a,
        precision: p,
        x: x.get(i).copied().unwrap_or(f32::NAN),
        y: yi,
        reference: r,
        error: e,
        bound,
        index: i,
        problem,
    };
    if a.spec().kind != Kind::Rowwise || !reference::row(a, x, scratch) {
        return Err(fail(
            0,
            f32::NAN,
            f64::NAN,
            f64::NAN,
            b,
            Problem::NoReference,
        ));
    }
    let (lo, hi) = a.spec().range;
    let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
    let mut worst = 0.0f64;
    let mut sum = 0.0f64;
    let metric = reference::row_metric(a);
    for (i, (&yi, &r)) in y.iter().zip(scratch.iter()).enumerate() {
        let (e, slack) = match metric {
            RowMetric::Probability => (tier_error(p, yi, r), (x[i] as f64 - m).abs()),
            RowMetric::Log => (log_ulp_error(yi, r), 0.0),
        };
        // The extra allowance only where it is a number: an infinite or
        // NaN `x_i - max` (a `-inf` element, a `+inf` in the row) has an
        // exact reference (0 or NaN), held to the plain bound.
        let bi = if slack.is_finite() { b + slack } else { b };
        if e > bi || e.is_nan() {
            return Err(fail(i, yi, r, e, bi, Problem::Error));
        }
        if !yi.is_nan() && !(lo..=hi).contains(&yi) {
            return Err(fail(i, yi, r, e, bi, Problem::Range));
        }
        worst = worst.max(e);
        sum += match metric {
            RowMetric::Probability => yi as f64,
            RowMetric::Log => libm::pow(core::f64::consts::E, yi as f64),
        };
    }
    let finite = x.iter().all(|v| v.is_finite() || *v == f32::NEG_INFINITY) && m.is_finite();
    if finite && !x.is_empty() && !approx::abs_diff_eq!(sum, 1.0, epsilon = SUM_TOLERANCE) {
        return Err(fail(0, y[0], scratch[0], 0.0, b, Problem::Sum(sum)));
    }
    Ok(worst)
}

/// ULP error in units of `max(|r|, 1)`: the ULP error where `|r| >= 1`,
/// the absolute error in units of 2^-23 (the spacing above 1) below.
pub fn log_ulp_error(y: f32, r: f64) -> f64 {
    if r.is_finite() && r.abs() < 1.0 && y.is_finite() {
        (y as f64 - r).abs() / f32::EPSILON as f64
    } else {
        ulp_error(y, r)
    }
}

/// Checks the results `y` of a function of two inputs `f` on `(a, b)`
/// (tier `p`) against its `f64` reference and documented bound; returns
/// the largest error.
///
/// # Errors
/// A description of the first failing element.
pub fn pairs(f: Binary, p: Precision, a: &[f32], b: &[f32], y: &[f32]) -> Result<f64, PairFailure> {
    let bound = f.spec().tier(p).bound;
    let mut worst = 0.0f64;
    for (i, ((&ai, &bi), &yi)) in a.iter().zip(b).zip(y).enumerate() {
        let r = reference::pair(f, ai, bi).ok_or(PairFailure {
            f,
            p,
            a: ai,
            b: bi,
            y: yi,
            reference: f64::NAN,
            error: f64::NAN,
            bound,
            index: i,
        })?;
        let e = tier_error(p, yi, r);
        if e > bound || e.is_nan() {
            return Err(PairFailure {
                f,
                p,
                a: ai,
                b: bi,
                y: yi,
                reference: r,
                error: e,
                bound,
                index: i,
            });
        }
        worst = worst.max(e);
    }
    Ok(worst)
}

/// A failed check of a function of two inputs.
#[derive(Debug, Clone, Copy)]
pub struct PairFailure {
    /// The function.
    pub f: Binary,
    /// The tier.
    pub p: Precision,
    /// The first input.
    pub a: f32,
    /// The second input.
    pub b: f32,
    /// The result.
    pub y: f32,
    /// The `f64` reference (NaN if there is none).
    pub reference: f64,
    /// Its ULP error.
    pub error: f64,
    /// The bound.
    pub bound: f64,
    /// The element's index.
    pub index: usize,
}

impl fmt::Display for PairFailure {
    fn fmt(&self, fm: &mut fmt::Formatter<'_>) -> fmt::Result {
        let PairFailure {
            f,
            p,
            a,
            b,
            y,
            reference: r,
            error: e,
            bound,
            index,
        } = *self;
        if r.is_nan() && e.is_nan() {
            return write!(fm, "{f} ({p}): no reference in actkern-testkit");
        }
        write!(
            fm,
            "{f} ({p}) at ({a:e}, {b:e}) ({:#010x}, {:#010x}), element {index}: {y:e}, reference {r:e}: {e} ULP > bound {bound}",
            a.to_bits(),
            b.to_bits()
        )
    }
}
