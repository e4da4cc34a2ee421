//! Parameter sets worth testing for each parametric function: extreme
//! scales, subnormal and huge parameters, and those the fuzzers found.

use actkern::{Activation, Elu, Gauss, LeakyRelu};

/// One parameter set: the activation, where its results vary (for uniform
/// samples), and an input whose result is known exactly.
#[derive(Debug, Clone, Copy)]
pub struct ParamSet {
    /// The function with these parameters.
    pub activation: Activation,
    /// Where its results vary.
    pub domain: (f64, f64),
    /// `(x, y)`: the result at `x` is exactly `y`.
    pub exact: (f32, f32),
}

/// Gaussian `(mu, sigma, amplitude)`.
const GAUSSIAN: &[(f32, f32, f32)] = &[
    (1.5, 0.5, 2.0),
    (-3.0, 7.25, -0.75),
    (1.0e4, 1.0e-3, 1.0e30),
    (0.0, 1.0e-30, 3.0e-39),
    (0.0, 1.0e25, 1.0),
    (1.0e-40, 2.0, 5.0),
    (5.0, 1.0e-42, 1.0),
    (0.0, 3.0e38, 1.0),
    (-1.0e30, 1.0e30, 3.0e38),
    // Found by the fuzzer: x - mu overflows although t is small.
    (1.874_889_1e38, 3.396_151_4e38, 3.396_151_4e38),
    (-3.0e38, 3.0e38, 1.0),
    // x == mu with a tiny sigma: x * 2^64 would overflow.
    (1.0e30, 1.0e-25, 2.0),
    (0.1, 0.3, 1.0e-45),
    (2.0, 1.0, 0.0),
    // A negative zero amplitude keeps its sign at mu.
    (2.0, 1.0, -0.0),
];

/// Leaky ReLU slopes: PyTorch's default, common ones, a zero, negative,
/// subnormal and huge slopes.
const SLOPES: &[f32] = &[0.01, 0.2, 1.0, 0.0, -0.5, 1e-30, 1e-45, 3e38, -3e38, 5.5];

/// ELU alphas: PyTorch's default, small, large, negative, zero, subnormal
/// and huge.
const ALPHAS: &[f32] = &[
    1.0,
    0.5,
    1.673_263_2,
    2.0,
    -1.0,
    0.0,
    1e-30,
    1e-45,
    3e38,
    -3e38,
];

/// Slopes and alphas the parameter types must reject.
pub const NOT_FINITE: &[f32] = &[f32::NAN, f32::INFINITY, f32::NEG_INFINITY];

/// The parameter sets of `a`'s function (empty for functions without
/// parameters, and for parametric ones this kit does not know, which
/// `tests/coverage.rs` reports).
pub fn sets(a: Activation) -> impl Iterator<Item = ParamSet> {
    let gaussian: &[(f32, f32, f32)] = match a {
        Activation::Gauss(_) => GAUSSIAN,
        _ => &[],
    };
    let slopes: &[f32] = match a {
        Activation::LeakyRelu(_) => SLOPES,
        _ => &[],
    };
    let g = gaussian.iter().filter_map(|&(mu, sigma, amp)| {
        let g = Gauss::new(mu, sigma, amp).ok()?;
        let (m, s) = (mu as f64, sigma as f64);
        Some(ParamSet {
            activation: Activation::Gauss(g),
            domain: (m - 11.0 * s, m + 11.0 * s),
            exact: (mu, amp),
        })
    });
    let l = slopes
        .iter()
        .filter_map(|&s| LeakyRelu::new(s).ok())
        .map(|s| ParamSet {
            activation: Activation::LeakyRelu(s),
            domain: (-10.0, 10.0),
            exact: (2.0, 2.0),
        });
    let alphas: &[f32] = match a {
        Activation::Elu(_) => ALPHAS,
        _ => &[],
    };
    let e = alphas
        .iter()
        .filter_map(|&al| Elu::new(al).ok())
        .map(|al| ParamSet {
            activation: Activation::Elu(al),
            domain: (-20.0, 5.0),
            exact: (2.0, 2.0),
        });
    g.chain(l).chain(e)
}

/// Whether building `a`'s parameters from `v` (a slope or an alpha; for a
/// Gaussian, `sigma`) fails with `Error::InvalidParameter`; `None` for
/// functions without parameters.
pub fn rejects(a: Activation, v: f32) -> Option<bool> {
    let bad = |e: actkern::Error| matches!(e, actkern::Error::InvalidParameter { .. });
    match a {
        Activation::Gauss(_) => Some(Gauss::new(0.0, v, 1.0).is_err_and(bad)),
        Activation::LeakyRelu(_) => Some(LeakyRelu::new(v).is_err_and(bad)),
        Activation::Elu(_) => Some(Elu::new(v).is_err_and(bad)),
        _ => None,
    }
}

/// `a`'s function with parameters built from arbitrary bits (for fuzzers):
/// `Some` with those parameters if they are valid, `None` if the
/// parameters' constructor rejects them (or `a` has no parameters).
pub fn from_bits(a: Activation, bits: [u32; 3]) -> Option<Activation> {
    let [p, q, r] = bits.map(f32::from_bits);
    match a {
        Activation::Gauss(_) => Gauss::new(p, q, r).ok().map(Activation::Gauss),
        Activation::LeakyRelu(_) => LeakyRelu::new(p).ok().map(Activation::LeakyRelu),
        Activation::Elu(_) => Elu::new(p).ok().map(Activation::Elu),
        _ => None,
    }
}
