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
//! - On a half format the output cannot hold the `f32` exponentials
//!   between passes without a second rounding, so the second pass only
//!   sums and the third computes `e^(x_i - max)` again, times `1 / sum`.

use super::drive::map_partial_tail;
use super::drive::reduce_partial_tail;
use super::element::Elem;
use super::kahan::Kahan;
use super::rowmax::row_max;
use super::shifted_exp::{ExpShifted, Unscale};
use super::{Io, RowKernel, Step};
use crate::lanes::Lanes;
use crate::precision::MaskedRows;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// Softmax of the whole slice: `output[i] = e^input[i] / sum_j
/// e^input[j]`, computed stably (the maximum is subtracted first,
/// so any magnitude works).
///
/// Any NaN or `+inf` in `input` makes every output NaN; `-inf`
/// elements give 0 (all `-inf` gives all NaN); an empty slice is
/// `Ok`. Outputs are in `[0, 1]`. The sum is compensated, so the
/// error does not grow with the length (tested up to 10^5); `x_i -
/// max` is carried exactly, so in practice the error stays near 2
/// ULP whatever `|x_i - max|`.
///
/// The bound is in ULP of each output plus `|x_i - max|`, outputs summing to 1 within 1e-5.
///
/// ```
/// let k = actkern::Kernels::detect();
/// let mut y = [0.0f32; 4];
/// k.softmax(&[3.0, 6.0, 13.0, 6.0], &mut y)?;
/// // The article's example: [4.53e-05, 9.10e-04, 0.998, 9.10e-04].
/// for (got, want) in y.iter().zip([4.53e-5f32, 9.10e-4, 0.998, 9.10e-4]) {
///     assert!(((got - want) / want).abs() < 5e-3);
/// }
/// assert_eq!(y[1], y[3]);
/// # Ok::<(), actkern::Error>(())
/// ```
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "softmax",
    aliases: &[],
    kind: Kind::Rowwise,
    formula: "e^x_i / sum_j e^x_j",
    accurate: Tier::new(4.0, "max-rr2-p4-tf-kahan-div"),
    fast: Some(Tier::new(8.0, "max-rr2-p5-kahan-div")),
    specials: &[
        (NAN, NAN),
        (INF, NAN),
        (NINF, NAN),
        (0.0, 1.0),
        (-0.0, 1.0),
        (1e30, 1.0),
        (-1e30, 1.0),
        (f32::MAX, 1.0),
        (f32::MIN, 1.0),
    ],
    pair_specials: &[],
    edges: &[0.0, -87.0, -103.0],
    domain: (-20.0, 20.0),
    range: (0.0, 1.0),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Softmax = Softmax;
pub(crate) const FAST: SoftmaxFast = SoftmaxFast;

/// The row function; [`super::Rows`] runs it on each row.
#[derive(Clone, Copy)]
pub(crate) struct Softmax;

impl RowKernel for Softmax {
    #[inline(always)]
    fn row<V: Lanes, const U: usize, E: Elem>(self, io: Io<'_, E>, masked: MaskedRows) {
        softmax_row::<V, U, E, false>(io, masked);
    }
}

/// The Fast tier: `x - m` rounded and the Fast exponential
/// (`src/math/exp_fast.rs`); the same sum and scaling.
#[derive(Clone, Copy)]
pub(crate) struct SoftmaxFast;

impl RowKernel for SoftmaxFast {
    #[inline(always)]
    fn row<V: Lanes, const U: usize, E: Elem>(self, io: Io<'_, E>, masked: MaskedRows) {
        softmax_row::<V, U, E, true>(io, masked);
    }
}

#[inline(always)]
fn softmax_row<V: Lanes, const U: usize, E: Elem, const FAST: bool>(
    mut io: Io<'_, E>,
    masked: MaskedRows,
) {
    if io.input().len() <= V::Tail::LANES {
        return short_row::<V::Tail, E, FAST>(io, masked);
    }
    let Some(m) = row_max::<V, E>(&mut io, masked, 0.0) else {
        return;
    };
    let mut f = ExpShifted::<V, FAST, true> {
        m: V::splat(m),
        acc: Kahan::new(),
    };
    // The tail's missing lanes are -inf, so they add e^-inf = 0.
    if E::IS_F32 {
        map_partial_tail::<V, U, E>(io.reborrow(), f32::NEG_INFINITY, &mut f);
        let mut g = Unscale::new(&f);
        map_partial_tail::<V, U, E>(Io::InPlace(io.output()), 0.0, &mut g);
    } else {
        reduce_partial_tail::<V, U, E>(io.input(), f32::NEG_INFINITY, &mut f);
        let mut g = ExpTimes {
            u: Unscale::new(&f),
            e: ExpShifted::<V, FAST, true> {
                m: V::splat(m),
                acc: Kahan::new(),
            },
        };
        map_partial_tail::<V, U, E>(io, f32::NEG_INFINITY, &mut g);
    }
}

/// `e^(x - m) / sum` in one step (the third pass on a half format).
struct ExpTimes<V, const FAST: bool> {
    e: ExpShifted<V, FAST, true>,
    u: Unscale<V>,
}

impl<V: Lanes, const FAST: bool> Step<V> for ExpTimes<V, FAST> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        let w = self.e.step(x);
        self.u.step(w)
    }
}

/// A row that fits one register: the same steps with one load and one
/// store (three passes over memory cost more than the arithmetic here).
#[inline(always)]
fn short_row<T: Lanes, E: Elem, const FAST: bool>(mut io: Io<'_, E>, masked: MaskedRows) {
    let Some(m) = row_max::<T, E>(&mut io, masked, 0.0) else {
        return;
    };
    let mut f = ExpShifted::<T, FAST, true> {
        m: T::splat(m),
        acc: Kahan::new(),
    };
    // The missing lanes are -inf, so they add e^-inf = 0.
    let w = f.step(io.load_or::<T>(0, f32::NEG_INFINITY));
    let y = Unscale::new(&f).step(w);
    io.store(0, y);
}
