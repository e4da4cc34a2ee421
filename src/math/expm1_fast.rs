//! `e^x - 1` for the Fast tier on backends with a register table
//! ([`Lanes::TABLE32`]: AVX-512), for `x` in `[-87, 0]`.
//!
//! Method (`rr1-lut32-p3`, after XNNPACK's `expm1minus` kernels):
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

use super::coeffs::{EXP2_32NDS, EXP2_32NDS_CORR, EXPM1_TABLE_Q};
use super::exp_fast::{LOG2E, MAGIC32};
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
