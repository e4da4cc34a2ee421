//! The kernels, one file per function, each written once over [`Lanes`],
//! and the slice driver that applies them ([`apply`]).
//!
//! A kernel file holds the method and its error analysis; which kernel a
//! function runs in each precision tier, its bounds and its docs are in
//! the function table (`src/table.rs`).

pub(crate) mod exp;
pub(crate) mod gauss;
pub(crate) mod logit;
pub(crate) mod relu;
pub(crate) mod sigmoid;
pub(crate) mod softmax;

use crate::lanes::{Job, Lanes};

/// An element-wise function, lane by lane.
pub(crate) trait Unary: Copy {
    fn eval<V: Lanes>(self, x: V) -> V;
}

/// What the slice driver applies to each vector: a [`Unary`], or a step
/// with state (softmax sums as it goes). A trait rather than a closure
/// because closures cannot be `#[inline(always)]`: a closure left out of
/// line would be compiled without the entry point's target features, and
/// every intrinsic in it would become a call.
pub(crate) trait Step<V> {
    fn step(&mut self, x: V) -> V;
}

impl<V: Lanes, K: Unary> Step<V> for K {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        self.eval(x)
    }
}

/// Where a kernel reads and writes: two slices of equal length (checked
/// by the caller), or one slice in place.
pub(crate) enum Io<'a> {
    Out(&'a [f32], &'a mut [f32]),
    InPlace(&'a mut [f32]),
}

impl Io<'_> {
    /// The input values.
    #[inline(always)]
    pub(crate) fn input(&self) -> &[f32] {
        match self {
            Io::Out(i, _) => i,
            Io::InPlace(d) => d,
        }
    }
}

/// Applies `s` to every element: `U` vectors per main-loop iteration, then
/// single vectors, then one partial vector whose missing input lanes are
/// `fill` and whose extra output lanes are not written. No scalar tail: a
/// tail element is computed by the same instructions as any other.
#[inline(always)]
pub(crate) fn apply<V: Lanes, const U: usize>(io: Io<'_>, fill: f32, s: &mut impl Step<V>) {
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
    let tail = ic.remainder().chunks(V::LANES);
    for (i, o) in tail.zip(oc.into_remainder().chunks_mut(V::LANES)) {
        s.step(V::load_or(i, fill)).store(o);
    }
}

#[inline(always)]
fn in_place<V: Lanes, const U: usize>(data: &mut [f32], fill: f32, s: &mut impl Step<V>) {
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
    for d in dc.into_remainder().chunks_mut(V::LANES) {
        s.step(V::load_or(d, fill)).store(d);
    }
}

/// The job that runs a [`Unary`] over an [`Io`].
pub(crate) struct Apply<'a, K> {
    pub k: K,
    pub io: Io<'a>,
}

impl<K: Unary> Job for Apply<'_, K> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(mut self) {
        apply::<V, U>(self.io, 0.0, &mut self.k);
    }
}
