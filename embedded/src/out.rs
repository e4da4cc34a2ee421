//! Ending a firmware run under QEMU: semihosting exit with a status, after
//! printing why on failure.

use core::panic::PanicInfo;
use cortex_m_rt::ExceptionFrame;
use cortex_m_semihosting::{debug, hprintln};

/// Exits QEMU with status 0 if `ok`, else non-zero.
pub fn exit(ok: bool) -> ! {
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Only reached without a semihosting host: hang, so a timeout fails.
    loop {
        cortex_m::asm::wfi();
    }
}

/// For the firmware's `#[panic_handler]`: prints the panic, exits non-zero.
pub fn panic(info: &PanicInfo) -> ! {
    hprintln!("PANIC: {}", info);
    exit(false)
}

/// For the firmware's `HardFault` handler: prints the faulting frame, exits
/// non-zero.
pub fn hard_fault(ef: &ExceptionFrame) -> ! {
    hprintln!("HARD FAULT: {:?}", ef);
    exit(false)
}
