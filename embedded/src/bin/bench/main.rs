//! Cost on the Cortex-M4: instructions executed per element by actkern and
//! by the naive `libm` formulas, counted under QEMU `-icount` (see
//! `count.rs`), printed as a markdown table. The same binary holds the
//! `#[no_mangle]` wrappers that `size.sh` measures.
#![no_std]
#![no_main]

mod count;
mod wrappers;

use actkern::{Backend, Gauss, Kernels, scalar};
use actkern_embedded::{out, table};
use core::hint::black_box;
use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::hprintln;
use wrappers as w;

const N2: usize = 2 * table::BENCH_N;

/// `y[i] = f(x[i])`, one instance per function, `f` inlined in the loop.
#[inline(never)]
fn map(x: &[f32], y: &mut [f32], f: impl Fn(f32) -> f32) {
    for (o, &i) in y.iter_mut().zip(x) {
        *o = f(i);
    }
}

type Run = fn(&[f32], &mut [f32]);

fn simd128() -> Kernels {
    Kernels::new(Backend::Simd128).unwrap_or_else(|_| Kernels::detect())
}

/// One row: name, input table, and the four ways to apply the function:
/// `scalar::` in a loop, `Kernels` on Scalar and on Simd128, the naive
/// `libm` formula in a loop.
struct Row {
    name: &'static str,
    inputs: &'static str,
    table: &'static [u8],
    runs: [Run; 4],
}

const ROWS: [Row; 5] = [
    Row {
        name: "exp",
        inputs: "U[-10, 10]",
        table: table::BENCH_SYM,
        runs: [
            |x, y| map(x, y, scalar::exp),
            |x, y| _ = w::ak_slice_exp(x, y),
            |x, y| _ = simd128().exp(x, y),
            |x, y| _ = w::naive_slice_exp(x, y),
        ],
    },
    Row {
        name: "sigmoid",
        inputs: "U[-10, 10]",
        table: table::BENCH_SYM,
        runs: [
            |x, y| map(x, y, scalar::sigmoid),
            |x, y| _ = w::ak_slice_sigmoid(x, y),
            |x, y| _ = simd128().sigmoid(x, y),
            |x, y| _ = w::naive_slice_sigmoid(x, y),
        ],
    },
    Row {
        name: "logit",
        inputs: "U[0, 1]",
        table: table::BENCH_UNIT,
        runs: [
            |x, y| map(x, y, scalar::logit),
            |x, y| _ = w::ak_slice_logit(x, y),
            |x, y| _ = simd128().logit(x, y),
            |x, y| _ = w::naive_slice_logit(x, y),
        ],
    },
    Row {
        name: "gauss",
        inputs: "U[-3, 3]",
        table: table::BENCH_GAUSS,
        runs: [
            |x, y| map(x, y, |x| scalar::gauss(Gauss::STANDARD, x)),
            |x, y| _ = w::ak_slice_gauss(x, y),
            |x, y| _ = simd128().gauss(Gauss::STANDARD, x, y),
            |x, y| _ = w::naive_slice_gauss(x, y),
        ],
    },
    Row {
        name: "relu",
        inputs: "U[-10, 10]",
        table: table::BENCH_SYM,
        runs: [
            |x, y| map(x, y, scalar::relu),
            |x, y| _ = w::ak_slice_relu(x, y),
            |x, y| _ = simd128().relu(x, y),
            |x, y| _ = w::naive_slice_relu(x, y),
        ],
    },
];

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
    hprintln!(
        "| function | inputs | actkern `scalar::` | `Kernels` Scalar | `Kernels` Simd128 | naive libm |"
    );
    hprintln!("|---|---|---|---|---|---|");
    let mut x = [0.0f32; N2];
    let mut y = [0.0f32; N2];
    let mut ok = true;
    for row in &ROWS {
        ok &= table::fill_f32(row.table, &mut x) == N2;
        let c = row.runs.map(|run| count::per_element(tpi, &x, &mut y, run));
        ok &= c.iter().all(|&c| c > 0.0);
        hprintln!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            row.name,
            row.inputs,
            c[0],
            c[1],
            c[2],
            c[3]
        );
    }
    hprintln!(
        "\nInstructions executed per element (count on {} elements minus count on the first {}, over {}), loop overhead included.",
        N2,
        table::BENCH_N,
        table::BENCH_N
    );
    if !ok {
        hprintln!("FAIL: broken input table or a zero count");
    }
    out::exit(ok)
}

/// Calls every wrapper once, so the linker keeps them for `size.sh`.
fn keep_wrappers() {
    let x = black_box([0.5f32; 8]);
    let mut y = [0.0f32; 8];
    for f in black_box(&w::SCALAR) {
        y[0] = f(x[0]);
    }
    for f in black_box(&w::SLICE) {
        f(&x, &mut y);
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
