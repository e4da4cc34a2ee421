//! The floating-point environment (x86-64, where MXCSR holds it):
//!
//! - with the default MXCSR, a call on finite inputs whose results are
//!   finite leaves the invalid and divide-by-zero flags clear, on every
//!   backend and tier, whatever the slice length (padding lanes included)
//!   and for empty slices;
//! - with FTZ and DAZ set (as many inference engines run), results whose
//!   inputs and outputs are normal numbers stay within the documented
//!   bounds.
//!
//! Not under Miri (inline assembly).
#![cfg(all(target_arch = "x86_64", not(miri)))]

use actkern::{Activation, Backend, Kernels, Kind, Precision};
use actkern_testkit::check;
use actkern_testkit::reference;
use actkern_testkit::rng::Rng;

const INVALID: u32 = 1 << 0;
const DIV_BY_ZERO: u32 = 1 << 2;
const FLAGS: u32 = 0x3f;
const DAZ: u32 = 1 << 6;
const FTZ: u32 = 1 << 15;

fn get_csr() -> u32 {
    let mut c: u32 = 0;
    // SAFETY: STMXCSR stores the 32-bit MXCSR to a valid, writable u32.
    unsafe { core::arch::asm!("stmxcsr [{}]", in(reg) &mut c, options(nostack)) };
    c
}

fn set_csr(c: u32) {
    // SAFETY: LDMXCSR loads a valid MXCSR value (only flag, FTZ and DAZ
    // bits differ from the current one; reserved bits stay zero).
    unsafe { core::arch::asm!("ldmxcsr [{}]", in(reg) &c, options(nostack, readonly)) };
}

/// Every handle this host runs: each available backend in each tier.
fn handles() -> Vec<Kernels> {
    let mut v = Vec::new();
    for &b in Backend::ALL {
        match Kernels::new(b) {
            Ok(k) => v.extend(Precision::ALL.iter().map(|&p| k.with_precision(p))),
            Err(_) => eprintln!("fpenv: backend {b} skipped (not available here)"),
        }
    }
    v
}

/// Finite inputs with finite results: uniform in the domain and random bit
/// patterns, keeping those whose reference is finite.
fn finite_inputs(a: Activation, n: usize) -> Vec<f32> {
    let mut rng = Rng::new(41);
    let (lo, hi) = a.spec().domain;
    let mut x = Vec::with_capacity(n);
    while x.len() < n {
        let v = if x.len() % 2 == 0 {
            rng.uniform(lo as f64, hi as f64)
        } else {
            rng.any_f32()
        };
        let finite_result = match a.spec().kind {
            Kind::Rowwise => true,
            _ => reference::element(a, v).is_some_and(|r| (r as f32).is_finite()),
        };
        if v.is_finite() && finite_result {
            x.push(v);
        }
    }
    x
}

/// Runs `f` with the flags cleared; returns the flags it raised.
fn flags_of(f: impl FnOnce()) -> u32 {
    let saved = get_csr();
    set_csr(saved & !FLAGS);
    f();
    let raised = get_csr() & FLAGS;
    set_csr(saved);
    raised
}

#[test]
fn finite_calls_raise_no_invalid_or_divide_by_zero() {
    let mut failures = Vec::new();
    for k in handles() {
        for &a in Activation::ALL {
            let x = finite_inputs(a, 4096);
            let (b, p) = (k.backend(), k.precision());
            // Every length 0..=40 (all padding shapes), then the whole sample.
            let mut cuts: Vec<&[f32]> = (0..=40).map(|n| &x[..n]).collect();
            cuts.push(&x);
            for xs in cuts {
                let mut y = vec![0.0f32; xs.len()];
                let raised = flags_of(|| {
                    k.apply(a, xs, &mut y).unwrap();
                    y.copy_from_slice(xs);
                    k.apply_inplace(a, &mut y);
                });
                if raised & (INVALID | DIV_BY_ZERO) != 0 {
                    // Find one element that raises it alone, for the report.
                    let culprit = xs.iter().find(|&&v| {
                        let mut o = [0.0f32];
                        flags_of(|| k.apply(a, &[v], &mut o).unwrap()) & (INVALID | DIV_BY_ZERO)
                            != 0
                    });
                    failures.push(format!(
                        "{a} on {b} ({p}), {} elements: flags {raised:#04x}; alone: {culprit:?}",
                        xs.len()
                    ));
                    break;
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "flags raised by finite calls:\n{}",
        failures.join("\n")
    );
}

#[test]
fn ftz_daz_keeps_normal_range_bounds() {
    let mut failures = Vec::new();
    let mut checked = 0usize;
    for k in handles() {
        for &a in Activation::ALL {
            let x = finite_inputs(a, 1 << 14);
            let saved = get_csr();
            set_csr(saved | FTZ | DAZ);
            let mut y = vec![0.0f32; x.len()];
            let r = k.apply(a, &x, &mut y);
            set_csr(saved);
            r.unwrap();
            let (b, p) = (k.backend(), k.precision());
            if a.spec().kind == Kind::Rowwise {
                // A row of normal inputs: the row check, on outputs that are
                // normal (FTZ may flush the tiny ones).
                let mut scratch = vec![0.0f64; x.len()];
                assert!(reference::row(a, &x, &mut scratch));
                let keep: Vec<usize> = (0..x.len())
                    .filter(|&i| (scratch[i] as f32).abs() >= f32::MIN_POSITIVE * 4.0)
                    .collect();
                for i in keep {
                    let e = actkern_testkit::ulp::tier_error(p, y[i], scratch[i]);
                    let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
                    let bound = check::bound(a, p) + (x[i] as f64 - m).abs();
                    checked += 1;
                    if e > bound {
                        failures.push(format!(
                            "{a} on {b} ({p}) under FTZ/DAZ: element {i}: {e} ULP"
                        ));
                        break;
                    }
                }
                continue;
            }
            // Normal inputs (or zero) with normal results, kept clear of the
            // subnormal boundary by a factor 4.
            let keep: Vec<usize> = (0..x.len())
                .filter(|&i| {
                    let r = reference::element(a, x[i]).unwrap_or(f64::NAN);
                    (x[i] == 0.0 || x[i].is_normal())
                        && (r == 0.0 || (r as f32).abs() >= f32::MIN_POSITIVE * 4.0)
                })
                .collect();
            let xs: Vec<f32> = keep.iter().map(|&i| x[i]).collect();
            let ys: Vec<f32> = keep.iter().map(|&i| y[i]).collect();
            checked += xs.len();
            if let Err(f) = check::elements(a, p, &xs, &ys) {
                failures.push(format!("on {b} under FTZ/DAZ: {f}"));
            }
        }
    }
    assert!(
        checked > 10_000,
        "too few normal-range results checked ({checked})"
    );
    assert!(
        failures.is_empty(),
        "bounds broken under FTZ/DAZ:\n{}",
        failures.join("\n")
    );
}
