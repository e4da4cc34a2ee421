//! The kernels, one file per function, each written once over [`Lanes`],
//! and the slice driver that applies them ([`apply`]).
//!
//! A kernel file holds the method and its error analysis; which kernel a
//! function runs in each precision tier, its bounds and its docs are in
//! the function table (`src/table.rs`).

pub(crate) mod exp;
pub(crate) mod gauss;
pub(crate) mod hard_sigmoid;
pub(crate) mod logit;
pub(crate) mod mish;
pub(crate) mod relu;
pub(crate) mod sigmoid;
pub(crate) mod softmax;
pub(crate) mod softplus;
pub(crate) mod tanh;

use crate::lanes::{Job, Lanes};

/// An element-wise function, lane by lane.
pub(crate) trait Unary: Copy {
    /// What a partial vector's missing lanes hold: an input for which the
    /// kernel performs no invalid operation and no division by zero, so
    /// that padding never raises a floating-point flag of its own.
    const FILL: f32 = 0.0;
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
    // Split by hand rather than with `chunks`: the chunk size would be a
    // run-time value in code shared between instances, with a
    // divide-by-zero panic path the no-panic proof rejects.
    let (mut i, mut o) = (ic.remainder(), oc.into_remainder());
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
    // By hand, as in `out_of_place`.
    let mut d = dc.into_remainder();
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

/// The job that runs a [`Unary`] over an [`Io`].
pub(crate) struct Apply<'a, K> {
    pub k: K,
    pub io: Io<'a>,
}

impl<K: Unary> Job for Apply<'_, K> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(mut self) {
        apply::<V, U>(self.io, K::FILL, &mut self.k);
    }
}
