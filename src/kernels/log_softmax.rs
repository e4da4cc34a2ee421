//! Log-softmax over one row: `y_i = (x_i - max) - ln(sum_j e^(x_j - max))`.
//!
//! Three passes: the maximum; the sum of the shifted exponentials (a
//! per-lane Kahan sum combined in `f64`, read-only so that in place works);
//! then `y_i`. The sum is at least 1 (the maximum's own term), so its
//! log `L` is in `[0, ln n]`, taken by the log core from the `f64` sum split
//! into an `f32` and a relative correction. `x_i - max` is carried exactly
//! (TwoSum) and `L` subtracted from its high part before the low part is
//! added, so each output is within about one rounding of the exact value
//! in units of `max(|y_i|, 1)`; since `y_i <= -L`, the error of `L` itself
//! is at most half an ULP of `y_i`.
//!
//! A `-inf` element gives `-inf`; NaN or `+inf` in the row gives all NaN;
//! an all-`-inf` row gives all NaN, or all `-inf` with
//! [`MaskedRows::Zero`] (the log of its zero probabilities).

use super::drive::{map_partial_tail, reduce_partial_tail};
use super::element::Elem;
use super::kahan::Kahan;
use super::rowmax::row_max;
use super::shifted_exp::ExpShifted;
use super::{Io, RowKernel, Step};
use crate::lanes::Lanes;
use crate::math::log::log_ext;
use crate::math::twofold::two_sum;
use crate::precision::MaskedRows;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// Log-softmax of the whole slice: `output[i] = x_i - max - ln sum_j
/// e^(x_j - max)`, the logarithm of softmax without its underflow
/// (what a cross-entropy loss or a beam search wants).
///
/// Outputs are `<= 0` and their exponentials sum to 1 within 1e-5.
/// A `-inf` element gives `-inf`; any NaN or `+inf` makes every
/// output NaN; all `-inf` gives all NaN (all `-inf` with
/// [`crate::MaskedRows::Zero`]); an empty slice is `Ok`.
///
/// The bound is in ULP of `max(|y_i|, 1)` (so an absolute error below 1 in magnitude), the outputs' exponentials summing to 1 within 1e-5.
///
/// ```
/// let k = actkern::Kernels::detect();
/// let mut y = [0.0f32; 3];
/// k.log_softmax(&[1.0, 2.0, 3.0], &mut y)?;
/// let sum: f32 = y.iter().map(|v| v.exp()).sum();
/// assert!((sum - 1.0).abs() < 1e-5);
/// # Ok::<(), actkern::Error>(())
/// ```
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "log_softmax",
    aliases: &["logsoftmax"],
    kind: Kind::Rowwise,
    formula: "x_i - max - ln sum_j e^(x_j - max)",
    accurate: Tier::new(3.0, "max-rr2-p4-tf-kahan-log-p8-tf"),
    fast: Some(Tier::new(4.0, "max-rr2-p5-kahan-log-p8-tf")),
    specials: &[
        (NAN, NAN),
        (INF, NAN),
        (NINF, NAN),
        (0.0, 0.0),
        (-0.0, 0.0),
        (1e30, 0.0),
        (-1e30, 0.0),
        (f32::MAX, 0.0),
        (f32::MIN, 0.0),
    ],
    pair_specials: &[],
    edges: &[0.0, -87.0, -103.0, -1e6],
    domain: (-20.0, 20.0),
    range: (NINF, 0.0),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: LogSoftmax = LogSoftmax;
pub(crate) const FAST: LogSoftmaxFast = LogSoftmaxFast;

/// The row function; [`super::Rows`] runs it on each row.
#[derive(Clone, Copy)]
pub(crate) struct LogSoftmax;

impl RowKernel for LogSoftmax {
    #[inline(always)]
    fn row<V: Lanes, const U: usize, E: Elem>(self, io: Io<'_, E>, masked: MaskedRows) {
        log_softmax_row::<V, U, E, false>(io, masked);
    }
}

/// The Fast tier: the sum from the Fast exponential (its error moves `L`
/// by a few 2^-24, within the bound in units of `max(|y|, 1)`); the same
/// last pass.
#[derive(Clone, Copy)]
pub(crate) struct LogSoftmaxFast;

impl RowKernel for LogSoftmaxFast {
    #[inline(always)]
    fn row<V: Lanes, const U: usize, E: Elem>(self, io: Io<'_, E>, masked: MaskedRows) {
        log_softmax_row::<V, U, E, true>(io, masked);
    }
}

#[inline(always)]
fn log_softmax_row<V: Lanes, const U: usize, E: Elem, const FAST: bool>(
    mut io: Io<'_, E>,
    masked: MaskedRows,
) {
    if io.input().len() <= V::Tail::LANES {
        return short_row::<V::Tail, E, FAST>(io, masked);
    }
    let Some(m) = row_max::<V, E>(&mut io, masked, f32::NEG_INFINITY) else {
        return;
    };
    // At 2^64 (never subnormal): only the sum is kept.
    let mut f = ExpShifted::<V, FAST, true> {
        m: V::splat(m),
        acc: Kahan::new(),
    };
    reduce_partial_tail::<V, U, E>(io.input(), f32::NEG_INFINITY, &mut f);
    let l = log_sum(f.sum());
    map_partial_tail::<V, U, E>(
        io,
        0.0,
        &mut ShiftLog {
            m: V::splat(m),
            l: V::splat(l),
        },
    );
}

/// `L = ln(s)` from the sum `s >= 1` (in `f64`).
#[inline(always)]
pub(crate) fn log_sum(s: f64) -> f32 {
    let sh = s as f32;
    let eps = ((s - sh as f64) / sh as f64) as f32;
    // s >= 1, so L >= 0; this only guards the rounding of a sum of 1
    // (and lets a NaN sum through, unlike `max`).
    let l = log_ext::<f32>(sh, eps);
    if l < 0.0 { 0.0 } else { l }
}

/// A row that fits one register: the same steps with one load and one
/// store.
#[inline(always)]
fn short_row<T: Lanes, E: Elem, const FAST: bool>(mut io: Io<'_, E>, masked: MaskedRows) {
    let Some(m) = row_max::<T, E>(&mut io, masked, f32::NEG_INFINITY) else {
        return;
    };
    let mut f = ExpShifted::<T, FAST, true> {
        m: T::splat(m),
        acc: Kahan::new(),
    };
    // The missing lanes are -inf, so they add e^-inf = 0.
    let x = io.load_or::<T>(0, f32::NEG_INFINITY);
    f.step(x);
    let mut g = ShiftLog {
        m: T::splat(m),
        l: T::splat(log_sum(f.sum())),
    };
    let y = g.step(x);
    io.store(0, y);
}

/// `(x - m) - l`, with `x - m` as a two-float.
pub(crate) struct ShiftLog<V> {
    pub m: V,
    pub l: V,
}

impl<V: Lanes> Step<V> for ShiftLog<V> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        // Where x - m is not finite (a -inf element, an overflow, NaN or
        // +inf in the row) TwoSum would meet infinities: those lanes compute
        // on `m` and take `(x - m) - l` directly.
        let d = x - self.m;
        let finite = d.ge(V::splat(f32::MIN));
        let (dh, dl) = two_sum(V::select(finite, x, self.m), -self.m);
        V::select(finite, (dh - self.l) + dl, d - self.l)
    }
}
