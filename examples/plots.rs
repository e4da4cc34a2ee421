//! Writes the figures of `docs/plots/` (shown in README) as SVG, for every
//! function of `Activation::ALL`:
//!
//! - `<name>.svg`: the function as actkern computes it, axes labelled (a
//!   row-wise function as the bars of the row `[3, 6, 13, 6]`, labelled
//!   with their values);
//! - `<name>-error.svg`: its signed error in ULP against the `f64`
//!   reference of `actkern-testkit` across its domain, one line per backend
//!   this host runs, with the documented bound; below, on a log scale, the
//!   error of the naive `std` formula a user would write beside actkern's;
//! - `speed.svg`: the speed table of the peer benchmark (its `--csv`
//!   output, by default `target/peers.csv`; ns per element at n = 4096) as
//!   grouped bars, if that file exists; otherwise the committed one stays.
//!
//! ```text
//! cargo run --release --manifest-path benches/peers/Cargo.toml -- --csv target/peers.csv
//! cargo run --release --example plots [-- --out DIR] [--peers FILE]
//! ```
//! The output is deterministic: the same bytes on every run on the same
//! machine (the error figures draw the backends this CPU runs). Text is laid
//! out with DejaVu Sans (`assets/fonts/`, its licence beside it), so no
//! system font is needed. `tests/plots.rs` runs the same code and checks
//! the files against actkern's results.

use std::process::ExitCode;

#[cfg(not(target_family = "wasm"))]
fn main() -> ExitCode {
    use std::path::PathBuf;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(PathBuf::from)
    };
    let out = opt("--out").unwrap_or_else(|| root.join("docs/plots"));
    let peers = opt("--peers").unwrap_or_else(|| root.join("target/peers.csv"));
    match plots::write_all(&out, &peers) {
        Ok(figures) => {
            for f in &figures {
                let size = std::fs::metadata(&f.path).map_or(0, |m| m.len());
                println!("wrote {} ({} KiB)", f.path.display(), size.div_ceil(1024));
            }
            if !figures.iter().any(|f| f.path.ends_with(plots::SPEED)) {
                println!(
                    "no {}: skipped {} (run the peer benchmark to make it)",
                    peers.display(),
                    plots::SPEED
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("plots: {e}");
            ExitCode::FAILURE
        }
    }
}

/// plotters is a dev-dependency of hosts only (its font support does not
/// build for wasm).
#[cfg(target_family = "wasm")]
fn main() -> ExitCode {
    eprintln!("plots: not available on wasm");
    ExitCode::SUCCESS
}

/// The figures; `tests/plots.rs` includes this file and calls
/// [`plots::write_all`].
#[cfg(not(target_family = "wasm"))]
pub mod plots {
    use actkern::{Activation, Backend, Gauss, Kernels, Kind, Precision};
    use actkern_testkit::check;
    use actkern_testkit::reference::{self, Std};
    use actkern_testkit::ulp::ulp_error;
    use plotters::coord::Shift;
    use plotters::prelude::*;
    use plotters::style::FontStyle;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use std::error::Error;
    use std::path::{Path, PathBuf};

    /// DejaVu Sans (`assets/fonts/LICENSE-DejaVu.txt`): plotters lays out
    /// text with it; the SVG names the family `sans-serif`.
    const FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
    const FAMILY: &str = "sans-serif";

    /// The file of the speed chart.
    pub const SPEED: &str = "speed.svg";
    /// The row of the article's figure of row-wise functions, drawn for them
    /// all.
    pub const ROW: [f32; 4] = [3.0, 6.0, 13.0, 6.0];
    /// Points of a function's curve.
    pub const CURVE_POINTS: usize = 501;
    /// Uniform samples of an error figure (the spec's edges are added).
    pub const ERROR_POINTS: usize = 2048;
    /// Where a zero error is drawn on the log panels.
    pub const LOG_FLOOR: f64 = 0.01;
    /// The problem size of the speed chart.
    pub const SPEED_N: u64 = 4096;
    /// The Gaussian's parameter sets `(mu, sigma, a)` in its figure.
    pub const GAUSSIANS: [(f32, f32, f32); 4] = [
        (0.0, 1.0, 1.0),
        (0.0, 0.5, 1.0),
        (1.0, 2.0, 0.5),
        (-2.0, 0.75, 0.8),
    ];

    /// Tableau 10.
    const COLORS: [RGBColor; 10] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(127, 127, 127),
        RGBColor(188, 189, 34),
        RGBColor(23, 190, 207),
    ];
    const NAIVE: RGBColor = RGBColor(214, 39, 40);
    const BOUND: RGBColor = RGBColor(0, 0, 0);

    type Res<T> = Result<T, Box<dyn Error>>;
    /// `(y, f64 reference)` per input.
    type Pairs = Vec<(f32, f64)>;

    /// One written file and what its lines show.
    #[derive(Debug, Clone)]
    pub struct Figure {
        /// The file written.
        pub path: PathBuf,
        /// Its panels with lines (none for bar charts).
        pub panels: Vec<Panel>,
        /// Texts the figure must show (bar labels, category names).
        pub labels: Vec<String>,
        /// Bars drawn (bar charts).
        pub bars: usize,
    }

    /// One chart of a figure: its axes and the lines drawn in it.
    #[derive(Debug, Clone)]
    pub struct Panel {
        /// The x axis range.
        pub x: (f64, f64),
        /// The y axis range (of `log10(y)` if `log_y`).
        pub y: (f64, f64),
        /// Whether y is on a log scale (points then hold `y`, drawn at
        /// `log10(y)`).
        pub log_y: bool,
        /// The pixels of `(x.0, y.0)` and `(x.1, y.1)`.
        pub corners: ((i32, i32), (i32, i32)),
        /// The lines, each one SVG `polyline`.
        pub series: Vec<Series>,
    }

    /// One line: its points (data coordinates) and what they are.
    #[derive(Debug, Clone)]
    pub struct Series {
        /// What the points are.
        pub line: Line,
        /// For [`Line::Error`]: the other handles whose results are bit for
        /// bit the same (drawn as this one line).
        pub same: Vec<Kernels>,
        /// `(x, y)` as drawn (`y` before the log of a log panel).
        pub points: Vec<(f64, f64)>,
    }

    /// What a line shows, for `tests/plots.rs` to recompute.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub enum Line {
        /// `y = a(x)` on [`Kernels::detect`], non-finite results left out.
        Value(Activation),
        /// The signed ULP error of `k` (element-wise: at each `x`; row-wise:
        /// of each output of the row of all `x`).
        Error(Kernels, Activation),
        /// `max(|error|, LOG_FLOOR)` of `k`.
        AbsError(Kernels, Activation),
        /// `max(|error|, LOG_FLOOR)` of the naive `std` formula.
        NaiveAbsError(Activation),
        /// The documented bound of tier `p` (times `sign`), a part of it
        /// inside the panel.
        Bound(Activation, Precision, f64),
    }

    /// Writes every figure into `dir` (created if needed): two per function
    /// of `Activation::ALL`, and the speed chart if `peers` exists.
    ///
    /// # Errors
    /// A file that cannot be written, a CSV that cannot be read or parsed,
    /// a function with no `f64` reference.
    pub fn write_all(dir: &Path, peers: &Path) -> Res<Vec<Figure>> {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT)
            .map_err(|_| "assets/fonts/DejaVuSans.ttf is not a font")?;
        std::fs::create_dir_all(dir)?;
        let mut out = Vec::new();
        for &a in Activation::ALL {
            let path = dir.join(format!("{}.svg", a.name()));
            out.push(match a.spec().kind {
                Kind::Rowwise => bars_figure(a, path)?,
                _ => curve_figure(a, path)?,
            });
            out.push(error_figure(
                a,
                dir.join(format!("{}-error.svg", a.name())),
            )?);
        }
        if peers.exists() {
            let csv = std::fs::read_to_string(peers)?;
            out.push(speed_figure(&csv, dir.join(SPEED))?);
        }
        Ok(out)
    }

    /// The name as a title: capitalised, so the SVGs do not spell a function
    /// name as a lowercase word (`tests/coverage.rs` counts the files that
    /// do).
    pub fn title(name: &str) -> String {
        let mut c = name.chars();
        c.next()
            .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
    }

    /// `text` with every function name of the table capitalised.
    pub fn shown(text: &str) -> String {
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let mut out = String::new();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if Activation::ALL.iter().any(|a| a.name() == word) {
                out.push_str(&title(word));
            } else {
                out.push_str(word);
            }
            word.clear();
        };
        for c in text.chars() {
            if is_word(c) {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// A value as the article prints it: three significant digits, in
    /// `1.23e-05` form below 0.01.
    pub fn article(v: f64) -> String {
        if v == 0.0 || !v.is_finite() {
            return format!("{v}");
        }
        let mag = v.abs().log10().floor();
        if (-2.0..3.0).contains(&mag) {
            format!("{v:.*}", (2.0 - mag).max(0.0) as usize)
        } else {
            let s = format!("{v:.2e}");
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let (sign, digits) = e.strip_prefix('-').map_or(("+", e), |d| ("-", d));
            format!("{m}e{sign}{digits:0>2}")
        }
    }

    /// The inputs of a function's curve: `CURVE_POINTS` midpoints of equal
    /// steps over `(lo, hi)` (so open ends, such as 0 and 1 of a domain (0, 1), are not
    /// sampled).
    pub fn curve_inputs(lo: f64, hi: f64) -> Vec<f32> {
        let n = CURVE_POINTS as f64;
        (0..CURVE_POINTS)
            .map(|i| (lo + (hi - lo) * (i as f64 + 0.5) / n) as f32)
            .collect()
    }

    /// The x range of a function's curve: the article's ranges where it
    /// drew one, else the spec's domain within [-5, 5].
    pub fn curve_range(a: Activation) -> (f64, f64) {
        match a {
            Activation::Relu => (-1.0, 1.0),
            Activation::Gauss(_) => (-4.0, 4.0),
            _ => {
                let (lo, hi) = a.spec().domain;
                ((lo as f64).max(-5.0), (hi as f64).min(5.0))
            }
        }
    }

    /// The functions drawn in `a`'s curve figure, with their legends: the
    /// article's parameter sets for the Gaussian, else `a` alone.
    pub fn curve_members(a: Activation) -> Res<Vec<(Activation, Option<String>)>> {
        Ok(match a {
            Activation::Gauss(_) => GAUSSIANS
                .iter()
                .map(|&(mu, sigma, amp)| {
                    let label = format!("mu = {mu}, sigma = {sigma}, a = {amp}");
                    Ok((Activation::Gauss(Gauss::new(mu, sigma, amp)?), Some(label)))
                })
                .collect::<Result<_, actkern::Error>>()?,
            _ => vec![(a, None)],
        })
    }

    /// `a` on `x` through [`Kernels::detect`], the points with finite
    /// results.
    pub fn values(a: Activation, x: &[f32]) -> Res<Vec<(f64, f64)>> {
        let mut y = vec![0.0f32; x.len()];
        Kernels::detect().apply(a, x, &mut y)?;
        Ok(x.iter()
            .zip(&y)
            .filter(|(_, y)| y.is_finite())
            .map(|(&x, &y)| (x as f64, y as f64))
            .collect())
    }

    /// The inputs of an error figure: `ERROR_POINTS` equal steps over the
    /// domain, and each of the spec's edges with its two neighbours either
    /// side, sorted.
    pub fn error_inputs(a: Activation) -> Vec<f32> {
        let (lo, hi) = a.spec().domain;
        let (l, h) = (lo as f64, hi as f64);
        let last = (ERROR_POINTS - 1) as f64;
        let mut x: Vec<f32> = (0..ERROR_POINTS)
            .map(|i| (l + (h - l) * i as f64 / last) as f32)
            .collect();
        for &e in a.spec().edges {
            let (mut up, mut down) = (e, e);
            x.push(e);
            for _ in 0..2 {
                up = up.next_up();
                down = down.next_down();
                x.extend([up, down]);
            }
        }
        x.retain(|v| (lo..=hi).contains(v));
        x.sort_by(f32::total_cmp);
        x.dedup_by(|p, q| p.to_bits() == q.to_bits());
        x
    }

    /// `(y, f64 reference)` of `a` on `x` with handle `k` (row-wise: the
    /// row `x`), or with the naive `std` formula if `k` is `None`.
    /// `Ok(None)` if there is no naive formula.
    pub fn results(a: Activation, k: Option<Kernels>, x: &[f32]) -> Res<Option<Pairs>> {
        let mut y = vec![0.0f32; x.len()];
        match k {
            Some(k) => k.apply(a, x, &mut y)?,
            None => {
                if !reference::naive_slice::<Std>(a, x, &mut y) {
                    return Ok(None);
                }
            }
        }
        let mut r = vec![0.0f64; x.len()];
        let found = match a.spec().kind {
            Kind::Rowwise => reference::row(a, x, &mut r),
            _ => x
                .iter()
                .zip(&mut r)
                .all(|(&x, r)| reference::element(a, x).map(|v| *r = v).is_some()),
        };
        if !found {
            return Err(format!("{a}: no f64 reference in actkern-testkit").into());
        }
        Ok(Some(y.into_iter().zip(r).collect()))
    }

    /// The signed error in ULP (`docs/ulp.md`'s `|y - r| / u` with the sign
    /// of `y - r`).
    pub fn signed(y: f32, r: f64) -> f64 {
        let e = ulp_error(y, r);
        if e == 0.0 {
            0.0
        } else {
            e.copysign(y as f64 - r)
        }
    }

    /// What a log panel draws for an error.
    pub fn floored(e: f64) -> f64 {
        e.abs().max(LOG_FLOOR)
    }

    /// `x` with `f` of each result.
    fn error_points(x: &[f32], res: &[(f32, f64)], f: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
        x.iter()
            .zip(res)
            .map(|(&x, &(y, r))| (x as f64, f(signed(y, r))))
            .collect()
    }

    /// The part of the bound's slack at `x` for a row of maximum `m`:
    /// `|x - m|` for row-wise functions (see `actkern::Kind`), else 0.
    fn slack(a: Activation, x: f64, m: f64) -> f64 {
        if a.spec().kind == Kind::Rowwise {
            (x - m).abs()
        } else {
            0.0
        }
    }

    /// The pieces of the polyline `p` inside `y0 <= y <= y1`, with the
    /// crossing points.
    fn clip(p: &[(f64, f64)], y0: f64, y1: f64) -> Vec<Vec<(f64, f64)>> {
        let inside = |y: f64| (y0..=y1).contains(&y);
        let cross = |a: (f64, f64), b: (f64, f64)| {
            let edge = if a.1.max(b.1) > y1 { y1 } else { y0 };
            let t = (edge - a.1) / (b.1 - a.1);
            (a.0 + t * (b.0 - a.0), edge)
        };
        let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut cur: Vec<(f64, f64)> = Vec::new();
        for (i, &q) in p.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| p[j]);
            match (prev, inside(q.1)) {
                (Some(pr), true) if !inside(pr.1) => cur.push(cross(pr, q)),
                (Some(pr), false) if inside(pr.1) => {
                    cur.push(cross(pr, q));
                    pieces.push(std::mem::take(&mut cur));
                }
                _ => {}
            }
            if inside(q.1) {
                cur.push(q);
            }
        }
        pieces.push(cur);
        pieces.retain(|c| c.len() >= 2);
        pieces
    }

    /// Up to 3 significant digits, `1.2e4` above 1000.
    fn ulps(v: f64) -> String {
        if v.is_infinite() {
            "inf".into()
        } else if v >= 1000.0 {
            format!("{v:.1e}")
        } else {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }

    /// A line to draw: color, legend, what it is, its pieces.
    struct Draw {
        color: RGBColor,
        width: u32,
        label: Option<String>,
        line: Line,
        same: Vec<Kernels>,
        pieces: Vec<Vec<(f64, f64)>>,
    }

    /// Axes and texts of a line panel.
    struct Axes<'a> {
        caption: &'a str,
        x: (f64, f64),
        y: (f64, f64),
        log_y: bool,
        x_desc: &'a str,
        y_desc: &'a str,
        legend: SeriesLabelPosition,
    }

    /// `10^k` as an axis label.
    fn decade(v: f64) -> String {
        let k = v.round();
        if (v - k).abs() > 1e-9 {
            return String::new();
        }
        match k as i32 {
            -2 => "0.01".into(),
            -1 => "0.1".into(),
            0 => "1".into(),
            1 => "10".into(),
            2 => "100".into(),
            k => format!("1e{k}"),
        }
    }

    /// Draws a panel of lines into `area`.
    fn line_panel(
        area: &DrawingArea<SVGBackend<'_>, Shift>,
        ax: &Axes<'_>,
        lines: Vec<Draw>,
    ) -> Res<Panel> {
        let mut chart = ChartBuilder::on(area)
            .caption(ax.caption, (FAMILY, 17))
            .margin(10)
            .margin_right(24)
            .x_label_area_size(42)
            .y_label_area_size(70)
            .build_cartesian_2d(ax.x.0..ax.x.1, ax.y.0..ax.y.1)?;
        let fmt_y = |v: &f64| {
            if ax.log_y {
                decade(*v)
            } else {
                format!("{}", Fixed(*v))
            }
        };
        let fmt_x = |v: &f64| format!("{}", Fixed(*v));
        let span = ax.y.1 - ax.y.0;
        let y_labels = if ax.log_y {
            span.round() as usize + 1
        } else {
            9
        };
        chart
            .configure_mesh()
            .x_desc(ax.x_desc)
            .y_desc(ax.y_desc)
            .x_label_formatter(&fmt_x)
            .y_label_formatter(&fmt_y)
            .y_labels(y_labels)
            .label_style((FAMILY, 13))
            .axis_desc_style((FAMILY, 15))
            .light_line_style(RGBColor(238, 238, 238))
            .max_light_lines(4)
            .draw()?;
        let corners = (
            chart.backend_coord(&(ax.x.0, ax.y.0)),
            chart.backend_coord(&(ax.x.1, ax.y.1)),
        );
        let mut series = Vec::new();
        let mut legend = false;
        for d in lines {
            let style = d.color.stroke_width(d.width);
            let mut first = true;
            for piece in d.pieces {
                let drawn: Vec<(f64, f64)> = if ax.log_y {
                    piece.iter().map(|&(x, y)| (x, y.log10())).collect()
                } else {
                    piece.clone()
                };
                let s = chart.draw_series(LineSeries::new(drawn, style))?;
                if let Some(label) = d.label.as_ref().filter(|_| first) {
                    legend = true;
                    let c = d.color;
                    s.label(label.as_str()).legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 22, y)], c.stroke_width(3))
                    });
                }
                first = false;
                series.push(Series {
                    line: d.line,
                    same: d.same.clone(),
                    points: piece,
                });
            }
        }
        if legend {
            chart
                .configure_series_labels()
                .position(ax.legend.clone())
                .label_font((FAMILY, 13))
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(160, 160, 160))
                .draw()?;
        }
        Ok(Panel {
            x: ax.x,
            y: ax.y,
            log_y: ax.log_y,
            corners,
            series,
        })
    }

    /// Axis numbers without float noise: `0.5`, `-2`, `1e-7`.
    struct Fixed(f64);

    impl std::fmt::Display for Fixed {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let v = self.0;
            // Axis key points carry float noise: -6e-17 is 0.
            if v.abs() < 1e-10 {
                return f.write_str("0");
            }
            if v.abs() >= 1e5 || v.abs() < 1e-3 {
                return write!(f, "{v:.0e}");
            }
            let s = format!("{v:.6}");
            f.write_str(s.trim_end_matches('0').trim_end_matches('.'))
        }
    }

    /// `(lo, hi)` padded by 6% (a flat range by 1 either side).
    fn padded(lo: f64, hi: f64) -> (f64, f64) {
        let d = hi - lo;
        if d > 0.0 {
            (lo - 0.06 * d, hi + 0.06 * d)
        } else {
            (lo - 1.0, hi + 1.0)
        }
    }

    /// Renders `draw` into an SVG of `size` and writes it to `path`.
    fn svg<T>(
        path: &Path,
        size: (u32, u32),
        draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Res<T>,
    ) -> Res<T> {
        let mut buf = String::new();
        let out = {
            let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
            root.fill(&WHITE)?;
            let out = draw(&root)?;
            root.present()?;
            out
        };
        std::fs::write(path, buf).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(out)
    }

    /// The curve figure of an element-wise or parametric function.
    fn curve_figure(a: Activation, path: PathBuf) -> Res<Figure> {
        let (lo, hi) = curve_range(a);
        let x = curve_inputs(lo, hi);
        let members = curve_members(a)?;
        let mut lines = Vec::new();
        let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
        for (i, (m, label)) in members.into_iter().enumerate() {
            let p = values(m, &x)?;
            for &(_, y) in &p {
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
            lines.push(Draw {
                color: COLORS[i % COLORS.len()],
                width: 2,
                label,
                line: Line::Value(m),
                same: Vec::new(),
                pieces: vec![p],
            });
        }
        let s = a.spec();
        let caption = shown(&format!("{}: y = {}", title(s.name), s.formula));
        let y_desc = shown(&format!("y = {}", s.formula));
        let panel = svg(&path, (760, 500), |root| {
            line_panel(
                root,
                &Axes {
                    caption: &caption,
                    x: (lo, hi),
                    y: padded(y0, y1),
                    log_y: false,
                    x_desc: "x",
                    y_desc: &y_desc,
                    legend: SeriesLabelPosition::UpperRight,
                },
                lines,
            )
        })?;
        Ok(Figure {
            path,
            panels: vec![panel],
            labels: vec![caption],
            bars: 0,
        })
    }

    /// The bars of a row-wise function of [`ROW`], labelled with their
    /// values.
    fn bars_figure(a: Activation, path: PathBuf) -> Res<Figure> {
        let mut y = [0.0f32; ROW.len()];
        Kernels::detect().apply(a, &ROW, &mut y)?;
        let lo = y.iter().fold(0.0f64, |m, &v| m.min(v as f64));
        let hi = y.iter().fold(0.0f64, |m, &v| m.max(v as f64));
        let s = a.spec();
        let caption = shown(&format!(
            "{} of the row [3, 6, 13, 6]: y_i = {}",
            title(s.name),
            s.formula
        ));
        let y_desc = shown(&format!("y_i = {}", s.formula));
        let mut labels = vec![caption.clone()];
        svg(&path, (760, 500), |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&caption, (FAMILY, 17))
                .margin(10)
                .margin_right(24)
                .x_label_area_size(42)
                .y_label_area_size(70)
                .build_cartesian_2d(
                    (0..ROW.len() as i32 - 1).into_segmented(),
                    lo * 1.15..hi * 1.15,
                )?;
            let fmt_x = |v: &SegmentValue<i32>| match v {
                SegmentValue::CenterOf(i) => ROW
                    .get(*i as usize)
                    .map_or_else(String::new, |x| format!("x_{i} = {x}")),
                _ => String::new(),
            };
            let fmt_y = |v: &f64| format!("{}", Fixed(*v));
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_desc("element of the row")
                .y_desc(&y_desc)
                .x_label_formatter(&fmt_x)
                .y_label_formatter(&fmt_y)
                .label_style((FAMILY, 13))
                .axis_desc_style((FAMILY, 15))
                .light_line_style(RGBColor(238, 238, 238))
                .max_light_lines(4)
                .draw()?;
            chart.draw_series(y.iter().enumerate().map(|(i, &v)| {
                let i = i as i32;
                let mut r = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), v as f64),
                    ],
                    COLORS[0].filled(),
                );
                r.set_margin(0, 0, 18, 18);
                r
            }))?;
            for (i, &v) in y.iter().enumerate() {
                let text = article(v as f64);
                let anchor = if v >= 0.0 { VPos::Bottom } else { VPos::Top };
                let style =
                    TextStyle::from((FAMILY, 15).into_font()).pos(Pos::new(HPos::Center, anchor));
                let dy = if v >= 0.0 { -4 } else { 4 };
                chart.draw_series(std::iter::once(
                    EmptyElement::at((SegmentValue::CenterOf(i as i32), v as f64))
                        + Text::new(text.clone(), (0, dy), style),
                ))?;
                labels.push(text);
            }
            Ok(())
        })?;
        Ok(Figure {
            path,
            panels: Vec::new(),
            labels,
            bars: ROW.len(),
        })
    }

    /// The error figure: signed error per backend with the bound, then
    /// `|error|` on a log scale beside the naive formula's.
    fn error_figure(a: Activation, path: PathBuf) -> Res<Figure> {
        let s = a.spec();
        let x = error_inputs(a);
        let (lo, hi) = (x[0] as f64, x[x.len() - 1] as f64);
        let m = x.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v as f64));
        let handles: Vec<Kernels> = Backend::ALL
            .iter()
            .filter_map(|&b| Kernels::new(b).ok())
            .collect();
        let tiers: Vec<Precision> = Precision::ALL
            .iter()
            .copied()
            .filter(|&p| p == Precision::Accurate || !s.tier(p).shares_accurate)
            .collect();

        // Upper panel: one line per tier and set of backends with the same
        // results bit for bit.
        let mut groups: Vec<(Vec<Kernels>, Pairs)> = Vec::new();
        for &p in &tiers {
            for &k in &handles {
                let k = k.with_precision(p);
                let res = results(a, Some(k), &x)?.unwrap_or_default();
                let same = |(g, r): &&mut (Vec<Kernels>, Pairs)| {
                    g[0].precision() == p && r.iter().zip(&res).all(|(u, v)| check::same(u.0, v.0))
                };
                match groups.iter_mut().find(|g| same(g)) {
                    Some(g) => g.0.push(k),
                    None => groups.push((vec![k], res)),
                }
            }
        }
        let mut upper = Vec::new();
        let mut worst = 0.0f64;
        for (i, (g, res)) in groups.into_iter().enumerate() {
            let pts = error_points(&x, &res, |e| e);
            worst = pts.iter().fold(worst, |w, p| w.max(p.1.abs()));
            let names: Vec<&str> = g.iter().map(|k| k.backend().name()).collect();
            let mut label = names.join(" = ");
            if tiers.len() > 1 {
                label = format!("{label} {}", g[0].precision());
            }
            if g.len() > 1 {
                label.push_str(" (the same results bit for bit)");
            }
            upper.push(Draw {
                color: COLORS[(i + 1) % COLORS.len()],
                width: 1,
                label: Some(label),
                line: Line::Error(g[0], a),
                same: g[1..].to_vec(),
                pieces: vec![pts],
            });
        }
        let b0 = tiers.iter().fold(0.0f64, |b, &p| b.max(check::bound(a, p)));
        // Twice the bound: room for the legend above it, and row-wise
        // bounds (growing with |x_i - max|) seen rising.
        let top = (2.0 * b0).max(1.1 * worst).max(0.5);
        let clipped = worst.is_infinite();
        let top = if top.is_finite() {
            top
        } else {
            (4.0 * b0).max(4.0)
        };
        for line in &mut upper {
            for piece in &mut line.pieces {
                for p in piece.iter_mut() {
                    p.1 = p.1.clamp(-top, top);
                }
            }
        }
        // The bound is constant, or b + max - x for a row: sampled at its
        // ends, or at 129 points to be drawn curved on a log scale.
        let bound_line = |b: f64, sign: f64, y0: f64, y1: f64, log: bool| {
            let n = if log && s.kind == Kind::Rowwise {
                129
            } else {
                2
            };
            let pts: Vec<(f64, f64)> = (0..n)
                .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
                .map(|v| (v, sign * (b + slack(a, v, m))))
                .collect();
            clip(&pts, y0, y1)
        };
        for &p in &tiers {
            let b = check::bound(a, p);
            let label = if s.kind == Kind::Rowwise {
                format!("documented bound ±({} + |x_i - max|) ULP", ulps(b))
            } else if b == 0.0 {
                "documented bound 0 ULP (exact)".to_string()
            } else {
                format!("documented bound ±{} ULP", ulps(b))
            };
            for sign in [1.0, -1.0] {
                upper.push(Draw {
                    color: BOUND,
                    width: 2,
                    label: (sign > 0.0).then(|| match tiers.len() {
                        1 => label.clone(),
                        _ => format!("{label} ({p})"),
                    }),
                    line: Line::Bound(a, p, sign),
                    same: Vec::new(),
                    pieces: bound_line(b, sign, -top, top, false),
                });
            }
        }

        // Lower panel: |error| of the naive formula and of the detected
        // backend, log scale.
        let k = Kernels::detect();
        let ours = results(a, Some(k), &x)?.unwrap_or_default();
        let ours_pts = error_points(&x, &ours, floored);
        let naive = results(a, None, &x)?;
        let naive_pts = naive.as_ref().map(|n| error_points(&x, n, floored));
        let max_of = |r: &[(f32, f64)]| r.iter().fold(0.0f64, |w, &(y, r)| w.max(ulp_error(y, r)));
        let ours_max = max_of(&ours);
        let naive_max = naive.as_deref().map_or(0.0, max_of);
        let finite_max = ours_pts
            .iter()
            .chain(naive_pts.iter().flatten())
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .fold(b0.max(1.0), f64::max);
        let log_top = (finite_max * 3.0).log10().ceil();
        let cap = 10f64.powf(log_top);
        let clamp = |mut p: Vec<(f64, f64)>| {
            for q in &mut p {
                q.1 = q.1.min(cap);
            }
            p
        };
        let mut lower = Vec::new();
        if let Some(n) = naive_pts {
            lower.push(Draw {
                color: NAIVE,
                width: 1,
                label: Some(format!("naive std formula: max {} ULP", ulps(naive_max))),
                line: Line::NaiveAbsError(a),
                same: Vec::new(),
                pieces: vec![clamp(n)],
            });
        }
        lower.push(Draw {
            color: COLORS[0],
            width: 1,
            label: Some(format!(
                "actkern ({}, accurate): max {} ULP",
                k.backend(),
                ulps(ours_max)
            )),
            line: Line::AbsError(k, a),
            same: Vec::new(),
            pieces: vec![clamp(ours_pts)],
        });
        let b = check::bound(a, Precision::Accurate).max(LOG_FLOOR);
        lower.push(Draw {
            color: BOUND,
            width: 2,
            label: Some("documented bound (accurate)".into()),
            line: Line::Bound(a, Precision::Accurate, 1.0),
            same: Vec::new(),
            pieces: bound_line(b, 1.0, LOG_FLOOR, cap, true),
        });

        let formula = match s.kind {
            Kind::Rowwise => format!("y_i = {} over a row of {} x_i", s.formula, x.len()),
            _ => format!("y = {}", s.formula),
        };
        let caption = shown(&format!(
            "{}: {formula}, error in ULP against f64",
            title(s.name)
        ));
        let x_desc = match s.kind {
            Kind::Rowwise => "x_i (the row: equal steps over the domain)".to_string(),
            _ => format!(
                "x ({} inputs: equal steps over the domain, and its thresholds)",
                x.len()
            ),
        };
        let upper_caption = if clipped {
            "signed error (y - f64) / ULP per backend; wrong specials clipped".to_string()
        } else {
            "signed error (y - f64) / ULP, each backend this CPU runs".to_string()
        };
        let lower_caption = "|error| on a log scale: the naive formula beside actkern";
        let panels = svg(&path, (980, 860), |root| {
            let root = root.titled(&caption, (FAMILY, 20))?;
            let (up, down) = root.split_vertically(430);
            let p1 = line_panel(
                &up,
                &Axes {
                    caption: &upper_caption,
                    x: (lo, hi),
                    y: (-top, top),
                    log_y: false,
                    x_desc: &x_desc,
                    y_desc: "signed error (ULP)",
                    legend: match s.kind {
                        Kind::Rowwise => SeriesLabelPosition::UpperLeft,
                        _ => SeriesLabelPosition::UpperRight,
                    },
                },
                upper,
            )?;
            let p2 = line_panel(
                &down,
                &Axes {
                    caption: lower_caption,
                    x: (lo, hi),
                    y: (LOG_FLOOR.log10(), log_top),
                    log_y: true,
                    x_desc: &x_desc,
                    y_desc: "|error| (ULP; 0 drawn at 0.01)",
                    legend: SeriesLabelPosition::UpperRight,
                },
                lower,
            )?;
            Ok(vec![p1, p2])
        })?;
        Ok(Figure {
            path,
            panels,
            labels: vec![caption],
            bars: 0,
        })
    }

    /// One row of `the peer benchmark's CSV`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Peer {
        /// The function's name.
        pub function: String,
        /// Elements per call.
        pub n: u64,
        /// The implementation (`std`, `actkern-simd256-accurate`, ...).
        pub imp: String,
        /// Median, minimum and maximum ns per element.
        pub ns: (f64, f64, f64),
    }

    /// The rows of the peer benchmark's CSV (header `function,n,impl,
    /// median_ns_per_elem,min_ns_per_elem,max_ns_per_elem`, any column
    /// order).
    ///
    /// # Errors
    /// A missing column or a field that does not parse.
    pub fn parse_peers(csv: &str) -> Res<Vec<Peer>> {
        let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<&str> = lines
            .next()
            .ok_or("empty CSV")?
            .split(',')
            .map(str::trim)
            .collect();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .ok_or_else(|| format!("CSV: no column {name}"))
        };
        let (f, n, i) = (col("function")?, col("n")?, col("impl")?);
        let (md, mn, mx) = (
            col("median_ns_per_elem")?,
            col("min_ns_per_elem")?,
            col("max_ns_per_elem")?,
        );
        lines
            .enumerate()
            .map(|(row, l)| {
                let c: Vec<&str> = l.split(',').map(str::trim).collect();
                let get = |j: usize| {
                    c.get(j)
                        .copied()
                        .ok_or_else(|| format!("CSV line {}: too few fields", row + 2))
                };
                let num = |j: usize| -> Res<f64> { Ok(get(j)?.parse::<f64>()?) };
                Ok(Peer {
                    function: get(f)?.to_string(),
                    n: get(n)?.parse()?,
                    imp: get(i)?.to_string(),
                    ns: (num(md)?, num(mn)?, num(mx)?),
                })
            })
            .collect()
    }

    /// The rows the speed chart draws: those at [`SPEED_N`] (else at the
    /// largest `n` measured), functions in table order, implementations in
    /// CSV order.
    pub fn speed_rows(peers: &[Peer]) -> (u64, Vec<String>, Vec<String>, Vec<Peer>) {
        let n = if peers.iter().any(|p| p.n == SPEED_N) {
            SPEED_N
        } else {
            peers.iter().map(|p| p.n).max().unwrap_or(SPEED_N)
        };
        let rows: Vec<Peer> = peers.iter().filter(|p| p.n == n).cloned().collect();
        let mut functions: Vec<String> = Activation::ALL
            .iter()
            .map(|a| a.name().to_string())
            .filter(|f| rows.iter().any(|r| &r.function == f))
            .collect();
        let mut imps: Vec<String> = Vec::new();
        for r in &rows {
            if !functions.contains(&r.function) {
                functions.push(r.function.clone());
            }
            if !imps.contains(&r.imp) {
                imps.push(r.imp.clone());
            }
        }
        (n, functions, imps, rows)
    }

    /// The speed chart: grouped bars of ns per element, whiskers from the
    /// fastest to the slowest sample.
    fn speed_figure(csv: &str, path: PathBuf) -> Res<Figure> {
        let peers = parse_peers(csv)?;
        let (n, functions, imps, rows) = speed_rows(&peers);
        if rows.is_empty() {
            return Err("the peer CSV has no rows".into());
        }
        let top = rows.iter().fold(0.0f64, |m, r| m.max(r.ns.2.max(r.ns.0))) * 1.08;
        let nf = functions.len() as f64;
        let ni = imps.len().max(1) as f64;
        let mut labels: Vec<String> = functions.iter().map(|f| title(f)).collect();
        labels.extend(imps.iter().cloned());
        let legend_h = 26 * imps.len() as u32 + 60;
        let height = legend_h.max(560);
        let bars = svg(&path, (1160, height), |root| {
            let (left, right) = root.split_horizontally(880);
            let caption =
                format!("Speed: ns per element at n = {n} (median of the peer benchmark)");
            let mut chart = ChartBuilder::on(&left)
                .caption(&caption, (FAMILY, 17))
                .margin(10)
                .x_label_area_size(42)
                .y_label_area_size(70)
                .build_cartesian_2d(-0.5..nf - 0.5, 0.0..top)?;
            let fmt_x = |v: &f64| {
                let i = v.round();
                match functions.get(i as usize) {
                    Some(f) if (v - i).abs() < 1e-9 && i >= 0.0 => title(f),
                    _ => String::new(),
                }
            };
            let fmt_y = |v: &f64| format!("{}", Fixed(*v));
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(functions.len() + 1)
                .x_label_formatter(&fmt_x)
                .y_label_formatter(&fmt_y)
                .x_desc("function")
                .y_desc("ns per element (lower is better)")
                .label_style((FAMILY, 13))
                .axis_desc_style((FAMILY, 15))
                .light_line_style(RGBColor(238, 238, 238))
                .max_light_lines(4)
                .draw()?;
            let width = 0.8 / ni;
            let mut bars = 0;
            for r in &rows {
                let (Some(fi), Some(ii)) = (
                    functions.iter().position(|f| *f == r.function),
                    imps.iter().position(|i| *i == r.imp),
                ) else {
                    continue;
                };
                let x0 = fi as f64 - 0.4 + ii as f64 * width;
                let color = COLORS[ii % COLORS.len()];
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0, 0.0), (x0 + width, r.ns.0)],
                    color.filled(),
                )))?;
                let xm = x0 + width / 2.0;
                chart.draw_series(std::iter::once(PathElement::new(
                    [(xm, r.ns.1), (xm, r.ns.2)],
                    BLACK.stroke_width(1),
                )))?;
                bars += 1;
            }
            // The legend, beside the chart.
            let font =
                TextStyle::from((FAMILY, 14).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
            right.draw(&Text::new("implementation", (10, 40), font.clone()))?;
            for (ii, imp) in imps.iter().enumerate() {
                let y = 70 + 26 * ii as i32;
                let color = COLORS[ii % COLORS.len()];
                right.draw(&Rectangle::new([(10, y - 8), (30, y + 8)], color.filled()))?;
                right.draw(&Text::new(imp.clone(), (38, y), font.clone()))?;
            }
            let note = "whiskers: fastest to slowest sample";
            let y = 70 + 26 * imps.len() as i32 + 10;
            right.draw(&Text::new(note, (10, y), font.clone()))?;
            Ok(bars)
        })?;
        Ok(Figure {
            path,
            panels: Vec::new(),
            labels,
            bars,
        })
    }
}
