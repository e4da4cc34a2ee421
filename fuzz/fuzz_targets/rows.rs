//! Fuzzing every row-wise member of `Activation::ALL`: arbitrary values
//! split into rows of arbitrary length, at an arbitrary start offset, on
//! every available backend in every precision tier. Each row is held to the
//! bound the function table documents (`actkern_testkit::check::row`:
//! `bound + |x_i - max|` ULP of the f64 row function, inside the output
//! range, summing to 1); NaN exactly where the reference is NaN; where
//! `|x_i - max|` is infinite (so the bound says nothing) the reference
//! itself, bit for bit; in-place == out-of-place bit for bit; a row's
//! result does not depend on what else is in the buffer (row
//! independence); nothing is written outside the output.
//!
//! Inputs with `attn` go through the attention rows instead
//! (`softmax_rows_with` / `log_softmax_rows_with` under arbitrary
//! `RowOptions`, see `attention`), and moderate-valued inputs with `block`
//! also through tiled attention (`softmax_block`, recombined; `merge`).

#![no_main]

use actkern::{
    Activation, Backend, Kernels, Kind, MaskedRows, Precision, RowOptions, SoftmaxState,
};
use actkern_testkit::check;
use actkern_testkit::ulp::tier_error;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    /// 0: one empty row, then everything as one row.
    row_len: u8,
    /// Value generator: raw bit patterns, or moderate values
    /// (`i16 / 256`), which exercise the numerics more than random bits
    /// (with raw bits, `|x_i - max|` is mostly so large that the bound
    /// only checks the range and the sum).
    raw: bool,
    /// Which row-wise function.
    func: u8,
    /// Start offset of the slices inside their buffers.
    offset: u8,
    /// Some: the values go through the attention rows under these options
    /// instead of the row-wise functions.
    attn: Option<Attn>,
    /// Some (and `raw` false): the values also go through `softmax_block`
    /// in blocks of these sizes (cycled, each `1 + s % 64`).
    block: Option<[u8; 4]>,
    values: Vec<u32>,
}

/// Attention options, from which a local predicate says whether the call
/// must succeed.
#[derive(Arbitrary, Debug)]
struct Attn {
    log: bool,
    zero_rows: bool,
    /// `row_len % 48` (0 is an error).
    row_len: u8,
    /// Some: `.stride(row_len + d % 8)` (below `row_len`: an error).
    stride: Option<i8>,
    /// 0: whole strides; 1: whole strides and a last row without padding;
    /// else the values' own count.
    shape: u8,
    /// Rows for shapes 0 and 1 (`% 6`).
    rows: u8,
    /// Some: `.scale(...)`, moderate or raw bits.
    scale: Option<Param>,
    softcap: Option<Param>,
    /// Some: `.mask(...)`; kind 0: `row_len` values, 1: one per element,
    /// else `len % 64` (mostly an error); values from the seed, a quarter
    /// of them `-inf`.
    mask: Option<(u8, u32)>,
    causal: Option<u8>,
    alibi: Option<Param>,
}

/// A parameter: raw bits (any float) or a moderate value.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct Param {
    raw: bool,
    bits: u32,
}

impl Param {
    /// Raw: the bits; else in `(0, 16]` (`signed`: `[-8, 8)`).
    fn value(self, signed: bool) -> f32 {
        if self.raw {
            f32::from_bits(self.bits)
        } else if signed {
            (self.bits as u16 as i16) as f32 / 4096.0
        } else {
            ((self.bits & 0xffff) + 1) as f32 / 4096.0
        }
    }
}

const SENTINEL: u32 = 0x7fc0_beef;

fn rowwise() -> impl Iterator<Item = Activation> {
    Activation::ALL
        .iter()
        .copied()
        .filter(|a| a.spec().kind == Kind::Rowwise)
}

fuzz_target!(|input: Input| {
    let count = rowwise().count();
    if count == 0 {
        return;
    }
    let Some(a) = rowwise().nth(input.func as usize % count) else {
        return;
    };
    let row_len = input.row_len as usize;
    let x: Vec<f32> = input
        .values
        .iter()
        .map(|&b| {
            if input.raw {
                f32::from_bits(b)
            } else {
                (b as u16 as i16) as f32 / 256.0
            }
        })
        .collect();
    if let Some(attn) = &input.attn {
        attention(attn, &input.values, input.raw);
        return;
    }
    if let (Some(sizes), false) = (input.block, input.raw) {
        blocks(&x, sizes);
    }
    let n = x.len();
    let off = (input.offset % 16) as usize;
    let mut xin = vec![0.0f32; n + off];
    xin[off..].copy_from_slice(&x);
    let xs = &xin[off..];
    // (start, len) of each row in `xs`.
    let rows: Vec<(usize, usize)> = if row_len == 0 {
        vec![(0, 0), (0, n)]
    } else {
        (0..n)
            .step_by(row_len)
            .map(|s| (s, row_len.min(n - s)))
            .collect()
    };
    let mut scratch = vec![0.0f64; n];

    for &b in Backend::ALL.iter().filter(|b| b.is_available()) {
        for &p in Precision::ALL {
            let k = Kernels::new(b).unwrap().with_precision(p);
            // All rows out of place into one output buffer, then each row
            // alone, in place.
            let mut out = vec![f32::from_bits(SENTINEL); n + off + 3];
            for &(s, len) in &rows {
                if len == 0 {
                    assert_eq!(
                        k.apply::<f32>(a, &[], &mut []),
                        Ok(()),
                        "{a:?} ({p}) on {b}: empty row"
                    );
                    continue;
                }
                k.apply(a, &xs[s..s + len], &mut out[off + s..off + s + len])
                    .unwrap();
            }
            for (i, v) in out.iter().enumerate() {
                if !(off..off + n).contains(&i) {
                    assert_eq!(
                        v.to_bits(),
                        SENTINEL,
                        "{a:?} ({p}) on {b} wrote outside the output at {i}"
                    );
                }
            }
            for &(s, len) in rows.iter().filter(|r| r.1 > 0) {
                let row = &xs[s..s + len];
                let y = &out[off + s..off + s + len];
                let mut alone = vec![0.0f32; len + off];
                alone[off..].copy_from_slice(row);
                k.apply_inplace(a, &mut alone[off..]);
                for (i, (&yi, &ai)) in y.iter().zip(&alone[off..]).enumerate() {
                    assert!(
                        check::same(yi, ai),
                        "{a:?} ({p}) on {b}: in-place {ai:e} != out-of-place {yi:e} at element {i} of a row of {len}"
                    );
                }
                check_row(a, p, b, row, y, &mut scratch);
            }
        }
    }
});

fn check_row(a: Activation, p: Precision, b: Backend, x: &[f32], y: &[f32], scratch: &mut [f64]) {
    if let Err(f) = check::row(a, p, x, y, scratch) {
        panic!("{b}: {f} (row of {})", x.len());
    }
    // `check::row` left the f64 reference in `scratch`.
    let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
    for (i, ((&xi, &yi), &r)) in x.iter().zip(y).zip(scratch.iter()).enumerate() {
        assert_eq!(
            yi.is_nan(),
            r.is_nan(),
            "{a:?} ({p}) on {b}: element {i} (x = {xi:e}) is {yi:e}, reference {r:e}"
        );
        if !r.is_nan() && !(xi as f64 - m).is_finite() {
            assert_eq!(
                yi.to_bits(),
                (r as f32).to_bits(),
                "{a:?} ({p}) on {b}: element {i} (x = {xi:e}) is {yi:e}, reference {r:e}"
            );
        }
    }
}

/// The `i`th mask value of `seed`: a quarter `-inf`, else in `[-8, 8)`.
fn mask_value(seed: u32, i: usize) -> f32 {
    let mut h = (seed as u64 ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_add(1);
    h ^= h >> 31;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 29;
    if h & 3 == 0 {
        f32::NEG_INFINITY
    } else {
        ((h >> 16) as u16 as i16) as f32 / 4096.0
    }
}

/// Whether `RowOptions` with these parts must accept a buffer of `len`
/// (as documented: checked here without the library's code).
#[allow(clippy::too_many_arguments)]
fn valid(
    len: usize,
    row_len: usize,
    stride: usize,
    scale: f32,
    cap: Option<f32>,
    mask: Option<usize>,
    causal: Option<usize>,
    alibi: Option<f32>,
) -> bool {
    let pos = |v: f32| v.is_finite() && v > 0.0;
    if row_len == 0 || stride < row_len {
        return false;
    }
    let whole = len % stride == 0;
    let short = len >= row_len && (len - row_len) % stride == 0;
    if !(whole || short) || !pos(scale) || !cap.is_none_or(pos) {
        return false;
    }
    if mask.is_some_and(|m| m != row_len && m != len) {
        return false;
    }
    let rows = len.div_ceil(stride) as u128;
    let far = rows + row_len as u128 + causal.unwrap_or(0) as u128;
    alibi.is_none_or(|s| s.is_finite() && far <= 1 << 24)
}

const PAD: u32 = 0x7fc0_cafe;

fn attention(a: &Attn, values: &[u32], raw: bool) {
    let row_len = (a.row_len % 48) as usize;
    let stride = match a.stride {
        Some(d) => (row_len as isize + (d % 8) as isize).max(0) as usize,
        None => row_len,
    };
    let rows = (a.rows % 6) as usize;
    let len = match a.shape % 3 {
        0 => rows * stride,
        1 => rows * stride + row_len,
        _ => values.len(),
    };
    if len > 4096 {
        return;
    }
    let x: Vec<f32> = (0..len)
        .map(|i| {
            let b = values.get(i).copied().unwrap_or(i as u32);
            if raw {
                f32::from_bits(b)
            } else {
                (b as u16 as i16) as f32 / 256.0
            }
        })
        .collect();
    let scale = a.scale.map_or(1.0, |p| p.value(false));
    let cap = a.softcap.map(|p| p.value(false));
    let slope = a.alibi.map(|p| p.value(true));
    let causal = a.causal.map(usize::from);
    let mask: Option<Vec<f32>> = a.mask.map(|(kind, seed)| {
        let n = match kind % 3 {
            0 => row_len,
            1 => len,
            _ => kind as usize % 64,
        };
        (0..n).map(|i| mask_value(seed, i)).collect()
    });
    let ok = valid(
        len,
        row_len,
        stride,
        scale,
        cap,
        mask.as_ref().map(Vec::len),
        causal,
        slope,
    );
    let mut o = RowOptions::new(row_len);
    if a.stride.is_some() {
        o = o.stride(stride);
    }
    if a.scale.is_some() {
        o = o.scale(scale);
    }
    if let Some(c) = cap {
        o = o.softcap(c);
    }
    if let Some(m) = &mask {
        o = o.mask(m);
    }
    if let Some(c) = causal {
        o = o.causal(c);
    }
    if let Some(s) = slope {
        o = o.alibi(s);
    }
    let (func, zero) = if a.log {
        (Activation::LogSoftmax, f32::NEG_INFINITY)
    } else {
        (Activation::Softmax, 0.0)
    };
    let policy = if a.zero_rows {
        MaskedRows::Zero
    } else {
        MaskedRows::Nan
    };
    let fill = if a.zero_rows { zero } else { f32::NAN };
    // Row starts: every stride while a whole row fits.
    let starts: Vec<usize> = if ok {
        (0..)
            .map(|r| r * stride)
            .take_while(|&s| s + row_len <= len)
            .collect()
    } else {
        Vec::new()
    };
    let mut scratch = vec![0.0f64; row_len];
    for &b in Backend::ALL.iter().filter(|b| b.is_available()) {
        for &p in Precision::ALL {
            let k = Kernels::new(b)
                .unwrap()
                .with_precision(p)
                .with_masked_rows(policy);
            let what = format!("{func:?} ({p}, {policy:?}) on {b}, {o:?}, len {len}");
            let mut y = vec![f32::from_bits(PAD); len];
            let mut z = x.clone();
            let (r1, r2) = if a.log {
                (
                    k.log_softmax_rows_with(&o, &x, &mut y),
                    k.log_softmax_rows_with_inplace(&o, &mut z),
                )
            } else {
                (
                    k.softmax_rows_with(&o, &x, &mut y),
                    k.softmax_rows_with_inplace(&o, &mut z),
                )
            };
            assert_eq!(r1.is_ok(), ok, "{what}: {r1:?}, expected valid = {ok}");
            // (By their text: an error's value may be NaN.)
            assert_eq!(
                format!("{r1:?}"),
                format!("{r2:?}"),
                "{what}: in place and out of place disagree"
            );
            if !ok {
                assert!(
                    y.iter().all(|v| v.to_bits() == PAD),
                    "{what}: written despite {r1:?}"
                );
                assert!(
                    z.iter().zip(&x).all(|(a, b)| a.to_bits() == b.to_bits()),
                    "{what}: written in place despite {r1:?}"
                );
                continue;
            }
            for i in 0..len {
                let inside = starts.iter().any(|&s| (s..s + row_len).contains(&i));
                if inside {
                    assert_eq!(
                        y[i].to_bits(),
                        z[i].to_bits(),
                        "{what}: out of place {} != in place {} at {i}",
                        y[i],
                        z[i]
                    );
                } else {
                    assert!(
                        y[i].to_bits() == PAD && z[i].to_bits() == x[i].to_bits(),
                        "{what}: padding element {i} written"
                    );
                }
            }
            for (r, &at) in starts.iter().enumerate() {
                let seen = causal.map_or(row_len, |o| (r + o + 1).min(row_len));
                // The logits as specified: f32 operations rounded once; the
                // soft-capped value (in [-cap, cap]) stood in by 0, which
                // only tells whether the logit is finite when cap and
                // slope are moderate.
                let t: Vec<f32> = (0..seen)
                    .map(|c| {
                        let mut t = x[at + c] * scale;
                        if cap.is_some() {
                            t = if t.is_nan() { t } else { 0.0 };
                        }
                        if let Some(m) = &mask {
                            t += if m.len() == row_len { m[c] } else { m[at + c] };
                        }
                        if let Some(s) = slope {
                            t += s * (c as f32 - r as f32 - causal.unwrap_or(0) as f32);
                        }
                        t
                    })
                    .collect();
                let out = &y[at..at + row_len];
                // Without a cap `t` is exact; with one, 0 stands for a value of at
                // most `cap`, which tells the class when nothing overflows.
                let known = a.softcap.is_none_or(|p| !p.raw) && a.alibi.is_none_or(|p| !p.raw)
                    || cap.is_none();
                let finite = t.iter().any(|v| v.is_finite() || *v == f32::INFINITY);
                let none = t.iter().all(|&v| v == f32::NEG_INFINITY);
                let masked_zero = out[seen..].iter().all(|&v| v.to_bits() == zero.to_bits());
                let all_fill = out
                    .iter()
                    .all(|&v| v.to_bits() == fill.to_bits() || (v.is_nan() && fill.is_nan()));
                if known && none {
                    assert!(all_fill, "{what}: row {r} fully masked gives {out:?}");
                } else if known && finite {
                    assert!(
                        masked_zero,
                        "{what}: row {r}: masked columns {:?}",
                        &out[seen..]
                    );
                } else {
                    assert!(masked_zero || all_fill, "{what}: row {r}: {out:?}");
                }
                if cap.is_none() && finite {
                    if let Err(f) = check::row(func, p, &t, &out[..seen], &mut scratch) {
                        panic!("{what}: row {r}: {f} (logits {t:?})");
                    }
                }
            }
        }
    }
}

/// `x` through `softmax_block` in blocks of `sizes` (cycled), recombined
/// as an attention kernel does: within `bound + |x_i - max| + 2` per
/// factor other than 1; then two halves' states merged against the
/// whole row's.
fn blocks(x: &[f32], sizes: [u8; 4]) {
    let n = x.len();
    if n == 0 {
        return;
    }
    let mut r = vec![0.0f64; n];
    assert!(actkern_testkit::reference::row(
        Activation::Softmax,
        x,
        &mut r
    ));
    let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    for &b in Backend::ALL.iter().filter(|b| b.is_available()) {
        for &p in Precision::ALL {
            let k = Kernels::new(b).unwrap().with_precision(p);
            let bound = check::bound(Activation::Softmax, p);
            let mut st = SoftmaxState::new();
            let mut out = vec![0.0f32; n];
            let mut counts = vec![0u32; n];
            let (mut at, mut i) = (0, 0);
            while at < n {
                let len = (1 + sizes[i % 4] as usize % 64).min(n - at);
                let f = k
                    .softmax_block(&mut st, &x[at..at + len], &mut out[at..at + len])
                    .unwrap();
                for (o, c) in out[..at].iter_mut().zip(&mut counts[..at]) {
                    *o *= f;
                    *c += u32::from(f != 1.0);
                }
                at += len;
                i += 1;
            }
            assert_eq!(st.max(), m, "blocks {sizes:?} ({p}) on {b}: state {st:?}");
            let s = st.sum();
            for j in 0..n {
                let y = out[j] / s;
                let e = tier_error(p, y, r[j]);
                let bj = bound + (x[j] as f64 - m as f64).abs() + 2.0 * counts[j] as f64;
                assert!(
                    e <= bj,
                    "blocks {sizes:?} ({p}) on {b}: element {j} of {n} = {y:e} vs {:e} ({e} ULP > {bj}; x = {:?})",
                    r[j],
                    x
                );
            }
            // Two parts' states merged = the whole row's.
            let h = sizes[0] as usize % (n + 1);
            let (mut s1, mut s2) = (SoftmaxState::new(), SoftmaxState::new());
            k.softmax_block(&mut s1, &x[..h], &mut out[..h]).unwrap();
            k.softmax_block(&mut s2, &x[h..], &mut out[h..]).unwrap();
            for merged in [s1.merge(&s2), s2.merge(&s1)] {
                let rel = (merged.sum() as f64 - st.sum() as f64).abs() / st.sum() as f64;
                assert!(
                    merged.max() == st.max() && rel <= 4.0 * f32::EPSILON as f64,
                    "merge at {h} of {n} ({p}) on {b}: {merged:?} vs {st:?}"
                );
            }
        }
    }
}
