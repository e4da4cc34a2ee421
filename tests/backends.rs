//! The shared test suite: every test body runs once per (backend,
//! precision tier), for every function of the table (`Activation::ALL`)
//! whose kind it applies to. A backend the host cannot run is reported as
//! `ignored` with the reason, never passed silently. (`harness = false`
//! with libtest-mimic, so that skips are decided at run time; filtering,
//! `--list` and `--test-threads` work as usual.)
//!
//! Trials are named `<function>::<test>::<backend>::<tier>`, e.g.
//! `<name>::sweep::simd256::fast`.

use actkern::{Activation, Backend, Binary, Error, Kernels, Kind, MaskedRows, Precision, scalar};
use actkern_testkit::check::{self, Failure, same};
use actkern_testkit::rng::Rng;
use actkern_testkit::{params, reference};
use libtest_mimic::{Arguments, Completion, Failed, Trial};

#[path = "backends/attention.rs"]
mod attention;
#[cfg(feature = "half")]
#[path = "backends/half.rs"]
mod half;

/// A test body for one function on one backend and tier.
type Body = fn(Activation, Kernels) -> Result<(), String>;

/// Bodies for element-wise and parametric functions (default parameters).
const POINTWISE: &[(&str, Body)] = &[
    ("sweep", sweep),
    ("edges", edges),
    ("specials", specials),
    ("nan_payloads", nan_payloads),
    ("subnormal_inputs", subnormal_inputs),
    ("lengths_and_offsets", lengths_and_offsets),
    ("length_mismatch", length_mismatch),
    ("fast_tier_shares", fast_shares),
    #[cfg(feature = "half")]
    ("half_all_inputs", half::all_inputs),
    #[cfg(feature = "half")]
    ("half_lengths_and_offsets", half::lengths),
];

/// Extra bodies for parametric functions.
const PARAMETRIC: &[(&str, Body)] = &[
    ("parameter_sets", parameter_sets),
    #[cfg(feature = "half")]
    ("half_parameter_sets", half::parameters),
];

/// Bodies for row-wise functions.
const ROWWISE: &[(&str, Body)] = &[
    ("specials", specials),
    ("rows", rows),
    ("row_specials", row_specials),
    ("lengths_and_offsets", row_lengths),
    ("length_mismatch", length_mismatch),
    ("rows_of_a_buffer", rows_of_a_buffer),
    ("masked_rows", masked_rows),
    #[cfg(feature = "half")]
    ("half_rows", half::rows),
    #[cfg(feature = "half")]
    ("half_lengths_and_offsets", half::lengths),
];

/// The bodies that apply to a kind. A kind with none fails
/// `tests/coverage.rs`.
fn bodies(kind: Kind) -> Vec<(&'static str, Body)> {
    match kind {
        Kind::Elementwise => POINTWISE.to_vec(),
        Kind::Parametric => [POINTWISE, PARAMETRIC].concat(),
        Kind::Rowwise => ROWWISE.to_vec(),
        _ => Vec::new(),
    }
}

/// `full` normally, `small` under Miri, which runs the same bodies about a
/// million times slower: sweeps shrink, nothing else changes.
const fn size(full: usize, small: usize) -> usize {
    if cfg!(miri) { small } else { full }
}

/// The slice lengths the length tests try: every one in `0..=67`; under
/// Miri the ones around the block sizes Miri's backends use (one and four
/// lanes, two vectors per iteration).
fn test_lengths() -> Vec<usize> {
    if cfg!(miri) {
        vec![0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 19]
    } else {
        (0..=67).collect()
    }
}

/// The start offsets (in elements) the length tests try.
const OFFSETS: usize = size(4, 2);

/// Off x86-64 the suite runs under emulation in CI (qemu-aarch64, Node's
/// WASI), 20-50 times slower: the bit-pattern sweeps take a 64th of
/// the patterns there (x86-64 and the exhaustive check cover the rest).
const EMULATED: bool = !cfg!(target_arch = "x86_64");

/// `native` on x86-64, `emulated` elsewhere (see [`EMULATED`]), under
/// Miri as [`size`] says.
const fn sweep_size(native: usize, emulated: usize, miri: usize) -> usize {
    if EMULATED {
        size(emulated, miri)
    } else {
        size(native, miri)
    }
}

/// Whether Miri runs `a`'s bodies: the first function of each kind in the
/// table (Miri looks for undefined behaviour in the drivers and lanes every
/// function shares, and interprets each body a million times slower).
fn miri_runs(a: Activation) -> bool {
    let kind = a.spec().kind;
    Activation::ALL.iter().find(|b| b.spec().kind == kind) == Some(&a)
}

/// Whether Miri skips backend `b` in tier `p`: it interprets the Accurate
/// tier of Simd128 only. The tiers share every load, store and lane
/// operation, and the Scalar backend is safe code over plain `f32` (Miri
/// would find nothing there, at a thousand times its cost): what Miri
/// checks is `wide`'s intrinsics and the drivers over them. (Simd256 and
/// Simd512 are not available under Miri: the backends line says so.)
fn miri_skips(b: Backend, p: Precision) -> bool {
    cfg!(miri) && (b != Backend::Simd128 || p != Precision::Accurate)
}

/// The reason given for [`miri_skips`].
const MIRI_RUNS: &str = "the accurate tier of simd128 only";

/// Trials Miri does not run, per reason. Under Miri they are not built at
/// all (Miri interprets the harness's work for every ignored trial too,
/// and most trials are left out there): they are counted here and
/// reported in one line.
static NOT_UNDER_MIRI: std::sync::Mutex<Vec<(&'static str, usize)>> =
    std::sync::Mutex::new(Vec::new());

/// Under Miri, counts a trial left out for `reason` and returns `true`;
/// otherwise (or with no reason) `false`.
fn left_out_under_miri(reason: Option<&'static str>) -> bool {
    let Some(reason) = reason.filter(|_| cfg!(miri)) else {
        return false;
    };
    let mut counts = NOT_UNDER_MIRI.lock().unwrap();
    match counts.iter_mut().find(|(r, _)| *r == reason) {
        Some((_, n)) => *n += 1,
        None => counts.push((reason, 1)),
    }
    true
}

fn main() {
    let mut args = Arguments::from_args();
    // wasm32-wasip1 has no threads: run the trials one after another there.
    if cfg!(target_family = "wasm") {
        args.test_threads = Some(1);
    }
    let mut trials = Vec::new();
    for &a in Activation::ALL {
        let kind = a.spec().kind;
        assert!(!bodies(kind).is_empty(), "{a}: no test bodies for {kind:?}");
        for (test, body) in bodies(kind) {
            per_backend_and_tier(&mut trials, a, test, body);
        }
        // Safe code on both sides: not under Miri (see `miri_skips`).
        if !left_out_under_miri(Some("the scalar module (safe code)")) {
            trials.push(Trial::test(
                format!("{a}::scalar_module_matches_backend"),
                move || scalar_module(a).map_err(Failed::from),
            ));
        }
    }
    for &f in Binary::ALL {
        for (test, body) in PAIRWISE {
            per_backend_and_tier_binary(&mut trials, f, test, *body);
        }
        if !left_out_under_miri(Some("the scalar module (safe code)")) {
            trials.push(Trial::test(
                format!("{f}::scalar_module_matches_backend"),
                move || binary_scalar_module(f).map_err(Failed::from),
            ));
        }
    }
    for (test, body) in attention::BODIES {
        per_backend_and_tier_attention(&mut trials, test, *body);
    }
    for (name, f) in [
        (
            "dispatch::detect_picks_fastest_available",
            detect as fn() -> Result<(), String>,
        ),
        ("dispatch::detect_up_to_caps", detect_up_to),
        ("dispatch::unavailable_backend_refused", unavailable),
        ("dispatch::precision_tiers", precision_tiers),
        ("names::parse_and_display", names),
        ("names::aliases", aliases),
        ("names::activation_as_map_key", map_key),
        ("names::identity_keeps_every_bit", identity_bits),
        ("ulp::definition", ulp_definition),
        ("error::display", error_display),
    ] {
        trials.push(Trial::test(name, move || f().map_err(Failed::from)));
    }

    let report: Vec<String> = Backend::ALL
        .iter()
        .map(|b| {
            let state = if b.is_available() {
                "run"
            } else {
                "skipped (not available)"
            };
            format!("{b}: {state}")
        })
        .collect();
    eprintln!("backends: {}", report.join(", "));
    let left_out = NOT_UNDER_MIRI.lock().unwrap();
    if !left_out.is_empty() {
        let list: Vec<String> = left_out.iter().map(|(r, n)| format!("{n} ({r})")).collect();
        eprintln!("under Miri, trials not run: {}", list.join(", "));
    }
    drop(left_out);
    libtest_mimic::run(&args, trials).exit();
}

/// One trial per backend and tier; unavailable backends are ignored with
/// the reason.
fn per_backend_and_tier(trials: &mut Vec<Trial>, a: Activation, test: &str, body: Body) {
    for &b in Backend::ALL {
        for &p in Precision::ALL {
            // A tier that runs the accurate kernel (the same instantiated
            // code) is checked by `fast_tier_shares` to give the same bits;
            // running every other body on it again would test that code
            // twice (and under Miri, interpret it twice).
            let same_code = p != Precision::Accurate && a.spec().tier(p).shares_accurate;
            let skip = same_code && test != "fast_tier_shares";
            let miri = if same_code {
                Some("a fast tier that runs the accurate kernel")
            } else if !miri_runs(a) {
                Some("one function per kind")
            } else if miri_skips(b, p) {
                Some(MIRI_RUNS)
            } else if test == "sweep" && a.spec().kind != Kind::Elementwise {
                // The other sweeps run the same loads, stores and drivers
                // as exp's, at many times its cost under Miri.
                Some("the sweep of the first element-wise function only")
            } else {
                None
            };
            if left_out_under_miri(miri) {
                continue;
            }
            trials.push(Trial::ignorable_test(
                format!("{a}::{test}::{b}::{p}"),
                move || match Kernels::new(b) {
                    _ if skip => Ok(Completion::ignored_with(format!(
                        "the {p} tier runs the accurate kernel (bit for bit: fast_tier_shares)"
                    ))),
                    Err(_) => Ok(Completion::ignored_with(format!(
                        "backend {b} is not available on this CPU/build"
                    ))),
                    Ok(k) => body(a, k.with_precision(p))
                        .map(|()| Completion::Completed)
                        .map_err(Failed::from),
                },
            ));
        }
    }
}

/// The attention bodies (`backends/attention.rs`) once per backend and
/// tier; under Miri as [`miri_skips`] says.
fn per_backend_and_tier_attention(trials: &mut Vec<Trial>, test: &str, body: attention::Body) {
    for &b in Backend::ALL {
        for &p in Precision::ALL {
            if left_out_under_miri(miri_skips(b, p).then_some(MIRI_RUNS)) {
                continue;
            }
            trials.push(Trial::ignorable_test(
                format!("attention::{test}::{b}::{p}"),
                move || match Kernels::new(b) {
                    Err(_) => Ok(Completion::ignored_with(format!(
                        "backend {b} is not available on this CPU/build"
                    ))),
                    Ok(k) => body(k.with_precision(p))
                        .map(|()| Completion::Completed)
                        .map_err(Failed::from),
                },
            ));
        }
    }
}

fn on(k: Kernels, f: Failure) -> String {
    format!("on {}: {f}", k.backend())
}

/// Runs `a` on `x` and checks every result against the documented bound.
fn check_inputs(a: Activation, k: Kernels, x: &[f32]) -> Result<f64, String> {
    let mut y = vec![0.0f32; x.len()];
    k.apply(a, x, &mut y).map_err(|e| e.to_string())?;
    check::elements(a, k.precision(), x, &y).map_err(|f| on(k, f))
}

/// Every 257th bit pattern (all signs, exponents, NaNs), in slices of
/// varying length so both the vector loop and the tails are exercised.
fn sweep(a: Activation, k: Kernels) -> Result<(), String> {
    // Under Miri: a prime stride that still visits every exponent range.
    let stride = sweep_size(257, 16_411, 4_194_319) as u64;
    let mut start: u64 = 0;
    let mut len = 4093usize;
    let mut x = Vec::with_capacity(8192);
    while start < 1 << 32 {
        x.clear();
        x.extend(
            (0..len as u64)
                .map(|i| start + i * stride)
                .take_while(|&b| b < 1 << 32)
                .map(|b| f32::from_bits(b as u32)),
        );
        check_inputs(a, k, &x)?;
        start += len as u64 * stride;
        len = if len >= 8191 { 4093 } else { len + 1 };
    }
    Ok(())
}

/// 4096 consecutive f32 values on each side of each edge point (and of its
/// negation), and 2^16 uniform values in the domain.
fn edges(a: Activation, k: Kernels) -> Result<(), String> {
    for &e in a.spec().edges {
        for sign in [1.0f32, -1.0] {
            let c = (e * sign).to_bits() as i64;
            let w = size(4096, 4) as i64;
            let x: Vec<f32> = (c - w..=c + w)
                .filter(|b| (0..1 << 32).contains(b))
                .map(|b| f32::from_bits(b as u32))
                .collect();
            check_inputs(a, k, &x)?;
        }
    }
    let (lo, hi) = a.spec().domain;
    let mut rng = Rng::new(17);
    let x: Vec<f32> = (0..size(1 << 16, 64))
        .map(|_| rng.uniform(lo as f64, hi as f64))
        .collect();
    check_inputs(a, k, &x).map(|_| ())
}

/// The documented special values, bit for bit (any NaN matches NaN); for
/// row-wise functions each is a row of one.
fn specials(a: Activation, k: Kernels) -> Result<(), String> {
    let spec = a.spec();
    let rowwise = spec.kind == Kind::Rowwise;
    let x: Vec<f32> = spec.specials.iter().map(|s| s.0).collect();
    let mut y = vec![0.0f32; x.len()];
    if rowwise {
        for (xi, yi) in x.iter().zip(&mut y) {
            k.apply(a, &[*xi], std::slice::from_mut(yi))
                .map_err(|e| e.to_string())?;
        }
    } else {
        k.apply(a, &x, &mut y).map_err(|e| e.to_string())?;
    }
    for (&(xi, want), &got) in spec.specials.iter().zip(&y) {
        if !same(got, want) {
            return Err(format!(
                "{a}({xi:e}) on {} = {got:e} ({:#010x}), documented {want:e}",
                k.backend(),
                got.to_bits()
            ));
        }
    }
    Ok(())
}

/// Every NaN bit pattern of both signs (2^24 - 2 of them) gives NaN, in
/// place and out of place.
fn nan_payloads(a: Activation, k: Kernels) -> Result<(), String> {
    let n = size(1 << 16, 37);
    let mut x = vec![0.0f32; n];
    let mut y = vec![0.0f32; n];
    for sign in [0u32, 0x8000_0000] {
        for block in (0u32..1 << 23).step_by(sweep_size(1 << 16, 1 << 22, 1 << 20)) {
            for (i, xi) in x.iter_mut().enumerate() {
                // Exponent all ones, mantissa nonzero: block + i + 1 covers
                // 1..=2^23 - 1 (the last one wraps to 0 = infinity: skipped).
                let m = (block + i as u32 + 1) & 0x7f_ffff;
                *xi = f32::from_bits(sign | 0x7f80_0000 | m.max(1));
            }
            k.apply(a, &x, &mut y).map_err(|e| e.to_string())?;
            if let Some(i) = y.iter().position(|v| !v.is_nan()) {
                return Err(format!(
                    "{a}({:#010x}) = {:e}, expected NaN",
                    x[i].to_bits(),
                    y[i]
                ));
            }
            k.apply_inplace(a, &mut x);
            if let Some(i) = x.iter().position(|v| !v.is_nan()) {
                return Err(format!("{a} in place (NaN) = {:e}, expected NaN", x[i]));
            }
        }
    }
    Ok(())
}

/// Every subnormal input of both signs (2^24 patterns), within bound.
fn subnormal_inputs(a: Activation, k: Kernels) -> Result<(), String> {
    for sign in [0u32, 0x8000_0000] {
        for block in (0u32..1 << 23).step_by(sweep_size(1 << 16, 1 << 22, 1 << 20)) {
            let x: Vec<f32> = (block..block + size(1 << 16, 37) as u32)
                .map(|b| f32::from_bits(b | sign))
                .collect();
            check_inputs(a, k, &x)?;
        }
    }
    Ok(())
}

/// Checks in-place against out-of-place output of the same call, bit for
/// bit, and that nothing outside `off..off + len` was written.
fn compare_buffers(out: &[f32], inplace: &[f32], off: usize, len: usize) -> Result<(), String> {
    for i in 0..out.len() {
        let inside = (off..off + len).contains(&i);
        if !inside && (out[i].to_bits() != 0x7fc0_dead || inplace[i].to_bits() != 0x7fc0_dead) {
            return Err(format!(
                "len {len} off {off}: wrote outside the slice at {i}"
            ));
        }
        if inside && out[i].to_bits() != inplace[i].to_bits() {
            return Err(format!(
                "len {len} off {off}: in place {:e} != out of place {:e}",
                inplace[i], out[i]
            ));
        }
    }
    Ok(())
}

/// Runs `a` out of place and in place on `x` placed at `off` in guarded
/// buffers; returns the out-of-place buffer.
fn both_ways(a: Activation, k: Kernels, x: &[f32], off: usize) -> Result<Vec<f32>, String> {
    let len = x.len();
    let mut out = vec![f32::from_bits(0x7fc0_dead); len + 8];
    k.apply(a, x, &mut out[off..off + len])
        .map_err(|e| e.to_string())?;
    let mut inplace = vec![f32::from_bits(0x7fc0_dead); len + 8];
    inplace[off..off + len].copy_from_slice(x);
    k.apply_inplace(a, &mut inplace[off..off + len]);
    compare_buffers(&out, &inplace, off, len)?;
    Ok(out)
}

/// Every length ([`test_lengths`]) at [`OFFSETS`] start offsets in a larger buffer:
/// out-of-place and in-place agree bit for bit, each element equals the
/// kernel on that element alone (main loop and tail compute alike), and
/// nothing outside the output slice is written.
fn lengths_and_offsets(a: Activation, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(7);
    let (lo, hi) = a.spec().domain;
    let pool: Vec<f32> = (0..80)
        .map(|i| {
            if i % 5 == 0 {
                rng.any_f32()
            } else {
                rng.uniform(lo as f64, hi as f64)
            }
        })
        .collect();
    for len in test_lengths() {
        for off in 0..OFFSETS {
            let x = &pool[off..off + len];
            let out = both_ways(a, k, x, off)?;
            // Under Miri, each element alone at the first offset only.
            let alone = if cfg!(miri) && off > 0 { 0 } else { len };
            for i in 0..alone {
                let mut one = [0.0f32];
                k.apply(a, &x[i..=i], &mut one).map_err(|e| e.to_string())?;
                if !same(one[0], out[off + i]) {
                    return Err(format!(
                        "len {len}: element {i} alone {:e} != in slice {:e}",
                        one[0],
                        out[off + i]
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Unequal lengths: `Err(LengthMismatch)` and the output untouched, from
/// the named method (through `apply`) and the in-place twin's partner.
fn length_mismatch(a: Activation, k: Kernels) -> Result<(), String> {
    for (n_in, n_out) in [(5usize, 4usize), (4, 5), (0, 1), (1, 0), (100, 99)] {
        let x = vec![0.5f32; n_in];
        let mut y = vec![-7.0f32; n_out];
        match k.apply(a, &x, &mut y) {
            Err(Error::LengthMismatch { input, output }) if input == n_in && output == n_out => {}
            other => {
                return Err(format!(
                    "({n_in}, {n_out}): expected LengthMismatch, got {other:?}"
                ));
            }
        }
        if y.iter().any(|&v| v != -7.0) {
            return Err(format!(
                "({n_in}, {n_out}): output written despite the error"
            ));
        }
    }
    Ok(())
}

/// Where the table says the Fast tier runs the Accurate kernel, it gives
/// the same bits (on the sweep's inputs); where it has its own kernel, this
/// body has nothing to check beyond the bounds the other bodies check.
fn fast_shares(a: Activation, k: Kernels) -> Result<(), String> {
    let p = k.precision();
    if !a.spec().tier(p).shares_accurate {
        return Ok(());
    }
    let acc = k.with_precision(Precision::Accurate);
    let mut rng = Rng::new(23);
    let x: Vec<f32> = (0..size(1 << 18, 64)).map(|_| rng.any_f32()).collect();
    let (mut y1, mut y2) = (vec![0.0; x.len()], vec![0.0; x.len()]);
    k.apply(a, &x, &mut y1).map_err(|e| e.to_string())?;
    acc.apply(a, &x, &mut y2).map_err(|e| e.to_string())?;
    match (0..x.len()).find(|&i| !same(y1[i], y2[i])) {
        None => Ok(()),
        Some(i) => Err(format!(
            "{a}: the table says the {p} tier shares the accurate kernel, but at {:e} it gives {:e}, accurate {:e}",
            x[i], y1[i], y2[i]
        )),
    }
}

/// Every parameter set of `actkern_testkit::params`: uniform inputs in its
/// domain and random bit patterns within the any-parameters bound, and the
/// exactly known point.
fn parameter_sets(a: Activation, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(3);
    let mut n = 0;
    for set in params::sets(a) {
        n += 1;
        let (lo, hi) = set.domain;
        let mut x: Vec<f32> = (0..size(200_000, 50))
            .map(|_| rng.uniform(lo, hi))
            .collect();
        x.extend((0..size(50_000, 20)).map(|_| rng.any_f32()));
        check_inputs(set.activation, k, &x)?;
        let mut y = [0.0f32];
        k.apply(set.activation, &[set.exact.0], &mut y)
            .map_err(|e| e.to_string())?;
        if !same(y[0], set.exact.1) {
            return Err(format!(
                "{:?} at {:e} = {:e}, exactly {:e} documented",
                set.activation, set.exact.0, y[0], set.exact.1
            ));
        }
    }
    if n == 0 {
        return Err(format!("{a}: no parameter sets in actkern-testkit"));
    }
    Ok(())
}

/// Checks one row against the row reference and the documented bound.
fn check_row(a: Activation, k: Kernels, x: &[f32]) -> Result<(), String> {
    let mut y = vec![0.0f32; x.len()];
    k.apply(a, x, &mut y).map_err(|e| e.to_string())?;
    let mut scratch = vec![0.0f64; x.len()];
    check::row(a, k.precision(), x, &y, &mut scratch)
        .map(|_| ())
        .map_err(|f| format!("row of {}: {}", x.len(), on(k, f)))
}

/// Rows of many lengths and magnitudes, up to 10^5 elements.
fn rows(a: Activation, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(5);
    let lengths: &[usize] = if cfg!(miri) {
        &[1, 7, 9, 17]
    } else {
        &[1, 2, 3, 7, 8, 9, 15, 16, 17, 100, 1000, 4099, 100_000]
    };
    for &n in lengths {
        for &(lo, hi) in &[
            (-1.0, 1.0),
            (-10.0, 10.0),
            (-100.0, 100.0),
            (-1.0e6, 1.0e6),
            (1.0e30, 1.0e30 + 1.0e25),
            (-88.0, 0.0),
        ] {
            let x: Vec<f32> = (0..n).map(|_| rng.uniform(lo, hi)).collect();
            check_row(a, k, &x)?;
        }
        // All equal: exactly 1/n each up to rounding.
        check_row(a, k, &vec![3.25f32; n])?;
    }
    // -inf among finite values.
    let mut x: Vec<f32> = (0..37).map(|_| rng.uniform(-5.0, 5.0)).collect();
    x[3] = f32::NEG_INFINITY;
    x[36] = f32::NEG_INFINITY;
    check_row(a, k, &x)
}

/// NaN or +inf anywhere, or all -inf: every output NaN; -inf among finite
/// values gives +0; an empty row is Ok.
fn row_specials(a: Activation, k: Kernels) -> Result<(), String> {
    let run = |x: &[f32]| {
        let mut y = vec![0.0f32; x.len()];
        k.apply(a, x, &mut y).map(|()| y).map_err(|e| e.to_string())
    };
    let mut nan_rows = vec![
        vec![1.0, f32::NAN, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        vec![1.0, 2.0, f32::INFINITY, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        vec![f32::NEG_INFINITY; 11],
    ];
    nan_rows.push([0.0; 8].into_iter().chain([f32::NAN]).collect());
    for x in nan_rows {
        let y = run(&x)?;
        if !y.iter().all(|v| v.is_nan()) {
            return Err(format!("{a}({x:?}): expected all NaN, got {y:?}"));
        }
    }
    let ninf = f32::NEG_INFINITY;
    let x = [1.0, ninf, 2.0, ninf, 0.5, 0.1, 0.2, 0.3, 0.4];
    let y = run(&x)?;
    // The zero probability: +0 for probabilities, -inf for their logs.
    let mut r = [0.0f64; 9];
    if !reference::row(a, &x, &mut r) {
        return Err(format!("{a}: no row reference"));
    }
    let zero = r[1] as f32;
    if !same(y[1], zero) || !same(y[3], zero) {
        return Err(format!("{a}: -inf elements must give {zero:e}, got {y:?}"));
    }
    if !run(&[])?.is_empty() {
        return Err(format!("{a} of an empty row"));
    }
    Ok(())
}

/// Every row length ([`test_lengths`]) at [`OFFSETS`] offsets: in place == out of place, nothing
/// written outside, within bounds.
fn row_lengths(a: Activation, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(9);
    let pool: Vec<f32> = (0..80).map(|_| rng.uniform(-20.0, 20.0)).collect();
    for len in test_lengths() {
        for off in 0..OFFSETS {
            let x = &pool[off..off + len];
            both_ways(a, k, x, off)?;
            check_row(a, k, x)?;
        }
    }
    Ok(())
}

/// A buffer of rows: `apply_rows` (and so the `_rows` methods) equals one
/// call per row, bit for bit, in place too; a NaN row leaves the others as
/// they are alone; a bad `row_len` is an error that writes nothing.
fn rows_of_a_buffer(a: Activation, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(31);
    let (row_lens, counts): (&[usize], &[usize]) = if cfg!(miri) {
        (&[1, 3, 4, 5, 9, 17], &[0, 1, 3])
    } else {
        (&[1, 2, 3, 4, 7, 8, 9, 10, 16, 17, 33, 100], &[0, 1, 2, 5])
    };
    for &row_len in row_lens {
        for &rows in counts {
            let mut x: Vec<f32> = (0..rows * row_len)
                .map(|_| rng.uniform(-30.0, 30.0))
                .collect();
            if rows > 2 {
                x[row_len + row_len / 2] = f32::NAN; // row 1 only
            }
            let mut y = vec![0.0f32; x.len()];
            k.apply_rows(a, row_len, &x, &mut y)
                .map_err(|e| e.to_string())?;
            let mut d = x.clone();
            k.apply_rows_inplace(a, row_len, &mut d)
                .map_err(|e| e.to_string())?;
            for (r, (xr, yr)) in x.chunks(row_len).zip(y.chunks(row_len)).enumerate() {
                let mut alone = vec![0.0f32; row_len];
                k.apply(a, xr, &mut alone).map_err(|e| e.to_string())?;
                for i in 0..row_len {
                    let j = r * row_len + i;
                    if !same(alone[i], yr[i]) || !same(d[j], yr[i]) {
                        return Err(format!(
                            "row_len {row_len}, row {r}, element {i}: alone {:e}, in the buffer {:e}, in place {:e}",
                            alone[i], yr[i], d[j]
                        ));
                    }
                }
            }
        }
    }
    for (len, row_len) in [(6usize, 0usize), (6, 4), (5, 2), (0, 0)] {
        let x = vec![0.5f32; len];
        let mut y = vec![-7.0f32; len];
        let mut d = x.clone();
        let want = Err(Error::RowLength { len, row_len });
        let got = k.apply_rows(a, row_len, &x, &mut y);
        let got_in = k.apply_rows_inplace(a, row_len, &mut d);
        if got != want || got_in != want {
            return Err(format!(
                "({len}, {row_len}): {got:?} / {got_in:?}, expected {want:?}"
            ));
        }
        if y.iter().any(|&v| v != -7.0) || d.iter().any(|&v| v != 0.5) {
            return Err(format!("({len}, {row_len}): written despite the error"));
        }
    }
    Ok(())
}

/// A fully masked row (all -inf) gives NaN by default and, with
/// `MaskedRows::Zero`, the zero probability (what a -inf element gives
/// among finite ones); other rows are unaffected by the setting.
fn masked_rows(a: Activation, k: Kernels) -> Result<(), String> {
    let ninf = f32::NEG_INFINITY;
    let zk = k.with_masked_rows(MaskedRows::Zero);
    let mut z = [0.0f32; 2];
    k.apply(a, &[0.0, ninf], &mut z)
        .map_err(|e| e.to_string())?;
    let zero = z[1];
    for len in [1usize, 3, 8, 9, 40] {
        let x = vec![ninf; 2 * len];
        let mut y = vec![0.0f32; 2 * len];
        k.apply_rows(a, len, &x, &mut y)
            .map_err(|e| e.to_string())?;
        if !y.iter().all(|v| v.is_nan()) {
            return Err(format!(
                "masked rows of {len} by default: {y:?}, expected NaN"
            ));
        }
        zk.apply_rows(a, len, &x, &mut y)
            .map_err(|e| e.to_string())?;
        let mut d = x.clone();
        zk.apply_rows_inplace(a, len, &mut d)
            .map_err(|e| e.to_string())?;
        if !y.iter().chain(&d).all(|&v| same(v, zero)) {
            return Err(format!(
                "masked rows of {len} with MaskedRows::Zero: {y:?}, expected {zero:e}"
            ));
        }
        let x: Vec<f32> = (0..len).map(|i| i as f32 * 0.5).collect();
        let (mut y1, mut y2) = (vec![0.0f32; len], vec![0.0f32; len]);
        k.apply(a, &x, &mut y1).map_err(|e| e.to_string())?;
        zk.apply(a, &x, &mut y2).map_err(|e| e.to_string())?;
        if (0..len).any(|i| !same(y1[i], y2[i])) {
            return Err(format!(
                "MaskedRows::Zero changed an unmasked row: {y1:?} vs {y2:?}"
            ));
        }
    }
    // A NaN is not a mask: in a lane, `max` may let the NaN displace
    // +inf and lose it to -inf, so the maximum of these rows can come out
    // -inf; they must still give NaN, not the masked-row zeros.
    for row in nan_rows() {
        let mut y = vec![0.5f32; row.len()];
        zk.apply_rows(a, row.len(), &row, &mut y)
            .map_err(|e| e.to_string())?;
        if !y.iter().all(|v| v.is_nan()) {
            return Err(format!("a row with NaN under MaskedRows::Zero gives {y:?}"));
        }
    }
    Ok(())
}

/// Rows of `+inf`, NaN and `-inf` in blocks of 64 (each lane of any width
/// sees them in that order), and of NaN then `-inf`.
fn nan_rows() -> [Vec<f32>; 2] {
    let (inf, nan) = (f32::INFINITY, f32::NAN);
    let block = |v: f32| vec![v; 64];
    [
        [block(inf), block(nan), block(-inf)].concat(),
        [block(nan), block(-inf)].concat(),
    ]
}

/// A test body for a function of two inputs.
type Body2 = fn(Binary, Kernels) -> Result<(), String>;

/// Bodies for functions of two inputs.
const PAIRWISE: &[(&str, Body2)] = &[
    ("pairs", pairs),
    ("tails", pair_tails),
    ("specials", pair_specials),
    ("lengths", pair_lengths),
    ("fast_tier_shares", pair_fast_shares),
    ("inplace", pair_inplace),
    ("rows", pair_rows),
    #[cfg(feature = "half")]
    ("half_pairs", half::pairs),
];

fn per_backend_and_tier_binary(trials: &mut Vec<Trial>, f: Binary, test: &str, body: Body2) {
    for &b in Backend::ALL {
        for &p in Precision::ALL {
            let same_code = p != Precision::Accurate && f.spec().tier(p).shares_accurate;
            let skip = same_code && test != "fast_tier_shares";
            let miri = if same_code {
                Some("a fast tier that runs the accurate kernel")
            } else if f != Binary::ALL[0] {
                // They share one driver: Miri interprets it once.
                Some("the first function of two inputs only")
            } else if miri_skips(b, p) {
                Some(MIRI_RUNS)
            } else {
                None
            };
            if left_out_under_miri(miri) {
                continue;
            }
            trials.push(Trial::ignorable_test(
                format!("{f}::{test}::{b}::{p}"),
                move || match Kernels::new(b) {
                    _ if skip => Ok(Completion::ignored_with(format!(
                        "the {p} tier runs the accurate kernel (bit for bit: fast_tier_shares)"
                    ))),
                    Err(_) => Ok(Completion::ignored_with(format!(
                        "backend {b} is not available on this CPU/build"
                    ))),
                    Ok(k) => body(f, k.with_precision(p))
                        .map(|()| Completion::Completed)
                        .map_err(Failed::from),
                },
            ));
        }
    }
}

fn check_pairs(f: Binary, k: Kernels, a: &[f32], b: &[f32]) -> Result<f64, String> {
    let mut y = vec![0.0f32; a.len()];
    k.apply_binary(f, a, b, &mut y).map_err(|e| e.to_string())?;
    check::pairs(f, k.precision(), a, b, &y).map_err(|e| format!("on {}: {e}", k.backend()))
}

/// Random pairs: bit patterns, the domain against moderate and huge
/// second inputs.
fn pairs(f: Binary, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(41);
    let (lo, hi) = f.spec().domain;
    let n = size(1 << 20, 200);
    let a: Vec<f32> = (0..n)
        .map(|i| {
            if i % 3 == 0 {
                rng.any_f32()
            } else {
                rng.uniform(lo as f64, hi as f64)
            }
        })
        .collect();
    let b: Vec<f32> = (0..n)
        .map(|i| match i % 4 {
            0 => rng.any_f32(),
            1 => rng.uniform(-4.0, 4.0),
            2 => rng.uniform(-1e30, 1e30),
            _ => rng.uniform(-3e38, 3e38),
        })
        .collect();
    check_pairs(f, k, &a, &b).map(|_| ())
}

/// Around each edge of the first input, with second inputs that make a
/// tiny first factor's product normal (and ones that do not).
fn pair_tails(f: Binary, k: Kernels) -> Result<(), String> {
    let w = size(4096, 4) as i64;
    for &e in f.spec().edges {
        for sign in [1.0f32, -1.0] {
            let c = (e * sign).to_bits() as i64;
            let a: Vec<f32> = (c - w..=c + w)
                .filter(|v| (0..1 << 32).contains(v))
                .map(|v| f32::from_bits(v as u32))
                .collect();
            for up in [1.0f32, -3.5, 1.5e20, 3.0e38, 1e-30, 6.0e13] {
                check_pairs(f, k, &a, &vec![up; a.len()])?;
            }
        }
    }
    Ok(())
}

fn pair_specials(f: Binary, k: Kernels) -> Result<(), String> {
    let s = f.spec().pair_specials;
    let a: Vec<f32> = s.iter().map(|t| t.0).collect();
    let b: Vec<f32> = s.iter().map(|t| t.1).collect();
    let mut y = vec![0.0f32; s.len()];
    k.apply_binary(f, &a, &b, &mut y)
        .map_err(|e| e.to_string())?;
    for (&(x1, x2, want), &got) in s.iter().zip(&y) {
        if !same(got, want) {
            return Err(format!(
                "{f}({x1:e}, {x2:e}) = {got:e}, documented {want:e}"
            ));
        }
    }
    if s.is_empty() {
        return Err(format!("{f}: no special values in the table"));
    }
    Ok(())
}

/// Every length ([`test_lengths`]): each element equals the function on that pair
/// alone, nothing written outside, and unequal lengths are refused.
fn pair_lengths(f: Binary, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(43);
    let pa: Vec<f32> = (0..80).map(|_| rng.uniform(-20.0, 20.0)).collect();
    let pb: Vec<f32> = (0..80).map(|_| rng.uniform(-5.0, 5.0)).collect();
    for len in test_lengths() {
        let mut out = vec![f32::from_bits(0x7fc0_dead); len + 8];
        k.apply_binary(f, &pa[..len], &pb[..len], &mut out[2..2 + len])
            .map_err(|e| e.to_string())?;
        for i in 0..len + 8 {
            let inside = (2..2 + len).contains(&i);
            if !inside && out[i].to_bits() != 0x7fc0_dead {
                return Err(format!("len {len}: wrote outside at {i}"));
            }
            if inside {
                let mut one = [0.0f32];
                k.apply_binary(f, &pa[i - 2..=i - 2], &pb[i - 2..=i - 2], &mut one)
                    .map_err(|e| e.to_string())?;
                if !same(one[0], out[i]) {
                    return Err(format!("len {len}: element {} alone differs", i - 2));
                }
            }
        }
    }
    for (na, nb, no) in [(3usize, 4usize, 4usize), (4, 3, 4), (4, 4, 3), (0, 0, 1)] {
        let mut y = vec![-7.0f32; no];
        let r = k.apply_binary(f, &vec![1.0; na], &vec![1.0; nb], &mut y);
        if !matches!(r, Err(Error::BufferLength { .. })) || y.iter().any(|&v| v != -7.0) {
            return Err(format!("lengths ({na}, {nb}, {no}): {r:?}, output {y:?}"));
        }
    }
    Ok(())
}

/// Pairs for the in-place and row tests: the domain and the whole line,
/// with second inputs of every size.
fn some_pairs(seed: u64, n: usize) -> (Vec<f32>, Vec<f32>) {
    let mut rng = Rng::new(seed);
    let a = (0..n)
        .map(|i| {
            if i % 5 == 0 {
                rng.any_f32()
            } else {
                rng.uniform(-25.0, 25.0)
            }
        })
        .collect();
    let b = (0..n)
        .map(|i| match i % 3 {
            0 => rng.any_f32(),
            1 => rng.uniform(-5.0, 5.0),
            _ => rng.uniform(-3e38, 3e38),
        })
        .collect();
    (a, b)
}

/// Every length ([`test_lengths`]) at several offsets: in place gives the
/// bits of out of place, into the first input only; unequal lengths are
/// refused without writing.
fn pair_inplace(f: Binary, k: Kernels) -> Result<(), String> {
    let (pa, pb) = some_pairs(59, 90);
    for len in test_lengths() {
        for off in [0usize, 1, 3, 7] {
            let (a, b) = (&pa[off..off + len], &pb[off..off + len]);
            let mut want = vec![0.0f32; len];
            k.apply_binary(f, a, b, &mut want)
                .map_err(|e| e.to_string())?;
            let mut buf = vec![f32::from_bits(0x7fc0_dead); len + 8];
            let at = 1 + off % 3;
            buf[at..at + len].copy_from_slice(a);
            k.apply_binary_inplace(f, &mut buf[at..at + len], b)
                .map_err(|e| e.to_string())?;
            for (i, v) in buf.iter().enumerate() {
                let inside = (at..at + len).contains(&i);
                if !inside && v.to_bits() != 0x7fc0_dead {
                    return Err(format!("len {len} at {at}: wrote outside at {i}"));
                }
                if inside && !same(*v, want[i - at]) {
                    return Err(format!(
                        "len {len} offset {off}: in place {v:e} != out of place {:e} at ({:e}, {:e})",
                        want[i - at],
                        a[i - at],
                        b[i - at]
                    ));
                }
            }
        }
    }
    #[cfg(feature = "half")]
    {
        use actkern::half::{bf16, f16};
        let a16: Vec<f16> = pa.iter().map(|&v| f16::from_f32(v)).collect();
        let b16: Vec<f16> = pb.iter().map(|&v| f16::from_f32(v)).collect();
        half_inplace_rows(f, k, &a16, &b16, f16::to_bits)?;
        let a16: Vec<bf16> = pa.iter().map(|&v| bf16::from_f32(v)).collect();
        let b16: Vec<bf16> = pb.iter().map(|&v| bf16::from_f32(v)).collect();
        half_inplace_rows(f, k, &a16, &b16, bf16::to_bits)?;
    }
    for (na, nb) in [(3usize, 4usize), (4, 3), (0, 1)] {
        let mut a = vec![-7.0f32; na];
        let r = k.apply_binary_inplace(f, &mut a, &vec![1.0; nb]);
        if !matches!(r, Err(Error::BufferLength { .. })) || a.iter().any(|&v| v != -7.0) {
            return Err(format!("lengths ({na}, {nb}): {r:?}, a {a:?}"));
        }
    }
    Ok(())
}

/// On a half format: in place and by rows (`[a | b]` halves of 1 to 20
/// elements) give the bits of out of place (under Miri too: CI runs it with
/// `-Zmiri-deterministic-floats`, so NaN payloads are not picked at random).
#[cfg(feature = "half")]
fn half_inplace_rows<E: actkern::Element + Copy + Default>(
    f: Binary,
    k: Kernels,
    a: &[E],
    b: &[E],
    bits: fn(E) -> u16,
) -> Result<(), String> {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut want = vec![E::default(); n];
    k.apply_binary(f, a, b, &mut want)
        .map_err(|e| e.to_string())?;
    let mut d = a.to_vec();
    k.apply_binary_inplace(f, &mut d, b)
        .map_err(|e| e.to_string())?;
    if let Some(i) = (0..n).find(|&i| bits(d[i]) != bits(want[i])) {
        return Err(format!("half format: in place differs at {i}"));
    }
    for h in 1..=20 {
        let rows = n / h;
        let x: Vec<E> = (0..rows)
            .flat_map(|r| a[r * h..(r + 1) * h].iter().chain(&b[r * h..(r + 1) * h]))
            .copied()
            .collect();
        let mut y = vec![E::default(); h * rows];
        k.apply_binary_rows(f, h, &x, &mut y)
            .map_err(|e| e.to_string())?;
        if let Some(i) = (0..h * rows).find(|&i| bits(y[i]) != bits(want[i])) {
            return Err(format!("half format, half_len {h}: rows differ at {i}"));
        }
    }
    Ok(())
}

/// Rows of `[a | b]` for several half-row lengths: each output row gives
/// the bits of the out-of-place call on its halves, nothing is written
/// past the output; bad lengths are refused without writing.
fn pair_rows(f: Binary, k: Kernels) -> Result<(), String> {
    for (h, rows) in [
        (1usize, 5usize),
        (3, 4),
        (8, 3),
        (17, 3),
        (64, 2),
        (5, 1),
        (2, 0),
    ] {
        let (x, _) = some_pairs(61 + h as u64, 2 * h * rows);
        let mut y = vec![f32::from_bits(0x7fc0_dead); h * rows + 4];
        k.apply_binary_rows(f, h, &x, &mut y[..h * rows])
            .map_err(|e| e.to_string())?;
        if y[h * rows..].iter().any(|v| v.to_bits() != 0x7fc0_dead) {
            return Err(format!("half_len {h}: wrote past the output"));
        }
        for r in 0..rows {
            let row = &x[2 * h * r..2 * h * (r + 1)];
            let mut want = vec![0.0f32; h];
            k.apply_binary(f, &row[..h], &row[h..], &mut want)
                .map_err(|e| e.to_string())?;
            let got = &y[h * r..h * (r + 1)];
            if let Some(i) = (0..h).find(|&i| !same(got[i], want[i])) {
                return Err(format!(
                    "half_len {h}, row {r}, element {i}: {:e} != out of place {:e}",
                    got[i], want[i]
                ));
            }
        }
    }
    let x = [1.0f32; 12];
    for (h, nx, ny) in [
        (0usize, 12usize, 6usize),
        (0, 0, 0),
        (5, 12, 6),
        (4, 12, 6),
        (3, 12, 5),
        (3, 12, 7),
        (3, 12, 12),
        (1, 3, 1),
        (usize::MAX, 12, 6),
    ] {
        let mut y = vec![-7.0f32; ny];
        let r = k.apply_binary_rows(f, h, &x[..nx], &mut y);
        let right = if h == 0 || h == usize::MAX || nx % (2 * h) != 0 {
            matches!(r, Err(Error::RowLength { .. }))
        } else {
            matches!(r, Err(Error::BufferLength { .. }))
        };
        if !right || y.iter().any(|&v| v != -7.0) {
            return Err(format!(
                "half_len {h}, input {nx}, output {ny}: {r:?}, output {y:?}"
            ));
        }
    }
    Ok(())
}

fn pair_fast_shares(f: Binary, k: Kernels) -> Result<(), String> {
    if !f.spec().tier(k.precision()).shares_accurate {
        return Ok(());
    }
    let mut rng = Rng::new(47);
    let n = size(1 << 16, 64);
    let a: Vec<f32> = (0..n).map(|_| rng.any_f32()).collect();
    let b: Vec<f32> = (0..n).map(|_| rng.any_f32()).collect();
    let (mut y1, mut y2) = (vec![0.0; n], vec![0.0; n]);
    k.apply_binary(f, &a, &b, &mut y1)
        .map_err(|e| e.to_string())?;
    k.with_precision(Precision::Accurate)
        .apply_binary(f, &a, &b, &mut y2)
        .map_err(|e| e.to_string())?;
    match (0..n).find(|&i| !same(y1[i], y2[i])) {
        None => Ok(()),
        Some(i) => Err(format!(
            "{f}: fast tier differs from accurate at ({:e}, {:e})",
            a[i], b[i]
        )),
    }
}

/// `scalar::` functions of two inputs give the bits of `Backend::Scalar`.
fn binary_scalar_module(f: Binary) -> Result<(), String> {
    let k = Kernels::new(Backend::Scalar).map_err(|e| e.to_string())?;
    let mut rng = Rng::new(53);
    for _ in 0..size(100_000, 200) {
        let (a, b) = (rng.any_f32(), rng.uniform(-10.0, 10.0));
        let mut y = [0.0f32];
        k.apply_binary(f, &[a], &[b], &mut y)
            .map_err(|e| e.to_string())?;
        let s = scalar::apply_binary(f, a, b);
        if !same(s, y[0]) {
            return Err(format!(
                "scalar {f}({a:e}, {b:e}) = {s:e}, Backend::Scalar gives {:e}",
                y[0]
            ));
        }
    }
    Ok(())
}

/// `actkern::scalar::apply` (and so every `scalar::` function) gives the
/// bits of `Backend::Scalar` in the accurate tier.
fn scalar_module(a: Activation) -> Result<(), String> {
    let k = Kernels::new(Backend::Scalar).map_err(|e| e.to_string())?;
    let mut rng = Rng::new(13);
    let (lo, hi) = a.spec().domain;
    let x: Vec<f32> = (0..size(100_000, 200))
        .map(|i| {
            if i % 2 == 0 {
                rng.any_f32()
            } else {
                rng.uniform(lo as f64, hi as f64)
            }
        })
        .collect();
    for &xi in &x {
        let mut y = [0.0f32];
        k.apply(a, &[xi], &mut y).map_err(|e| e.to_string())?;
        let s = scalar::apply(a, xi);
        if !same(s, y[0]) {
            return Err(format!(
                "scalar::apply({a}, {xi:e}) = {s:e}, Backend::Scalar gives {:e}",
                y[0]
            ));
        }
    }
    Ok(())
}

/// Documented rule: the widest available backend, but Simd128 only where
/// wide maps it to SIMD hardware.
fn fastest_up_to(cap: usize) -> Backend {
    let simd128_native = cfg!(any(
        target_feature = "sse2",
        all(target_arch = "aarch64", target_feature = "neon"),
        all(target_arch = "wasm32", target_feature = "simd128")
    ));
    Backend::ALL[..=cap]
        .iter()
        .rev()
        .copied()
        .filter(|&b| b != Backend::Simd128 || simd128_native)
        .find(|b| b.is_available())
        .unwrap()
}

fn detect() -> Result<(), String> {
    let d = Kernels::detect();
    let fastest = fastest_up_to(Backend::ALL.len() - 1);
    if d.backend() != fastest || !d.backend().is_available() {
        return Err(format!(
            "detect chose {}, fastest available is {fastest}",
            d.backend()
        ));
    }
    if Kernels::detect() != d || d.precision() != Precision::Accurate {
        return Err("detect is not stable across calls, or not accurate".into());
    }
    Ok(())
}

fn detect_up_to() -> Result<(), String> {
    for (i, &cap) in Backend::ALL.iter().enumerate() {
        let k = Kernels::detect_up_to(cap);
        let want = fastest_up_to(i);
        if k.backend() != want {
            return Err(format!(
                "detect_up_to({cap}) chose {}, expected {want}",
                k.backend()
            ));
        }
    }
    Ok(())
}

fn unavailable() -> Result<(), String> {
    for &b in Backend::ALL {
        match (b.is_available(), Kernels::new(b)) {
            (true, Ok(k)) if k.backend() == b => {}
            (false, Err(Error::BackendUnavailable(x))) if x == b => {}
            (avail, got) => {
                return Err(format!("{b}: available {avail}, Kernels::new gave {got:?}"));
            }
        }
    }
    if !Backend::Scalar.is_available() || !Backend::Simd128.is_available() {
        return Err("Scalar and Simd128 must always be available".into());
    }
    Ok(())
}

fn precision_tiers() -> Result<(), String> {
    let k = Kernels::new(Backend::Scalar).map_err(|e| e.to_string())?;
    if k.precision() != Precision::Accurate || Precision::default() != Precision::Accurate {
        return Err("the default tier must be Accurate".into());
    }
    for &p in Precision::ALL {
        let kp = k.with_precision(p);
        if kp.precision() != p || kp.backend() != k.backend() {
            return Err(format!("with_precision({p}) gave {kp:?}"));
        }
    }
    for &a in Activation::ALL {
        let s = a.spec();
        if s.fast.bound < s.accurate.bound || !s.accurate.shares_accurate {
            return Err(format!(
                "{a}: the fast bound must not be tighter than the accurate one"
            ));
        }
    }
    Ok(())
}

fn names() -> Result<(), String> {
    for &b in Backend::ALL {
        let parsed: Backend = b
            .to_string()
            .to_uppercase()
            .parse()
            .map_err(|e: Error| e.to_string())?;
        if parsed != b {
            return Err(format!("{b} does not round-trip through FromStr"));
        }
    }
    for &p in Precision::ALL {
        if p.to_string().parse::<Precision>() != Ok(p) {
            return Err(format!("{p} does not round-trip through FromStr"));
        }
    }
    for &a in Activation::ALL {
        if a.to_string().parse::<Activation>() != Ok(a) {
            return Err(format!("{a} does not round-trip through FromStr"));
        }
    }
    for (bad, what) in [
        ("avx1024", "backend"),
        ("exact", "precision"),
        ("swish2", "activation"),
        // ONNX's HardSigmoid (slope 0.2) is not PyTorch's Hardsigmoid.
        ("HardSigmoid", "activation"),
        // Clipped to [-10, 10] in Hugging Face: not gelu.
        ("gelu_10", "activation"),
    ] {
        let e = match what {
            "backend" => bad.parse::<Backend>().map(|_| ()),
            "precision" => bad.parse::<Precision>().map(|_| ()),
            _ => bad.parse::<Activation>().map(|_| ()),
        };
        match e {
            Err(Error::UnknownName {
                what: w,
                expected,
                rejected,
            }) if w == what && !expected.is_empty() && rejected == bad => {}
            other => return Err(format!("parsing {bad:?} as {what}: {other:?}")),
        }
    }
    Ok(())
}

/// Every alias parses to its function in any case and trimmed, no
/// spelling names two functions, and the spellings of other frameworks
/// map as documented.
fn aliases() -> Result<(), String> {
    let mut seen: Vec<(String, Activation)> = Vec::new();
    for &a in Activation::ALL {
        for &s in core::iter::once(&a.name()).chain(a.spec().aliases) {
            if s != s.to_lowercase() {
                return Err(format!("{a}: alias {s:?} is not lowercase"));
            }
            for v in [s.to_string(), s.to_uppercase(), format!(" {s}\t")] {
                if v.parse::<Activation>() != Ok(a) {
                    return Err(format!("{v:?} does not parse as {a}"));
                }
            }
            if let Some((_, b)) = seen.iter().find(|(t, _)| t.eq_ignore_ascii_case(s)) {
                return Err(format!("{s:?} names both {b} and {a}"));
            }
            seen.push((s.to_string(), a));
        }
    }
    for &b in Binary::ALL {
        for &s in b.spec().aliases {
            if s.parse::<Binary>() != Ok(b) {
                return Err(format!("{s:?} does not parse as {b}"));
            }
        }
    }
    let get = |n: &str| Activation::ALL.iter().copied().find(|a| a.name() == n);
    for (s, name) in [
        ("SiLU", "silu"),
        ("swish", "silu"),
        ("GELU", "gelu"),
        ("Gelu", "gelu"),
        ("gelu_python", "gelu"),
        ("gelu_pytorch_tanh", "gelu_tanh"),
        ("gelu_new", "gelu_tanh"),
        ("gelu_fast", "gelu_tanh"),
        ("gelu_accurate", "gelu_tanh"),
        ("LeakyReLU", "leaky_relu"),
        ("LeakyRelu", "leaky_relu"),
        ("ELU", "elu"),
        ("Elu", "elu"),
        ("Hardsigmoid", "hard_sigmoid"),
        ("hardsigmoid", "hard_sigmoid"),
        ("HardSwish", "hard_swish"),
        ("Hardswish", "hard_swish"),
        ("LogSoftmax", "log_softmax"),
        ("Softmax", "softmax"),
        ("Softplus", "softplus"),
        ("Mish", "mish"),
        ("Tanh", "tanh"),
        ("Sigmoid", "sigmoid"),
        ("ReLU", "relu"),
        ("Relu", "relu"),
        ("ReLU6", "relu6"),
        ("Exp", "exp"),
        ("Erf", "erf"),
        ("Identity", "identity"),
        ("linear", "identity"),
        ("QuickGELU", "quick_gelu"),
        ("quick_gelu", "quick_gelu"),
    ] {
        let want = get(name).ok_or(format!("no function {name}"))?;
        if s.parse::<Activation>() != Ok(want) {
            return Err(format!(
                "{s:?} parses as {:?}, not {name}",
                s.parse::<Activation>()
            ));
        }
    }
    for (s, b) in [
        ("avx2", Backend::Simd256),
        ("AVX512", Backend::Simd512),
        ("sse2", Backend::Simd128),
        ("NEON", Backend::Simd128),
        ("wasm", Backend::Simd128),
        (" simd128 ", Backend::Simd128),
    ] {
        if s.parse::<Backend>() != Ok(b) {
            return Err(format!(
                "{s:?} parses as {:?}, not {b}",
                s.parse::<Backend>()
            ));
        }
    }
    Ok(())
}

/// The function `FromStr` gives for `linear` (Hugging Face's name for no
/// activation) returns every `f32` bit for bit, NaN payloads (signalling
/// ones too) and `-0.0` included, on every backend and tier, out of place
/// and in place.
fn identity_bits() -> Result<(), String> {
    let a: Activation = "linear".parse().map_err(|e: Error| e.to_string())?;
    let stride = size(4099, 4_194_319) as u32;
    let mut x: Vec<f32> = (0..=u32::MAX / stride)
        .map(|i| f32::from_bits(i * stride))
        .collect();
    x.extend(
        (0..23)
            .flat_map(|b| [0x7f80_0000 | 1 << b, 0xff80_0000 | 1 << b])
            .map(f32::from_bits),
    );
    for &b in Backend::ALL.iter().filter(|b| b.is_available()) {
        for &p in Precision::ALL {
            let k = Kernels::new(b)
                .map_err(|e| e.to_string())?
                .with_precision(p);
            let mut y = vec![0.0f32; x.len()];
            k.apply(a, &x, &mut y).map_err(|e| e.to_string())?;
            let mut z = x.clone();
            k.apply_inplace(a, &mut z);
            for ((&i, &o), &o2) in x.iter().zip(&y).zip(&z) {
                if i.to_bits() != o.to_bits() || i.to_bits() != o2.to_bits() {
                    return Err(format!(
                        "{b} {p}: {:#010x} gives {:#010x} (in place {:#010x})",
                        i.to_bits(),
                        o.to_bits(),
                        o2.to_bits()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// `Activation` as a map key: equal values hash equal (a Gaussian with
/// `mu = -0.0` is the one with `mu = 0.0`), different ones are different
/// keys.
fn map_key() -> Result<(), String> {
    use std::collections::HashMap;
    use std::hash::{BuildHasher, RandomState};
    let g0 = actkern::Gauss::new(0.0, 1.0, 1.0).map_err(|e| e.to_string())?;
    let g1 = actkern::Gauss::new(-0.0, 1.0, 1.0).map_err(|e| e.to_string())?;
    let s = RandomState::new();
    if Activation::Gauss(g0) != Activation::Gauss(g1)
        || s.hash_one(Activation::Gauss(g0)) != s.hash_one(Activation::Gauss(g1))
    {
        return Err("mu = -0.0 and mu = 0.0 differ as keys".into());
    }
    let mut m = HashMap::new();
    for &a in Activation::ALL {
        if s.hash_one(a) != s.hash_one(a.name().parse::<Activation>().map_err(|e| e.to_string())?) {
            return Err(format!("{a}: equal values hash differently"));
        }
        m.insert(a, a.name());
    }
    for set in Activation::ALL.iter().flat_map(|&a| params::sets(a)) {
        m.entry(set.activation).or_insert("");
    }
    m.insert(Activation::Gauss(g1), "gauss");
    if m[&Activation::Gauss(g0)] != "gauss" {
        return Err("the Gaussian key with mu = -0.0 is not the one with mu = 0.0".into());
    }
    if Activation::ALL.iter().any(|a| m.get(a) != Some(&a.name())) {
        return Err("a function's key was overwritten by another one".into());
    }
    Ok(())
}

/// The ULP function itself, on cases worked out by hand.
fn ulp_definition() -> Result<(), String> {
    for (y, r, want) in actkern_testkit::ulp::CASES {
        let got = actkern_testkit::ulp::ulp_error(y, r);
        if got != want {
            return Err(format!("ulp_error({y:e}, {r:e}) = {got}, expected {want}"));
        }
    }
    Ok(())
}

fn error_display() -> Result<(), String> {
    let s = Error::LengthMismatch {
        input: 3,
        output: 2,
    }
    .to_string();
    let t = Error::BackendUnavailable(Backend::Simd512).to_string();
    let u = actkern::Gauss::new(0.0, -1.0, 1.0).unwrap_err().to_string();
    let v = "avx9".parse::<Backend>().unwrap_err().to_string();
    if !(s.contains('3')
        && s.contains('2')
        && t.contains("simd512")
        && u.contains("sigma")
        && u.contains("> 0")
        && v.starts_with("unknown backend name \"avx9\": ")
        && v.contains("simd256"))
    {
        return Err(format!("unhelpful messages: {s:?} / {t:?} / {u:?} / {v:?}"));
    }
    let long = "x".repeat(40);
    for (e, want) in [
        (
            Error::LengthMismatch {
                input: 1,
                output: 2,
            },
            "input and output lengths differ: input has 1 element, output has 2 elements",
        ),
        (
            Error::LengthMismatch {
                input: 2,
                output: 1,
            },
            "input and output lengths differ: input has 2 elements, output has 1 element",
        ),
        (
            Error::BufferLength {
                buffer: "b",
                len: 3,
                expected: 2,
            },
            "`b` has 3 elements, expected 2",
        ),
        (
            Error::BufferLength {
                buffer: "a",
                len: 1,
                expected: 0,
            },
            "`a` has 1 element, expected 0",
        ),
        (
            Error::RowLength { len: 1, row_len: 2 },
            "row length 2 does not divide the slice's 1 element into whole rows (it must be > 0)",
        ),
        (
            Error::RowLength { len: 5, row_len: 0 },
            "row length 0 does not divide the slice's 5 elements into whole rows (it must be > 0)",
        ),
        (
            "HardSigmoid".parse::<Activation>().unwrap_err(),
            "unknown activation name \"HardSigmoid\": expected one of ",
        ),
        (
            long.parse::<Activation>().unwrap_err(),
            "unknown activation name \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"...: expected one of ",
        ),
        (
            " fast\n".parse::<Backend>().unwrap_err(),
            "unknown backend name \"fast\": expected one of scalar, ",
        ),
    ] {
        let got = e.to_string();
        if !got.starts_with(want) || (!want.ends_with(' ') && got != want) {
            return Err(format!("{e:?} displays as {got:?}, expected {want:?}"));
        }
    }
    Ok(())
}
