//! The implementations of each function: the naive `std` and `libm`
//! loops, tract-linalg, rten-vecmath, and actkern on the detected backend
//! and on each available backend, in each tier.
//!
//! Functions come from `actkern::Activation::ALL`; the peers are found by
//! the function's name ([`tract`], [`rten`]), so a function actkern gains
//! shows up with `–` for a peer until it is mapped here, and a mapped name
//! starts being timed as soon as actkern has it.

use crate::timing::{self, Mode};
use actkern::{Activation, Backend, Kernels, Precision};
use actkern_testkit::reference::{Libm, Math, Std, naive_slice};
use rten_simd::{SimdOp, SimdUnaryOp};
use std::hint::black_box;
use std::rc::Rc;
use std::time::Duration;
use tract_linalg::routines::{Func, softmax_rows_f32};

/// One pass: `(work, pristine)`. In-place implementations overwrite `work`
/// (refreshed from `pristine` before the pass); out-of-place ones read
/// `pristine` and write `work`.
type Pass = dyn Fn(&mut [f32], &[f32]);
type Timed = dyn Fn(Mode, &mut [f32], &[f32], usize) -> Duration;

/// One implementation of one function.
pub struct Impl {
    /// `std`, `libm`, `tract`, `rten`, `actkern-detected-accurate`,
    /// `actkern-simd256-fast`, ...
    pub name: String,
    /// What it runs (kernel names), for the legend.
    pub detail: String,
    /// In place on a refreshed buffer (all but the naive loops).
    pub in_place: bool,
    run: Rc<Pass>,
    timed: Box<Timed>,
}

impl Impl {
    /// `f` is monomorphised into both timed loops, so the only indirect
    /// call per pass is the one the implementation makes itself.
    pub fn new<F>(name: impl Into<String>, detail: impl Into<String>, in_place: bool, f: F) -> Impl
    where
        F: Fn(&mut [f32], &[f32]) + 'static,
    {
        let f = Rc::new(f);
        let g = Rc::clone(&f);
        let avx = timing::has_avx();
        Impl {
            name: name.into(),
            detail: detail.into(),
            in_place,
            run: f,
            timed: Box::new(move |mode, work, pristine, passes| match mode {
                Mode::Batch => timing::batch(&*g, in_place, work, pristine, passes, avx),
                Mode::PerPass => timing::per_pass(&*g, in_place, work, pristine, passes, avx),
            }),
        }
    }

    /// One untimed pass, refresh included, for the correctness check.
    pub fn run_once(&self, work: &mut [f32], pristine: &[f32]) {
        timing::refresh(work, pristine);
        timing::drain_stores();
        (self.run)(work, pristine);
        timing::vzeroupper(timing::has_avx());
    }

    /// `passes` timed passes (see [`Mode`]).
    pub fn time(&self, mode: Mode, work: &mut [f32], pristine: &[f32], passes: usize) -> Duration {
        (self.timed)(mode, work, pristine, passes)
    }
}

/// The no-op implementations whose times are subtracted: `in_place`
/// selects the one with a refresh before each call.
pub fn overhead(in_place: bool) -> Impl {
    let name = if in_place {
        "overhead-refresh"
    } else {
        "overhead"
    };
    Impl::new(name, "no-op call", in_place, |w: &mut [f32], _: &[f32]| {
        black_box(w.as_mut_ptr());
    })
}

/// Every implementation of `a` this build and this CPU have, peers first.
/// A peer without `a` is absent (the table shows `–`).
pub fn all(a: Activation) -> Vec<Impl> {
    let mut v = Vec::new();
    v.extend(naive_loop::<Std>(
        a,
        "std",
        "testkit naive formula, Rust std f32 functions",
    ));
    v.extend(naive_loop::<Libm>(
        a,
        "libm",
        "testkit naive formula, libm crate f32 functions",
    ));
    v.extend(tract(a));
    v.extend(rten(a));
    v.extend(actkern(a));
    v
}

/// The names of the peers' columns.
pub const PEERS: [&str; 4] = ["std", "libm", "tract", "rten"];

/// The naive formula of `actkern_testkit::reference` (what a user would
/// write, element by element, with `M`'s exponential and log; LLVM vectorises
/// what it can, e.g. a `max`). It exists only out of place
/// (`naive_slice(a, x, y)`), so it reads the pristine copy and writes the
/// work buffer: the same one read and one write per element as in place,
/// and no refresh to time or subtract. (An in-place loop over the
/// one-value `naive(a, x)` keeps the `match` on the function inside the
/// loop: `max(x, 0)` ran 20x slower than this.)
fn naive_loop<M: Math + 'static>(a: Activation, name: &str, detail: &str) -> Option<Impl> {
    let mut probe = [0.0f32];
    naive_slice::<M>(a, &[0.5], &mut probe).then(|| {
        Impl::new(name, detail, false, move |w: &mut [f32], p: &[f32]| {
            naive_slice::<M>(black_box(a), p, w);
        })
    })
}

/// tract-linalg's kernel for `a` on this CPU (`Func::X.ew_f32()`, the
/// routine registry's single best kernel), by name.
pub fn tract(a: Activation) -> Option<Impl> {
    let unary = |f: Func| -> Option<Impl> {
        let k = f.ew_f32().ok()?;
        let detail = k.name();
        Some(Impl::new(
            "tract",
            detail,
            true,
            move |w: &mut [f32], _: &[f32]| {
                k.run(w).expect("tract kernel");
            },
        ))
    };
    match a.name() {
        "exp" => unary(Func::Exp),
        "sigmoid" => unary(Func::Sigmoid),
        "tanh" => unary(Func::Tanh),
        "silu" | "swish" => unary(Func::Silu),
        "gelu" => unary(Func::Gelu),
        "erf" => unary(Func::Erf),
        "ln" | "log" => unary(Func::Ln),
        "hardswish" => unary(Func::Hardswish),
        // tract has no kernel for max(x, 0) (its ops lower it to a
        // broadcast max); leaky ReLU with slope 0 is its vectorised one.
        "relu" => {
            let k = Func::LeakyRelu.ew_f32_param().ok()?;
            let detail = format!("{} (alpha = 0)", k.name());
            Some(Impl::new(
                "tract",
                detail,
                true,
                move |w: &mut [f32], _: &[f32]| {
                    k.run_with_params(w, 0.0).expect("tract kernel");
                },
            ))
        }
        "softmax" => tract_softmax(),
        _ => None,
    }
}

/// tract's normalised exponential of one row: its whole-buffer `softmax_rows_f32` where
/// this CPU has one and the row length is a multiple of 4 (its contract),
/// otherwise the three per-row kernels its Softmax op runs without it
/// (x86-64 has none in 0.23): row max, `e^(x - max)` summed, scale by
/// `1 / sum`.
fn tract_softmax() -> Option<Impl> {
    let max = Func::ReduceMax.reduce_f32().ok()?;
    let exp_sum = Func::Softmax2.map_reduce_f32().ok()?;
    let scale = Func::MulByScalar.ew_f32_param().ok()?;
    let rows = softmax_rows_f32();
    let mut detail = format!("{} + {} + {}", max.name(), exp_sum.name(), scale.name());
    if rows.is_some() {
        detail = format!("softmax_rows_f32 (n % 4 == 0), else {detail}");
    }
    Some(Impl::new(
        "tract",
        detail,
        true,
        move |w: &mut [f32], _: &[f32]| match rows {
            Some(rows) if !w.is_empty() && w.len().is_multiple_of(4) => rows(w, w.len()),
            _ => {
                let m = max.run(w).expect("tract kernel");
                let s = exp_sum.run_with_params(w, m).expect("tract kernel");
                scale.run_with_params(w, s.recip()).expect("tract kernel");
            }
        },
    ))
}

/// rten-vecmath's operation for `a` (`SimdUnaryOp::map_mut`, or
/// `Softmax::new_mut(..).dispatch()`), dispatched by rten-simd to the
/// widest ISA this CPU has, by name.
pub fn rten(a: Activation) -> Option<Impl> {
    fn unary<Op: SimdUnaryOp<f32> + 'static>(op: Op, detail: &str) -> Option<Impl> {
        Some(Impl::new(
            "rten",
            detail,
            true,
            move |w: &mut [f32], _: &[f32]| {
                op.map_mut(w);
            },
        ))
    }
    use rten_vecmath as rv;
    match a.name() {
        "exp" => unary(rv::Exp {}, "rten_vecmath::Exp"),
        "sigmoid" => unary(rv::Sigmoid {}, "rten_vecmath::Sigmoid"),
        "tanh" => unary(rv::Tanh {}, "rten_vecmath::Tanh"),
        "silu" => unary(rv::Silu {}, "rten_vecmath::Silu"),
        "gelu" => unary(rv::Gelu {}, "rten_vecmath::Gelu (erf form)"),
        "erf" => unary(rv::Erf {}, "rten_vecmath::Erf"),
        // rten leaves plain max(x, 0) to the compiler; its vectorised
        // kernel for the family is leaky ReLU, here slope 0.
        "relu" => unary(
            rv::LeakyRelu { alpha: 0.0 },
            "rten_vecmath::LeakyRelu (alpha = 0)",
        ),
        "softmax" => Some(Impl::new(
            "rten",
            "rten_vecmath::Softmax::new_mut",
            true,
            |w: &mut [f32], _: &[f32]| {
                rv::Softmax::new_mut(w).dispatch();
            },
        )),
        _ => None,
    }
}

/// actkern through `Kernels::apply_inplace` (an engine's run-time choice of
/// function): the detected backend, then every available backend, each in
/// every tier. The handle and the function go through `black_box` on every
/// call, so the dispatch `match` is not hoisted out of the timed loop.
fn actkern(a: Activation) -> Vec<Impl> {
    let mut v = Vec::new();
    let mut add = |label: &str, k: Kernels| {
        let detail = format!(
            "{} backend, {} tier ({})",
            k.backend(),
            k.precision(),
            a.spec().tier(k.precision()).method
        );
        v.push(Impl::new(
            format!("actkern-{label}-{}", k.precision()),
            detail,
            true,
            move |w: &mut [f32], _: &[f32]| {
                black_box(k).apply_inplace(black_box(a), w);
            },
        ));
    };
    for &p in Precision::ALL {
        add("detected", Kernels::detect().with_precision(p));
    }
    for b in backends_in_column_order() {
        if let Ok(k) = Kernels::new(b) {
            for &p in Precision::ALL {
                add(b.name(), k.with_precision(p));
            }
        }
    }
    v
}

/// The backends' column order: Simd256 first (beside the detected one,
/// whatever was detected), then the others widest first.
pub fn backends_in_column_order() -> Vec<Backend> {
    let mut v = vec![Backend::Simd256];
    v.extend(
        Backend::ALL
            .iter()
            .rev()
            .filter(|&&b| b != Backend::Simd256),
    );
    v
}
