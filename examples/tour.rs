//! A five-second tour: the detected backend, then for every function and
//! every backend this CPU can run, the largest ULP error on a sample and the
//! throughput against a naive `std` loop.
//!
//! ```text
//! cargo run --release --example tour
//! ```
//! (The full error proof is `cargo run --release --example ulp --
//! --exhaustive`; the careful timing is `cargo bench`.)

#[path = "../tests/support/mod.rs"]
mod support;

use actkern::{Backend, Kernels};
use std::hint::black_box;
use std::time::Instant;
use support::cases::{UNARY, naive_softmax};
use support::rng::Rng;
use support::ulp::ulp_error;

const N: usize = 4096;

fn main() {
    let detected = Kernels::detect();
    println!("detected backend: {}", detected.backend());
    for b in Backend::ALL {
        println!(
            "  {b:8} {}",
            if b.is_available() {
                "available"
            } else {
                "not available here"
            }
        );
    }
    let backends: Vec<Kernels> = Backend::ALL
        .into_iter()
        .filter_map(|b| Kernels::new(b).ok())
        .collect();

    // Error sample: every 65537th bit pattern plus 200k values in [-20, 20]
    // and [0, 1].
    let mut rng = Rng::new(1);
    let mut sample: Vec<f32> = (0..1u64 << 32)
        .step_by(65537)
        .map(|b| f32::from_bits(b as u32))
        .collect();
    sample.extend((0..100_000).map(|_| rng.uniform(-20.0, 20.0)));
    sample.extend((0..100_000).map(|_| rng.uniform(0.0, 1.0)));

    println!(
        "\n{:8} {:8} {:>12} {:>14} {:>10}",
        "function", "backend", "max ULP", "Melem/s", "vs std"
    );
    for case in UNARY {
        let x: Vec<f32> = (0..N)
            .map(|i| {
                if case.name == "logit" {
                    (i as f32 + 0.5) / N as f32
                } else {
                    (i as f32 / N as f32 - 0.5) * 20.0
                }
            })
            .collect();
        let mut y = vec![0.0f32; N];
        let std_rate = rate(|| (case.naive_slice)(black_box(&x), black_box(&mut y)));
        let std_err = sample
            .iter()
            .map(|&v| ulp_error((case.naive)(v), (case.reference)(v)))
            .fold(0.0, f64::max);
        println!(
            "{:8} {:8} {:>12} {:>14.0} {:>10}",
            case.name,
            "std",
            fmt_ulp(std_err),
            std_rate / 1e6,
            "1.0x"
        );
        for k in &backends {
            let mut out = vec![0.0f32; sample.len()];
            (case.run)(k, &sample, &mut out).unwrap();
            let err = sample
                .iter()
                .zip(&out)
                .map(|(&v, &o)| ulp_error(o, (case.reference)(v)))
                .fold(0.0, f64::max);
            let r = rate(|| (case.run)(k, black_box(&x), black_box(&mut y)).unwrap());
            println!(
                "{:8} {:8} {:>12} {:>14.0} {:>9.1}x",
                "",
                k.backend().name(),
                fmt_ulp(err),
                r / 1e6,
                r / std_rate
            );
        }
    }
    softmax(&backends, &mut rng);
}

/// Softmax: the largest error on 20 random rows of N in [-20, 20], and the
/// speed on one row.
fn softmax(backends: &[Kernels], rng: &mut Rng) {
    let rows: Vec<Vec<f32>> = (0..20)
        .map(|_| (0..N).map(|_| rng.uniform(-20.0, 20.0)).collect())
        .collect();
    let mut y = vec![0.0f32; N];
    let mut r = vec![0.0f64; N];
    let mut worst = |run: &mut dyn FnMut(&[f32], &mut [f32])| {
        let mut w = 0.0f64;
        for row in &rows {
            run(row, &mut y);
            support::reference::softmax(row, &mut r);
            w = y
                .iter()
                .zip(&r)
                .map(|(&a, &b)| ulp_error(a, b))
                .fold(w, f64::max);
        }
        w
    };
    let std_err = worst(&mut |x, y| naive_softmax(x, y));
    let errs: Vec<f64> = backends
        .iter()
        .map(|k| worst(&mut |x, y| k.softmax(x, y).unwrap()))
        .collect();
    let x = &rows[0];
    let mut y = vec![0.0f32; N];
    let std_rate = rate(|| naive_softmax(black_box(x), black_box(&mut y)));
    println!(
        "{:8} {:8} {:>12} {:>14.0} {:>10}",
        "softmax",
        "std",
        fmt_ulp(std_err),
        std_rate / 1e6,
        "1.0x"
    );
    for (k, err) in backends.iter().zip(errs) {
        let rt = rate(|| k.softmax(black_box(x), black_box(&mut y)).unwrap());
        println!(
            "{:8} {:8} {:>12} {:>14.0} {:>9.1}x",
            "",
            k.backend().name(),
            fmt_ulp(err),
            rt / 1e6,
            rt / std_rate
        );
    }
}

fn fmt_ulp(e: f64) -> String {
    if e.is_infinite() {
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
