//! Counting executed instructions under QEMU: with `-icount shift=S` the
//! virtual clock advances exactly `2^S` ns per executed instruction, and
//! SysTick (on the 25 MHz core clock of the MPS2 boards) counts that clock.
//! So SysTick ticks are proportional to instructions; the factor is
//! measured on a loop of known length ([`calibrate`]).

use core::arch::asm;
use core::sync::atomic::{Ordering, compiler_fence};
use cortex_m::peripheral::{SYST, syst::SystClkSource};

/// SysTick is a 24-bit down counter.
const RELOAD: u32 = 0x00FF_FFFF;

/// Starts SysTick free-running on the core clock.
pub fn start(syst: &mut SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD);
    syst.clear_current();
    syst.enable_counter();
}

/// SysTick ticks while `f` runs (must be under 2^24).
pub fn ticks(f: impl FnOnce()) -> u32 {
    compiler_fence(Ordering::SeqCst);
    let a = SYST::get_current();
    compiler_fence(Ordering::SeqCst);
    f();
    compiler_fence(Ordering::SeqCst);
    let b = SYST::get_current();
    a.wrapping_sub(b) & RELOAD
}

/// Executes exactly `2 * n` instructions (`n > 0` times `subs; bne`).
#[inline(never)]
fn spin(n: u32) {
    // SAFETY: only counts a scratch register down to zero: no memory, no
    // stack, flags are declared clobbered by default.
    unsafe {
        asm!("2:", "subs {0}, #1", "bne 2b", inout(reg) n => _, options(nomem, nostack));
    }
}

/// SysTick ticks per executed instruction, from `spin` over `K`, `2K` and
/// `3K` iterations. `None` if the ticks are not linear in the instruction
/// count within 2 ticks, i.e. QEMU runs without `-icount` (host time).
pub fn calibrate() -> Option<f64> {
    const K: u32 = 20_000;
    let t = [K, 2 * K, 3 * K].map(|n| ticks(|| spin(n)));
    let (d1, d2) = (t[1].wrapping_sub(t[0]), t[2].wrapping_sub(t[1]));
    if d1 == 0 || d1.abs_diff(d2) > 2 {
        return None;
    }
    // Each step of K iterations adds 2K instructions.
    Some((d1 + d2) as f64 / (4 * K) as f64)
}

/// Instructions per element of `run`: ticks on `2n` elements minus ticks on
/// the first `n`, over `n`, in instructions. Call and setup costs cancel.
pub fn per_element(tpi: f64, x: &[f32], y: &mut [f32], run: fn(&[f32], &mut [f32]) -> bool) -> f64 {
    let n = x.len() / 2;
    let t1 = ticks(|| _ = run(&x[..n], &mut y[..n]));
    let t2 = ticks(|| _ = run(x, y));
    (t2 as f64 - t1 as f64) / tpi / n as f64
}
