//! The documented special values (README "Functions" table, rustdoc of each
//! `Kernels` method), bit for bit, by every path.

use crate::func::{Func, each_path, same};
use actkern::Gauss;
use actkern_embedded::{Check, table};

const NAN: f32 = f32::NAN;
const INF: f32 = f32::INFINITY;
const NINF: f32 = f32::NEG_INFINITY;

/// `(input, expected)`, as in `tests/support/cases.rs`.
const EXP: &[(f32, f32)] = &[
    (NAN, NAN),
    (INF, INF),
    (NINF, 0.0),
    (0.0, 1.0),
    (-0.0, 1.0),
    (f32::MAX, INF),
    (f32::MIN, 0.0),
    (88.722_84, INF),
    (1000.0, INF),
    (-104.0, 0.0),
    (-1000.0, 0.0),
];
const SIGMOID: &[(f32, f32)] = &[
    (NAN, NAN),
    (INF, 1.0),
    (NINF, 0.0),
    (0.0, 0.5),
    (-0.0, 0.5),
    (20.0, 1.0),
    (f32::MAX, 1.0),
    (f32::MIN, 0.0),
    (-200.0, 0.0),
];
const LOGIT: &[(f32, f32)] = &[
    (NAN, NAN),
    (INF, NAN),
    (NINF, NAN),
    (0.0, NINF),
    (-0.0, NINF),
    (1.0, INF),
    (0.5, 0.0),
    (-1e-30, NAN),
    (1.000_000_1, NAN),
    (2.0, NAN),
    (-1.0, NAN),
];
const GAUSS: &[(f32, f32)] = &[
    (NAN, NAN),
    (INF, 0.0),
    (NINF, 0.0),
    (0.0, 1.0),
    (-0.0, 1.0),
    (11.0, 0.0),
    (-11.0, 0.0),
    (f32::MAX, 0.0),
    (f32::MIN, 0.0),
];
const RELU: &[(f32, f32)] = &[
    (NAN, NAN),
    (INF, INF),
    (NINF, 0.0),
    (0.0, 0.0),
    (-0.0, 0.0), // +0.0, not -0.0
    (1e-45, 1e-45),
    (-1e-45, 0.0),
    (3.5, 3.5),
    (-3.5, 0.0),
    (f32::MAX, f32::MAX),
];

pub fn run(c: &mut Check) {
    let mark = c.mark();
    let cases = [
        (Func::Exp, EXP),
        (Func::Sigmoid, SIGMOID),
        (Func::Logit, LOGIT),
        (Func::Gauss(Gauss::STANDARD), GAUSS),
        (Func::Relu, RELU),
    ];
    for (f, pairs) in cases {
        pairs_by_every_path(c, f, pairs);
    }
    // Gradual underflow: e^-100 and e^-103 are nonzero subnormals, and
    // sigmoid(x) = e^x there.
    for f in [Func::Exp, Func::Sigmoid] {
        let x = [-100.0f32, -103.0];
        each_path(c, f, &x, |c, path, i, y| {
            c.expect(
                y > 0.0 && y < f32::MIN_POSITIVE,
                format_args!(
                    "{}({:e}) on {path} = {y:e}: expected a nonzero subnormal",
                    f, x[i]
                ),
            );
        });
    }
    for (mu, sigma, a) in table::GAUSS_SETS {
        gauss_set(c, mu, sigma, a);
    }
    c.section("special values", mark);
}

/// Every pair, compared bit for bit (any NaN matches NaN).
fn pairs_by_every_path(c: &mut Check, f: Func, pairs: &[(f32, f32)]) {
    let mut x = [0.0f32; 16];
    let x = &mut x[..pairs.len()];
    for (x, p) in x.iter_mut().zip(pairs) {
        *x = p.0;
    }
    each_path(c, f, x, |c, path, i, y| {
        let (x, want) = pairs[i];
        c.expect(
            same(y, want),
            format_args!(
                "{}({x:e}) on {path} = {y:e} ({:#010x}), expected {want:e} ({:#010x})",
                f,
                y.to_bits(),
                want.to_bits()
            ),
        );
    });
}

/// A general parameter set: the amplitude exactly at `mu`, zero with the
/// amplitude's sign at infinity, NaN for NaN.
fn gauss_set(c: &mut Check, mu: f32, sigma: f32, a: f32) {
    let Ok(g) = Gauss::new(mu, sigma, a) else {
        c.expect(false, format_args!("Gauss::new({mu}, {sigma}, {a}) failed"));
        return;
    };
    let zero = 0.0f32.copysign(a);
    pairs_by_every_path(
        c,
        Func::Gauss(g),
        &[(mu, a), (INF, zero), (NINF, zero), (NAN, NAN)],
    );
}
