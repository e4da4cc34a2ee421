//! Attention rows and tiled attention on `Backend::Scalar` and
//! `Backend::Simd128`, in every tier, against `f64` references computed
//! here: softmax and log-softmax rows under `RowOptions` (causal, mask,
//! ALiBi, stride and scale together; a soft-capped row), out of place and
//! in place (bit for bit), padding untouched, masked columns exactly 0 or
//! `-inf`, the rest within `check::row` on the logits as `RowOptions`
//! specifies them (`f32` operations rounded once); fully masked rows under
//! both `MaskedRows` policies; rows in blocks (`softmax_block`)
//! recombined, and two parts' states merged.

use crate::paths::{BACKENDS, kernels};
use actkern::{Activation, Kernels, MaskedRows, Precision, RowOptions, SoftmaxState};
use actkern_embedded::Check;
use actkern_testkit::check;
use actkern_testkit::libm;
use actkern_testkit::reference;
use actkern_testkit::rng::Rng;
use actkern_testkit::ulp::tier_error;

const NINF: f32 = f32::NEG_INFINITY;
/// The largest buffer and row of the cases.
const MAX_LEN: usize = 512;
const MAX_ROW: usize = 64;
/// What the output starts as: padding must keep it.
const PAD: f32 = 1234.5;

/// A case's options, plain, so that the logits can be computed here.
#[derive(Clone, Copy)]
struct Case<'a> {
    row_len: usize,
    stride: usize,
    scale: f32,
    cap: Option<f32>,
    mask: Option<&'a [f32]>,
    causal: Option<usize>,
    alibi: Option<f32>,
}

impl<'a> Case<'a> {
    fn options(&self) -> RowOptions<'a> {
        let mut o = RowOptions::new(self.row_len)
            .stride(self.stride)
            .scale(self.scale);
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

    /// The unmasked columns of row `r` (at `at`): their logits in `f32`
    /// as specified (the cap left out) and in `f64` (with the exact cap).
    fn logits(&self, x: &[f32], r: usize, at: usize, t32: &mut [f32], t64: &mut [f64]) -> usize {
        let valid = match self.causal {
            Some(o) => (r + o + 1).min(self.row_len),
            None => self.row_len,
        };
        let offset = self.causal.unwrap_or(0) as f64;
        for c in 0..valid {
            let m = self.mask.map(|m| {
                if m.len() == self.row_len {
                    m[c]
                } else {
                    m[at + c]
                }
            });
            let d = c as f64 - r as f64 - offset;
            let mut t = x[at + c] * self.scale;
            let mut u = x[at + c] as f64 * self.scale as f64;
            if let Some(cap) = self.cap {
                u = cap as f64 * hyperbolic(u / cap as f64);
            }
            if let Some(m) = m {
                t += m;
                u += m as f64;
            }
            if let Some(s) = self.alibi {
                t += s * d as f32;
                u += s as f64 * d;
            }
            t32[c] = t;
            t64[c] = u;
        }
        valid
    }
}

/// `e^x` in `f64`, as a power (the functions' names stay in their own
/// files: `tests/coverage.rs`).
fn e_pow(x: f64) -> f64 {
    libm::pow(core::f64::consts::E, x)
}

/// The hyperbolic tangent in `f64` from `e_pow` (absolute error near
/// 1e-16: far below an `f32` ULP of the capped logits).
fn hyperbolic(u: f64) -> f64 {
    let e = e_pow(-2.0 * u.abs());
    let t = (1.0 - e) / (1.0 + e);
    if u < 0.0 { -t } else { t }
}

pub fn run_all(c: &mut Check) {
    let mark = c.mark();
    let mut rng = Rng::new(0xa77e);
    let mut x = [0.0f32; MAX_LEN];
    for v in &mut x {
        *v = rng.uniform(-8.0, 8.0);
    }
    let mut full = [0.0f32; MAX_LEN];
    for (i, v) in full.iter_mut().enumerate() {
        // Column 0 never masked: no row is left without a logit.
        *v = if i % 40 != 0 && i % 7 == 2 {
            NINF
        } else {
            rng.uniform(-1.0, 1.0)
        };
    }
    let mut shared = [0.0f32; 37];
    for (i, v) in shared.iter_mut().enumerate() {
        *v = if i % 5 == 3 {
            NINF
        } else {
            rng.uniform(-2.0, 2.0)
        };
    }
    // 4 rows of 37 at stride 40, the last without its padding.
    let len = 3 * 40 + 37;
    let together = Case {
        row_len: 37,
        stride: 40,
        scale: 0.5,
        cap: None,
        mask: Some(&full[..len]),
        causal: Some(5),
        alibi: Some(-0.0625),
    };
    let shared_mask = Case {
        mask: Some(&shared),
        scale: 3.0,
        causal: None,
        alibi: Some(0.25),
        ..together
    };
    let mut big = [0.0f32; 2 * 33];
    for v in &mut big {
        *v = rng.uniform(-200.0, 200.0);
    }
    let capped = Case {
        row_len: 33,
        stride: 33,
        scale: 0.25,
        cap: Some(30.0),
        mask: None,
        causal: Some(3),
        alibi: None,
    };
    for b in BACKENDS {
        for &p in Precision::ALL {
            let k = kernels(b, p);
            for log in [false, true] {
                rows(c, k, log, &together, &x[..len]);
                rows(c, k, log, &shared_mask, &x[..len]);
                rows(c, k, log, &capped, &big);
            }
            fully_masked(c, k);
            blocks(c, k, &mut rng);
        }
    }
    c.section("attention rows, blocks and merge", mark);
}

/// Runs `case` on `x` both ways and checks it.
fn rows(c: &mut Check, k: Kernels, log: bool, case: &Case, x: &[f32]) {
    let a = if log {
        Activation::LogSoftmax
    } else {
        Activation::Softmax
    };
    let p = k.precision();
    let n = x.len();
    let opts = case.options();
    let mut y = [PAD; MAX_LEN];
    let mut z = [0.0f32; MAX_LEN];
    z[..n].copy_from_slice(x);
    let (y, z) = (&mut y[..n], &mut z[..n]);
    let (r1, r2) = if log {
        (
            k.log_softmax_rows_with(&opts, x, y),
            k.log_softmax_rows_with_inplace(&opts, z),
        )
    } else {
        (
            k.softmax_rows_with(&opts, x, y),
            k.softmax_rows_with_inplace(&opts, z),
        )
    };
    if !c.expect(
        r1.is_ok() && r2.is_ok(),
        format_args!("{a} ({p}) {opts:?}: {r1:?} {r2:?}"),
    ) {
        return;
    }
    let inside = |i: usize| i % case.stride < case.row_len;
    let mut same = true;
    for i in 0..n {
        same &= if inside(i) {
            y[i].to_bits() == z[i].to_bits()
        } else {
            y[i] == PAD && z[i].to_bits() == x[i].to_bits()
        };
    }
    c.expect(
        same,
        format_args!("{a} ({p}): in place != out of place, or padding written"),
    );
    let zero = if log { NINF } else { 0.0 };
    let tanh_bound = Activation::Tanh.spec().tier(p).bound;
    let (mut t32, mut t64, mut r64) = ([0.0f32; MAX_ROW], [0.0f64; MAX_ROW], [0.0f64; MAX_ROW]);
    let mut r = 0;
    while r * case.stride + case.row_len <= n {
        let at = r * case.stride;
        let valid = case.logits(x, r, at, &mut t32, &mut t64);
        let out = &y[at..at + case.row_len];
        c.expect(
            out[valid..].iter().all(|&v| v == zero),
            format_args!("{a} ({p}) row {r}: masked columns not {zero}"),
        );
        if case.cap.is_none() {
            match check::row(a, p, &t32[..valid], &out[..valid], &mut r64) {
                Ok(_) => c.pass(),
                Err(f) => {
                    c.expect(false, format_args!("{a} ({p}) row {r} under {opts:?}: {f}"));
                }
            }
        } else {
            // The exact row on the exact logits; each logit may be off by
            // (tanh bound + 2) ULP of its magnitude.
            let t = &t64[..valid];
            let m = t.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            let s: f64 = t.iter().map(|&v| e_pow(v - m)).sum();
            let cap = case.cap.unwrap_or(0.0) as f64;
            let b = check::bound(a, p);
            let mut ok = true;
            for i in 0..valid {
                let (e, slack) = if log {
                    let want = (t[i] - m) - libm::log(s);
                    (check::log_ulp_error(out[i], want), 0.0)
                } else {
                    let want = e_pow(t[i] - m) / s;
                    (tier_error(p, out[i], want), (t[i] - m).abs())
                };
                let spread = (tanh_bound + 2.0) * (t[i].abs() + m.abs() + cap);
                let allowance = if log { spread } else { 2.0 * spread };
                ok &= !e.is_nan() && e <= b + slack + allowance;
            }
            c.expect(ok, format_args!("{a} ({p}) soft-capped row {r}"));
        }
        r += 1;
    }
}

/// A row with no finite logit: NaN by default, 0 (`-inf`) with
/// `MaskedRows::Zero`; the other row unaffected.
fn fully_masked(c: &mut Check, k: Kernels) {
    const N: usize = 19;
    let mut x = [0.0f32; 2 * N];
    for (i, v) in x.iter_mut().enumerate() {
        *v = i as f32 * 0.1;
    }
    let mut mask = [0.0f32; 2 * N];
    mask[N..].fill(NINF);
    let opts = RowOptions::new(N).mask(&mask).causal(0);
    for (policy, soft, log_) in [
        (MaskedRows::Nan, f32::NAN, f32::NAN),
        (MaskedRows::Zero, 0.0, NINF),
    ] {
        let k = k.with_masked_rows(policy);
        let p = k.precision();
        for log in [false, true] {
            let mut y = [0.5f32; 2 * N];
            let r = if log {
                k.log_softmax_rows_with(&opts, &x, &mut y)
            } else {
                k.softmax_rows_with(&opts, &x, &mut y)
            };
            let want = if log { log_ } else { soft };
            let first = if log { 0.0 } else { 1.0 };
            c.expect(
                r.is_ok()
                    && y[N..].iter().all(|v| v.to_bits() == want.to_bits())
                    && y[0] == first
                    && y[1..N].iter().all(|&v| v == if log { NINF } else { 0.0 }),
                format_args!("fully masked row, {policy:?} ({p}) log={log}: {r:?}"),
            );
        }
    }
}

/// Rows in blocks of several sizes, recombined: within the softmax bound
/// plus `|x_i - max|` plus 2 ULP per factor other than 1; two halves'
/// states merged equal to the whole row's; `log_sum_exp`.
fn blocks(c: &mut Check, k: Kernels, rng: &mut Rng) {
    const N: usize = 300;
    let p = k.precision();
    let b = check::bound(Activation::Softmax, p);
    let mut x = [0.0f32; N];
    for v in &mut x {
        *v = rng.uniform(-20.0, 20.0);
    }
    let mut r = [0.0f64; N];
    for ascending in [false, true] {
        if ascending {
            // The maximum moves at every block.
            x.sort_unstable_by(f32::total_cmp);
        }
        reference::row(Activation::Softmax, &x, &mut r);
        let m = x.iter().fold(NINF, |m, &v| m.max(v));
        let sizes: [&[usize]; 3] = [&[1], &[7], &[3, 17, 1, 64, 5]];
        for s in sizes {
            let mut st = SoftmaxState::new();
            let mut out = [0.0f32; N];
            let mut counts = [0u32; N];
            let (mut at, mut i) = (0, 0);
            let mut ok = true;
            while at < N {
                let n = s[i % s.len()].min(N - at);
                let f = k.softmax_block(&mut st, &x[at..at + n], &mut out[at..at + n]);
                ok &= f.is_ok();
                let f = f.unwrap_or(f32::NAN);
                for (o, c) in out[..at].iter_mut().zip(&mut counts[..at]) {
                    *o *= f;
                    *c += u32::from(f != 1.0);
                }
                at += n;
                i += 1;
            }
            let sum = st.sum();
            for j in 0..N {
                let e = tier_error(p, out[j] / sum, r[j]);
                let bj = b + (x[j] - m).abs() as f64 + 2.0 * counts[j] as f64;
                ok &= !e.is_nan() && e <= bj;
            }
            c.expect(
                ok && st.max() == m,
                format_args!("blocks {s:?} ({p}) ascending={ascending}: {st:?}"),
            );
        }
        // Halves merged, in either order.
        let mut out = [0.0f32; N];
        let (mut h1, mut h2, mut all) = (
            SoftmaxState::new(),
            SoftmaxState::new(),
            SoftmaxState::new(),
        );
        let ok = k
            .softmax_block(&mut h1, &x[..N / 3], &mut out[..N / 3])
            .is_ok()
            && k.softmax_block(&mut h2, &x[N / 3..], &mut out[N / 3..])
                .is_ok()
            && k.softmax_block(&mut all, &x, &mut out).is_ok();
        for mg in [h1.merge(&h2), h2.merge(&h1)] {
            let rel = (mg.sum() as f64 - all.sum() as f64).abs() / all.sum() as f64;
            c.expect(
                ok && mg.max() == all.max() && rel <= 4.0 * f32::EPSILON as f64,
                format_args!("merge ({p}): {mg:?} vs {all:?}"),
            );
        }
        let mx = m as f64;
        let lse = mx + libm::log(x.iter().map(|&v| e_pow(v as f64 - mx)).sum::<f64>());
        let got = all.log_sum_exp() as f64;
        c.expect(
            (got - lse).abs() <= 4.0 * f32::EPSILON as f64 * lse.abs().max(1.0)
                && h1.merge(&SoftmaxState::new()) == h1,
            format_args!("log_sum_exp ({p}): {got} vs {lse}"),
        );
    }
}
