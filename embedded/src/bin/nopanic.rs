//! No-panic proof: calls every actkern entry point on data the optimiser
//! cannot see (volatile reads: any values, lengths, offsets, backend,
//! Gaussian parameters). The panic handler calls a symbol that exists
//! nowhere, so this binary LINKS ONLY IF NO PANIC PATH SURVIVES
//! OPTIMISATION (release, fat LTO). It is never run.
//!
//! With `--features canary` it also indexes a slice with an unknown index,
//! and must then fail to link: that shows the check can fail.
#![no_std]
#![no_main]

use actkern::{Backend, Gauss, Kernels, scalar};
use core::ptr::{read_volatile, write_volatile};
use cortex_m_rt::entry;

/// Inputs, read with `read_volatile`, so their values are unknown.
static INPUT: [f32; 64] = [0.5; 64];
/// Lengths, offsets, a backend index, Gaussian parameters (as bits) and
/// the canary's index, all unknown to the optimiser.
static PARAMS: [u32; 11] = [64, 0, 64, 0, 1, 0, 0x3f80_0000, 0x3f80_0000, 5, 3, 0];
/// Where results go, so no call is optimised away.
static mut SINK: u32 = 0;

fn unknown<T: Copy>(v: &T) -> T {
    // SAFETY: `v` is a valid, aligned reference to a `Copy` value.
    unsafe { read_volatile(v) }
}

fn sink(v: u32) {
    // SAFETY: single-threaded, no interrupts use SINK, and no reference to
    // it exists: a raw-pointer volatile write.
    unsafe { write_volatile(&raw mut SINK, v) };
}

fn sink_slice(y: &[f32]) {
    sink(y.iter().fold(0, |a, v| a ^ v.to_bits()));
}

/// A sub-slice `[off..end]` of `buf` with unknown bounds (empty if out of
/// range; `get` cannot panic).
fn part(buf: &[f32], off: usize, end: usize) -> &[f32] {
    buf.get(off..end).unwrap_or(&[])
}

fn part_mut(buf: &mut [f32], off: usize, end: usize) -> &mut [f32] {
    match buf.get_mut(off..end) {
        Some(s) => s,
        None => &mut [],
    }
}

/// Every slice method of `k`, out of place (lengths may differ) and in
/// place.
fn slice_methods(k: &Kernels, g: Gauss, x: &[f32], y: &mut [f32]) {
    let r = [
        k.exp(x, y),
        k.sigmoid(x, y),
        k.logit(x, y),
        k.relu(x, y),
        k.softmax(x, y),
        k.gauss(g, x, y),
        k.gauss(Gauss::STANDARD, x, y),
    ];
    sink(r.iter().filter(|r| r.is_ok()).count() as u32);
    sink_slice(y);
    k.exp_inplace(y);
    k.sigmoid_inplace(y);
    k.logit_inplace(y);
    k.relu_inplace(y);
    k.softmax_inplace(y);
    k.gauss_inplace(g, y);
    k.gauss_inplace(Gauss::STANDARD, y);
    sink_slice(y);
}

/// The crate-root free functions (on `Kernels::detect()`).
fn free_functions(g: Gauss, x: &[f32], y: &mut [f32]) {
    let r = [
        actkern::exp(x, y),
        actkern::sigmoid(x, y),
        actkern::logit(x, y),
        actkern::relu(x, y),
        actkern::softmax(x, y),
        actkern::gauss(g, x, y),
    ];
    sink(r.iter().filter(|r| r.is_ok()).count() as u32);
    actkern::exp_inplace(y);
    actkern::sigmoid_inplace(y);
    actkern::logit_inplace(y);
    actkern::relu_inplace(y);
    actkern::softmax_inplace(y);
    actkern::gauss_inplace(g, y);
    sink_slice(y);
}

fn scalar_functions(g: Gauss, x: &[f32]) {
    for &v in x {
        let y = [
            scalar::exp(v),
            scalar::sigmoid(v),
            scalar::logit(v),
            scalar::relu(v),
            scalar::gauss(g, v),
            scalar::gauss(Gauss::STANDARD, v),
        ];
        sink_slice(&y);
    }
}

#[entry]
fn main() -> ! {
    let p: [u32; 11] = unknown(&PARAMS);
    let x: [f32; 64] = unknown(&INPUT);
    let mut y = [0.0f32; 64];
    let [lx, ox, ly, oy, bi] = [p[0], p[1], p[2], p[3], p[4]].map(|v| v as usize);
    let [mu, sigma, a] = [p[5], p[6], p[7]].map(f32::from_bits);
    let g = Gauss::new(mu, sigma, a).unwrap_or(Gauss::STANDARD);
    sink(Gauss::new(a, mu, sigma).is_ok() as u32);
    let unknown_backend = Backend::ALL.get(bi).and_then(|&b| Kernels::new(b).ok());
    let handles = [
        Kernels::new(Backend::Scalar).ok(),
        Kernels::new(Backend::Simd128).ok(),
        unknown_backend,
        Some(Kernels::detect()),
    ];
    for k in handles.iter().flatten() {
        slice_methods(k, g, part(&x, ox, lx), part_mut(&mut y, oy, ly));
    }
    free_functions(g, part(&x, ox, lx), part_mut(&mut y, oy, ly));
    scalar_functions(g, part(&x, ox, lx));
    #[cfg(feature = "canary")]
    sink(x[p[10] as usize].to_bits()); // may be out of bounds: must not link
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    unsafe extern "C" {
        /// Defined nowhere: referencing it fails the link.
        fn actkern_kernel_can_panic() -> !;
    }
    // SAFETY: never runs: the link only succeeds if this handler, the only
    // reference to the undefined symbol, was optimised away with every
    // panic path.
    unsafe { actkern_kernel_can_panic() }
}
