//! Host side of the device tests. Copies `memory.x` where the linker finds
//! it, and writes the tables the firmware reads (`OUT_DIR/tables.rs` and
//! `*.bin`): inputs with their `f64` references computed here, on the host,
//! by the parent crate's own reference formulas (`tests/support`, std `f64`
//! functions on the exact `f32` input; never actkern's kernels).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

#[path = "../tests/support/reference.rs"]
#[allow(dead_code)]
mod reference;
#[path = "../tests/support/rng.rs"]
#[allow(dead_code)]
mod rng;

use rng::Rng;

/// Every `STRIDE`-th bit pattern (a prime near 2^20, so mantissas vary):
/// 4097 inputs over all signs, exponents, subnormals, infinities and NaNs.
const STRIDE: u64 = 1_048_573;
/// Uniform random inputs in the function's interesting range.
const DENSE: usize = 512;
/// Consecutive `f32` values on each side of each edge point (and of its
/// negation).
const EDGE_WIDTH: i64 = 16;
/// The instruction-count firmware applies each function to `BENCH_N` and
/// `2 * BENCH_N` elements.
const BENCH_N: usize = 1000;

/// General Gaussian parameter sets `(mu, sigma, amplitude)` swept besides
/// `Gauss::STANDARD` (bound 3.0 ULP); the first is also timed.
const GAUSS_SETS: [(f32, f32, f32); 2] = [(-3.0, 7.25, -0.75), (1.0e4, 1.0e-3, 1.0e30)];

/// One element-wise function: reference, interesting range, edge points
/// (the thresholds of `tests/support/cases.rs`).
struct Sweep {
    file: String,
    reference: Box<dyn Fn(f32) -> f64>,
    dense: (f64, f64),
    edges: Vec<f32>,
}

fn sweeps() -> Vec<Sweep> {
    let mut v = vec![
        Sweep {
            file: "exp".into(),
            reference: Box::new(reference::exp),
            dense: (-104.5, 89.0),
            edges: vec![
                0.0,
                88.722_83,
                -87.336_55,
                -103.278_93,
                -103.972_08,
                1.0,
                -1.0,
                0.346_573_6,
                -0.346_573_6,
            ],
        },
        Sweep {
            file: "sigmoid".into(),
            reference: Box::new(reference::sigmoid),
            dense: (-105.0, 18.0),
            edges: vec![
                0.0,
                16.635_532,
                17.0,
                -87.336_55,
                -103.278_93,
                -103.972_08,
                88.722_83,
            ],
        },
        Sweep {
            file: "logit".into(),
            reference: Box::new(reference::logit),
            dense: (0.0, 1.0),
            edges: vec![
                0.5,
                0.25,
                0.75,
                1.0,
                5.960_464_5e-8,
                f32::MIN_POSITIVE,
                1e-45,
                0.707_106_77,
                0.292_893_2,
            ],
        },
        Sweep {
            file: "relu".into(),
            reference: Box::new(reference::relu),
            dense: (-10.0, 10.0),
            edges: vec![0.0],
        },
        Sweep {
            file: "gauss_standard".into(),
            reference: Box::new(|x| reference::gauss(0.0, 1.0, 1.0, x)),
            dense: (-11.0, 11.0),
            edges: vec![0.0, 9.0, -9.0, 9.345_43, 10.162_62, 10.196_67, 1e-19],
        },
    ];
    for (i, &(mu, sigma, a)) in GAUSS_SETS.iter().enumerate() {
        let (m, s) = (mu as f64, sigma as f64);
        v.push(Sweep {
            file: format!("gauss_set{i}"),
            reference: Box::new(move |x| reference::gauss(mu, sigma, a, x)),
            dense: (m - 11.0 * s, m + 11.0 * s),
            edges: vec![mu],
        });
    }
    v
}

/// The inputs of one sweep: strided bit patterns, dense range, edges.
fn inputs(s: &Sweep, rng: &mut Rng) -> Vec<f32> {
    let mut x: Vec<f32> = (0..1u64 << 32)
        .step_by(STRIDE as usize)
        .map(|b| f32::from_bits(b as u32))
        .collect();
    x.extend((0..DENSE).map(|_| rng.uniform(s.dense.0, s.dense.1)));
    for &e in &s.edges {
        for c in [e.to_bits(), (-e).to_bits()] {
            let c = c as i64;
            x.extend(
                (c - EDGE_WIDTH..=c + EDGE_WIDTH)
                    .filter(|b| (0..1 << 32).contains(b))
                    .map(|b| f32::from_bits(b as u32)),
            );
        }
    }
    x
}

/// 12 bytes per point: input bits (u32) then reference bits (u64), LE.
fn records(x: &[f32], r: &[f64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(x.len() * 12);
    for (x, r) in x.iter().zip(r) {
        out.extend(x.to_bits().to_le_bytes());
        out.extend(r.to_bits().to_le_bytes());
    }
    out
}

/// Softmax rows `(length, lo, hi)`, uniform in `[lo, hi)`.
const SOFTMAX_ROWS: [(usize, f64, f64); 9] = [
    (1, -1.0, 1.0),
    (3, -10.0, 10.0),
    (7, -100.0, 100.0),
    (8, -1.0e6, 1.0e6),
    (9, 1.0e30, 1.000_01e30),
    (17, -88.0, 0.0),
    (100, -10.0, 10.0),
    (1000, -10.0, 10.0),
    (4099, -10.0, 10.0),
];

fn softmax_rows(rng: &mut Rng) -> (Vec<usize>, Vec<u8>) {
    let mut rows: Vec<Vec<f32>> = SOFTMAX_ROWS
        .iter()
        .map(|&(n, lo, hi)| (0..n).map(|_| rng.uniform(lo, hi)).collect())
        .collect();
    // -inf among finite values, and all equal.
    let mut x: Vec<f32> = (0..37).map(|_| rng.uniform(-5.0, 5.0)).collect();
    x[3] = f32::NEG_INFINITY;
    x[36] = f32::NEG_INFINITY;
    rows.push(x);
    rows.push(vec![3.25; 9]);
    let mut bytes = Vec::new();
    for x in &rows {
        let mut r = vec![0.0; x.len()];
        reference::softmax(x, &mut r);
        bytes.extend(records(x, &r));
    }
    (rows.iter().map(Vec::len).collect(), bytes)
}

fn f32_src(x: f32) -> String {
    format!("f32::from_bits({:#010x})", x.to_bits())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::write(dir.join(name), bytes).expect("write table");
}

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    fs::copy("memory.x", out.join("memory.x")).expect("copy memory.x");
    println!("cargo::rustc-link-search={}", out.display());
    // cortex-m-rt's linker script (it INCLUDEs memory.x). Here rather than
    // in .cargo/config.toml, which any RUSTFLAGS in the environment would
    // override.
    println!("cargo::rustc-link-arg-bins=-Tlink.x");
    println!("cargo::rerun-if-changed=memory.x");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../tests/support/reference.rs");
    println!("cargo::rerun-if-changed=../tests/support/rng.rs");
    // thumbv6m: the test firmware makes unaligned accesses trap, as they do
    // on ARMv6-M, when it runs on QEMU's Cortex-M3.
    println!(
        "cargo::rustc-env=TARGET_NAME={}",
        env::var("TARGET").unwrap_or_default()
    );
    println!("cargo::rustc-check-cfg=cfg(armv6m)");
    if env::var("TARGET").is_ok_and(|t| t.starts_with("thumbv6m")) {
        println!("cargo::rustc-cfg=armv6m");
    }

    let mut src = String::from("// @generated by build.rs\n");
    let mut rng = Rng::new(0xac7);
    let mut names = Vec::new();
    for s in sweeps() {
        let x = inputs(&s, &mut rng);
        let r: Vec<f64> = x.iter().map(|&v| (s.reference)(v)).collect();
        write(&out, &format!("{}.bin", s.file), &records(&x, &r));
        names.push(s.file);
    }
    for n in &names {
        writeln!(
            src,
            "/// `{n}`: input and f64 reference per point.\npub static {}: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{n}.bin\"));",
            n.to_uppercase()
        )
        .unwrap();
    }
    let sets: Vec<String> = GAUSS_SETS
        .iter()
        .map(|&(m, s, a)| format!("({}, {}, {})", f32_src(m), f32_src(s), f32_src(a)))
        .collect();
    writeln!(
        src,
        "/// `(mu, sigma, amplitude)` of `GAUSS_SET0`, `GAUSS_SET1`, ...: {GAUSS_SETS:?}\npub const GAUSS_SETS: [(f32, f32, f32); {}] = [{}];",
        sets.len(),
        sets.join(", ")
    )
    .unwrap();

    let (lengths, bytes) = softmax_rows(&mut rng);
    write(&out, "softmax.bin", &bytes);
    writeln!(
        src,
        "/// Lengths of the rows stored one after the other in `SOFTMAX`.\npub const SOFTMAX_ROWS: [usize; {}] = {lengths:?};\n/// Softmax rows: input and f64 reference per element.\npub static SOFTMAX: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/softmax.bin\"));",
        lengths.len()
    )
    .unwrap();

    writeln!(
        src,
        "/// Elements per timed run (and twice that).\npub const BENCH_N: usize = {BENCH_N};"
    )
    .unwrap();
    for (name, lo, hi, seed) in [
        ("BENCH_SYM", -10.0, 10.0, 21),
        ("BENCH_UNIT", 0.0, 1.0, 22),
        ("BENCH_GAUSS", -3.0, 3.0, 23),
    ] {
        let mut rng = Rng::new(seed);
        let bytes: Vec<u8> = (0..2 * BENCH_N)
            .flat_map(|_| rng.uniform(lo, hi).to_bits().to_le_bytes())
            .collect();
        let file = format!("{}.bin", name.to_lowercase());
        write(&out, &file, &bytes);
        writeln!(
            src,
            "/// `2 * BENCH_N` f32 (LE), uniform in [{lo}, {hi}).\npub static {name}: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));"
        )
        .unwrap();
    }
    fs::write(out.join("tables.rs"), src).expect("write tables.rs");
}
