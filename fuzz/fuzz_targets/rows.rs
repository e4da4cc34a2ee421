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

#![no_main]

use actkern::{Activation, Backend, Kernels, Kind, Precision};
use actkern_testkit::{check};
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
    values: Vec<u32>,
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
