//! Differential fuzzing of every element-wise and parametric function of
//! `Activation::ALL`: arbitrary function, arbitrary parameters (from bit
//! patterns, through `actkern_testkit::params::from_bits`), arbitrary f32
//! bit patterns, arbitrary start offset (misalignment), every available
//! backend in every precision tier. Each result is held to the bound the
//! function table documents (`actkern_testkit::check::elements`, against
//! the f64 references); in-place == out-of-place bit for bit; nothing is
//! written outside the output; and `scalar::apply` == `Backend::Scalar`
//! in the accurate tier.

#![no_main]

use actkern::{Activation, Backend, Kernels, Kind, Precision, scalar};
use actkern_testkit::{check, params};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    /// Which function: an index into [`choices`].
    func: u8,
    /// Start offset of the slices inside their buffers.
    offset: u8,
    /// Parameters as bit patterns (used when the choice says so and they
    /// are valid).
    params: [u32; 3],
    values: Vec<u32>,
}

/// What the fuzzer picks from: each element-wise and parametric member of
/// `Activation::ALL` (parametric ones with their default parameters), then
/// each parametric one again with parameters from the input's bits.
fn choices() -> impl Iterator<Item = (Activation, bool)> {
    let members = || {
        Activation::ALL
            .iter()
            .copied()
            .filter(|a| matches!(a.spec().kind, Kind::Elementwise | Kind::Parametric))
    };
    members().map(|a| (a, false)).chain(
        members()
            .filter(|a| a.spec().kind == Kind::Parametric)
            .map(|a| (a, true)),
    )
}

const SENTINEL: u32 = 0x7fc0_beef;

fuzz_target!(|input: Input| {
    let n_choices = choices().count();
    let Some((a, from_bits)) = choices().nth(input.func as usize % n_choices) else {
        return;
    };
    let a = if from_bits {
        // Invalid parameters are the `errors` target's business.
        match params::from_bits(a, input.params) {
            Some(a) => a,
            None => return,
        }
    } else {
        a
    };

    let x: Vec<f32> = input.values.iter().map(|&b| f32::from_bits(b)).collect();
    let off = (input.offset % 16) as usize;
    let n = x.len();
    let mut xin = vec![0.0f32; n + off];
    xin[off..].copy_from_slice(&x);
    let xs = &xin[off..];

    for &b in Backend::ALL.iter().filter(|b| b.is_available()) {
        for &p in Precision::ALL {
            let k = Kernels::new(b).unwrap().with_precision(p);
            let mut out = vec![f32::from_bits(SENTINEL); n + off + 3];
            k.apply(a, xs, &mut out[off..off + n]).unwrap();
            let mut inplace = xin.clone();
            k.apply_inplace(a, &mut inplace[off..]);
            let y = &out[off..off + n];

            if let Err(f) = check::elements(a, p, &x, y) {
                panic!("{b}: {f} (parameters {a:?})");
            }
            for (i, (&yo, &yi)) in y.iter().zip(&inplace[off..]).enumerate() {
                assert!(
                    check::same(yo, yi),
                    "{a:?} ({p}) on {b}: in-place {yi:e} != out-of-place {yo:e} at element {i}"
                );
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
            if b == Backend::Scalar && p == Precision::Accurate {
                for (&xi, &yi) in x.iter().zip(y) {
                    let s = scalar::apply(a, xi);
                    assert!(
                        check::same(s, yi),
                        "scalar::apply({a:?}, {xi:e}) = {s:e} != Scalar kernel {yi:e}"
                    );
                }
            }
        }
    }
});
