//! Row-wise functions on whole rows, against the `f64` row function
//! computed here on the device (`actkern_testkit::check::row`): each output
//! within the documented bound plus `|x_i - max|` ULP and in the output
//! range, finite rows summing to 1 within 1e-5, on every backend and tier,
//! out of place and in place (bit for bit). Where `x_i - max` is not a
//! number (rows holding NaN or an infinity) the plain bound applies.

use crate::paths::{BACKENDS, PATHS, Path, Ulp, run};
use actkern::{Activation, Kind, Precision};
use actkern_embedded::Check;
use actkern_testkit::check;
use actkern_testkit::rng::Rng;
use cortex_m_semihosting::{hprint, hprintln};

const NAN: f32 = f32::NAN;
const INF: f32 = f32::INFINITY;
const NINF: f32 = f32::NEG_INFINITY;

/// Rows `(length, lo, hi)`, uniform in `[lo, hi)`.
const ROWS: [(usize, f64, f64); 9] = [
    (1, -1.0, 1.0),
    (3, -10.0, 10.0),
    (7, -100.0, 100.0),
    (8, -1.0e6, 1.0e6),
    (9, 1.0e30, 1.000_01e30),
    (17, -88.0, 0.0),
    (100, -10.0, 10.0),
    (1000, -10.0, 10.0),
    (4099, -10.0, 10.0),
];
/// Longest row.
const MAX_ROW: usize = 4099;

/// Rows with NaN or infinities, as written.
const SPECIAL_ROWS: [&[f32]; 5] = [
    &[1.0, NAN, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    &[1.0, 2.0, INF, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    &[NINF; 11],
    &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, NAN],
    &[1.0, NINF, 2.0, NINF, 0.5, 0.1, 0.2, 0.3, 0.4],
];

/// Row, results and the `f64` reference (static: 64 KiB is more than the
/// default stack should carry).
struct Buffers {
    x: [f32; MAX_ROW],
    y: [f32; MAX_ROW],
    d: [f32; MAX_ROW],
    r: [f64; MAX_ROW],
}

static mut BUFFERS: Buffers = Buffers {
    x: [0.0; MAX_ROW],
    y: [0.0; MAX_ROW],
    d: [0.0; MAX_ROW],
    r: [0.0; MAX_ROW],
};

/// The largest error per path, rows and elements checked.
struct Worst {
    err: [f64; PATHS],
    rows: usize,
    elements: usize,
}

pub fn run_all(c: &mut Check) {
    let mark = c.mark();
    let buf = &raw mut BUFFERS;
    // SAFETY: called once, from `main`, the only code touching BUFFERS (no
    // interrupt handler does).
    let buf = unsafe { &mut *buf };
    hprint!("| row-wise function | tier | bound (+ distance to max) | rows | elements |");
    for b in BACKENDS {
        hprint!(" {} |", b);
    }
    hprint!("\n|---|---|---|---|---|");
    for _ in BACKENDS {
        hprint!("---|");
    }
    hprintln!();
    for (i, &a) in Activation::ALL.iter().enumerate() {
        if a.spec().kind != Kind::Rowwise {
            continue;
        }
        let mut w = Worst {
            err: [0.0; PATHS],
            rows: 0,
            elements: 0,
        };
        let mut rng = Rng::new(0x50f + i as u64);
        let (lo, hi) = a.spec().domain;
        let uniform = ROWS.iter().copied().chain([(100, lo as f64, hi as f64)]);
        for (n, lo, hi) in uniform {
            for v in &mut buf.x[..n] {
                *v = rng.uniform(lo, hi);
            }
            row(c, a, buf, n, &mut w);
        }
        // -inf among finite values, all equal, the special rows, empty.
        for v in &mut buf.x[..37] {
            *v = rng.uniform(-5.0, 5.0);
        }
        (buf.x[3], buf.x[36]) = (NINF, NINF);
        row(c, a, buf, 37, &mut w);
        buf.x[..9].fill(3.25);
        row(c, a, buf, 9, &mut w);
        for x in SPECIAL_ROWS {
            buf.x[..x.len()].copy_from_slice(x);
            row(c, a, buf, x.len(), &mut w);
        }
        row(c, a, buf, 0, &mut w);
        print_rows(a, &w);
    }
    hprintln!();
    c.section("row-wise functions", mark);
}

/// Checks `buf.x[..n]` by every path that takes rows of length `n`.
fn row(c: &mut Check, a: Activation, buf: &mut Buffers, n: usize, w: &mut Worst) {
    let x = &buf.x[..n];
    for (pi, path) in Path::all().into_iter().enumerate() {
        let (y, d) = (&mut buf.y[..n], &mut buf.d[..n]);
        if !run(c, a, path, x, y, d) {
            continue;
        }
        match check::row(a, path.precision(), x, y, &mut buf.r) {
            Ok(e) => {
                c.pass();
                w.err[pi] = w.err[pi].max(e);
            }
            Err(f) => {
                c.expect(false, format_args!("row of {n} on {path}: {f}"));
                w.err[pi] = f64::INFINITY;
            }
        }
    }
    w.rows += 1;
    w.elements += n;
}

fn print_rows(a: Activation, w: &Worst) {
    let paths = Path::all();
    for &t in Precision::ALL {
        hprint!(
            "| {} | {} | {:.1} | {} | {} |",
            a.name(),
            t,
            check::bound(a, t),
            w.rows,
            w.elements
        );
        for b in BACKENDS {
            match paths.iter().position(|&p| p == Path::Kernels(b, t)) {
                Some(j) => hprint!(" {} |", Ulp(w.err[j])),
                None => hprint!(" - |"),
            }
        }
        hprintln!();
    }
}
