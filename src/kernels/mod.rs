//! The kernels, one file per function, each written once over [`Lanes`],
//! and the slice driver that applies them.
//!
//! Adding an element-wise function: write `src/kernels/<name>.rs` with a
//! type implementing [`Unary`]; then one `unary_methods!` entry in
//! `src/api.rs` (the `Kernels` methods), one line in `free_unary!` in
//! `src/lib.rs`, a function in `src/scalar.rs`, and one line in the `UNARY`
//! table of `tests/support/cases.rs`, which every test body, the exhaustive
//! check, the tour, the benches and the fuzzer iterate over.

pub(crate) mod exp;
pub(crate) mod gauss;
pub(crate) mod logit;
pub(crate) mod relu;
pub(crate) mod sigmoid;
pub(crate) mod softmax;

use crate::backend::Job;
use crate::lanes::Lanes;

/// An element-wise function, lane by lane.
pub(crate) trait Unary: Copy {
    fn eval<V: Lanes>(self, x: V) -> V;
}

/// What the slice driver applies to each vector. A trait rather than a
/// closure because closures cannot be `#[inline(always)]`: a closure left
/// out of line would be compiled without the entry point's target features,
/// and every intrinsic in it would become a call.
pub(crate) trait Apply<V> {
    fn apply(&mut self, x: V) -> V;
}

/// A [`Unary`] as an [`Apply`].
pub(crate) struct Elementwise<K>(pub K);

impl<V: Lanes, K: Unary> Apply<V> for Elementwise<K> {
    #[inline(always)]
    fn apply(&mut self, x: V) -> V {
        self.0.eval(x)
    }
}

/// Vectors per main-loop iteration: independent dependency chains that
/// hide the latency of the polynomial and the division.
const UNROLL: usize = 2;

/// `dst[i] = f(src[i])` over `min(src.len(), dst.len())` elements, in
/// blocks of `UNROLL` vectors, then one partial vector whose missing input
/// lanes are `fill` and whose extra output lanes are not written.
#[inline(always)]
pub(crate) fn map<V: Lanes>(src: &[f32], dst: &mut [f32], fill: f32, f: &mut impl Apply<V>) {
    let step = UNROLL * V::LANES;
    let mut ic = src.chunks_exact(step);
    let mut oc = dst.chunks_exact_mut(step);
    for (i, o) in (&mut ic).zip(&mut oc) {
        let mut v = [V::splat(0.0); UNROLL];
        for (v, i) in v.iter_mut().zip(i.chunks_exact(V::LANES)) {
            *v = f.apply(V::load(i));
        }
        for (v, o) in v.iter().zip(o.chunks_exact_mut(V::LANES)) {
            v.store(o);
        }
    }
    let tail = ic.remainder().chunks(V::LANES);
    for (i, o) in tail.zip(oc.into_remainder().chunks_mut(V::LANES)) {
        f.apply(V::load_or(i, fill)).store(o);
    }
}

/// In-place [`map`]: `data[i] = f(data[i])`.
#[inline(always)]
pub(crate) fn map_inplace<V: Lanes>(data: &mut [f32], fill: f32, f: &mut impl Apply<V>) {
    let step = UNROLL * V::LANES;
    let mut dc = data.chunks_exact_mut(step);
    for d in &mut dc {
        let mut v = [V::splat(0.0); UNROLL];
        for (v, d) in v.iter_mut().zip(d.chunks_exact(V::LANES)) {
            *v = f.apply(V::load(d));
        }
        for (v, d) in v.iter().zip(d.chunks_exact_mut(V::LANES)) {
            v.store(d);
        }
    }
    for d in dc.into_remainder().chunks_mut(V::LANES) {
        f.apply(V::load_or(d, fill)).store(d);
    }
}

/// Runs a [`Unary`] out of place (lengths already checked equal).
pub(crate) struct Map<'a, K> {
    pub k: K,
    pub input: &'a [f32],
    pub output: &'a mut [f32],
}

impl<K: Unary> Job for Map<'_, K> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes>(self) {
        map::<V>(self.input, self.output, 0.0, &mut Elementwise(self.k));
    }
}

/// Runs a [`Unary`] in place.
pub(crate) struct MapInPlace<'a, K> {
    pub k: K,
    pub data: &'a mut [f32],
}

impl<K: Unary> Job for MapInPlace<'_, K> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes>(self) {
        map_inplace::<V>(self.data, 0.0, &mut Elementwise(self.k));
    }
}
