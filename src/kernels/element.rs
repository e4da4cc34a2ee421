//! The element types of the slices: `f32`, and with the `half` feature
//! `half::f16` and `half::bf16`, converted in registers on the way in and
//! out of a kernel (no temporary `f32` buffer).
//!
//! A half-format slice is computed in `f32` and rounded once, to nearest
//! even. For the Accurate tier of an element-wise function that is not
//! enough: where the `f32` result lies within its own error bound of a
//! rounding boundary of the format, rounding it may go the wrong way. So
//! the store checks each vector: if some lane's result is within
//! [`Fixes`]' window of a boundary (rare: about `2 window / 2^13` of `f16`
//! results, `2 window / 2^16` of `bf16` ones), those lanes are decided by
//! the function's short list of such inputs (`half_fixes.rs`, generated from
//! independent `f64` references); an input not on the list is far enough
//! from the boundary that the `f32` result rounds correctly. So every
//! result is the correctly rounded one, the same bits on every backend.

#[cfg(feature = "half")]
use crate::lanes::IntLanes;
use crate::lanes::Lanes;

#[cfg(feature = "half")]
use half::{bf16, f16, slice::HalfFloatSliceExt};

/// A slice of any element type, as the entries take it (one entry per
/// type: an entry meets only its own variant).
pub enum AnySlice<'a> {
    F32(&'a [f32]),
    #[cfg(feature = "half")]
    F16(&'a [f16]),
    #[cfg(feature = "half")]
    Bf16(&'a [bf16]),
}

/// A mutable slice of any element type.
pub enum AnySliceMut<'a> {
    F32(&'a mut [f32]),
    #[cfg(feature = "half")]
    F16(&'a mut [f16]),
    #[cfg(feature = "half")]
    Bf16(&'a mut [bf16]),
}

/// One value per element type: a function's entries for each.
#[derive(Clone, Copy)]
pub struct Formats<T> {
    pub f32: T,
    #[cfg(feature = "half")]
    pub f16: T,
    #[cfg(feature = "half")]
    pub bf16: T,
}

pub(crate) mod sealed {
    use super::{AnySlice, AnySliceMut, Formats};

    /// What [`super::Element`] hides: how a slice of it reaches its entry.
    pub trait Sealed: Copy + Sized + 'static {
        fn pick<T>(t: &Formats<T>) -> &T;
        fn any(s: &[Self]) -> AnySlice<'_>;
        fn any_mut(s: &mut [Self]) -> AnySliceMut<'_>;
    }
}

/// The element types a kernel takes slices of: `f32`, and with the
/// default feature `half`, [`half::f16`] and [`half::bf16`] (re-exported
/// as `actkern::half`). Sealed: the kernels convert each type in
/// registers.
///
/// Half-format slices are computed in `f32` (`f32` intermediates and
/// sums in the row functions) and rounded once to nearest even, without
/// flushing subnormals. In the Accurate tier an element-wise function's
/// result is **correctly rounded** (the exact value rounded to the format)
/// for every input at its default parameters, so the same bits on every
/// backend and target; with other parameters, and in the Fast tier, it is
/// within one unit of the format (see `docs/ulp.md`).
///
/// ```
/// # #[cfg(feature = "half")] {
/// use actkern::half::{bf16, f16};
/// let k = actkern::Kernels::detect();
/// let x = [f16::from_f32(-1.0), f16::ZERO, f16::from_f32(2.0)];
/// let mut y = [f16::ZERO; 3];
/// k.sigmoid(&x, &mut y)?;
/// assert_eq!(y[1], f16::from_f32(0.5));
/// let mut h = [bf16::from_f32(1.0); 4];
/// k.gelu_inplace(&mut h);
/// assert_eq!(h[0], bf16::from_f32(0.8413447)); // 0.84134475 rounded once
/// # }
/// # Ok::<(), actkern::Error>(())
/// ```
pub trait Element: sealed::Sealed {}

impl Element for f32 {}
impl sealed::Sealed for f32 {
    #[inline(always)]
    fn pick<T>(t: &Formats<T>) -> &T {
        &t.f32
    }
    #[inline(always)]
    fn any(s: &[Self]) -> AnySlice<'_> {
        AnySlice::F32(s)
    }
    #[inline(always)]
    fn any_mut(s: &mut [Self]) -> AnySliceMut<'_> {
        AnySliceMut::F32(s)
    }
}

#[cfg(feature = "half")]
impl Element for f16 {}
#[cfg(feature = "half")]
impl sealed::Sealed for f16 {
    #[inline(always)]
    fn pick<T>(t: &Formats<T>) -> &T {
        &t.f16
    }
    #[inline(always)]
    fn any(s: &[Self]) -> AnySlice<'_> {
        AnySlice::F16(s)
    }
    #[inline(always)]
    fn any_mut(s: &mut [Self]) -> AnySliceMut<'_> {
        AnySliceMut::F16(s)
    }
}

#[cfg(feature = "half")]
impl Element for bf16 {}
#[cfg(feature = "half")]
impl sealed::Sealed for bf16 {
    #[inline(always)]
    fn pick<T>(t: &Formats<T>) -> &T {
        &t.bf16
    }
    #[inline(always)]
    fn any(s: &[Self]) -> AnySlice<'_> {
        AnySlice::Bf16(s)
    }
    #[inline(always)]
    fn any_mut(s: &mut [Self]) -> AnySliceMut<'_> {
        AnySliceMut::Bf16(s)
    }
}

/// The inputs of one function and format whose exact result lies near a
/// rounding boundary, with their correctly rounded results (sorted by
/// input bits), and the window the kernel checks: `ceil(2 bound)` `f32`
/// steps (the bound in ULP of the result, doubled where a binade boundary
/// halves the steps).
#[cfg_attr(not(feature = "half"), allow(dead_code))]
pub(crate) struct Fixes {
    window: i32,
    list: &'static [(u16, u16)],
}

#[cfg_attr(not(feature = "half"), allow(dead_code))]
impl Fixes {
    pub(crate) const fn new(window: i32, list: &'static [(u16, u16)]) -> Fixes {
        Fixes { window, list }
    }

    /// Window 0 and nothing listed: the kernel is exact, its rounding correct.
    #[inline(always)]
    pub(crate) fn is_trivial(&self) -> bool {
        self.window == 0 && self.list.is_empty()
    }

    /// The correctly rounded result of input `x`, if it is on the list.
    #[inline]
    fn find(&self, x: u16) -> Option<u16> {
        self.list
            .binary_search_by_key(&x, |&(i, _)| i)
            .ok()
            .and_then(|i| self.list.get(i))
            .map(|&(_, y)| y)
    }
}

/// The element types as the kernels see them: loads and stores of `f32`
/// lanes from and to slices of `Self`.
pub(crate) trait Elem: Copy + 'static {
    /// True for `f32` (no conversion: the row functions may keep
    /// intermediates in the output).
    const IS_F32: bool;
    fn of<'a>(s: AnySlice<'a>) -> Option<&'a [Self]>;
    fn of_mut<'a>(s: AnySliceMut<'a>) -> Option<&'a mut [Self]>;
    /// The first `min(LANES, len)` elements of `s` as `f32` lanes (exact),
    /// the missing ones `fill` (a value every format holds exactly).
    fn load_or<V: Lanes>(s: &[Self], fill: f32) -> V;
    /// `v` rounded to nearest even into the first `min(LANES, len)`
    /// elements of `d`.
    fn store<V: Lanes>(v: V, d: &mut [Self]);
    /// `y` (the Accurate `f32` results for the inputs `x`, which came from
    /// this format) correctly rounded into `d`, deciding the lanes near a
    /// rounding boundary by `fixes`.
    fn store_exact<V: Lanes>(x: V, y: V, fixes: &Fixes, d: &mut [Self]) {
        let _ = (x, fixes);
        Self::store(y, d)
    }
    /// `v` written to every element of `d`.
    fn fill(d: &mut [Self], v: f32) {
        for e in d {
            Self::store::<f32>(v, core::slice::from_mut(e));
        }
    }
}

impl Elem for f32 {
    const IS_F32: bool = true;
    #[inline(always)]
    fn of<'a>(s: AnySlice<'a>) -> Option<&'a [Self]> {
        match s {
            AnySlice::F32(s) => Some(s),
            #[cfg(feature = "half")]
            _ => None,
        }
    }
    #[inline(always)]
    fn of_mut<'a>(s: AnySliceMut<'a>) -> Option<&'a mut [Self]> {
        match s {
            AnySliceMut::F32(s) => Some(s),
            #[cfg(feature = "half")]
            _ => None,
        }
    }
    #[inline(always)]
    fn load_or<V: Lanes>(s: &[Self], fill: f32) -> V {
        V::load_or(s, fill)
    }
    #[inline(always)]
    fn store<V: Lanes>(v: V, d: &mut [Self]) {
        v.store(d)
    }
}

/// The largest number of lanes of any backend's vector (`Pair<Avx512>`).
#[cfg(feature = "half")]
const MAX_LANES: usize = 32;

/// A half format's conversions, in the lanes vocabulary.
#[cfg(feature = "half")]
trait Half: Elem {
    fn bits(s: &[Self]) -> &[u16];
    fn bits_mut(s: &mut [Self]) -> &mut [u16];
    fn to_int<V: Lanes>(v: V) -> V::Int;
    fn from_int<V: Lanes>(h: V::Int) -> V;
    /// `(h, near)`: `y` rounded to the format, and per lane a value that
    /// is `>= 0` where the lane is within `window` steps of a boundary,
    /// negative (a NaN pattern as a float) where `h` is then correct.
    fn check<V: Lanes>(y: V, window: i32) -> (V::Int, V::Int);
}

/// True if no lane of `near` is `>= 0` (see [`Half::check`]): a negative
/// `i32` above `-2^23` is a NaN pattern, which `is_nan` reads quietly.
#[cfg(feature = "half")]
#[inline(always)]
fn none_near<V: Lanes>(near: V::Int) -> bool {
    V::all(V::from_bits(near).is_nan())
}

#[cfg(feature = "half")]
impl Half for f16 {
    #[inline(always)]
    fn bits(s: &[Self]) -> &[u16] {
        s.reinterpret_cast()
    }
    #[inline(always)]
    fn bits_mut(s: &mut [Self]) -> &mut [u16] {
        s.reinterpret_cast_mut()
    }
    #[inline(always)]
    fn to_int<V: Lanes>(v: V) -> V::Int {
        v.to_f16()
    }
    #[inline(always)]
    fn from_int<V: Lanes>(h: V::Int) -> V {
        V::from_f16(h)
    }
    /// Rounds the magnitudes `window` steps below and above `|y|`: if they
    /// agree, no boundary lies between (the step count saturates at 0 and
    /// at infinity; infinite and NaN results are checked lane by lane).
    #[inline(always)]
    /// (`lo - hi` is in `[-65535, 65535]`; `-1 - min(d, -d)` is `-1`
    /// where they agree and `>= 0` where they do not.)
    fn check<V: Lanes>(y: V, window: i32) -> (V::Int, V::Int) {
        // A NaN lane checks as the quiet NaN `window` steps up, so that `lo`
        // is the one NaN result, `0x7e00` (`to_f16` keeps payload bits).
        let nan = V::from_bits(V::Int::splat(0x7FC0_0000 + window));
        let a = V::select(y.is_nan(), nan, y.abs()).to_bits();
        let w = V::Int::splat(window);
        let lo = V::from_bits(a.sub(w).max(V::Int::splat(0))).to_f16();
        let hi = V::from_bits(a.add(w).min(V::Int::splat(0x7F80_0000))).to_f16();
        let sign = y.to_bits().shr::<16>().and(V::Int::splat(0x8000));
        let d = lo.sub(hi);
        let near = V::Int::splat(-1).sub(d.min(V::Int::splat(0).sub(d)));
        (lo.or(sign), near)
    }
}

#[cfg(feature = "half")]
impl Half for bf16 {
    #[inline(always)]
    fn bits(s: &[Self]) -> &[u16] {
        s.reinterpret_cast()
    }
    #[inline(always)]
    fn bits_mut(s: &mut [Self]) -> &mut [u16] {
        s.reinterpret_cast_mut()
    }
    #[inline(always)]
    fn to_int<V: Lanes>(v: V) -> V::Int {
        v.to_bf16()
    }
    #[inline(always)]
    fn from_int<V: Lanes>(h: V::Int) -> V {
        V::from_bf16(h)
    }
    /// A `bf16` boundary is where the low 16 bits of the `f32` are
    /// `0x8000`, whatever the exponent: the lane is near one if its low 16
    /// bits are within `window` of it, i.e. `s = low16 + window - 0x8000`
    /// (sign-extended from 16 bits) is in `[0, 2 window]`, i.e.
    /// `min(s, 2 window - s) >= 0`.
    #[inline(always)]
    fn check<V: Lanes>(y: V, window: i32) -> (V::Int, V::Int) {
        let s = y
            .to_bits()
            .add(V::Int::splat(window + 0x8000))
            .shl::<16>()
            .shr::<16>();
        let m = s.min(V::Int::splat(2 * window).sub(s));
        (y.to_bf16(), m)
    }
}

/// The lanes of a vector found near a boundary (`near >= 0`): those
/// whose input is on the list take its result; the others' rounding is
/// correct (the list holds every input whose exact result lies within
/// `window + 2` steps of a boundary).
#[cfg(feature = "half")]
#[inline(never)]
#[cold]
fn fix_lanes<E: Half>(x: &[f32], near: &[f32], fixes: &Fixes, d: &mut [u16]) {
    for ((o, &x), &n) in d.iter_mut().zip(x).zip(near) {
        if (n.to_bits() as i32) >= 0 {
            // `x` came from the format, so its conversion back is exact.
            if let Some(r) = fixes.find(E::to_int::<f32>(x) as u16) {
                *o = r;
            }
        }
    }
}

/// `v` with every NaN lane replaced by the positive quiet NaN, so that a
/// half-format result's NaN is one pattern (`0x7e00`, `0x7fc0`). The `f32`
/// kernels' NaN payloads and signs depend on operand order, which LLVM
/// picks per compilation: in place and out of place, or two backends,
/// could otherwise store different NaNs for one input.
#[cfg(feature = "half")]
#[inline(always)]
fn canonical_nan<V: Lanes>(v: V) -> V {
    V::select(v.is_nan(), V::splat(f32::NAN), v)
}

macro_rules! half_elem {
    ($t:ty, $variant:ident) => {
        #[cfg(feature = "half")]
        impl Elem for $t {
            const IS_F32: bool = false;
            #[inline(always)]
            fn of<'a>(s: AnySlice<'a>) -> Option<&'a [Self]> {
                match s {
                    AnySlice::$variant(s) => Some(s),
                    _ => None,
                }
            }
            #[inline(always)]
            fn of_mut<'a>(s: AnySliceMut<'a>) -> Option<&'a mut [Self]> {
                match s {
                    AnySliceMut::$variant(s) => Some(s),
                    _ => None,
                }
            }
            #[inline(always)]
            fn load_or<V: Lanes>(s: &[Self], fill: f32) -> V {
                let f = <Self as Half>::to_int::<f32>(fill) as u16;
                <Self as Half>::from_int::<V>(V::load_u16_or(<Self as Half>::bits(s), f))
            }
            #[inline(always)]
            fn store<V: Lanes>(v: V, d: &mut [Self]) {
                let v = canonical_nan(v);
                V::store_u16(<Self as Half>::to_int(v), <Self as Half>::bits_mut(d))
            }
            #[inline(always)]
            fn store_exact<V: Lanes>(x: V, y: V, fixes: &Fixes, d: &mut [Self]) {
                let (h, near) = <Self as Half>::check(canonical_nan(y), fixes.window);
                let d = <Self as Half>::bits_mut(d);
                V::store_u16(h, d);
                if !none_near::<V>(near) {
                    const { assert!(V::LANES <= MAX_LANES) };
                    let (mut xs, mut ys) = ([0.0f32; MAX_LANES], [0.0f32; MAX_LANES]);
                    x.store(&mut xs);
                    V::from_bits(near).store(&mut ys);
                    let n = V::LANES.min(MAX_LANES);
                    fix_lanes::<Self>(
                        xs.get(..n).unwrap_or(&[]),
                        ys.get(..n).unwrap_or(&[]),
                        fixes,
                        d,
                    );
                }
            }
        }
    };
}

half_elem!(f16, F16);
half_elem!(bf16, Bf16);
