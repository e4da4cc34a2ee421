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

use super::{BinaryKernel, Io, Step, UnaryKernel};
use crate::lanes::Lanes;

/// Applies `s` to every element: `U` vectors per main-loop iteration, then
/// single vectors, then one partial vector whose missing input lanes are
/// `fill` and whose extra output lanes are not written. No scalar tail: a
/// tail element is computed by the same instructions as any other.
#[inline(always)]
pub(crate) fn map_partial_tail<V: Lanes, const U: usize>(
    io: Io<'_>,
    fill: f32,
    s: &mut impl Step<V>,
) {
    match io {
        Io::Out(src, dst) => out_of_place::<V, U>(src, dst, fill, s),
        Io::InPlace(data) => in_place::<V, U>(data, fill, s),
    }
}

#[inline(always)]
fn out_of_place<V: Lanes, const U: usize>(
    src: &[f32],
    dst: &mut [f32],
    fill: f32,
    s: &mut impl Step<V>,
) {
    // Split by hand rather than with `chunks`: the chunk size would be a
    // run-time value in code shared between instances, with a
    // divide-by-zero panic path the no-panic proof rejects.
    let (mut i, mut o) = blocks_out_of_place::<V, U>(src, dst, s);
    while let (Some((ih, it)), Some((oh, ot))) = (
        i.split_at_checked(V::LANES.min(i.len())),
        core::mem::take(&mut o).split_at_mut_checked(V::LANES.min(i.len())),
    ) {
        if ih.is_empty() {
            break;
        }
        s.step(V::load_or(ih, fill)).store(oh);
        (i, o) = (it, ot);
    }
}

#[inline(always)]
fn in_place<V: Lanes, const U: usize>(data: &mut [f32], fill: f32, s: &mut impl Step<V>) {
    // By hand, as in `out_of_place`.
    let mut d = blocks_in_place::<V, U>(data, s);
    loop {
        let n = V::LANES.min(d.len());
        let Some((dh, dt)) = core::mem::take(&mut d).split_at_mut_checked(n) else {
            break;
        };
        if dh.is_empty() {
            break;
        }
        s.step(V::load_or(dh, fill)).store(dh);
        d = dt;
    }
}

/// The main loop shared by both drivers: `s` over whole blocks of `U`
/// vectors of `src` into `dst`. Returns what is left of each (fewer than
/// `U * V::LANES` elements).
#[inline(always)]
fn blocks_out_of_place<'a, 'b, V: Lanes, const U: usize>(
    src: &'a [f32],
    dst: &'b mut [f32],
    s: &mut impl Step<V>,
) -> (&'a [f32], &'b mut [f32]) {
    let block = U * V::LANES;
    let mut ic = src.chunks_exact(block);
    let mut oc = dst.chunks_exact_mut(block);
    for (i, o) in (&mut ic).zip(&mut oc) {
        let mut v = [V::splat(0.0); U];
        for (v, i) in v.iter_mut().zip(i.chunks_exact(V::LANES)) {
            *v = s.step(V::load(i));
        }
        for (v, o) in v.iter().zip(o.chunks_exact_mut(V::LANES)) {
            v.store(o);
        }
    }
    (ic.remainder(), oc.into_remainder())
}

/// [`blocks_out_of_place`] in place.
#[inline(always)]
fn blocks_in_place<'a, V: Lanes, const U: usize>(
    data: &'a mut [f32],
    s: &mut impl Step<V>,
) -> &'a mut [f32] {
    let block = U * V::LANES;
    let mut dc = data.chunks_exact_mut(block);
    for d in &mut dc {
        let mut v = [V::splat(0.0); U];
        for (v, d) in v.iter_mut().zip(d.chunks_exact(V::LANES)) {
            *v = s.step(V::load(d));
        }
        for (v, d) in v.iter().zip(d.chunks_exact_mut(V::LANES)) {
            v.store(d);
        }
    }
    dc.into_remainder()
}

/// Applies the element-wise `k`: `U` vectors per main-loop iteration, then
/// single vectors, then single `V::Tail` vectors. A remainder shorter than
/// a `V::Tail` is computed as the slice's last `V::Tail::LANES` elements,
/// loaded before anything is stored (so in place too); the lanes it shares
/// with the vector before are stored again with the same value, `k` being
/// lane-wise. Only a slice shorter than one `V::Tail` takes a partial
/// vector, padded with `K::FILL`. This keeps short and ragged slices to
/// full-width loads and stores.
#[inline(always)]
pub(crate) fn map_overlapping_tail<V: Lanes, const U: usize, K: UnaryKernel>(io: Io<'_>, k: K) {
    let w = V::Tail::LANES;
    let n = io.input().len();
    if n < w {
        // Shorter than one vector: the only partial vector. (`n < w` is
        // what lets the compiler drop the partial load's bounds checks.)
        if n > 0 {
            match io {
                Io::Out(i, o) => k.eval(V::Tail::load_or(i, K::FILL)).store(o),
                Io::InPlace(d) => k.eval(V::Tail::load_or(d, K::FILL)).store(d),
            }
        }
        return;
    }
    let start = n - w;
    let Some(last) = io.input().get(start..) else {
        return;
    };
    let last = V::Tail::load(last);
    let (dst, ragged) = match io {
        Io::Out(src, dst) => {
            let ragged = out_of_place_full::<V, U, K>(src, &mut *dst, k);
            (dst, ragged)
        }
        Io::InPlace(data) => {
            let ragged = in_place_full::<V, U, K>(&mut *data, k);
            (data, ragged)
        }
    };
    if let Some(d) = dst.get_mut(start..).filter(|_| ragged) {
        k.eval(last).store(d);
    }
}

/// `k` over the whole vectors of `src` into `dst`: blocks of `U` vectors,
/// then single `V`s and `V::Tail`s. Returns whether elements are left
/// over (fewer than a `V::Tail`), for the caller's overlapping last vector.
#[inline(always)]
fn out_of_place_full<V: Lanes, const U: usize, K: UnaryKernel>(
    src: &[f32],
    dst: &mut [f32],
    mut k: K,
) -> bool {
    let (i, o) = blocks_out_of_place::<V, U>(src, dst, &mut k);
    let mut ic = i.chunks_exact(V::LANES);
    let mut oc = o.chunks_exact_mut(V::LANES);
    for (i, o) in (&mut ic).zip(&mut oc) {
        k.eval(V::load(i)).store(o);
    }
    let mut ic = ic.remainder().chunks_exact(V::Tail::LANES);
    let mut oc = oc.into_remainder().chunks_exact_mut(V::Tail::LANES);
    for (i, o) in (&mut ic).zip(&mut oc) {
        k.eval(V::Tail::load(i)).store(o);
    }
    !ic.remainder().is_empty()
}

/// [`out_of_place_full`] in place.
#[inline(always)]
fn in_place_full<V: Lanes, const U: usize, K: UnaryKernel>(data: &mut [f32], mut k: K) -> bool {
    let mut dc = blocks_in_place::<V, U>(data, &mut k).chunks_exact_mut(V::LANES);
    for d in &mut dc {
        k.eval(V::load(d)).store(d);
    }
    let mut dc = dc.into_remainder().chunks_exact_mut(V::Tail::LANES);
    for d in &mut dc {
        k.eval(V::Tail::load(d)).store(d);
    }
    !dc.into_remainder().is_empty()
}

/// Calls `s` on every element of `x` for its side effects (a reduction),
/// `U` vectors per iteration; the last partial vector is padded with
/// `fill`, which `s` must treat as neutral.
#[inline(always)]
pub(crate) fn reduce_partial_tail<V: Lanes, const U: usize>(
    x: &[f32],
    fill: f32,
    s: &mut impl Step<V>,
) {
    let mut chunks = x.chunks_exact(U * V::LANES);
    for c in &mut chunks {
        for v in c.chunks_exact(V::LANES) {
            s.step(V::load(v));
        }
    }
    let mut rest = chunks.remainder();
    while !rest.is_empty() {
        let (h, t) = rest.split_at(V::LANES.min(rest.len()));
        s.step(V::load_or(h, fill));
        rest = t;
    }
}

/// `k` over `a` and `b` into `out` (equal lengths, checked by the
/// caller): `U` vectors per iteration, then vectors, then one partial
/// vector padded with `K::FILL`.
#[inline(always)]
pub(crate) fn map2_partial_tail<V: Lanes, const U: usize, K: BinaryKernel>(
    k: K,
    a: &[f32],
    b: &[f32],
    out: &mut [f32],
) {
    let block = U * V::LANES;
    let mut ac = a.chunks_exact(block);
    let mut bc = b.chunks_exact(block);
    let mut oc = out.chunks_exact_mut(block);
    for ((a, b), o) in (&mut ac).zip(&mut bc).zip(&mut oc) {
        let mut v = [V::splat(0.0); U];
        // By index, not a zip of two `chunks_exact`: see `RowJob::run`.
        for (j, v) in v.iter_mut().enumerate() {
            let r = j * V::LANES..(j + 1) * V::LANES;
            if let (Some(a), Some(b)) = (a.get(r.clone()), b.get(r)) {
                *v = k.eval(V::load(a), V::load(b));
            }
        }
        for (v, o) in v.iter().zip(o.chunks_exact_mut(V::LANES)) {
            v.store(o);
        }
    }
    let (mut a, mut b, mut o) = (ac.remainder(), bc.remainder(), oc.into_remainder());
    while !o.is_empty() && !a.is_empty() && !b.is_empty() {
        let n = V::LANES.min(o.len()).min(a.len()).min(b.len());
        let (ah, at) = a.split_at(n);
        let (bh, bt) = b.split_at(n);
        let (oh, ot) = core::mem::take(&mut o).split_at_mut(n);
        k.eval(V::load_or(ah, K::FILL.0), V::load_or(bh, K::FILL.1))
            .store(oh);
        (a, b, o) = (at, bt, ot);
    }
}
