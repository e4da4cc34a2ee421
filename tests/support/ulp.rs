//! ULP error exactly as `shared/ULP.md` defines it. Shared by the tests and
//! the `ulp` and `tour` examples.

/// Error of `y` against the `f64` reference `r`, in ULP of `f32` (see
/// `shared/ULP.md`): 0 for matching NaN / infinity, `f64::INFINITY` for a
/// wrong NaN or infinity, else `|y - r| / u` with `u` the f32 spacing just
/// above `max(|r| rounded to f32, f32::MIN_POSITIVE)`.
pub fn ulp_error(y: f32, r: f64) -> f64 {
    if r.is_nan() {
        return if y.is_nan() { 0.0 } else { f64::INFINITY };
    }
    if y.is_nan() {
        return f64::INFINITY;
    }
    let a = r.abs() as f32; // `as` rounds to nearest
    if a.is_infinite() {
        let same = y.is_infinite() && (y > 0.0) == (r > 0.0);
        return if same { 0.0 } else { f64::INFINITY };
    }
    if y.is_infinite() {
        return f64::INFINITY;
    }
    let base = a.max(f32::MIN_POSITIVE);
    let next = base.next_up();
    // Above f32::MAX the spacing continues as 2^104.
    let u = if next.is_infinite() {
        f64::from_bits((1023 + 104) << 52)
    } else {
        next as f64 - base as f64
    };
    (y as f64 - r).abs() / u
}

/// Checks [`ulp_error`] on cases worked out by hand from `shared/ULP.md`.
pub fn self_check() -> Result<(), String> {
    let cases: [(f32, f64, f64); 10] = [
        (1.0, 1.0, 0.0),
        (1.0 + f32::EPSILON, 1.0, 1.0), // one step above 1 is 2^-23
        (1.0, 1.0 + f32::EPSILON as f64 / 2.0, 0.5), // halfway
        (0.0, f32::from_bits(1) as f64, 1.0), // subnormal steps: 2^-149
        (f32::NAN, f64::NAN, 0.0),
        (1.0, f64::NAN, f64::INFINITY),
        (f32::INFINITY, 1e300, 0.0), // rounds to +inf
        (f32::MAX, 1e300, f64::INFINITY),
        (f32::NEG_INFINITY, 1e300, f64::INFINITY),
        (f32::INFINITY, 1.0, f64::INFINITY),
    ];
    for (y, r, want) in cases {
        let got = ulp_error(y, r);
        if got != want {
            return Err(format!("ulp_error({y:e}, {r:e}) = {got}, expected {want}"));
        }
    }
    Ok(())
}
