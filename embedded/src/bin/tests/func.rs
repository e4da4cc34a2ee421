//! The element-wise functions under test, and the three ways to run them:
//! `actkern::scalar`, and the slice kernels on `Scalar` and `Simd128`.

use actkern::{Backend, Error, Gauss, Kernels, scalar};
use core::fmt;

/// The backends this target runs (Simd256/512 are x86-64 only).
pub const BACKENDS: [Backend; 2] = [Backend::Scalar, Backend::Simd128];

/// A handle on `b`, which must be available on every target.
pub fn kernels(b: Backend) -> Kernels {
    Kernels::new(b).expect("Scalar and Simd128 are available everywhere")
}

/// An element-wise function.
#[derive(Clone, Copy)]
pub enum Func {
    Exp,
    Sigmoid,
    Logit,
    Relu,
    Gauss(Gauss),
}

impl Func {
    /// `actkern::scalar`, one value.
    pub fn scalar(self, x: f32) -> f32 {
        match self {
            Func::Exp => scalar::exp(x),
            Func::Sigmoid => scalar::sigmoid(x),
            Func::Logit => scalar::logit(x),
            Func::Relu => scalar::relu(x),
            Func::Gauss(g) => scalar::gauss(g, x),
        }
    }

    /// The out-of-place slice kernel.
    pub fn run(self, k: &Kernels, x: &[f32], y: &mut [f32]) -> Result<(), Error> {
        match self {
            Func::Exp => k.exp(x, y),
            Func::Sigmoid => k.sigmoid(x, y),
            Func::Logit => k.logit(x, y),
            Func::Relu => k.relu(x, y),
            Func::Gauss(g) => k.gauss(g, x, y),
        }
    }

    /// The in-place slice kernel.
    pub fn inplace(self, k: &Kernels, d: &mut [f32]) {
        match self {
            Func::Exp => k.exp_inplace(d),
            Func::Sigmoid => k.sigmoid_inplace(d),
            Func::Logit => k.logit_inplace(d),
            Func::Relu => k.relu_inplace(d),
            Func::Gauss(g) => k.gauss_inplace(g, d),
        }
    }
}

/// The name, with the parameters of a general Gaussian.
impl fmt::Display for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Func::Exp => f.write_str("exp"),
            Func::Sigmoid => f.write_str("sigmoid"),
            Func::Logit => f.write_str("logit"),
            Func::Relu => f.write_str("relu"),
            Func::Gauss(g) if *g == Gauss::STANDARD => f.write_str("gauss"),
            Func::Gauss(g) => write!(
                f,
                "gauss(mu {:e}, sigma {:e}, a {:e})",
                g.mu(),
                g.sigma(),
                g.amplitude()
            ),
        }
    }
}

/// Bitwise equality, any NaN matching any NaN.
pub fn same(a: f32, b: f32) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// Longest slice [`each_path`] takes.
pub const MAX_PATH_LEN: usize = 32;

/// Runs `f` on `x` (at most [`MAX_PATH_LEN`] values, else panics) by every path —
/// `scalar::`, then out of place and in place on each backend — and calls
/// `check(c, path, i, y_i)` for every result.
pub fn each_path(
    c: &mut actkern_embedded::Check,
    f: Func,
    x: &[f32],
    mut check: impl FnMut(&mut actkern_embedded::Check, &str, usize, f32),
) {
    assert!(x.len() <= MAX_PATH_LEN, "each_path: too many values");
    for (i, &v) in x.iter().enumerate() {
        check(c, "scalar::", i, f.scalar(v));
    }
    for b in BACKENDS {
        let k = kernels(b);
        let mut y = [0.0f32; MAX_PATH_LEN];
        let y = &mut y[..x.len()];
        let r = f.run(&k, x, y);
        c.expect(
            r.is_ok(),
            format_args!("{f} on {b}: {r:?} for equal lengths"),
        );
        let mut d = [0.0f32; MAX_PATH_LEN];
        let d = &mut d[..x.len()];
        d.copy_from_slice(x);
        f.inplace(&k, d);
        for i in 0..x.len() {
            check(c, b.name(), i, y[i]);
            check(
                c,
                if b == Backend::Scalar {
                    "scalar inplace"
                } else {
                    "simd128 inplace"
                },
                i,
                d[i],
            );
        }
    }
}
