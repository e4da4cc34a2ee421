//! Differential fuzzing of every element-wise kernel: arbitrary function,
//! arbitrary f32 bit patterns, arbitrary start offset (misalignment), every
//! available backend, checked against the f64 references and the documented
//! bounds (`tests/support/cases.rs`), plus in-place == out-of-place bit for
//! bit and `scalar::f` == `Backend::Scalar`.

#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use actkern::{Backend, Gauss, Kernels};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use support::cases::UNARY;
use support::ulp::ulp_error;

#[derive(Arbitrary, Debug)]
struct Input {
    /// Which function: `UNARY[func % len]`, or a general Gaussian.
    func: u8,
    /// Start offset of the slices inside their buffers.
    offset: u8,
    /// Gaussian parameters as bit patterns (used when valid).
    gauss: (u32, u32, u32),
    values: Vec<u32>,
}

fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fuzz_target!(|input: Input| {
    let x: Vec<f32> = input.values.iter().map(|&b| f32::from_bits(b)).collect();
    let off = (input.offset % 16) as usize;
    let n = x.len();
    let mut xin = vec![0.0f32; n + off];
    xin[off..].copy_from_slice(&x);
    let xs = &xin[off..];

    let which = input.func as usize % (UNARY.len() + 1);
    let (mu, sigma, a) = (
        f32::from_bits(input.gauss.0),
        f32::from_bits(input.gauss.1),
        f32::from_bits(input.gauss.2),
    );
    let general = if which == UNARY.len() {
        match Gauss::new(mu, sigma, a) {
            Ok(g) => Some(g),
            Err(_) => return,
        }
    } else {
        None
    };

    for b in Backend::ALL.into_iter().filter(|b| b.is_available()) {
        let k = Kernels::new(b).unwrap();
        let mut out = vec![f32::from_bits(0x7fc0_beef); n + off + 3];
        let mut inplace = xin.clone();
        match general {
            None => {
                let case = UNARY[which];
                (case.run)(&k, xs, &mut out[off..off + n]).unwrap();
                (case.inplace)(&k, &mut inplace[off..]);
                for (i, (&xi, &yi)) in x.iter().zip(&out[off..off + n]).enumerate() {
                    let e = ulp_error(yi, (case.reference)(xi));
                    assert!(
                        e <= case.bound(b),
                        "{}({xi:e} = {:#010x}) on {b} = {yi:e}: {e} ULP > {} (element {i})",
                        case.name,
                        xi.to_bits(),
                        case.bound(b)
                    );
                    if b == Backend::Scalar {
                        assert!(same((case.scalar)(xi), yi), "scalar::{} differs", case.name);
                    }
                }
            }
            Some(g) => {
                k.gauss(g, xs, &mut out[off..off + n]).unwrap();
                k.gauss_inplace(g, &mut inplace[off..]);
                for (&xi, &yi) in x.iter().zip(&out[off..off + n]) {
                    let r = support::reference::gauss(mu, sigma, a, xi);
                    let e = ulp_error(yi, r);
                    assert!(e <= 3.0, "gauss({mu:e}, {sigma:e}, {a:e}; {xi:e}) on {b} = {yi:e}, ref {r:e}: {e} ULP");
                }
            }
        }
        for i in 0..n {
            assert!(same(out[off + i], inplace[off + i]), "in-place differs from out-of-place on {b} at {i}");
        }
        for (i, v) in out.iter().enumerate() {
            if !(off..off + n).contains(&i) {
                assert_eq!(v.to_bits(), 0x7fc0_beef, "wrote outside the output on {b}");
            }
        }
    }
});
