//! The shared test suite: every test body runs once per backend. A backend
//! the host cannot run is reported as `ignored` with the reason, never
//! passed silently. (`harness = false` with libtest-mimic, so that skips are
//! decided at run time; filtering, `--list` and `--test-threads` work as
//! usual.)
//!
//! Trials are named `<function>::<test>::<backend>`, e.g.
//! `sigmoid::sweep::simd256`.

mod support;

use actkern::{Backend, Error, Gauss, Kernels};
use libtest_mimic::{Arguments, Completion, Failed, Trial};
use support::cases::{UNARY, Unary};
use support::reference as reference_fns;
use support::rng::Rng;
use support::ulp::ulp_error;

/// A test body for one element-wise function on one backend.
type UnaryBody = fn(Unary, Kernels) -> Result<(), String>;

/// Run for every function in `UNARY`, on every backend.
const UNARY_BODIES: &[(&str, UnaryBody)] = &[
    ("sweep", sweep),
    ("edges", edges),
    ("specials", specials),
    ("nan_payloads", nan_payloads),
    ("subnormal_inputs", subnormal_inputs),
    ("lengths_and_offsets", lengths_and_offsets),
    ("length_mismatch", length_mismatch),
];

/// A test body on one backend.
type Body = fn(Kernels) -> Result<(), String>;

/// `(function, test, body)` run on every backend.
const OTHER_BODIES: &[(&str, &str, Body)] = &[
    ("sigmoid", "range_0_1", sigmoid_range),
    ("gauss", "parameters", gauss_parameters),
    ("softmax", "article_example", softmax_article),
    ("softmax", "rows", softmax_rows),
    ("softmax", "specials", softmax_specials),
    ("softmax", "lengths_and_offsets", softmax_lengths),
    ("softmax", "length_mismatch", softmax_mismatch),
];

/// `full` normally, `small` under Miri, which runs the same bodies about a
/// million times slower: sweeps shrink, nothing else changes.
const fn size(full: usize, small: usize) -> usize {
    if cfg!(miri) { small } else { full }
}

fn main() {
    let mut args = Arguments::from_args();
    // wasm32-wasip1 has no threads: run the trials one after another there.
    if cfg!(target_family = "wasm") {
        args.test_threads = Some(1);
    }
    let mut trials = Vec::new();
    for &case in UNARY {
        for &(test, body) in UNARY_BODIES {
            per_backend(&mut trials, case.name, test, move |k| body(case, k));
        }
    }
    for &(func, test, body) in OTHER_BODIES {
        per_backend(&mut trials, func, test, body);
    }
    for &case in UNARY {
        trials.push(Trial::test(
            format!("{}::scalar_module_matches_backend", case.name),
            move || scalar_module(case).map_err(Failed::from),
        ));
    }
    trials.push(Trial::test(
        "dispatch::detect_picks_fastest_available",
        || detect().map_err(Failed::from),
    ));
    trials.push(Trial::test("dispatch::unavailable_backend_refused", || {
        unavailable().map_err(Failed::from)
    }));
    trials.push(Trial::test("gauss::new_validates", || {
        gauss_new().map_err(Failed::from)
    }));
    trials.push(Trial::test("ulp::definition", || {
        ulp_definition().map_err(Failed::from)
    }));
    trials.push(Trial::test("error::display", || {
        error_display().map_err(Failed::from)
    }));

    let report: Vec<String> = Backend::ALL
        .iter()
        .map(|b| {
            format!(
                "{b}: {}",
                if b.is_available() {
                    "run"
                } else {
                    "skipped (not available)"
                }
            )
        })
        .collect();
    eprintln!("backends: {}", report.join(", "));
    libtest_mimic::run(&args, trials).exit();
}

/// One trial per backend; unavailable ones are ignored with the reason.
fn per_backend(
    trials: &mut Vec<Trial>,
    func: &str,
    test: &str,
    body: impl Fn(Kernels) -> Result<(), String> + Copy + Send + 'static,
) {
    for b in Backend::ALL {
        trials.push(Trial::ignorable_test(
            format!("{func}::{test}::{b}"),
            move || match Kernels::new(b) {
                Err(_) => Ok(Completion::ignored_with(format!(
                    "backend {b} is not available on this CPU/build"
                ))),
                Ok(k) => body(k)
                    .map(|()| Completion::Completed)
                    .map_err(Failed::from),
            },
        ));
    }
}

/// Checks `x` against `case` on backend `k`: error within the documented
/// bound; returns the largest error seen.
fn check_inputs(case: Unary, k: Kernels, x: &[f32]) -> Result<f64, String> {
    let mut y = vec![0.0f32; x.len()];
    (case.run)(&k, x, &mut y).map_err(|e| e.to_string())?;
    let bound = case.bound(k.backend());
    let mut worst = 0.0f64;
    for (&xi, &yi) in x.iter().zip(&y) {
        let e = ulp_error(yi, (case.reference)(xi));
        if e > bound || e.is_nan() {
            return Err(format!(
                "{}({xi:e} = {:#010x}) on {} = {yi:e}, reference {:e}: {e} ULP > bound {bound}",
                case.name,
                xi.to_bits(),
                k.backend(),
                (case.reference)(xi)
            ));
        }
        worst = worst.max(e);
    }
    Ok(worst)
}

/// Every 257th bit pattern (all signs, exponents, NaNs), in slices of
/// varying length so both the vector loop and the tails are exercised.
fn sweep(case: Unary, k: Kernels) -> Result<(), String> {
    // Under Miri: a prime stride that still visits every exponent range.
    let stride = size(257, 4_194_319) as u64;
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
        check_inputs(case, k, &x)?;
        start += len as u64 * stride;
        len = if len >= 8191 { 4093 } else { len + 1 };
    }
    Ok(())
}

/// 4096 consecutive f32 values on each side of each edge point.
fn edges(case: Unary, k: Kernels) -> Result<(), String> {
    for &e in case.edges {
        for sign in [1.0f32, -1.0] {
            let c = (e * sign).to_bits() as i64;
            let w = size(4096, 4) as i64;
            let x: Vec<f32> = (c - w..=c + w)
                .filter(|b| (0..1 << 32).contains(b))
                .map(|b| f32::from_bits(b as u32))
                .collect();
            check_inputs(case, k, &x)?;
        }
    }
    Ok(())
}

fn same(a: f32, b: f32) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

fn specials(case: Unary, k: Kernels) -> Result<(), String> {
    let x: Vec<f32> = case.specials.iter().map(|s| s.0).collect();
    let mut y = vec![0.0f32; x.len()];
    (case.run)(&k, &x, &mut y).map_err(|e| e.to_string())?;
    for (&(xi, want), &got) in case.specials.iter().zip(&y) {
        if !same(got, want) {
            return Err(format!(
                "{}({xi:e}) = {got:e} ({:#010x}), documented {want:e}",
                case.name,
                got.to_bits()
            ));
        }
    }
    Ok(())
}

/// Every NaN bit pattern of both signs (2^24 - 2 of them) gives NaN, in
/// place and out of place.
fn nan_payloads(case: Unary, k: Kernels) -> Result<(), String> {
    let n = size(1 << 16, 37);
    let mut x = vec![0.0f32; n];
    let mut y = vec![0.0f32; n];
    for sign in [0u32, 0x8000_0000] {
        for block in (0u32..1 << 23).step_by(size(1 << 16, 1 << 20)) {
            for (i, xi) in x.iter_mut().enumerate() {
                // Exponent all ones, mantissa nonzero: block + i + 1 covers
                // 1..=2^23 - 1 (the last one wraps to 0 = infinity: skipped).
                let m = (block + i as u32 + 1) & 0x7f_ffff;
                *xi = f32::from_bits(sign | 0x7f80_0000 | m.max(1));
            }
            (case.run)(&k, &x, &mut y).map_err(|e| e.to_string())?;
            if let Some(i) = y.iter().position(|v| !v.is_nan()) {
                return Err(format!(
                    "{}({:#010x}) = {:e}, expected NaN",
                    case.name,
                    x[i].to_bits(),
                    y[i]
                ));
            }
            (case.inplace)(&k, &mut x);
            if let Some(i) = x.iter().position(|v| !v.is_nan()) {
                return Err(format!(
                    "{}_inplace(NaN) = {:e}, expected NaN",
                    case.name, x[i]
                ));
            }
        }
    }
    Ok(())
}

/// Every subnormal input of both signs (2^24 patterns), within bound.
fn subnormal_inputs(case: Unary, k: Kernels) -> Result<(), String> {
    for sign in [0u32, 0x8000_0000] {
        for block in (0u32..1 << 23).step_by(size(1 << 16, 1 << 20)) {
            let x: Vec<f32> = (block..block + size(1 << 16, 37) as u32)
                .map(|b| f32::from_bits(b | sign))
                .collect();
            check_inputs(case, k, &x)?;
        }
    }
    Ok(())
}

/// Every length 0..=67 at start offsets 0..4 in a larger buffer:
/// out-of-place and in-place agree bit for bit, each element equals the
/// kernel on that element alone (main loop and tail compute alike), and
/// nothing outside the output slice is written.
fn lengths_and_offsets(case: Unary, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(7);
    let pool: Vec<f32> = (0..80)
        .map(|i| {
            if i % 5 == 0 {
                rng.any_f32()
            } else {
                rng.uniform(-12.0, 12.0)
            }
        })
        .collect();
    for len in 0..=size(67, 19) {
        for off in 0..4 {
            let x = &pool[off..off + len];
            let mut buf = vec![f32::from_bits(0x7fc0_dead); len + 8];
            (case.run)(&k, x, &mut buf[off..off + len]).map_err(|e| e.to_string())?;
            let mut inplace = vec![f32::from_bits(0x7fc0_dead); len + 8];
            inplace[off..off + len].copy_from_slice(x);
            (case.inplace)(&k, &mut inplace[off..off + len]);
            for i in 0..len + 8 {
                let inside = (off..off + len).contains(&i);
                if !inside && buf[i].to_bits() != 0x7fc0_dead {
                    return Err(format!(
                        "len {len} off {off}: wrote outside the output at {i}"
                    ));
                }
                if !inside && inplace[i].to_bits() != 0x7fc0_dead {
                    return Err(format!(
                        "len {len} off {off}: in-place wrote outside the slice at {i}"
                    ));
                }
                if inside && buf[i].to_bits() != inplace[i].to_bits() {
                    return Err(format!(
                        "len {len} off {off}: in-place {:e} != out-of-place {:e}",
                        inplace[i], buf[i]
                    ));
                }
            }
            for i in 0..len {
                let mut one = [0.0f32];
                (case.run)(&k, &x[i..=i], &mut one).map_err(|e| e.to_string())?;
                if !same(one[0], buf[off + i]) {
                    return Err(format!(
                        "len {len}: element {i} alone {:e} != in slice {:e}",
                        one[0],
                        buf[off + i]
                    ));
                }
            }
        }
    }
    Ok(())
}

fn length_mismatch(case: Unary, k: Kernels) -> Result<(), String> {
    for (n_in, n_out) in [(5usize, 4usize), (4, 5), (0, 1), (1, 0), (100, 99)] {
        let x = vec![0.5f32; n_in];
        let mut y = vec![-7.0f32; n_out];
        match (case.run)(&k, &x, &mut y) {
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

fn sigmoid_range(k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(11);
    let x: Vec<f32> = (0..size(1 << 20, 300)).map(|_| rng.any_f32()).collect();
    let mut y = vec![0.0; x.len()];
    k.sigmoid(&x, &mut y).map_err(|e| e.to_string())?;
    for (xi, yi) in x.iter().zip(&y) {
        if !xi.is_nan() && !(0.0..=1.0).contains(yi) {
            return Err(format!("sigmoid({xi:e}) = {yi:e} outside [0, 1]"));
        }
    }
    Ok(())
}

/// General parameters: within 3.0 ULP of the exact formula on the f32
/// arguments, on a dense range around mu and on random bit patterns.
fn gauss_parameters(k: Kernels) -> Result<(), String> {
    let sets: &[(f32, f32, f32)] = &[
        (1.5, 0.5, 2.0),
        (-3.0, 7.25, -0.75),
        (1.0e4, 1.0e-3, 1.0e30),
        (0.0, 1.0e-30, 3.0e-39),
        (0.0, 1.0e25, 1.0),
        (1.0e-40, 2.0, 5.0),
        (5.0, 1.0e-42, 1.0),
        (0.0, 3.0e38, 1.0),
        (-1.0e30, 1.0e30, 3.0e38),
        // Found by the unary fuzzer: x - mu overflows although t is small.
        (1.874_889_1e38, 3.396_151_4e38, 3.396_151_4e38),
        (-3.0e38, 3.0e38, 1.0),
        // x == mu with a tiny sigma: x * 2^64 would overflow.
        (1.0e30, 1.0e-25, 2.0),
        (0.1, 0.3, 1.0e-45),
        (2.0, 1.0, 0.0),
    ];
    let mut rng = Rng::new(3);
    for &(mu, sigma, a) in sets {
        let g = Gauss::new(mu, sigma, a).map_err(|e| e.to_string())?;
        let mut x: Vec<f32> = (0..size(200_000, 50))
            .map(|_| (mu as f64 + sigma as f64 * rng.uniform(-11.0, 11.0) as f64) as f32)
            .collect();
        x.extend((0..size(50_000, 20)).map(|_| rng.any_f32()));
        x.extend([mu, f32::INFINITY, f32::NEG_INFINITY, f32::NAN]);
        let mut y = vec![0.0; x.len()];
        k.gauss(g, &x, &mut y).map_err(|e| e.to_string())?;
        for (&xi, &yi) in x.iter().zip(&y) {
            let r = reference_fns::gauss(mu, sigma, a, xi);
            let e = ulp_error(yi, r);
            if e > 3.0 {
                return Err(format!(
                    "gauss(mu {mu:e}, sigma {sigma:e}, a {a:e}; x {xi:e}) = {yi:e}, reference {r:e}: {e} ULP"
                ));
            }
        }
        let at_mu = y[y.len() - 4];
        if at_mu.to_bits() != a.to_bits() {
            return Err(format!("gauss at mu = {at_mu:e}, amplitude {a:e}"));
        }
    }
    Ok(())
}

fn softmax_article(k: Kernels) -> Result<(), String> {
    // From the seed article: softmax([3, 6, 13, 6]) = [4.53e-05, 9.10e-04, 0.998, 9.10e-04].
    let mut y = [0.0f32; 4];
    k.softmax(&[3.0, 6.0, 13.0, 6.0], &mut y)
        .map_err(|e| e.to_string())?;
    let want = [4.53e-5f32, 9.10e-4, 0.998, 9.10e-4];
    for (g, w) in y.iter().zip(want) {
        if ((g - w) / w).abs() > 5e-3 {
            return Err(format!("softmax article example: {y:?}, article {want:?}"));
        }
    }
    Ok(())
}

/// Checks one softmax row: each output within `4 + |x_i - max|` ULP of the
/// f64 softmax, outputs in [0, 1], sum within 1e-5 of 1.
fn check_softmax_row(k: Kernels, x: &[f32]) -> Result<(), String> {
    let mut y = vec![0.0f32; x.len()];
    k.softmax(x, &mut y).map_err(|e| e.to_string())?;
    let mut r = vec![0.0f64; x.len()];
    reference_fns::softmax(x, &mut r);
    let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
    let mut sum = 0.0f64;
    for i in 0..x.len() {
        let e = ulp_error(y[i], r[i]);
        let bound = 4.0 + (x[i] as f64 - m).abs();
        if e > bound || !(0.0..=1.0).contains(&y[i]) {
            return Err(format!(
                "softmax row of {}: y[{i}] = {:e}, reference {:e}: {e} ULP > {bound}",
                x.len(),
                y[i],
                r[i]
            ));
        }
        sum += y[i] as f64;
    }
    if !x.is_empty() && (sum - 1.0).abs() > 1e-5 {
        return Err(format!("softmax row of {}: sum {sum}", x.len()));
    }
    Ok(())
}

fn softmax_rows(k: Kernels) -> Result<(), String> {
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
            check_softmax_row(k, &x)?;
        }
        // All equal: exactly 1/n each up to rounding.
        check_softmax_row(k, &vec![3.25f32; n])?;
    }
    // -inf among finite values.
    let mut x: Vec<f32> = (0..37).map(|_| rng.uniform(-5.0, 5.0)).collect();
    x[3] = f32::NEG_INFINITY;
    x[36] = f32::NEG_INFINITY;
    check_softmax_row(k, &x)
}

fn softmax_specials(k: Kernels) -> Result<(), String> {
    let run = |x: &[f32]| {
        let mut y = vec![0.0f32; x.len()];
        k.softmax(x, &mut y).map(|()| y).map_err(|e| e.to_string())
    };
    for (what, x) in [
        (
            "NaN",
            vec![1.0, f32::NAN, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        ),
        (
            "+inf",
            vec![1.0, 2.0, f32::INFINITY, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        ),
        ("all -inf", vec![f32::NEG_INFINITY; 11]),
        (
            "NaN last",
            vec![0.0; 8].into_iter().chain([f32::NAN]).collect(),
        ),
    ] {
        let y = run(&x)?;
        if !y.iter().all(|v| v.is_nan()) {
            return Err(format!("softmax with {what}: expected all NaN, got {y:?}"));
        }
    }
    let y = run(&[
        1.0,
        f32::NEG_INFINITY,
        2.0,
        f32::NEG_INFINITY,
        0.5,
        0.1,
        0.2,
        0.3,
        0.4,
    ])?;
    if y[1].to_bits() != 0 || y[3].to_bits() != 0 {
        return Err(format!("softmax: -inf elements must give +0, got {y:?}"));
    }
    if !run(&[])?.is_empty() {
        return Err("softmax of empty slice".into());
    }
    let y = run(&[-1.0e30])?;
    if y != [1.0] {
        return Err(format!("softmax of one element = {y:?}, expected [1.0]"));
    }
    Ok(())
}

fn softmax_lengths(k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(9);
    let pool: Vec<f32> = (0..80).map(|_| rng.uniform(-20.0, 20.0)).collect();
    for len in 0..=size(67, 19) {
        for off in 0..4 {
            let x = &pool[off..off + len];
            let mut out = vec![f32::from_bits(0x7fc0_dead); len + 8];
            k.softmax(x, &mut out[off..off + len])
                .map_err(|e| e.to_string())?;
            let mut inplace = vec![f32::from_bits(0x7fc0_dead); len + 8];
            inplace[off..off + len].copy_from_slice(x);
            k.softmax_inplace(&mut inplace[off..off + len]);
            if out
                .iter()
                .zip(&inplace)
                .any(|(a, b)| a.to_bits() != b.to_bits())
            {
                return Err(format!(
                    "softmax len {len} off {off}: in-place differs from out-of-place"
                ));
            }
            if out
                .iter()
                .enumerate()
                .any(|(i, v)| !(off..off + len).contains(&i) && v.to_bits() != 0x7fc0_dead)
            {
                return Err(format!(
                    "softmax len {len} off {off}: wrote outside the output"
                ));
            }
            check_softmax_row(k, x)?;
        }
    }
    Ok(())
}

fn softmax_mismatch(k: Kernels) -> Result<(), String> {
    let mut y = [9.0f32; 3];
    match k.softmax(&[1.0, 2.0], &mut y) {
        Err(Error::LengthMismatch {
            input: 2,
            output: 3,
        }) if y == [9.0; 3] => Ok(()),
        other => Err(format!("softmax mismatch: {other:?}, output {y:?}")),
    }
}

fn scalar_module(case: Unary) -> Result<(), String> {
    let k = Kernels::new(Backend::Scalar).map_err(|e| e.to_string())?;
    let mut rng = Rng::new(13);
    let x: Vec<f32> = (0..size(100_000, 200))
        .map(|i| {
            if i % 2 == 0 {
                rng.any_f32()
            } else {
                rng.uniform(-20.0, 20.0)
            }
        })
        .collect();
    let mut y = vec![0.0; x.len()];
    (case.run)(&k, &x, &mut y).map_err(|e| e.to_string())?;
    for (&xi, &yi) in x.iter().zip(&y) {
        let s = (case.scalar)(xi);
        if !same(s, yi) {
            return Err(format!(
                "scalar::{}({xi:e}) = {s:e}, Backend::Scalar gives {yi:e}",
                case.name
            ));
        }
    }
    Ok(())
}

fn detect() -> Result<(), String> {
    let d = Kernels::detect();
    // Documented rule: the widest available backend, but Simd128 only where
    // wide maps it to SIMD hardware.
    let simd128_native = cfg!(any(
        target_feature = "sse2",
        all(target_arch = "aarch64", target_feature = "neon"),
        all(target_arch = "wasm32", target_feature = "simd128")
    ));
    let fastest = Backend::ALL
        .into_iter()
        .rev()
        .filter(|&b| b != Backend::Simd128 || simd128_native)
        .find(|b| b.is_available())
        .unwrap();
    if d.backend() != fastest || !d.backend().is_available() {
        return Err(format!(
            "detect chose {}, fastest available is {fastest}",
            d.backend()
        ));
    }
    if Kernels::detect() != d {
        return Err("detect is not stable across calls".into());
    }
    // The free functions run on the detected backend.
    let x: Vec<f32> = (0..100).map(|i| i as f32 * 0.37 - 18.0).collect();
    let (mut a, mut b) = (vec![0.0; 100], vec![0.0; 100]);
    actkern::sigmoid(&x, &mut a).map_err(|e| e.to_string())?;
    d.sigmoid(&x, &mut b).map_err(|e| e.to_string())?;
    if a != b {
        return Err("actkern::sigmoid differs from Kernels::detect().sigmoid".into());
    }
    Ok(())
}

fn unavailable() -> Result<(), String> {
    for b in Backend::ALL {
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

fn gauss_new() -> Result<(), String> {
    let bad = [
        (f32::NAN, 1.0, 1.0, "mu"),
        (f32::INFINITY, 1.0, 1.0, "mu"),
        (0.0, 0.0, 1.0, "sigma"),
        (0.0, -0.0, 1.0, "sigma"),
        (0.0, -1.0, 1.0, "sigma"),
        (0.0, f32::NAN, 1.0, "sigma"),
        (0.0, f32::INFINITY, 1.0, "sigma"),
        (0.0, 1.0, f32::NAN, "amplitude"),
        (0.0, 1.0, f32::NEG_INFINITY, "amplitude"),
    ];
    for (mu, sigma, a, which) in bad {
        match Gauss::new(mu, sigma, a) {
            Err(Error::InvalidParameter { name, .. }) if name == which => {}
            other => {
                return Err(format!(
                    "Gauss::new({mu}, {sigma}, {a}): expected an error on {which}, got {other:?}"
                ));
            }
        }
    }
    let g = Gauss::new(0.0, 1.0, 1.0).map_err(|e| e.to_string())?;
    if g != Gauss::STANDARD {
        return Err("Gauss::new(0, 1, 1) != Gauss::STANDARD".into());
    }
    let g = Gauss::new(-2.0, 1e-45, -3.0).map_err(|e| e.to_string())?;
    if (g.mu(), g.sigma(), g.amplitude()) != (-2.0, 1e-45, -3.0) {
        return Err("Gauss accessors".into());
    }
    Ok(())
}

/// The ULP function itself, on cases worked out by hand.
fn ulp_definition() -> Result<(), String> {
    for (y, r, want) in support::ulp::CASES {
        let got = ulp_error(y, r);
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
    let u = Gauss::new(0.0, -1.0, 1.0).unwrap_err().to_string();
    if !(s.contains('3')
        && s.contains('2')
        && t.contains("simd512")
        && u.contains("sigma")
        && u.contains("> 0"))
    {
        return Err(format!("unhelpful messages: {s:?} / {t:?} / {u:?}"));
    }
    Ok(())
}
