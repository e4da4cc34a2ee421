//! The kernels, one file per function, each written once over [`Lanes`];
//! the one list of functions ([`LIST`]); the jobs the dispatch runs, over
//! the slice drivers of `drive.rs`.
//!
//! A kernel file opens with its function's [`Declaration`] (docs, bounds,
//! special values), then holds the method, its error analysis and the
//! kernel of each tier (`ACCURATE`, `FAST`).

pub(crate) mod attention;
pub(crate) mod drive;
pub(crate) mod element;
pub(crate) mod elu;
pub(crate) mod erf;
pub(crate) mod exp;
pub(crate) mod gauss;
pub(crate) mod gelu;
pub(crate) mod gelu_mul;
pub(crate) mod gelu_tanh;
pub(crate) mod gelu_tanh_mul;
#[cfg(feature = "half")]
pub(crate) mod half_fixes;
pub(crate) mod hard_sigmoid;
pub(crate) mod hard_swish;
pub(crate) mod identity;
pub(crate) mod kahan;
pub(crate) mod leaky_relu;
pub(crate) mod log_softmax;
pub(crate) mod logit;
pub(crate) mod mish;
pub(crate) mod quick_gelu;
pub(crate) mod relu;
pub(crate) mod relu6;
pub(crate) mod relu_mul;
pub(crate) mod rowmax;
pub(crate) mod shifted_exp;
pub(crate) mod sigmoid;
pub(crate) mod sigmoid_mul;
pub(crate) mod silu;
pub(crate) mod silu_mul;
pub(crate) mod softmax;
pub(crate) mod softplus;
pub(crate) mod tanh;

use crate::lanes::{Job, Lanes};
use crate::precision::MaskedRows;
use crate::spec::Declaration;
use element::{AnySlice, AnySliceMut, Elem, Fixes};

/// The functions, in the order of `Activation::ALL` (then `Binary::ALL`).
/// `tools/api.py` generates the public API (`src/api.rs`) from this list
/// and each file's declaration; adding a function is its kernel file, one
/// line here, and its reference in the test kit.
pub(crate) const LIST: &[&Declaration] = &[
    &exp::DECLARATION,
    &sigmoid::DECLARATION,
    &logit::DECLARATION,
    &relu::DECLARATION,
    &hard_sigmoid::DECLARATION,
    &silu::DECLARATION,
    &gelu_tanh::DECLARATION,
    &hard_swish::DECLARATION,
    &erf::DECLARATION,
    &gelu::DECLARATION,
    &tanh::DECLARATION,
    &softplus::DECLARATION,
    &mish::DECLARATION,
    &gauss::DECLARATION,
    &leaky_relu::DECLARATION,
    &elu::DECLARATION,
    &relu6::DECLARATION,
    &identity::DECLARATION,
    &quick_gelu::DECLARATION,
    &softmax::DECLARATION,
    &log_softmax::DECLARATION,
    &silu_mul::DECLARATION,
    &sigmoid_mul::DECLARATION,
    &gelu_mul::DECLARATION,
    &gelu_tanh_mul::DECLARATION,
    &relu_mul::DECLARATION,
];

/// An element-wise function, lane by lane.
pub(crate) trait UnaryKernel: Copy {
    /// What a partial vector's missing lanes hold: an input for which the
    /// kernel performs no invalid operation and no division by zero, so
    /// that padding never raises a floating-point flag of its own.
    const FILL: f32 = 0.0;
    /// [`Job::LOCKSTEP`] for this kernel's element jobs.
    #[cfg(target_arch = "x86_64")]
    const LOCKSTEP: bool = true;
    fn eval<V: Lanes>(self, x: V) -> V;
}

/// What a slice driver applies to each vector: a [`UnaryKernel`], or a step
/// with state (softmax sums as it goes). A trait rather than a closure
/// because closures cannot be `#[inline(always)]`: a closure left out of
/// line would be compiled without the entry point's target features, and
/// every intrinsic in it would become a call.
pub(crate) trait Step<V> {
    fn step(&mut self, x: V) -> V;
}

impl<V: Lanes, K: UnaryKernel> Step<V> for K {
    #[inline(always)]
    fn step(&mut self, x: V) -> V {
        self.eval(x)
    }
}

/// Where a kernel reads and writes: two slices of equal length (checked
/// by the caller), or one slice in place, of `f32` or a half format
/// (converted in registers, see `element.rs`).
pub(crate) enum Io<'a, E = f32> {
    Out(&'a [E], &'a mut [E]),
    InPlace(&'a mut [E]),
}

impl<'a, E: Elem> Io<'a, E> {
    /// Out of place, if both slices are of type `E` (an entry is built for
    /// one element type; the other case does not occur).
    #[inline(always)]
    pub(crate) fn out(i: AnySlice<'a>, o: AnySliceMut<'a>) -> Option<Io<'a, E>> {
        Some(Io::Out(E::of(i)?, E::of_mut(o)?))
    }

    /// In place, if the slice is of type `E`.
    #[inline(always)]
    pub(crate) fn in_place(d: AnySliceMut<'a>) -> Option<Io<'a, E>> {
        Some(Io::InPlace(E::of_mut(d)?))
    }

    /// The input values.
    #[inline(always)]
    pub(crate) fn input(&self) -> &[E] {
        match self {
            Io::Out(i, _) => i,
            Io::InPlace(d) => d,
        }
    }

    /// `self`, if it is the variant `IN_PLACE` names (the entries build it
    /// so): after inlining, the variant is a constant the loops fold.
    #[inline(always)]
    pub(crate) fn of_variant<const IN_PLACE: bool>(self) -> Option<Io<'a, E>> {
        match self {
            Io::InPlace(d) if IN_PLACE => Some(Io::InPlace(d)),
            Io::Out(i, o) if !IN_PLACE => Some(Io::Out(i, o)),
            _ => None,
        }
    }

    /// The same slices, borrowed for a pass.
    #[inline(always)]
    pub(crate) fn reborrow(&mut self) -> Io<'_, E> {
        match self {
            Io::Out(i, o) => Io::Out(i, o),
            Io::InPlace(d) => Io::InPlace(d),
        }
    }

    /// The `len` elements from `at`, if they exist.
    #[inline(always)]
    pub(crate) fn range(&mut self, at: usize, len: usize) -> Option<Io<'_, E>> {
        let r = at..at.checked_add(len)?;
        match self {
            Io::Out(i, o) => Some(Io::Out(i.get(r.clone())?, o.get_mut(r)?)),
            Io::InPlace(d) => Some(Io::InPlace(d.get_mut(r)?)),
        }
    }

    /// Where the results go.
    #[inline(always)]
    pub(crate) fn output(&mut self) -> &mut [E] {
        match self {
            Io::Out(_, o) => o,
            Io::InPlace(d) => d,
        }
    }

    /// The `T` of the input at `at` (a full vector: `at + T::LANES` is
    /// within the slice; zeros otherwise, which callers never ask for).
    #[inline(always)]
    pub(crate) fn load<T: Lanes>(&self, at: usize) -> T {
        match self.input().get(at..at + T::LANES) {
            Some(s) => E::load_or(s, 0.0),
            None => T::splat(0.0),
        }
    }

    /// The input from `at` on, as one `T` padded with `fill`.
    #[inline(always)]
    pub(crate) fn load_or<T: Lanes>(&self, at: usize, fill: f32) -> T {
        E::load_or(self.input().get(at..).unwrap_or(&[]), fill)
    }

    /// Stores `v` as the results from `at` on (at most `T::LANES`).
    #[inline(always)]
    pub(crate) fn store<T: Lanes>(&mut self, at: usize, v: T) {
        if let Some(d) = self.output().get_mut(at..) {
            E::store(v, d);
        }
    }
}

/// The job that runs a [`UnaryKernel`] over an [`Io`] of `E`.
/// `IN_PLACE` names the variant of `io` (a distinct instance per variant,
/// whose loops then test no variant per vector). With `fixes` (an
/// Accurate kernel on a half format, at its default parameters), results
/// are correctly rounded (`element.rs`); without, rounded once.
pub(crate) struct ElementJob<'a, K, E, const IN_PLACE: bool> {
    pub k: K,
    pub io: Option<Io<'a, E>>,
    pub fixes: Option<&'static Fixes>,
}

impl<K: UnaryKernel, E: Elem, const IN_PLACE: bool> Job for ElementJob<'_, K, E, IN_PLACE> {
    type Output = ();
    #[cfg(target_arch = "x86_64")]
    const LOCKSTEP: bool = K::LOCKSTEP;
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(self) {
        if let Some(io) = self.io.and_then(|io| io.of_variant::<IN_PLACE>()) {
            match self.fixes {
                // An exact kernel (window 0, nothing listed) rounds correctly as it is.
                Some(f) if !E::IS_F32 && !f.is_trivial() => {
                    drive::map_overlapping_tail::<V, U, K, E, true>(io, self.k, f)
                }
                _ => drive::map_overlapping_tail::<V, U, K, E, false>(io, self.k, &NO_FIXES),
            }
        }
    }
}

/// The fixes of a job that has none.
static NO_FIXES: Fixes = Fixes::new(0, &[]);

/// A function of a whole row (a non-empty slice).
pub(crate) trait RowKernel: Copy {
    fn row<V: Lanes, const U: usize, E: Elem>(self, io: Io<'_, E>, masked: MaskedRows);
}

/// The job that runs a [`RowKernel`] on each `row_len` elements of `io` (whose
/// length the caller checked is a multiple of `row_len`); nothing for
/// `row_len == 0`.
/// `IN_PLACE` as in [`ElementJob`].
pub(crate) struct RowJob<'a, R, E, const IN_PLACE: bool> {
    pub r: R,
    pub io: Option<Io<'a, E>>,
    pub row_len: usize,
    pub masked: MaskedRows,
}

impl<R: RowKernel, E: Elem, const IN_PLACE: bool> Job for RowJob<'_, R, E, IN_PLACE> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(self) {
        let RowJob {
            r,
            io,
            row_len,
            masked,
        } = self;
        let Some(io) = io
            .and_then(|io| io.of_variant::<IN_PLACE>())
            .filter(|_| row_len != 0)
        else {
            return;
        };
        // Rows shorter than a `Lanes::Rows` vector run on `V` itself: one
        // partial vector either way, and one lane is cheaper to set up and
        // to total (Scalar on x86-64: rows of 1 to 3 took up to 1.6x
        // longer on four lanes, `benches/peers`).
        if V::Rows::LANES > V::LANES && row_len < V::Rows::LANES {
            each_row::<V, U, R, E>(r, io, row_len, masked);
        } else {
            each_row::<V::Rows, U, R, E>(r, io, row_len, masked);
        }
    }
}

/// `r` on each `row_len` elements of `io`. By index, not `chunks_exact`:
/// `row_len` is known only at run time, and the iterator code that
/// divides by it, where not inlined, leaves a divide-by-zero panic path
/// the no-panic proof rejects. One call site, so the row function is
/// inlined once for both `Io` variants.
#[inline(always)]
fn each_row<V: Lanes, const U: usize, R: RowKernel, E: Elem>(
    r: R,
    mut io: Io<'_, E>,
    row_len: usize,
    masked: MaskedRows,
) {
    let mut at = 0;
    while let Some(row) = io.range(at, row_len) {
        r.row::<V, U, E>(row, masked);
        at += row_len;
    }
}

/// A function of two inputs, lane by lane.
pub(crate) trait BinaryKernel: Copy {
    /// The padding of a partial vector's missing lanes (see [`UnaryKernel::FILL`]).
    const FILL: (f32, f32) = (0.0, 0.0);
    fn eval<V: Lanes>(self, a: V, b: V) -> V;
}

/// The job that runs a [`BinaryKernel`] over the first input of `io` and
/// `b` into the output of `io` (equal lengths, checked by the caller), if
/// all are of type `E`. `IN_PLACE` as in [`ElementJob`]: the result goes
/// into the first input.
pub(crate) struct BinaryJob<'a, K, E, const IN_PLACE: bool> {
    pub k: K,
    pub io: Option<Io<'a, E>>,
    pub b: Option<&'a [E]>,
}

impl<'a, K, E: Elem> BinaryJob<'a, K, E, false> {
    /// Out of place: `a`, `b` into `out`.
    #[inline(always)]
    pub(crate) fn new(k: K, a: AnySlice<'a>, b: AnySlice<'a>, out: AnySliceMut<'a>) -> Self {
        BinaryJob {
            k,
            io: Io::out(a, out),
            b: E::of(b),
        }
    }
}

impl<'a, K, E: Elem> BinaryJob<'a, K, E, true> {
    /// In place: `a`, `b` into `a`.
    #[inline(always)]
    pub(crate) fn in_place(k: K, a: AnySliceMut<'a>, b: AnySlice<'a>) -> Self {
        BinaryJob {
            k,
            io: Io::in_place(a),
            b: E::of(b),
        }
    }
}

impl<K: BinaryKernel, E: Elem, const IN_PLACE: bool> Job for BinaryJob<'_, K, E, IN_PLACE> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(self) {
        if let (Some(io), Some(b)) = (self.io.and_then(|io| io.of_variant::<IN_PLACE>()), self.b) {
            drive::map2_partial_tail::<V, U, K, E>(self.k, io, b);
        }
    }
}

/// The job that runs a [`BinaryKernel`] on rows of `2 half_len` inputs laid
/// out `[a | b]` into rows of `half_len` outputs (lengths checked by the
/// caller); nothing for `half_len == 0`.
pub(crate) struct BinaryRowsJob<'a, K, E> {
    pub k: K,
    pub input: Option<&'a [E]>,
    pub output: Option<&'a mut [E]>,
    pub half_len: usize,
}

impl<'a, K, E: Elem> BinaryRowsJob<'a, K, E> {
    #[inline(always)]
    pub(crate) fn new(k: K, input: AnySlice<'a>, output: AnySliceMut<'a>, half_len: usize) -> Self {
        BinaryRowsJob {
            k,
            input: E::of(input),
            output: E::of_mut(output),
            half_len,
        }
    }
}

impl<K: BinaryKernel, E: Elem> Job for BinaryRowsJob<'_, K, E> {
    type Output = ();
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(self) {
        let (Some(input), Some(output), h) = (self.input, self.output, self.half_len) else {
            return;
        };
        if h == 0 {
            return;
        }
        // By index, not `chunks_exact`: see `RowJob::run`. One call site,
        // so the kernel is inlined once.
        // Saturating: an index past the end is a missing row, not a panic.
        let w = h.saturating_mul(2);
        let (mut i, mut o) = (0usize, 0usize);
        while let (Some(a), Some(b), Some(y)) = (
            input.get(i..i.saturating_add(h)),
            input.get(i.saturating_add(h)..i.saturating_add(w)),
            output.get_mut(o..o.saturating_add(h)),
        ) {
            drive::map2_partial_tail::<V, U, K, E>(self.k, Io::Out(a, y), b);
            i = i.saturating_add(w);
            o = o.saturating_add(h);
        }
    }
}
