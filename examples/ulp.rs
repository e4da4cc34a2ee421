//! Measures the ULP error (`docs/ulp.md`) of every element-wise and
//! parametric function of the table (default parameters) on every
//! available backend and precision tier, against the `f64` references of
//! `actkern-testkit`, and checks it against the documented bounds.
//!
//! ```text
//! cargo run --release --example ulp                 # every 257th f32 bit pattern
//! cargo run --release --example ulp -- --exhaustive # all 2^32 inputs
//!     [--stride N] [--others-stride N] [--full B1,B2] [--fn NAME] [--threads N]
//!     [--markdown FILE]  # write the table of maxima (docs/bounds.md)
//!     [--check FILE]     # fail if FILE's cells differ from this run's
//! ```
//! `--stride N` checks every Nth bit pattern (for emulated targets, where
//! all 2^32 would take hours). `--others-stride N` checks every Nth of
//! those on the backends other than the fully measured ones: the detected
//! backend, or the list given with `--full` (CI: all 2^32 on the detected
//! backend, every 61st pattern on the others). Sampled cells are marked
//! `(1/N)`. `--check` compares a cell only where the committed table
//! measured it the same way (both over every input, or both with the same
//! sample), so the committed table, whose simd256 and simd512 columns
//! cover all 2^32 inputs, checks on any x86-64 CPU: on an AVX2-only one
//! the simd256 column is compared, on an AVX-512 one the simd512 column;
//! every cell is checked against the bounds. A Fast tier that runs the Accurate kernel (`Tier::
//! shares_accurate`, the same instantiated code) is not run twice: its row
//! repeats the Accurate one. Functions of two inputs are measured over all
//! first inputs for a few fixed second inputs. Exits non-zero if any bound
//! is exceeded, or if `--check` finds a difference. Columns of backends
//! this host cannot run are written as `–` and not compared.

use actkern::{Activation, Backend, Binary, Kernels, Kind, Precision};
use actkern_testkit::check::bound;
use actkern_testkit::reference;
use actkern_testkit::ulp::tier_error;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

const BLOCK: u64 = 1 << 16;

/// What `--markdown` writes above the table (`--check` compares the
/// table's rows only).
const BOUNDS_NOTE: &str = "Maximum error in ULP (`docs/ulp.md`) per function, tier and backend, \
with parametric functions at their default parameters. A plain cell is the \
maximum over all 2^32 inputs; a cell marked `(1/61)` is the maximum over every \
61st bit pattern; `–` is a backend the measuring CPU did not have. Regenerate \
the table on an x86-64 CPU with AVX-512 with `cargo run --release --example ulp \
-- --exhaustive --full simd256,simd512 --others-stride 61 --markdown \
docs/bounds.md` (all 2^32 inputs on both x86 SIMD backends, every 61st on the \
others). CI runs `--exhaustive --others-stride 61 --check docs/bounds.md`: all \
2^32 inputs on the detected backend, every 61st on the others; it fails if \
any result exceeds its bound or if a cell it measured the way the table did \
differs (an AVX2-only CPU compares the simd256 column, an AVX-512 one the \
simd512 column, both the sampled scalar and simd128 columns).
";
const UNAVAILABLE: &str = "–";
const SAMPLED: &str = "(1/";

/// The second inputs of functions of two inputs: a plain one, and one that
/// makes a subnormal first factor's product normal.
const SECOND: [(f32, &str); 2] = [(1.0, "1"), (18_446_744_073_709_551_616.0, "2^64")];

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
    let others: u64 = opt("--others-stride")
        .and_then(|s| s.parse().ok())
        .filter(|&s| s >= 1)
        .unwrap_or(1);
    let detected = Kernels::detect().backend();
    // The backends measured at `stride` (the others every `others`th).
    let full: Vec<Backend> = match opt("--full") {
        Some(list) => list
            .split(',')
            .map(|b| b.parse().expect("--full takes backend names"))
            .collect(),
        None => vec![detected],
    };

    // Every (backend, tier) this host runs, with its sampling stride.
    let handles: Vec<(Kernels, u64)> = Backend::ALL
        .iter()
        .filter_map(|&b| Kernels::new(b).ok())
        .flat_map(|k| Precision::ALL.iter().map(move |&p| k.with_precision(p)))
        .map(|k| {
            (
                k,
                if full.contains(&k.backend()) {
                    1
                } else {
                    others
                },
            )
        })
        .collect();
    let skipped: Vec<String> = Backend::ALL
        .iter()
        .filter(|b| !b.is_available())
        .map(|b| b.to_string())
        .collect();
    println!(
        "ulp: {} inputs per function (stride {stride}) on {full:?}, every {others}th of those on the other backends; skipped backends (not available here) {skipped:?}, {threads} threads",
        (1u64 << 32) / stride,
    );

    let mut md = String::from(BOUNDS_NOTE);
    md += "\n| function | tier | documented bound |";
    for b in Backend::ALL {
        md += &format!(" {b} |");
    }
    md += "\n|---|---|---|";
    md += &"---|".repeat(Backend::ALL.len());
    md += "\n";
    let mut failed = false;
    let mut targets: Vec<Target> = Activation::ALL
        .iter()
        .filter(|a| matches!(a.spec().kind, Kind::Elementwise | Kind::Parametric))
        .map(|&a| Target::Unary(a))
        .collect();
    for &f in Binary::ALL {
        for (i, _) in SECOND.iter().enumerate() {
            targets.push(Target::Binary(f, i));
        }
    }
    for t in targets
        .into_iter()
        .filter(|t| only.as_deref().is_none_or(|o| o == t.name()))
    {
        let t0 = Instant::now();
        // A tier sharing the Accurate kernel is not run again.
        let run: Vec<(Kernels, u64)> = handles
            .iter()
            .copied()
            .filter(|(k, _)| k.precision() == Precision::Accurate || !t.shares(k.precision()))
            .collect();
        let worst = measure(t, &run, stride, threads);
        let secs = t0.elapsed().as_secs_f64();
        for &p in Precision::ALL {
            let shared = t.shares(p);
            let b_doc = t.bound(p);
            md += &format!("| {} | {p} | {b_doc:.1} |", t.label());
            for &b in Backend::ALL {
                let q = if shared { Precision::Accurate } else { p };
                let Some(i) = run
                    .iter()
                    .position(|(k, _)| k.backend() == b && k.precision() == q)
                else {
                    md += &format!(" {UNAVAILABLE} |");
                    continue;
                };
                let (w, s) = (worst[i], run[i].1);
                let ok = w.err <= b_doc;
                failed |= !ok;
                println!(
                    "{:12} {:8} {:8} max {:.4} ULP at x = {:e} ({:#010x}) -> {:e}; bound {b_doc}: {}{}{}",
                    t.label(),
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
                    },
                    if shared {
                        " (runs the accurate kernel)"
                    } else {
                        ""
                    },
                );
                if s == 1 {
                    md += &format!(" {:.3} |", w.err);
                } else {
                    md += &format!(" {:.3} {SAMPLED}{s}) |", w.err);
                }
            }
            md += "\n";
        }
        println!("{:12} ({secs:.1} s)", "");
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

/// What one row pair of the table measures: an element-wise or parametric
/// function, or a function of two inputs with its second input fixed
/// (`SECOND[i]`).
#[derive(Clone, Copy)]
enum Target {
    Unary(Activation),
    Binary(Binary, usize),
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Unary(a) => a.name(),
            Target::Binary(f, _) => f.name(),
        }
    }
    fn label(self) -> String {
        match self {
            Target::Unary(a) => a.name().to_string(),
            Target::Binary(f, i) => format!("{f} (b = {})", SECOND[i].1),
        }
    }
    fn bound(self, p: Precision) -> f64 {
        match self {
            Target::Unary(a) => bound(a, p),
            Target::Binary(f, _) => f.spec().tier(p).bound,
        }
    }
    fn shares(self, p: Precision) -> bool {
        let spec = match self {
            Target::Unary(a) => a.spec(),
            Target::Binary(f, _) => f.spec(),
        };
        p != Precision::Accurate && spec.tier(p).shares_accurate
    }
    fn reference(self, x: f32) -> f64 {
        match self {
            Target::Unary(a) => reference::element(a, x),
            Target::Binary(f, i) => reference::pair(f, x, SECOND[i].0),
        }
        .expect("a reference for every function")
    }
    fn run(self, k: Kernels, x: &[f32], y: &mut [f32], b: &mut Vec<f32>) {
        match self {
            Target::Unary(a) => k.apply(a, x, y).unwrap(),
            Target::Binary(f, i) => {
                b.clear();
                b.resize(x.len(), SECOND[i].0);
                k.apply_binary(f, x, b, y).unwrap();
            }
        }
    }
}

/// Compares two tables cell by cell where both measured the cell the same
/// way: skips cells that are `–` in either (a backend not run there), and
/// cells sampled differently (every input in one, every 61st in the
/// other). Returns the cells compared.
fn compare(committed: &str, fresh: &str) -> Result<usize, String> {
    let rows = |t: &str| -> Vec<Vec<String>> {
        t.lines()
            .filter(|l| l.starts_with('|'))
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
            // Not run on one side, or sampled another way: bounds
            // checked only.
            if fc == UNAVAILABLE || oc == UNAVAILABLE || sample(oc) != sample(fc) {
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

/// How a cell was measured: `""` for every input, `"(1/61)"` for a sample.
fn sample(cell: &str) -> &str {
    cell.find(SAMPLED).map_or("", |i| &cell[i..])
}

/// Max error per handle over bit patterns `0, stride, 2*stride, ...`
/// (every handle's own stride-th of those); the reference is computed once
/// per input for all handles.
fn measure(t: Target, handles: &[(Kernels, u64)], stride: u64, threads: usize) -> Vec<Worst> {
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
                let (mut xs, mut rs, mut rrs, mut b) =
                    (Vec::new(), Vec::new(), Vec::new(), Vec::new());
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
                        r[i] = t.reference(x[i]);
                        rr[i] = r[i] as f32;
                    }
                    for (hi, &(k, every)) in handles.iter().enumerate() {
                        // This handle's sample of the block.
                        let (xv, rv, rrv) = if every == 1 {
                            (&x[..n], &r[..n], &rr[..n])
                        } else {
                            xs.clear();
                            rs.clear();
                            rrs.clear();
                            for i in (0..n).filter(|&i| (first + i as u64).is_multiple_of(every)) {
                                xs.push(x[i]);
                                rs.push(r[i]);
                                rrs.push(rr[i]);
                            }
                            (&xs[..], &rs[..], &rrs[..])
                        };
                        let m = xv.len();
                        t.run(k, xv, &mut y[..m], &mut b);
                        let bd = t.bound(k.precision());
                        let w = &mut local[hi];
                        for i in 0..m {
                            if y[i].to_bits() == rrv[i].to_bits() && w.err >= 0.5 {
                                continue;
                            }
                            let e = tier_error(k.precision(), y[i], rv[i]);
                            if e > bd || e.is_nan() {
                                w.over += 1;
                            }
                            if e > w.err || (e.is_nan() && !w.err.is_nan()) {
                                *w = Worst {
                                    err: e,
                                    x: xv[i],
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
