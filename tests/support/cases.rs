//! The element-wise functions under test: one entry per function, shared by
//! the test suite and the `ulp`/`tour` examples. Adding a kernel means one
//! line in `UNARY`.

use super::reference as r;
use actkern::{Backend, Error, Gauss, Kernels};

const NAN: f32 = f32::NAN;
const INF: f32 = f32::INFINITY;
const NINF: f32 = f32::NEG_INFINITY;

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
    /// The naive formula on top of `std`, one value.
    pub naive: fn(f32) -> f32,
    /// The same over a slice, with the formula inlined in the loop (for
    /// timing: no call through a pointer per element).
    pub naive_slice: fn(&[f32], &mut [f32]),
    /// Documented bound, indexed like `Backend::ALL`.
    pub bound: [f64; 4],
    /// `(input, expected)` pairs fixed by the function's documented
    /// semantics, compared bit for bit (any NaN matches NaN).
    pub specials: &'static [(f32, f32)],
    /// Points whose neighbourhoods (thousands of consecutive f32 values on
    /// each side) are swept densely: thresholds, where results turn
    /// subnormal, where they round to 0, 1 or infinity.
    pub edges: &'static [f32],
}

impl Unary {
    pub fn bound(&self, b: Backend) -> f64 {
        let i = Backend::ALL.iter().position(|&x| x == b).unwrap();
        self.bound[i]
    }
}

/// `y[i] = f(x[i])`, monomorphized per formula.
pub fn naive_map(x: &[f32], y: &mut [f32], f: impl Fn(f32) -> f32) {
    for (o, &i) in y.iter_mut().zip(x) {
        *o = f(i);
    }
}

/// The naive softmax on top of `std`: max, `f32::exp`, a plain sum.
pub fn naive_softmax(x: &[f32], y: &mut [f32]) {
    let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let mut s = 0.0f32;
    for (o, &i) in y.iter_mut().zip(x) {
        *o = (i - m).exp();
        s += *o;
    }
    for o in y.iter_mut() {
        *o /= s;
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
        reference: r::exp, naive: |x| x.exp(), naive_slice: |x, y| naive_map(x, y, f32::exp), bound: [1.0, 1.0, 1.0, 1.0],
        specials: &[(NAN, NAN), (INF, INF), (NINF, 0.0), (0.0, 1.0), (-0.0, 1.0), (f32::MAX, INF),
            (f32::MIN, 0.0), (88.722_84, INF), (1000.0, INF), (-104.0, 0.0), (-1000.0, 0.0)],
        edges: &[0.0, 88.722_83, -87.336_55, -103.278_93, -103.972_08, 1.0, -1.0, 0.346_573_6, -0.346_573_6] },
    Unary { name: "sigmoid", run: Kernels::sigmoid, inplace: Kernels::sigmoid_inplace, scalar: actkern::scalar::sigmoid,
        reference: r::sigmoid, naive: |x| 1.0 / (1.0 + (-x).exp()), naive_slice: |x, y| naive_map(x, y, |x| 1.0 / (1.0 + (-x).exp())), bound: [2.0, 2.0, 2.0, 2.0],
        specials: &[(NAN, NAN), (INF, 1.0), (NINF, 0.0), (0.0, 0.5), (-0.0, 0.5), (20.0, 1.0),
            (f32::MAX, 1.0), (f32::MIN, 0.0), (-200.0, 0.0)],
        edges: &[0.0, 16.635_532, 17.0, -87.336_55, -103.278_93, -103.972_08, 88.722_83] },
    Unary { name: "logit", run: Kernels::logit, inplace: Kernels::logit_inplace, scalar: actkern::scalar::logit,
        reference: r::logit, naive: |p| (p / (1.0 - p)).ln(), naive_slice: |x, y| naive_map(x, y, |p| (p / (1.0 - p)).ln()), bound: [2.0, 2.0, 2.0, 2.0],
        specials: &[(NAN, NAN), (INF, NAN), (NINF, NAN), (0.0, NINF), (-0.0, NINF), (1.0, INF),
            (0.5, 0.0), (-1e-30, NAN), (1.000_000_1, NAN), (2.0, NAN), (-1.0, NAN)],
        edges: &[0.5, 0.25, 0.75, 1.0, 5.960_464_5e-8, f32::MIN_POSITIVE, 1e-45, 0.707_106_77, 0.292_893_2] },
    Unary { name: "gauss", run: gauss_std, inplace: gauss_std_inplace, scalar: |x| actkern::scalar::gauss(Gauss::STANDARD, x),
        reference: |x| r::gauss(0.0, 1.0, 1.0, x), naive: |x| (-x * x).exp(), naive_slice: |x, y| naive_map(x, y, |x| (-x * x).exp()), bound: [2.0, 2.0, 2.0, 2.0],
        specials: &[(NAN, NAN), (INF, 0.0), (NINF, 0.0), (0.0, 1.0), (-0.0, 1.0), (11.0, 0.0),
            (-11.0, 0.0), (f32::MAX, 0.0), (f32::MIN, 0.0)],
        edges: &[0.0, 9.0, -9.0, 9.345_43, 10.162_62, 10.196_67, 1e-19] },
    Unary { name: "relu", run: Kernels::relu, inplace: Kernels::relu_inplace, scalar: actkern::scalar::relu,
        reference: r::relu, naive: |x| x.max(0.0), naive_slice: |x, y| naive_map(x, y, |x| x.max(0.0)), bound: [0.0, 0.0, 0.0, 0.0],
        specials: &[(NAN, NAN), (INF, INF), (NINF, 0.0), (0.0, 0.0), (-0.0, 0.0), (1e-45, 1e-45),
            (-1e-45, 0.0), (3.5, 3.5), (-3.5, 0.0), (f32::MAX, f32::MAX)],
        edges: &[0.0] },
];
