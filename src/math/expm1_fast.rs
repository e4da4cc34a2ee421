//! `e^x - 1` for the Fast tier, for `x` in `[-87, 0]` (the negative branch
//! of ELU): a table method on backends with a register table
//! ([`Lanes::TABLE32`]: AVX-512), a polynomial one elsewhere.
//!
//! Table method (`rr1-lut32-p3`, after XNNPACK's `expm1minus` kernels):
//! 1. `t = x log2(e) + 1.5 * 2^18` rounds `x log2(e)` to 32nds, `n + j/32`,
//!    as in the table exponential (`exp_fast.rs`), and `r = x - (n + j/32)
//!    ln 2` in one FMA: `ln 2` in one float is off by `2^-28.5` of itself,
//!    which moves `e^x - 1` by at most `2^-28.5` of itself on `[-87, 0]`
//!    (`|x| e^x / (1 - e^x) <= 1`); `r` itself is rounded, by `2^-24` of
//!    `|r| <= ln2/64`, where `|e^x - 1| >= ln2/64` (`n + j/32 != 0`; at 0,
//!    `r = x` exactly).
//! 2. `e^r - 1 = q = r + r^2 (c1 + c2 r)` on `|r| <= ln2/64`, `2^-26.2`
//!    relative (`EXPM1_TABLE_Q`); the leading `r` is exact, so a tiny `x`
//!    comes back unchanged.
//! 3. `s = 2^n T[j]` by `vscalefps` (exact) and `e^x - 1 = (s - 1) + s (q +
//!    c[j])`, one FMA. `s - 1` is exact for `x >= -ln 2` (Sterbenz); below,
//!    `|e^x - 1| >= 1/2` and its rounding is under half an ULP of the result.
//!    `c[j] = 2^(j/32) / T[j] - 1` (`EXP2_32NDS_CORR`) puts back the
//!    table's rounding: near 0, where `s - 1` and `s q` nearly cancel, the
//!    bare table's `2^-25` would be magnified up to 46 times (`s / (1 - s)`
//!    at `j = 31`, `n = -1`). Measured maxima: `docs/bounds.md` (ELU).
//!
//! Polynomial method (`rr2-p7`, after XNNPACK's `rr2-p6` ELU kernels), for
//! the backends where a table read is a chain of scalar loads (and for
//! targets without FMA, where every `mul_add` below rounds twice):
//! 1. `t = x log2(e) + 1.5 * 2^23 + 127` rounds `x log2(e)` to an integer
//!    `n` in `[-25, 0]` (`x >= -17.5`), whose `n + 127` in the low bits of
//!    `t` shifted into the exponent field is `s = 2^n`, exact; `r = x - n
//!    ln 2` with `ln 2` in two parts, `|r| <= ln2/2`.
//! 2. `e^r - 1 = r + r^2 (1/2 + r P(r))`, with the accurate core's `P`
//!    (`EXPM1_P`, `2^-30` relative on `[-0.3466, 0.42]`): more degree than
//!    the Fast tier needs, but already generated and bounded. The leading
//!    `r` is added last, so a tiny `x` comes back unchanged (`n = 0`).
//! 3. `e^x - 1 = (s - 1) + s p`: `s - 1` is exact for `n >= -24` and rounds
//!    to -1 at `n = -25` (where `e^x < 2^-24.5`); for `n <= -1` the result
//!    is at least 0.29 in magnitude and `s |p| <= 0.21`, so the roundings of
//!    `p` are scaled down, not magnified. Below `-17.33` every result
//!    rounds to -1, so the clamp at -17.5 changes none.

use super::coeffs::{EXP2_32NDS, EXP2_32NDS_CORR, EXPM1_P, EXPM1_TABLE_Q};
use super::exp_fast::{LOG2E, MAGIC32, magic_scaled, reduce};
use super::horner;
use crate::lanes::Lanes;

/// `ln 2` rounded to `f32`.
const LN2: f32 = core::f32::consts::LN_2;

/// `e^x - 1` for `x` in `[-87, 0]` or NaN, on [`Lanes::TABLE32`] backends
/// (elsewhere the generic table reads are slower than the polynomial
/// methods: callers branch on `V::TABLE32`).
#[inline(always)]
pub(crate) fn expm1_table<V: Lanes>(x: V) -> V {
    const { assert!(!V::TABLE32 || V::FMA, "TABLE32 needs a fused mul_add") };
    let t = x.mul_add(V::splat(LOG2E), V::splat(MAGIC32));
    let l = t.lookup32(&EXP2_32NDS);
    let c = t.lookup32(&EXP2_32NDS_CORR);
    let n = t - V::splat(MAGIC32);
    let r = n.mul_add(V::splat(-LN2), x);
    let q = (r * r).mul_add(
        r.mul_add(V::splat(EXPM1_TABLE_Q[1]), V::splat(EXPM1_TABLE_Q[0])),
        r,
    );
    let s = l.scale_floor(n);
    s.mul_add(q + c, s - V::splat(1.0))
}

/// Below `ln(2^-25)` every `e^x - 1` rounds to -1; `n = -25` here.
pub(crate) const EXPM1_POLY_LO: f32 = -17.5;

/// `e^x - 1` for `x` in `[-17.5, 0]` or NaN, without a table
/// (`rr2-p7`, see the module docs). Within 2 ULP, zeros aside (`-0`
/// gives `+0`).
#[inline(always)]
pub(crate) fn expm1_poly<V: Lanes>(x: V) -> V {
    // Bias 127: the scale is `2^n` itself (`1.5 * 2^23 + 127`).
    let (s, r) = reduce(x, magic_scaled(1));
    let q = r.mul_add(horner(r, &EXPM1_P), V::splat(0.5));
    let p = (r * r).mul_add(q, r);
    s.mul_add(p, s - V::splat(1.0))
}
