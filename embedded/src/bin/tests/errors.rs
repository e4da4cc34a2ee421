//! The error paths: length mismatch (Err, output untouched) on every
//! method, backend and free function; `Gauss::new`'s parameter checks;
//! which backends this target reports.

use crate::func::{BACKENDS, kernels};
use actkern::{Backend, Error, Gauss, Kernels};
use actkern_embedded::Check;

/// Written to the output before a mismatched call; must survive it.
const SENTINEL: f32 = -12_345.678;

type Call = fn(&Kernels, &[f32], &mut [f32]) -> Result<(), Error>;

const METHODS: [(&str, Call); 7] = [
    ("exp", Kernels::exp),
    ("sigmoid", Kernels::sigmoid),
    ("logit", Kernels::logit),
    ("relu", Kernels::relu),
    ("softmax", Kernels::softmax),
    ("gauss", |k, x, y| k.gauss(Gauss::STANDARD, x, y)),
    ("gauss(1, 2, 3)", |k, x, y| {
        k.gauss(Gauss::new(1.0, 2.0, 3.0)?, x, y)
    }),
];

type Free = fn(&[f32], &mut [f32]) -> Result<(), Error>;

const FREE: [(&str, Free); 6] = [
    ("actkern::exp", actkern::exp),
    ("actkern::sigmoid", actkern::sigmoid),
    ("actkern::logit", actkern::logit),
    ("actkern::relu", actkern::relu),
    ("actkern::softmax", actkern::softmax),
    ("actkern::gauss", |x, y| {
        actkern::gauss(Gauss::STANDARD, x, y)
    }),
];

pub fn run(c: &mut Check) {
    let mark = c.mark();
    let x = [0.5f32; 9];
    for (n_in, n_out) in [(5, 4), (3, 9), (0, 1), (1, 0)] {
        for b in BACKENDS {
            let k = kernels(b);
            for (name, f) in METHODS {
                mismatch(c, name, b.name(), n_in, n_out, |y| f(&k, &x[..n_in], y));
            }
        }
        for (name, f) in FREE {
            mismatch(c, name, "detect()", n_in, n_out, |y| f(&x[..n_in], y));
        }
    }
    gauss_new(c);
    backends(c);
    c.section("error paths and backends", mark);
}

fn mismatch(
    c: &mut Check,
    name: &str,
    on: &str,
    n_in: usize,
    n_out: usize,
    call: impl FnOnce(&mut [f32]) -> Result<(), Error>,
) {
    let mut y = [SENTINEL; 9];
    let r = call(&mut y[..n_out]);
    let want = Error::LengthMismatch {
        input: n_in,
        output: n_out,
    };
    c.expect(
        r.as_ref() == Err(&want),
        format_args!("{name} on {on}, lengths {n_in} -> {n_out}: {r:?}, expected Err({want:?})"),
    );
    c.expect(
        y.iter().all(|v| v.to_bits() == SENTINEL.to_bits()),
        format_args!("{name} on {on}, lengths {n_in} -> {n_out}: output written: {y:?}"),
    );
}

fn gauss_new(c: &mut Check) {
    let bad = [
        (f32::NAN, 1.0, 1.0, "mu"),
        (f32::INFINITY, 1.0, 1.0, "mu"),
        (f32::NEG_INFINITY, 1.0, 1.0, "mu"),
        (0.0, 0.0, 1.0, "sigma"),
        (0.0, -0.0, 1.0, "sigma"),
        (0.0, -1.0, 1.0, "sigma"),
        (0.0, -1e-45, 1.0, "sigma"),
        (0.0, f32::NAN, 1.0, "sigma"),
        (0.0, f32::INFINITY, 1.0, "sigma"),
        (0.0, 1.0, f32::NAN, "amplitude"),
        (0.0, 1.0, f32::INFINITY, "amplitude"),
        (0.0, 1.0, f32::NEG_INFINITY, "amplitude"),
    ];
    for (mu, sigma, a, which) in bad {
        let r = Gauss::new(mu, sigma, a);
        c.expect(
            matches!(r, Err(Error::InvalidParameter { name, .. }) if name == which),
            format_args!("Gauss::new({mu}, {sigma}, {a}): expected an error on {which}, got {r:?}"),
        );
    }
    let r = Gauss::new(0.0, 1.0, 1.0);
    c.expect(
        r == Ok(Gauss::STANDARD),
        format_args!("Gauss::new(0, 1, 1) = {r:?}, expected Gauss::STANDARD"),
    );
    let r = Gauss::new(-2.0, 1e-45, -3.0).map(|g| (g.mu(), g.sigma(), g.amplitude()));
    c.expect(
        r == Ok((-2.0, 1e-45, -3.0)),
        format_args!("Gauss::new(-2, 1e-45, -3) accessors: {r:?}"),
    );
}

fn backends(c: &mut Check) {
    for b in BACKENDS {
        c.expect(b.is_available(), format_args!("{b} not available"));
    }
    for b in [Backend::Simd256, Backend::Simd512] {
        let r = Kernels::new(b);
        c.expect(
            !b.is_available() && r == Err(Error::BackendUnavailable(b)),
            format_args!("{b} on Cortex-M: {r:?}, expected BackendUnavailable"),
        );
    }
    // Simd128 is wide's portable code here, slower than Scalar: detect()
    // must not pick it.
    let d = Kernels::detect().backend();
    c.expect(
        d == Backend::Scalar,
        format_args!("Kernels::detect() on Cortex-M = {d}, expected scalar"),
    );
}
