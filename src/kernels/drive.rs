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
//!
//! With one lane (the Scalar backend) the maps are plain loops over the
//! zipped slices, one element per step: no index, no range check, no tail.
//! LLVM may vectorise such a loop itself (it does on x86-64, with SSE2),
//! every lane a real element (no padding lanes to raise flags on junk).

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
    if V::LANES == 1 {
        // As `map_one_lane`: no index, so no range check per element.
        match io {
            Io::Out(i, o) => {
                for (x, o) in i.iter().zip(o) {
                    let y = s.step(E::load_or(core::slice::from_ref(x), fill));
                    E::store(y, core::slice::from_mut(o));
                }
            }
            Io::InPlace(d) => {
                for o in d {
                    let y = s.step(E::load_or(core::slice::from_ref(o), fill));
                    E::store(y, core::slice::from_mut(o));
                }
            }
        }
        return;
    }
    let n = io.input().len();
    let mut at = blocks::<V, U, E>(&mut io, s);
    while at < n {
        let y = s.step(io.load_or(at, fill));
        io.store(at, y);
        at += V::LANES;
    }
}

/// The main loop of both maps: `s` over whole blocks of `U` vectors.
/// Returns where the blocks end. Over `chunks_exact` of the slices, so that
/// every load and store is of a constant-length chunk: no range check or
/// short-slice branch is left in the loop (by index, LLVM kept one per
/// load and one per store on Simd512). Paired by `map_while`, not `zip`:
/// `Zip::new` divides by the chunk length, a panic path where it is not
/// inlined (the no-panic proof's thumb builds). Each vector is stored as
/// soon as it is stepped: a block held in an array of `U` vectors stayed
/// on the stack where LLVM did not unroll the block (Accurate silu on
/// Simd512).
#[inline(always)]
fn blocks<V: Lanes, const U: usize, E: Elem>(io: &mut Io<'_, E>, s: &mut impl Step<V>) -> usize {
    let block = U * V::LANES;
    let mut done = 0;
    match io {
        Io::Out(i, o) => {
            let mut o = o.chunks_exact_mut(block);
            for (i, o) in i.chunks_exact(block).map_while(|i| Some((i, o.next()?))) {
                let mut o = o.chunks_exact_mut(V::LANES);
                for (i, o) in i.chunks_exact(V::LANES).map_while(|i| Some((i, o.next()?))) {
                    E::store(s.step(E::load_or(i, 0.0)), o);
                }
                done += block;
            }
        }
        Io::InPlace(d) => {
            for d in d.chunks_exact_mut(block) {
                for d in d.chunks_exact_mut(V::LANES) {
                    E::store(s.step(E::load_or(d, 0.0)), d);
                }
                done += block;
            }
        }
    }
    done
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
    if V::LANES == 1 {
        return map_one_lane::<V, K, E, EXACT>(io, k, fixes);
    }
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
    let block = U * V::LANES;
    let mut done = 0;
    match io {
        Io::Out(i, o) => {
            let mut o = o.chunks_exact_mut(block);
            for (i, o) in i.chunks_exact(block).map_while(|i| Some((i, o.next()?))) {
                let mut o = o.chunks_exact_mut(V::LANES);
                for (i, o) in i.chunks_exact(V::LANES).map_while(|i| Some((i, o.next()?))) {
                    let x = E::load_or::<V>(i, 0.0);
                    E::store_exact(x, k.eval(x), fixes, o);
                }
                done += block;
            }
        }
        Io::InPlace(d) => {
            for d in d.chunks_exact_mut(block) {
                for d in d.chunks_exact_mut(V::LANES) {
                    let x = E::load_or::<V>(d, 0.0);
                    E::store_exact(x, k.eval(x), fixes, d);
                }
                done += block;
            }
        }
    }
    done
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
/// gives the bits of out of place.
#[inline(always)]
pub(crate) fn map2_partial_tail<V: Lanes, const U: usize, K: BinaryKernel, E: Elem>(
    k: K,
    mut io: Io<'_, E>,
    b: &[E],
) {
    if V::LANES == 1 {
        // As `map_one_lane`: no index, so no range check per element.
        match io {
            Io::Out(i, o) => {
                for ((a, b), o) in i.iter().zip(b).zip(o) {
                    E::store(one_lane2::<V, K, E>(k, a, b), core::slice::from_mut(o));
                }
            }
            Io::InPlace(d) => {
                for (o, b) in d.iter_mut().zip(b) {
                    E::store(one_lane2::<V, K, E>(k, o, b), core::slice::from_mut(o));
                }
            }
        }
        return;
    }
    let n = io.input().len().min(b.len());
    let block = U * V::LANES;
    let mut at = 0;
    // Over `chunks_exact`, as `blocks`: no range check in the loop.
    match &mut io {
        Io::Out(i, o) => {
            let (mut o, mut b) = (o.chunks_exact_mut(block), b.chunks_exact(block));
            for (i, o, b) in i
                .chunks_exact(block)
                .map_while(|i| Some((i, o.next()?, b.next()?)))
            {
                let (mut o, mut b) = (o.chunks_exact_mut(V::LANES), b.chunks_exact(V::LANES));
                let vectors = i
                    .chunks_exact(V::LANES)
                    .map_while(|i| Some((i, o.next()?, b.next()?)));
                for (i, o, b) in vectors {
                    E::store::<V>(k.eval(E::load_or(i, 0.0), E::load_or(b, 0.0)), o);
                }
                at += block;
            }
        }
        Io::InPlace(d) => {
            let mut b = b.chunks_exact(block);
            for (d, b) in d
                .chunks_exact_mut(block)
                .map_while(|d| Some((d, b.next()?)))
            {
                let mut b = b.chunks_exact(V::LANES);
                for (d, b) in d
                    .chunks_exact_mut(V::LANES)
                    .map_while(|d| Some((d, b.next()?)))
                {
                    E::store::<V>(k.eval(E::load_or(d, 0.0), E::load_or(b, 0.0)), d);
                }
                at += block;
            }
        }
    }
    while at < n {
        let bv = b.get(at..n).unwrap_or(&[]);
        let y = k.eval(io.load_or::<V>(at, K::FILL.0), E::load_or(bv, K::FILL.1));
        io.store(at, y);
        at += V::LANES;
    }
}

/// [`map_overlapping_tail`] for a one-lane `V` (the Scalar backend): one
/// element per step over the zipped slices, with no index to bounds-check
/// and no tail, so that the loop is as plain as a hand-written one (the
/// general driver's per-vector range checks cost more than the element
/// itself: through it, `max(x, 0)` ran 13x slower than a std loop in
/// `benches/peers` at n = 4096).
#[inline(always)]
fn map_one_lane<V: Lanes, K: UnaryKernel, E: Elem, const EXACT: bool>(
    io: Io<'_, E>,
    k: K,
    fixes: &Fixes,
) {
    match io {
        Io::Out(i, o) => {
            for (x, o) in i.iter().zip(o) {
                one_lane::<V, K, E, EXACT>(*x, o, k, fixes);
            }
        }
        Io::InPlace(d) => {
            for o in d {
                one_lane::<V, K, E, EXACT>(*o, o, k, fixes);
            }
        }
    }
}

/// One element of [`map_one_lane`]: `k` of `x` into `o`.
#[inline(always)]
fn one_lane<V: Lanes, K: UnaryKernel, E: Elem, const EXACT: bool>(
    x: E,
    o: &mut E,
    k: K,
    fixes: &Fixes,
) {
    let x = E::load_or::<V>(core::slice::from_ref(&x), K::FILL);
    let y = k.eval(x);
    if EXACT {
        E::store_exact(x, y, fixes, core::slice::from_mut(o));
    } else {
        E::store(y, core::slice::from_mut(o));
    }
}

/// One element of [`map2_partial_tail`]'s one-lane loop: `k` of `a`, `b`.
#[inline(always)]
fn one_lane2<V: Lanes, K: BinaryKernel, E: Elem>(k: K, a: &E, b: &E) -> V {
    let one = core::slice::from_ref;
    k.eval(E::load_or::<V>(one(a), 0.0), E::load_or(one(b), 0.0))
}
