//! `--page-edge`: does a call slow down when its slices end where an
//! unmapped page begins? A masked tail load or store that reaches into
//! such a page takes a slow path on some CPUs (AMD: about 250 ns).
//!
//! For each function and each length 1..=40, actkern's detected backend
//! (both tiers) runs out of place twice: once on an input and an output
//! that each end exactly at a `PROT_NONE` page, once on slices of the
//! same alignment that end one page earlier (followed by mapped, touched
//! memory). The time per call is the minimum over windows of repeated
//! calls; the report gives, per function and tier, the largest ratio
//! edge / middle over the lengths, and the length where it occurs.

use actkern::{Activation, Kernels, Kind, Precision};
use std::hint::black_box;
use std::time::Instant;

const PAGE: usize = 4096;

/// Three pages: two mapped (read-write, touched), the third `PROT_NONE`.
struct Guarded {
    base: *mut f32,
}

impl Guarded {
    fn new() -> Guarded {
        // SAFETY: an anonymous private mapping of three pages, checked for
        // failure; the third page's protection is changed on memory we own.
        unsafe {
            let p = libc::mmap(
                std::ptr::null_mut(),
                3 * PAGE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            assert!(p != libc::MAP_FAILED, "mmap failed");
            assert_eq!(
                libc::mprotect(p.cast::<u8>().add(2 * PAGE).cast(), PAGE, libc::PROT_NONE),
                0
            );
            std::ptr::write_bytes(p.cast::<u8>(), 0, 2 * PAGE);
            Guarded { base: p.cast() }
        }
    }

    /// The `n` floats ending `pages_before_guard` pages before the guard.
    fn slice(&mut self, n: usize, pages_before_guard: usize) -> &mut [f32] {
        let end = (2 - pages_before_guard) * PAGE / 4;
        // SAFETY: `end - n .. end` lies within the two mapped pages
        // (n <= 40, end >= 1024 floats); the borrow of `self` keeps it unique.
        unsafe { std::slice::from_raw_parts_mut(self.base.add(end - n), n) }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping made in `new`.
        unsafe { libc::munmap(self.base.cast(), 3 * PAGE) };
    }
}

/// Minimum ns per call of `f` over 15 windows of 20 000 calls.
fn time(mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..15 {
        let t = Instant::now();
        for _ in 0..20_000 {
            f();
        }
        best = best.min(t.elapsed().as_secs_f64() * 1e9 / 20_000.0);
    }
    best
}

pub fn run(fns: Option<&[String]>) {
    let (mut input, mut output) = (Guarded::new(), Guarded::new());
    let k = Kernels::detect();
    println!("backend: {}\n", k.backend());
    println!("| function | tier | worst edge / middle | at n | edge ns | middle ns |");
    println!("|---|---|--:|--:|--:|--:|");
    for &a in Activation::ALL {
        if !matches!(a.spec().kind, Kind::Elementwise | Kind::Rowwise)
            || fns.is_some_and(|f| !f.iter().any(|n| n.eq_ignore_ascii_case(a.name())))
        {
            continue;
        }
        for p in [Precision::Accurate, Precision::Fast] {
            let k = k.with_precision(p);
            let mut worst = (0.0, 0, 0.0, 0.0);
            for n in 1..=40 {
                let (lo, hi) = a.spec().domain;
                let fill = |s: &mut [f32]| {
                    for (i, v) in s.iter_mut().enumerate() {
                        *v = lo + (hi - lo) * (i as f32 + 0.5) / n as f32;
                    }
                };
                fill(input.slice(n, 0));
                fill(input.slice(n, 1));
                let mut t = [0.0; 2];
                for (pages, t) in [0, 1].into_iter().zip(&mut t) {
                    let x: &[f32] = input.slice(n, pages);
                    let y = output.slice(n, pages);
                    *t = time(|| {
                        let _ = black_box(k).apply(black_box(a), black_box(x), black_box(&mut *y));
                    });
                }
                let r = t[0] / t[1];
                if r > worst.0 {
                    worst = (r, n, t[0], t[1]);
                }
            }
            println!(
                "| {} | {:?} | {:.2} | {} | {:.1} | {:.1} |",
                a.name(),
                p,
                worst.0,
                worst.1,
                worst.2,
                worst.3
            );
        }
    }
}
