//! The half formats by their bits, independently of the `half` crate that
//! actkern converts with: IEEE binary16 (`f16`: 1 sign, 5 exponent, 10
//! fraction bits) and bfloat16 (`bf16`: the top 16 bits of an `f32`).
//!
//! - [`f16_to_f32`], [`bf16_to_f32`]: exact widening;
//! - [`f64_to_f16`], [`f64_to_bf16`]: an `f64` (the references) correctly
//!   rounded to nearest even, in one rounding (never through `f32`);
//! - [`f32_to_f16_rne`], [`f32_to_bf16_rne`]: an `f32` rounded the same
//!   way (what a kernel's `f32` result becomes);
//! - [`ulp_error`]: `docs/ulp.md`'s ULP error in the units of the format;
//! - [`Format`]: either format, by value;
//! - [`correctly_rounded`]: a function's correctly rounded result in a
//!   format, from the `f64` reference; [`midpoint_distance`]: how safely
//!   a reference rounds.
//!
//! Used by the half-format tests and by `examples/half_fixes.rs`, which
//! generates the kernels' lists of inputs near a rounding boundary.

use crate::reference;
use actkern::Activation;

/// What distinguishes the two formats, for the shared code below.
struct Params {
    /// Fraction bits.
    frac: u32,
    /// The exponent of the smallest normal number.
    emin: i32,
    /// Bits of `+inf`.
    inf: u16,
    /// Bits of the positive quiet NaN a conversion returns.
    qnan: u16,
}

const F16: Params = Params {
    frac: 10,
    emin: -14,
    inf: 0x7C00,
    qnan: 0x7E00,
};

const BF16: Params = Params {
    frac: 7,
    emin: -126,
    inf: 0x7F80,
    qnan: 0x7FC0,
};

/// `r` rounded to nearest even in the format `p`, in one rounding: `|r|`
/// is `sig 2^sexp` exactly; the format's quantum at `|r|` is `2^q` with
/// `q = max(e, emin) - frac` (`e` the exponent of `|r|`'s leading bit,
/// `emin` where subnormals begin); `sig` is split into whole quanta `n`
/// and a remainder, which decides the rounding against half a quantum.
/// `n` quanta of `2^q` are then the bits `(q - (emin - frac)) << frac`
/// plus `n` (a carry into the next binade, from subnormal to normal, or to
/// infinity included). A tie goes to even, or where `tail` is not 0, to
/// the side of `r + tail` (`tail`: the sign of the exact value's
/// difference from `r`).
fn round_f64(p: &Params, r: f64, tail: f64) -> u16 {
    let bits = r.to_bits();
    let sign = ((bits >> 48) as u16) & 0x8000;
    if r.is_nan() {
        return sign | p.qnan;
    }
    if r.is_infinite() {
        return sign | p.inf;
    }
    let biased = ((bits >> 52) & 0x7FF) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (sig, sexp, e) = if biased == 0 {
        // Zero, or an f64 subnormal: far below either format's emin.
        (fraction, -1074, -1023)
    } else {
        (fraction | (1u64 << 52), biased - 1075, biased - 1023)
    };
    let frac = p.frac as i32;
    let q = e.max(p.emin) - frac;
    // At least 52 - frac (> 0) for a normal r, more for a subnormal one.
    let shift = q - sexp;
    if shift >= 54 {
        // |r| < 2^53 2^sexp <= half a quantum: rounds to zero (and r = 0).
        return sign;
    }
    let n = sig >> shift;
    let rem = sig & ((1u64 << shift) - 1);
    let half = 1u64 << (shift - 1);
    let tie_up = if tail == 0.0 || tail.is_nan() {
        n & 1 == 1
    } else {
        // Away from zero if the exact value is beyond r.
        (tail > 0.0) == (r > 0.0)
    };
    let up = rem > half || (rem == half && tie_up);
    let mag = (((q - (p.emin - frac)) as u64) << p.frac) + n + up as u64;
    if mag >= p.inf as u64 {
        sign | p.inf
    } else {
        sign | mag as u16
    }
}

/// The `f16` of bits `b` as an `f32` (exact; a NaN keeps its sign and
/// payload and is made quiet, as F16C's `vcvtph2ps` and the `half` crate
/// do).
pub fn f16_to_f32(b: u16) -> f32 {
    let sign = ((b & 0x8000) as u32) << 16;
    let exp = (b >> 10) & 0x1F;
    let frac = (b & 0x3FF) as u32;
    let mag = match exp {
        // Zero or subnormal: frac 2^-24, exact in f32 (a product by a
        // power of two of an integer below 2^10).
        0 => (frac as f32 * (1.0 / 16_777_216.0)).to_bits(),
        0x1F if frac == 0 => 0x7F80_0000,
        0x1F => 0x7FC0_0000 | (frac << 13),
        _ => ((exp as u32 + 127 - 15) << 23) | (frac << 13),
    };
    f32::from_bits(sign | mag)
}

/// The `bf16` of bits `b` as an `f32` (exact: the `f32` whose top 16 bits
/// they are, as a 16-bit shift gives it; a signaling NaN stays signaling,
/// where the `half` crate makes it quiet).
pub fn bf16_to_f32(b: u16) -> f32 {
    f32::from_bits((b as u32) << 16)
}

/// `r` correctly rounded to `f16` (nearest, ties to even), in one
/// rounding: subnormals of `f16` included, `±inf` from `|r| >= 65520`
/// (the midpoint above the largest finite `f16`, 65504), `±0` for a zero
/// or a magnitude up to `2^-25`, the sign kept, NaN to `0x7E00` (signed).
pub fn f64_to_f16(r: f64) -> u16 {
    round_f64(&F16, r, 0.0)
}

/// `r` correctly rounded to `bf16` (nearest, ties to even), in one
/// rounding: subnormals included, `±inf` from `|r| >= (2 - 2^-8) 2^127`
/// (the midpoint above the largest finite `bf16`), the sign kept, NaN to
/// `0x7FC0` (signed).
pub fn f64_to_bf16(r: f64) -> u16 {
    round_f64(&BF16, r, 0.0)
}

/// `x` rounded to `f16` (nearest, ties to even; exact arithmetic: every
/// `f32` is an `f64`). A NaN keeps its sign and the top 10 bits of its
/// payload and is made quiet, as F16C does.
pub fn f32_to_f16_rne(x: f32) -> u16 {
    if x.is_nan() {
        let b = x.to_bits();
        return ((b >> 16) as u16 & 0x8000) | 0x7E00 | ((b >> 13) as u16 & 0x3FF);
    }
    f64_to_f16(x as f64)
}

/// `x` rounded to `bf16` (nearest, ties to even): the top 16 bits, plus
/// one where the low 16 exceed `0x8000`, or equal it and the top bits are
/// odd (a carry into the exponent, up to infinity, included). A NaN keeps
/// its top bits and is made quiet.
pub fn f32_to_bf16_rne(x: f32) -> u16 {
    let b = x.to_bits();
    if x.is_nan() {
        return (b >> 16) as u16 | 0x0040;
    }
    ((b + 0x7FFF + ((b >> 16) & 1)) >> 16) as u16
}

/// A half format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// IEEE binary16.
    F16,
    /// bfloat16.
    Bf16,
}

impl Format {
    /// Both formats.
    pub const ALL: [Format; 2] = [Format::F16, Format::Bf16];

    /// `"f16"` or `"bf16"` (the type's name).
    pub fn name(self) -> &'static str {
        match self {
            Format::F16 => "f16",
            Format::Bf16 => "bf16",
        }
    }

    /// The value of bits `b` (exact).
    pub fn to_f32(self, b: u16) -> f32 {
        match self {
            Format::F16 => f16_to_f32(b),
            Format::Bf16 => bf16_to_f32(b),
        }
    }

    /// `r` correctly rounded to the format ([`f64_to_f16`],
    /// [`f64_to_bf16`]).
    pub fn round(self, r: f64) -> u16 {
        round_f64(self.params(), r, 0.0)
    }

    /// `r + tail` correctly rounded to the format, for a `tail` far below
    /// `r`'s last bit (the sign of an exact value's difference from its
    /// `f64` reference `r`, [`reference::element_tail`]): the same as
    /// [`Format::round`] except where `r` is exactly a midpoint of the
    /// format, which goes to the side of `tail` (to even if it is 0).
    pub fn round_tail(self, r: f64, tail: f64) -> u16 {
        round_f64(self.params(), r, tail)
    }

    /// `x` rounded to the format ([`f32_to_f16_rne`], [`f32_to_bf16_rne`]).
    pub fn round_f32(self, x: f32) -> u16 {
        match self {
            Format::F16 => f32_to_f16_rne(x),
            Format::Bf16 => f32_to_bf16_rne(x),
        }
    }

    /// True if bits `b` are a NaN.
    pub fn is_nan(self, b: u16) -> bool {
        let inf = self.params().inf;
        b & 0x7FFF > inf
    }

    fn params(self) -> &'static Params {
        match self {
            Format::F16 => &F16,
            Format::Bf16 => &BF16,
        }
    }
}

/// Error of the result `y` (bits of `format`) against the `f64` reference
/// `r`, in units of the format: `docs/ulp.md` with `f32` replaced by the
/// format. 0 for matching NaN or infinity, infinite for a wrong NaN or
/// infinity (an infinite result where `|r|` rounds to a finite value, a
/// finite one where it rounds to infinity); else `|y - r| / u`, `u` the
/// gap above `max(a, smallest normal)` with `a` = `|r|` rounded to the
/// format (the last binade's spacing above the largest finite value).
pub fn ulp_error(format: Format, y: u16, r: f64) -> f64 {
    if r.is_nan() {
        return if format.is_nan(y) { 0.0 } else { f64::INFINITY };
    }
    if format.is_nan(y) {
        return f64::INFINITY;
    }
    let p = format.params();
    let a = format.round(r.abs());
    let y_inf = y & 0x7FFF == p.inf;
    if a == p.inf {
        let same = y_inf && (y & 0x8000 != 0) == r.is_sign_negative();
        return if same { 0.0 } else { f64::INFINITY };
    }
    if y_inf {
        return f64::INFINITY;
    }
    let base = a.max(1 << p.frac);
    let v = |b: u16| format.to_f32(b) as f64;
    let u = if base + 1 == p.inf {
        // The largest finite value: the spacing of its binade.
        v(base) - v(base - 1)
    } else {
        v(base + 1) - v(base)
    };
    (v(y) - r).abs() / u
}

/// The correctly rounded result, in `format`, of the element-wise or
/// parametric function `a` on the input of bits `h`: the test kit's `f64`
/// reference ([`reference::element`]) rounded to the format, a tie decided
/// by [`reference::element_tail`]. `None` where the test kit has no
/// reference for `a`. A zero has the reference's sign, which is not always
/// the kernels' (at `-0` SiLU, GELU-tanh and hard-swish give `+0`, their
/// references `-0`; at `-inf` GELU gives `-0`, its reference `+0`), a
/// difference the `f32` ULP error does not see.
pub fn correctly_rounded(format: Format, a: Activation, h: u16) -> Option<u16> {
    let x = format.to_f32(h);
    let r = reference::element(a, x)?;
    Some(format.round_tail(r, reference::element_tail(a, x)))
}

/// How far `r` lies from the format's nearest midpoint (the rounding
/// boundary between two neighbouring values, or the overflow threshold),
/// in `f64` ULP of `r`: 0 exactly on one, the larger the safer a
/// reference with an error of a few `f64` ULP is to round. Infinite for a
/// NaN, infinite or zero `r`.
pub fn midpoint_distance(format: Format, r: f64) -> f64 {
    if !r.is_finite() || r == 0.0 {
        return f64::INFINITY;
    }
    let p = format.params();
    let ar = r.abs();
    // The value of magnitude bits m; infinity continues the last binade.
    let value = |m: u16| {
        if m == p.inf {
            2.0 * format.to_f32(m - 1) as f64 - format.to_f32(m - 2) as f64
        } else {
            format.to_f32(m) as f64
        }
    };
    // The midpoints on either side of the value |r| rounds to (of which
    // |r| lies between): below it (none below 0) and above it (none above
    // infinity, where the one below is the overflow threshold).
    let c = format.round(ar);
    let below = if c > 0 {
        (ar - (value(c - 1) + value(c)) / 2.0).abs()
    } else {
        f64::INFINITY
    };
    let above = if c < p.inf {
        (ar - (value(c) + value(c + 1)) / 2.0).abs()
    } else {
        f64::INFINITY
    };
    below.min(above) / (ar.next_up() - ar)
}

/// `(format, y, r, expected error)` worked out by hand from `docs/ulp.md`.
pub const CASES: [(Format, u16, f64, f64); 24] = [
    (Format::F16, 0x3C00, 1.0, 0.0),
    (Format::F16, 0x3C01, 1.0, 1.0), // one step above 1 is 2^-10
    (Format::F16, 0x3C00, 1.0 + 1.0 / 2048.0, 0.5), // halfway
    (Format::F16, 0x3BFF, 1.0, 0.5), // below 1 the steps are 2^-11
    (Format::F16, 0x0000, 5.960_464_477_539_063e-8, 1.0), // 2^-24: subnormal steps
    (Format::F16, 0x0001, 0.0, 1.0),
    // u is taken at max(a, 2^-14) = 2^-14, where the gap is 2^-24 as
    // well: 2^-14 from 0 is 2^10 steps.
    (Format::F16, 0x0400, 0.0, 1024.0),
    (Format::F16, 0x7BFF, 65_512.0, 0.25), // u = 32 at 65504
    (Format::F16, 0x7C00, 65_520.0, 0.0),  // the midpoint rounds to +inf
    (Format::F16, 0x7BFF, 65_520.0, f64::INFINITY),
    (Format::F16, 0x7C00, 65_519.999, f64::INFINITY),
    (Format::F16, 0xFC00, -1e300, 0.0),
    (Format::F16, 0x7C00, -1e300, f64::INFINITY),
    (Format::F16, 0x7E00, f64::NAN, 0.0),
    (Format::F16, 0x3C00, f64::NAN, f64::INFINITY),
    (Format::F16, 0xFE00, 1.0, f64::INFINITY),
    (Format::F16, 0xBC00, 1.0, 2048.0), // -1 against 1: 2 / 2^-10
    (Format::Bf16, 0x3F80, 1.0, 0.0),
    (Format::Bf16, 0x3F81, 1.0, 1.0), // one step above 1 is 2^-7
    (Format::Bf16, 0x3F80, 1.0 + 1.0 / 256.0, 0.5),
    (Format::Bf16, 0x0000, 9.183_549_615_799_121e-41, 1.0), // 2^-133
    // The largest finite bf16, (2 - 2^-7) 2^127, plus 2^118: u = 2^120.
    (
        Format::Bf16,
        0x7F7F,
        f64::from_bits(0x47EF_E800_0000_0000),
        0.25,
    ),
    (Format::Bf16, 0x7F80, 3.4e38, 0.0), // above the midpoint (2 - 2^-8) 2^127
    (Format::Bf16, 0x7FC0, f64::NAN, 0.0),
];

/// A half-format element type as the harnesses see it (tests, the
/// exhaustive check, the firmware suite): its [`Format`] and its bits.
pub trait Elem: actkern::Element + Copy + core::fmt::Debug {
    const F: Format;
    fn of(b: u16) -> Self;
    fn bits(self) -> u16;
}

impl Elem for actkern::half::f16 {
    const F: Format = Format::F16;
    fn of(b: u16) -> Self {
        Self::from_bits(b)
    }
    fn bits(self) -> u16 {
        self.to_bits()
    }
}

impl Elem for actkern::half::bf16 {
    const F: Format = Format::Bf16;
    fn of(b: u16) -> Self {
        Self::from_bits(b)
    }
    fn bits(self) -> u16 {
        self.to_bits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::half::{bf16, f16};

    /// 2^k.
    fn pow2(k: i32) -> f64 {
        libm::ldexp(1.0, k)
    }

    fn same_f32(a: f32, b: f32) -> bool {
        a.to_bits() == b.to_bits()
    }

    #[test]
    fn widening_matches_half_on_every_pattern() {
        for b in 0..=u16::MAX {
            let (ours, theirs) = (f16_to_f32(b), f16::from_bits(b).to_f32());
            assert!(
                same_f32(ours, theirs),
                "f16 {b:#06x}: {ours:e} vs {theirs:e}"
            );
            // half quiets a bf16 NaN (sets the top fraction bit); we keep
            // its bits.
            let (ours, theirs) = (bf16_to_f32(b), bf16::from_bits(b).to_f32());
            let quiet = if ours.is_nan() { 0x0040_0000 } else { 0 };
            assert_eq!(ours.to_bits() >> 16, b as u32, "bf16 {b:#06x}");
            assert!(
                same_f32(f32::from_bits(ours.to_bits() | quiet), theirs),
                "bf16 {b:#06x}: {ours:e} vs {theirs:e}"
            );
            // And back: every value is a fixed point of the rounding.
            for f in Format::ALL {
                if !f.is_nan(b) {
                    assert_eq!(f.round(f.to_f32(b) as f64), b, "{f:?} {b:#06x}");
                    assert_eq!(f.round_f32(f.to_f32(b)), b, "{f:?} {b:#06x}");
                }
            }
        }
    }

    /// `b` is the format's value nearest `r` (the even one on a tie),
    /// judged by exact `f64` differences with its neighbours: an
    /// independent oracle (the neighbours and `r` are within a factor of
    /// two of each other where it matters, so Sterbenz makes the
    /// differences exact; elsewhere they are far apart).
    fn is_nearest(f: Format, r: f64, b: u16) -> bool {
        let p = f.params();
        let neg = r.is_sign_negative();
        if (b & 0x8000 != 0) != neg {
            return false;
        }
        let m = b & 0x7FFF;
        let ar = r.abs();
        let v = |x: u16| f.to_f32(x) as f64;
        // The largest finite value and the overflow threshold.
        let max = v(p.inf - 1);
        let threshold = max + (max - v(p.inf - 2)) / 2.0;
        if m == p.inf {
            return ar >= threshold;
        }
        if ar >= threshold {
            return false;
        }
        let d = (ar - v(m)).abs();
        let below = if m > 0 {
            (ar - v(m - 1)).abs()
        } else {
            f64::INFINITY
        };
        let above = (ar - v(m + 1)).abs();
        let odd = m & 1 == 1;
        (d < below || (d == below && !odd)) && (d < above || (d == above && !odd))
    }

    fn check(r: f64) {
        let h = f64_to_f16(r);
        assert!(is_nearest(Format::F16, r, h), "f16 of {r:e}: {h:#06x}");
        let b = f64_to_bf16(r);
        assert!(is_nearest(Format::Bf16, r, b), "bf16 of {r:e}: {b:#06x}");
        // half's from_f64 drops the low 32 bits of r's fraction (see
        // `half_from_f64_drops_sticky_bits`): it agrees where those are 0.
        if r.to_bits() as u32 == 0 {
            assert_eq!(h, f16::from_f64(r).to_bits(), "f16 vs half at {r:e}");
            assert_eq!(b, bf16::from_f64(r).to_bits(), "bf16 vs half at {r:e}");
        }
        // Through f32 is the same where r is an f32.
        if (r as f32) as f64 == r {
            assert_eq!(h, f32_to_f16_rne(r as f32));
            assert_eq!(b, f32_to_bf16_rne(r as f32));
            assert_eq!(h, f16::from_f32(r as f32).to_bits(), "{r:e}");
            assert_eq!(b, bf16::from_f32(r as f32).to_bits(), "{r:e}");
        }
    }

    /// Values around every midpoint of both formats: exactly on it, and
    /// one and a few f64 steps, 2^-40 relative and 2^-20 relative either
    /// side; negatives too.
    #[test]
    fn rounding_is_nearest_around_every_midpoint() {
        for f in Format::ALL {
            for b in 0..f.params().inf {
                let lo = f.to_f32(b) as f64;
                let hi = if b + 1 == f.params().inf {
                    // Infinity: the step of the last binade continued.
                    2.0 * lo - f.to_f32(b - 1) as f64
                } else {
                    f.to_f32(b + 1) as f64
                };
                let mid = (lo + hi) / 2.0; // exact
                for r in [
                    mid,
                    mid.next_up(),
                    mid.next_down(),
                    mid.next_up().next_up().next_up(),
                    mid.next_down().next_down().next_down(),
                    mid * (1.0 + pow2(-40)),
                    mid * (1.0 - pow2(-40)),
                    mid * (1.0 + pow2(-20)),
                    mid * (1.0 - pow2(-20)),
                    lo,
                    lo.next_up(),
                    lo.next_down(),
                ] {
                    check(r);
                    check(-r);
                }
                // The expected side, stated directly.
                let even = if b & 1 == 0 { b } else { b + 1 };
                assert_eq!(f.round(mid), even, "{f:?} midpoint above {b:#06x}");
                assert_eq!(f.round(mid.next_up()), b + 1, "{f:?}");
                assert_eq!(f.round(mid.next_down()), b, "{f:?}");
                assert_eq!(f.round(-mid), even | 0x8000, "{f:?}");
            }
        }
    }

    #[test]
    fn rounding_specials_and_thresholds() {
        assert_eq!(f64_to_f16(0.0), 0x0000);
        assert_eq!(f64_to_f16(-0.0), 0x8000);
        assert_eq!(f64_to_bf16(-0.0), 0x8000);
        assert_eq!(f64_to_f16(f64::NAN), 0x7E00);
        assert_eq!(f64_to_f16(-f64::NAN), 0xFE00);
        assert_eq!(f64_to_bf16(f64::NAN), 0x7FC0);
        assert_eq!(f64_to_bf16(-f64::NAN), 0xFFC0);
        assert_eq!(f64_to_f16(f64::INFINITY), 0x7C00);
        assert_eq!(f64_to_bf16(f64::NEG_INFINITY), 0xFF80);
        // f16 overflow: exactly at 65520.
        assert_eq!(f64_to_f16(65_520.0), 0x7C00);
        assert_eq!(f64_to_f16(-65_520.0), 0xFC00);
        assert_eq!(f64_to_f16(65_520f64.next_down()), 0x7BFF);
        assert_eq!(f64_to_f16(65_504.0), 0x7BFF);
        assert_eq!(f64_to_f16(1e300), 0x7C00);
        // bf16 overflow: exactly at (2 - 2^-8) 2^127.
        let t = (2.0 - pow2(-8)) * pow2(127);
        assert_eq!(f64_to_bf16(t), 0x7F80);
        assert_eq!(f64_to_bf16(-t), 0xFF80);
        assert_eq!(f64_to_bf16(t.next_down()), 0x7F7F);
        assert_eq!(f64_to_bf16(f32::MAX as f64), 0x7F80); // above t
        assert_eq!(f64_to_bf16(1e300), 0x7F80);
        // Subnormals: the smallest, its half (a tie to 0) and above.
        assert_eq!(f64_to_f16(pow2(-24)), 0x0001);
        assert_eq!(f64_to_f16(pow2(-25)), 0x0000);
        assert_eq!(f64_to_f16(-pow2(-25)), 0x8000);
        assert_eq!(f64_to_f16(pow2(-25).next_up()), 0x0001);
        assert_eq!(f64_to_f16(1.5 * pow2(-24)), 0x0002); // tie to even
        assert_eq!(f64_to_f16(2.5 * pow2(-24)), 0x0002);
        assert_eq!(f64_to_f16(pow2(-14) - pow2(-25)), 0x0400); // up to normal
        assert_eq!(f64_to_bf16(pow2(-133)), 0x0001);
        assert_eq!(f64_to_bf16(pow2(-134)), 0x0000);
        assert_eq!(f64_to_bf16(pow2(-134).next_up()), 0x0001);
        assert_eq!(f64_to_bf16(pow2(-126) - pow2(-134)), 0x0080);
        // f64 subnormals and the smallest ones.
        assert_eq!(f64_to_f16(f64::from_bits(1)), 0x0000);
        assert_eq!(f64_to_bf16(-f64::from_bits(1)), 0x8000);
        assert_eq!(f64_to_bf16(f64::MIN_POSITIVE), 0x0000);
        // Largest f64.
        assert_eq!(f64_to_f16(f64::MAX), 0x7C00);
        assert_eq!(f64_to_bf16(-f64::MAX), 0xFF80);
    }

    /// A deterministic spread of f64 values over every binade the formats
    /// have, and their neighbourhoods.
    #[test]
    fn rounding_is_nearest_on_a_spread() {
        let mut rng = crate::rng::Rng::new(0x5EED_4A1F);
        for _ in 0..2_000_000 {
            let bits = rng.next_u64();
            // Exponent in [2^-140, 2^130], uniform in binades.
            let e = (bits >> 53) % 271;
            let r = f64::from_bits(((1023 - 140 + e) << 52) | (bits & ((1 << 52) - 1)));
            check(r);
            check(-r);
            // The same with the low 32 bits cleared (compared with half).
            check(f64::from_bits(r.to_bits() & !0xFFFF_FFFF));
        }
    }

    /// From f32: every 97th bit pattern and, for every top 16 bits, the low
    /// 16 bits around bf16's boundary and around f16's ones.
    #[test]
    fn f32_rounding_matches_half() {
        let test = |bits: u32| {
            let x = f32::from_bits(bits);
            let (h, b) = (f32_to_f16_rne(x), f32_to_bf16_rne(x));
            assert_eq!(h, f16::from_f32(x).to_bits(), "f16 of {bits:#010x}");
            assert_eq!(b, bf16::from_f32(x).to_bits(), "bf16 of {bits:#010x}");
            if !x.is_nan() {
                assert_eq!(b, f64_to_bf16(x as f64), "{bits:#010x}");
            }
        };
        for bits in (0..=u32::MAX).step_by(97) {
            test(bits);
        }
        for top in 0..=0xFFFFu32 {
            for low in [
                0, 1, 0x0FFF, 0x1000, 0x1001, 0x2000, 0x3000, 0x7FFF, 0x8000, 0x8001, 0xFFFF,
            ] {
                test((top << 16) | low);
            }
        }
    }

    /// half 2.x's `from_f64` looks only at the top 32 bits of the `f64`
    /// (it drops the rest as "always lost"), so a value just above a
    /// midpoint by less than that is taken for the midpoint and rounded
    /// to even, which may be down: wrong. Ours sees every bit.
    #[test]
    fn half_from_f64_drops_sticky_bits() {
        let r = 1.0 + pow2(-11) + pow2(-40); // above the midpoint 1 + 2^-11
        assert_eq!(f64_to_f16(r), 0x3C01);
        assert_eq!(f16::from_f64(r).to_bits(), 0x3C00); // half's answer
        let r = 1.0 + pow2(-8) + pow2(-40);
        assert_eq!(f64_to_bf16(r), 0x3F81);
        assert_eq!(bf16::from_f64(r).to_bits(), 0x3F80);
        // And its double rounding through f32 would be wrong the same way.
        assert_eq!(f32_to_f16_rne((1.0 + pow2(-11) + pow2(-40)) as f32), 0x3C00);
    }

    #[test]
    fn ties_go_to_the_side_of_the_tail() {
        for f in Format::ALL {
            for b in (0..f.params().inf - 1).step_by(7) {
                let mid = (f.to_f32(b) as f64 + f.to_f32(b + 1) as f64) / 2.0;
                let tiny = 1e-300;
                assert_eq!(f.round_tail(mid, tiny), b + 1, "{f:?} {b:#06x}");
                assert_eq!(f.round_tail(mid, -tiny), b, "{f:?} {b:#06x}");
                assert_eq!(f.round_tail(-mid, tiny), b | 0x8000, "{f:?} {b:#06x}");
                assert_eq!(f.round_tail(-mid, -tiny), (b + 1) | 0x8000);
                assert_eq!(f.round_tail(mid, 0.0), f.round(mid));
                // Not a tie: the tail changes nothing.
                for r in [mid.next_up(), mid.next_down(), f.to_f32(b) as f64] {
                    for t in [tiny, -tiny] {
                        assert_eq!(f.round_tail(r, t), f.round(r), "{f:?} {r:e}");
                        assert_eq!(f.round_tail(-r, t), f.round(-r), "{f:?} {r:e}");
                    }
                }
            }
        }
    }

    /// At tiny bf16 inputs SiLU is `x/2 + x^2/4`: its `f64` reference is
    /// `x / 2` exactly, a midpoint for an odd last bit, and the tail
    /// decides (checked against mpmath: 2^-134 + 2^-268 rounds up, its
    /// negative towards zero).
    #[test]
    fn correctly_rounded_breaks_false_ties() {
        let cases = [
            (0x0001, 0x0001),
            (0x8001, 0x8000),
            (0x0005, 0x0003), // 2.5 2^-133 + ...: up, not to even 2
            (0x8005, 0x8002),
            (0x0003, 0x0002),
            (0x8003, 0x8001),
        ];
        for (h, want) in cases {
            for a in [
                Activation::Silu,
                Activation::Gelu,
                Activation::GeluTanh,
                Activation::HardSwish,
            ] {
                let got = correctly_rounded(Format::Bf16, a, h);
                assert_eq!(got, Some(want), "{a:?} bf16 {h:#06x}");
            }
        }
        // A genuine tie stays one: hard-sigmoid's reference is exact here,
        // (x + 3) / 6 = 0.5 + 2^-12 for x = 6 2^-12 (f16 0x1600), the
        // midpoint between 0.5 and 0.5 + 2^-11.
        let h = 0x1600;
        assert_eq!(f16_to_f32(h) as f64, 6.0 / 4096.0);
        let r = reference::element(Activation::HardSigmoid, f16_to_f32(h)).unwrap();
        assert_eq!(r, 0.5 + 1.0 / 4096.0);
        assert_eq!(midpoint_distance(Format::F16, r), 0.0);
        assert_eq!(
            correctly_rounded(Format::F16, Activation::HardSigmoid, h),
            Some(0x3800) // 0.5, the even neighbour
        );
    }

    #[test]
    fn midpoint_distances() {
        let m = 1.0 + pow2(-11);
        assert_eq!(midpoint_distance(Format::F16, m), 0.0);
        assert_eq!(midpoint_distance(Format::F16, -m), 0.0);
        assert_eq!(midpoint_distance(Format::F16, m.next_up()), 1.0);
        assert_eq!(midpoint_distance(Format::F16, m.next_down()), 1.0);
        // 1.0: the midpoint below, 1 - 2^-12, is the nearer: 2^-12 / 2^-52.
        assert_eq!(midpoint_distance(Format::F16, 1.0), pow2(40));
        assert_eq!(midpoint_distance(Format::F16, 65_520.0), 0.0);
        assert_eq!(
            midpoint_distance(Format::F16, 1e6),
            (1e6 - 65_520.0) / (1e6f64.next_up() - 1e6)
        );
        let t = (2.0 - pow2(-8)) * pow2(127);
        assert_eq!(midpoint_distance(Format::Bf16, t), 0.0);
        assert_eq!(midpoint_distance(Format::Bf16, pow2(-134)), 0.0);
        assert_eq!(midpoint_distance(Format::Bf16, 0.0), f64::INFINITY);
    }

    #[test]
    fn ulp_error_worked_examples() {
        for (f, y, r, want) in CASES {
            let e = ulp_error(f, y, r);
            assert!(
                e == want || (e - want).abs() < 1e-9 * want,
                "{f:?} y = {y:#06x}, r = {r:e}: {e}, want {want}"
            );
        }
    }

    /// A correctly rounded result is within half a unit, and the next value
    /// up or down is not.
    #[test]
    fn ulp_error_of_the_rounding_is_at_most_half() {
        let mut rng = crate::rng::Rng::new(7);
        for f in Format::ALL {
            for _ in 0..200_000 {
                let bits = rng.next_u64();
                let e = (bits >> 53) % 271;
                let r = f64::from_bits(((1023 - 140 + e) << 52) | (bits & ((1 << 52) - 1)));
                let y = f.round(r);
                let err = ulp_error(f, y, r);
                if y & 0x7FFF == f.params().inf {
                    assert_eq!(err, 0.0);
                    continue;
                }
                assert!(err <= 0.5, "{f:?} {r:e}: {err}");
                if y < f.params().inf - 1 {
                    assert!(ulp_error(f, y + 1, r) >= 0.5, "{f:?} {r:e}");
                }
            }
        }
    }
}
