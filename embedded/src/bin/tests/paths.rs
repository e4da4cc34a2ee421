//! The ways to run a function: `Kernels::apply` on each backend this target
//! runs, in each tier of `Precision::ALL` (in place too, which must agree
//! bit for bit), and `actkern::scalar::apply` (accurate tier, which must
//! agree bit for bit with `Backend::Scalar`).

use actkern::{Activation, Backend, Kernels, Kind, Precision, scalar};
use actkern_embedded::Check;
use actkern_testkit::check::same;
use core::fmt;

/// The backends this target runs (the wider ones are x86-64 only).
pub const BACKENDS: [Backend; 2] = [Backend::Scalar, Backend::Simd128];

/// Number of [`Path`]s: every backend in every tier, then `scalar::`.
pub const PATHS: usize = BACKENDS.len() * Precision::ALL.len() + 1;

/// One way to run a function.
#[derive(Clone, Copy, PartialEq)]
pub enum Path {
    /// `Kernels::apply` (and `apply_inplace`).
    Kernels(Backend, Precision),
    /// `actkern::scalar::apply`, element by element (a row of one for
    /// row-wise kinds).
    Scalar,
}

impl Path {
    /// Every path, `Kernels` ones backend by backend, then `scalar::`.
    pub fn all() -> [Path; PATHS] {
        let mut p = [Path::Scalar; PATHS];
        let mut i = 0;
        for b in BACKENDS {
            for &t in Precision::ALL {
                p[i] = Path::Kernels(b, t);
                i += 1;
            }
        }
        p
    }

    /// The tier this path runs.
    pub fn precision(self) -> Precision {
        match self {
            Path::Kernels(_, p) => p,
            Path::Scalar => Precision::Accurate,
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Kernels(b, p) => write!(f, "{b} ({p})"),
            Path::Scalar => f.write_str("scalar::apply"),
        }
    }
}

/// A largest error for the tables: 3 decimals, or scientific notation
/// when it is huge (a failure).
pub struct Ulp(pub f64);

impl fmt::Display for Ulp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 1e6 {
            write!(f, "{:.3}", self.0)
        } else {
            write!(f, "{:.3e}", self.0)
        }
    }
}

/// A handle on `b` in tier `p`; `b` is available on every target.
pub fn kernels(b: Backend, p: Precision) -> Kernels {
    Kernels::new(b)
        .expect("Scalar and Simd128 are available everywhere")
        .with_precision(p)
}

/// Runs `a` on `x` by `path` into `y` (same length) and returns true; for
/// `Kernels` paths also in place into `d` (same length), checking that it
/// agrees bit for bit. The `scalar::` path on a row-wise kind only runs
/// one-element rows: false (nothing run) for longer ones.
pub fn run(
    c: &mut Check,
    a: Activation,
    path: Path,
    x: &[f32],
    y: &mut [f32],
    d: &mut [f32],
) -> bool {
    match path {
        Path::Kernels(b, p) => {
            let k = kernels(b, p);
            let r = k.apply(a, x, y);
            c.expect(
                r.is_ok(),
                format_args!("{a:?} on {path}, {} elements: {r:?}", x.len()),
            );
            d.copy_from_slice(x);
            k.apply_inplace(a, d);
            let differ = d.iter().zip(y.iter()).position(|(&u, &v)| !same(u, v));
            c.expect(
                differ.is_none(),
                format_args!(
                    "{a:?} on {path}, {} elements: in place differs from out of place at {differ:?}",
                    x.len()
                ),
            );
            true
        }
        Path::Scalar => {
            if a.spec().kind == Kind::Rowwise && x.len() != 1 {
                return false;
            }
            for (o, &v) in y.iter_mut().zip(x) {
                *o = scalar::apply(a, v);
            }
            true
        }
    }
}

/// Checks the documented promise that `scalar::apply` is bit for bit
/// `Backend::Scalar` in the accurate tier.
pub fn scalar_matches(
    c: &mut Check,
    a: Activation,
    x: &[f32],
    on_scalar: &[f32],
    by_scalar: &[f32],
) {
    let differ = on_scalar
        .iter()
        .zip(by_scalar)
        .position(|(&u, &v)| !same(u, v));
    c.expect(
        differ.is_none(),
        format_args!(
            "{a:?}: scalar::apply({:e}) = {:e}, Backend::Scalar gives {:e}",
            differ.map_or(0.0, |i| x[i]),
            differ.map_or(0.0, |i| by_scalar[i]),
            differ.map_or(0.0, |i| on_scalar[i]),
        ),
    );
}
