//! No-panic proof: calls every entry point of actkern generically, for
//! every function of `Activation::ALL` (and, for parametric ones,
//! parameters built from unknown bits), on data the optimiser cannot see
//! (volatile reads: any values, lengths, offsets, backend, tier,
//! parameters). The panic handler calls a symbol that exists nowhere, so
//! this binary LINKS ONLY IF NO PANIC PATH SURVIVES OPTIMISATION (release,
//! fat LTO). It is never run.
//!
//! With `--features canary` it makes one kernel call and indexes a slice
//! with an unknown index, and must then fail to link: that shows the check
//! can fail.
#![no_std]
#![no_main]

use actkern::{
    Activation, Backend, Binary, Kernels, MaskedRows, Precision, RowOptions, SoftmaxState, scalar,
};
use actkern_testkit::params;
use core::ptr::{read_volatile, write_volatile};
use cortex_m_rt::entry;

/// Inputs, read with `read_volatile`, so their values are unknown.
static INPUT: [f32; 64] = [0.5; 64];
/// Lengths, offsets, a backend index, a tier index, parameters (as bits),
/// an activation index and the canary's index, then the attention
/// options' stride, causal offset, which options are set (bits) and the
/// mask's bounds, all unknown to the optimiser.
static PARAMS: [u32; 16] = [
    64,
    0,
    64,
    0,
    1,
    1,
    0,
    0x3f80_0000,
    0x3f80_0000,
    2,
    0,
    8,
    0,
    0x3f,
    0,
    8,
];
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

/// Every entry point for `a`: `Kernels::apply` (lengths may differ),
/// `apply_inplace`, and `apply_rows` with an unknown row length on `k`
/// (its in-place twin runs the same row job).
fn slice_calls(k: &Kernels, a: Activation, x: &[f32], y: &mut [f32], row_len: usize) {
    sink(k.apply(a, x, y).is_ok() as u32);
    sink_slice(y);
    k.apply_inplace(a, y);
    sink_slice(y);
    sink(k.apply_rows(a, row_len, x, y).is_ok() as u32);
    sink_slice(y);
}

/// Every function of two inputs on `k` (lengths may differ), out of
/// place, in place and by rows, and in `scalar`.
fn binary_calls(k: &Kernels, a: &[f32], b: &[f32], y: &mut [f32]) {
    for &f in Binary::ALL {
        sink(k.apply_binary(f, a, b, y).is_ok() as u32);
        sink_slice(y);
        sink(k.apply_binary_inplace(f, y, b).is_ok() as u32);
        sink_slice(y);
        sink(k.apply_binary_rows(f, b.len(), a, y).is_ok() as u32);
        sink_slice(y);
        for (&u, &v) in a.iter().zip(b) {
            sink(scalar::apply_binary(f, u, v).to_bits());
        }
    }
}

fn scalar_calls(a: Activation, x: &[f32]) {
    for &v in x {
        sink(scalar::apply(a, v).to_bits());
    }
}

/// The attention options from unknown parts: each option set or not by a
/// bit of `flags`.
fn row_options(
    row_len: usize,
    stride: usize,
    offset: usize,
    mask: &[f32],
    bits: [u32; 3],
    flags: u32,
) -> RowOptions<'_> {
    let mut o = RowOptions::new(row_len);
    if flags & 1 != 0 {
        o = o.stride(stride);
    }
    if flags & 2 != 0 {
        o = o.scale(f32::from_bits(bits[0]));
    }
    if flags & 4 != 0 {
        o = o.softcap(f32::from_bits(bits[1]));
    }
    if flags & 8 != 0 {
        o = o.mask(mask);
    }
    if flags & 16 != 0 {
        o = o.causal(offset);
    }
    if flags & 32 != 0 {
        o = o.alibi(f32::from_bits(bits[2]));
    }
    o
}

/// Every attention entry point on `k`: the rows (both functions, out of
/// place with lengths that may differ, and in place), the block steps
/// (scale and cap from unknown bits) and the state's methods.
fn attention_calls(k: &Kernels, o: &RowOptions<'_>, x: &[f32], y: &mut [f32], bits: [u32; 3]) {
    sink(o.row_len() as u32);
    sink(k.softmax_rows_with(o, x, y).is_ok() as u32);
    sink_slice(y);
    sink(k.log_softmax_rows_with(o, x, y).is_ok() as u32);
    sink_slice(y);
    sink(k.softmax_rows_with_inplace(o, y).is_ok() as u32);
    sink_slice(y);
    sink(k.log_softmax_rows_with_inplace(o, y).is_ok() as u32);
    sink_slice(y);
    let mut a = SoftmaxState::new();
    let mut b = SoftmaxState::default();
    let f = k.softmax_block(&mut a, x, y).unwrap_or(f32::NAN);
    sink(f.to_bits());
    sink_slice(y);
    let (scale, cap) = (f32::from_bits(bits[0]), f32::from_bits(bits[1]));
    let softcap = if bits[2] & 1 != 0 { Some(cap) } else { None };
    let f = k
        .softmax_block_with(scale, softcap, &mut b, x, y)
        .unwrap_or(f32::NAN);
    sink(f.to_bits());
    sink_slice(y);
    let m = a.merge(&b);
    for v in [
        m.max(),
        m.sum(),
        m.log_sum_exp(),
        b.max(),
        b.sum(),
        a.log_sum_exp(),
    ] {
        sink(v.to_bits());
    }
}

#[entry]
fn main() -> ! {
    let p: [u32; 16] = unknown(&PARAMS);
    let x: [f32; 64] = unknown(&INPUT);
    let mut y = [0.0f32; 64];
    let [lx, ox, ly, oy, bi, pi] = [p[0], p[1], p[2], p[3], p[4], p[5]].map(|v| v as usize);
    let bits = [p[6], p[7], p[8]];
    #[cfg(feature = "canary")]
    {
        // The canary alone, beside one kernel call: the link's verdict is
        // the same, without the minutes of optimising every entry point.
        slice_calls(
            &Kernels::detect(),
            Activation::Sigmoid,
            part(&x, ox, lx),
            part_mut(&mut y, oy, ly),
            p[10] as usize,
        );
        sink(x[p[10] as usize].to_bits()); // may be out of bounds: must not link
        loop {
            cortex_m::asm::wfi();
        }
    }
    let tier = Precision::ALL.get(pi).copied().unwrap_or_default();
    let unknown_backend = Backend::ALL.get(bi).and_then(|&b| Kernels::new(b).ok());
    let handles = [
        Kernels::new(Backend::Scalar).ok(),
        Kernels::new(Backend::Simd128).ok(),
        unknown_backend,
        Some(Kernels::detect()),
    ];
    // Every function, its parameters from unknown bits where it has some,
    // and one picked by an unknown index.
    let picked = Activation::ALL.get(p[9] as usize).copied();
    let activations = Activation::ALL
        .iter()
        .flat_map(|&a| [Some(a), params::from_bits(a, bits)])
        .chain([picked])
        .flatten();
    for a in activations {
        sink(a.name().len() as u32);
        sink(a.name().parse::<Activation>().is_ok() as u32);
        for k in handles.iter().flatten() {
            let masked = if p[10] & 1 == 0 {
                MaskedRows::Nan
            } else {
                MaskedRows::Zero
            };
            for k in [*k, k.with_precision(tier).with_masked_rows(masked)] {
                slice_calls(
                    &k,
                    a,
                    part(&x, ox, lx),
                    part_mut(&mut y, oy, ly),
                    p[10] as usize,
                );
            }
        }
        scalar_calls(a, part(&x, ox, lx));
    }
    let opts = row_options(
        p[10] as usize,
        p[11] as usize,
        p[12] as usize,
        part(&x, p[14] as usize, p[15] as usize),
        bits,
        p[13],
    );
    for k in handles.iter().flatten() {
        for masked in [MaskedRows::Nan, MaskedRows::Zero] {
            for k in [*k, k.with_precision(tier)] {
                attention_calls(
                    &k.with_masked_rows(masked),
                    &opts,
                    part(&x, ox, lx),
                    part_mut(&mut y, oy, ly),
                    bits,
                );
            }
        }
    }
    for k in handles.iter().flatten() {
        for k in [*k, k.with_precision(tier)] {
            binary_calls(
                &k,
                part(&x, ox, lx),
                part(&x, oy, ly),
                part_mut(&mut y, oy, lx),
            );
        }
    }
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
