//! Attention: softmax and log-softmax rows under [`RowOptions`] (scale,
//! soft-cap, mask, causal mask, ALiBi, row stride), and the running
//! [`SoftmaxState`] of tiled attention with [`Kernels::softmax_block`].
//! The kernels are in `kernels/attention.rs`; this file checks the options
//! and picks the entry.

use crate::dispatch::{Kernels, Tiers, entries};
use crate::error::{Error, check_buffer, check_lengths};
use crate::kernels::Io;
use crate::kernels::attention::{BlockJob, BlockSums, Logits, RowsJob, log_sum_exp, rescale};
use crate::kernels::element::Elem;
use crate::kernels::element::{AnySlice, AnySliceMut, Element, Formats};
#[cfg(feature = "half")]
use half::{bf16, f16};

/// How [`Kernels::softmax_rows_with`] and [`Kernels::log_softmax_rows_with`]
/// turn a buffer of attention scores into logits, row by row, before the
/// row function: with `x` the score in row `r`, column `c`,
///
/// 1. `t = x * scale` ([`RowOptions::scale`], default 1);
/// 2. `t = cap * tanh(t / cap)` ([`RowOptions::softcap`], Gemma 2's
///    soft-capping; none by default);
/// 3. `t = t + mask` ([`RowOptions::mask`]: `row_len` values shared by
///    every row, or one per element of the buffer; `-inf` masks);
/// 4. `t = t + slope * (c - r - offset)` ([`RowOptions::alibi`]);
/// 5. columns `c > r + offset` are masked ([`RowOptions::causal`]): they
///    get the function's zero (0, or `-inf` for log-softmax) and are not
///    read.
///
/// All in one call, each element read and written by the row function's
/// own passes: no temporary buffer, no extra pass. Each step is one `f32`
/// operation rounded once, the same on every backend and target, so
/// without a soft-cap the results are those of the row function on the
/// logits of steps 1–4 (its bound applies to them). The soft-cap's `tanh`
/// (of the handle's tier, bound `b`) leaves each logit within `(b + 2)`
/// ULP of its magnitude, so outputs may be off by up to `2 (b + 2) (|t_i| +
/// |max| + cap)` ULP more (log-softmax: `(b + 2) (|t_i| + |max| + cap)` in
/// its units): small caps keep it small. A row left with no finite logit (every column masked)
/// gives what [`Kernels::with_masked_rows`] says: NaN by default, zeros
/// (`-inf` for log-softmax) with [`crate::MaskedRows::Zero`].
///
/// The options are checked when they are used, before anything is written.
///
/// ```
/// use actkern::{Kernels, RowOptions};
/// // Two query rows over three keys, scaled by 1/sqrt(d), causal: row 0
/// // sees key 0 (offset 0), row 1 keys 0 and 1.
/// let scores = [1.0f32, 2.0, 3.0, 1.0, 2.0, 3.0];
/// let mut p = [0.0f32; 6];
/// let opts = RowOptions::new(3).scale(0.5).causal(0);
/// Kernels::detect().softmax_rows_with(&opts, &scores, &mut p)?;
/// assert_eq!(p[..3], [1.0, 0.0, 0.0]);
/// assert!((p[3] - 1.0 / (1.0 + 0.5f32.exp())).abs() < 1e-6);
/// assert_eq!(p[5], 0.0);
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowOptions<'a> {
    row_len: usize,
    stride: Option<usize>,
    scale: f32,
    softcap: Option<f32>,
    mask: Option<&'a [f32]>,
    causal: Option<usize>,
    alibi: Option<f32>,
}

impl<'a> RowOptions<'a> {
    /// Rows of `row_len` scores, stored one after the other, no transform.
    pub const fn new(row_len: usize) -> Self {
        RowOptions {
            row_len,
            stride: None,
            scale: 1.0,
            softcap: None,
            mask: None,
            causal: None,
            alibi: None,
        }
    }

    /// Multiply every score by `s` first (e.g. `1 / sqrt(head_dim)`); `s`
    /// must be finite and `> 0`.
    #[must_use]
    pub const fn scale(self, s: f32) -> Self {
        RowOptions { scale: s, ..self }
    }

    /// Then `cap * tanh(t / cap)`; `cap` must be finite and `> 0`.
    #[must_use]
    pub const fn softcap(self, cap: f32) -> Self {
        RowOptions {
            softcap: Some(cap),
            ..self
        }
    }

    /// Then add `mask`: `row_len` values (the same for every row) or one
    /// per element of the buffer (laid out as the buffer, stride
    /// included); `-inf` masks an element. Any other length is
    /// [`Error::BufferLength`].
    #[must_use]
    pub const fn mask(self, mask: &'a [f32]) -> Self {
        RowOptions {
            mask: Some(mask),
            ..self
        }
    }

    /// In row `r`, mask the columns `c > r + offset` (a query at position
    /// `r + offset` of the keys sees keys `0..=r + offset`; `offset` is
    /// usually `keys - queries`).
    #[must_use]
    pub const fn causal(self, offset: usize) -> Self {
        RowOptions {
            causal: Some(offset),
            ..self
        }
    }

    /// Add the ALiBi bias `slope * (c - r - offset)` (offset as given to
    /// [`RowOptions::causal`], else 0); `slope` must be finite, and the
    /// distances below 2^24 in magnitude (they are exact in `f32`).
    #[must_use]
    pub const fn alibi(self, slope: f32) -> Self {
        RowOptions {
            alibi: Some(slope),
            ..self
        }
    }

    /// Rows start every `stride` elements (`stride >= row_len`; e.g. 516
    /// floats per row of which 512 are scores). The elements between rows
    /// are neither read nor written. The buffer holds whole strides, or
    /// whole strides and a last row without its padding.
    #[must_use]
    pub const fn stride(self, stride: usize) -> Self {
        RowOptions {
            stride: Some(stride),
            ..self
        }
    }

    /// The row length.
    pub const fn row_len(&self) -> usize {
        self.row_len
    }

    /// The options for a buffer of `len` elements, checked.
    fn logits(&self, len: usize) -> Result<Logits<'a>, Error> {
        let row_len = self.row_len;
        let stride = self.stride.unwrap_or(row_len);
        if row_len == 0 {
            return Err(Error::RowLength { len, row_len });
        }
        if stride < row_len {
            return Err(Error::InvalidParameter {
                name: "stride",
                value: stride as f32,
                expected: ">= row_len",
            });
        }
        let whole = len.is_multiple_of(stride);
        let last_short = len >= row_len && (len - row_len).is_multiple_of(stride);
        if !(whole || last_short) {
            return Err(if stride == row_len {
                Error::RowLength { len, row_len }
            } else {
                Error::InvalidParameter {
                    name: "stride",
                    value: stride as f32,
                    expected: "such that the buffer holds whole rows: a multiple of stride, or that plus row_len",
                }
            });
        }
        positive("scale", self.scale)?;
        if let Some(c) = self.softcap {
            positive("softcap", c)?;
        }
        let mask = self.mask.unwrap_or(&[]);
        if self.mask.is_some() && mask.len() != len {
            check_buffer("mask", mask.len(), row_len)?;
        }
        if let Some(s) = self.alibi {
            let rows = if whole {
                len / stride
            } else {
                len.div_ceil(stride)
            };
            let far = rows
                .checked_add(row_len)
                .and_then(|d| d.checked_add(self.causal.unwrap_or(0)));
            if !s.is_finite() || far.is_none_or(|d| d > 1 << 24) {
                return Err(Error::InvalidParameter {
                    name: "alibi",
                    value: s,
                    expected: "finite, with rows + row_len + offset <= 2^24",
                });
            }
        }
        Ok(Logits {
            row_len,
            stride,
            scale: self.scale,
            cap: self.softcap,
            mask,
            causal: self.causal,
            alibi: self.alibi,
        })
    }
}

/// `Ok` if `v` is finite and `> 0`.
fn positive(name: &'static str, v: f32) -> Result<(), Error> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name,
            value: v,
            expected: "finite and > 0",
        })
    }
}

/// The running maximum and sum of one row of scores seen block by block
/// (flash-style tiled attention): what [`Kernels::softmax_block`] updates.
///
/// After the last block, the row's softmax is each block's output times
/// the factors returned by the calls after it, divided by
/// [`SoftmaxState::sum`]. Two states of parts of a row merge into the
/// state of the whole row ([`SoftmaxState::merge`]), so a row can be split
/// across threads.
///
/// ```
/// use actkern::{Kernels, SoftmaxState};
/// let k = Kernels::detect();
/// let row = [0.5f32, 3.0, -1.0, 2.0, 7.0, 0.0];
/// let mut st = SoftmaxState::new();
/// let (mut a, mut b) = ([0.0f32; 3], [0.0f32; 3]);
/// k.softmax_block(&mut st, &row[..3], &mut a)?;
/// let f = k.softmax_block(&mut st, &row[3..], &mut b)?; // the maximum moved: 3 -> 7
/// let p: Vec<f32> = a.iter().map(|v| v * f).chain(b).map(|v| v / st.sum()).collect();
/// let mut want = [0.0f32; 6];
/// k.softmax(&row, &mut want)?;
/// for (p, w) in p.iter().zip(want) {
///     assert!((p - w).abs() <= 4.0 * f32::EPSILON * w);
/// }
/// assert_eq!(st.max(), 7.0);
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoftmaxState {
    max: f32,
    /// In `f64`: rescaled and added to once per block, it keeps the
    /// compensated sums' accuracy.
    sum: f64,
}

impl Default for SoftmaxState {
    fn default() -> Self {
        SoftmaxState::new()
    }
}

impl SoftmaxState {
    /// The state of an empty row: maximum `-inf`, sum 0.
    pub const fn new() -> Self {
        SoftmaxState {
            max: f32::NEG_INFINITY,
            sum: 0.0,
        }
    }

    /// The largest logit seen (`-inf` before any finite one).
    pub fn max(&self) -> f32 {
        self.max
    }

    /// `sum_i e^(t_i - max)` over the logits seen (0 before any finite one).
    pub fn sum(&self) -> f32 {
        self.sum as f32
    }

    /// `ln sum_i e^(t_i) = max + ln sum`: the row's log-normaliser
    /// (log-softmax is `t_i` minus it); `-inf` for an empty state.
    ///
    /// ```
    /// use actkern::{Kernels, SoftmaxState};
    /// let mut st = SoftmaxState::new();
    /// let mut out = [0.0f32; 2];
    /// Kernels::detect().softmax_block(&mut st, &[0.0, 0.0], &mut out)?;
    /// assert!((st.log_sum_exp() - 2f32.ln()).abs() < 1e-6);
    /// assert_eq!(SoftmaxState::new().log_sum_exp(), f32::NEG_INFINITY);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    pub fn log_sum_exp(&self) -> f32 {
        log_sum_exp(self.max, self.sum)
    }

    /// The state of the concatenation of the two parts of a row whose
    /// states are `self` and `other` (in either order).
    ///
    /// ```
    /// use actkern::{Kernels, SoftmaxState};
    /// let k = Kernels::detect();
    /// let row = [1.0f32, 5.0, 2.0, -3.0];
    /// let (mut a, mut b, mut all) = (SoftmaxState::new(), SoftmaxState::new(), SoftmaxState::new());
    /// let mut out = [0.0f32; 4];
    /// k.softmax_block(&mut a, &row[..2], &mut out[..2])?;
    /// k.softmax_block(&mut b, &row[2..], &mut out[2..])?;
    /// k.softmax_block(&mut all, &row, &mut out)?;
    /// let m = a.merge(&b);
    /// assert_eq!(m.max(), all.max());
    /// assert!((m.sum() - all.sum()).abs() <= 2.0 * f32::EPSILON * all.sum());
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[must_use]
    pub fn merge(&self, other: &SoftmaxState) -> SoftmaxState {
        let max = if self.max.is_nan() || other.max.is_nan() {
            f32::NAN
        } else {
            self.max.max(other.max)
        };
        if max == f32::NEG_INFINITY {
            return SoftmaxState::new();
        }
        let part = |s: &SoftmaxState| s.sum * rescale(s.max, max) as f64;
        SoftmaxState {
            max,
            sum: part(self) + part(other),
        }
    }
}

/// A row function's entry: the options, the input (`None`: in place) and
/// the output.
type RowsEntry = for<'a> fn(Kernels, &'a Logits<'a>, Option<AnySlice<'a>>, AnySliceMut<'a>);
/// The block step's entry: the options, scores, output, the running
/// maximum before, and where the new maximum and the block's sum go.
type BlockEntry =
    for<'a> fn(Kernels, &'a Logits<'a>, AnySlice<'a>, AnySliceMut<'a>, f32, &'a mut BlockSums);

impl<'a, E: Elem, const LOG: bool, const FAST: bool> RowsJob<'a, E, LOG, FAST> {
    #[inline(always)]
    fn new(
        k: Kernels,
        logits: &'a Logits<'a>,
        input: Option<AnySlice<'a>>,
        output: AnySliceMut<'a>,
    ) -> Self {
        let io = match input {
            Some(i) => Io::out(i, output),
            None => Io::in_place(output),
        };
        RowsJob {
            io,
            logits,
            masked: k.masked_rows(),
        }
    }
}

/// The Accurate and Fast entries of a row function on element type `$e`.
macro_rules! rows_tiers {
    ($e:ty, $log:literal) => {
        [
            entries!(fn(k, l: &Logits<'_>, i: Option<AnySlice<'_>>, o: AnySliceMut<'_>)
                RowsJob::<$e, $log, false>::new(k, l, i, o)),
            entries!(fn(k, l: &Logits<'_>, i: Option<AnySlice<'_>>, o: AnySliceMut<'_>)
                RowsJob::<$e, $log, true>::new(k, l, i, o)),
        ]
    };
}

/// The block step's entries on element type `$e`.
macro_rules! block_tiers {
    ($e:ty) => {
        [
            entries!(fn(k, l: &Logits<'_>, i: AnySlice<'_>, o: AnySliceMut<'_>, m: f32, r: &mut BlockSums)
                BlockJob::<$e, false> { io: Io::out(i, o), logits: l, running_max: m, result: r }),
            entries!(fn(k, l: &Logits<'_>, i: AnySlice<'_>, o: AnySliceMut<'_>, m: f32, r: &mut BlockSums)
                BlockJob::<$e, true> { io: Io::out(i, o), logits: l, running_max: m, result: r }),
        ]
    };
}

const SOFTMAX_WITH: Formats<Tiers<RowsEntry>> = Formats {
    f32: rows_tiers!(f32, false),
    #[cfg(feature = "half")]
    f16: rows_tiers!(f16, false),
    #[cfg(feature = "half")]
    bf16: rows_tiers!(bf16, false),
};

const LOG_SOFTMAX_WITH: Formats<Tiers<RowsEntry>> = Formats {
    f32: rows_tiers!(f32, true),
    #[cfg(feature = "half")]
    f16: rows_tiers!(f16, true),
    #[cfg(feature = "half")]
    bf16: rows_tiers!(bf16, true),
};

const BLOCK: Formats<Tiers<BlockEntry>> = Formats {
    f32: block_tiers!(f32),
    #[cfg(feature = "half")]
    f16: block_tiers!(f16),
    #[cfg(feature = "half")]
    bf16: block_tiers!(bf16),
};

/// Attention rows and tiled attention.
impl Kernels {
    /// Softmax of each row of `input` under `opts` (scale, soft-cap, mask,
    /// causal mask, ALiBi, stride: see [`RowOptions`]) into `output`:
    /// [`Kernels::softmax_rows`] on the logits, in one call.
    ///
    /// Error bound: that of [`Kernels::softmax_rows`] on the logits as
    /// [`RowOptions`] computes them (in ULP of each output plus
    /// `|t_i - max|`); with a soft-cap, plus its allowance (see
    /// [`RowOptions`]).
    ///
    /// # Errors
    /// Nothing is written on error.
    /// - [`Error::LengthMismatch`] if `input.len() != output.len()`;
    /// - [`Error::BufferLength`] if the mask is neither `row_len` nor
    ///   `input.len()` long;
    /// - [`Error::RowLength`] if the buffer does not hold whole rows (or
    ///   `row_len` is 0);
    /// - [`Error::InvalidParameter`] for a scale or cap that is not finite
    ///   and `> 0`, a stride below `row_len` or that the buffer does not
    ///   fit, a slope that is not finite or distances of 2^24 or more.
    ///
    /// ```
    /// use actkern::{Kernels, RowOptions};
    /// let k = Kernels::detect();
    /// // A padding mask shared by both rows: the last key is padding.
    /// let mask = [0.0f32, 0.0, f32::NEG_INFINITY];
    /// let opts = RowOptions::new(3).mask(&mask).softcap(30.0);
    /// let x = [2.0f32, 2.0, 9.0, -1.0, 1.0, 5.0];
    /// let mut y = [0.0f32; 6];
    /// k.softmax_rows_with(&opts, &x, &mut y)?;
    /// assert_eq!([y[0], y[1], y[2]], [0.5, 0.5, 0.0]);
    /// let bad = RowOptions::new(3).scale(-1.0);
    /// assert!(k.softmax_rows_with(&bad, &x, &mut y).is_err());
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[inline]
    pub fn softmax_rows_with<E: Element>(
        &self,
        opts: &RowOptions<'_>,
        input: &[E],
        output: &mut [E],
    ) -> Result<(), Error> {
        check_lengths(input, output)?;
        let l = opts.logits(input.len())?;
        (self.entry(E::pick(&SOFTMAX_WITH)))(*self, &l, Some(E::any(input)), E::any_mut(output));
        Ok(())
    }

    /// In-place [`Kernels::softmax_rows_with`]: the same results, bit for
    /// bit.
    ///
    /// # Errors
    /// As [`Kernels::softmax_rows_with`]; `data` is then left untouched.
    ///
    /// ```
    /// use actkern::{Kernels, RowOptions};
    /// let mut s = [1.0f32, 2.0, 3.0, 4.0];
    /// Kernels::detect().softmax_rows_with_inplace(&RowOptions::new(2).alibi(-0.5), &mut s)?;
    /// assert!((s[0] + s[1] - 1.0).abs() < 1e-6);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[inline]
    pub fn softmax_rows_with_inplace<E: Element>(
        &self,
        opts: &RowOptions<'_>,
        data: &mut [E],
    ) -> Result<(), Error> {
        let l = opts.logits(data.len())?;
        (self.entry(E::pick(&SOFTMAX_WITH)))(*self, &l, None, E::any_mut(data));
        Ok(())
    }

    /// Log-softmax of each row of `input` under `opts` (see
    /// [`RowOptions`]) into `output`: [`Kernels::log_softmax_rows`] on the
    /// logits, in one call; masked columns give `-inf`.
    ///
    /// Error bound: that of [`Kernels::log_softmax_rows`] on the logits as
    /// [`RowOptions`] computes them; with a soft-cap, plus its allowance
    /// (see [`RowOptions`]).
    ///
    /// # Errors
    /// As [`Kernels::softmax_rows_with`].
    ///
    /// ```
    /// use actkern::{Kernels, RowOptions};
    /// let mut y = [0.0f32; 4];
    /// Kernels::detect().log_softmax_rows_with(&RowOptions::new(2).causal(0), &[1.0, 2.0, 1.0, 2.0], &mut y)?;
    /// assert_eq!([y[0], y[1]], [0.0, f32::NEG_INFINITY]);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[inline]
    pub fn log_softmax_rows_with<E: Element>(
        &self,
        opts: &RowOptions<'_>,
        input: &[E],
        output: &mut [E],
    ) -> Result<(), Error> {
        check_lengths(input, output)?;
        let l = opts.logits(input.len())?;
        (self.entry(E::pick(&LOG_SOFTMAX_WITH)))(
            *self,
            &l,
            Some(E::any(input)),
            E::any_mut(output),
        );
        Ok(())
    }

    /// In-place [`Kernels::log_softmax_rows_with`]: the same results, bit
    /// for bit.
    ///
    /// # Errors
    /// As [`Kernels::softmax_rows_with`]; `data` is then left untouched.
    #[inline]
    pub fn log_softmax_rows_with_inplace<E: Element>(
        &self,
        opts: &RowOptions<'_>,
        data: &mut [E],
    ) -> Result<(), Error> {
        let l = opts.logits(data.len())?;
        (self.entry(E::pick(&LOG_SOFTMAX_WITH)))(*self, &l, None, E::any_mut(data));
        Ok(())
    }

    /// One block of a row of scores, for tiled (flash-style) attention:
    /// writes `out[i] = e^(scores[i] - m)` with `m` the new running
    /// maximum (the larger of `state.max()` and the block's), updates
    /// `state`, and returns the factor `e^(m_old - m)` by which the caller
    /// rescales what it accumulated from earlier blocks (1 when the
    /// maximum did not move, 0 when nothing came before).
    ///
    /// Error bound: after the last block, each output times the factors
    /// returned after its block, divided by [`SoftmaxState::sum`], is the
    /// row's softmax within the bound of [`Kernels::softmax`] plus 2 ULP per
    /// factor other than 1 it was multiplied by (one rounding of the
    /// product and the factor's own error). A block of only `-inf` before
    /// any finite score gives zeros.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] if `scores.len() != out.len()`; nothing is
    /// written, `state` is unchanged.
    ///
    /// ```
    /// use actkern::{Kernels, SoftmaxState};
    /// let k = Kernels::detect();
    /// let scores = [0.0f32; 8];
    /// let mut st = SoftmaxState::new();
    /// let mut w = [0.0f32; 4];
    /// assert_eq!(k.softmax_block(&mut st, &scores[..4], &mut w)?, 0.0); // nothing before
    /// assert_eq!(k.softmax_block(&mut st, &scores[4..], &mut w)?, 1.0); // same maximum
    /// assert_eq!((st.max(), st.sum()), (0.0, 8.0));
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[inline]
    pub fn softmax_block<E: Element>(
        &self,
        state: &mut SoftmaxState,
        scores: &[E],
        out: &mut [E],
    ) -> Result<f32, Error> {
        self.softmax_block_with(1.0, None, state, scores, out)
    }

    /// [`Kernels::softmax_block`] on the logits `scores * scale`, then
    /// soft-capped (`cap * tanh(t / cap)`) if `softcap` is given, as
    /// [`RowOptions`] computes them.
    ///
    /// # Errors
    /// As [`Kernels::softmax_block`]; [`Error::InvalidParameter`] for a
    /// scale or cap that is not finite and `> 0`.
    ///
    /// ```
    /// use actkern::{Kernels, SoftmaxState};
    /// let mut st = SoftmaxState::new();
    /// let mut w = [0.0f32; 2];
    /// Kernels::detect().softmax_block_with(0.125, Some(50.0), &mut st, &[8.0, 8.0], &mut w)?;
    /// assert!((st.max() - 50.0 * (1.0f32 / 50.0).tanh()).abs() < 1e-6);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[inline]
    pub fn softmax_block_with<E: Element>(
        &self,
        scale: f32,
        softcap: Option<f32>,
        state: &mut SoftmaxState,
        scores: &[E],
        out: &mut [E],
    ) -> Result<f32, Error> {
        check_lengths(scores, out)?;
        positive("scale", scale)?;
        if let Some(c) = softcap {
            positive("softcap", c)?;
        }
        let l = Logits {
            row_len: scores.len(),
            stride: scores.len(),
            scale,
            cap: softcap,
            mask: &[],
            causal: None,
            alibi: None,
        };
        let mut r = BlockSums::default();
        (self.entry(E::pick(&BLOCK)))(
            *self,
            &l,
            E::any(scores),
            E::any_mut(out),
            state.max,
            &mut r,
        );
        let f = rescale(state.max, r.max);
        *state = SoftmaxState {
            max: r.max,
            sum: state.sum * f as f64 + r.sum,
        };
        Ok(f)
    }
}
