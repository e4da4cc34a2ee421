//! The helper of `tools/loop_mix.py`, which counts the instructions one
//! kernel call executes (by single-stepping it) and classifies them: the
//! per-vector instruction mix of a hot loop and its speed-of-light estimate.
//!
//! ```text
//! cargo run --release --example loop_mix -- --clock
//!     # the core clock, from a chain of dependent 64-bit multiplies
//! cargo run --release --example loop_mix -- --fn NAME --backend B
//!     --precision P [--n N] [--range LO,HI] [--time]
//!     # one call of NAME's in-place f32 kernel (in `traced_call`, where
//!     # the tracer puts its breakpoint); --time: the best ns/element of
//!     # 2,000 calls instead
//! ```
//! Inputs are spread evenly over `[LO, HI)` (default `[-20, 20)`) in a
//! scrambled order, as `benches/peers` spreads them; each timed call
//! first restores them with a plain loop (never a `copy_from_slice`,
//! whose `memcpy` is slow on some virtual machines), outside the timed
//! region.

use actkern::{Activation, Backend, Kernels, Precision};
use actkern_testkit::rng::spread;
use std::hint::black_box;
use std::time::Instant;

/// The call the tracer single-steps: never inlined, so it has a symbol.
#[inline(never)]
fn traced_call(k: &Kernels, a: Activation, data: &mut [f32]) {
    k.apply_inplace(a, black_box(data));
}

/// Cycles per nanosecond: `x = x * x + c` is a 64-bit `imul` (3 cycles of
/// latency on current x86 cores) then an `add` (1), and each iteration
/// needs the last one's result; squaring keeps LLVM from combining steps.
fn clock_ghz() -> f64 {
    let iters: u64 = 200_000_000;
    let mut best = f64::MAX;
    for _ in 0..5 {
        let mut x = black_box(0x9e37_79b9_7f4a_7c15u64);
        let t = Instant::now();
        for _ in 0..black_box(iters) {
            x = x.wrapping_mul(x).wrapping_add(0xbf58_476d_1ce4_e5b9);
        }
        black_box(x);
        best = best.min(t.elapsed().as_secs_f64());
    }
    4.0 * iters as f64 / (best * 1e9)
}

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1).map(String::as_str)
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--clock") {
        println!("{:.3}", clock_ghz());
        return Ok(());
    }
    let name = arg(&args, "--fn").ok_or("--fn NAME is required")?;
    let a: Activation = name.parse().map_err(|e| format!("{name}: {e}"))?;
    let backend: Backend = arg(&args, "--backend")
        .unwrap_or("simd512")
        .parse()
        .map_err(|e| format!("{e}"))?;
    let precision: Precision = arg(&args, "--precision")
        .unwrap_or("fast")
        .parse()
        .map_err(|e| format!("{e}"))?;
    let n: usize = arg(&args, "--n")
        .unwrap_or("1024")
        .parse()
        .map_err(|e| format!("--n: {e}"))?;
    let (lo, hi) = arg(&args, "--range")
        .unwrap_or("-20,20")
        .split_once(',')
        .and_then(|(l, h)| Some((l.parse::<f32>().ok()?, h.parse::<f32>().ok()?)))
        .ok_or("--range LO,HI")?;
    let k = Kernels::new(backend)
        .map_err(|e| format!("{backend:?}: {e}"))?
        .with_precision(precision);
    let src: Vec<f32> = spread(n, (lo, hi)).collect();
    let mut data = vec![0.0f32; n];
    let restore = |data: &mut [f32]| {
        for (d, s) in data.iter_mut().zip(&src) {
            *d = *s;
        }
    };
    if args.iter().any(|a| a == "--time") {
        let mut best = f64::MAX;
        for _ in 0..2000 {
            restore(&mut data);
            let t = Instant::now();
            traced_call(&k, a, &mut data);
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{:.4}", best * 1e9 / n as f64);
    } else {
        restore(&mut data);
        traced_call(&k, a, &mut data);
    }
    Ok(())
}
