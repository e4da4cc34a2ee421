//! Throughput of every function of `Activation::ALL` (and `Binary::ALL`) on every available
//! backend in every precision tier, beside a naive `std` loop, for n in
//! {256, 4096, 65536}, in elements per second. One criterion group per
//! function (named after it), inputs spread over the domain its `Spec`
//! declares; benchmark ids `std`, `{backend}` (accurate tier) and
//! `{backend}-{tier}` (other tiers).
//!
//! ```text
//! cargo bench --bench kernels                 # all
//! cargo bench --bench kernels -- NAME/        # one function, by its name
//! python3 tools/bench_table.py                # README table from target/criterion
//! ```
//! Kernels run out of place (input -> output), so no copy is timed with
//! them: on some VMs glibc's memcpy for 1-64 KiB is slower than a kernel.

use actkern::{Activation, Backend, Binary, Kernels, Precision};
use actkern_testkit::reference::{Std, naive_pairs, naive_slice};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 3] = [256, 4096, 65536];

/// `n` inputs spread evenly over `range`, in a scrambled order.
fn inputs(n: usize, range: (f32, f32)) -> Vec<f32> {
    actkern_testkit::rng::spread(n, range).collect()
}

/// The benchmark id of a handle: the backend's name, with the tier's after
/// a dash unless it is the default one.
fn label(k: &Kernels) -> String {
    if k.precision() == Precision::default() {
        k.backend().name().to_string()
    } else {
        format!("{}-{}", k.backend().name(), k.precision().name())
    }
}

fn group(c: &mut Criterion, a: Activation, kernels: &[Kernels]) {
    let spec = a.spec();
    let mut g = c.benchmark_group(spec.name);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(1));
    g.sample_size(20);
    for n in SIZES {
        let x = inputs(n, spec.domain);
        let mut y = vec![0.0f32; n];
        g.throughput(Throughput::Elements(n as u64));
        if naive_slice::<Std>(a, &x, &mut y) {
            g.bench_with_input(BenchmarkId::new("std", n), &x, |b, x| {
                b.iter(|| naive_slice::<Std>(a, black_box(x), black_box(&mut y)))
            });
        }
        for k in kernels {
            g.bench_with_input(BenchmarkId::new(label(k), n), &x, |b, x| {
                b.iter(|| k.apply(a, black_box(x), black_box(&mut y)).unwrap())
            });
        }
    }
    g.finish();
}

/// The same for a function of two inputs: first inputs over its domain,
/// second inputs in [-4, 4].
fn group_binary(c: &mut Criterion, f: Binary, kernels: &[Kernels]) {
    let spec = f.spec();
    let mut g = c.benchmark_group(spec.name);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(1));
    g.sample_size(20);
    for n in SIZES {
        let a = inputs(n, spec.domain);
        let b = inputs(n, (-4.0, 4.0));
        let mut y = vec![0.0f32; n];
        g.throughput(Throughput::Elements(n as u64));
        if naive_pairs::<Std>(f, &a, &b, &mut y) {
            g.bench_with_input(BenchmarkId::new("std", n), &a, |bch, a| {
                bch.iter(|| naive_pairs::<Std>(f, black_box(a), black_box(&b), black_box(&mut y)))
            });
        }
        for k in kernels {
            g.bench_with_input(BenchmarkId::new(label(k), n), &a, |bch, a| {
                bch.iter(|| {
                    k.apply_binary(f, black_box(a), black_box(&b), black_box(&mut y))
                        .unwrap()
                })
            });
        }
    }
    g.finish();
}

fn bench(c: &mut Criterion) {
    let kernels: Vec<Kernels> = Backend::ALL
        .iter()
        .filter_map(|&b| Kernels::new(b).ok())
        .flat_map(|k| Precision::ALL.iter().map(move |&p| k.with_precision(p)))
        .collect();
    for &a in Activation::ALL {
        group(c, a, &kernels);
    }
    for &f in Binary::ALL {
        group_binary(c, f, &kernels);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
