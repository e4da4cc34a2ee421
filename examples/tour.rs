//! A five-second tour: the detected backend, then for every function of
//! `Activation::ALL` and every backend this CPU can run, in every precision
//! tier, the largest ULP error on a sample (checked against the bound the
//! function table documents) and the throughput against a naive `std`
//! loop.
//!
//! ```text
//! cargo run --release --example tour
//! ```
//! (The full error proof is `cargo run --release --example ulp --
//! --exhaustive`; the careful timing is `cargo bench`.)

use actkern::{Activation, Backend, Kernels, Kind, Precision};
use actkern_testkit::check;
use actkern_testkit::reference::{self, Std, naive_slice};
use actkern_testkit::rng::Rng;
use actkern_testkit::ulp::ulp_error;
use std::hint::black_box;
use std::time::Instant;

/// Elements per timed call, and the length of each sampled row.
const N: usize = 4096;
/// Rows sampled per row-wise function.
const ROWS: usize = 20;

fn main() {
    let detected = Kernels::detect();
    println!("detected backend: {}", detected.backend());
    for &b in Backend::ALL {
        println!(
            "  {b:8} {}",
            if b.is_available() {
                "available"
            } else {
                "not available here"
            }
        );
    }
    let kernels: Vec<Kernels> = Backend::ALL
        .iter()
        .filter_map(|&b| Kernels::new(b).ok())
        .flat_map(|k| Precision::ALL.iter().map(move |&p| k.with_precision(p)))
        .collect();

    println!(
        "\n{:10} {:8} {:9} {:>12} {:>6} {:>10} {:>8}",
        "function", "backend", "tier", "max ULP", "bound", "Melem/s", "vs std"
    );
    let mut failed = false;
    for &a in Activation::ALL {
        let samples = samples(a);
        let (lo, hi) = a.spec().domain;
        let x: Vec<f32> = (0..N)
            .map(|i| lo + (hi - lo) * ((i as f32 + 0.5) / N as f32))
            .collect();
        let mut y = vec![0.0f32; N];

        let (std_err, std_rate) = if naive_slice::<Std>(a, &x, &mut y) {
            let err = naive_error(a, &samples);
            let r = rate(|| {
                naive_slice::<Std>(a, black_box(&x), black_box(&mut y));
            });
            (fmt_ulp(err), Some(r))
        } else {
            ("-".to_string(), None)
        };
        println!(
            "{:10} {:8} {:9} {:>12} {:>6} {:>10} {:>8}",
            a.name(),
            "std",
            "",
            std_err,
            "",
            std_rate.map_or("-".into(), |r| format!("{:.0}", r / 1e6)),
            std_rate.map_or("-", |_| "1.0x")
        );

        for k in &kernels {
            let p = k.precision();
            let err = match kernel_error(a, k, &samples) {
                Ok(e) => fmt_ulp(e),
                Err(f) => {
                    eprintln!("FAIL on {}: {f}", k.backend());
                    failed = true;
                    "FAIL".to_string()
                }
            };
            let r = rate(|| k.apply(a, black_box(&x), black_box(&mut y)).unwrap());
            println!(
                "{:10} {:8} {:9} {:>12} {:>6} {:>10.0} {:>8}",
                "",
                k.backend().name(),
                p.name(),
                err,
                check::bound(a, p),
                r / 1e6,
                std_rate.map_or("-".into(), |s| format!("{:.1}x", r / s))
            );
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// The error sample of `a`: for element-wise and parametric functions one
/// slice, every 65537th f32 bit pattern plus 200k values uniform over the
/// declared domain; for row-wise ones, `ROWS` rows of `N` uniform values.
fn samples(a: Activation) -> Vec<Vec<f32>> {
    let mut rng = Rng::new(1);
    let (lo, hi) = a.spec().domain;
    let mut uniform =
        |n: usize| -> Vec<f32> { (0..n).map(|_| rng.uniform(lo as f64, hi as f64)).collect() };
    if a.spec().kind == Kind::Rowwise {
        (0..ROWS).map(|_| uniform(N)).collect()
    } else {
        let mut s: Vec<f32> = (0..1u64 << 32)
            .step_by(65537)
            .map(|b| f32::from_bits(b as u32))
            .collect();
        s.extend(uniform(200_000));
        vec![s]
    }
}

/// The largest error of the kernel `k` on the samples, or the first result
/// outside the documented bound.
fn kernel_error(a: Activation, k: &Kernels, samples: &[Vec<f32>]) -> Result<f64, check::Failure> {
    let mut worst = 0.0f64;
    let mut scratch = Vec::new();
    for x in samples {
        let mut y = vec![0.0f32; x.len()];
        k.apply(a, x, &mut y).unwrap();
        let e = if a.spec().kind == Kind::Rowwise {
            scratch.resize(x.len(), 0.0);
            check::row(a, k.precision(), x, &y, &mut scratch)?
        } else {
            check::elements(a, k.precision(), x, &y)?
        };
        worst = worst.max(e);
    }
    Ok(worst)
}

/// The largest error of the naive `std` formula on the samples (which
/// exceeds the bounds: no check).
fn naive_error(a: Activation, samples: &[Vec<f32>]) -> f64 {
    let mut worst = 0.0f64;
    let mut r = Vec::new();
    for x in samples {
        let mut y = vec![0.0f32; x.len()];
        naive_slice::<Std>(a, x, &mut y);
        if a.spec().kind == Kind::Rowwise {
            r.resize(x.len(), 0.0);
            if !reference::row(a, x, &mut r) {
                return f64::NAN;
            }
        } else {
            let Some(refs) = x.iter().map(|&v| reference::element(a, v)).collect() else {
                return f64::NAN;
            };
            r = refs;
        }
        worst = y
            .iter()
            .zip(&r)
            .map(|(&yi, &ri)| ulp_error(yi, ri))
            .fold(worst, f64::max);
    }
    worst
}

fn fmt_ulp(e: f64) -> String {
    if e.is_nan() {
        "no reference".into()
    } else if e.is_infinite() {
        "inf".into()
    } else if e >= 1e4 {
        format!("{e:.2e}")
    } else {
        format!("{e:.3}")
    }
}

/// Elements per second of `f` on N elements, best of several timed rounds.
fn rate(mut f: impl FnMut()) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..7 {
        let t = Instant::now();
        let reps = 50;
        for _ in 0..reps {
            f();
        }
        best = best.min(t.elapsed().as_secs_f64() / reps as f64);
    }
    N as f64 / best
}
