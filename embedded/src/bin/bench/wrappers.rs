//! `#[no_mangle]` wrappers whose code size `size.sh` reports: actkern's
//! functions beside the naive formulas on `libm`. `main` calls each once
//! through [`SCALAR`] / [`SLICE`], so the linker keeps them.
//!
//! `#[unsafe(no_mangle)]`: every name here is prefixed `ak_` or `naive_`
//! and defined once, so it clashes with no other symbol in the firmware.

use actkern::{Backend, Gauss, Kernels, scalar};

#[unsafe(no_mangle)]
pub extern "C" fn ak_exp(x: f32) -> f32 {
    scalar::exp(x)
}
#[unsafe(no_mangle)]
pub extern "C" fn ak_sigmoid(x: f32) -> f32 {
    scalar::sigmoid(x)
}
#[unsafe(no_mangle)]
pub extern "C" fn ak_logit(p: f32) -> f32 {
    scalar::logit(p)
}
#[unsafe(no_mangle)]
pub extern "C" fn ak_gauss(x: f32) -> f32 {
    scalar::gauss(Gauss::STANDARD, x)
}
#[unsafe(no_mangle)]
pub extern "C" fn ak_relu(x: f32) -> f32 {
    scalar::relu(x)
}

#[unsafe(no_mangle)]
pub extern "C" fn naive_exp(x: f32) -> f32 {
    libm::expf(x)
}
#[unsafe(no_mangle)]
pub extern "C" fn naive_sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + libm::expf(-x))
}
#[unsafe(no_mangle)]
pub extern "C" fn naive_logit(p: f32) -> f32 {
    libm::logf(p / (1.0 - p))
}
#[unsafe(no_mangle)]
pub extern "C" fn naive_gauss(x: f32) -> f32 {
    libm::expf(-x * x)
}
#[unsafe(no_mangle)]
pub extern "C" fn naive_relu(x: f32) -> f32 {
    x.max(0.0)
}

/// The scalar wrappers, as `main` calls them.
pub static SCALAR: [extern "C" fn(f32) -> f32; 10] = [
    ak_exp,
    ak_sigmoid,
    ak_logit,
    ak_gauss,
    ak_relu,
    naive_exp,
    naive_sigmoid,
    naive_logit,
    naive_gauss,
    naive_relu,
];

fn on_scalar() -> Kernels {
    Kernels::new(Backend::Scalar).unwrap_or_else(|_| Kernels::detect())
}

#[unsafe(no_mangle)]
pub fn ak_slice_exp(x: &[f32], y: &mut [f32]) -> bool {
    on_scalar().exp(x, y).is_ok()
}
#[unsafe(no_mangle)]
pub fn ak_slice_sigmoid(x: &[f32], y: &mut [f32]) -> bool {
    on_scalar().sigmoid(x, y).is_ok()
}
#[unsafe(no_mangle)]
pub fn ak_slice_logit(x: &[f32], y: &mut [f32]) -> bool {
    on_scalar().logit(x, y).is_ok()
}
#[unsafe(no_mangle)]
pub fn ak_slice_gauss(x: &[f32], y: &mut [f32]) -> bool {
    on_scalar().gauss(Gauss::STANDARD, x, y).is_ok()
}
#[unsafe(no_mangle)]
pub fn ak_slice_relu(x: &[f32], y: &mut [f32]) -> bool {
    on_scalar().relu(x, y).is_ok()
}
#[unsafe(no_mangle)]
pub fn ak_slice_softmax(x: &[f32], y: &mut [f32]) -> bool {
    on_scalar().softmax(x, y).is_ok()
}

/// `y[i] = f(x[i])`; false (nothing written) if the lengths differ, like
/// the kernels.
#[inline(always)]
fn naive_map(x: &[f32], y: &mut [f32], f: impl Fn(f32) -> f32) -> bool {
    if x.len() != y.len() {
        return false;
    }
    for (o, &i) in y.iter_mut().zip(x) {
        *o = f(i);
    }
    true
}

#[unsafe(no_mangle)]
pub fn naive_slice_exp(x: &[f32], y: &mut [f32]) -> bool {
    naive_map(x, y, libm::expf)
}
#[unsafe(no_mangle)]
pub fn naive_slice_sigmoid(x: &[f32], y: &mut [f32]) -> bool {
    naive_map(x, y, |x| 1.0 / (1.0 + libm::expf(-x)))
}
#[unsafe(no_mangle)]
pub fn naive_slice_logit(x: &[f32], y: &mut [f32]) -> bool {
    naive_map(x, y, |p| libm::logf(p / (1.0 - p)))
}
#[unsafe(no_mangle)]
pub fn naive_slice_gauss(x: &[f32], y: &mut [f32]) -> bool {
    naive_map(x, y, |x| libm::expf(-x * x))
}
#[unsafe(no_mangle)]
pub fn naive_slice_relu(x: &[f32], y: &mut [f32]) -> bool {
    naive_map(x, y, |x| x.max(0.0))
}
/// Max, `expf`, plain sum, divide: the naive softmax.
#[unsafe(no_mangle)]
pub fn naive_slice_softmax(x: &[f32], y: &mut [f32]) -> bool {
    if x.len() != y.len() {
        return false;
    }
    let m = x.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let mut s = 0.0f32;
    for (o, &i) in y.iter_mut().zip(x) {
        *o = libm::expf(i - m);
        s += *o;
    }
    for o in y.iter_mut() {
        *o /= s;
    }
    true
}

/// A slice wrapper: `y = f(x)`, false on unequal lengths.
pub type SliceFn = fn(&[f32], &mut [f32]) -> bool;

/// The slice wrappers, as `main` calls them.
pub static SLICE: [SliceFn; 12] = [
    ak_slice_exp,
    ak_slice_sigmoid,
    ak_slice_logit,
    ak_slice_gauss,
    ak_slice_relu,
    ak_slice_softmax,
    naive_slice_exp,
    naive_slice_sigmoid,
    naive_slice_logit,
    naive_slice_gauss,
    naive_slice_relu,
    naive_slice_softmax,
];
