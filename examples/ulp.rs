//! Measures the ULP error (`docs/ulp.md`) of every element-wise and
//! parametric function of the table (default parameters) on every
//! available backend and precision tier, against the `f64` references of
//! `actkern-testkit`, and checks it against the documented bounds.
//!
//! ```text
//! cargo run --release --example ulp                 # every 257th f32 bit pattern
//! cargo run --release --example ulp -- --exhaustive # all 2^32 inputs
//!     [--stride N] [--fn NAME] [--threads N]
//!     [--markdown FILE]  # write the table of maxima (docs/bounds.md)
//!     [--check FILE]     # fail if FILE's cells differ from this run's
//! ```
//! `--stride N` checks every Nth bit pattern (for emulated targets, where
//! all 2^32 would take hours). Exits non-zero if any bound is exceeded, or
//! if `--check` finds a difference. Columns of backends this host cannot
//! run are written as `–` and not compared.

use actkern::{Activation, Backend, Kernels, Kind, Precision};
use actkern_testkit::check::bound;
use actkern_testkit::reference;
use actkern_testkit::ulp::ulp_error;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

const BLOCK: u64 = 1 << 16;
const UNAVAILABLE: &str = "–";

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

    // Every (backend, tier) this host runs.
    let handles: Vec<Kernels> = Backend::ALL
        .iter()
        .filter_map(|&b| Kernels::new(b).ok())
        .flat_map(|k| Precision::ALL.iter().map(move |&p| k.with_precision(p)))
        .collect();
    let skipped: Vec<String> = Backend::ALL
        .iter()
        .filter(|b| !b.is_available())
        .map(|b| b.to_string())
        .collect();
    println!(
        "ulp: {} inputs per function (stride {stride}), skipped backends (not available here) {skipped:?}, {threads} threads",
        (1u64 << 32) / stride,
    );

    let mut md = String::from("| function | tier | documented bound |");
    for b in Backend::ALL {
        md += &format!(" {b} |");
    }
    md += "\n|---|---|---|";
    md += &"---|".repeat(Backend::ALL.len());
    md += "\n";
    let mut failed = false;
    let pointwise = Activation::ALL
        .iter()
        .copied()
        .filter(|a| matches!(a.spec().kind, Kind::Elementwise | Kind::Parametric));
    for a in pointwise.filter(|a| only.as_deref().is_none_or(|o| o == a.name())) {
        let t0 = Instant::now();
        let worst = measure(a, &handles, stride, threads);
        let secs = t0.elapsed().as_secs_f64();
        for &p in Precision::ALL {
            let b_doc = bound(a, p);
            md += &format!("| {a} | {p} | {b_doc:.1} |");
            for &b in Backend::ALL {
                let Some(i) = handles
                    .iter()
                    .position(|k| k.backend() == b && k.precision() == p)
                else {
                    md += &format!(" {UNAVAILABLE} |");
                    continue;
                };
                let w = worst[i];
                let ok = w.err <= b_doc;
                failed |= !ok;
                println!(
                    "{:8} {:8} {:8} max {:.4} ULP at x = {:e} ({:#010x}) -> {:e}; bound {b_doc}: {}{}",
                    a.name(),
                    b.to_string(),
                    p.to_string(),
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
                md += &format!(" {:.3} |", w.err);
            }
            md += "\n";
        }
        println!("{:8} ({secs:.1} s)", "");
    }

    if let Some(path) = opt("--markdown") {
        std::fs::write(&path, &md).expect("write markdown");
        println!("wrote {path}");
    }
    if let Some(path) = opt("--check") {
        let committed = std::fs::read_to_string(&path).expect("read the committed table");
        match compare(&committed, &md) {
            Ok(n) => println!("{path}: the {n} cells measured here match"),
            Err(e) => {
                println!("{path} differs from this run: {e}\nregenerate it with --markdown {path}");
                failed = true;
            }
        }
    }
    if failed {
        println!("FAILED");
        std::process::exit(1);
    }
}

/// Compares two tables cell by cell, skipping cells that are `–` in the
/// fresh one (backends not available here). Returns the cells compared.
fn compare(committed: &str, fresh: &str) -> Result<usize, String> {
    let rows = |t: &str| -> Vec<Vec<String>> {
        t.lines()
            .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
            .collect()
    };
    let (old, new) = (rows(committed), rows(fresh));
    if old.len() != new.len() {
        return Err(format!(
            "{} rows committed, {} measured",
            old.len(),
            new.len()
        ));
    }
    let mut n = 0;
    for (o, f) in old.iter().zip(&new) {
        if o.len() != f.len() {
            return Err(format!("row {o:?} has other columns than {f:?}"));
        }
        for (oc, fc) in o.iter().zip(f) {
            if fc == UNAVAILABLE {
                continue;
            }
            if oc != fc {
                return Err(format!("committed row {o:?}, measured {f:?}"));
            }
            n += 1;
        }
    }
    Ok(n)
}

/// Max error per handle over bit patterns `0, stride, 2*stride, ...`; the
/// reference is computed once per input for all handles.
fn measure(a: Activation, handles: &[Kernels], stride: u64, threads: usize) -> Vec<Worst> {
    let total = (1u64 << 32).div_ceil(stride);
    let blocks = total.div_ceil(BLOCK);
    let next = AtomicU64::new(0);
    let result = Mutex::new(vec![Worst::default(); handles.len()]);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut local = vec![Worst::default(); handles.len()];
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
                        r[i] = reference::element(a, x[i]).expect("a reference for every function");
                        rr[i] = r[i] as f32;
                    }
                    for (hi, k) in handles.iter().enumerate() {
                        k.apply(a, &x[..n], &mut y[..n]).unwrap();
                        let b = bound(a, k.precision());
                        let w = &mut local[hi];
                        for i in 0..n {
                            if y[i].to_bits() == rr[i].to_bits() && w.err >= 0.5 {
                                continue;
                            }
                            let e = ulp_error(y[i], r[i]);
                            if e > b || e.is_nan() {
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
