//! Softmax over one slice: `y_i = e^(x_i - max) / sum_j e^(x_j - max)`.
//!
//! Three passes: the maximum; `e^(x_i - max)` written to the output while
//! summing; a scale by the reciprocal of the sum.
//! - Subtracting the maximum makes every exponent `<= 0`, so nothing
//!   overflows for any input magnitude. `x_i - max` is carried exactly as a
//!   TwoSum and handed to the exponential core as a two-float argument, so the
//!   error does not grow with `|x_i - max|`.
//! - The sum is a Kahan sum per lane, with the lanes combined in `f64`: its
//!   error stays near one rounding whatever the length.
//! - NaN or `+inf` anywhere makes the sum NaN, so every output is NaN; all
//!   `-inf` makes `max = -inf` and every difference NaN, so all NaN too;
//!   a `-inf` element among finite ones gives exactly 0. With
//!   [`MaskedRows::Zero`] an all-`-inf` row gives zeros instead, decided
//!   from the maximum before the second pass.

use super::rowsum::{ExpShifted, Kahan, Times, row_max};
use super::{Io, Row, Step, apply};
use crate::MaskedRows;
use crate::lanes::Lanes;

/// The row function; [`super::Rows`] runs it on each row.
#[derive(Clone, Copy)]
pub(crate) struct Softmax;

impl Row for Softmax {
    #[inline(always)]
    fn row<V: Lanes, const U: usize>(self, io: Io<'_>, masked: MaskedRows) {
        softmax_row::<V, U, false>(io, masked);
    }
}

/// The Fast tier: `x - m` rounded and the Fast exponential
/// (`src/math/exp_fast.rs`); the same sum and scaling.
#[derive(Clone, Copy)]
pub(crate) struct SoftmaxFast;

impl Row for SoftmaxFast {
    #[inline(always)]
    fn row<V: Lanes, const U: usize>(self, io: Io<'_>, masked: MaskedRows) {
        softmax_row::<V, U, true>(io, masked);
    }
}

#[inline(always)]
fn softmax_row<V: Lanes, const U: usize, const FAST: bool>(mut io: Io<'_>, masked: MaskedRows) {
    if io.input().len() <= V::Tail::LANES {
        return short_row::<V::Tail, FAST>(io, masked);
    }
    let Some(m) = row_max::<V>(&mut io, masked, 0.0) else {
        return;
    };
    let mut f = ExpShifted::<V, FAST> {
        m: V::splat(m),
        acc: Kahan::new(),
    };
    // The tail's missing lanes are -inf, so they add e^-inf = 0.
    let out = match io {
        Io::Out(i, o) => {
            apply::<V, U>(Io::Out(i, &mut *o), f32::NEG_INFINITY, &mut f);
            o
        }
        Io::InPlace(d) => {
            apply::<V, U>(Io::InPlace(&mut *d), f32::NEG_INFINITY, &mut f);
            d
        }
    };
    let inv = V::splat((1.0 / f.acc.total()) as f32);
    apply::<V, U>(Io::InPlace(out), 0.0, &mut Times(inv));
}

/// A row that fits one register: the same steps with one load and one
/// store (three passes over memory cost more than the arithmetic here).
#[inline(always)]
fn short_row<T: Lanes, const FAST: bool>(mut io: Io<'_>, masked: MaskedRows) {
    let Some(m) = row_max::<T>(&mut io, masked, 0.0) else {
        return;
    };
    let mut f = ExpShifted::<T, FAST> {
        m: T::splat(m),
        acc: Kahan::new(),
    };
    // The missing lanes are -inf, so they add e^-inf = 0.
    let e = f.step(T::load_or(io.input(), f32::NEG_INFINITY));
    let y = e * T::splat((1.0 / f.acc.total()) as f32);
    match io {
        Io::Out(_, o) => y.store(o),
        Io::InPlace(d) => y.store(d),
    }
}
