//! `f16` and `bf16` slices on the device: every one of the 65,536 inputs
//! of each format, for every element-wise and parametric function (default
//! parameters), on each backend, in both tiers. The Accurate tier must give
//! the correctly rounded result (the test kit's `f64` reference, computed
//! here, rounded to the format), so the same bits as on every other
//! target; the Fast tier within 1 ULP of the format (its tail rule below
//! `2^-21`). With `ACTKERN_EMBEDDED_QUICK` (CI), every 5th input on a
//! core with an FPU and every 17th without one (the Cortex-M3 computes the
//! `f64` references in software: every 5th took most of its QEMU time).

use crate::paths::BACKENDS;
use actkern::half::{bf16, f16};
use actkern::{Activation, Kernels, Kind, Precision};
use actkern_embedded::Check;
use actkern_testkit::half::Elem as Half;
use actkern_testkit::half::{correctly_rounded, ulp_error};
use actkern_testkit::reference;

/// Inputs per kernel call.
const CHUNK: usize = 256;

/// Whether `y` is acceptable for input `x` in tier `p`.
fn ok<E: Half>(a: Activation, p: Precision, x: u16, y: u16, want: Option<u16>) -> bool {
    let f = E::F;
    let Some(r) = reference::element(a, f.to_f32(x)) else {
        return true;
    };
    if r.is_nan() {
        return f.is_nan(y);
    }
    if y & 0x7FFF == 0 && want.is_some_and(|w| w & 0x7FFF == 0) {
        return true; // a zero where the result rounds to one (either sign)
    }
    if p == Precision::Accurate {
        return want == Some(y);
    }
    let tail = r.abs() < 1.0 / (1u64 << 21) as f64
        && (f.to_f32(y) as f64 - r).abs() <= 1.0 / (1u64 << 23) as f64;
    tail || ulp_error(f, y, r) <= 1.0
}

fn all_inputs<E: Half>(c: &mut Check, a: Activation, stride: usize) {
    let mut x = [E::of(0); CHUNK];
    let mut y = [E::of(0); CHUNK];
    let mut want = [None; CHUNK];
    let inputs: &mut dyn Iterator<Item = u16> = &mut (0..=0xFFFFu16).step_by(stride);
    let mut bad = 0u32;
    loop {
        let mut n = 0;
        for (slot, h) in x.iter_mut().zip(&mut *inputs) {
            *slot = E::of(h);
            n += 1;
        }
        if n == 0 {
            break;
        }
        for (w, xi) in want.iter_mut().zip(&x[..n]) {
            *w = correctly_rounded(E::F, a, xi.bits());
        }
        for b in BACKENDS {
            let Ok(k) = Kernels::new(b) else { continue };
            for &p in Precision::ALL {
                let k = k.with_precision(p);
                if k.apply(a, &x[..n], &mut y[..n]).is_err() {
                    bad += 1;
                    continue;
                }
                for i in 0..n {
                    let (xi, yi) = (x[i].bits(), y[i].bits());
                    if !ok::<E>(a, p, xi, yi, want[i]) {
                        bad += 1;
                        c.expect(
                            false,
                            format_args!(
                                "{a:?} {} {b} {p}: input {xi:#06x}: {yi:#06x}, want {:?}",
                                E::F.name(),
                                want[i]
                            ),
                        );
                    }
                }
            }
        }
    }
    if bad == 0 {
        c.pass();
    }
}

pub fn run_all(c: &mut Check, quick: bool) {
    let mark = c.mark();
    let stride = match (quick, cfg!(target_abi = "eabihf")) {
        (false, _) => 1,
        (true, true) => 5,
        (true, false) => 17,
    };
    for &a in Activation::ALL {
        if matches!(a.spec().kind, Kind::Elementwise | Kind::Parametric) {
            all_inputs::<f16>(c, a, stride);
            all_inputs::<bf16>(c, a, stride);
        }
    }
    c.section(
        "f16 and bf16: correctly rounded (Accurate), 1 ULP (Fast)",
        mark,
    );
}
