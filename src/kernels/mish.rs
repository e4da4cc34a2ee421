//! Mish: `x th(ln(1 + e^x))`, `th` the hyperbolic tangent, as a rational
//! function of `e = e^-|x|`.
//!
//! With `u = e^x`, `th(ln(1 + u)) = u(u + 2) / (u(u + 2) + 2)`. In terms
//! of `e` in `(0, 1]`, so that nothing overflows:
//! - `x >= 0`: `mish = x A/D`, `A = 1 + 2e`, `D = A + e(2e)`;
//! - `x < 0`: `mish = 2^n (x (s + t) A/D)`, `A = 2 + e`, `D = A + e(1 + e)`,
//!   where `e = (s + t) 2^n` from the exponential core. The scale `2^n` is
//!   applied last, in two normal factors, so results in the subnormal
//!   range (`x` below about -87) round once, and `e` inside `A` and `D`
//!   may underflow harmlessly (it only matters next to 2 there).
//!
//! Precision: `A`, `e C` and `D` are carried as two floats (TwoSum,
//! TwoProduct), the quotient `A/D` gets one correction from the exact
//! division residual, and the products with `s + t` and `x` are
//! TwoProducts (on `x 2^24`, so that no error term underflows for tiny
//! `x`; the `2^-24` goes into the final scaling), so the final rounding is
//! the only large one. What remains is the core's 2^-26 relative error in
//! `e`, amplified at most 1.5 times.
//!
//! `x` is clamped to `[-110, 16]` first (NaN passes): below, the result
//! rounds to -0; above, the ratio rounds to 1 and the result is `x`
//! (including `+inf`), which is selected at the end. `±0` gives `±0`.

use super::UnaryKernel;
use crate::lanes::{IntLanes, Lanes};
use crate::math::exp_fast::exp_fast_nonpositive;
use crate::math::exponential::{NORMAL_LIMIT, exp_parts_in_range};
use crate::math::twofold::{div_residual, two_prod, two_sum, two_sum_ordered};
use crate::math::{ldexp_gradual_any, pow2_pair, pow2f, pow2i};
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// `output[i] = x tanh(ln(1 + e^x))` with `x = input[i]` (Mish),
/// as the rational function `x u(u + 2) / (u(u + 2) + 2)` of
/// `u = e^x`, without overflow.
///
/// `mish(±0) = ±0`, `mish(+inf) = +inf`, `mish(-inf) = -0`, NaN
/// gives NaN; output in `[-0.30884343, +inf]`. For very negative
/// inputs the result is `x e^x`, kept down to the subnormals (then
/// `-0`); from `x = 8.706489` on the result is `x`.
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "mish",
    aliases: &[],
    kind: Kind::Elementwise,
    formula: "x tanh(ln(1 + e^x))",
    accurate: Tier::new(3.0, "rr2-p4-tf-rat-div-corr"),
    fast: Some(Tier::new(6.0, "rr2-p5-rat-div")),
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, -0.0),
        (0.0, 0.0),
        (-0.0, -0.0),
        (20.0, 20.0),
        (f32::MAX, f32::MAX),
        (f32::MIN, -0.0),
        (-200.0, -0.0),
        (8.706_489, 8.706_489),
    ],
    pair_specials: &[],
    edges: &[
        0.0, -1.19243, 8.706_489, 16.0, -82.6, -87.336_55, -99.4, -110.0,
    ],
    domain: (-101.0, 10.0),
    range: (-0.308_843_43, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Mish = Mish;
pub(crate) const FAST: MishFast = MishFast;

const LO: f32 = -110.0;
const HI: f32 = 16.0;
const TWO_POW_24: f32 = 16_777_216.0;
/// `2^-60`: the Fast kernel's floor for `e` inside `A` and `D`.
const E_FLOOR: f32 = pow2f(-60);

#[derive(Clone, Copy)]
pub(crate) struct Mish;

impl UnaryKernel for Mish {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (zero, one, two) = (V::splat(0.0), V::splat(1.0), V::splat(2.0));
        let xm = V::splat(LO).max(V::splat(HI).min(x));
        let neg = xm.lt(zero);
        let (s, t, n) = exp_parts_in_range(-xm.abs(), zero);
        let (s, t) = two_sum_ordered(s, t);
        let (f1, f2) = pow2_pair::<V>(n);
        // The quotient takes `e` only beside 1 and 2: below 2^-60 it moves
        // the quotient by under 2^-61 relative, so `e` is floored there
        // (`2^max(n, -60)`). Then no product below is subnormal (a
        // multiplication with a subnormal operand or result takes a slow
        // microcode assist on some CPUs); the result itself keeps `2^n`
        // (`f1`, `f2`).
        let sc = pow2i::<V>(n.max(V::Int::splat(-60)));
        let (eh, el) = (s * sc, t * sc);

        // A = alpha + beta e and C = gamma + beta e, per side.
        let alpha = V::select(neg, two, one);
        let beta = V::select(neg, one, two);
        let gamma = V::select(neg, one, zero);
        let (be, bel) = (beta * eh, beta * el);
        let (ah, al) = two_sum(alpha, be);
        let al = al + bel;
        let (ch, cl) = two_sum(gamma, be);
        let cl = cl + bel;
        // e C, then D = A + e C.
        let (ph, pl) = two_prod(eh, ch);
        let pl = pl + eh.mul_add(cl, el * ch);
        let (dh, dl) = two_sum(ah, ph);
        let dl = dl + (al + pl);
        // A / D = q + q_lo.
        let q = ah / dh;
        let q_lo = q.mul_add(-dl, div_residual(ah, q, dh) + al) / dh;

        // x F (q + q_lo) with F = s + t (x < 0) or 1 (x >= 0).
        let fh = V::select(neg, s, one);
        let fl = V::select(neg, t, zero);
        let (mh, ml) = two_prod(fh, q);
        let ml = ml + fh.mul_add(q_lo, fl * q);
        // x is scaled by 2^24 so that no error term underflows, and the
        // 2^-24 folded into the first factor (2^(n1 - 24) >= 2^-104).
        let xs = xm * V::splat(TWO_POW_24);
        let (rh, rl) = two_prod(xs, mh);
        let r = rh + xs.mul_add(ml, rl);
        let r = if V::BRANCH_PER_VECTOR && V::all(xm.ge(V::splat(-NORMAL_LIMIT))) {
            let g1 = V::select(neg, f1, one) * V::splat(1.0 / TWO_POW_24);
            r * g1 * V::select(neg, f2, one)
        } else {
            // Results subnormal from about x = -91.9: rounded once from the
            // bits, not by a product with a subnormal result (a microcode
            // assist per vector on Intel).
            let n = V::select(neg, V::from_bits(n), zero).to_bits();
            ldexp_gradual_any(r, n.sub(V::Int::splat(24)))
        };

        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        let y = V::select(V::splat(HI).lt(x), x + V::splat(0.0), r);
        // ±0 keeps its sign; `xm` is `x` there (see `Lanes::select`).
        V::select(x.abs().le(zero), xm, y)
    }
}

/// The Fast tier: the same rational function of `e = e^-|x|` from the Fast
/// exponential, in single floats, `x F A / D` with one division last
/// (`F` is `e` for `x < 0` and 1 elsewhere). `e` is floored at 2^-60
/// inside `A` and `D`, where it only matters beside 1 and 2, so no product
/// there is subnormal, and neither is `e` (the Fast exponential flushes to
/// `+0` below about `2^-125`) nor the result. `x` is clamped at -1000 so
/// that `-inf` gives `-0` (`e = 0` there); inputs below about -87.3, where
/// `e` flushes, give `-0` (measured maxima: `docs/bounds.md`).
#[derive(Clone, Copy)]
pub(crate) struct MishFast;

impl UnaryKernel for MishFast {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        let (zero, one, two) = (V::splat(0.0), V::splat(1.0), V::splat(2.0));
        let neg = x.lt(zero);
        let e = exp_fast_nonpositive(-x.abs());
        let ec = V::splat(E_FLOOR).max(e);
        // x >= 0: A = 1 + 2e, C = 2e; x < 0: A = 2 + e, C = 1 + e; D = A + e C.
        let beta = V::select(neg, one, two);
        let a = beta.mul_add(ec, V::select(neg, two, one));
        let c = beta.mul_add(ec, V::select(neg, one, zero));
        let d = ec.mul_add(c, a);
        let num = V::splat(-1000.0).max(x) * V::select(neg, e, one) * a;
        // Above HI the ratio is 1 in f32, and `x A` could overflow.
        // `x + 0` (= `x` here), not `x`: see `Lanes::select`.
        // Rounding may land an ULP below the minimum the range promises.
        let y = V::splat(DECLARATION.range.0).max(num / d);
        V::select(V::splat(HI).lt(x), x + zero, y)
    }
}
