//! actkern beside its peers: tract-linalg, rten-vecmath, and the naive
//! `std` and `libm` loops, single-threaded, interleaved in one run.
//!
//! ```text
//! cargo run --release --manifest-path benches/peers/Cargo.toml -- [--quick] [--csv FILE]
//!     [--fn NAME[,NAME..]] [--n LIST] [--rounds R]
//! ```
//!
//! For every function of `actkern::Activation::ALL` (`--fn` to pick) and
//! every length (`--n`, default 1..=16, 4096 and 4 Mi), every
//! implementation first runs once and is checked against the `f64`
//! reference of `actkern_testkit::reference` (within 1e-3 relative plus
//! 1e-6 absolute: a loose check that it computes the right function, not a
//! measure of accuracy); one that fails is reported and not timed.
//!
//! Then the implementations are timed round-robin: R rounds (11; 3 with
//! `--quick`), the starting implementation rotating from round to round so
//! that none always follows the same one. In a round each implementation
//! is timed for at least 2 ms, in 3 to 10 windows of at least 0.2 ms each
//! (the passes per window calibrated first, which doubles as warm-up); the
//! round's value is the median window, so that a window in which the thread
//! was descheduled (the machine is shared) does not move it. The report
//! shows, per implementation, the median of the rounds' values in ns per
//! element and their spread (min..max; in the markdown, ± half of it in %
//! of the median).
//!
//! The SIMD implementations run in place on a 64-byte-aligned buffer
//! refreshed from a pristine copy before every pass (`timing::Mode` says
//! how the refresh is kept out of the numbers; `timing::refresh` and
//! `timing::vzeroupper` the two traps: glibc `memcpy`, tract's dirty upper
//! ymm state). The naive loops exist only out of place and read the
//! pristine copy (`impls::naive_loop`). Inputs are spread evenly over the
//! function's `Spec::domain` (or the `--range` given), in a scrambled order.
//!
//! Peers are built with their own run-time CPU dispatch, as actkern is: no
//! `-C target-cpu` flags. Everything runs on the calling thread.

mod attention;
mod half;
mod impls;
mod page_edge;
mod timing;

use actkern::{Activation, Kernels, Kind};
use actkern_testkit::reference;
use impls::Impl;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use timing::{AlignedBuf, Mode};

const USAGE: &str = "\
usage: cargo run --release --manifest-path benches/peers/Cargo.toml -- [OPTIONS]

  --quick            3 rounds of >= 1 ms, n in {8, 4096}: a smoke test
  --csv FILE         also write function,n,impl,median_ns_per_elem,min_ns_per_elem,max_ns_per_elem
  --fn NAME[,NAME]   only these functions (actkern's names, as in `Activation::ALL`)
  --n LIST           lengths, e.g. 1-16,4096,4Mi (default; Ki and Mi suffixes allowed)
  --rounds R         rounds per (function, n) (default 11, --quick 3)
  --range LO,HI      inputs spread over [LO, HI] for every function instead of
                     each function's domain (e.g. -20,20: typical activations)
  --half             instead: f16 and bf16 slices against actkern f32, tract's
                     ew_f16() and a three-pass baseline (default n: 4096, 4Mi)
  --attention        instead: attention rows (scale, mask, causal, soft-cap) and
                     tiled blocks against plain softmax rows, the three-pass
                     version and naive short rows
  --page-edge        instead: each call on slices that end at an unmapped page
                     against the same call one page earlier (n = 1..=40)

Prints a markdown table (ns per element, median and spread over the rounds)
to stdout; progress and warnings go to stderr.";

/// Relative tolerance of the correctness check.
const REL_TOL: f64 = 1e-3;
/// Absolute tolerance of the correctness check (results near zero: the naive
/// log-odds near 1/2, flushed subnormals).
const ABS_TOL: f64 = 1e-6;

struct Args {
    raw: Vec<String>,
    quick: bool,
    page_edge: bool,
    half: bool,
    attention: bool,
    csv: Option<String>,
    fns: Option<Vec<String>>,
    ns: Vec<usize>,
    rounds: usize,
    range: Option<(f32, f32)>,
    target: Duration,
}

fn parse_args() -> Result<Args, String> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let mut quick = false;
    let mut page_edge = false;
    let mut half = false;
    let mut attention = false;
    let mut csv = None;
    let mut fns = None;
    let mut ns = None;
    let mut rounds = None;
    let mut range = None;
    let mut it = raw.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs {what}"))
        };
        match a.as_str() {
            "--quick" => quick = true,
            "--page-edge" => page_edge = true,
            "--half" => half = true,
            "--attention" => attention = true,
            "--csv" => csv = Some(value("a file name")?),
            "--fn" => {
                let v = value("a function name")?;
                let names = v.split(',').map(|s| s.trim().to_string());
                fns.get_or_insert_with(Vec::new).extend(names);
            }
            "--n" => ns = Some(parse_lengths(&value("a list of lengths")?)?),
            "--rounds" => {
                let v = value("a number")?;
                let r: usize = v.parse().map_err(|_| format!("bad --rounds {v}"))?;
                rounds = Some(r.max(1));
            }
            "--range" => {
                let v = value("LO,HI")?;
                let bad = || format!("bad --range {v} (LO,HI with LO < HI, finite)");
                let (lo, hi) = v.split_once(',').ok_or_else(bad)?;
                let (lo, hi): (f32, f32) = (
                    lo.trim().parse().map_err(|_| bad())?,
                    hi.trim().parse().map_err(|_| bad())?,
                );
                if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                    return Err(bad());
                }
                range = Some((lo, hi));
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if let Some(fns) = &fns {
        for f in fns {
            if f.parse::<Activation>().is_err() {
                let known: Vec<_> = Activation::ALL.iter().map(|a| a.name()).collect();
                return Err(format!(
                    "unknown function {f} (known: {})",
                    known.join(", ")
                ));
            }
        }
    }
    let default_ns = if quick {
        vec![8, 4096]
    } else {
        (1..=16).chain([4096, 4 << 20]).collect()
    };
    Ok(Args {
        raw,
        quick,
        page_edge,
        half,
        attention,
        csv,
        fns,
        ns: ns.unwrap_or(default_ns),
        rounds: rounds.unwrap_or(if quick { 3 } else { 11 }),
        range,
        target: Duration::from_millis(if quick { 1 } else { 2 }),
    })
}

/// `1-16,4096,4Mi`.
fn parse_lengths(s: &str) -> Result<Vec<usize>, String> {
    let one = |t: &str| -> Result<usize, String> {
        let t = t.trim();
        let (digits, mul) = if let Some(d) = t.strip_suffix("Mi") {
            (d, 1 << 20)
        } else if let Some(d) = t.strip_suffix("Ki") {
            (d, 1 << 10)
        } else {
            (t, 1)
        };
        match digits.parse::<usize>() {
            Ok(v) if v > 0 => Ok(v * mul),
            _ => Err(format!("bad length {t}")),
        }
    };
    let mut v = Vec::new();
    for part in s.split(',').filter(|p| !p.trim().is_empty()) {
        match part.split_once('-') {
            Some((lo, hi)) => v.extend(one(lo)?..=one(hi)?),
            None => v.push(one(part)?),
        }
    }
    if v.is_empty() {
        return Err("empty --n".into());
    }
    Ok(v)
}

/// `n` inputs spread evenly over `range`, in a scrambled order.
fn inputs(n: usize, range: (f32, f32)) -> Vec<f32> {
    actkern_testkit::rng::spread(n, range).collect()
}

/// The `f64` reference of `a` over `x`, if the test kit has one.
fn reference_of(a: Activation, x: &[f32]) -> Option<Vec<f64>> {
    if a.spec().kind == Kind::Rowwise {
        let mut out = vec![0.0; x.len()];
        reference::row(a, x, &mut out).then_some(out)
    } else {
        x.iter().map(|&v| reference::element(a, v)).collect()
    }
}

/// Whether `y` is within the loose tolerance of `r`; results beyond the
/// `f32` range count as equal to infinity or `f32::MAX`.
fn close(y: f32, r: f64) -> bool {
    if y.is_nan() || r.is_nan() {
        return y.is_nan() && r.is_nan();
    }
    let big = f32::MAX as f64 * (1.0 - REL_TOL);
    if y.is_infinite() || r.abs() > f32::MAX as f64 {
        return (y as f64).abs() >= big && r.abs() >= big && (y > 0.0) == (r > 0.0);
    }
    (y as f64 - r).abs() <= REL_TOL * r.abs() + ABS_TOL
}

/// Runs `imp` once; `None` if it is close to `want` everywhere, else a
/// description of how far off it is.
fn check(imp: &Impl, work: &mut [f32], pristine: &[f32], want: &[f64]) -> Option<String> {
    imp.run_once(work, pristine);
    let bad: Vec<usize> = (0..want.len())
        .filter(|&i| !close(work[i], want[i]))
        .collect();
    let &i = bad.first()?;
    Some(format!(
        "{} of {} outputs off, e.g. x = {:e}: got {:e}, want {:e}",
        bad.len(),
        want.len(),
        pristine[i],
        work[i],
        want[i]
    ))
}

/// One implementation's result at one (function, n).
#[derive(Clone, Copy)]
enum Cell {
    /// ns per element over the rounds.
    Timed { median: f64, min: f64, max: f64 },
    /// Failed the correctness check: not timed.
    Off,
}

struct Row {
    function: &'static str,
    n: usize,
    cells: BTreeMap<String, Cell>,
}

/// Sub-windows per round, at most: a round times every implementation for
/// `target` (2 ms) in up to this many windows of `target / SUB_WINDOWS`,
/// and keeps their median, so that a window in which the thread was
/// descheduled (other builds share the machine) does not move the round.
const SUB_WINDOWS: u32 = 10;
/// Sub-windows per round, at least, also when one pass is longer than
/// `target` (4 Mi elements).
const MIN_SUB_WINDOWS: u32 = 3;

/// Passes per timed call so that one call lasts at least `target` in wall
/// time (refreshes outside the windows included: a no-op after a 16 MiB
/// refresh would otherwise take minutes to fill 2 ms of windows), and that
/// call's wall time; the calls made on the way are the warm-up.
fn calibrate(
    imp: &Impl,
    mode: Mode,
    work: &mut [f32],
    pristine: &[f32],
    target: Duration,
) -> (usize, Duration) {
    let mut k = 1usize;
    loop {
        let wall = Instant::now();
        imp.time(mode, work, pristine, k);
        let t = wall.elapsed();
        if t >= target || k >= 1 << 30 {
            return (k, t);
        }
        let scale = target.as_secs_f64() / t.as_secs_f64().max(1e-9) * 1.2;
        k = ((k as f64 * scale).ceil() as usize).clamp(2 * k, 1 << 30);
    }
}

/// Times `imps` (which passed the check) at `n`, interleaved; ns per
/// element per implementation, one value per round, and the subtracted
/// overheads (ns per pass).
fn measure(
    imps: &[&Impl],
    pristine: &[f32],
    rounds: usize,
    target: Duration,
) -> (Vec<Vec<f64>>, [f64; 2]) {
    let n = pristine.len();
    let mode = Mode::for_len(n);
    let overheads = [impls::overhead(false), impls::overhead(true)];
    let all: Vec<&Impl> = imps.iter().copied().chain(overheads.iter()).collect();
    let mut work = AlignedBuf::new(n);
    // (passes per window, windows per round)
    let plan: Vec<(usize, usize)> = all
        .iter()
        .map(|imp| {
            let (k, t) = calibrate(imp, mode, &mut work, pristine, target / SUB_WINDOWS);
            let windows = (target.as_secs_f64() / t.as_secs_f64()).ceil() as u32;
            (k, windows.clamp(MIN_SUB_WINDOWS, SUB_WINDOWS) as usize)
        })
        .collect();
    // ns per pass, one value per round.
    let mut per_pass = vec![Vec::with_capacity(rounds); all.len()];
    let mut windows = Vec::with_capacity(SUB_WINDOWS as usize);
    for r in 0..rounds {
        for j in 0..all.len() {
            let i = (j + r) % all.len();
            let (k, w) = plan[i];
            windows.clear();
            for _ in 0..w {
                let t = all[i].time(mode, &mut work, pristine, k);
                windows.push(t.as_secs_f64() * 1e9 / k as f64);
            }
            per_pass[i].push(timing::median_min_max(&windows).0);
        }
    }
    let oh = |in_place: bool| {
        let i = imps.len() + usize::from(in_place);
        timing::median_min_max(&per_pass[i]).0
    };
    let oh = [oh(false), oh(true)];
    let ns_per_elem = imps
        .iter()
        .zip(&per_pass)
        .map(|(imp, s)| {
            let o = oh[usize::from(imp.in_place)];
            s.iter().map(|t| (t - o) / n as f64).collect()
        })
        .collect();
    (ns_per_elem, oh)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}\n");
            }
            eprintln!("{USAGE}");
            std::process::exit(if e.is_empty() { 0 } else { 2 });
        }
    };
    if args.page_edge {
        page_edge::run(args.fns.as_deref());
        return;
    }
    if args.attention {
        let started = SystemTime::now();
        let load_before = loadavg();
        let start = Instant::now();
        let table = attention::run(args.rounds, args.target);
        println!(
            "{}\n{table}",
            header(&args, started, &load_before, start.elapsed())
        );
        return;
    }
    if args.half {
        let ns = if args.raw.iter().any(|a| a == "--n") {
            args.ns.clone()
        } else {
            vec![4096, 4 << 20]
        };
        let started = SystemTime::now();
        let load_before = loadavg();
        let start = Instant::now();
        let table = half::run(args.fns.as_deref(), &ns, args.rounds, args.target);
        println!(
            "{}\n{table}",
            header(&args, started, &load_before, start.elapsed())
        );
        return;
    }
    let start = Instant::now();
    let started = SystemTime::now();
    let load_before = loadavg();

    let functions: Vec<Activation> = Activation::ALL
        .iter()
        .copied()
        .filter(|a| {
            args.fns
                .as_ref()
                .is_none_or(|f| f.iter().any(|n| n.eq_ignore_ascii_case(a.name())))
        })
        .collect();

    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    let mut legend = Vec::new();
    let mut columns: Vec<String> = impls::PEERS.iter().map(|s| s.to_string()).collect();
    let blocks = functions.len() * args.ns.len();
    let mut done = 0;
    for &a in &functions {
        let imps = impls::all(a);
        for imp in &imps {
            if !columns.contains(&imp.name) {
                columns.push(imp.name.clone());
            }
        }
        legend.push(legend_line(a, &imps));
        for &n in &args.ns {
            done += 1;
            let t0 = Instant::now();
            let range = args.range.unwrap_or(a.spec().domain);
            let pristine = AlignedBuf::from_slice(&inputs(n, range));
            let mut work = AlignedBuf::new(n);
            let mut cells = BTreeMap::new();
            let mut ok = Vec::new();
            match reference_of(a, &pristine) {
                Some(want) => {
                    for imp in &imps {
                        match check(imp, &mut work, &pristine, &want) {
                            None => ok.push(imp),
                            Some(why) => {
                                let w =
                                    format!("{} {} n={n}: {why}; not timed", imp.name, a.name());
                                eprintln!("warning: {w}");
                                warnings.push(w);
                                cells.insert(imp.name.clone(), Cell::Off);
                            }
                        }
                    }
                }
                None => {
                    let w = format!(
                        "{} has no f64 reference in the test kit: unchecked",
                        a.name()
                    );
                    eprintln!("warning: {w}");
                    warnings.push(w);
                    ok.extend(imps.iter());
                }
            }
            drop(work);
            let (samples, oh) = measure(&ok, &pristine, args.rounds, args.target);
            for (imp, s) in ok.iter().zip(&samples) {
                let (median, min, max) = timing::median_min_max(s);
                cells.insert(imp.name.clone(), Cell::Timed { median, min, max });
            }
            eprintln!(
                "[{done}/{blocks}] {} n={n}: {:?} mode, overhead {:.1} ns/pass ({:.1} with refresh), {:.1} s",
                a.name(),
                Mode::for_len(n),
                oh[0],
                oh[1],
                t0.elapsed().as_secs_f64()
            );
            rows.push(Row {
                function: a.name(),
                n,
                cells,
            });
        }
    }

    let wall = start.elapsed();
    let header = header(&args, started, &load_before, wall);
    let table = markdown(&rows, &columns);
    let mut out = String::new();
    out.push_str(&header);
    if !warnings.is_empty() {
        out.push_str("\nWarnings (not timed):\n\n");
        for w in &warnings {
            let _ = writeln!(out, "- {w}");
        }
    }
    out.push('\n');
    out.push_str(&table);
    out.push_str("\nWhat each column runs:\n\n");
    for l in &legend {
        let _ = writeln!(out, "- {l}");
    }
    print!("{out}");
    if let Some(path) = &args.csv {
        if let Err(e) = std::fs::write(path, csv(&rows, &columns)) {
            eprintln!("error: cannot write {path}: {e}");
            std::process::exit(1);
        }
        eprintln!("wrote {path}");
    }
    let _ = std::io::stdout().flush();
    eprintln!("wall time {:.1} s", wall.as_secs_f64());
}

/// One line of the legend: what each implementation of `a` runs.
fn legend_line(a: Activation, imps: &[Impl]) -> String {
    let mut s = format!("**{}**: ", a.name());
    let mut seen_actkern = false;
    let parts: Vec<String> = imps
        .iter()
        .filter_map(|imp| {
            if let Some(rest) = imp.name.strip_prefix("actkern-") {
                // One entry for actkern: the methods per tier.
                if seen_actkern || !rest.starts_with("detected") {
                    return None;
                }
                seen_actkern = true;
                let spec = a.spec();
                return Some(format!(
                    "actkern = `apply_inplace` (accurate: {}, fast: {})",
                    spec.accurate.method, spec.fast.method
                ));
            }
            Some(format!("{} = {}", imp.name, imp.detail))
        })
        .collect();
    s.push_str(&parts.join("; "));
    for p in impls::PEERS {
        if !imps.iter().any(|i| i.name == p) {
            let _ = write!(s, "; {p}: none");
        }
    }
    s
}

/// The report's header: command, date, CPU, backend, toolchain, method.
fn header(args: &Args, started: SystemTime, load_before: &str, wall: Duration) -> String {
    let mut cmd = "cargo run --release --manifest-path benches/peers/Cargo.toml --".to_string();
    for a in &args.raw {
        cmd.push(' ');
        cmd.push_str(a);
    }
    let mode = if args.quick { " (--quick)" } else { "" };
    let mut h = String::new();
    let _ = writeln!(h, "## actkern and its peers: ns per element{mode}\n");
    let _ = writeln!(h, "- command: `{cmd}`");
    let _ = writeln!(h, "- date: {}", utc(started));
    let _ = writeln!(h, "- CPU: {}", cpu());
    let _ = writeln!(
        h,
        "- actkern detected backend: {}",
        Kernels::detect().backend()
    );
    let _ = writeln!(h, "- rustc: {}", env!("RUSTC_VERSION"));
    let _ = match args.range {
        Some((lo, hi)) => writeln!(h, "- inputs: spread over [{lo}, {hi}] for every function"),
        None => writeln!(h, "- inputs: spread over each function's domain (`Spec::domain`)"),
    };
    let _ = writeln!(
        h,
        "- peers: tract-linalg 0.23.9, rten-vecmath 0.27.0 (rten-simd 0.27.0), each with its own \
         run-time CPU dispatch; built `--release`, codegen-units = 1, no target-cpu flags"
    );
    let _ = writeln!(
        h,
        "- method: single thread; in place on a 64-byte-aligned buffer refreshed (plain loop, \
         not memcpy) before every pass (naive loops: out of place from the pristine copy), \
         refresh and clock overhead subtracted; `vzeroupper` after every call; \
         implementations interleaved over {} rounds of >= {} ms each (median of 3-10 \
         windows); cell = median ns/element over the rounds ± half their min–max spread, \
         in % of the median; last columns: fastest peer's median ÷ actkern's (> 1: actkern \
         faster)",
        args.rounds,
        args.target.as_millis()
    );
    let _ = writeln!(
        h,
        "- load average (1, 5, 15 min): {load_before} at start, {} at end; wall time {:.0} s",
        loadavg(),
        wall.as_secs_f64()
    );
    h
}

/// A column's title: `actkern-simd256-fast` -> `simd256 fast`,
/// `actkern-detected-accurate` -> `detected`.
fn title(name: &str) -> String {
    let Some(rest) = name.strip_prefix("actkern-") else {
        return name.to_string();
    };
    match rest.rsplit_once('-') {
        Some((b, "accurate")) => b.to_string(),
        Some((b, t)) => format!("{b} {t}"),
        None => rest.to_string(),
    }
}

fn fmt_ns(x: f64) -> String {
    let a = x.abs();
    if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

fn fmt_cell(c: Option<&Cell>) -> String {
    match c {
        None => "–".into(),
        Some(Cell::Off) => "off".into(),
        Some(&Cell::Timed { median, min, max }) => {
            let spread = if median > 0.0 {
                (max - min) / 2.0 / median * 100.0
            } else {
                f64::NAN
            };
            format!("{} ±{spread:.0}%", fmt_ns(median))
        }
    }
}

fn median_of(c: Option<&Cell>) -> Option<f64> {
    match c {
        Some(&Cell::Timed { median, .. }) => Some(median),
        _ => None,
    }
}

fn markdown(rows: &[Row], columns: &[String]) -> String {
    let acc = "actkern-detected-accurate";
    let fast = "actkern-detected-fast";
    let mut s = String::from("| function | n |");
    for c in columns {
        let _ = write!(s, " {} |", title(c));
    }
    s.push_str(" fastest peer | peer ÷ detected | peer ÷ detected fast |\n|---|--:|");
    for _ in columns {
        s.push_str("--:|");
    }
    s.push_str("---|--:|--:|\n");
    for r in rows {
        let _ = write!(s, "| {} | {} |", r.function, r.n);
        for c in columns {
            let _ = write!(s, " {} |", fmt_cell(r.cells.get(c)));
        }
        let best = impls::PEERS
            .iter()
            .filter_map(|p| median_of(r.cells.get(*p)).map(|m| (*p, m)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((p, m)) => {
                let ratio = |k: &str| {
                    median_of(r.cells.get(k))
                        .map_or("–".to_string(), |a| format!("{:.2}×", m / a))
                };
                let _ = writeln!(s, " {p} | {} | {} |", ratio(acc), ratio(fast));
            }
            None => s.push_str(" – | – | – |\n"),
        }
    }
    s
}

fn csv(rows: &[Row], columns: &[String]) -> String {
    let mut s =
        String::from("function,n,impl,median_ns_per_elem,min_ns_per_elem,max_ns_per_elem\n");
    for r in rows {
        for c in columns {
            if let Some(&Cell::Timed { median, min, max }) = r.cells.get(c) {
                let _ = writeln!(
                    s,
                    "{},{},{c},{median:.6},{min:.6},{max:.6}",
                    r.function, r.n
                );
            }
        }
    }
    s
}

/// `model name` from /proc/cpuinfo, the logical CPU count and the SIMD
/// features that matter here.
fn cpu() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    #[cfg(target_arch = "x86_64")]
    let features = {
        let f = [
            ("avx2", std::is_x86_feature_detected!("avx2")),
            ("fma", std::is_x86_feature_detected!("fma")),
            ("avx512f", std::is_x86_feature_detected!("avx512f")),
        ];
        let has: Vec<_> = f.iter().filter(|x| x.1).map(|x| x.0).collect();
        let not: Vec<_> = f.iter().filter(|x| !x.1).map(|x| x.0).collect();
        let mut s = has.join(" ");
        if !not.is_empty() {
            let _ = write!(s, ", no {}", not.join(" "));
        }
        s
    };
    #[cfg(not(target_arch = "x86_64"))]
    let features = std::env::consts::ARCH.to_string();
    format!("{model} ({cpus} logical CPUs; {features})")
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// `YYYY-MM-DD HH:MM UTC`.
fn utc(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}
