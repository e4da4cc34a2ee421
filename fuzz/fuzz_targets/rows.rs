//! Fuzzing softmax: arbitrary values split into rows of arbitrary length,
//! every available backend. Each row: outputs within `4 + |x_i - max|` ULP
//! of the f64 softmax and in [0, 1], sum within 1e-5 of 1; NaN or +inf
//! anywhere gives all NaN, all -inf gives all NaN, -inf elements give +0;
//! in-place == out-of-place bit for bit; a row's result does not depend on
//! what else is in the buffer (row independence).

#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use actkern::{Backend, Kernels};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use support::ulp::ulp_error;

#[derive(Arbitrary, Debug)]
struct Input {
    row_len: u8,
    /// Value generator: raw bit patterns, or moderate values
    /// (`i16 / 256`), which exercise the numerics more than random bits.
    raw: bool,
    values: Vec<u32>,
}

fuzz_target!(|input: Input| {
    let row_len = input.row_len as usize;
    let x: Vec<f32> = input
        .values
        .iter()
        .map(|&b| if input.raw { f32::from_bits(b) } else { (b as u16 as i16) as f32 / 256.0 })
        .collect();
    let rows: Vec<&[f32]> = if row_len == 0 { vec![&x[..0], &x[..]] } else { x.chunks(row_len).collect() };

    for b in Backend::ALL.into_iter().filter(|b| b.is_available()) {
        let k = Kernels::new(b).unwrap();
        // All rows at once in one output buffer, then each row alone.
        let mut all = vec![0.0f32; x.len()];
        let mut at = 0;
        for row in &rows {
            if row_len == 0 && row.is_empty() {
                k.softmax(row, &mut []).unwrap();
                continue;
            }
            k.softmax(row, &mut all[at..at + row.len()]).unwrap();
            at += row.len();
        }
        let mut at = 0;
        for row in &rows {
            if row_len == 0 && row.is_empty() {
                continue;
            }
            let y = &all[at..at + row.len()];
            at += row.len();
            let mut alone = row.to_vec();
            k.softmax_inplace(&mut alone);
            for (a, c) in alone.iter().zip(y) {
                assert!(a.to_bits() == c.to_bits() || (a.is_nan() && c.is_nan()), "in-place/row differs on {b}");
            }
            check_row(b, row, y);
        }
    }
});

fn check_row(b: Backend, x: &[f32], y: &[f32]) {
    let poisoned = x.iter().any(|v| v.is_nan() || *v == f32::INFINITY);
    let all_neg_inf = x.iter().all(|v| *v == f32::NEG_INFINITY);
    if poisoned || all_neg_inf {
        assert!(y.iter().all(|v| v.is_nan()), "{b}: expected all NaN for {x:?}, got {y:?}");
        return;
    }
    let mut r = vec![0.0f64; x.len()];
    support::reference::softmax(x, &mut r);
    let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
    let mut sum = 0.0f64;
    for i in 0..x.len() {
        if x[i] == f32::NEG_INFINITY {
            assert_eq!(y[i].to_bits(), 0, "{b}: -inf must give +0");
        }
        let bound = 4.0 + (x[i] as f64 - m).abs();
        let e = ulp_error(y[i], r[i]);
        assert!(e <= bound && (0.0..=1.0).contains(&y[i]), "{b}: y[{i}] = {:e}, ref {:e}: {e} ULP > {bound}", y[i], r[i]);
        sum += y[i] as f64;
    }
    assert!(x.is_empty() || (sum - 1.0).abs() <= 1e-5, "{b}: sum {sum}");
}
