//! The prologue of every row function: the row's maximum, and the fill
//! of a fully masked row.

use super::Io;
use super::element::Elem;
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
        E::fill(io.output(), zero);
        return None;
    }
    Some(m)
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
