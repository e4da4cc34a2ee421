//! Generates `src/kernels/half_fixes.rs`: for every element-wise and
//! parametric function (default parameters, in `Activation::ALL` order) and
//! each half format (`f16`, then `bf16`), the inputs whose exact result
//! lies near a rounding boundary of the format, with their correctly
//! rounded results. The Accurate kernels compute in `f32` (within the
//! bound `b` of their declaration) and round once; where their `f32`
//! result is within `W = ceil(2 b)` `f32` steps of a boundary they look the
//! input up in the list instead.
//!
//! ```text
//! cargo run --release --example half_fixes              # the summary table
//! cargo run --release --example half_fixes -- --write   # write the file
//! cargo run --release --example half_fixes -- --check   # exit 1 if it differs
//! ```
//!
//! An input `h` is listed if `r`, its `f64` reference (the test kit's,
//! never actkern's kernels), rounded to the nearest `f32` `y0`, has a
//! rounding boundary of the format within `W + 2` `f32` steps of `|y0|`
//! (the two `f32` values that far below and above round differently);
//! its entry is `r` correctly rounded to the format (a tie on a midpoint
//! of the format decided by `reference::element_tail`, where the exact
//! result is not on it). NaN inputs and results,
//! and results that round to `±0` or `±inf` in `f32` (so in the format
//! too), are not listed. The file is formatted by `rustfmt --edition 2024`
//! (which must be on the `PATH`), and `--check` compares after formatting.

use actkern::{Activation, Kind, Precision};
use actkern_testkit::check::{bound, is_default};
use actkern_testkit::half::{Format, midpoint_distance};
use actkern_testkit::reference;
use std::io::Write;
use std::process::{Command, ExitCode, Stdio};

/// The generated file.
const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/kernels/half_fixes.rs");

/// The extra `f32` steps a list covers beyond the kernels' window: `y0`
/// itself is half an `f32` ULP from `r`, up to one step (two across a
/// binade boundary).
const MARGIN: u32 = 2;

/// One function's list for one format.
struct List {
    activation: Activation,
    format: Format,
    window: i32,
    entries: Vec<(u16, u16)>,
    /// Inputs (not NaN) without a reference.
    missing: usize,
    /// Listed inputs whose reference is exactly a midpoint of the format.
    ties: usize,
    /// Of those, the ones decided by `reference::element_tail` (the exact
    /// result is not on the midpoint).
    tails: usize,
    /// The smallest distance from a listed reference to the format's
    /// nearest midpoint, in `f64` ULP of the reference (ties aside).
    closest: f64,
}

/// The kernels' window for `a`: `ceil(2 b)`, `b` its Accurate bound.
fn window(a: Activation) -> i32 {
    (2.0 * bound(a, Precision::Accurate)).ceil() as i32
}

/// A listed reference (not on a midpoint) must lie at least this many
/// `f64` ULP from the format's nearest midpoint: the references are good
/// to a few, at worst some tens of, `f64` ULP (`reference.rs`), so that
/// rounding one gives the exact result's rounding.
const TRUST: f64 = 1024.0;

fn list(a: Activation, format: Format) -> List {
    let w = window(a);
    let reach = w as u32 + MARGIN;
    let mut out = List {
        activation: a,
        format,
        window: w,
        entries: Vec::new(),
        missing: 0,
        ties: 0,
        tails: 0,
        closest: f64::INFINITY,
    };
    for h in 0..=u16::MAX {
        if format.is_nan(h) {
            continue;
        }
        let x = format.to_f32(h);
        let Some(r) = reference::element(a, x) else {
            out.missing += 1;
            continue;
        };
        if r.is_nan() {
            continue;
        }
        let y0 = r as f32;
        if y0 == 0.0 || y0.is_infinite() {
            continue;
        }
        let mag = y0.abs().to_bits();
        let lo = f32::from_bits(mag.saturating_sub(reach));
        let hi = f32::from_bits((mag + reach).min(0x7F80_0000));
        if format.round_f32(lo) == format.round_f32(hi) {
            continue;
        }
        let tail = reference::element_tail(a, x);
        out.entries.push((h, format.round_tail(r, tail)));
        let d = midpoint_distance(format, r);
        if d == 0.0 {
            // On a midpoint: exact there (a rational function), or the
            // tail says on which side the exact result is. A tiny input
            // without a tail is where series terms vanish below f64's
            // precision: the reference cannot be trusted to be exact.
            out.ties += 1;
            if tail != 0.0 {
                out.tails += 1;
            } else if (x as f64).abs() < reference::TAIL_BELOW {
                panic!(
                    "{} on {} {h:#06x} (x = {x:e}): the reference {r:e} is a midpoint of \
                     the format at a tiny input; teach reference::element_tail which side \
                     the exact result is on",
                    a.name(),
                    format.name()
                );
            }
        } else {
            assert!(
                d >= TRUST,
                "{} on {} {h:#06x} (x = {x:e}): the reference {r:e} is {d} f64 ULP from a \
                 midpoint of the format, too close to trust its rounding",
                a.name(),
                format.name()
            );
            out.closest = out.closest.min(d);
        }
    }
    // Inputs in bit order are not sorted as keys are: sort by bits.
    out.entries.sort_unstable_by_key(|&(h, _)| h);
    out
}

fn lists() -> Vec<List> {
    let mut all = Vec::new();
    for &a in Activation::ALL {
        if !matches!(a.spec().kind, Kind::Elementwise | Kind::Parametric) {
            continue;
        }
        assert!(
            is_default(a),
            "{a:?}: Activation::ALL holds default parameters"
        );
        for f in Format::ALL {
            all.push(list(a, f));
        }
    }
    all
}

fn name(l: &List) -> String {
    format!(
        "{}_{}",
        l.activation.name().to_uppercase(),
        l.format.name().to_uppercase()
    )
}

/// The file's text before formatting.
fn render(lists: &[List]) -> String {
    let mut s = String::from(
        "//! Generated by `cargo run --release --example half_fixes -- --write`
//! (from the test kit's independent `f64` references); do not edit.
//!
//! Each list holds the inputs of one function (default parameters) and one
//! format whose exact result lies within `window + 2` `f32` steps of a
//! rounding boundary of the format, with the correctly rounded result; the
//! kernels look a lane up only when their `f32` result is within `window`
//! steps of a boundary.

use super::element::Fixes;

",
    );
    for l in lists {
        let n = l.entries.len();
        let items: Vec<String> = l
            .entries
            .iter()
            .map(|&(h, c)| format!("(0x{h:04X}, 0x{c:04X})"))
            .collect();
        s += &format!(
            "/// `{}` on `{}` inputs: {n} input{}.\n",
            l.activation.name(),
            l.format.name(),
            if n == 1 { "" } else { "s" }
        );
        s += &format!(
            "pub(crate) const {}: Fixes = Fixes::new({}, &[{}]);\n",
            name(l),
            l.window,
            items.join(", ")
        );
    }
    s
}

/// `text` through `rustfmt --edition 2024` (stdin to stdout).
fn rustfmt(text: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin for rustfmt")?;
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    writer
        .join()
        .map_err(|_| "rustfmt writer panicked")?
        .map_err(|e| format!("writing to rustfmt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt output: {e}"))
}

fn summary(lists: &[List]) {
    println!(
        "{:<14} {:<5} {:>2} {:>8} {:>5} {:>5} {:>12}",
        "function", "fmt", "W", "entries", "ties", "tails", "closest"
    );
    for l in lists {
        let closest = if l.closest.is_finite() {
            format!("{:.3e}", l.closest)
        } else {
            "-".to_string()
        };
        println!(
            "{:<14} {:<5} {:>2} {:>8} {:>5} {:>5} {:>12}",
            l.activation.name(),
            l.format.name(),
            l.window,
            l.entries.len(),
            l.ties,
            l.tails,
            closest
        );
    }
    let total: usize = lists.iter().map(|l| l.entries.len()).sum();
    println!("{total} entries in all");
    println!(
        "ties: listed references exactly on a midpoint of the format (exact results \
         there, or decided by reference::element_tail: tails); closest: the nearest \
         other listed reference to a midpoint, in f64 ULP (at least {TRUST})"
    );
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.as_slice() {
        [] => None,
        [m] if m == "--write" || m == "--check" => Some(m.as_str()),
        _ => {
            eprintln!("usage: half_fixes [--write | --check]");
            return ExitCode::from(2);
        }
    };
    let lists = lists();
    summary(&lists);
    for l in &lists {
        if l.missing > 0 {
            eprintln!(
                "{} has no reference for {} {} inputs",
                l.activation.name(),
                l.missing,
                l.format.name()
            );
            if l.entries.is_empty() && mode.is_some() {
                eprintln!("refusing to write an empty list for lack of a reference");
                return ExitCode::FAILURE;
            }
        }
    }
    let Some(mode) = mode else {
        return ExitCode::SUCCESS;
    };
    let text = match rustfmt(&render(&lists)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if mode == "--write" {
        if let Err(e) = std::fs::write(PATH, &text) {
            eprintln!("cannot write {PATH}: {e}");
            return ExitCode::FAILURE;
        }
        println!("wrote {PATH}");
        return ExitCode::SUCCESS;
    }
    let committed = match std::fs::read_to_string(PATH) {
        Ok(t) => t,
        Err(e) => {
            println!("cannot read {PATH}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if committed == text {
        println!("{PATH} is up to date");
        return ExitCode::SUCCESS;
    }
    let (mut old, mut new) = (committed.lines(), text.lines());
    for n in 1.. {
        match (old.next(), new.next()) {
            (Some(o), Some(g)) if o == g => continue,
            (o, g) => {
                println!(
                    "{PATH} differs at line {n}:\n  committed: {}\n  generated: {}",
                    o.unwrap_or("(end of file)"),
                    g.unwrap_or("(end of file)")
                );
                break;
            }
        }
    }
    println!("regenerate it with `cargo run --release --example half_fixes -- --write`");
    ExitCode::FAILURE
}
