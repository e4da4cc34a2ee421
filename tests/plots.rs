//! The plots example (`examples/plots.rs`, included here): it writes a
//! well-formed SVG per figure for every function of `Activation::ALL`, the
//! lines in them are actkern's results (recomputed here, and found at their
//! pixels in the SVG), the committed `docs/plots/` are those of a fresh run,
//! and the speed chart is drawn from a CSV or skipped without one.
//!
//! Not under Miri (file IO) nor on wasm (plotters is a host
//! dev-dependency).
#![cfg(not(any(miri, target_family = "wasm")))]

#[allow(dead_code)]
#[path = "../examples/plots.rs"]
mod example;

use actkern::{Activation, Kernels, Kind, Precision};
use actkern_testkit::check;
use actkern_testkit::reference::{self, Std};
use actkern_testkit::ulp::ulp_error;
use example::plots::{self, Figure, Line, Panel, Series};
use std::path::{Path, PathBuf};

/// A fresh directory for one test's output.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("plots-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A peer CSV: every function of the table, two implementations, two sizes.
fn sample_csv(dir: &Path) -> PathBuf {
    let mut csv =
        String::from("function,n,impl,median_ns_per_elem,min_ns_per_elem,max_ns_per_elem\n");
    for (i, a) in Activation::ALL.iter().enumerate() {
        for n in [256, 4096] {
            let t = 1.0 + i as f64 / 4.0;
            csv += &format!("{a},{n},std,{t},{},{}\n", t * 0.9, t * 1.2);
            csv += &format!("{a},{n},actkern-detected-accurate,{},0.1,0.3\n", t / 8.0);
        }
    }
    let path = dir.join("peers.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn run(name: &str) -> (PathBuf, Vec<Figure>) {
    let dir = scratch(name);
    let csv = sample_csv(&dir);
    let out = dir.join("plots");
    let figures = plots::write_all(&out, &csv).unwrap_or_else(|e| panic!("write_all: {e}"));
    (out, figures)
}

/// One parsed element: name and attributes.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The five predefined entities and numeric references.
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(';')
            .ok_or_else(|| format!("unterminated entity in {s:?}"))?;
        let ent = &rest[i + 1..i + end];
        out.push(match ent {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => ent
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix('x') {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse().ok(),
                })
                .and_then(char::from_u32)
                .ok_or_else(|| format!("unknown entity &{ent};"))?,
        });
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A minimal XML well-formedness check (tags balanced and properly
/// nested, attributes quoted and unique, no stray `<` or bad entity, one
/// root): the elements in document order and the text nodes.
fn parse_xml(s: &str) -> Result<(Vec<Element>, Vec<String>), String> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.');
    let mut elements = Vec::new();
    let mut texts = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = s;
    loop {
        let Some(lt) = rest.find('<') else {
            if !rest.trim().is_empty() && stack.is_empty() {
                return Err(format!("text after the root: {rest:?}"));
            }
            break;
        };
        let text = &rest[..lt];
        if text.contains('>') && stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        let t = unescape(text)?;
        if !t.trim().is_empty() {
            if stack.is_empty() {
                return Err(format!("text outside the root: {t:?}"));
            }
            texts.push(t.trim().to_string());
        }
        rest = &rest[lt..];
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->").ok_or("unterminated comment")? + 3..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>").ok_or("unterminated declaration")? + 2..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("</") {
            let gt = r.find('>').ok_or("unterminated end tag")?;
            let name = r[..gt].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            rest = &r[gt + 1..];
            continue;
        }
        // A start tag: name, attributes, `>` or `/>`.
        let mut r = &rest[1..];
        let n = r.find(|c: char| !is_name(c)).unwrap_or(r.len());
        if n == 0 {
            return Err(format!("bad tag at {:?}", &rest[..rest.len().min(40)]));
        }
        let mut el = Element {
            name: r[..n].to_string(),
            attrs: Vec::new(),
        };
        r = &r[n..];
        let closed = loop {
            r = r.trim_start();
            if let Some(after) = r.strip_prefix("/>") {
                r = after;
                break true;
            }
            if let Some(after) = r.strip_prefix('>') {
                r = after;
                break false;
            }
            let k = r.find(|c: char| !is_name(c)).unwrap_or(r.len());
            if k == 0 {
                return Err(format!("bad attribute in <{}>", el.name));
            }
            let key = r[..k].to_string();
            r = r[k..].trim_start();
            r = r
                .strip_prefix('=')
                .ok_or_else(|| format!("attribute {key} without a value"))?
                .trim_start();
            let q = r
                .chars()
                .next()
                .filter(|c| matches!(c, '"' | '\''))
                .ok_or_else(|| format!("unquoted attribute {key}"))?;
            let end = r[1..]
                .find(q)
                .ok_or_else(|| format!("unterminated attribute {key}"))?;
            let raw = &r[1..1 + end];
            if raw.contains('<') {
                return Err(format!("'<' in attribute {key}"));
            }
            if el.attrs.iter().any(|(k2, _)| *k2 == key) {
                return Err(format!("duplicate attribute {key} in <{}>", el.name));
            }
            el.attrs.push((key, unescape(raw)?));
            r = &r[1 + end + 1..];
        };
        if stack.is_empty() {
            roots += 1;
        }
        if !closed {
            stack.push(el.name.clone());
        }
        elements.push(el);
        rest = r;
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok((elements, texts))
}

fn read_svg(path: &Path) -> (String, Vec<Element>, Vec<String>) {
    let s = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (elements, texts) =
        parse_xml(&s).unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display()));
    assert_eq!(elements[0].name, "svg", "{}", path.display());
    assert!(s.starts_with("<svg"), "{}", path.display());
    (s, elements, texts)
}

fn polylines(elements: &[Element]) -> Vec<Vec<(i32, i32)>> {
    elements
        .iter()
        .filter(|e| e.name == "polyline")
        .map(|e| {
            e.attr("points")
                .unwrap_or("")
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').expect("x,y");
                    (x.parse().expect("x"), y.parse().expect("y"))
                })
                .collect()
        })
        .collect()
}

/// Where the panel draws `(x, y)`, from its corners.
fn pixel(p: &Panel, x: f64, y: f64) -> (f64, f64) {
    let y = if p.log_y { y.log10() } else { y };
    let ((x0, y0), (x1, y1)) = p.corners;
    let tx = (x - p.x.0) / (p.x.1 - p.x.0);
    let ty = (y - p.y.0) / (p.y.1 - p.y.0);
    (
        x0 as f64 + tx * (x1 - x0) as f64,
        y0 as f64 + ty * (y1 - y0) as f64,
    )
}

/// The signed ULP error, recomputed here.
fn signed(y: f32, r: f64) -> f64 {
    let e = ulp_error(y, r);
    if e == 0.0 {
        0.0
    } else {
        e.copysign(y as f64 - r)
    }
}

/// `(y, reference)` of `a` on `x` with `k`, or the naive `std` formula.
fn results(a: Activation, k: Option<Kernels>, x: &[f32]) -> Vec<(f32, f64)> {
    let mut y = vec![0.0f32; x.len()];
    match k {
        Some(k) => k.apply(a, x, &mut y).unwrap(),
        None => assert!(reference::naive_slice::<Std>(a, x, &mut y)),
    }
    let mut r = vec![0.0f64; x.len()];
    if a.spec().kind == Kind::Rowwise {
        assert!(reference::row(a, x, &mut r));
    } else {
        for (r, &x) in r.iter_mut().zip(x) {
            *r = reference::element(a, x).unwrap();
        }
    }
    y.into_iter().zip(r).collect()
}

/// The series' `y`, recomputed from actkern and the test kit, against the
/// figure's.
fn check_values(p: &Panel, s: &Series, what: &str) {
    let x: Vec<f32> = s.points.iter().map(|&(x, _)| x as f32).collect();
    let got: Vec<f64> = s.points.iter().map(|&(_, y)| y).collect();
    let cap = 10f64.powf(p.y.1);
    let abs = |r: Vec<(f32, f64)>| -> Vec<f64> {
        r.iter()
            .map(|&(y, r)| signed(y, r).abs().max(plots::LOG_FLOOR).min(cap))
            .collect()
    };
    let want: Vec<f64> = match s.line {
        Line::Value(a) => {
            let mut y = vec![0.0f32; x.len()];
            Kernels::detect().apply(a, &x, &mut y).unwrap();
            assert!(y.iter().all(|v| v.is_finite()), "{what}");
            y.iter().map(|&v| v as f64).collect()
        }
        Line::Error(k, a) => {
            let res = results(a, Some(k), &x);
            for &other in &s.same {
                let o = results(a, Some(other), &x);
                assert!(
                    o.iter().zip(&res).all(|(u, v)| check::same(u.0, v.0)),
                    "{what}: {} drawn as {} but differs",
                    other.backend(),
                    k.backend()
                );
            }
            res.iter()
                .map(|&(y, r)| signed(y, r).clamp(p.y.0, p.y.1))
                .collect()
        }
        Line::AbsError(k, a) => abs(results(a, Some(k), &x)),
        Line::NaiveAbsError(a) => abs(results(a, None, &x)),
        Line::Bound(a, prec, sign) => {
            let b = check::bound(a, prec);
            if a.spec().kind == Kind::Rowwise {
                // b + |x_i - max|, clipped to the panel.
                for &(_, y) in &s.points {
                    assert!(sign * y >= b.max(plots::LOG_FLOOR) - 1e-9, "{what}: {y}");
                }
                return;
            }
            let b = if p.log_y { b.max(plots::LOG_FLOOR) } else { b };
            vec![sign * b; x.len()]
        }
    };
    assert_eq!(got.len(), want.len(), "{what}: {:?}", s.line);
    if let Some(i) = (0..got.len()).find(|&i| got[i].to_bits() != want[i].to_bits()) {
        panic!(
            "{what}: {:?} at x = {}: drawn {}, recomputed {}",
            s.line, x[i], got[i], want[i]
        );
    }
}

/// Every line of `f` recomputed, and found in its SVG at its pixels.
fn check_figure(f: &Figure) {
    let (_, elements, texts) = read_svg(&f.path);
    let what = f.path.display().to_string();
    for label in &f.labels {
        assert!(
            texts.iter().any(|t| t == label),
            "{what}: no text {label:?} in {texts:?}"
        );
    }
    let rects = elements.iter().filter(|e| e.name == "rect").count();
    assert!(rects > f.bars, "{what}: {rects} rects for {} bars", f.bars);
    let mut lines = polylines(&elements);
    for p in &f.panels {
        for s in &p.series {
            check_values(p, s, &what);
            let want: Vec<(f64, f64)> = s.points.iter().map(|&(x, y)| pixel(p, x, y)).collect();
            let near = |l: &Vec<(i32, i32)>| {
                l.len() == want.len()
                    && l.iter().zip(&want).all(|(&(x, y), &(wx, wy))| {
                        (x as f64 - wx).abs() <= 1.0 && (y as f64 - wy).abs() <= 1.0
                    })
            };
            let i = lines.iter().position(near).unwrap_or_else(|| {
                panic!(
                    "{what}: no polyline of {} points at the pixels of {:?}",
                    want.len(),
                    s.line
                )
            });
            lines.swap_remove(i);
        }
    }
}

#[test]
fn every_function_has_its_figures_with_actkerns_results() {
    let (out, figures) = run("all");
    for &a in Activation::ALL {
        for file in [format!("{a}.svg"), format!("{a}-error.svg")] {
            let f = figures
                .iter()
                .find(|f| f.path == out.join(&file))
                .unwrap_or_else(|| panic!("{file} not written"));
            check_figure(f);
        }
        let curve = figures
            .iter()
            .find(|f| f.path == out.join(format!("{a}.svg")));
        let series: Vec<&Series> = curve
            .iter()
            .flat_map(|f| &f.panels)
            .flat_map(|p| &p.series)
            .collect();
        match a.spec().kind {
            Kind::Rowwise => assert!(series.is_empty()),
            _ => {
                assert!(!series.is_empty(), "{a}: no curve");
                for s in series {
                    assert_eq!(s.points.len(), plots::CURVE_POINTS, "{a}");
                }
            }
        }
        let error = figures
            .iter()
            .find(|f| f.path == out.join(format!("{a}-error.svg")))
            .unwrap();
        let n = error.panels[0]
            .series
            .iter()
            .filter(|s| matches!(s.line, Line::Error(..)))
            .map(|s| s.points.len())
            .min()
            .unwrap_or(0);
        assert!(n >= plots::ERROR_POINTS, "{a}: {n} error points");
        // Every backend this CPU runs is drawn, in the accurate tier at
        // least.
        let drawn: Vec<Kernels> = error.panels[0]
            .series
            .iter()
            .filter_map(|s| match s.line {
                Line::Error(k, _) => Some(std::iter::once(k).chain(s.same.iter().copied())),
                _ => None,
            })
            .flatten()
            .collect();
        for &b in actkern::Backend::ALL {
            if let Ok(k) = Kernels::new(b) {
                assert!(
                    drawn.contains(&k.with_precision(Precision::Accurate)),
                    "{a}: {b} missing"
                );
            }
        }
    }
    let speed = figures
        .iter()
        .find(|f| f.path == out.join(plots::SPEED))
        .expect("speed.svg");
    assert_eq!(speed.bars, 2 * Activation::ALL.len());
    check_figure(speed);
}

#[test]
fn article_figures() {
    let (out, _) = run("article");
    // The article's row-wise figure: [3, 6, 13, 6].
    let (_, _, texts) = read_svg(&out.join(format!("{}.svg", Activation::Softmax)));
    for label in ["4.53e-05", "9.10e-04", "0.998"] {
        assert!(texts.iter().any(|t| t == label), "{label} not in {texts:?}");
    }
    assert_eq!(plots::article(4.5315e-5), "4.53e-05");
    assert_eq!(plots::article(0.99813), "0.998");
    assert_eq!(plots::article(1.5e12), "1.50e+12");
    // Its ranges.
    assert_eq!(plots::curve_range(Activation::Sigmoid), (-5.0, 5.0));
    assert_eq!(plots::curve_range(Activation::Logit), (0.0, 1.0));
    assert_eq!(plots::curve_range(Activation::Relu), (-1.0, 1.0));
    let g = plots::curve_members(
        Activation::ALL
            .iter()
            .copied()
            .find(|a| a.spec().kind == Kind::Parametric)
            .unwrap(),
    )
    .unwrap();
    assert!(g.len() >= 3);
}

#[test]
fn the_same_bytes_on_every_run() {
    let (a, fa) = run("det-a");
    let (b, fb) = run("det-b");
    assert_eq!(fa.len(), fb.len());
    for f in &fa {
        let name = f.path.strip_prefix(&a).unwrap();
        assert_eq!(
            std::fs::read(&f.path).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{}",
            name.display()
        );
    }
}

#[test]
fn no_csv_no_speed_chart() {
    let dir = scratch("no-csv");
    let figures = plots::write_all(&dir, &dir.join("missing.csv")).unwrap();
    assert_eq!(figures.len(), 2 * Activation::ALL.len());
    assert!(!dir.join(plots::SPEED).exists());
}

/// `tests/coverage.rs` counts the files that name a function as a word:
/// the SVGs capitalise names.
#[test]
fn svgs_do_not_spell_function_names_in_lowercase() {
    let (out, figures) = run("names");
    assert!(figures.len() > 2 * Activation::ALL.len());
    for f in std::fs::read_dir(&out).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        for a in Activation::ALL {
            let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
            let named = text.match_indices(a.name()).any(|(i, w)| {
                let before = text[..i].chars().next_back().is_none_or(|c| !is_word(c));
                let after = text[i + w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !is_word(c));
                before && after
            });
            assert!(!named, "{a} named in lowercase in an SVG");
        }
    }
    for a in Activation::ALL {
        let t = plots::title(a.name());
        assert_eq!(
            plots::shown(&format!("x {a}(x), {a}")),
            format!("x {t}(x), {t}")
        );
    }
}

/// `docs/plots/` holds both figures of every function, well-formed; the
/// curves are those of a fresh run to within a pixel (the error figures
/// depend on the CPU's backends).
#[test]
fn committed_plots_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plots");
    let (out, _) = run("committed");
    let regenerate = "run `cargo run --release --example plots`";
    for &a in Activation::ALL {
        for file in [format!("{a}.svg"), format!("{a}-error.svg")] {
            let path = committed.join(&file);
            assert!(path.exists(), "docs/plots/{file} missing: {regenerate}");
            read_svg(&path);
        }
        let file = format!("{a}.svg");
        let old = std::fs::read_to_string(committed.join(&file)).unwrap();
        let new = std::fs::read_to_string(out.join(&file)).unwrap();
        assert!(
            same_within_a_pixel(&old, &new),
            "docs/plots/{file} is out of date: {regenerate}"
        );
    }
}

/// The same text except for integers differing by at most 1.
fn same_within_a_pixel(a: &str, b: &str) -> bool {
    fn tokens(s: &str) -> Vec<Result<i64, &str>> {
        let mut out = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            let n = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if n > 0 {
                out.push(rest[..n].parse().map_err(|_| &rest[..n]));
                rest = &rest[n..];
            } else {
                let m = rest
                    .find(|c: char| c.is_ascii_digit())
                    .unwrap_or(rest.len());
                out.push(Err(&rest[..m]));
                rest = &rest[m..];
            }
        }
        out
    }
    let (ta, tb) = (tokens(a), tokens(b));
    ta.len() == tb.len()
        && ta.iter().zip(&tb).all(|(x, y)| match (x, y) {
            (Ok(x), Ok(y)) => (x - y).abs() <= 1,
            _ => x == y,
        })
}

#[test]
fn xml_checker_rejects_malformed_documents() {
    assert!(parse_xml("<svg><g></g><text x=\"1\">a &amp; b</text></svg>").is_ok());
    for bad in [
        "<svg><g></svg>",
        "<svg>",
        "<svg></svg><svg></svg>",
        "<svg x=1></svg>",
        "<svg x=\"1\" x=\"2\"></svg>",
        "<svg>a & b</svg>",
        "<svg><text>a</g></svg>",
    ] {
        assert!(parse_xml(bad).is_err(), "{bad}");
    }
}
