//! ULP error exactly as `docs/ulp.md` defines it.

/// Error of `y` against the `f64` reference `r`, in ULP of `f32` (see
/// `docs/ulp.md`): 0 for matching NaN / infinity, `f64::INFINITY` for a
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
    let u = if next.is_infinite() {
        TWO_POW_104
    } else {
        next as f64 - base as f64
    };
    (y as f64 - r).abs() / u
}

/// 2^104, the spacing of `f32` continued above `f32::MAX`.
const TWO_POW_104: f64 = 20_282_409_603_651_670_423_947_251_286_016.0;

/// `(y, r, expected error)` worked out by hand from `docs/ulp.md`; the
/// test suite and the Cortex-M firmware both check [`ulp_error`] on them.
pub const CASES: [(f32, f64, f64); 11] = [
    (1.0, 1.0, 0.0),
    (1.0 + f32::EPSILON, 1.0, 1.0), // one step above 1 is 2^-23
    (1.0, 1.0 + f32::EPSILON as f64 / 2.0, 0.5), // halfway
    (0.0, 1.401_298_464_324_817e-45, 1.0), // 2^-149: subnormal steps
    (
        f32::MAX,
        3.402_823_466_385_288_6e38 + TWO_POW_104 / 4.0,
        0.25,
    ), // u = 2^104
    (f32::NAN, f64::NAN, 0.0),
    (1.0, f64::NAN, f64::INFINITY),
    (f32::INFINITY, 1e300, 0.0), // rounds to +inf
    (f32::MAX, 1e300, f64::INFINITY),
    (f32::NEG_INFINITY, 1e300, f64::INFINITY),
    (f32::INFINITY, 1.0, f64::INFINITY),
];

/// Below this magnitude of the reference, the Fast tier's error is
/// absolute (`docs/ulp.md`, "The Fast tier's tails").
pub const FAST_TAIL: f64 = 1.0 / (1u64 << 21) as f64;
/// The unit of that absolute error: `2^-27`, so that a bound of 8 allows
/// `2^-24`.
pub const FAST_TAIL_UNIT: f64 = 1.0 / (1u64 << 27) as f64;

/// The error of `y` against `r` as tier `p` is held to it: [`ulp_error`],
/// except in the Fast tier where `|r| < 2^-21`, where it is
/// `|y - r| / 2^-27` (an absolute error; never more than [`ulp_error`]
/// there, since an ULP is below `2^-44`).
pub fn tier_error(p: actkern::Precision, y: f32, r: f64) -> f64 {
    let e = ulp_error(y, r);
    if p == actkern::Precision::Fast && r.abs() < FAST_TAIL && y.is_finite() {
        e.min((y as f64 - r).abs() / FAST_TAIL_UNIT)
    } else {
        e
    }
}
