//! The wrappers whose code size `size.sh` reports and through which `main`
//! times each function. `build.rs` generates, from the function table,
//! `#[no_mangle]` wrappers named after each function (see its docs) and
//! [`FUNCTIONS`]; each calls one of the generic bodies below on a constant
//! index `I` into `Activation::ALL`. The activation is a `const { }`, so
//! the optimiser folds the `match` in `apply` and each wrapper holds only
//! its own function.
//!
//! `#[unsafe(no_mangle)]`: every generated name is prefixed `ak_` or
//! `naive_` and defined once (the table's names are distinct), so it
//! clashes with no other symbol in the firmware.

use actkern::{Activation, Backend, Kernels, Precision, scalar};
use actkern_testkit::reference::{self, Libm};

include!(concat!(env!("OUT_DIR"), "/wrappers.rs"));

/// `y = f(x)`; false (nothing written) if the lengths differ.
pub type SliceFn = fn(&[f32], &mut [f32]) -> bool;
/// One value.
pub type OneFn = extern "C" fn(f32) -> f32;

/// Every way to run one function of the table.
pub struct Wrappers {
    /// `actkern::scalar::apply` (element-wise and parametric kinds).
    pub scalar: Option<OneFn>,
    /// The naive `libm` formula at one value (same kinds).
    pub naive: Option<OneFn>,
    /// `scalar::apply` in a loop, inlined (same kinds).
    pub scalar_loop: Option<SliceFn>,
    /// `Kernels::apply` on `Backend::Scalar`, per tier of `Precision::ALL`.
    pub slice: [SliceFn; Precision::ALL.len()],
    /// `Kernels::apply` on `Backend::Simd128`, accurate tier.
    pub simd128: SliceFn,
    /// The naive `libm` formula over a slice (the row function for
    /// row-wise kinds).
    pub naive_slice: SliceFn,
}

fn on(b: Backend) -> Kernels {
    Kernels::new(b).unwrap_or_else(|_| Kernels::detect())
}

#[inline(always)]
fn one<const I: usize>(x: f32) -> f32 {
    scalar::apply(const { Activation::ALL[I] }, x)
}

#[inline(always)]
fn naive_one<const I: usize>(x: f32) -> f32 {
    let mut y = [f32::NAN];
    reference::naive_slice::<Libm>(const { Activation::ALL[I] }, &[x], &mut y);
    y[0]
}

/// `Activation::ALL[I]` on `Backend::Scalar` in tier `Precision::ALL[T]`.
#[inline(always)]
fn slice<const I: usize, const T: usize>(x: &[f32], y: &mut [f32]) -> bool {
    on(Backend::Scalar)
        .with_precision(const { Precision::ALL[T] })
        .apply(const { Activation::ALL[I] }, x, y)
        .is_ok()
}

#[inline(never)]
fn simd128_slice<const I: usize>(x: &[f32], y: &mut [f32]) -> bool {
    on(Backend::Simd128)
        .apply(const { Activation::ALL[I] }, x, y)
        .is_ok()
}

#[inline(never)]
fn scalar_loop<const I: usize>(x: &[f32], y: &mut [f32]) -> bool {
    for (o, &v) in y.iter_mut().zip(x) {
        *o = one::<I>(v);
    }
    x.len() == y.len()
}

#[inline(always)]
fn naive_slice<const I: usize>(x: &[f32], y: &mut [f32]) -> bool {
    x.len() == y.len() && reference::naive_slice::<Libm>(const { Activation::ALL[I] }, x, y)
}
