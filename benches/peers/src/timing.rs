//! The buffers, the refresh loop and the timed loops.
//!
//! Every implementation runs in place on a work buffer that is refreshed
//! from a pristine copy before each pass (the functions are not idempotent:
//! e^(e^x) overflows, a normalised row normalised again flattens). How the refresh
//! is kept out of the numbers depends on the length (see [`Mode`]); both
//! ways subtract a matching no-op "overhead" implementation timed in the
//! same rounds, so that what is left is the kernel call alone.

use std::alloc::{Layout, alloc_zeroed, dealloc, handle_alloc_error};
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;
use std::time::{Duration, Instant};

/// Alignment of every buffer: a cache line, as an inference engine's
/// tensors have (tract aligns its own, and its kernels copy unaligned heads
/// and tails through a scratch buffer).
const ALIGN: usize = 64;

/// A zeroed, 64-byte-aligned `f32` buffer.
pub struct AlignedBuf {
    ptr: NonNull<f32>,
    len: usize,
}

impl AlignedBuf {
    pub fn new(len: usize) -> AlignedBuf {
        let layout = Self::layout(len);
        // SAFETY: the layout has a non-zero size (at least one element).
        let raw = unsafe { alloc_zeroed(layout) };
        let Some(ptr) = NonNull::new(raw.cast::<f32>()) else {
            handle_alloc_error(layout)
        };
        AlignedBuf { ptr, len }
    }

    pub fn from_slice(s: &[f32]) -> AlignedBuf {
        let mut b = AlignedBuf::new(s.len());
        b.copy_from_slice(s);
        b
    }

    fn layout(len: usize) -> Layout {
        Layout::from_size_align(len.max(1) * size_of::<f32>(), ALIGN).expect("buffer too large")
    }
}

impl Deref for AlignedBuf {
    type Target = [f32];
    fn deref(&self) -> &[f32] {
        // SAFETY: `ptr` holds `len` initialised (zeroed, then written) f32s,
        // owned by `self`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl DerefMut for AlignedBuf {
    fn deref_mut(&mut self) -> &mut [f32] {
        // SAFETY: as in `deref`, and `&mut self` makes the borrow unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for AlignedBuf {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this very layout.
        unsafe { dealloc(self.ptr.as_ptr().cast(), Self::layout(self.len)) }
    }
}

/// `dst.copy_from_slice(src)` without `memcpy`: glibc's `memcpy` is about
/// 20x slower than a plain loop for 1-64 KiB buffers on some VMs, which
/// would swamp the kernels. The stores are volatile so that LLVM cannot
/// turn the loop back into a `memcpy` call (its loop-idiom pass does that
/// to a plain copy loop); on x86-64 they are 16-byte SSE2 stores, the
/// widest the baseline target has, so the refresh stays cheap. Check with
/// `objdump -d --no-show-raw-insn target/release/actkern-peers | awk
/// '/<.*refresh.*>:/,/ret/'`: a `movups`/`movaps` loop, no `call`.
#[inline(never)]
pub fn refresh(dst: &mut [f32], src: &[f32]) {
    assert_eq!(dst.len(), src.len());
    let n = dst.len();
    let d = dst.as_mut_ptr();
    let s = src.as_ptr();
    #[allow(unused_mut)]
    let mut i = 0;
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{__m128, _mm_loadu_ps};
        // Vector stores need 16-byte alignment; `AlignedBuf`s have 64.
        if d.align_offset(16) == 0 {
            while i + 4 <= n {
                // SAFETY: `i + 4 <= n` keeps both 16-byte accesses in
                // bounds; `d + i` is 16-byte aligned (`d` is, `i` is a
                // multiple of 4); SSE2 is part of the x86-64 baseline.
                unsafe {
                    let v = _mm_loadu_ps(s.add(i));
                    std::ptr::write_volatile(d.add(i).cast::<__m128>(), v);
                }
                i += 4;
            }
        }
    }
    while i < n {
        // SAFETY: `i < n`, both slices have length `n`.
        unsafe { std::ptr::write_volatile(d.add(i), *s.add(i)) };
        i += 1;
    }
}

/// Waits until the refresh's stores have left the store buffer (a full
/// fence: a locked instruction or `mfence` on x86-64). Without it, at small
/// n the kernel's first loads read bytes still in flight, and a load wider
/// than the refresh's 16-byte stores (a 32-byte AVX load) cannot be
/// forwarded from them and waits for them to commit: a cost charged to the
/// SIMD implementations only (the naive loops read the pristine copy, the
/// no-op baseline reads nothing). The fence also keeps the refresh from
/// overlapping the kernel, which the subtraction assumes. With it, every
/// kernel starts on data in L1, as after any earlier work on the buffer;
/// the fence is in the subtracted baseline too.
#[inline(always)]
pub fn drain_stores() {
    std::sync::atomic::fence(std::sync::atomic::Ordering::SeqCst);
}

/// Whether the CPU has AVX, i.e. whether [`vzeroupper`] may be issued.
pub fn has_avx() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `vzeroupper` after every call of every implementation: tract's assembly
/// kernels return with the upper halves of the ymm registers dirty, and on
/// Intel cores the SSE code that follows (this crate is built for the
/// baseline x86-64, so the refresh loop is SSE) then pays a state-transition
/// penalty or a false dependency on every instruction, which would be
/// charged to the next timed pass. Issued for every implementation alike,
/// about a cycle.
#[inline(always)]
pub fn vzeroupper(avx: bool) {
    #[cfg(target_arch = "x86_64")]
    if avx {
        // SAFETY: AVX is present (`avx` comes from `has_avx`). vzeroupper
        // zeroes bits 128..256 of the vector registers; this crate is
        // compiled without AVX, so no live value of the surrounding code
        // is held there (xmm halves are preserved).
        unsafe { std::arch::asm!("vzeroupper", options(nomem, nostack, preserves_flags)) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = avx;
}

/// How the refresh is kept out of the timed region.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Short buffers, where one pass is a few nanoseconds, shorter than the
    /// clock's resolution and overhead: one window times `passes` x
    /// (refresh + [`drain_stores`] + call), and the same loop with a no-op
    /// call is subtracted (its median over the rounds). The refresh of a
    /// 1-16 element buffer is one to four 16-byte stores.
    Batch,
    /// Long buffers: each pass is its own window, the refresh before it
    /// outside; the windows are summed. The clock's overhead (a no-op call
    /// timed the same way, a few tens of ns, against at least ~1 us of
    /// kernel) is subtracted.
    PerPass,
}

impl Mode {
    /// [`Mode::PerPass`] from this length on.
    pub const PER_PASS_FROM: usize = 1024;

    pub fn for_len(n: usize) -> Mode {
        if n >= Mode::PER_PASS_FROM {
            Mode::PerPass
        } else {
            Mode::Batch
        }
    }
}

/// `passes` passes of `f` in one window, each after a refresh if
/// `refresh_first` (out-of-place implementations need none).
#[inline(never)]
pub fn batch<F: Fn(&mut [f32], &[f32])>(
    f: &F,
    refresh_first: bool,
    work: &mut [f32],
    pristine: &[f32],
    passes: usize,
    avx: bool,
) -> Duration {
    let t = Instant::now();
    for _ in 0..passes {
        if refresh_first {
            refresh(work, pristine);
            drain_stores();
        }
        f(work, pristine);
        vzeroupper(avx);
    }
    t.elapsed()
}

/// `passes` passes of `f`, each timed alone with its refresh (if any)
/// outside the window; the sum of the windows.
#[inline(never)]
pub fn per_pass<F: Fn(&mut [f32], &[f32])>(
    f: &F,
    refresh_first: bool,
    work: &mut [f32],
    pristine: &[f32],
    passes: usize,
    avx: bool,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..passes {
        if refresh_first {
            refresh(work, pristine);
            drain_stores();
        }
        let t = Instant::now();
        f(work, pristine);
        vzeroupper(avx);
        total += t.elapsed();
    }
    total
}

/// Median, minimum and maximum of `v` (not empty).
pub fn median_min_max(v: &[f64]) -> (f64, f64, f64) {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len() / 2;
    let median = if s.len() % 2 == 1 {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    };
    (median, s[0], s[s.len() - 1])
}
