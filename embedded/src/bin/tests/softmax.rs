//! Softmax: the seed article's example, the documented special rows, and
//! host-referenced rows (each output within `4 + |x_i - max|` ULP, sum
//! within 1e-5 of 1), on both backends, out of place and in place.

use crate::func::{BACKENDS, kernels, same};
use actkern::{Backend, Kernels};
use actkern_embedded::table::{self, Point};
use actkern_embedded::{Check, ulp::ulp_error};

const NAN: f32 = f32::NAN;
const INF: f32 = f32::INFINITY;
const NINF: f32 = f32::NEG_INFINITY;
/// Longest stored row.
const MAX_ROW: usize = 4099;

pub fn run(c: &mut Check) {
    let mark = c.mark();
    for b in BACKENDS {
        let k = kernels(b);
        article(c, &k);
        specials(c, &k);
        rows(c, &k);
    }
    c.section("softmax", mark);
}

/// Runs softmax out of place and in place (which must agree bit for bit);
/// returns the out-of-place result in `y`.
fn softmax(c: &mut Check, k: &Kernels, x: &[f32], y: &mut [f32]) {
    let r = k.softmax(x, y);
    c.expect(r.is_ok(), format_args!("softmax on {}: {r:?}", k.backend()));
    let mut d = [0.0f32; MAX_ROW];
    let d = &mut d[..x.len()];
    d.copy_from_slice(x);
    k.softmax_inplace(d);
    let agree = d.iter().zip(y.iter()).all(|(&a, &b)| same(a, b));
    c.expect(
        agree,
        format_args!(
            "softmax of {} on {}: in place differs from out of place",
            x.len(),
            k.backend()
        ),
    );
}

/// softmax([3, 6, 13, 6]) = [4.53e-05, 9.10e-04, 0.998, 9.10e-04].
fn article(c: &mut Check, k: &Kernels) {
    let mut y = [0.0f32; 4];
    softmax(c, k, &[3.0, 6.0, 13.0, 6.0], &mut y);
    let want = [4.53e-5f32, 9.10e-4, 0.998, 9.10e-4];
    for (g, w) in y.iter().zip(want) {
        c.expect(
            ((g - w) / w).abs() <= 5e-3,
            format_args!(
                "softmax article example on {}: {y:?}, article {want:?}",
                k.backend()
            ),
        );
    }
    c.expect(
        y[1].to_bits() == y[3].to_bits(),
        format_args!("softmax article example: equal inputs, outputs {y:?}"),
    );
}

fn specials(c: &mut Check, k: &Kernels) {
    let b = k.backend();
    let all_nan: [(&str, &[f32]); 4] = [
        ("NaN", &[1.0, NAN, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]),
        ("+inf", &[1.0, 2.0, INF, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]),
        ("all -inf", &[NINF; 11]),
        ("NaN last", &[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, NAN]),
    ];
    for (what, x) in all_nan {
        let mut y = [0.0f32; 11];
        let y = &mut y[..x.len()];
        softmax(c, k, x, y);
        c.expect(
            y.iter().all(|v| v.is_nan()),
            format_args!("softmax with {what} on {b}: expected all NaN, got {y:?}"),
        );
    }
    let x = [1.0, NINF, 2.0, NINF, 0.5, 0.1, 0.2, 0.3, 0.4];
    let mut y = [0.0f32; 9];
    softmax(c, k, &x, &mut y);
    c.expect(
        y[1].to_bits() == 0 && y[3].to_bits() == 0,
        format_args!("softmax on {b}: -inf elements must give +0, got {y:?}"),
    );
    let sum: f64 = y.iter().map(|&v| v as f64).sum();
    c.expect(
        (sum - 1.0).abs() <= 1e-5,
        format_args!("softmax with -inf on {b}: sum {sum}"),
    );
    let mut y = [];
    c.expect(
        k.softmax(&[], &mut y).is_ok(),
        format_args!("softmax of an empty slice on {b}: not Ok"),
    );
    let mut y = [0.0f32];
    softmax(c, k, &[-1.0e30], &mut y);
    c.expect(
        y == [1.0],
        format_args!("softmax of one element on {b} = {y:?}, expected [1.0]"),
    );
}

/// The rows `build.rs` stored with their `f64` softmax.
fn rows(c: &mut Check, k: &Kernels) {
    let mut p = table::points(table::SOFTMAX);
    let mut n_rows = 0;
    for n in table::SOFTMAX_ROWS {
        let mut x = [0.0f32; MAX_ROW];
        let mut r = [0.0f64; MAX_ROW];
        let (x, r) = (&mut x[..n], &mut r[..n]);
        for (x, r) in x.iter_mut().zip(r.iter_mut()) {
            let Point { x: xi, r: ri } = p.next().expect("row shorter than its length");
            (*x, *r) = (xi, ri);
        }
        let mut y = [0.0f32; MAX_ROW];
        let y = &mut y[..n];
        softmax(c, k, x, y);
        check_row(c, k.backend(), x, r, y);
        n_rows += 1;
    }
    c.expect(
        n_rows >= 10 && p.next().is_none(),
        format_args!("softmax table: {n_rows} rows, or points left over"),
    );
}

fn check_row(c: &mut Check, b: Backend, x: &[f32], r: &[f64], y: &[f32]) {
    let m = x.iter().fold(NINF, |m, &v| m.max(v)) as f64;
    let mut sum = 0.0f64;
    for i in 0..x.len() {
        let e = ulp_error(y[i], r[i]);
        let bound = 4.0 + (x[i] as f64 - m).abs();
        c.expect(
            e <= bound && (0.0..=1.0).contains(&y[i]),
            format_args!(
                "softmax row of {} on {b}: y[{i}] = {:e}, reference {:e}: {e} ULP > {bound}",
                x.len(),
                y[i],
                r[i]
            ),
        );
        sum += y[i] as f64;
    }
    c.expect(
        (sum - 1.0).abs() <= 1e-5,
        format_args!("softmax row of {} on {b}: sum {sum}", x.len()),
    );
}
