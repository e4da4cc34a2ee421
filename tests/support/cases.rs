//! The element-wise functions under test: one entry per function, shared by
//! the test suite and the `ulp`/`tour` examples. Adding a kernel means one
//! line in `UNARY`.

use super::reference as r;
use actkern::{Backend, Error, Gauss, Kernels};

type Run = fn(&Kernels, &[f32], &mut [f32]) -> Result<(), Error>;
type RunInPlace = fn(&Kernels, &mut [f32]);

/// An element-wise function: how to run it, its f64 reference and its
/// documented bound per backend (ULP, `shared/ULP.md`).
#[derive(Clone, Copy)]
pub struct Unary {
    pub name: &'static str,
    pub run: Run,
    pub inplace: RunInPlace,
    pub scalar: fn(f32) -> f32,
    pub reference: fn(f32) -> f64,
    pub naive: fn(f32) -> f32,
    /// Documented bound, indexed like `Backend::ALL`.
    pub bound: [f64; 4],
}

impl Unary {
    pub fn bound(&self, b: Backend) -> f64 {
        let i = Backend::ALL.iter().position(|&x| x == b).unwrap();
        self.bound[i]
    }
}

fn gauss_std(k: &Kernels, x: &[f32], y: &mut [f32]) -> Result<(), Error> {
    k.gauss(Gauss::STANDARD, x, y)
}
fn gauss_std_inplace(k: &Kernels, x: &mut [f32]) {
    k.gauss_inplace(Gauss::STANDARD, x)
}

#[rustfmt::skip]
pub const UNARY: &[Unary] = &[
    Unary { name: "exp", run: Kernels::exp, inplace: Kernels::exp_inplace, scalar: actkern::scalar::exp,
        reference: r::exp, naive: |x| x.exp(), bound: [1.0, 1.0, 1.0, 1.0] },
    Unary { name: "sigmoid", run: Kernels::sigmoid, inplace: Kernels::sigmoid_inplace, scalar: actkern::scalar::sigmoid,
        reference: r::sigmoid, naive: |x| 1.0 / (1.0 + (-x).exp()), bound: [2.0, 2.0, 2.0, 2.0] },
    Unary { name: "logit", run: Kernels::logit, inplace: Kernels::logit_inplace, scalar: actkern::scalar::logit,
        reference: r::logit, naive: |p| (p / (1.0 - p)).ln(), bound: [2.0, 2.0, 2.0, 2.0] },
    Unary { name: "gauss", run: gauss_std, inplace: gauss_std_inplace, scalar: |x| actkern::scalar::gauss(Gauss::STANDARD, x),
        reference: |x| r::gauss(0.0, 1.0, 1.0, x), naive: |x| (-x * x).exp(), bound: [2.0, 2.0, 2.0, 2.0] },
    Unary { name: "relu", run: Kernels::relu, inplace: Kernels::relu_inplace, scalar: actkern::scalar::relu,
        reference: r::relu, naive: |x| x.max(0.0), bound: [0.0, 0.0, 0.0, 0.0] },
];
