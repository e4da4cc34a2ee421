//! The prologue of every row function: the row's maximum, and the fill
//! of a fully masked row.

use super::drive::reduce_partial_tail;
use super::element::Elem;
use super::{Io, Step};
use crate::lanes::Lanes;
use crate::precision::MaskedRows;

/// The row's maximum, or `None` when the row is done: empty (nothing to
/// do, and no 1/0 to compute), or fully masked with [`MaskedRows::Zero`],
/// which writes `zero` (the function's zero probability) to every output.
#[inline(always)]
pub(crate) fn row_max<V: Lanes, E: Elem>(
    io: &mut Io<'_, E>,
    masked: MaskedRows,
    zero: f32,
) -> Option<f32> {
    if io.input().is_empty() {
        return None;
    }
    let m = max::<V, E>(io.input());
    if m == f32::NEG_INFINITY && masked == MaskedRows::Zero {
        let mut s = SumOf(V::splat(f32::NEG_INFINITY));
        reduce_partial_tail::<V, 1, E>(io.input(), f32::NEG_INFINITY, &mut s);
        if s.has_nan() {
            return Some(m);
        }
        E::fill(io.output(), zero);
        return None;
    }
    Some(m)
}

/// The sum of a row whose maximum came out `-inf`, to tell a fully masked
/// row from one holding a NaN. Lane `max` is not NaN-safe: a NaN may
/// displace `+inf` and then lose to `-inf`, so `[inf, NaN, -inf]` has the
/// maximum `-inf` too. Such a row sums to NaN, a row of `-inf` to `-inf`.
/// Only run on that rare path: the maximum pass stays one `max` per vector.
pub(crate) struct SumOf<V>(pub V);

impl<V: Lanes> Step<V> for SumOf<V> {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        self.0 = self.0 + x;
        x
    }
}

impl<V: Lanes> SumOf<V> {
    /// Whether a lane of the sum is NaN.
    #[inline(always)]
    pub(crate) fn has_nan(&self) -> bool {
        let mut lanes = [0.0f32; 64];
        self.0.store(&mut lanes);
        lanes[..V::LANES.min(64)].iter().any(|v| v.is_nan())
    }
}

/// The largest element; NaN-tolerant (a NaN may or may not win, the exponential
/// pass turns it into NaN outputs either way). `-inf` for an empty slice.
#[inline(always)]
pub(crate) fn max<V: Lanes, E: Elem>(x: &[E]) -> f32 {
    let mut chunks = x.chunks_exact(V::LANES);
    let mut m = V::splat(f32::NEG_INFINITY);
    for c in &mut chunks {
        m = m.max(E::load_or(c, 0.0));
    }
    m = m.max(E::load_or(chunks.remainder(), f32::NEG_INFINITY));
    m.reduce_max()
}
