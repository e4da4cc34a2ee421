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

#[path = "../tests/support/mod.rs"]
mod support;

use actkern::{Backend, Kernels};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use support::cases::{UNARY, naive_softmax};

const SIZES: [usize; 3] = [256, 4096, 65536];

type Kernel<'a> = &'a dyn Fn(&Kernels, &[f32], &mut [f32]);
type Naive<'a> = &'a dyn Fn(&[f32], &mut [f32]);

/// Inputs spread evenly over `[lo, hi)`, in a scrambled order.
fn inputs(n: usize, lo: f32, hi: f32) -> Vec<f32> {
    (0..n)
        .map(|i| {
            let u = ((i as u64 * 2_654_435_761) % n as u64) as f32 / n as f32;
            lo + (hi - lo) * u
        })
        .collect()
}

fn group(c: &mut Criterion, name: &str, (lo, hi): (f32, f32), kernel: Kernel, naive: Naive) {
    let mut g = c.benchmark_group(name);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(1));
    g.sample_size(20);
    for n in SIZES {
        let x = inputs(n, lo, hi);
        let mut y = vec![0.0f32; n];
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("std", n), &x, |b, x| {
            b.iter(|| naive(black_box(x), black_box(&mut y)))
        });
        for backend in Backend::ALL.into_iter().filter(|b| b.is_available()) {
            let k = Kernels::new(backend).unwrap();
            g.bench_with_input(BenchmarkId::new(backend.name(), n), &x, |b, x| {
                b.iter(|| kernel(&k, black_box(x), black_box(&mut y)))
            });
        }
    }
    g.finish();
}

fn bench(c: &mut Criterion) {
    for case in UNARY {
        let range = match case.name {
            "logit" => (0.0, 1.0),
            "relu" => (-1.0, 1.0),
            "gauss" => (-5.0, 5.0),
            _ => (-10.0, 10.0),
        };
        group(
            c,
            case.name,
            range,
            &|k, x, y| (case.run)(k, x, y).unwrap(),
            &case.naive_slice,
        );
    }
    group(
        c,
        "softmax",
        (-10.0, 10.0),
        &|k, x, y| k.softmax(x, y).unwrap(),
        &naive_softmax,
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
