//! Device tests of actkern on Cortex-M under QEMU: every function of
//! `Activation::ALL` (and `Binary::ALL`, `pairs.rs`), on `Backend::Scalar`, `Backend::Simd128` (wide's
//! portable code here) and `actkern::scalar::apply`, in every tier of
//! `Precision::ALL`, against `f64` references computed here with
//! `actkern_testkit` (libm; soft-float `f64` on these cores), and the
//! attention rows and blocks (`attention.rs`). Prints a
//! report over semihosting and exits 0 only if every check held.
#![no_std]
#![no_main]

mod attention;
mod errors;
mod half;
mod pairs;
mod paths;
mod rows;
mod specials;
mod sweep;

use actkern_embedded::{Check, out};
use actkern_testkit::ulp;
use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;

#[entry]
fn main() -> ! {
    #[cfg(armv6m)]
    trap_unaligned();
    hprintln!("# actkern device tests ({})", env!("TARGET_NAME"));
    let mut c = Check::new();
    let mark = c.mark();
    for (y, r, want) in ulp::CASES {
        let got = ulp::ulp_error(y, r);
        c.expect(
            got == want,
            format_args!("ulp_error({y:e}, {r:e}) = {got}, expected {want}"),
        );
    }
    c.section("ULP error on hand-worked cases", mark);
    specials::run_all(&mut c);
    sweep::run_all(&mut c);
    rows::run_all(&mut c);
    attention::run_all(&mut c);
    errors::run_all(&mut c);
    pairs::run_all(&mut c);
    half::run_all(&mut c, option_env!("ACTKERN_EMBEDDED_QUICK") == Some("1"));
    let ok = c.failures() == 0;
    hprintln!(
        "\n{} checks, {} failed: {}",
        c.checks(),
        c.failures(),
        if ok { "PASS" } else { "FAIL" }
    );
    out::exit(ok)
}

/// ARMv6-M faults on every unaligned access; the Cortex-M3 that runs the
/// thumbv6m firmware only does when CCR.UNALIGN_TRP is set.
#[cfg(armv6m)]
fn trap_unaligned() {
    let p = cortex_m::Peripherals::take().expect("peripherals taken once");
    // SAFETY: sets CCR.UNALIGN_TRP (bit 3) before any other code runs; it
    // only turns unaligned accesses into faults, which the code must not
    // make on ARMv6-M anyway.
    unsafe { p.SCB.ccr.modify(|r| r | 1 << 3) };
}

#[exception]
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    out::hard_fault(ef)
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    out::panic(info)
}
