//! CPU feature detection that needs no `std`: CPUID and XGETBV directly,
//! cached in an atomic. Works in firmware and on bare-metal x86-64, where
//! `is_x86_feature_detected!` (needs `std`) is unavailable.

#[cfg(all(target_arch = "x86_64", not(miri)))]
mod x86 {
    use core::arch::x86_64::{__cpuid_count, _xgetbv, CpuidResult};
    use core::sync::atomic::{AtomicU8, Ordering};

    /// AVX2, FMA and F16C, with ymm state saved.
    pub(crate) const AVX2_FMA_F16C: u8 = 1 << 0;
    pub(crate) const AVX512F: u8 = 1 << 1;
    const KNOWN: u8 = 1 << 7;

    static CACHE: AtomicU8 = AtomicU8::new(0);

    /// The feature bits, computed once.
    #[inline]
    pub(crate) fn features() -> u8 {
        let c = CACHE.load(Ordering::Relaxed);
        if c & KNOWN != 0 {
            return c;
        }
        let f = probe() | KNOWN;
        // Racing threads compute the same value; either store is fine.
        CACHE.store(f, Ordering::Relaxed);
        f
    }

    /// CPUID `leaf`, sub-leaf `sub`.
    #[allow(unused_unsafe)] // `__cpuid_count` is safe in newer Rust, unsafe at the MSRV (1.89)
    fn cpuid(leaf: u32, sub: u32) -> CpuidResult {
        // SAFETY: every x86-64 CPU implements CPUID; leaves above the
        // maximum return zeros or the highest leaf's data, never fault.
        unsafe { __cpuid_count(leaf, sub) }
    }

    fn probe() -> u8 {
        let leaf0 = cpuid(0, 0);
        let leaf1 = cpuid(1, 0);
        let fma = leaf1.ecx & (1 << 12) != 0;
        let f16c = leaf1.ecx & (1 << 29) != 0;
        let osxsave = leaf1.ecx & (1 << 27) != 0;
        let avx = leaf1.ecx & (1 << 28) != 0;
        if !(osxsave && avx) {
            return 0;
        }
        // SAFETY: CPUID.1:ECX.OSXSAVE is set, so XGETBV is enabled by the OS
        // and reading XCR0 is permitted.
        let xcr0 = unsafe { xgetbv0() };
        // The OS saves SSE and AVX (ymm) state.
        let ymm = xcr0 & 0b110 == 0b110;
        // ... and the AVX-512 opmask and zmm state.
        let zmm = xcr0 & 0b1110_0110 == 0b1110_0110;
        if leaf0.eax < 7 {
            return 0;
        }
        let leaf7 = cpuid(7, 0);
        let avx2 = leaf7.ebx & (1 << 5) != 0;
        let avx512f = leaf7.ebx & (1 << 16) != 0;
        let mut f = 0;
        if ymm && avx2 && fma && f16c {
            f |= AVX2_FMA_F16C;
        }
        if zmm && avx512f && f & AVX2_FMA_F16C != 0 {
            f |= AVX512F;
        }
        f
    }

    /// # Safety
    /// The CPU must report OSXSAVE (CPUID.1:ECX bit 27).
    #[target_feature(enable = "xsave")]
    unsafe fn xgetbv0() -> u64 {
        // SAFETY: the caller guarantees OSXSAVE, the only precondition.
        unsafe { _xgetbv(0) }
    }
}

/// Whether the CPU supports AVX2, FMA and F16C (CPUID.1:ECX bit 29, the
/// `f16` conversions `vcvtph2ps`/`vcvtps2ph`) and the OS saves ymm
/// registers.
#[inline]
pub(crate) fn has_avx2_fma_f16c() -> bool {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        x86::features() & x86::AVX2_FMA_F16C != 0
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    {
        false
    }
}

/// Whether the CPU supports AVX-512F (with AVX2 + FMA + F16C) and the OS
/// saves zmm and opmask registers.
#[inline]
pub(crate) fn has_avx512f() -> bool {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        x86::features() & x86::AVX512F != 0
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    {
        false
    }
}
