//! The attention bodies, on each backend and tier: softmax and
//! log-softmax rows under `RowOptions` against the test kit's `f64` row
//! references on logits computed here (`f32` operations, one rounding
//! each, as `RowOptions` specifies them; with a soft-cap, in `f64`), and
//! tiled attention (`softmax_block`, `SoftmaxState::merge`) recombined and
//! compared with the `f64` softmax of the whole row.

use actkern::{Activation, Error, Kernels, MaskedRows, RowOptions, SoftmaxState};
use actkern_testkit::check;
use actkern_testkit::libm;
use actkern_testkit::reference;
use actkern_testkit::rng::Rng;
use actkern_testkit::ulp::tier_error;

/// A test body on one backend and tier.
pub type Body = fn(Kernels) -> Result<(), String>;

/// The bodies, by name.
pub const BODIES: &[(&str, Body)] = &[
    ("rows_with_options", rows_with_options),
    ("softcap", softcap),
    ("fully_masked_rows", fully_masked_rows),
    ("bad_options", bad_options),
    ("blocks", blocks),
    ("merge", merge),
    ("block_specials", block_specials),
    #[cfg(feature = "half")]
    ("half_rows", super::half::attention_rows),
];

/// What a call is given: the options' parts, plain, so that the test can
/// compute the logits itself.
#[derive(Clone, Copy, Default)]
struct Case<'a> {
    row_len: usize,
    stride: usize,
    scale: Option<f32>,
    cap: Option<f32>,
    mask: Option<&'a [f32]>,
    causal: Option<usize>,
    alibi: Option<f32>,
}

impl<'a> Case<'a> {
    fn options(&self) -> RowOptions<'a> {
        let mut o = RowOptions::new(self.row_len).stride(self.stride);
        if let Some(s) = self.scale {
            o = o.scale(s);
        }
        if let Some(c) = self.cap {
            o = o.softcap(c);
        }
        if let Some(m) = self.mask {
            o = o.mask(m);
        }
        if let Some(c) = self.causal {
            o = o.causal(c);
        }
        if let Some(a) = self.alibi {
            o = o.alibi(a);
        }
        o
    }

    /// Row `r`'s logits (from buffer offset `at`) over its unmasked
    /// columns, in `f32` as specified (no cap), or in `f64` with a cap.
    fn logits(&self, x: &[f32], r: usize, at: usize) -> (Vec<f32>, Vec<f64>) {
        let valid = match self.causal {
            Some(o) => (r + o + 1).min(self.row_len),
            None => self.row_len,
        };
        let offset = self.causal.unwrap_or(0) as f64;
        let (mut t32, mut t64) = (Vec::new(), Vec::new());
        for c in 0..valid {
            let xi = x[at + c];
            let m = self.mask.map(|m| {
                if m.len() == self.row_len {
                    m[c]
                } else {
                    m[at + c]
                }
            });
            let d = c as f64 - r as f64 - offset;
            // f32, each operation rounded once.
            let mut t = xi * self.scale.unwrap_or(1.0);
            if let Some(m) = m {
                t += m;
            }
            if let Some(s) = self.alibi {
                t += s * d as f32;
            }
            t32.push(t);
            // f64, with the exact soft-cap.
            let mut u = xi as f64 * self.scale.unwrap_or(1.0) as f64;
            if let Some(c) = self.cap {
                u = c as f64 * libm::tanh(u / c as f64);
            }
            if let Some(m) = m {
                u += m as f64;
            }
            if let Some(s) = self.alibi {
                u += s as f64 * d;
            }
            t64.push(u);
        }
        (t32, t64)
    }
}

/// The row starts of a buffer of `len` under `case`.
fn row_starts(case: &Case, len: usize) -> Vec<usize> {
    (0..)
        .map(|r| r * case.stride)
        .take_while(|&at| at + case.row_len <= len)
        .collect()
}

/// Runs `case` on `x` both ways and checks it: padding untouched, in place
/// bit-equal to out of place, masked columns the function's zero, the
/// rest within the row bound (plus the soft-cap's allowance).
fn check_case(k: Kernels, log: bool, case: &Case, x: &[f32]) -> Result<(), String> {
    let a = if log {
        Activation::LogSoftmax
    } else {
        Activation::Softmax
    };
    const SENTINEL: f32 = 1234.5;
    let opts = case.options();
    let mut y = vec![SENTINEL; x.len()];
    let mut z = x.to_vec();
    let r1 = if log {
        k.log_softmax_rows_with(&opts, x, &mut y)
    } else {
        k.softmax_rows_with(&opts, x, &mut y)
    };
    let r2 = if log {
        k.log_softmax_rows_with_inplace(&opts, &mut z)
    } else {
        k.softmax_rows_with_inplace(&opts, &mut z)
    };
    r1.and(r2).map_err(|e| e.to_string())?;
    let starts = row_starts(case, x.len());
    let zero = if log { f32::NEG_INFINITY } else { 0.0 };
    let what = |r: usize, c: usize| format!("{a} row {r} col {c} on {k:?}");
    for (i, (&yi, &zi)) in y.iter().zip(&z).enumerate() {
        let inside = starts.iter().any(|&s| (s..s + case.row_len).contains(&i));
        if !inside {
            if yi != SENTINEL || zi.to_bits() != x[i].to_bits() {
                return Err(format!("{a}: padding element {i} written on {k:?}"));
            }
            continue;
        }
        if yi.to_bits() != zi.to_bits() {
            return Err(format!(
                "{a}: in place {zi} != out of place {yi} at {i} on {k:?} ({opts:?}, len {})",
                x.len()
            ));
        }
    }
    let tanh_bound = Activation::Tanh.spec().tier(k.precision()).bound;
    for (r, &at) in starts.iter().enumerate() {
        let (t32, t64) = case.logits(x, r, at);
        let valid = t32.len();
        for c in valid..case.row_len {
            if y[at + c] != zero {
                return Err(format!("{}: {} not {zero} (causal)", what(r, c), y[at + c]));
            }
        }
        let out = &y[at..at + valid];
        let mut scratch = vec![0.0f64; valid];
        if case.cap.is_none() {
            check::row(a, k.precision(), &t32, out, &mut scratch)
                .map_err(|f| format!("{a} row {r} under options on {k:?}: {f:?}"))?;
            continue;
        }
        // With a cap: the f64 row on the exact logits; each logit may be
        // off by (tanh bound + 2) ULP of its magnitude.
        let t_rounded: Vec<f32> = t64.iter().map(|&t| t as f32).collect();
        if !reference::row(a, &t_rounded, &mut scratch) {
            return Err("no reference".into());
        }
        let m = t64.iter().fold(f64::NEG_INFINITY, |m, &t| m.max(t));
        let exact = exact_row(log, &t64);
        let b = check::bound(a, k.precision());
        for c in 0..valid {
            let r_ = exact[c];
            let e = if log {
                check::log_ulp_error(out[c], r_)
            } else {
                tier_error(k.precision(), out[c], r_)
            };
            // Each logit is off by up to (tanh bound + 2) ULP of its
            // magnitude (at most the cap); the output by its own, the
            // maximum's and the sum's logit errors.
            let slack = if log { 0.0 } else { (t64[c] - m).abs() };
            let cap = case.cap.unwrap_or(0.0) as f64;
            let spread = (tanh_bound + 2.0) * (t64[c].abs() + m.abs() + cap);
            let allowance = if log { spread } else { 2.0 * spread };
            if e.is_nan() || e > b + slack + allowance {
                return Err(format!(
                    "{}: {} vs {r_} ({e} ULP > {} + {slack} + {allowance})",
                    what(r, c),
                    out[c],
                    b
                ));
            }
        }
    }
    Ok(())
}

/// `e^x` in `f64` (as a power: the function names stay in their own
/// files, `tests/coverage.rs`).
fn e_pow(x: f64) -> f64 {
    libm::pow(core::f64::consts::E, x)
}

/// Softmax or log-softmax of `t` in `f64`.
fn exact_row(log: bool, t: &[f64]) -> Vec<f64> {
    let m = t.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let s: f64 = t.iter().map(|&v| e_pow(v - m)).sum();
    t.iter()
        .map(|&v| {
            if log {
                (v - m) - libm::log(s)
            } else {
                e_pow(v - m) / s
            }
        })
        .collect()
}

fn lens() -> &'static [usize] {
    if cfg!(miri) {
        &[5]
    } else {
        &[1, 2, 3, 7, 8, 16, 17, 33, 64, 100, 1000]
    }
}

/// Every option alone and together, on rows of many lengths, both
/// functions.
fn rows_with_options(k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(18);
    for &n in lens() {
        let rows = 3;
        for pad in [0, 3] {
            let stride = n + pad;
            let len = rows * stride;
            let x: Vec<f32> = (0..len).map(|_| rng.uniform(-8.0, 8.0)).collect();
            let shared: Vec<f32> = (0..n)
                .map(|i| {
                    if i % 5 == 3 {
                        f32::NEG_INFINITY
                    } else {
                        rng.uniform(-2.0, 2.0)
                    }
                })
                .collect();
            let full: Vec<f32> = (0..len)
                .map(|i| {
                    if i % 7 == 2 {
                        f32::NEG_INFINITY
                    } else {
                        rng.uniform(-1.0, 1.0)
                    }
                })
                .collect();
            let base = Case {
                row_len: n,
                stride,
                ..Case::default()
            };
            let cases = [
                base,
                Case {
                    scale: Some(0.125),
                    ..base
                },
                Case {
                    scale: Some(3.0),
                    mask: Some(&shared),
                    ..base
                },
                Case {
                    mask: Some(&full),
                    ..base
                },
                Case {
                    causal: Some(0),
                    ..base
                },
                Case {
                    causal: Some(n / 2),
                    alibi: Some(-0.0625),
                    ..base
                },
                Case {
                    alibi: Some(0.3),
                    ..base
                },
                Case {
                    scale: Some(0.5),
                    mask: Some(&full),
                    causal: Some(1),
                    alibi: Some(-0.5),
                    ..base
                },
            ];
            for case in &cases {
                for log in [false, true] {
                    // A masked first column can leave a causal row with
                    // nothing: that case is `fully_masked_rows`'.
                    let all_masked = row_starts(case, len).iter().enumerate().any(|(r, &at)| {
                        case.logits(&x, r, at)
                            .0
                            .iter()
                            .all(|&t| t == f32::NEG_INFINITY)
                    });
                    if !all_masked {
                        check_case(k, log, case, &x)?;
                    }
                }
            }
            // The last row without its padding.
            if pad > 0 {
                let short = &x[..len - pad];
                check_case(
                    k,
                    false,
                    &Case {
                        causal: Some(2),
                        ..base
                    },
                    short,
                )?;
            }
        }
    }
    Ok(())
}

/// Gemma 2's soft-cap, with large scores (where it matters).
fn softcap(k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(19);
    for &n in lens() {
        let x: Vec<f32> = (0..2 * n).map(|_| rng.uniform(-200.0, 200.0)).collect();
        for cap in [50.0f32, 30.0, 1.0] {
            for log in [false, true] {
                let case = Case {
                    row_len: n,
                    stride: n,
                    scale: Some(0.25),
                    cap: Some(cap),
                    causal: Some(3),
                    ..Case::default()
                };
                check_case(k, log, &case, &x)?;
            }
        }
    }
    Ok(())
}

/// A row with no finite logit: NaN by default, the function's zero with
/// `MaskedRows::Zero`; other rows unaffected.
fn fully_masked_rows(k: Kernels) -> Result<(), String> {
    let n = 19;
    let x: Vec<f32> = (0..2 * n).map(|i| i as f32 * 0.1).collect();
    let mut mask = vec![0.0f32; 2 * n];
    mask[n..].fill(f32::NEG_INFINITY);
    let opts = RowOptions::new(n).mask(&mask).causal(0);
    for (policy, soft, log_) in [
        (MaskedRows::Nan, f32::NAN, f32::NAN),
        (MaskedRows::Zero, 0.0, f32::NEG_INFINITY),
    ] {
        let k = k.with_masked_rows(policy);
        for log in [false, true] {
            // The function under test on `x`, into a buffer of 0.5s.
            let rows = |opts: &RowOptions<'_>, x: &[f32]| -> Result<Vec<f32>, String> {
                let mut y = vec![0.5f32; x.len()];
                if log {
                    k.log_softmax_rows_with(opts, x, &mut y)
                } else {
                    k.softmax_rows_with(opts, x, &mut y)
                }
                .map_err(|e| e.to_string())?;
                Ok(y)
            };
            let y = rows(&opts, &x)?;
            let want = if log { log_ } else { soft };
            if !y[n..].iter().all(|v| v.to_bits() == want.to_bits()) {
                return Err(format!("{policy:?} log={log}: masked row {:?}", &y[n..]));
            }
            // Row 0 sees only column 0 (causal, offset 0): probability 1.
            let first = if log { 0.0 } else { 1.0 };
            if y[0] != first {
                return Err(format!("{policy:?} log={log}: row 0 gives {}", y[0]));
            }
            // A NaN logit is not a mask, even where `max` loses it.
            for row in super::nan_rows() {
                let y = rows(&RowOptions::new(row.len()).scale(0.5), &row)?;
                if !y.iter().all(|v| v.is_nan()) {
                    return Err(format!("{policy:?} log={log}: a row with NaN gives {y:?}"));
                }
                // Its causally masked columns keep the function's zero.
                let seen = row.len();
                let x = [row, vec![1.0; 3]].concat();
                let y = rows(&RowOptions::new(x.len()).causal(seen - 1), &x)?;
                let zero = if log { f32::NEG_INFINITY } else { 0.0 };
                let (head, tail) = y.split_at(seen);
                if !head.iter().all(|v| v.is_nan()) || tail.iter().any(|&v| v != zero) {
                    return Err(format!(
                        "{policy:?} log={log}: a causal row with NaN gives {y:?}"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Each bad option is an error, with nothing written.
fn bad_options(k: Kernels) -> Result<(), String> {
    let x = [1.0f32; 12];
    let short = [0.0f32; 5];
    let bad: [(RowOptions, &str); 11] = [
        (RowOptions::new(4).scale(0.0), "scale 0"),
        (RowOptions::new(4).scale(-1.0), "negative scale"),
        (RowOptions::new(4).scale(f32::NAN), "NaN scale"),
        (RowOptions::new(4).scale(f32::INFINITY), "infinite scale"),
        (RowOptions::new(4).softcap(0.0), "cap 0"),
        (RowOptions::new(4).softcap(f32::NAN), "NaN cap"),
        (RowOptions::new(4).mask(&short), "mask of 5"),
        (RowOptions::new(4).stride(3), "stride < row_len"),
        (RowOptions::new(5), "row_len not dividing"),
        (RowOptions::new(0), "row_len 0"),
        (RowOptions::new(4).alibi(f32::NAN), "NaN slope"),
    ];
    for (o, what) in bad {
        let mut y = [7.0f32; 12];
        let mut z = x;
        let e1 = k.softmax_rows_with(&o, &x, &mut y);
        let e2 = k.log_softmax_rows_with_inplace(&o, &mut z);
        if e1.is_ok() || e2.is_ok() || y != [7.0; 12] || z != x {
            return Err(format!("{what}: accepted or written ({e1:?}, {e2:?})"));
        }
    }
    // Stride 5 over 12 elements: neither whole strides nor a short last row.
    let mut y = [7.0f32; 12];
    if k.softmax_rows_with(&RowOptions::new(4).stride(5), &x, &mut y)
        .is_ok()
        || y != [7.0; 12]
    {
        return Err("a stride the buffer does not fit was accepted".into());
    }
    // Stride 5 over 14 elements (two strides and a row of 4) is fine.
    let x14 = [1.0f32; 14];
    let mut y14 = [7.0f32; 14];
    k.softmax_rows_with(&RowOptions::new(4).stride(5), &x14, &mut y14)
        .map_err(|e| e.to_string())?;
    if y14[4] != 7.0 || y14[9] != 7.0 || y14[0] != 0.25 || y14[13] != 0.25 {
        return Err(format!("stride 5: {y14:?}"));
    }
    let mut y3 = [0.0f32; 3];
    match k.softmax_rows_with(&RowOptions::new(4), &x, &mut y3) {
        Err(Error::LengthMismatch { .. }) => {}
        r => return Err(format!("unequal lengths: {r:?}")),
    }
    let mut st = SoftmaxState::new();
    let mut out = [7.0f32; 3];
    for (s, c) in [(0.0, None), (1.0, Some(-1.0)), (f32::NAN, None)] {
        if k.softmax_block_with(s, c, &mut st, &x[..3], &mut out)
            .is_ok()
            || out != [7.0; 3]
        {
            return Err(format!("block with scale {s}, cap {c:?} accepted"));
        }
    }
    if k.softmax_block(&mut st, &x[..4], &mut out).is_ok() || st != SoftmaxState::new() {
        return Err("block of unequal lengths accepted, or the state changed".into());
    }
    Ok(())
}

/// Runs `x` through `softmax_block` in blocks of `sizes` (cycled), and
/// returns the recombined softmax and, per element, how many factors other
/// than 1 its block's outputs were multiplied by.
fn tiled(
    k: Kernels,
    x: &[f32],
    sizes: &[usize],
) -> Result<(Vec<f32>, Vec<u32>, SoftmaxState), String> {
    let mut st = SoftmaxState::new();
    let mut out = vec![0.0f32; x.len()];
    let mut counts = vec![0u32; x.len()];
    let (mut at, mut i) = (0, 0);
    while at < x.len() {
        let n = sizes[i % sizes.len()].min(x.len() - at);
        let f = k
            .softmax_block(&mut st, &x[at..at + n], &mut out[at..at + n])
            .map_err(|e| e.to_string())?;
        // What an attention kernel does to its accumulator.
        for (o, c) in out[..at].iter_mut().zip(&mut counts[..at]) {
            *o *= f;
            *c += u32::from(f != 1.0);
        }
        at += n;
        i += 1;
    }
    let s = st.sum();
    Ok((out.iter().map(|v| v / s).collect(), counts, st))
}

/// Rows in blocks of many sizes, recombined: the row's softmax within its
/// bound plus 2 ULP per factor applied.
fn blocks(k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(20);
    let b = check::bound(Activation::Softmax, k.precision());
    let sizes: &[&[usize]] = &[&[1], &[7], &[64], &[3, 17, 1, 64, 5], &[1000]];
    for &n in lens()
        .iter()
        .chain(if cfg!(miri) { &[][..] } else { &[4096][..] })
    {
        for (lo, hi) in [(-5.0, 5.0), (-100.0, 100.0)] {
            let mut x: Vec<f32> = (0..n).map(|_| rng.uniform(lo, hi)).collect();
            for ascending in [false, true] {
                if ascending {
                    // The maximum moves at every block.
                    x.sort_by(f32::total_cmp);
                }
                let mut r = vec![0.0f64; n];
                reference::row(Activation::Softmax, &x, &mut r);
                let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
                for s in sizes {
                    let (y, counts, st) = tiled(k, &x, s)?;
                    if st.max() as f64 != m {
                        return Err(format!("max {} != {m}", st.max()));
                    }
                    for i in 0..n {
                        let e = tier_error(k.precision(), y[i], r[i]);
                        let bi = b + (x[i] as f64 - m).abs() + 2.0 * counts[i] as f64;
                        if e.is_nan() || e > bi {
                            return Err(format!(
                                "row of {n}, blocks {s:?}: element {i} = {} vs {} ({e} ULP > {bi}) on {k:?}",
                                y[i], r[i]
                            ));
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Two halves' states merged = the whole row's state; log-sum-exp.
fn merge(k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(21);
    for &n in lens() {
        let x: Vec<f32> = (0..2 * n).map(|_| rng.uniform(-30.0, 30.0)).collect();
        let mut out = vec![0.0f32; 2 * n];
        let (mut a, mut b, mut all) = (
            SoftmaxState::new(),
            SoftmaxState::new(),
            SoftmaxState::new(),
        );
        let e = |r: Result<f32, Error>| r.map(|_| ()).map_err(|e| e.to_string());
        e(k.softmax_block(&mut a, &x[..n], &mut out[..n]))?;
        e(k.softmax_block(&mut b, &x[n..], &mut out[n..]))?;
        e(k.softmax_block(&mut all, &x, &mut out))?;
        for m in [a.merge(&b), b.merge(&a)] {
            let rel = (m.sum() as f64 - all.sum() as f64).abs() / all.sum() as f64;
            if m.max() != all.max() || rel > 4.0 * f32::EPSILON as f64 {
                return Err(format!("merged {m:?} vs whole {all:?}"));
            }
        }
        let mx = x.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v as f64));
        let lse = mx + libm::log(x.iter().map(|&v| e_pow(v as f64 - mx)).sum::<f64>());
        if (all.log_sum_exp() as f64 - lse).abs() > 4.0 * f32::EPSILON as f64 * lse.abs().max(1.0) {
            return Err(format!("log_sum_exp {} vs {lse}", all.log_sum_exp()));
        }
        if a.merge(&SoftmaxState::new()) != a {
            return Err("merging an empty state changed it".into());
        }
    }
    Ok(())
}

/// `-inf` blocks before any finite score give zeros; NaN poisons.
fn block_specials(k: Kernels) -> Result<(), String> {
    let mut st = SoftmaxState::new();
    let mut out = [9.0f32; 3];
    let f = k
        .softmax_block(&mut st, &[f32::NEG_INFINITY; 3], &mut out)
        .map_err(|e| e.to_string())?;
    if out != [0.0; 3] || f != 1.0 || st != SoftmaxState::new() {
        return Err(format!("all -inf: {out:?}, factor {f}, {st:?}"));
    }
    let f = k
        .softmax_block(&mut st, &[1.0, f32::NEG_INFINITY], &mut out[..2])
        .map_err(|e| e.to_string())?;
    if out[..2] != [1.0, 0.0] || f != 0.0 || st.max() != 1.0 || st.sum() != 1.0 {
        return Err(format!("first finite block: {out:?}, factor {f}, {st:?}"));
    }
    let f = k
        .softmax_block(&mut st, &[1.0, f32::NAN], &mut out[..2])
        .map_err(|e| e.to_string())?;
    if !st.sum().is_nan() || !(out[1].is_nan() || f.is_nan()) {
        return Err(format!("NaN block: {out:?}, factor {f}, {st:?}"));
    }
    // A first block whose NaN `max` may lose to -inf: NaN, not zeros.
    for row in super::nan_rows() {
        let mut st = SoftmaxState::new();
        let mut out = vec![9.0f32; row.len()];
        k.softmax_block(&mut st, &row, &mut out)
            .map_err(|e| e.to_string())?;
        if !st.sum().is_nan() || !out.iter().all(|v| v.is_nan()) {
            return Err(format!("NaN first block: {out:?}, {st:?}"));
        }
    }
    Ok(())
}
