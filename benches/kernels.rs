//! Throughput of every kernel on every available backend, beside a naive
//! `std` loop, for n in {256, 4096, 65536}, in elements per second.
//!
//! ```text
//! cargo bench --bench kernels                 # all
//! cargo bench --bench kernels -- sigmoid/     # one function
//! python3 tools/bench_table.py                # README table from target/criterion
//! ```
//! Kernels run out of place (input -> output), so no copy is timed with
//! them: on some VMs glibc's memcpy for 1-64 KiB is slower than a kernel.

use actkern::{Backend, Gauss, Kernels};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 3] = [256, 4096, 65536];

type Kernel = fn(&Kernels, &[f32], &mut [f32]);
type Naive = fn(&[f32], &mut [f32]);

struct Case {
    name: &'static str,
    lo: f32,
    hi: f32,
    kernel: Kernel,
    naive: Naive,
}

fn naive_map(x: &[f32], y: &mut [f32], f: impl Fn(f32) -> f32) {
    for (o, &i) in y.iter_mut().zip(x) {
        *o = f(i);
    }
}

fn naive_softmax(x: &[f32], y: &mut [f32]) {
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

const CASES: &[Case] = &[
    Case {
        name: "exp",
        lo: -10.0,
        hi: 10.0,
        kernel: |k, x, y| k.exp(x, y).unwrap(),
        naive: |x, y| naive_map(x, y, f32::exp),
    },
    Case {
        name: "sigmoid",
        lo: -10.0,
        hi: 10.0,
        kernel: |k, x, y| k.sigmoid(x, y).unwrap(),
        naive: |x, y| naive_map(x, y, |v| 1.0 / (1.0 + (-v).exp())),
    },
    Case {
        name: "logit",
        lo: 0.0,
        hi: 1.0,
        kernel: |k, x, y| k.logit(x, y).unwrap(),
        naive: |x, y| naive_map(x, y, |p| (p / (1.0 - p)).ln()),
    },
    Case {
        name: "gauss",
        lo: -5.0,
        hi: 5.0,
        kernel: |k, x, y| k.gauss(Gauss::STANDARD, x, y).unwrap(),
        naive: |x, y| naive_map(x, y, |v| (-v * v).exp()),
    },
    Case {
        name: "relu",
        lo: -1.0,
        hi: 1.0,
        kernel: |k, x, y| k.relu(x, y).unwrap(),
        naive: |x, y| naive_map(x, y, |v| v.max(0.0)),
    },
    Case {
        name: "softmax",
        lo: -10.0,
        hi: 10.0,
        kernel: |k, x, y| k.softmax(x, y).unwrap(),
        naive: naive_softmax,
    },
];

fn inputs(n: usize, lo: f32, hi: f32) -> Vec<f32> {
    // Deterministic, evenly spread, shuffled by a multiplicative step.
    (0..n)
        .map(|i| {
            let u = ((i as u64 * 2_654_435_761) % n as u64) as f32 / n as f32;
            lo + (hi - lo) * u
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    for case in CASES {
        let mut g = c.benchmark_group(case.name);
        g.warm_up_time(Duration::from_millis(300));
        g.measurement_time(Duration::from_secs(1));
        g.sample_size(20);
        for n in SIZES {
            let x = inputs(n, case.lo, case.hi);
            let mut y = vec![0.0f32; n];
            g.throughput(Throughput::Elements(n as u64));
            g.bench_with_input(BenchmarkId::new("std", n), &x, |b, x| {
                b.iter(|| (case.naive)(black_box(x), black_box(&mut y)))
            });
            for backend in Backend::ALL.into_iter().filter(|b| b.is_available()) {
                let k = Kernels::new(backend).unwrap();
                g.bench_with_input(BenchmarkId::new(backend.name(), n), &x, |b, x| {
                    b.iter(|| (case.kernel)(&k, black_box(x), black_box(&mut y)))
                });
            }
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
