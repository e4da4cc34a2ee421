//! Measures the ULP error (`docs/ulp.md`) of every element-wise and
//! parametric function of the table (default parameters) on every
//! available backend and precision tier, against the `f64` references of
//! `actkern-testkit`, and checks it against the documented bounds.
//!
//! ```text
//! cargo run --release --example ulp                 # every 257th f32 bit pattern
//! cargo run --release --example ulp -- --exhaustive # all 2^32 inputs
//!     [--stride N] [--others-stride N] [--binary-stride N] [--full B1,B2]
//!     [--fn NAME] [--threads N]
//!     [--markdown FILE]  # write the table of maxima (docs/bounds.md)
//!     [--check FILE]     # fail if FILE's cells differ from this run's
//! cargo run --release --example ulp -- --half       # f16 and bf16 slices
//!     [--fn NAME] [--threads N] [--markdown FILE] [--check FILE]
//! ```
//! `--stride N` checks every Nth bit pattern (for emulated targets, where
//! all 2^32 would take hours). `--others-stride N` checks every Nth of
//! those on the backends other than the fully measured ones: the detected
//! backend, or the list given with `--full` (CI: all 2^32 on the detected
//! backend, every 257th pattern on the others). `--binary-stride N`
//! multiplies the stride of the functions of two inputs by N (CI: 16, which
//! keeps the stage within its time budget). Sampled cells are marked
//! `(1/N)`. `--check` compares a cell only where the committed table
//! measured it the same way (both over every input, or both with the same
//! sample), so the committed table, whose simd256 and simd512 columns
//! cover all 2^32 inputs, checks on any x86-64 CPU: on an AVX2-only one
//! the simd256 column is compared, on an AVX-512 one the simd512 column;
//! every cell is checked against the bounds. A Fast tier that runs the Accurate kernel (`Tier::
//! shares_accurate`, the same instantiated code) is not run twice: its row
//! repeats the Accurate one. Functions of two inputs are measured over all
//! first inputs for a few fixed second inputs. Exits non-zero if any bound
//! is exceeded, if any result leaves the function's declared range
//! (`Spec::range`), or if `--check` finds a difference. Columns of backends
//! this host cannot run are written as `–` and not compared.
//!
//! `--half` measures `f16` and `bf16` slices instead, in ULP of the format
//! (`actkern_testkit::half`), every function of `Activation::ALL` and
//! `Binary::ALL` on every backend this host runs, both tiers: element-wise
//! and parametric ones (default parameters) on all 65,536 inputs of each
//! format, counting the results that are not the correctly rounded one;
//! row-wise ones on deterministic random rows, two-input ones on
//! deterministic random pairs (as `tests/backends/half.rs` makes them). It
//! fails if an Accurate element-wise result is not correctly rounded, or
//! if any other is more than 1 ULP of the format off (the Fast tier's tail
//! rule of `docs/ulp.md` applied). Its `--markdown` rewrites only the
//! section of FILE between `<!-- half:begin -->` and `<!-- half:end -->`
//! (appended if missing), and its `--check` compares only that section;
//! the `f32` mode's `--markdown` keeps that section and its `--check`
//! ignores it.

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
others). CI runs `--exhaustive --others-stride 257 --binary-stride 16 --check \
docs/bounds.md`: all 2^32 inputs of every function of one input on the \
detected backend, in both tiers, every 16th of the first inputs of the \
functions of two inputs, and every 257th of those bit patterns on the other \
backends (sparser samples than the table's, which keep CI within its time \
budget; those cells are checked against the bounds only); \
it fails if any result exceeds its bound or if a cell of the detected \
backend differs from the table (an AVX2-only CPU compares the simd256 \
column, an AVX-512 one the simd512 column).
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
    /// Results outside the declared range (`Spec::range`), and the first
    /// input that gave one.
    outside: u64,
    outside_x: f32,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--half") {
        half::main(&args);
        return;
    }
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
    let binary_stride: u64 = opt("--binary-stride")
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
        "ulp: {} inputs per function (stride {stride}; x{binary_stride} for functions of two inputs) on {full:?}, every {others}th of those on the other backends; skipped backends (not available here) {skipped:?}, {threads} threads",
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
        let stride = match t {
            Target::Unary(_) => stride,
            Target::Binary(..) => stride * binary_stride,
        };
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
                // The cell's sample: every `s`th bit pattern.
                let (w, s) = (worst[i], stride * run[i].1);
                let ok = w.err <= b_doc && w.outside == 0;
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
                    } + &if w.outside > 0 {
                        let (lo, hi) = t.range();
                        format!(
                            " ({} results outside the range [{lo:e}, {hi:e}], the first at x = {:e})",
                            w.outside, w.outside_x
                        )
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
        // The half section (`--half`) is kept as it is.
        let kept = std::fs::read_to_string(&path)
            .ok()
            .and_then(|old| half_section(&old).map(|(b, _)| old[b..].to_string()));
        let text = match kept {
            Some(section) => format!("{md}\n{section}"),
            None => md.clone(),
        };
        std::fs::write(&path, text).expect("write markdown");
        println!("wrote {path}");
    }
    if let Some(path) = opt("--check") {
        let committed = std::fs::read_to_string(&path).expect("read the committed table");
        // The half section's rows are `--half --check`'s.
        let committed = match half_section(&committed) {
            Some((b, e)) => format!("{}{}", &committed[..b], &committed[e..]),
            None => committed,
        };
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
    fn range(self) -> (f32, f32) {
        match self {
            Target::Unary(a) => a.spec().range,
            Target::Binary(f, _) => f.spec().range,
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
                    // The sample of the block, gathered once per stride
                    // (the sampled handles share one), not once per handle.
                    let mut sampled_every = 0u64;
                    for (hi, &(k, every)) in handles.iter().enumerate() {
                        // This handle's sample of the block.
                        let (xv, rv, rrv) = if every == 1 {
                            (&x[..n], &r[..n], &rr[..n])
                        } else {
                            if sampled_every != every {
                                xs.clear();
                                rs.clear();
                                rrs.clear();
                                // The first multiple of `every` at or after `first`.
                                let start = (first.div_ceil(every) * every - first) as usize;
                                for i in (start..n).step_by(every as usize) {
                                    xs.push(x[i]);
                                    rs.push(r[i]);
                                    rrs.push(rr[i]);
                                }
                                sampled_every = every;
                            }
                            (&xs[..], &rs[..], &rrs[..])
                        };
                        let m = xv.len();
                        t.run(k, xv, &mut y[..m], &mut b);
                        let bd = t.bound(k.precision());
                        let w = &mut local[hi];
                        let (lo, hi_r) = t.range();
                        for i in 0..m {
                            if y[i] < lo || y[i] > hi_r {
                                if w.outside == 0 {
                                    w.outside_x = xv[i];
                                }
                                w.outside += 1;
                            }
                            // Equal to the rounded reference: within 0.5
                            // ULP, and exact where the reference is an f32.
                            if y[i].to_bits() == rrv[i].to_bits()
                                && (w.err >= 0.5 || rrv[i] as f64 == rv[i])
                            {
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
                                    ..*w
                                };
                            }
                        }
                    }
                }
                let mut g = result.lock().unwrap();
                for (g, l) in g.iter_mut().zip(&local) {
                    let (over, outside) = (g.over + l.over, g.outside + l.outside);
                    let outside_x = if g.outside > 0 {
                        g.outside_x
                    } else {
                        l.outside_x
                    };
                    if l.err > g.err {
                        *g = *l;
                    }
                    (g.over, g.outside, g.outside_x) = (over, outside, outside_x);
                }
            });
        }
    });
    result.into_inner().unwrap()
}

/// The first line of the half-precision section of `docs/bounds.md`.
const HALF_BEGIN: &str = "<!-- half:begin -->";
/// Its last line.
const HALF_END: &str = "<!-- half:end -->";

/// Where the half section of `text` lies: from the start of its first
/// marker's line to past its last marker's line (its newline included).
fn half_section(text: &str) -> Option<(usize, usize)> {
    let b = text.find(HALF_BEGIN)?;
    let e = b + text[b..].find(HALF_END)? + HALF_END.len();
    let e = if text[e..].starts_with('\n') {
        e + 1
    } else {
        e
    };
    Some((b, e))
}

/// `--half`: every function on `f16` and `bf16` slices, against the test
/// kit's `f64` references in the units of the format
/// (`actkern_testkit::half`), as `tests/backends/half.rs` checks them.
mod half {
    use super::{HALF_BEGIN, HALF_END, UNAVAILABLE, half_section};
    use actkern::half::{bf16, f16};
    use actkern::{Activation, Backend, Binary, Kernels, Kind, Precision};
    use actkern_testkit::check::is_default;
    use actkern_testkit::half::{Format, ulp_error};
    use actkern_testkit::reference::{self, RowMetric};
    use actkern_testkit::rng::Rng;
    use std::fmt::Write as _;
    use std::time::Instant;

    /// Results below this magnitude may be off by [`TAIL`] in the Fast
    /// tier (`tests/backends/half.rs`).
    const TAIL_LIMIT: f64 = 1.0 / (1u64 << 21) as f64;
    /// The Fast tier's absolute error there (`2^-24`) plus the format's
    /// rounding.
    const TAIL: f64 = 1.0 / (1u64 << 23) as f64;
    /// The bound of every cell but the correctly rounded ones, in ULP of
    /// the format.
    const BOUND: f64 = 1.0;
    /// Row lengths and ranges of the row-wise functions (those of
    /// `tests/backends/half.rs`), taken `ROUNDS` times.
    const LENGTHS: [usize; 10] = [1, 2, 7, 8, 9, 16, 17, 100, 1000, 4099];
    const RANGES: [(f64, f64); 4] = [(-1.0, 1.0), (-10.0, 10.0), (-100.0, 100.0), (-6e4, 6e4)];
    const ROUNDS: usize = 16;
    /// Pairs of the functions of two inputs.
    const PAIRS: usize = 1 << 20;
    /// Inputs listed per cell whose results are not correctly rounded.
    const SHOWN: usize = 8;

    /// What the table says a cell is measured against: correct rounding
    /// (Accurate, element-wise at default parameters) or [`BOUND`].
    const CR: &str = "cr";

    use actkern_testkit::half::Elem as Half;

    /// What a table row measures.
    #[derive(Clone, Copy)]
    enum Target {
        Unary(Activation),
        Binary(Binary),
    }

    impl Target {
        fn name(self) -> &'static str {
            match self {
                Target::Unary(a) => a.name(),
                Target::Binary(f) => f.name(),
            }
        }
        /// Whether every result must be the correctly rounded one in tier
        /// `p` (else within [`BOUND`]).
        fn rounds_correctly(self, p: Precision) -> bool {
            p == Precision::Accurate && self.elementwise()
        }
        fn elementwise(self) -> bool {
            match self {
                Target::Unary(a) => {
                    matches!(a.spec().kind, Kind::Elementwise | Kind::Parametric) && is_default(a)
                }
                Target::Binary(_) => false,
            }
        }
    }

    /// One cell: a function on one format, backend and tier.
    #[derive(Clone, Default)]
    struct Cell {
        /// The maximum error (infinite for a wrong NaN or infinity).
        err: f64,
        /// Where: the input, the result and the reference.
        at: String,
        /// Results compared.
        n: u64,
        /// Whether the correctly rounded results were compared
        /// (element-wise functions), and how many differed.
        cr: bool,
        miss: u64,
        /// The first [`SHOWN`] of those: input, result, correctly rounded.
        misses: Vec<(u16, u16, u16)>,
        /// Results over [`BOUND`].
        over: u64,
    }

    impl Cell {
        fn add(&mut self, e: f64, at: impl FnOnce() -> String) {
            let e = if e.is_nan() { f64::INFINITY } else { e };
            self.n += 1;
            if e > BOUND {
                self.over += 1;
            }
            if e > self.err || self.at.is_empty() {
                self.err = e;
                self.at = at();
            }
        }
        /// The table's text: `cr` if every result was correctly rounded,
        /// else the maximum error to 2 decimals.
        fn text(&self) -> String {
            if self.cr && self.miss == 0 {
                CR.to_string()
            } else if self.err.is_infinite() {
                "inf".to_string()
            } else {
                format!("{:.2}", self.err)
            }
        }
        fn ok(&self, must_round: bool) -> bool {
            if must_round {
                self.cr && self.miss == 0
            } else {
                self.err <= BOUND
            }
        }
    }

    /// The error of `y` in ULP of the format, with the Fast tier's tail
    /// rule (`error` of `tests/backends/half.rs`).
    fn error(f: Format, p: Precision, y: u16, r: f64) -> f64 {
        let e = ulp_error(f, y, r);
        if p == Precision::Fast && r.abs() < TAIL_LIMIT && (f.to_f32(y) as f64 - r).abs() <= TAIL {
            return 0.0;
        }
        e
    }

    fn is_quiet_nan(f: Format, y: u16) -> bool {
        let quiet = match f {
            Format::F16 => 0x0200,
            Format::Bf16 => 0x0040,
        };
        f.to_f32(y).is_nan() && y & quiet != 0
    }

    /// `b` as bits and value.
    fn show(f: Format, b: u16) -> String {
        format!("{b:#06x} ({:e})", f.to_f32(b))
    }

    /// All 65,536 inputs of an element-wise function: the error of each
    /// result and whether it is the correctly rounded one.
    fn elements<E: Half>(a: Activation, ks: &[Kernels]) -> Vec<Cell> {
        let f = E::F;
        let x: Vec<E> = (0..=u16::MAX).map(E::of).collect();
        // The reference and its correct rounding (`half::correctly_rounded`,
        // computed from the same reference once).
        let r: Vec<Option<f64>> = (0..=u16::MAX)
            .map(|h| reference::element(a, f.to_f32(h)))
            .collect();
        let want: Vec<Option<u16>> = (0..=u16::MAX)
            .zip(&r)
            .map(|(h, r)| r.map(|r| f.round_tail(r, reference::element_tail(a, f.to_f32(h)))))
            .collect();
        let mut y = vec![E::of(0x7E01); x.len()];
        ks.iter()
            .map(|&k| {
                k.apply(a, &x, &mut y).expect("equal lengths");
                let p = k.precision();
                let mut c = Cell {
                    cr: true,
                    ..Cell::default()
                };
                for h in 0..=u16::MAX {
                    let i = h as usize;
                    let (Some(r), Some(w)) = (r[i], want[i]) else {
                        continue;
                    };
                    let yb = y[i].bits();
                    let (e, right) = if r.is_nan() {
                        let q = is_quiet_nan(f, yb);
                        (if q { 0.0 } else { f64::INFINITY }, q)
                    } else {
                        let zero = |b: u16| b & 0x7FFF == 0;
                        (error(f, p, yb, r), yb == w || (zero(yb) && zero(w)))
                    };
                    if !right {
                        c.miss += 1;
                        if c.misses.len() < SHOWN {
                            c.misses.push((h, yb, w));
                        }
                    }
                    c.add(e, || {
                        format!(
                            "input {} -> {}, correctly rounded {} (reference {r:e})",
                            show(f, h),
                            show(f, yb),
                            show(f, w)
                        )
                    });
                }
                c
            })
            .collect()
    }

    /// Deterministic random rows, as `tests/backends/half.rs` makes them
    /// (its rows first), each output against the `f64` row function of the
    /// exact inputs: ULP of the format, log-softmax's at `max(|y|, 1)`.
    fn rows<E: Half>(a: Activation, ks: &[Kernels]) -> Vec<Cell> {
        let f = E::F;
        let log = reference::row_metric(a) == RowMetric::Log;
        let frac = match f {
            Format::F16 => 10,
            Format::Bf16 => 7,
        };
        let mut cells = vec![Cell::default(); ks.len()];
        let mut rng = Rng::new(23);
        for round in 0..ROUNDS {
            for &n in &LENGTHS {
                for &(lo, hi) in &RANGES {
                    let x: Vec<E> = (0..n)
                        .map(|_| E::of(f.round(rng.uniform(lo, hi) as f64)))
                        .collect();
                    let xf: Vec<f32> = x.iter().map(|v| f.to_f32(v.bits())).collect();
                    let mut r = vec![0.0f64; n];
                    if !reference::row(a, &xf, &mut r) {
                        continue;
                    }
                    let mut y = x.clone();
                    for (k, c) in ks.iter().zip(&mut cells) {
                        k.apply(a, &x, &mut y).expect("equal lengths");
                        for (i, (&yi, &ri)) in y.iter().zip(&r).enumerate() {
                            let yb = yi.bits();
                            let inf = |b: u16| f.to_f32(b).is_infinite();
                            let e = if log && (inf(yb) || inf(f.round(ri))) {
                                // As `docs/ulp.md`'s infinities: a result
                                // beyond the format's range (below
                                // -65520 in f16) must be its infinity.
                                if yb == f.round(ri) {
                                    0.0
                                } else {
                                    f64::INFINITY
                                }
                            } else if log {
                                // The spacing of the format at max(|r|, 1).
                                let at = ri.abs().max(1.0);
                                let exp = ((at.to_bits() >> 52) & 0x7FF) as i32 - 1023;
                                let spacing = 2f64.powi(exp - frac);
                                (f.to_f32(yb) as f64 - ri).abs() / spacing
                            } else {
                                error(f, k.precision(), yb, ri)
                            };
                            c.add(e, || {
                                format!(
                                    "round {round}, row of {n} in [{lo}, {hi}], output {i} (input {}) -> {}, reference {ri:e}",
                                    show(f, x[i].bits()),
                                    show(f, yb)
                                )
                            });
                        }
                    }
                }
            }
        }
        cells
    }

    /// Deterministic random pairs, as `tests/backends/half.rs` makes them:
    /// a third of the first inputs and a quarter of the second ones any
    /// bit pattern, the others uniform in the domain and in `[-8, 8)`.
    fn pairs<E: Half>(g: Binary, ks: &[Kernels]) -> Vec<Cell> {
        let f = E::F;
        let mut rng = Rng::new(29);
        let (lo, hi) = g.spec().domain;
        let a: Vec<E> = (0..PAIRS)
            .map(|i| {
                E::of(if i % 3 == 0 {
                    rng.next_u64() as u16
                } else {
                    f.round(rng.uniform(lo as f64, hi as f64) as f64)
                })
            })
            .collect();
        let b: Vec<E> = (0..PAIRS)
            .map(|i| {
                E::of(if i % 4 == 0 {
                    rng.next_u64() as u16
                } else {
                    f.round(rng.uniform(-8.0, 8.0) as f64)
                })
            })
            .collect();
        let r: Vec<Option<f64>> = a
            .iter()
            .zip(&b)
            .map(|(ai, bi)| reference::pair(g, f.to_f32(ai.bits()), f.to_f32(bi.bits())))
            .collect();
        let mut y = a.clone();
        ks.iter()
            .map(|&k| {
                k.apply_binary(g, &a, &b, &mut y).expect("equal lengths");
                let mut c = Cell::default();
                for i in 0..PAIRS {
                    let Some(ri) = r[i] else { continue };
                    let yb = y[i].bits();
                    let e = if ri.is_nan() {
                        if is_quiet_nan(f, yb) {
                            0.0
                        } else {
                            f64::INFINITY
                        }
                    } else {
                        error(f, k.precision(), yb, ri)
                    };
                    c.add(e, || {
                        format!(
                            "inputs ({}, {}) -> {}, reference {ri:e}",
                            show(f, a[i].bits()),
                            show(f, b[i].bits()),
                            show(f, yb)
                        )
                    });
                }
                c
            })
            .collect()
    }

    fn measure<E: Half>(t: Target, ks: &[Kernels]) -> Vec<Cell> {
        match t {
            Target::Unary(a) if a.spec().kind == Kind::Rowwise => rows::<E>(a, ks),
            Target::Unary(a) => elements::<E>(a, ks),
            Target::Binary(g) => pairs::<E>(g, ks),
        }
    }

    /// The section's paragraph (`--check` compares the table's rows only).
    fn note() -> String {
        format!(
            "Maximum error of `f16` and `bf16` slices in ULP of their format (`docs/ulp.md` \
with `f32` replaced by the format; in the Fast tier, the tail rule: an error of at most `2^-23` \
where the exact result is below `2^-21` counts as 0) per function, format, tier and backend, \
parametric functions at their default parameters. Element-wise functions are measured on all \
65,536 inputs of each format; `{CR}` means every result is the correctly rounded one (the test \
kit's `f64` reference rounded to the format; a zero of either sign where that is a zero), which \
the Accurate tier guarantees. Row-wise functions are measured on {} deterministic random rows \
of 1 to 4,099 elements, from [-1, 1] to [-6e4, 6e4] (log-softmax in ULP of the format at \
`max(|y|, 1)`, and an exact result beyond the format's range must give its infinity), two-input functions on 2^20 deterministic random pairs (`tests/backends/half.rs` \
makes both the same way); their bound, and the Fast tier's, is 1 ULP. `{UNAVAILABLE}` is a \
backend the measuring CPU did not have. Regenerate with `cargo run --release --example ulp -- \
--half --markdown docs/bounds.md` (seconds once built); `--half --check docs/bounds.md` fails if a \
result exceeds its bound or if a cell measured here differs.",
            ROUNDS * LENGTHS.len() * RANGES.len()
        )
    }

    pub fn main(args: &[String]) {
        let t0 = Instant::now();
        let opt = |name: &str| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1).cloned())
        };
        let only = opt("--fn");
        let threads: usize = opt("--threads")
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        // Tier-major, as the table's columns.
        let handles: Vec<Kernels> = Precision::ALL
            .iter()
            .flat_map(|&p| {
                Backend::ALL
                    .iter()
                    .filter_map(move |&b| Kernels::new(b).ok().map(|k| k.with_precision(p)))
            })
            .collect();
        let skipped: Vec<String> = Backend::ALL
            .iter()
            .filter(|b| !b.is_available())
            .map(|b| b.to_string())
            .collect();
        println!(
            "ulp --half: f16 and bf16 on {} backend(s) x {} tiers; skipped backends (not available here) {skipped:?}, {threads} threads",
            handles.len() / Precision::ALL.len(),
            Precision::ALL.len()
        );

        let targets: Vec<Target> = Activation::ALL
            .iter()
            .map(|&a| Target::Unary(a))
            .chain(Binary::ALL.iter().map(|&g| Target::Binary(g)))
            .filter(|t| only.as_deref().is_none_or(|o| o == t.name()))
            .collect();
        let jobs: Vec<(Target, Format)> = targets
            .iter()
            .flat_map(|&t| Format::ALL.iter().map(move |&f| (t, f)))
            .collect();
        // (cells, seconds) per job, measured by `threads` workers.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results = std::sync::Mutex::new(vec![None; jobs.len()]);
        std::thread::scope(|s| {
            for _ in 0..threads.min(jobs.len()) {
                s.spawn(|| {
                    loop {
                        let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&(t, f)) = jobs.get(j) else { break };
                        let t1 = Instant::now();
                        let cells = match f {
                            Format::F16 => measure::<f16>(t, &handles),
                            Format::Bf16 => measure::<bf16>(t, &handles),
                        };
                        results.lock().unwrap()[j] = Some((cells, t1.elapsed().as_secs_f64()));
                    }
                });
            }
        });
        let results = results.into_inner().unwrap();

        let mut table = String::from("| function | format |");
        for &p in Precision::ALL {
            for (i, b) in Backend::ALL.iter().enumerate() {
                if i == 0 {
                    let _ = write!(table, " {p} {b} |");
                } else {
                    let _ = write!(table, " {b} |");
                }
            }
        }
        table += "\n|---|---|";
        table += &"---|".repeat(Precision::ALL.len() * Backend::ALL.len());
        table += "\n";
        let mut failed = false;
        let mut problems: Vec<String> = Vec::new();
        for (&(t, f), res) in jobs.iter().zip(&results) {
            let (cells, secs) = res.as_ref().expect("every job measured");
            let _ = write!(table, "| {} | {} |", t.name(), f.name());
            for &p in Precision::ALL {
                let must_round = t.rounds_correctly(p);
                for &b in Backend::ALL {
                    let Some(i) = handles
                        .iter()
                        .position(|k| k.backend() == b && k.precision() == p)
                    else {
                        let _ = write!(table, " {UNAVAILABLE} |");
                        continue;
                    };
                    let c = &cells[i];
                    let ok = c.ok(must_round);
                    failed |= !ok;
                    let _ = write!(table, " {} |", c.text());
                    println!(
                        "{:12} {:4} {:8} {:8} max {:.4} ULP ({} results) at {}{}; bound {}: {}",
                        t.name(),
                        f.name(),
                        b.to_string(),
                        p.to_string(),
                        c.err,
                        c.n,
                        c.at,
                        if c.cr {
                            format!(", {} not correctly rounded", c.miss)
                        } else {
                            String::new()
                        },
                        if must_round {
                            "correctly rounded".to_string()
                        } else {
                            format!("{BOUND} ULP")
                        },
                        if ok { "ok" } else { "EXCEEDED" },
                    );
                    if !ok {
                        let mut s = format!(
                            "{} {} on {b} {p}: max {:.4} ULP at {}; {} results over {BOUND} ULP",
                            t.name(),
                            f.name(),
                            c.err,
                            c.at,
                            c.over
                        );
                        if must_round {
                            let _ = write!(s, "; {} of {} not correctly rounded", c.miss, c.n);
                            for &(h, y, w) in &c.misses {
                                let _ = write!(
                                    s,
                                    "\n    input {} -> {}, correctly rounded {}",
                                    show(f, h),
                                    show(f, y),
                                    show(f, w)
                                );
                            }
                        }
                        problems.push(s);
                    }
                }
            }
            table += "\n";
            println!("{:12} {:4} ({secs:.2} s)", "", "");
        }

        let section = format!(
            "{HALF_BEGIN}\n### Half precision (f16, bf16)\n\n{}\n\n{table}{HALF_END}\n",
            note()
        );
        if let Some(path) = opt("--markdown") {
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            let text = match half_section(&old) {
                Some((b, e)) => format!("{}{section}{}", &old[..b], &old[e..]),
                None if old.is_empty() => section.clone(),
                None if old.ends_with('\n') => format!("{old}\n{section}"),
                None => format!("{old}\n\n{section}"),
            };
            std::fs::write(&path, text).expect("write markdown");
            println!("wrote the half section of {path}");
        }
        if let Some(path) = opt("--check") {
            let committed = std::fs::read_to_string(&path).expect("read the committed table");
            let result = match half_section(&committed) {
                Some((b, e)) => compare(&committed[b..e], &table, only.is_some()),
                None => Err(format!("no {HALF_BEGIN} ... {HALF_END} section")),
            };
            match result {
                Ok(n) => println!("{path}: the {n} half-precision cells measured here match"),
                Err(e) => {
                    println!(
                        "{path}'s half section differs from this run: {e}\nregenerate it with --half --markdown {path}"
                    );
                    failed = true;
                }
            }
        }
        println!("ulp --half: {:.1} s", t0.elapsed().as_secs_f64());
        for p in &problems {
            println!("EXCEEDED: {p}");
        }
        if failed {
            println!("FAILED");
            std::process::exit(1);
        }
    }

    /// The committed section's table rows against this run's: the same
    /// rows (function and format) in the same order, and every cell equal
    /// where neither side is `–` (a backend not run there). Returns the
    /// cells compared. With `--fn`, only the rows measured.
    fn compare(committed: &str, fresh: &str, subset: bool) -> Result<usize, String> {
        let rows = |t: &str| -> Vec<Vec<String>> {
            t.lines()
                .filter(|l| l.starts_with('|'))
                .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
                .collect()
        };
        let (old, new) = (rows(committed), rows(fresh));
        let key = |r: &Vec<String>| (r.get(1).cloned(), r.get(2).cloned());
        let mut n = 0;
        for f in &new {
            let Some(o) = old.iter().find(|o| key(o) == key(f)) else {
                return Err(format!("no committed row {:?}", key(f)));
            };
            if o.len() != f.len() {
                return Err(format!("row {o:?} has other columns than {f:?}"));
            }
            for (oc, fc) in o.iter().zip(f) {
                if fc == UNAVAILABLE || oc == UNAVAILABLE {
                    continue;
                }
                if oc != fc {
                    return Err(format!("committed row {o:?}, measured {f:?}"));
                }
                n += 1;
            }
        }
        if subset || new.len() == old.len() {
            Ok(n)
        } else {
            Err(format!(
                "{} rows committed, {} measured",
                old.len(),
                new.len()
            ))
        }
    }
}
