//! `--half`: actkern on `f16` and `bf16` slices beside its own `f32`
//! kernels, tract-linalg's `ew_f16()` kernels, and a three-pass baseline
//! (the `half` crate's slice conversion to `f32`, actkern's `f32` kernel,
//! the conversion back), in place, in one run.
//!
//! The same machinery as the main table (`measure`): a half-format buffer
//! of `n` elements is carried in an `f32` buffer of `n / 2` words, and its
//! times are divided by `n`. Each group (f32, f16, bf16) is measured
//! interleaved within itself; the groups follow each other at each
//! `(function, n)`. Beside the times, the largest error in ULP of the
//! format of each half-format implementation over the same inputs (against
//! the test kit's `f64` reference rounded by the test kit).

use crate::impls::Impl;
use crate::timing::{self, AlignedBuf};
use actkern::half::slice::HalfFloatSliceExt;
use actkern::half::{bf16, f16};
use actkern::{Activation, Element, Kernels, Kind, Precision};
use actkern_testkit::half::{self as fmt, Format};
use actkern_testkit::reference;
use std::cell::RefCell;
use std::fmt::Write as _;
use tract_linalg::routines::Func;

/// A half format as the bench sees it.
trait Half: Element + bytemuck::Pod + 'static {
    const F: Format;
    fn bits(self) -> u16;
    /// The `half` crate's slice conversions (the three-pass baseline).
    fn widen(s: &[Self], d: &mut [f32]);
    fn narrow(d: &mut [Self], s: &[f32]);
}

impl Half for f16 {
    const F: Format = Format::F16;
    fn bits(self) -> u16 {
        self.to_bits()
    }
    fn widen(s: &[Self], d: &mut [f32]) {
        s.convert_to_f32_slice(d);
    }
    fn narrow(d: &mut [Self], s: &[f32]) {
        d.convert_from_f32_slice(s);
    }
}

impl Half for bf16 {
    const F: Format = Format::Bf16;
    fn bits(self) -> u16 {
        self.to_bits()
    }
    fn widen(s: &[Self], d: &mut [f32]) {
        s.convert_to_f32_slice(d);
    }
    fn narrow(d: &mut [Self], s: &[f32]) {
        d.convert_from_f32_slice(s);
    }
}

/// The halves carried in an `f32` buffer.
fn halves<E: Half>(w: &mut [f32]) -> &mut [E] {
    bytemuck::cast_slice_mut(w)
}

/// actkern on `E` in place, tier `p`.
fn actkern_half<E: Half>(a: Activation, p: Precision) -> Impl {
    let k = Kernels::detect().with_precision(p);
    Impl::new(
        format!("actkern-{}-{p}", E::F.name()),
        format!("{} on {}", a.name(), k.backend()),
        true,
        move |w: &mut [f32], _: &[f32]| {
            k.apply_inplace(a, halves::<E>(w));
        },
    )
}

/// Convert to `f32`, actkern's `f32` kernel, convert back.
fn three_pass<E: Half>(a: Activation, n: usize) -> Impl {
    let k = Kernels::detect();
    let tmp = RefCell::new(vec![0.0f32; n]);
    Impl::new(
        format!("3-pass-{}", E::F.name()),
        "half crate slice conversions around actkern f32",
        true,
        move |w: &mut [f32], _: &[f32]| {
            let mut t = tmp.borrow_mut();
            let h = halves::<E>(w);
            E::widen(h, &mut t);
            k.apply_inplace(a, &mut t[..]);
            E::narrow(h, &t);
        },
    )
}

/// tract's `f16` kernel for `a`, if it has one.
fn tract_f16(a: Activation) -> Option<Impl> {
    let f = match a.name() {
        "exp" => Func::Exp,
        "sigmoid" => Func::Sigmoid,
        "tanh" => Func::Tanh,
        "silu" => Func::Silu,
        "gelu" => Func::Gelu,
        "erf" => Func::Erf,
        _ => return None,
    };
    let k = f.ew_f16().ok()?;
    Some(Impl::new(
        "tract-f16",
        k.name(),
        true,
        move |w: &mut [f32], _: &[f32]| {
            k.run(halves::<f16>(w)).expect("tract kernel");
        },
    ))
}

/// The largest error (ULP of the format) of `imp` on `x`; elements whose
/// reference is NaN must be NaN.
fn max_error<E: Half>(a: Activation, imp: &Impl, x: &[E]) -> f64 {
    let mut pristine = AlignedBuf::new(x.len() / 2);
    halves::<E>(&mut pristine).copy_from_slice(x);
    let mut work = AlignedBuf::new(x.len() / 2);
    imp.run_once(&mut work, &pristine);
    let y = halves::<E>(&mut work);
    let xf: Vec<f32> = x.iter().map(|v| E::F.to_f32(v.bits())).collect();
    let r: Vec<f64> = if a.spec().kind == Kind::Rowwise {
        let mut r = vec![0.0; x.len()];
        if !reference::row(a, &xf, &mut r) {
            return f64::NAN;
        }
        r
    } else {
        xf.iter()
            .map(|&v| reference::element(a, v).unwrap_or(f64::NAN))
            .collect()
    };
    y.iter()
        .zip(&r)
        .map(|(yi, &ri)| {
            if ri.is_nan() {
                if E::F.to_f32(yi.bits()).is_nan() {
                    0.0
                } else {
                    f64::INFINITY
                }
            } else {
                fmt::ulp_error(E::F, yi.bits(), ri)
            }
        })
        .fold(0.0, f64::max)
}

/// Times `imps` on the half inputs `x` (`n` elements): ns per element.
fn time_group<E: Half>(
    imps: &[&Impl],
    x: &[E],
    rounds: usize,
    target: std::time::Duration,
) -> Vec<f64> {
    let mut pristine = AlignedBuf::new(x.len() / 2);
    halves::<E>(&mut pristine).copy_from_slice(x);
    let (samples, _) = crate::measure(imps, &pristine, rounds, target);
    // `measure` divides by the f32 words: two elements each.
    samples
        .iter()
        .map(|s| timing::median_min_max(s).0 / 2.0)
        .collect()
}

/// The `--half` report: a markdown table on stdout.
pub fn run(
    fns: Option<&[String]>,
    ns: &[usize],
    rounds: usize,
    target: std::time::Duration,
) -> String {
    let functions: Vec<Activation> = Activation::ALL
        .iter()
        .copied()
        .filter(|a| fns.is_none_or(|f| f.iter().any(|n| n.eq_ignore_ascii_case(a.name()))))
        .collect();
    let mut t = String::new();
    t.push_str(
        "| function | n | f32 accurate | f32 fast | f16 accurate | f16 fast | bf16 accurate | bf16 fast \
         | 3-pass f16 | 3-pass bf16 | tract f16 | f16 acc ÷ f32 acc | f16 fast ÷ f32 fast | 3-pass ÷ f16 acc \
         | tract ÷ f16 fast | max ULP f16 acc / fast / tract |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n",
    );
    for &a in &functions {
        for &n in ns {
            let n = n & !1;
            let xf = actkern_testkit::rng::spread(n, a.spec().domain).collect::<Vec<f32>>();
            let x16: Vec<f16> = xf
                .iter()
                .map(|&v| f16::from_bits(fmt::f32_to_f16_rne(v)))
                .collect();
            let xb: Vec<bf16> = xf
                .iter()
                .map(|&v| bf16::from_bits(fmt::f32_to_bf16_rne(v)))
                .collect();
            // f32 inputs: the f16 values, so that every format computes the same numbers.
            let x32: Vec<f32> = x16.iter().map(|v| v.to_f32()).collect();
            let f32_imps: Vec<Impl> = Precision::ALL
                .iter()
                .map(|&p| {
                    let k = Kernels::detect().with_precision(p);
                    Impl::new(
                        format!("actkern-f32-{p}"),
                        "",
                        true,
                        move |w: &mut [f32], _: &[f32]| {
                            k.apply_inplace(a, w);
                        },
                    )
                })
                .collect();
            let pristine = AlignedBuf::from_slice(&x32);
            let refs: Vec<&Impl> = f32_imps.iter().collect();
            let (s32, _) = crate::measure(&refs, &pristine, rounds, target);
            let f32t: Vec<f64> = s32.iter().map(|s| timing::median_min_max(s).0).collect();

            let h16 = [
                actkern_half::<f16>(a, Precision::Accurate),
                actkern_half::<f16>(a, Precision::Fast),
                three_pass::<f16>(a, n),
            ];
            let tract = tract_f16(a);
            let mut g16: Vec<&Impl> = h16.iter().collect();
            g16.extend(tract.iter());
            let t16 = time_group(&g16, &x16, rounds, target);
            let hb = [
                actkern_half::<bf16>(a, Precision::Accurate),
                actkern_half::<bf16>(a, Precision::Fast),
                three_pass::<bf16>(a, n),
            ];
            let gb: Vec<&Impl> = hb.iter().collect();
            let tb = time_group(&gb, &xb, rounds, target);

            let e = |imp: &Impl| max_error::<f16>(a, imp, &x16);
            let errs = format!(
                "{:.2} / {:.2} / {}",
                e(&h16[0]),
                e(&h16[1]),
                tract
                    .as_ref()
                    .map_or("–".into(), |t| format!("{:.2}", e(t)))
            );
            let tract_t = t16.get(3).copied();
            let cell = |v: f64| format!("{v:.3}");
            let _ = writeln!(
                t,
                "| {} | {n} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2}x | {:.2}x | {:.2}x | {} | {errs} |",
                a.name(),
                cell(f32t[0]),
                cell(f32t[1]),
                cell(t16[0]),
                cell(t16[1]),
                cell(tb[0]),
                cell(tb[1]),
                cell(t16[2]),
                cell(tb[2]),
                tract_t.map_or("–".into(), cell),
                t16[0] / f32t[0],
                t16[1] / f32t[1],
                t16[2] / t16[0],
                tract_t.map_or("–".into(), |v| format!("{:.2}x", v / t16[1])),
            );
            eprintln!("{} n={n}: done", a.name());
        }
    }
    t
}
