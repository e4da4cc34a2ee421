//! Cost on the Cortex-M4: instructions executed per element by actkern and
//! by the naive `libm` formulas, counted under QEMU `-icount` (see
//! `count.rs`), one row per function of `Activation::ALL`, printed as a
//! markdown table. The same binary holds the `#[no_mangle]` wrappers that
//! `size.sh` measures (`wrappers.rs`).
#![no_std]
#![no_main]

mod count;
mod wrappers;

use actkern::{Activation, Precision};
use actkern_embedded::out;
use actkern_testkit::rng::Rng;
use core::hint::black_box;
use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::{hprint, hprintln};
use wrappers::{FUNCTIONS, SliceFn};

/// Elements per timed run (and twice that).
const N: usize = 1000;

/// Inputs and outputs (static: 16 KiB is more than the default stack
/// should carry).
static mut X: [f32; 2 * N] = [0.0; 2 * N];
static mut Y: [f32; 2 * N] = [0.0; 2 * N];

#[entry]
fn main() -> ! {
    let mut p = cortex_m::Peripherals::take().expect("peripherals taken once");
    count::start(&mut p.SYST);
    keep_wrappers();
    let Some(tpi) = count::calibrate() else {
        hprintln!("FAIL: SysTick does not follow executed instructions: run QEMU with -icount");
        out::exit(false)
    };
    hprintln!(
        "SysTick ticks per instruction: {:.4} (calibrated on a loop of known length)\n",
        tpi
    );
    hprint!("| function | inputs | actkern `scalar::` |");
    for t in Precision::ALL {
        hprint!(" `Kernels` Scalar, {} |", t);
    }
    hprintln!(" `Kernels` Simd128 | naive libm |");
    hprint!("|---|---|---|");
    for _ in Precision::ALL {
        hprint!("---|");
    }
    hprintln!("---|---|");
    let (x, y) = (&raw mut X, &raw mut Y);
    // SAFETY: `main` runs once and is the only code touching X and Y; no
    // interrupt handler does.
    let (x, y) = unsafe { (&mut *x, &mut *y) };
    let mut ok = FUNCTIONS.len() == Activation::ALL.len();
    for (i, (a, w)) in Activation::ALL.iter().zip(&FUNCTIONS).enumerate() {
        let (lo, hi) = a.spec().domain;
        let mut rng = Rng::new(0xbe9c + i as u64);
        for v in x.iter_mut() {
            *v = rng.uniform(lo as f64, hi as f64);
        }
        let mut count = |run: SliceFn| {
            let c = count::per_element(tpi, x, y, run);
            ok &= c > 0.0;
            c
        };
        hprint!("| {} | U[{}, {}] |", a.name(), lo, hi);
        match w.scalar_loop {
            Some(run) => hprint!(" {:.1} |", count(run)),
            None => hprint!(" - |"),
        }
        for &run in &w.slice {
            hprint!(" {:.1} |", count(run));
        }
        hprintln!(" {:.1} | {:.1} |", count(w.simd128), count(w.naive_slice));
    }
    hprintln!(
        "\nInstructions executed per element (count on {} elements minus count on the first {}, over {}), loop overhead included; inputs uniform in each function's `spec().domain`.",
        2 * N,
        N,
        N
    );
    if !ok {
        hprintln!("FAIL: a zero count, or a wrapper table out of step with Activation::ALL");
    }
    out::exit(ok)
}

/// Calls every wrapper once, so the linker keeps them for `size.sh`.
fn keep_wrappers() {
    let x = black_box([0.5f32; 8]);
    let mut y = [0.0f32; 8];
    for w in black_box(&FUNCTIONS) {
        for f in [w.scalar, w.naive].into_iter().flatten() {
            y[0] = f(x[0]);
        }
        for f in w.slice.iter().chain([&w.naive_slice]) {
            f(&x, &mut y);
        }
    }
    black_box(y);
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    out::hard_fault(ef)
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    out::panic(info)
}
