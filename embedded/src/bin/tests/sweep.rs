//! Strided sweeps against the host's `f64` references: the ULP error of
//! `shared/ULP.md` within the documented bound, per path; prints the
//! maxima as a markdown table.

use crate::func::{BACKENDS, Func, kernels, same};
use actkern::{Backend, Gauss};
use actkern_embedded::table::{self, Point};
use actkern_embedded::{Check, ulp::ulp_error};
use cortex_m_semihosting::hprintln;

/// Longest chunk handed to a slice kernel; chunk lengths cycle through
/// 1..=CHUNK so every tail length of the unrolled loops is exercised.
const CHUNK: usize = 67;

pub fn run(c: &mut Check) {
    let mark = c.mark();
    let g = |i: usize| {
        let (mu, sigma, a) = table::GAUSS_SETS[i];
        Gauss::new(mu, sigma, a).expect("valid parameter set")
    };
    let cases: [(Func, &'static [u8], f64); 7] = [
        (Func::Exp, table::EXP, 1.0),
        (Func::Sigmoid, table::SIGMOID, 2.0),
        (Func::Logit, table::LOGIT, 2.0),
        (Func::Relu, table::RELU, 0.0),
        (Func::Gauss(Gauss::STANDARD), table::GAUSS_STANDARD, 2.0),
        (Func::Gauss(g(0)), table::GAUSS_SET0, 3.0),
        (Func::Gauss(g(1)), table::GAUSS_SET1, 3.0),
    ];
    hprintln!("\n| function | bound | points | scalar | simd128 | scalar:: |");
    hprintln!("|---|---|---|---|---|---|");
    for (f, t, bound) in cases {
        let Some(n) = table::len(t).filter(|&n| n > 4000) else {
            c.expect(false, format_args!("{f}: broken table"));
            continue;
        };
        let m = sweep(c, f, t, bound);
        hprintln!(
            "| {} | {:.1} | {} | {:.3} | {:.3} | {:.3} |",
            f,
            bound,
            n,
            m[0],
            m[1],
            m[2]
        );
    }
    hprintln!();
    c.section("sweeps within documented bounds", mark);
}

/// Checks every point of `t` by every path; returns the largest error per
/// path: `[Scalar kernel, Simd128 kernel, scalar::]`.
fn sweep(c: &mut Check, f: Func, t: &'static [u8], bound: f64) -> [f64; 3] {
    let mut worst = [0.0f64; 3];
    let mut buf = [Point { x: 0.0, r: 0.0 }; CHUNK];
    let mut len = 0;
    let mut want = 1;
    for p in table::points(t) {
        buf[len] = p;
        len += 1;
        if len == want {
            chunk(c, f, &buf[..len], bound, &mut worst);
            len = 0;
            want = want % CHUNK + 1;
        }
    }
    chunk(c, f, &buf[..len], bound, &mut worst);
    worst
}

fn chunk(c: &mut Check, f: Func, p: &[Point], bound: f64, worst: &mut [f64; 3]) {
    let mut x = [0.0f32; CHUNK];
    let x = &mut x[..p.len()];
    for (x, p) in x.iter_mut().zip(p) {
        *x = p.x;
    }
    let mut on_scalar = [0.0f32; CHUNK];
    for (bi, b) in BACKENDS.into_iter().enumerate() {
        let k = kernels(b);
        let mut y = [0.0f32; CHUNK];
        let y = &mut y[..p.len()];
        let r = f.run(&k, x, y);
        c.expect(r.is_ok(), format_args!("{} on {b}: {r:?}", f));
        let mut d = [0.0f32; CHUNK];
        let d = &mut d[..p.len()];
        d.copy_from_slice(x);
        f.inplace(&k, d);
        for i in 0..p.len() {
            c.expect(
                same(d[i], y[i]),
                format_args!(
                    "{}({:e}) on {b}: in place {:e} != out of place {:e}",
                    f, x[i], d[i], y[i]
                ),
            );
            worst[bi] = worst[bi].max(error(c, f, b.name(), p[i], y[i], bound));
        }
        if b == Backend::Scalar {
            on_scalar[..p.len()].copy_from_slice(y);
        }
    }
    for (i, p) in p.iter().enumerate() {
        let y = f.scalar(p.x);
        // Documented: `scalar::` is bit for bit `Backend::Scalar`.
        c.expect(
            same(y, on_scalar[i]),
            format_args!(
                "scalar::{}({:e}) = {y:e}, Backend::Scalar gives {:e}",
                f, p.x, on_scalar[i]
            ),
        );
        worst[2] = worst[2].max(error(c, f, "scalar::", *p, y, bound));
    }
}

/// The error of `y` at `p`, checked against `bound`; for sigmoid also the
/// documented output range [0, 1].
fn error(c: &mut Check, f: Func, path: &str, p: Point, y: f32, bound: f64) -> f64 {
    let e = ulp_error(y, p.r);
    c.expect(
        e <= bound,
        format_args!(
            "{}({:e} = {:#010x}) on {path} = {y:e}, reference {:e}: {e} ULP > {bound}",
            f,
            p.x,
            p.x.to_bits(),
            p.r
        ),
    );
    if matches!(f, Func::Sigmoid) && !p.x.is_nan() {
        c.expect(
            (0.0..=1.0).contains(&y),
            format_args!("sigmoid({:e}) on {path} = {y:e} outside [0, 1]", p.x),
        );
    }
    e
}
