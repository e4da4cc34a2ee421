//! Differential fuzzing of every function of two inputs (`Binary::ALL`):
//! arbitrary pairs of f32 bit patterns, arbitrary start offset, every
//! available backend in every precision tier. Each result is held to the
//! documented bound (`actkern_testkit::check::pairs`, against the f64
//! references); each element equals the function on its pair alone;
//! `scalar::apply_binary` == `Backend::Scalar`; in place and by rows of
//! `[a | b]` halves give the bits of out of place; nothing is written
//! outside the output; unequal lengths are refused without writing.

#![no_main]

use actkern::{Backend, Binary, Error, Kernels, Precision, scalar};
use actkern_testkit::{check};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    func: u8,
    offset: u8,
    /// Drop this many elements from `b` (0: equal lengths).
    shorten: u8,
    values: Vec<(u32, u32)>,
}

const SENTINEL: u32 = 0x7fc0_beef;

fuzz_target!(|input: Input| {
    let f = Binary::ALL[input.func as usize % Binary::ALL.len()];
    let a: Vec<f32> = input.values.iter().map(|v| f32::from_bits(v.0)).collect();
    let b: Vec<f32> = input.values.iter().map(|v| f32::from_bits(v.1)).collect();
    let n = a.len();
    let off = (input.offset % 16) as usize;
    for &be in Backend::ALL.iter().filter(|b| b.is_available()) {
        for &p in Precision::ALL {
            let k = Kernels::new(be).unwrap().with_precision(p);
            let mut out = vec![f32::from_bits(SENTINEL); n + off + 3];
            let cut = (input.shorten as usize % 4).min(n);
            if cut > 0 {
                let r = k.apply_binary(f, &a, &b[..n - cut], &mut out[off..off + n]);
                assert!(matches!(r, Err(Error::BufferLength { .. })), "{r:?}");
                assert!(out.iter().all(|v| v.to_bits() == SENTINEL), "written on error");
            }
            k.apply_binary(f, &a, &b, &mut out[off..off + n]).unwrap();
            let y = &out[off..off + n];
            if let Err(e) = check::pairs(f, p, &a, &b, y) {
                panic!("{e}");
            }
            assert!(
                out[..off].iter().chain(&out[off + n..]).all(|v| v.to_bits() == SENTINEL),
                "wrote outside the output"
            );
            // In place: the bits of out of place, into `a`.
            let mut d = a.clone();
            k.apply_binary_inplace(f, &mut d, &b).unwrap();
            for i in 0..n {
                assert!(check::same(d[i], y[i]), "in place differs at {i}");
            }
            // Rows of [a | b] halves: each row the bits of out of place.
            let h = 1 + (input.offset as usize % 7);
            let rows = n / h;
            let mut x = Vec::with_capacity(2 * h * rows);
            for r in 0..rows {
                x.extend_from_slice(&a[r * h..(r + 1) * h]);
                x.extend_from_slice(&b[r * h..(r + 1) * h]);
            }
            let mut z = vec![f32::from_bits(SENTINEL); h * rows + 1];
            k.apply_binary_rows(f, h, &x, &mut z[..h * rows]).unwrap();
            assert!(z[h * rows].to_bits() == SENTINEL, "rows wrote past the output");
            for i in 0..h * rows {
                assert!(check::same(z[i], y[i]), "rows differ at {i}");
            }
            if !x.is_empty() {
                let r = k.apply_binary_rows(f, h, &x[1..], &mut z[..h * rows]);
                assert!(r.is_err(), "ragged rows accepted");
            }
            for i in 0..n {
                let mut one = [0.0f32];
                k.apply_binary(f, &a[i..=i], &b[i..=i], &mut one).unwrap();
                assert!(check::same(one[0], y[i]), "element {i} alone differs");
                if be == Backend::Scalar && p == Precision::Accurate {
                    let s = scalar::apply_binary(f, a[i], b[i]);
                    assert!(check::same(s, y[i]), "scalar::apply_binary differs at {i}");
                }
            }
        }
    }
});
