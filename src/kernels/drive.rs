//! The slice drivers: the loops that apply a kernel to a slice, named by
//! how they finish it.
//!
//! - [`map_overlapping_tail`] (element-wise kernels): whole vectors, then the
//!   slice's last full vector again for a ragged remainder, so that every
//!   element but those of a slice shorter than one register is computed
//!   from a full load. Only for lane-wise kernels, which may compute an
//!   element twice.
//! - [`map_partial_tail`] (the passes of the row functions, whose steps
//!   carry sums and must see each element once): whole vectors, then one
//!   partial vector padded with a neutral `fill`.
//! - [`reduce_partial_tail`]: the same, for a step run for its side effect.
//! - [`map2_partial_tail`] (functions of two inputs): as `map_partial_tail`
//!   over two inputs.

use super::element::{Elem, Fixes};
use super::{BinaryKernel, Io, Step, UnaryKernel};
use crate::lanes::Lanes;

/// Applies `s` to every element: `U` vectors per main-loop iteration, then
/// single vectors, then one partial vector whose missing input lanes are
/// `fill` and whose extra output lanes are not written. No scalar tail: a
/// tail element is computed by the same instructions as any other. One
/// loop for both `Io` variants, as in [`map_overlapping_tail`].
#[inline(always)]
pub(crate) fn map_partial_tail<V: Lanes, const U: usize, E: Elem>(
    mut io: Io<'_, E>,
    fill: f32,
    s: &mut impl Step<V>,
) {
    let n = io.input().len();
    let mut at = blocks::<V, U, E>(&mut io, s);
    while at < n {
        let y = s.step(io.load_or(at, fill));
        io.store(at, y);
        at += V::LANES;
    }
}

/// The main loop of both maps: `s` over whole blocks of `U` vectors, all
/// loaded and stepped before any is stored. Returns where the blocks end.
/// By index, not `chunks_exact`: this code is also compiled out of line
/// (`dispatch::run_lanes`), where a chunk size that is not a constant
/// leaves a divide-by-zero panic path the no-panic proof rejects.
#[inline(always)]
fn blocks<V: Lanes, const U: usize, E: Elem>(io: &mut Io<'_, E>, s: &mut impl Step<V>) -> usize {
    let (n, block) = (io.input().len(), U * V::LANES);
    let mut at = 0;
    while at + block <= n {
        let mut v = [V::splat(0.0); U];
        for (j, v) in v.iter_mut().enumerate() {
            *v = s.step(io.load(at + j * V::LANES));
        }
        for (j, v) in v.into_iter().enumerate() {
            io.store(at + j * V::LANES, v);
        }
        at += block;
    }
    at
}

/// Applies the element-wise `k`: `U` vectors per main-loop iteration, then
/// single `V::Tail` vectors (one register). A remainder shorter than that is
/// computed as the slice's last `V::Tail::LANES` elements, loaded before
/// anything is stored (so in place too); the lanes it shares with the
/// vector before are stored again with the same value, `k` being
/// lane-wise. Only a slice shorter than one `V::Tail` takes a partial
/// vector, padded with `K::FILL`. This keeps short and ragged slices to
/// full-width loads and stores.
///
/// One loop for both `Io` variants, and one register loop for whole,
/// overlapping and partial registers: the kernel is inlined once in the
/// main loop (per vector of a block) and once here, not once per variant
/// and case (each variant or case is a predictable branch per register).
///
/// `EXACT` (half formats, Accurate tier): results correctly rounded, the
/// lanes near a rounding boundary decided by `fixes` (`element.rs`).
#[inline(always)]
pub(crate) fn map_overlapping_tail<
    V: Lanes,
    const U: usize,
    K: UnaryKernel,
    E: Elem,
    const EXACT: bool,
>(
    mut io: Io<'_, E>,
    k: K,
    fixes: &Fixes,
) {
    let w = V::Tail::LANES;
    let n = io.input().len();
    // The last register, loaded before anything is stored: the slice's last
    // `w` elements, or the whole slice padded with `K::FILL`.
    let (last, last_at) = match n.checked_sub(w) {
        Some(start) => (io.load::<V::Tail>(start), start),
        None => (io.load_or::<V::Tail>(0, K::FILL), 0),
    };
    let mut at = if EXACT {
        exact_blocks::<V, U, K, E>(&mut io, k, fixes)
    } else {
        {
            let mut s = k;
            blocks::<V, U, E>(&mut io, &mut s)
        }
    };
    while at < n {
        let (x, to) = if at + w <= n {
            (io.load::<V::Tail>(at), at)
        } else {
            (last, last_at)
        };
        let y = k.eval(x);
        // At most `w` elements: fewer only for a slice shorter than `w`.
        if let Some(o) = io.output().get_mut(to..) {
            if EXACT {
                E::store_exact(x, y, fixes, o);
            } else {
                E::store(y, o);
            }
        }
        at += w;
    }
}

/// [`blocks`] for [`map_overlapping_tail`]'s `EXACT` case: each result
/// stored with its input at hand.
#[inline(always)]
fn exact_blocks<V: Lanes, const U: usize, K: UnaryKernel, E: Elem>(
    io: &mut Io<'_, E>,
    k: K,
    fixes: &Fixes,
) -> usize {
    let (n, block) = (io.input().len(), U * V::LANES);
    let mut at = 0;
    while at + block <= n {
        let mut v = [(V::splat(0.0), V::splat(0.0)); U];
        for (j, v) in v.iter_mut().enumerate() {
            let x = io.load::<V>(at + j * V::LANES);
            *v = (x, k.eval(x));
        }
        for (j, (x, y)) in v.into_iter().enumerate() {
            if let Some(o) = io.output().get_mut(at + j * V::LANES..) {
                E::store_exact(x, y, fixes, o);
            }
        }
        at += block;
    }
    at
}

/// Calls `s` on every element of `x` for its side effects (a reduction),
/// `U` vectors per iteration; the last partial vector is padded with
/// `fill`, which `s` must treat as neutral.
#[inline(always)]
pub(crate) fn reduce_partial_tail<V: Lanes, const U: usize, E: Elem>(
    x: &[E],
    fill: f32,
    s: &mut impl Step<V>,
) {
    let mut chunks = x.chunks_exact(U * V::LANES);
    for c in &mut chunks {
        for v in c.chunks_exact(V::LANES) {
            s.step(E::load_or(v, 0.0));
        }
    }
    let mut rest = chunks.remainder();
    while !rest.is_empty() {
        let (h, t) = rest.split_at(V::LANES.min(rest.len()));
        s.step(E::load_or(h, fill));
        rest = t;
    }
}

/// `k` over the first input of `io` and `b` (equal lengths, checked by
/// the caller) into the output of `io` (in place: into the first input):
/// `U` vectors per iteration, then vectors, then one partial vector padded
/// with `K::FILL`. Each vector is loaded before it is stored, so in place
/// gives the bits of out of place. By index, as [`blocks`].
#[inline(always)]
pub(crate) fn map2_partial_tail<V: Lanes, const U: usize, K: BinaryKernel, E: Elem>(
    k: K,
    mut io: Io<'_, E>,
    b: &[E],
) {
    let n = io.input().len().min(b.len());
    let block = U * V::LANES;
    let mut at = 0;
    while at + block <= n {
        let mut v = [V::splat(0.0); U];
        for (j, v) in v.iter_mut().enumerate() {
            let i = at + j * V::LANES;
            if let Some(bv) = b.get(i..i + V::LANES) {
                *v = k.eval(io.load(i), E::load_or(bv, 0.0));
            }
        }
        for (j, v) in v.into_iter().enumerate() {
            io.store(at + j * V::LANES, v);
        }
        at += block;
    }
    while at < n {
        let bv = b.get(at..n).unwrap_or(&[]);
        let y = k.eval(io.load_or::<V>(at, K::FILL.0), E::load_or(bv, K::FILL.1));
        io.store(at, y);
        at += V::LANES;
    }
}
