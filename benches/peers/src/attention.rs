//! `--attention`: actkern's attention rows and tiled attention against the
//! same work done the plain way, in one run, as ratios.
//!
//! - Rows of 4096 scores (8 rows): `softmax_rows` alone; the fused
//!   `softmax_rows_with` under scale + shared mask, + causal, + soft-cap;
//!   the three-pass version (a scale loop, a mask loop, `softmax_rows`);
//!   `softmax_block` over blocks of 64 against the whole-row softmax out of
//!   place.
//! - Rows of 8 to 64 scores: `softmax_rows` against a naive loop per row
//!   (the testkit's naive softmax with `std`'s exponential).
//! - SwiGLU: `glu` (separate buffers, in place) and `glu_rows` (rows
//!   `[gate | up]`) against `silu_mul` on the same elements.
//!
//! Times are ns per score (median over the rounds), each group measured
//! interleaved, with the same refresh and overhead subtraction as the main
//! table.

use crate::impls::Impl;
use crate::timing::{self, AlignedBuf};
use actkern::{Activation, Glu, Kernels, RowOptions, SoftmaxState};
use actkern_testkit::reference::{Std, naive_slice};
use std::hint::black_box;
use std::fmt::Write as _;
use std::time::Duration;

/// Scores as a model gives them before scaling: `q·k` of size ~sqrt(d)·...
fn scores(n: usize) -> Vec<f32> {
    actkern_testkit::rng::spread(n, (-40.0, 40.0)).collect()
}

fn time(imps: &[&Impl], x: &[f32], rounds: usize, target: Duration) -> Vec<f64> {
    let pristine = AlignedBuf::from_slice(x);
    let (samples, _) = crate::measure(imps, &pristine, rounds, target);
    samples
        .iter()
        .map(|s| timing::median_min_max(s).0)
        .collect()
}

pub fn run(rounds: usize, target: Duration) -> String {
    let k = Kernels::detect();
    let mut t = String::new();
    let (n, rows) = (4096usize, 8usize);
    let x = scores(n * rows);
    let mask: Vec<f32> = (0..n)
        .map(|c| if c % 16 == 15 { f32::NEG_INFINITY } else { 0.0 })
        .collect();
    let mask: &'static [f32] = Box::leak(mask.into_boxed_slice());
    let scale = 0.125f32;
    let opts = RowOptions::new(n).scale(scale).mask(mask);
    let causal = opts.causal(n - rows);
    let capped = RowOptions::new(n).scale(scale).softcap(30.0);
    let imps = [
        Impl::new(
            "plain",
            "softmax_rows_inplace",
            true,
            move |w: &mut [f32], _: &[f32]| {
                k.softmax_rows_inplace(n, w).expect("rows");
            },
        ),
        Impl::new(
            "fused scale+mask",
            "softmax_rows_with_inplace",
            true,
            move |w: &mut [f32], _: &[f32]| {
                k.softmax_rows_with_inplace(&opts, w).expect("rows");
            },
        ),
        Impl::new(
            "fused scale+mask+causal",
            "",
            true,
            move |w: &mut [f32], _: &[f32]| {
                k.softmax_rows_with_inplace(&causal, w).expect("rows");
            },
        ),
        Impl::new(
            "fused scale+softcap",
            "",
            true,
            move |w: &mut [f32], _: &[f32]| {
                k.softmax_rows_with_inplace(&capped, w).expect("rows");
            },
        ),
        Impl::new(
            "three-pass",
            "scale loop, mask loop, softmax_rows_inplace",
            true,
            move |w: &mut [f32], _: &[f32]| {
                for v in w.iter_mut() {
                    *v *= scale;
                }
                for r in w.chunks_exact_mut(n) {
                    for (v, m) in r.iter_mut().zip(mask) {
                        *v += m;
                    }
                }
                k.softmax_rows_inplace(n, w).expect("rows");
            },
        ),
        Impl::new(
            "whole row, out of place",
            "softmax_rows",
            false,
            move |w: &mut [f32], p: &[f32]| {
                k.softmax_rows(n, p, w).expect("rows");
            },
        ),
        Impl::new(
            "blocks of 64, out of place",
            "softmax_block",
            false,
            move |w: &mut [f32], p: &[f32]| {
                for (o, s) in w.chunks_exact_mut(n).zip(p.chunks_exact(n)) {
                    let mut st = SoftmaxState::new();
                    for (o, s) in o.chunks_exact_mut(64).zip(s.chunks_exact(64)) {
                        std::hint::black_box(k.softmax_block(&mut st, s, o).expect("block"));
                    }
                    std::hint::black_box(st);
                }
            },
        ),
    ];
    let refs: Vec<&Impl> = imps.iter().collect();
    let ts = time(&refs, &x, rounds, target);
    let _ = writeln!(
        t,
        "Rows of {n} scores ({rows} rows), ns per score, on {}:\n\n| implementation | ns/score | ratio |\n|---|--:|---|",
        k.backend()
    );
    let ratio = |i: usize, j: usize| ts[i] / ts[j];
    for (i, imp) in imps.iter().enumerate() {
        let r = match i {
            0 => String::new(),
            1..=3 => format!("{:.2}x plain", ratio(i, 0)),
            4 => format!("{:.2}x fused scale+mask", ratio(i, 1)),
            5 => String::new(),
            _ => format!("{:.2}x whole row", ratio(i, 5)),
        };
        let _ = writeln!(t, "| {} | {:.3} | {r} |", imp.name, ts[i]);
    }

    let _ = writeln!(
        t,
        "\nShort rows (32768 scores in rows of n), ns per score:\n\n| n | softmax_rows_inplace | naive loop per row | naive ÷ actkern |\n|--:|--:|--:|--:|"
    );
    let x = scores(32768);
    for n in [8usize, 16, 32, 64] {
        let imps = [
            Impl::new("actkern", "", true, move |w: &mut [f32], _: &[f32]| {
                k.softmax_rows_inplace(n, w).expect("rows");
            }),
            // The testkit's naive softmax (max, `std`'s exponential, a
            // plain sum, a division), row by row from the pristine copy.
            Impl::new("naive", "", false, move |w: &mut [f32], p: &[f32]| {
                for (r, pr) in w.chunks_exact_mut(n).zip(p.chunks_exact(n)) {
                    naive_slice::<Std>(black_box(Activation::Softmax), pr, r);
                }
            }),
        ];
        let refs: Vec<&Impl> = imps.iter().collect();
        let ts = time(&refs, &x, rounds, target);
        let _ = writeln!(
            t,
            "| {n} | {:.3} | {:.3} | {:.2} |",
            ts[0],
            ts[1],
            ts[1] / ts[0]
        );
    }

    let _ = writeln!(
        t,
        "\nGated units, SwiGLU on 8 rows of [gate | up] with half_len 4096, ns per output:\n\n| implementation | ns/output | ratio |\n|---|--:|---|"
    );
    let h = 4096usize;
    let x = scores(2 * 8 * h);
    let (gate, up) = x.split_at(8 * h);
    let mut pairs = gate.to_vec();
    pairs.extend_from_slice(up);
    let half = 8 * h;
    let imps = [
        Impl::new(
            "silu_mul",
            "separate gate and up",
            false,
            move |w: &mut [f32], p: &[f32]| {
                let (g, u) = p.split_at(half);
                k.silu_mul(g, u, &mut w[..half]).expect("pairs");
            },
        ),
        Impl::new(
            "glu(Silu)",
            "separate gate and up",
            false,
            move |w: &mut [f32], p: &[f32]| {
                let (g, u) = p.split_at(half);
                k.glu(Glu::Silu, g, u, &mut w[..half]).expect("pairs");
            },
        ),
        Impl::new(
            "glu_inplace(Silu)",
            "into the gate",
            true,
            move |w: &mut [f32], p: &[f32]| {
                k.glu_inplace(Glu::Silu, &mut w[..half], &p[half..])
                    .expect("pairs");
            },
        ),
        Impl::new(
            "glu_rows(Silu)",
            "rows [gate | up]",
            false,
            move |w: &mut [f32], p: &[f32]| {
                k.glu_rows(Glu::Silu, h, p, &mut w[..half]).expect("rows");
            },
        ),
    ];
    // glu_rows reads rows [gate | up]: the same values, interleaved by row.
    let rows: Vec<f32> = (0..8)
        .flat_map(|r| {
            gate[r * h..(r + 1) * h]
                .iter()
                .chain(&up[r * h..(r + 1) * h])
                .copied()
        })
        .collect();
    let refs: Vec<&Impl> = imps[..3].iter().collect();
    let ts = time(&refs, &pairs, rounds, target);
    let tr = time(&[&imps[3], &imps[0]], &rows, rounds, target);
    // Per output: the harness divides by the buffer length (2 per output).
    for (i, imp) in imps[..3].iter().enumerate() {
        let r = if i == 0 {
            String::new()
        } else {
            format!("{:.2}x silu_mul", ts[i] / ts[0])
        };
        let _ = writeln!(t, "| {} | {:.3} | {r} |", imp.name, 2.0 * ts[i]);
    }
    let _ = writeln!(
        t,
        "| {} | {:.3} | {:.2}x silu_mul (measured with it) |",
        imps[3].name,
        2.0 * tr[0],
        tr[0] / tr[1]
    );
    t
}
