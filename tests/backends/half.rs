//! The half-precision bodies: every function on `f16` and `bf16` slices,
//! on each backend and tier, against the test kit's `f64` references
//! rounded to the format by the test kit's own conversion.
//!
//! - Element-wise, Accurate, default parameters: every one of the 65,536
//!   inputs of each format gives the correctly rounded result (bit for
//!   bit, so the same bits on every backend); other parameters and the
//!   Fast tier: within 1 ULP of the format (the Fast tier's tail rule,
//!   `docs/ulp.md`, applies below `2^-21`).
//! - Row-wise and two-input functions: within 1 ULP of the format
//!   (log-softmax: of the format at `max(|y|, 1)`).
//! - Every length 0..=67 at 4 offsets: in place equals out of place, and
//!   nothing outside the slice is written.

use actkern::half::{bf16, f16};
use actkern::{Activation, Binary, Kernels, Precision};
use actkern_testkit::half::Elem as Half;
use actkern_testkit::half::{self as fmt, Format};
use actkern_testkit::rng::Rng;
use actkern_testkit::{check, params, reference};

/// Results below this magnitude may be off by [`TAIL`] in the Fast tier.
const TAIL_LIMIT: f64 = 1.0 / (1u64 << 21) as f64;
/// The Fast tier's absolute error there (`2^-24`) plus the format's
/// rounding.
const TAIL: f64 = 1.0 / (1u64 << 23) as f64;

/// The error of `y` in ULP of the format, with the Fast tier's tail rule.
fn error(f: Format, p: Precision, y: u16, r: f64) -> f64 {
    let e = fmt::ulp_error(f, y, r);
    if p == Precision::Fast && r.abs() < TAIL_LIMIT && (f.to_f32(y) as f64 - r).abs() <= TAIL {
        return 0.0;
    }
    e
}

/// Whether `y` is the format's one NaN result: the positive quiet NaN
/// (`0x7e00`, `0x7fc0`), whatever NaN the `f32` kernel made.
fn is_quiet_nan(f: Format, y: u16) -> bool {
    y == match f {
        Format::F16 => 0x7e00,
        Format::Bf16 => 0x7fc0,
    }
}

/// Every input of the format (a stride under Miri), out of place and in
/// place; the results checked against the reference as the module says.
fn all_inputs_of<E: Half>(a: Activation, k: Kernels) -> Result<(), String> {
    let stride = if cfg!(miri) { 2053 } else { 1 };
    let x: Vec<E> = (0..=0xFFFFu16).step_by(stride).map(E::of).collect();
    let mut y = vec![E::of(0x7E01); x.len()];
    k.apply(a, &x, &mut y).map_err(|e| e.to_string())?;
    let mut z = x.clone();
    k.apply_inplace(a, &mut z);
    let p = k.precision();
    let exact = p == Precision::Accurate || a.spec().tier(p).shares_accurate;
    let exact = exact && check::is_default(a);
    let mut worst = (0.0f64, 0u16);
    for ((&xi, &yi), &zi) in x.iter().zip(&y).zip(&z) {
        let (xb, yb) = (xi.bits(), yi.bits());
        if yb != zi.bits() {
            return Err(format!(
                "{}: input {xb:#06x}: out of place {yb:#06x}, in place {:#06x}",
                E::F.name(),
                zi.bits()
            ));
        }
        let Some(r) = reference::element(a, E::F.to_f32(xb)) else {
            continue;
        };
        if r.is_nan() {
            if !is_quiet_nan(E::F, yb) {
                return Err(format!(
                    "{}: input {xb:#06x}: {yb:#06x}, want the quiet NaN",
                    E::F.name()
                ));
            }
            continue;
        }
        if exact {
            // Rounded from the reference, ties broken by its tail (the
            // test kit's `correctly_rounded`).
            let want = fmt::correctly_rounded(E::F, a, xb).unwrap_or(E::F.round(r));
            let zero = |b: u16| b & 0x7FFF == 0;
            let ok = if zero(want) && zero(yb) {
                // A zero keeps the sign the f32 kernel gives it.
                let mut f = [0.0f32];
                k.apply(a, &[E::F.to_f32(xb)], &mut f)
                    .map_err(|e| e.to_string())?;
                (yb == 0x8000) == f[0].is_sign_negative()
            } else {
                yb == want
            };
            if !ok {
                return Err(format!(
                    "{} on {}: input {xb:#06x} ({:e}): {yb:#06x} ({:e}), correctly rounded {want:#06x} (exact {r:e})",
                    E::F.name(),
                    k.backend(),
                    E::F.to_f32(xb),
                    E::F.to_f32(yb),
                ));
            }
        } else {
            let e = error(E::F, p, yb, r);
            if e > worst.0 {
                worst = (e, xb);
            }
        }
    }
    if worst.0 > 1.0 {
        return Err(format!(
            "{} on {} {p}: {:.3} ULP at input {:#06x}, bound 1",
            E::F.name(),
            k.backend(),
            worst.0,
            worst.1
        ));
    }
    Ok(())
}

pub fn all_inputs(a: Activation, k: Kernels) -> Result<(), String> {
    all_inputs_of::<f16>(a, k)?;
    all_inputs_of::<bf16>(a, k)
}

/// Non-default parameter sets on every input: within 1 ULP.
fn parameters_of<E: Half>(a: Activation, k: Kernels) -> Result<(), String> {
    let stride = if cfg!(miri) { 4099 } else { 7 };
    let x: Vec<E> = (0..=0xFFFFu16).step_by(stride).map(E::of).collect();
    let mut y = x.clone();
    for set in params::sets(a) {
        let b = set.activation;
        k.apply(b, &x, &mut y).map_err(|e| e.to_string())?;
        for (&xi, &yi) in x.iter().zip(&y) {
            let Some(r) = reference::element(b, E::F.to_f32(xi.bits())) else {
                continue;
            };
            if r.is_nan() {
                if !is_quiet_nan(E::F, yi.bits()) {
                    return Err(format!("{}: {b:?}: NaN expected", E::F.name()));
                }
                continue;
            }
            let e = error(E::F, k.precision(), yi.bits(), r);
            if e > 1.0 {
                return Err(format!(
                    "{} on {}: {b:?} at {:#06x}: {e:.3} ULP, bound 1",
                    E::F.name(),
                    k.backend(),
                    xi.bits()
                ));
            }
        }
    }
    Ok(())
}

pub fn parameters(a: Activation, k: Kernels) -> Result<(), String> {
    parameters_of::<f16>(a, k)?;
    parameters_of::<bf16>(a, k)
}

/// Every length 0..=67 at offsets 0..4 in guarded buffers: in place equals
/// out of place bit for bit, nothing outside the slice written, and for
/// element-wise functions each element equals the element alone.
fn lengths_of<E: Half>(a: Activation, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(17);
    let (lo, hi) = a.spec().domain;
    let pool: Vec<E> = (0..80)
        .map(|i| {
            let v = if i % 5 == 0 {
                rng.any_f32()
            } else {
                rng.uniform(lo as f64, hi as f64)
            };
            E::of(E::F.round(v as f64))
        })
        .collect();
    let guard = E::of(0x7E0D);
    let elementwise = a.spec().kind != actkern::Kind::Rowwise;
    let max = if cfg!(miri) { 19 } else { 67 };
    for len in 0..=max {
        for off in 0..4 {
            let x = &pool[off..off + len];
            let mut out = vec![guard; len + 8];
            k.apply(a, x, &mut out[off..off + len])
                .map_err(|e| e.to_string())?;
            let mut inplace = vec![guard; len + 8];
            inplace[off..off + len].copy_from_slice(x);
            k.apply_inplace(a, &mut inplace[off..off + len]);
            for (i, (o, p)) in out.iter().zip(&inplace).enumerate() {
                let inside = (off..off + len).contains(&i);
                if o.bits() != p.bits() || (!inside && o.bits() != guard.bits()) {
                    return Err(format!(
                        "{} len {len} off {off}: index {i}: out of place {:#06x}, in place {:#06x}",
                        E::F.name(),
                        o.bits(),
                        p.bits()
                    ));
                }
            }
            if elementwise && !(cfg!(miri) && off > 0) {
                for i in 0..len {
                    let mut one = [guard];
                    k.apply(a, &x[i..=i], &mut one).map_err(|e| e.to_string())?;
                    if one[0].bits() != out[off + i].bits() {
                        return Err(format!(
                            "{} len {len}: element {i} alone {:#06x} != in slice {:#06x}",
                            E::F.name(),
                            one[0].bits(),
                            out[off + i].bits()
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

pub fn lengths(a: Activation, k: Kernels) -> Result<(), String> {
    lengths_of::<f16>(a, k)?;
    lengths_of::<bf16>(a, k)
}

/// Rows of half values: each output within 1 ULP of the format of the
/// `f64` row function of the (exact) inputs.
fn rows_of<E: Half>(a: Activation, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(23);
    let lengths: &[usize] = if cfg!(miri) {
        &[1, 9, 17]
    } else {
        &[1, 2, 7, 8, 9, 16, 17, 100, 1000, 4099]
    };
    let log = matches!(reference::row_metric(a), reference::RowMetric::Log);
    for &n in lengths {
        for &(lo, hi) in &[(-1.0, 1.0), (-10.0, 10.0), (-100.0, 100.0), (-6e4, 6e4)] {
            let x: Vec<E> = (0..n)
                .map(|_| E::of(E::F.round(rng.uniform(lo, hi) as f64)))
                .collect();
            let xf: Vec<f32> = x.iter().map(|v| E::F.to_f32(v.bits())).collect();
            let mut y = x.clone();
            k.apply(a, &x, &mut y).map_err(|e| e.to_string())?;
            let mut r = vec![0.0f64; n];
            if !reference::row(a, &xf, &mut r) {
                continue;
            }
            for (i, (&yi, &ri)) in y.iter().zip(&r).enumerate() {
                let e = if yi.bits() == E::F.round(ri) {
                    // Rounded to nearest (also where that is an infinity:
                    // a log-probability below the format's range).
                    0.0
                } else if log {
                    // 1 ULP of the format at max(|y|, 1): 2^(e - m), with
                    // m the format's fraction bits.
                    let at = ri.abs().max(1.0);
                    let m = match E::F {
                        Format::F16 => 10,
                        Format::Bf16 => 7,
                    };
                    let spacing = 2f64.powi(at.log2().floor() as i32 - m);
                    (E::F.to_f32(yi.bits()) as f64 - ri).abs() / spacing
                } else {
                    error(E::F, k.precision(), yi.bits(), ri)
                };
                if e > 1.0 {
                    return Err(format!(
                        "{} on {} {}: row of {n} in [{lo}, {hi}]: output {i}: {e:.3} ULP, bound 1",
                        E::F.name(),
                        k.backend(),
                        k.precision()
                    ));
                }
            }
        }
    }
    Ok(())
}

pub fn rows(a: Activation, k: Kernels) -> Result<(), String> {
    rows_of::<f16>(a, k)?;
    rows_of::<bf16>(a, k)
}

/// Random pairs of half values: within 1 ULP of the format.
fn pairs_of<E: Half>(f: Binary, k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(29);
    let n = if cfg!(miri) { 40 } else { 1 << 16 };
    let (lo, hi) = f.spec().domain;
    let a: Vec<E> = (0..n)
        .map(|i| {
            E::of(if i % 3 == 0 {
                rng.next_u64() as u16
            } else {
                E::F.round(rng.uniform(lo as f64, hi as f64) as f64)
            })
        })
        .collect();
    let b: Vec<E> = (0..n)
        .map(|i| {
            E::of(if i % 4 == 0 {
                rng.next_u64() as u16
            } else {
                E::F.round(rng.uniform(-8.0, 8.0) as f64)
            })
        })
        .collect();
    let mut y = a.clone();
    k.apply_binary(f, &a, &b, &mut y)
        .map_err(|e| e.to_string())?;
    for ((&ai, &bi), &yi) in a.iter().zip(&b).zip(&y) {
        let Some(r) = reference::pair(f, E::F.to_f32(ai.bits()), E::F.to_f32(bi.bits())) else {
            continue;
        };
        if r.is_nan() {
            if !is_quiet_nan(E::F, yi.bits()) {
                return Err(format!("{}: NaN expected", E::F.name()));
            }
            continue;
        }
        let e = error(E::F, k.precision(), yi.bits(), r);
        if e > 1.0 {
            return Err(format!(
                "{} on {}: ({:#06x}, {:#06x}): {e:.3} ULP, bound 1",
                E::F.name(),
                k.backend(),
                ai.bits(),
                bi.bits()
            ));
        }
    }
    Ok(())
}

pub fn pairs(f: Binary, k: Kernels) -> Result<(), String> {
    pairs_of::<f16>(f, k)?;
    pairs_of::<bf16>(f, k)
}

/// Attention rows on half slices (scale, shared mask, causal, ALiBi,
/// stride): within 1 ULP of the format of the `f64` row on the `f32`
/// logits, masked columns exactly 0.
pub fn attention_rows(k: Kernels) -> Result<(), String> {
    attention_of::<f16>(k)?;
    attention_of::<bf16>(k)
}

fn attention_of<E: Half>(k: Kernels) -> Result<(), String> {
    let mut rng = Rng::new(31);
    let lengths: &[usize] = if cfg!(miri) {
        &[5]
    } else {
        &[1, 7, 16, 33, 300]
    };
    for &n in lengths {
        let (rows, stride) = (3, n + 2);
        let len = rows * stride;
        let x: Vec<E> = (0..len)
            .map(|_| E::of(E::F.round(rng.uniform(-12.0, 12.0) as f64)))
            .collect();
        let mask: Vec<f32> = (0..n)
            .map(|c| if c % 4 == 1 { f32::NEG_INFINITY } else { 0.25 })
            .collect();
        let (scale, slope, offset) = (0.5f32, -0.125f32, 1usize);
        let opts = actkern::RowOptions::new(n)
            .stride(stride)
            .scale(scale)
            .mask(&mask)
            .causal(offset)
            .alibi(slope);
        let mut y = x.clone();
        k.softmax_rows_with(&opts, &x, &mut y)
            .map_err(|e| e.to_string())?;
        for r in 0..rows {
            let at = r * stride;
            let valid = (r + offset + 1).min(n);
            let t: Vec<f32> = (0..valid)
                .map(|c| {
                    let d = c as f32 - (r + offset) as f32;
                    E::F.to_f32(x[at + c].bits()) * scale + mask[c] + slope * d
                })
                .collect();
            let mut want = vec![0.0f64; valid];
            reference::row(Activation::Softmax, &t, &mut want);
            for c in 0..n {
                let yi = y[at + c];
                let e = if c >= valid {
                    if E::F.to_f32(yi.bits()) == 0.0 {
                        0.0
                    } else {
                        f64::INFINITY
                    }
                } else if yi.bits() == E::F.round(want[c]) {
                    0.0
                } else {
                    error(E::F, k.precision(), yi.bits(), want[c])
                };
                if e > 1.0 {
                    return Err(format!(
                        "{} on {} {}: attention row {r} of {n}, column {c}: {e:.3} ULP, bound 1",
                        E::F.name(),
                        k.backend(),
                        k.precision()
                    ));
                }
            }
            // The padding between rows is not written.
            for p in at + n..(at + stride).min(len) {
                if y[p].bits() != x[p].bits() {
                    return Err(format!("{}: padding {p} written", E::F.name()));
                }
            }
        }
    }
    Ok(())
}
