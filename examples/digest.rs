//! A hash of every function's output bits over a strided sweep of inputs,
//! per backend and tier (element-wise and parametric: every 4099th bit
//! pattern, in place and out of place; row-wise: rows of mixed lengths;
//! two-input: a strided sweep against fixed second inputs). Two builds
//! that print the same lines compute the same bits (any NaN counting as
//! one: payloads are not promised): run it before and after a change that
//! must not change results.
//!
//! ```text
//! cargo run --release --example digest > before.txt
//! ```

use actkern::{Activation, Backend, Binary, Kernels, Kind, Precision};
use actkern_testkit::params;

const STRIDE: u64 = 4099;

/// NaN payloads are not part of any contract (a NaN result is any NaN):
/// every NaN hashes as one.
fn fnv(h: &mut u64, y: &[f32]) {
    for v in y {
        let bits = if v.is_nan() { 0x7fc0_0000 } else { v.to_bits() };
        for b in bits.to_le_bytes() {
            *h = (*h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

fn main() {
    let x: Vec<f32> = (0..(1u64 << 32) / STRIDE)
        .map(|i| f32::from_bits((i * STRIDE) as u32))
        .collect();
    let mut y = vec![0f32; x.len()];
    for &b in Backend::ALL {
        let Ok(k) = Kernels::new(b) else {
            println!("{b}: skipped (not available here)");
            continue;
        };
        for &p in Precision::ALL {
            let k = k.with_precision(p);
            for &a in Activation::ALL {
                let sets: Vec<Activation> = core::iter::once(a)
                    .chain(params::sets(a).map(|s| s.activation))
                    .collect();
                for (i, a) in sets.into_iter().enumerate() {
                    let mut h = 0xcbf2_9ce4_8422_2325u64;
                    match a.spec().kind {
                        Kind::Rowwise => {
                            for len in [1usize, 3, 8, 17, 64, 1000] {
                                let n = x.len() / len * len;
                                let r: Vec<f32> =
                                    x[..n].iter().map(|v| v.clamp(-200.0, 200.0)).collect();
                                k.apply_rows(a, len, &r, &mut y[..n]).unwrap();
                                fnv(&mut h, &y[..n]);
                            }
                        }
                        _ => {
                            k.apply(a, &x, &mut y).unwrap();
                            fnv(&mut h, &y);
                            y.copy_from_slice(&x[..]);
                            k.apply_inplace(a, &mut y[..1001]);
                            fnv(&mut h, &y[..1001]);
                        }
                    }
                    println!("{b} {p} {} #{i} {h:016x}", a.name());
                }
            }
            for &f in Binary::ALL {
                for second in [1.0f32, -3.5, 1e30, 18_446_744_073_709_551_616.0] {
                    let bb = vec![second; x.len()];
                    k.apply_binary(f, &x, &bb, &mut y).unwrap();
                    let mut h = 0xcbf2_9ce4_8422_2325u64;
                    fnv(&mut h, &y);
                    println!("{b} {p} {f} b={second} {h:016x}");
                }
            }
        }
    }
}
