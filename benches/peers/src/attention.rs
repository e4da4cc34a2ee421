//! `--attention`: actkern's attention rows and tiled attention against the
//! same work done the plain way, in one run, as ratios.
//!
//! - Rows of 4096 scores (8 rows): `softmax_rows` alone; the fused
//!   `softmax_rows_with` under scale + shared mask, + causal, + soft-cap;
//!   the three-pass version (a scale loop, a mask loop, `softmax_rows`);
//!   `softmax_block` over blocks of 64 against the whole-row softmax out of
//!   place.
//! - Rows of 8 to 64 scores: `softmax_rows` against a naive loop per row
//!   (`std`'s `exp`, a plain sum, a division).
//!
//! Times are ns per score (median over the rounds), each group measured
//! interleaved, with the same refresh and overhead subtraction as the main
//! table.

use crate::impls::Impl;
use crate::timing::{self, AlignedBuf};
use actkern::{Kernels, RowOptions, SoftmaxState};
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
            Impl::new("naive", "", true, move |w: &mut [f32], _: &[f32]| {
                for r in w.chunks_exact_mut(n) {
                    let m = r.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
                    let mut s = 0.0f32;
                    for v in r.iter_mut() {
                        *v = (*v - m).exp();
                        s += *v;
                    }
                    for v in r.iter_mut() {
                        *v /= s;
                    }
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
    t
}
