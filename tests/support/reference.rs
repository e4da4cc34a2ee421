//! Independent `f64` references, from `f64` std functions on the exact
//! `f32` input (never from actkern's kernels).

/// `e^x`.
pub fn exp(x: f32) -> f64 {
    (x as f64).exp()
}

/// `1 / (1 + e^-x)`, in the form without cancellation on each side.
pub fn sigmoid(x: f32) -> f64 {
    let x = x as f64;
    if x < 0.0 {
        let e = x.exp();
        e / (1.0 + e)
    } else {
        1.0 / (1.0 + (-x).exp())
    }
}

/// `ln(p / (1 - p))`: `2 atanh(2p - 1)` near 1/2 (where `2p - 1` is exact),
/// `ln p - ln1p(-p)` below and `ln p - ln(1 - p)` above (both exact
/// operations on an f32 `p` in f64).
pub fn logit(p: f32) -> f64 {
    let p = p as f64;
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if (0.25..=0.75).contains(&p) {
        2.0 * (2.0 * p - 1.0).atanh()
    } else if p < 0.25 {
        p.ln() - (-p).ln_1p()
    } else {
        p.ln() - (1.0 - p).ln()
    }
}

/// `max(x, 0)`, `+0` for `x <= 0`.
pub fn relu(x: f32) -> f64 {
    if x.is_nan() {
        f64::NAN
    } else if x > 0.0 {
        x as f64
    } else {
        0.0
    }
}

/// `a e^(-((x - mu) / sigma)^2)`.
pub fn gauss(mu: f32, sigma: f32, a: f32, x: f32) -> f64 {
    let t = (x as f64 - mu as f64) / sigma as f64;
    a as f64 * (-(t * t)).exp()
}

/// Softmax of a row, in f64 (max-subtracted).
pub fn softmax(x: &[f32], out: &mut [f64]) {
    let m = x.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v as f64));
    let mut s = 0.0;
    for (o, &v) in out.iter_mut().zip(x) {
        *o = (v as f64 - m).exp();
        s += *o;
    }
    for o in out.iter_mut() {
        *o /= s;
    }
}
