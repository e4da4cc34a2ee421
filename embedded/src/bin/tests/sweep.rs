//! Sweeps of every element-wise and parametric function against its `f64`
//! reference, computed here on the device (`actkern_testkit::check`, with
//! `libm`'s `f64` functions): within the bound the table documents, per
//! path and tier; then the same for each parameter set of `params::sets`.
//! Prints the maxima as a markdown table.

use crate::paths::{BACKENDS, PATHS, Path, Ulp, run, scalar_matches};
use actkern::{Activation, Backend, Kind, Precision};
use actkern_embedded::Check;
use actkern_testkit::check::{self, same};
use actkern_testkit::params;
use actkern_testkit::rng::Rng;
use cortex_m_semihosting::{hprint, hprintln};

/// Every `STRIDE`-th bit pattern (a prime near 2^20, so mantissas vary):
/// 4097 inputs over all signs, exponents, subnormals, infinities and NaNs.
const STRIDE: u64 = 1_048_573;
/// The same for each parameter set, coarser (a prime near 2^22: 1025
/// inputs).
const SET_STRIDE: u64 = 4_194_301;
/// Uniform random inputs in the function's (or set's) domain.
const DENSE: usize = 512;
/// Consecutive `f32` values on each side of each edge point (and of its
/// negation).
const EDGE_WIDTH: i64 = 16;
/// Longest chunk handed to a kernel; chunk lengths cycle through
/// 1..=CHUNK so every tail length of the unrolled loops is exercised.
const CHUNK: usize = 67;

pub fn run_all(c: &mut Check) {
    let mark = c.mark();
    hprint!("\n| function | tier | bound | points |");
    for b in BACKENDS {
        hprint!(" {} |", b);
    }
    hprintln!(" scalar:: |");
    hprint!("|---|---|---|---|");
    for _ in BACKENDS {
        hprint!("---|");
    }
    hprintln!("---|");
    let mut n_sweeps = 0;
    for (i, &a) in Activation::ALL.iter().enumerate() {
        let s = a.spec();
        if s.kind == Kind::Rowwise {
            continue;
        }
        let (lo, hi) = s.domain;
        let inputs = strided(STRIDE)
            .chain(uniform(0xac7 + i as u64, (lo as f64, hi as f64)))
            .chain(neighbours(s.edges));
        let w = sweep(c, a, inputs);
        print_rows(a, a.name(), &w);
        n_sweeps += 1;
        for (j, set) in params::sets(a).enumerate() {
            let seed = 0x5e7 + 0x100 * i as u64 + j as u64;
            let centre = [set.exact.0];
            let inputs = strided(SET_STRIDE)
                .chain(uniform(seed, set.domain))
                .chain(neighbours(&centre));
            let w = sweep(c, set.activation, inputs);
            print_rows(
                set.activation,
                format_args!("{} (params::sets #{j})", a.name()),
                &w,
            );
            n_sweeps += 1;
        }
        if s.kind == Kind::Parametric {
            c.expect(
                params::sets(a).next().is_some(),
                format_args!("{a:?}: no parameter sets in actkern_testkit::params"),
            );
        }
    }
    hprintln!();
    c.expect(n_sweeps > 0, format_args!("no element-wise function swept"));
    c.section("sweeps within documented bounds", mark);
}

/// Every `stride`-th bit pattern, from +0.
fn strided(stride: u64) -> impl Iterator<Item = f32> {
    (0..1u64 << 32)
        .step_by(stride as usize)
        .map(|b| f32::from_bits(b as u32))
}

/// [`DENSE`] values uniform in `[lo, hi)`.
fn uniform(seed: u64, (lo, hi): (f64, f64)) -> impl Iterator<Item = f32> {
    let mut rng = Rng::new(seed);
    (0..DENSE).map(move |_| rng.uniform(lo, hi))
}

/// The [`EDGE_WIDTH`] neighbours on each side of each point and of its
/// negation (the points included).
fn neighbours(points: &[f32]) -> impl Iterator<Item = f32> + '_ {
    points
        .iter()
        .flat_map(|&e| [e.to_bits(), (-e).to_bits()])
        .flat_map(|c| {
            let c = c as i64;
            (c - EDGE_WIDTH..=c + EDGE_WIDTH)
                .filter(|b| (0..1i64 << 32).contains(b))
                .map(|b| f32::from_bits(b as u32))
        })
}

/// The largest error per path and the number of inputs.
struct Worst {
    err: [f64; PATHS],
    points: usize,
}

/// Checks `a` on every input, in chunks of 1, 2, ..., [`CHUNK`], 1, ...
fn sweep(c: &mut Check, a: Activation, inputs: impl Iterator<Item = f32>) -> Worst {
    let mut w = Worst {
        err: [0.0; PATHS],
        points: 0,
    };
    let mut buf = [0.0f32; CHUNK];
    let (mut len, mut want) = (0, 1);
    for v in inputs {
        buf[len] = v;
        len += 1;
        if len == want {
            chunk(c, a, &buf[..len], &mut w);
            len = 0;
            want = want % CHUNK + 1;
        }
    }
    if len > 0 {
        chunk(c, a, &buf[..len], &mut w);
    }
    w
}

/// One chunk by every path. A path whose results are bit for bit those of
/// an earlier path that passed with a bound no larger than its own passes
/// with the same error: its reference is not computed again.
fn chunk(c: &mut Check, a: Activation, x: &[f32], w: &mut Worst) {
    let n = x.len();
    let paths = Path::all();
    let mut ys = [[0.0f32; CHUNK]; PATHS];
    // Per path: `Some((bound, max error))` once it passed.
    let mut passed = [None::<(f64, f64)>; PATHS];
    for (pi, &path) in paths.iter().enumerate() {
        let mut d = [0.0f32; CHUNK];
        let (done, rest) = ys.split_at_mut(pi);
        let y = &mut rest[0][..n];
        run(c, a, path, x, y, &mut d[..n]);
        let bound = check::bound(a, path.precision());
        let earlier = (0..pi).find_map(|j| {
            let (b, e) = passed[j]?;
            let equal = done[j][..n].iter().zip(y.iter()).all(|(&u, &v)| same(u, v));
            (equal && b <= bound).then_some(e)
        });
        let result = match earlier {
            Some(e) => Ok(e),
            None => check::elements(a, path.precision(), x, y),
        };
        match result {
            Ok(e) => {
                c.pass();
                passed[pi] = Some((bound, e));
                w.err[pi] = w.err[pi].max(e);
            }
            Err(f) => {
                c.expect(false, format_args!("on {path}: {f}"));
                w.err[pi] = w.err[pi].max(if f.error.is_nan() {
                    f64::INFINITY
                } else {
                    f.error
                });
            }
        }
        if path == Path::Scalar {
            let on_scalar = paths
                .iter()
                .position(|&p| p == Path::Kernels(Backend::Scalar, Precision::Accurate))
                .map_or(&[][..], |j| &done[j][..n]);
            scalar_matches(c, a, x, on_scalar, y);
        }
    }
    w.points += n;
}

/// One table row per tier: the maxima of its `Kernels` paths, and of
/// `scalar::` (accurate tier only).
fn print_rows(a: Activation, label: impl core::fmt::Display, w: &Worst) {
    let paths = Path::all();
    for &t in Precision::ALL {
        hprint!(
            "| {} | {} | {:.1} | {} |",
            label,
            t,
            check::bound(a, t),
            w.points
        );
        for b in BACKENDS {
            match paths.iter().position(|&p| p == Path::Kernels(b, t)) {
                Some(j) => hprint!(" {} |", Ulp(w.err[j])),
                None => hprint!(" - |"),
            }
        }
        if t == Precision::Accurate {
            hprintln!(" {} |", Ulp(w.err[PATHS - 1]));
        } else {
            hprintln!(" - |");
        }
    }
}
