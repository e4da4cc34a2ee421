//! Measures the ULP error (`shared/ULP.md`) of every element-wise kernel on
//! every available backend, against the f64 references in
//! `tests/support/reference.rs`, and checks it against the documented
//! bounds.
//!
//! ```text
//! cargo run --release --example ulp                 # every 257th f32 bit pattern
//! cargo run --release --example ulp -- --exhaustive # all 2^32 inputs
//!     [--stride N] [--fn NAME] [--threads N] [--markdown FILE]
//! ```
//! `--stride N` checks every Nth bit pattern (for emulated targets, where
//! all 2^32 would take hours). Exits non-zero if any bound is exceeded.

#[path = "../tests/support/mod.rs"]
mod support;

use actkern::{Backend, Kernels};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use support::cases::{UNARY, Unary};
use support::ulp::ulp_error;

const BLOCK: u64 = 1 << 16;

#[derive(Clone, Copy, Default)]
struct Worst {
    err: f64,
    x: f32,
    y: f32,
    over: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let exhaustive = args.iter().any(|a| a == "--exhaustive");
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let only = opt("--fn");
    let threads: usize = opt("--threads")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let stride: u64 = match opt("--stride").and_then(|s| s.parse().ok()) {
        Some(s) if s >= 1 => s,
        _ if exhaustive => 1,
        _ => 257,
    };

    let backends: Vec<Backend> = Backend::ALL
        .into_iter()
        .filter(|b| b.is_available())
        .collect();
    let skipped: Vec<String> = Backend::ALL
        .into_iter()
        .filter(|b| !b.is_available())
        .map(|b| b.to_string())
        .collect();
    println!(
        "ulp: {} inputs per function (stride {stride}), backends {:?}, skipped (not available here) {:?}, {threads} threads",
        (1u64 << 32) / stride,
        backends.iter().map(|b| b.to_string()).collect::<Vec<_>>(),
        skipped
    );

    let mut rows = Vec::new();
    let mut failed = false;
    for case in UNARY
        .iter()
        .filter(|c| only.as_deref().is_none_or(|o| o == c.name))
    {
        let t0 = Instant::now();
        let worst = measure(case, &backends, stride, threads);
        let secs = t0.elapsed().as_secs_f64();
        let mut cells = Vec::new();
        for (b, w) in backends.iter().zip(&worst) {
            let bound = case.bound(*b);
            let ok = w.err <= bound;
            failed |= !ok;
            println!(
                "{:8} {:8} max {:.4} ULP at x = {:e} ({:#010x}) -> {:e}; bound {bound}: {}{}",
                case.name,
                b.to_string(),
                w.err,
                w.x,
                w.x.to_bits(),
                w.y,
                if ok { "ok" } else { "EXCEEDED" },
                if w.over > 0 {
                    format!(" ({} inputs over)", w.over)
                } else {
                    String::new()
                }
            );
            cells.push(format!("{:.3}", w.err));
        }
        println!("{:8} ({secs:.1} s)", "");
        let bound = backends.iter().map(|b| case.bound(*b)).fold(0.0, f64::max);
        rows.push((case.name, format!("{bound:.1}"), cells));
    }

    if let Some(path) = opt("--markdown") {
        let mut md = String::from("| function | documented bound |");
        for b in &backends {
            md += &format!(" {b} |");
        }
        md += "\n|---|---|";
        md += &"---|".repeat(backends.len());
        md += "\n";
        for (name, bound, cells) in &rows {
            md += &format!("| {name} | {bound} | {} |\n", cells.join(" | "));
        }
        std::fs::write(&path, md).expect("write markdown");
        println!("wrote {path}");
    }
    if failed {
        println!("FAILED: a documented bound was exceeded");
        std::process::exit(1);
    }
}

/// Max error per backend over bit patterns `0, stride, 2*stride, ...`.
fn measure(case: &Unary, backends: &[Backend], stride: u64, threads: usize) -> Vec<Worst> {
    let total = (1u64 << 32).div_ceil(stride);
    let blocks = total.div_ceil(BLOCK);
    let next = AtomicU64::new(0);
    let result = Mutex::new(vec![Worst::default(); backends.len()]);
    let kernels: Vec<Kernels> = backends.iter().map(|&b| Kernels::new(b).unwrap()).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut local = vec![Worst::default(); backends.len()];
                let mut x = vec![0f32; BLOCK as usize];
                let mut y = vec![0f32; BLOCK as usize];
                let mut r = vec![0f64; BLOCK as usize];
                // r rounded to f32: an output equal to it is within 0.5 ULP,
                // so it cannot raise a maximum that is already >= 0.5.
                let mut rr = vec![0f32; BLOCK as usize];
                loop {
                    let blk = next.fetch_add(1, Ordering::Relaxed);
                    if blk >= blocks {
                        break;
                    }
                    let first = blk * BLOCK;
                    let n = (total - first).min(BLOCK) as usize;
                    for (i, xi) in x[..n].iter_mut().enumerate() {
                        *xi = f32::from_bits(((first + i as u64) * stride) as u32);
                    }
                    for i in 0..n {
                        r[i] = (case.reference)(x[i]);
                        rr[i] = r[i] as f32;
                    }
                    for (bi, k) in kernels.iter().enumerate() {
                        (case.run)(k, &x[..n], &mut y[..n]).unwrap();
                        let bound = case.bound(backends[bi]);
                        let w = &mut local[bi];
                        for i in 0..n {
                            if y[i].to_bits() == rr[i].to_bits() && w.err >= 0.5 {
                                continue;
                            }
                            let e = ulp_error(y[i], r[i]);
                            if e > bound {
                                w.over += 1;
                            }
                            if e > w.err || (e.is_nan() && !w.err.is_nan()) {
                                *w = Worst {
                                    err: e,
                                    x: x[i],
                                    y: y[i],
                                    over: w.over,
                                };
                            }
                        }
                    }
                }
                let mut g = result.lock().unwrap();
                for (g, l) in g.iter_mut().zip(&local) {
                    let over = g.over + l.over;
                    if l.err > g.err {
                        *g = *l;
                    }
                    g.over = over;
                }
            });
        }
    });
    result.into_inner().unwrap()
}
