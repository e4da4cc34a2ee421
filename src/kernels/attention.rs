//! Softmax and log-softmax of attention scores: the logits' transform
//! (scale, soft-cap, additive mask, causal mask, ALiBi) fused into the row
//! functions' passes, and the block step of tiled attention.
//!
//! - The transform is a [`Step`] that knows its column: the slice drivers
//!   call a step on consecutive vectors from the start of the row, so the
//!   step counts the columns itself and the drivers stay unchanged. Each
//!   pass applies it again (it is a few operations per element; the
//!   soft-cap's `tanh` is the costly one), so no logit is ever stored.
//! - The causal mask is a shorter row: the columns after `r + offset` are
//!   not read and get the zero of the function (0, or `-inf` in
//!   log-softmax), unless the whole row is masked (then
//!   [`MaskedRows`] decides).
//! - Every operation of the transform is one `f32` operation rounded once,
//!   in a fixed order, on every backend: `t = x * scale`, then
//!   `t = cap * tanh(t * (1 / cap))`, `t = t + mask`, `t = t + slope * d`
//!   with `d = c - r - offset` exact (checked below 2^24 by the caller).
//!   Without a soft-cap the logits are bit for bit those of the same
//!   operations done one by one, and the row function's bound applies to
//!   them.
//! - The sums and the exponential are the row functions' own
//!   (`shifted_exp.rs`, `kahan.rs`).

use super::drive::{map_partial_tail, reduce_partial_tail};
use super::element::Elem;
use super::kahan::Kahan;
use super::log_softmax::{ShiftLog, log_sum};
use super::rowmax::SumOf;
use super::shifted_exp::{ExpShifted, Unscale};
use super::{Io, Step, UnaryKernel, tanh};
use crate::lanes::{Job, Lanes};
use crate::precision::MaskedRows;

/// Lane indices, read as a vector (`V::LANES <= 64` on every backend).
static IOTA: [f32; 64] = {
    let mut a = [0.0f32; 64];
    let mut i = 0;
    while i < 64 {
        a[i] = i as f32;
        i += 1;
    }
    a
};

/// What is done to every score before the row function: the options,
/// validated by the caller (scale and cap finite and > 0, a mask of
/// `row_len` or of the buffer's length, ALiBi distances below 2^24).
#[derive(Clone, Copy)]
pub(crate) struct Logits<'a> {
    pub row_len: usize,
    pub stride: usize,
    pub scale: f32,
    /// `c` of `c * tanh(x / c)`; `None`: no soft-cap.
    pub cap: Option<f32>,
    /// Empty: no mask. `row_len` long: one row shared by every row; else
    /// one value per element of the buffer.
    pub mask: &'a [f32],
    /// `Some(offset)`: columns `c > r + offset` are masked in row `r`.
    pub causal: Option<usize>,
    /// The ALiBi slope (its distances use the causal offset, else 0).
    pub alibi: Option<f32>,
}

/// The transform of one row's scores, as a step over its columns.
struct Transform<'a, V> {
    scale: V,
    cap: Option<(V, V)>,
    mask: &'a [f32],
    /// ALiBi: the slope and `-(r + offset)`.
    alibi: Option<(V, f32)>,
    iota: V,
    /// The column of the next vector, and the row's (unmasked) length.
    col: usize,
    len: usize,
}

impl<'a, V: Lanes> Transform<'a, V> {
    #[inline(always)]
    fn new(l: &Logits<'a>, mask: &'a [f32], row: usize, len: usize) -> Self {
        let offset = l.causal.unwrap_or(0);
        Transform {
            scale: V::splat(l.scale),
            cap: l.cap.map(|c| (V::splat(c), V::splat(1.0 / c))),
            mask,
            // Exact: the caller checked `row + offset < 2^24`.
            alibi: l.alibi.map(|s| (V::splat(s), -((row + offset) as f32))),
            iota: V::load_or(&IOTA, 0.0),
            col: 0,
            len,
        }
    }

    /// The logits of the next vector of scores; lanes past the row's end
    /// are `-inf` (neutral in the maximum and the sums).
    #[inline(always)]
    fn apply<const FAST: bool>(&mut self, x: V) -> V {
        let mut t = x * self.scale;
        if let Some((c, inv)) = self.cap {
            let u = t * inv;
            let th = if FAST {
                tanh::FAST.eval(u)
            } else {
                tanh::ACCURATE.eval(u)
            };
            t = c * th;
        }
        if !self.mask.is_empty() {
            t = t + V::load_or(self.mask.get(self.col..).unwrap_or(&[]), 0.0);
        }
        if let Some((slope, base)) = self.alibi {
            // Both terms are integers below 2^24: the sum is exact.
            let d = V::splat(self.col as f32 + base) + self.iota;
            t = t + slope * d;
        }
        let left = self.len.saturating_sub(self.col);
        if left < V::LANES {
            t = V::select(
                self.iota.lt(V::splat(left as f32)),
                t,
                V::splat(f32::NEG_INFINITY),
            );
        }
        self.col += V::LANES;
        t
    }
}

/// The row's largest logit.
struct MaxOf<'a, V, const FAST: bool> {
    t: Transform<'a, V>,
    m: V,
}

impl<V: Lanes, const FAST: bool> Step<V> for MaxOf<'_, V, FAST> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        let t = self.t.apply::<FAST>(x);
        self.m = self.m.max(t);
        t
    }
}

/// `e^(t - m)` of the logits, summed (at `2^64` with `UP`, as the rows
/// keep them; a block's weights are the user's, at their own scale).
struct ExpOf<'a, V, const FAST: bool, const UP: bool = false> {
    t: Transform<'a, V>,
    e: ExpShifted<V, FAST, UP>,
}

impl<V: Lanes, const FAST: bool, const UP: bool> Step<V> for ExpOf<'_, V, FAST, UP> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        let t = self.t.apply::<FAST>(x);
        self.e.step(t)
    }
}

/// `e^(t - m) / sum` (the last pass on a half format).
struct ExpTimesOf<'a, V, const FAST: bool> {
    e: ExpOf<'a, V, FAST, true>,
    u: Unscale<V>,
}

impl<V: Lanes, const FAST: bool> Step<V> for ExpTimesOf<'_, V, FAST> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        let w = self.e.step(x);
        self.u.step(w)
    }
}

/// `(t - m) - ln sum` (log-softmax's last pass).
struct ShiftLogOf<'a, V, const FAST: bool> {
    t: Transform<'a, V>,
    s: ShiftLog<V>,
}

impl<V: Lanes, const FAST: bool> Step<V> for ShiftLogOf<'_, V, FAST> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        let t = self.t.apply::<FAST>(x);
        self.s.step(t)
    }
}

/// The largest logit of `io`'s input.
#[inline(always)]
fn max_of<V: Lanes, const U: usize, E: Elem, const FAST: bool>(
    x: &[E],
    t: Transform<'_, V>,
) -> f32 {
    let mut s = MaxOf::<V, FAST> {
        t,
        m: V::splat(f32::NEG_INFINITY),
    };
    reduce_partial_tail::<V, U, E>(x, f32::NEG_INFINITY, &mut s);
    s.m.reduce_max()
}

/// Whether the logits of `x` hold a NaN, for a maximum that came out
/// `-inf` (lane `max` may lose a NaN: see [`SumOf`]). A rare path.
#[inline(always)]
fn has_nan<V: Lanes, E: Elem, const FAST: bool>(x: &[E], mut t: Transform<'_, V>) -> bool {
    let mut s = SumOf(V::splat(f32::NEG_INFINITY));
    let mut both = Both::<V, _, FAST>(&mut t, &mut s);
    reduce_partial_tail::<V, 1, E>(x, f32::NEG_INFINITY, &mut both);
    s.has_nan()
}

/// The logits fed to a second step.
struct Both<'a, 'b, V, S, const FAST: bool>(&'a mut Transform<'b, V>, &'a mut S);

impl<V: Lanes, S: Step<V>, const FAST: bool> Step<V> for Both<'_, '_, V, S, FAST> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        let t = self.0.apply::<FAST>(x);
        self.1.step(t)
    }
}

/// The job: softmax (`LOG`: log-softmax) of every row of `io` under
/// `logits`; `io` holds whole rows at `stride` (checked by the caller).
pub(crate) struct RowsJob<'a, E, const LOG: bool, const FAST: bool> {
    pub io: Option<Io<'a, E>>,
    pub logits: &'a Logits<'a>,
    pub masked: MaskedRows,
}

impl<E: Elem, const LOG: bool, const FAST: bool> Job for RowsJob<'_, E, LOG, FAST> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(self) {
        let RowsJob { io, logits, masked } = self;
        let Some(mut io) = io else { return };
        let l = *logits;
        if l.row_len == 0 || l.stride < l.row_len {
            return;
        }
        let shared = l.mask.len() == l.row_len;
        let (mut r, mut at) = (0usize, 0usize);
        while let Some(row) = io.range(at, l.row_len) {
            let mask = if l.mask.is_empty() || shared {
                l.mask
            } else {
                l.mask.get(at..at + l.row_len).unwrap_or(&[])
            };
            let valid = match l.causal {
                Some(o) => r.saturating_add(o).saturating_add(1).min(l.row_len),
                None => l.row_len,
            };
            // Short rows on `V`, as in `RowJob::run`.
            if V::Rows::LANES > V::LANES && l.row_len < V::Rows::LANES {
                row_fn::<V, U, E, LOG, FAST>(row, &l, mask, r, valid, masked);
            } else {
                row_fn::<V::Rows, U, E, LOG, FAST>(row, &l, mask, r, valid, masked);
            }
            r += 1;
            at += l.stride;
        }
    }
}

/// One row: its first `valid` columns are computed, the rest masked. On
/// a half format the logits are computed again in each pass (the format
/// cannot hold them without a rounding).
#[inline(always)]
fn row_fn<V: Lanes, const U: usize, E: Elem, const LOG: bool, const FAST: bool>(
    mut io: Io<'_, E>,
    l: &Logits<'_>,
    mask: &[f32],
    r: usize,
    valid: usize,
    masked: MaskedRows,
) {
    if E::IS_F32 {
        return row_f32::<V, U, E, LOG, FAST>(io, l, mask, r, valid, masked);
    }
    let zero = if LOG { f32::NEG_INFINITY } else { 0.0 };
    // Built anew for each pass (no closure: it could be compiled out of
    // line, without the entry's target features).
    let mut m = match io.range(0, valid) {
        Some(head) => max_of::<V, U, E, FAST>(head.input(), Transform::new(l, mask, r, valid)),
        None => f32::NEG_INFINITY,
    };
    // A NaN lost by `max` (see [`SumOf`]) makes the row NaN, not fully
    // masked: its masked columns stay `zero` under either policy.
    if m == f32::NEG_INFINITY
        && io.range(0, valid).is_some_and(|head| {
            has_nan::<V, E, FAST>(head.input(), Transform::new(l, mask, r, valid))
        })
    {
        m = f32::NAN;
    }
    if m == f32::NEG_INFINITY {
        // Fully masked: NaN as the formula gives (e^(-inf - (-inf))), or zeros.
        let fill = match masked {
            MaskedRows::Zero => zero,
            _ => f32::NAN,
        };
        E::fill(io.output(), fill);
        return;
    }
    if let Some(rest) = io.output().get_mut(valid..) {
        E::fill(rest, zero);
    }
    let Some(head) = io.range(0, valid) else {
        return;
    };
    let mut e = ExpOf::<V, FAST, true> {
        t: Transform::new(l, mask, r, valid),
        e: ExpShifted {
            m: V::splat(m),
            acc: Kahan::new(),
        },
    };
    if LOG {
        reduce_partial_tail::<V, U, E>(head.input(), f32::NEG_INFINITY, &mut e);
        let ls = log_sum(e.e.sum());
        let mut s = ShiftLogOf::<V, FAST> {
            t: Transform::new(l, mask, r, valid),
            s: ShiftLog {
                m: V::splat(m),
                l: V::splat(ls),
            },
        };
        map_partial_tail::<V, U, E>(head, f32::NEG_INFINITY, &mut s);
    } else {
        // A half format cannot hold the exponentials between passes
        // without a second rounding: sum, then compute them again.
        reduce_partial_tail::<V, U, E>(head.input(), f32::NEG_INFINITY, &mut e);
        let mut g = ExpTimesOf::<V, FAST> {
            u: Unscale::new(&e.e),
            e: ExpOf {
                t: Transform::new(l, mask, r, valid),
                e: ExpShifted {
                    m: V::splat(m),
                    acc: Kahan::new(),
                },
            },
        };
        map_partial_tail::<V, U, E>(head, f32::NEG_INFINITY, &mut g);
    }
}

/// [`row_fn`] on `f32`: the first pass stores the logits in the output,
/// which the plain row passes then take in place (the scores and the mask
/// are read once).
#[inline(always)]
fn row_f32<V: Lanes, const U: usize, E: Elem, const LOG: bool, const FAST: bool>(
    mut io: Io<'_, E>,
    l: &Logits<'_>,
    mask: &[f32],
    r: usize,
    valid: usize,
    masked: MaskedRows,
) {
    let zero = if LOG { f32::NEG_INFINITY } else { 0.0 };
    let mut m = match io.range(0, valid) {
        Some(head) => {
            let mut s = MaxOf::<V, FAST> {
                t: Transform::new(l, mask, r, valid),
                m: V::splat(f32::NEG_INFINITY),
            };
            map_partial_tail::<V, U, E>(head, f32::NEG_INFINITY, &mut s);
            s.m.reduce_max()
        }
        None => f32::NEG_INFINITY,
    };
    if m == f32::NEG_INFINITY {
        // The logits are in the output: a NaN among them (lost by `max`)
        // makes the row NaN, not fully masked, under either policy.
        let mut s = SumOf(V::splat(f32::NEG_INFINITY));
        if let Some(t) = io.output().get(..valid) {
            reduce_partial_tail::<V, 1, E>(t, f32::NEG_INFINITY, &mut s);
        }
        if s.has_nan() {
            m = f32::NAN;
        }
    }
    if m == f32::NEG_INFINITY {
        let fill = match masked {
            MaskedRows::Zero => zero,
            _ => f32::NAN,
        };
        E::fill(io.output(), fill);
        return;
    }
    if let Some(rest) = io.output().get_mut(valid..) {
        E::fill(rest, zero);
    }
    let Some(t) = io.output().get_mut(..valid) else {
        return;
    };
    let mut e = ExpShifted::<V, FAST, true> {
        m: V::splat(m),
        acc: Kahan::new(),
    };
    if LOG {
        reduce_partial_tail::<V, U, E>(t, f32::NEG_INFINITY, &mut e);
        let mut s = ShiftLog {
            m: V::splat(m),
            l: V::splat(log_sum(e.sum())),
        };
        map_partial_tail::<V, U, E>(Io::InPlace(t), f32::NEG_INFINITY, &mut s);
    } else {
        map_partial_tail::<V, U, E>(Io::InPlace(t), f32::NEG_INFINITY, &mut e);
        let mut g = Unscale::new(&e);
        map_partial_tail::<V, U, E>(Io::InPlace(t), 0.0, &mut g);
    }
}

/// What a block step reads and returns: the running maximum before, the
/// new one and the block's sum of `e^(t - m)` after.
#[derive(Clone, Copy, Default)]
pub(crate) struct BlockSums {
    pub max: f32,
    pub sum: f64,
}

/// The job of one block of tiled attention: `out = e^(t - m)` with `m` the
/// larger of `running_max` and the block's largest logit (scale and cap
/// only); the new maximum and the block's sum go to `result`.
pub(crate) struct BlockJob<'a, E, const FAST: bool> {
    pub io: Option<Io<'a, E>>,
    pub logits: &'a Logits<'a>,
    pub running_max: f32,
    pub result: &'a mut BlockSums,
}

impl<E: Elem, const FAST: bool> Job for BlockJob<'_, E, FAST> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(self) {
        // Short blocks on `V`, as rows in `RowJob::run`.
        let n = self.io.as_ref().map_or(0, |io| io.input().len());
        if V::Rows::LANES > V::LANES && n < V::Rows::LANES {
            block::<V, U, E, FAST>(self);
        } else {
            block::<V::Rows, U, E, FAST>(self);
        }
    }
}

/// [`BlockJob`]'s work, on the row functions' vector ([`Lanes::Rows`]).
#[inline(always)]
fn block<V: Lanes, const U: usize, E: Elem, const FAST: bool>(job: BlockJob<'_, E, FAST>) {
    let BlockJob {
        io,
        logits,
        running_max,
        result,
    } = job;
    let Some(mut io) = io else { return };
    let n = io.input().len();
    let bm = max_of::<V, U, E, FAST>(io.input(), Transform::new(logits, &[], 0, n));
    // NaN-tolerant as the row maximum: a NaN logit makes the sums NaN.
    let mut m = if running_max > bm { running_max } else { bm };
    if m == f32::NEG_INFINITY
        && has_nan::<V, E, FAST>(io.input(), Transform::new(logits, &[], 0, n))
    {
        // A NaN lost by `max`: NaN weights and sum, as a NaN maximum gives.
        m = f32::NAN;
    }
    if m == f32::NEG_INFINITY {
        // Nothing seen yet but -inf: zero weights, not e^(-inf - (-inf)).
        E::fill(io.output(), 0.0);
        *result = BlockSums { max: m, sum: 0.0 };
        return;
    }
    let mut e = ExpOf::<V, FAST> {
        t: Transform::new(logits, &[], 0, n),
        e: ExpShifted {
            m: V::splat(m),
            acc: Kahan::new(),
        },
    };
    map_partial_tail::<V, U, E>(io, f32::NEG_INFINITY, &mut e);
    *result = BlockSums {
        max: m,
        sum: e.e.acc.total(),
    };
}

/// `e^(a - b)` for `a <= b` (or `-inf`), with `a - b` carried exactly:
/// the factor that moves sums taken against the maximum `a` to `b`.
#[inline]
pub(crate) fn rescale(a: f32, b: f32) -> f32 {
    if a == b {
        // Also -inf == -inf: nothing to rescale.
        return 1.0;
    }
    let mut e = ExpShifted::<f32, false> {
        m: b,
        acc: Kahan::new(),
    };
    e.step(a)
}

/// `m + ln(s)`, the log-sum-exp of a state with maximum `m` and sum `s >= 1`
/// against it (`-inf` for an empty one).
#[inline]
pub(crate) fn log_sum_exp(m: f32, s: f64) -> f32 {
    if m == f32::NEG_INFINITY || s.is_nan() {
        return if s.is_nan() { f32::NAN } else { m };
    }
    m + log_sum(s)
}
