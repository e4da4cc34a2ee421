//! The contracts stated on [`Lanes`] and [`IntLanes`], checked on every
//! backend this CPU runs, through `Kernels::run`: the same lanes type (and
//! the same `#[target_feature]` entry point) the kernels get.
//!
//! Test-only, so it may import the dispatch (`tests/layers.rs` allows
//! `*_test.rs` modules declared under `#[cfg(test)]`).

extern crate std;

use super::{IntLanes, Job, Lanes};
use crate::backend::Backend;
use crate::dispatch::Kernels;
use std::string::String;
use std::vec::Vec;
use std::{eprintln, format, vec};

const NAN: f32 = f32::NAN;

/// What one backend's run found: how many checks ran, which failed, and
/// which comparisons raised the invalid flag on a NaN (allowed on some
/// backends: see `Lanes::lt`).
#[derive(Default)]
struct Report {
    checked: usize,
    failures: Vec<String>,
    signalling: Vec<String>,
}

impl Report {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.checked += 1;
        if !ok {
            self.failures.push(what());
        }
    }
}

/// The job: every check on `V`, then on `V::Tail` where that is narrower.
struct Contracts;

impl Job for Contracts {
    type Output = Report;
    // Inlined into the backend's `#[target_feature]` entry point, as a
    // kernel is.
    #[inline(always)]
    fn run<V: Lanes, const U: usize>(self) -> Report {
        let mut r = Report::default();
        check::<V>(&mut r, "");
        if V::Tail::LANES != V::LANES {
            check::<V::Tail>(&mut r, "Tail: ");
        }
        r.check(
            V::Tail::FMA == V::FMA && V::LANES % V::Tail::LANES == 0,
            || {
                format!(
                    "Tail: FMA {} / {} lanes vs {} / {}",
                    V::Tail::FMA,
                    V::Tail::LANES,
                    V::FMA,
                    V::LANES
                )
            },
        );
        r
    }
}

#[test]
fn lanes_contracts_hold_on_every_available_backend() {
    let mut failures = Vec::new();
    let mut ran = Vec::new();
    for &b in Backend::ALL {
        let Ok(k) = Kernels::new(b) else {
            eprintln!("lanes contracts: backend {b} skipped (not available here)");
            continue;
        };
        let r = k.run(Contracts);
        assert!(r.checked > 150, "{b}: only {} checks ran", r.checked);
        failures.extend(r.failures.iter().map(|f| format!("{b}: {f}")));
        // `Lanes::lt`: quiet on these two only.
        if matches!(b, Backend::Simd256 | Backend::Simd512) {
            failures.extend(r.signalling.iter().map(|f| format!("{b}: {f}")));
        } else if !r.signalling.is_empty() {
            eprintln!(
                "lanes contracts: {b}: comparisons signal on NaN (allowed, see `Lanes::lt`): {}",
                r.signalling.join("; ")
            );
        }
        ran.push(b);
    }
    eprintln!("lanes contracts: checked on {ran:?}");
    assert!(ran.contains(&Backend::Scalar) && ran.contains(&Backend::Simd128));
    assert!(
        failures.is_empty(),
        "lanes contracts broken:\n{}",
        failures.join("\n")
    );
}

/// The lanes of `v`, by a full store.
#[inline(always)]
fn lanes<V: Lanes>(v: V) -> Vec<f32> {
    let mut a = vec![0.0; V::LANES];
    v.store(&mut a);
    a
}

/// `Lanes::load_or` with zero fill.
#[inline(always)]
fn load<V: Lanes>(src: &[f32]) -> V {
    V::load_or(src, 0.0)
}

/// A vector whose lane `i` is `a[i % a.len()]`, by a full load.
#[inline(always)]
fn cycle<V: Lanes>(a: &[f32]) -> V {
    let v: Vec<f32> = (0..V::LANES).map(|i| a[i % a.len()]).collect();
    load::<V>(&v)
}

/// The lanes of a mask, through `select`.
#[inline(always)]
fn mask<V: Lanes>(m: V::Mask) -> Vec<bool> {
    lanes(V::select(m, V::splat(1.0), V::splat(0.0)))
        .iter()
        .map(|&x| x == 1.0)
        .collect()
}

/// The `i32` lanes of `i`, through the float view.
#[inline(always)]
fn ints<V: Lanes>(i: V::Int) -> Vec<i32> {
    lanes(V::from_bits(i))
        .iter()
        .map(|x| x.to_bits() as i32)
        .collect()
}

/// An `i32` vector whose lane `i` is `a[i % a.len()]`.
#[inline(always)]
fn int_cycle<V: Lanes>(a: &[i32]) -> V::Int {
    let f: Vec<f32> = a.iter().map(|&i| f32::from_bits(i as u32)).collect();
    cycle::<V>(&f).to_bits()
}

fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits()
}

#[inline(always)]
fn check<V: Lanes>(r: &mut Report, tag: &str) {
    let n = V::LANES;
    let seq: Vec<f32> = (0..n + 4).map(|i| i as f32 + 1.0).collect();

    // Bit casts: every pattern round-trips, NaN payloads and -0 included,
    // and the integer view is the float's bits.
    let pats = [
        0x3f80_0000u32 as i32,
        0x8000_0000u32 as i32,
        0x7fc0_1234,
        -1,
        0x0000_0001,
        0x7f80_0000,
    ];
    for s in 0..pats.len() {
        let rot: Vec<i32> = (0..pats.len())
            .map(|i| pats[(i + s) % pats.len()])
            .collect();
        let got = ints::<V>(int_cycle::<V>(&rot));
        let want: Vec<i32> = (0..n).map(|i| rot[i % rot.len()]).collect();
        r.check(got == want, || {
            format!("{tag}to_bits/from_bits: {got:x?}, want {want:x?}")
        });
    }
    let next = lanes(V::from_bits(V::splat(1.0).to_bits().add(V::Int::splat(1))));
    r.check(
        next.iter().all(|&x| x == f32::from_bits(0x3f80_0001)),
        || format!("{tag}to_bits(1.0) + 1 is not the next float up: {next:?}"),
    );

    // load_or / store: exactly the lanes that exist, never the ones past
    // them (the slice is a prefix of a longer buffer: a read or write past
    // it would show).
    for len in 0..=n + 2 {
        for fill in [0.0, f32::NEG_INFINITY, -7.5] {
            let got = lanes(V::load_or(&seq[..len], fill));
            let ok = (0..n).all(|i| same(got[i], if i < len { seq[i] } else { fill }));
            r.check(ok, || {
                format!("{tag}load_or({len} of {n}, fill {fill}): {got:?}")
            });
        }
        let mut buf = vec![-99.0f32; n + 4];
        cycle::<V>(&seq).store(&mut buf[..len]);
        let ok = (0..n + 4).all(|i| same(buf[i], if i < len.min(n) { seq[i] } else { -99.0 }));
        r.check(ok, || {
            format!("{tag}store into {len} (of {n} lanes): {buf:?}")
        });
    }

    // min / max: NaN in `o` gives NaN; NaN only in `self` gives either;
    // equal operands (±0) either.
    type Case = (f32, f32, &'static [f32]);
    let mins: &[Case] = &[
        (1.0, 2.0, &[1.0]),
        (2.0, 1.0, &[1.0]),
        (-1.0, 1.0, &[-1.0]),
        (f32::NEG_INFINITY, 0.0, &[f32::NEG_INFINITY]),
        (f32::INFINITY, 5.0, &[5.0]),
        (0.0, -0.0, &[0.0, -0.0]),
        (1.0, NAN, &[NAN]),
        (-NAN, 1.0, &[NAN, 1.0]),
        (NAN, NAN, &[NAN]),
    ];
    let maxs: &[Case] = &[
        (1.0, 2.0, &[2.0]),
        (2.0, 1.0, &[2.0]),
        (-1.0, 1.0, &[1.0]),
        (f32::INFINITY, 0.0, &[f32::INFINITY]),
        (f32::NEG_INFINITY, -5.0, &[-5.0]),
        (-0.0, 0.0, &[0.0, -0.0]),
        (1.0, NAN, &[NAN]),
        (NAN, -1.0, &[NAN, -1.0]),
        (NAN, NAN, &[NAN]),
    ];
    for (name, cases, op) in [
        ("min", mins, <V as Lanes>::min as fn(V, V) -> V),
        ("max", maxs, <V as Lanes>::max as fn(V, V) -> V),
    ] {
        for s in 0..cases.len() {
            let case = |i: usize| cases[(i + s) % cases.len()];
            let a: Vec<f32> = (0..n).map(|i| case(i).0).collect();
            let o: Vec<f32> = (0..n).map(|i| case(i).1).collect();
            let got = lanes(op(load::<V>(&a), load::<V>(&o)));
            for (i, &g) in got.iter().enumerate() {
                let (x, y, want) = case(i);
                let ok = want
                    .iter()
                    .any(|&w| if w.is_nan() { g.is_nan() } else { same(g, w) });
                r.check(ok, || {
                    format!("{tag}{x:?}.{name}({y:?}) = {g:?}, want one of {want:?}")
                });
            }
        }
    }

    // Comparisons: ordinary values, and false on NaN either side.
    let cmp_cases: &[(f32, f32)] = &[
        (1.0, 2.0),
        (2.0, 1.0),
        (1.0, 1.0),
        (-0.0, 0.0),
        (f32::NEG_INFINITY, f32::INFINITY),
        (NAN, 1.0),
        (1.0, NAN),
        (NAN, NAN),
        (f32::from_bits(u32::MAX), 0.0),
    ];
    for s in 0..cmp_cases.len() {
        let case = |i: usize| cmp_cases[(i + s) % cmp_cases.len()];
        let a = load::<V>(&(0..n).map(|i| case(i).0).collect::<Vec<_>>());
        let b = load::<V>(&(0..n).map(|i| case(i).1).collect::<Vec<_>>());
        type Want = fn(f32, f32) -> bool;
        let ops: [(&str, V::Mask, Want); 5] = [
            ("lt", a.lt(b), |x, y| x < y),
            ("not_lt", a.not_lt(b), |x, y| {
                x.partial_cmp(&y) != Some(core::cmp::Ordering::Less)
            }),
            ("le", a.le(b), |x, y| x <= y),
            ("ge", a.ge(b), |x, y| x >= y),
            ("is_nan", a.is_nan(), |x, _| x.is_nan()),
        ];
        for (name, m, f) in ops {
            let got = mask::<V>(m);
            for (i, &g) in got.iter().enumerate() {
                let (x, y) = case(i);
                r.check(g == f(x, y), || format!("{tag}{name}({x:?}, {y:?}) = {g}"));
            }
        }
        let got = mask::<V>(V::mask_or(a.lt(b), b.lt(a)));
        for (i, &g) in got.iter().enumerate() {
            let (x, y) = case(i);
            r.check(g == (x < y || y < x), || {
                format!("{tag}mask_or on ({x:?}, {y:?}) = {g}")
            });
        }
    }

    // select and all: a mask true on the first `k` lanes, for every `k`
    // (so that a false lane sits in each position, both halves of a Pair).
    let idx = load::<V>(&seq);
    for k in 0..=n {
        let m = idx.lt(V::splat(k as f32 + 0.5));
        let got = lanes(V::select(m, V::splat(3.0), -idx));
        let ok = (0..n).all(|i| same(got[i], if i < k { 3.0 } else { -seq[i] }));
        r.check(ok, || format!("{tag}select(first {k} lanes): {got:?}"));
        let all = V::all(m);
        r.check(all == (k == n), || {
            format!("{tag}all(first {k} of {n} lanes) = {all}")
        });
    }

    // reduce_max: the largest lane, wherever it sits; with a NaN lane,
    // NaN or one of the lanes.
    for p in 0..n {
        let v: Vec<f32> = (0..n)
            .map(|i| {
                if i == p {
                    100.0 + p as f32
                } else {
                    -(i as f32) - 1.0
                }
            })
            .collect();
        let got = load::<V>(&v).reduce_max();
        r.check(same(got, 100.0 + p as f32), || {
            format!("{tag}reduce_max({v:?}) = {got}")
        });
        let v: Vec<f32> = (0..n)
            .map(|i| if i == p { NAN } else { i as f32 - 3.0 })
            .collect();
        let got = load::<V>(&v).reduce_max();
        r.check(got.is_nan() || v.contains(&got), || {
            format!("{tag}reduce_max({v:?}) = {got}, neither NaN nor a lane")
        });
    }
    let pad = V::load_or(&[-3.0, -2.0], f32::NEG_INFINITY).reduce_max();
    r.check(pad == -2.0 || n == 1, || {
        format!("{tag}reduce_max with -inf padding = {pad}")
    });

    // mul_add: one rounding when FMA, two otherwise. x*x = 1 + 2^-11 + 2^-24
    // rounds (a tie, to even) to 1 + 2^-11.
    let x = V::splat(1.0 + 2f32.powi(-12));
    let got = lanes(x.mul_add(x, V::splat(-(1.0 + 2f32.powi(-11)))));
    let want = if V::FMA { 2f32.powi(-24) } else { 0.0 };
    r.check(got.iter().all(|&g| same(g, want)), || {
        format!("{tag}mul_add (FMA = {}): {got:?}, want {want:e}", V::FMA)
    });

    // Sign-bit operations.
    let s = [0.0, -0.0, -NAN, 2.5];
    let got = lanes(-cycle::<V>(&s));
    let ok = (0..n).all(|i| got[i].to_bits() == s[i % 4].to_bits() ^ 0x8000_0000);
    r.check(ok, || format!("{tag}neg flips the sign bit only: {got:?}"));
    let got = lanes(cycle::<V>(&s).abs());
    let ok = (0..n).all(|i| got[i].to_bits() == s[i % 4].to_bits() & 0x7fff_ffff);
    r.check(ok, || format!("{tag}abs clears the sign bit only: {got:?}"));

    check_table::<V>(r, tag);
    check_ints::<V>(r, tag);
    check_u16::<V>(r, tag);
    #[cfg(feature = "half")]
    halves::check_halves::<V>(r, tag);
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    flags::check_flags::<V>(r, tag);
}

/// `lookup32` reads `table[bits & 31]` whatever the other bits;
/// `scale_floor` is `x * 2^floor(n)`, exact for normal results, with `n`
/// an integer plus 32nds (negative ones included: floor, not truncation).
#[inline(always)]
fn check_table<V: Lanes>(r: &mut Report, tag: &str) {
    let table: [f32; 32] = core::array::from_fn(|j| 1.0 + j as f32 / 8.0);
    for high in [0u32, 0x4b40_0000, 0xffff_ffe0, 0x7fc0_0000] {
        let idx: Vec<f32> = (0..V::LANES)
            .map(|i| f32::from_bits(high | ((i as u32 * 7 + 3) & 31)))
            .collect();
        let got = lanes(load::<V>(&idx).lookup32(&table));
        let ok = (0..V::LANES).all(|i| same(got[i], table[(i * 7 + 3) & 31]));
        r.check(ok, || {
            format!("{tag}lookup32 with high bits {high:#x}: {got:?}")
        });
    }
    let cases: [(f32, f32, f32); 8] = [
        (1.5, 0.0, 1.5),
        (1.5, 3.96875, 12.0),
        (1.5, -0.03125, 0.75),
        (1.25, -125.5, 1.25 * 2f32.powi(-126)),
        (1.75, 127.0, 1.75 * 2f32.powi(127)),
        (1.75, 128.0, f32::INFINITY),
        (-1.0, -3.5, -0.0625),
        (1.0, 64.0, 2f32.powi(64)),
    ];
    for (x, n, want) in cases {
        let got = lanes(V::splat(x).scale_floor(V::splat(n)));
        r.check(got.iter().all(|&g| same(g, want)), || {
            format!("{tag}scale_floor({x}, {n}): {got:?}, want {want:e}")
        });
    }
}

/// IntLanes: wrapping add/sub, logical left and arithmetic right shifts,
/// signed min/max, lane by lane against `i32`.
#[inline(always)]
fn check_ints<V: Lanes>(r: &mut Report, tag: &str) {
    let vals = [0, 1, -1, 7, i32::MAX, i32::MIN, 0x3f80_0000, -0x1234_5678];
    for s in 0..vals.len() {
        let a: Vec<i32> = (0..V::LANES).map(|i| vals[i % vals.len()]).collect();
        let o: Vec<i32> = (0..V::LANES).map(|i| vals[(i + s) % vals.len()]).collect();
        let (va, vo) = (int_cycle::<V>(&a), int_cycle::<V>(&o));
        type F = fn(i32, i32) -> i32;
        let ops: [(&str, V::Int, F); 12] = [
            ("add", va.add(vo), i32::wrapping_add),
            ("sub", va.sub(vo), i32::wrapping_sub),
            ("min", va.min(vo), Ord::min),
            ("max", va.max(vo), Ord::max),
            ("and", va.and(vo), |x, y| x & y),
            ("or", va.or(vo), |x, y| x | y),
            ("shl<1>", va.shl::<1>(), |x, _| x << 1),
            ("shl<23>", va.shl::<23>(), |x, _| x << 23),
            ("shl<31>", va.shl::<31>(), |x, _| x << 31),
            ("shr<1>", va.shr::<1>(), |x, _| x >> 1),
            ("shr<23>", va.shr::<23>(), |x, _| x >> 23),
            ("shr<31>", va.shr::<31>(), |x, _| x >> 31),
        ];
        for (name, v, f) in ops {
            let got = ints::<V>(v);
            let want: Vec<i32> = a.iter().zip(&o).map(|(&x, &y)| f(x, y)).collect();
            r.check(got == want, || {
                format!("{tag}int {name}({a:x?}, {o:x?}) = {got:x?}")
            });
        }
    }
    let got = ints::<V>(V::Int::splat(-5));
    r.check(got.iter().all(|&g| g == -5), || {
        format!("{tag}int splat: {got:?}")
    });
}

/// `load_u16_or` / `store_u16`: every length `0..=LANES + 1`, values with
/// the top bit set (zero-extended, not sign-extended), the fill in the
/// missing lanes, nothing read or written past the slice (a prefix of a
/// longer buffer).
#[inline(always)]
fn check_u16<V: Lanes>(r: &mut Report, tag: &str) {
    let n = V::LANES;
    let seq: Vec<u16> = (0..n + 4)
        .map(|i| (0x8001 + 0x1357 * i as u32) as u16)
        .collect();
    let words: Vec<i32> = seq.iter().map(|&h| i32::from(h)).collect();
    for len in 0..=n + 1 {
        for fill in [0u16, 0xFFFF, 0x7E00] {
            let got = ints::<V>(V::load_u16_or(&seq[..len], fill));
            let ok = (0..n).all(|i| got[i] == i32::from(if i < len { seq[i] } else { fill }));
            r.check(ok, || {
                format!("{tag}load_u16_or({len} of {n}, fill {fill:#x}): {got:x?}")
            });
        }
        let mut buf = vec![0xABCDu16; n + 4];
        V::store_u16(int_cycle::<V>(&words), &mut buf[..len]);
        let ok = (0..n + 4).all(|i| buf[i] == if i < len.min(n) { seq[i] } else { 0xABCD });
        r.check(ok, || {
            format!("{tag}store_u16 into {len} (of {n} lanes): {buf:x?}")
        });
    }
}

/// The half-format conversions against the `half` crate (the reference:
/// its software conversions, as this crate builds it without `std`).
#[cfg(feature = "half")]
mod halves {
    use super::{IntLanes, Lanes, Report, String, Vec, format, ints, vec};
    use ::half::{bf16, f16};

    /// Counts the mismatches of one comparison and keeps the first few.
    struct Tally {
        what: String,
        bad: usize,
        seen: usize,
        first: Vec<String>,
    }

    impl Tally {
        fn new(what: String) -> Tally {
            Tally {
                what,
                bad: 0,
                seen: 0,
                first: Vec::new(),
            }
        }
        fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
            self.seen += 1;
            if !ok {
                self.bad += 1;
                if self.first.len() < 8 {
                    self.first.push(what());
                }
            }
        }
        fn report(self, r: &mut Report) {
            let Tally {
                what,
                bad,
                seen,
                first,
            } = self;
            r.check(bad == 0 && seen > 0, || {
                format!("{what}: {bad} of {seen} wrong, e.g. {}", first.join("; "))
            });
        }
    }

    /// Every `f16`/`bf16` pattern converted to `f32`, vector by vector
    /// (`load_u16_or` then `from_f16` / `from_bf16`, the last vector
    /// partial if `LANES` does not divide the length).
    #[inline(always)]
    fn widen_all<V: Lanes>(bits: &[u16], bf: bool) -> Vec<f32> {
        let mut out = vec![0.0f32; bits.len()];
        for (s, d) in bits.chunks(V::LANES).zip(out.chunks_mut(V::LANES)) {
            let h = V::load_u16_or(s, 0);
            let v = if bf { V::from_bf16(h) } else { V::from_f16(h) };
            v.store(d);
        }
        out
    }

    /// `xs` rounded to `f16`/`bf16` bits vector by vector, and whether
    /// every lane (padding included) was in `0..=0xFFFF`.
    #[inline(always)]
    fn narrow_all<V: Lanes>(xs: &[f32], bf: bool) -> (Vec<u16>, bool) {
        let mut out = vec![0u16; xs.len()];
        let mut high = V::Int::splat(0);
        for (s, d) in xs.chunks(V::LANES).zip(out.chunks_mut(V::LANES)) {
            let v = V::load_or(s, 1.0);
            let h = if bf { v.to_bf16() } else { v.to_f16() };
            high = high.or(h.and(V::Int::splat(!0xFFFF)));
            V::store_u16(h, d);
        }
        (out, ints::<V>(high).iter().all(|&h| h == 0))
    }

    /// Inputs for `f32 -> half` of a format whose finite non-negative
    /// values are `value(0..top)`: every 4099th `f32` pattern; each value,
    /// the midpoint `mid(b)` to the next one up (the overflow threshold
    /// above the largest), and the midpoint 1..3 `f32` steps either side,
    /// both signs; special values.
    /// (Under Miri, which interprets each conversion about a million times
    /// slower, every 2^24 + 1st pattern and every 251st value.)
    fn rounding_inputs(top: u16, value: impl Fn(u16) -> f32, mid: impl Fn(u16) -> f32) -> Vec<f32> {
        let (stride, every) = if cfg!(miri) {
            (0x0100_0001, 251)
        } else {
            (4099, 1)
        };
        let mut xs: Vec<f32> = (0..=u32::MAX / stride)
            .map(|i| f32::from_bits(i * stride))
            .collect();
        for b in (0..top).step_by(every) {
            let m = mid(b).to_bits();
            for x in [value(b), mid(b)]
                .into_iter()
                .chain((1..=3).flat_map(|k| [f32::from_bits(m - k), f32::from_bits(m + k)]))
            {
                xs.push(x);
                xs.push(-x);
            }
        }
        let specials = [
            0.0,
            f32::INFINITY,
            f32::from_bits(1),
            f32::from_bits(0x0040_0000),
            f32::from_bits(0x007F_FFFF),
            f32::MIN_POSITIVE,
            65504.0,
            f32::from_bits(65520f32.to_bits() - 1),
            65520.0,
            65536.0,
            f32::MAX,
            f32::NAN,
            f32::from_bits(0x7F80_0001),
            f32::from_bits(0x7FBF_FFFF),
            f32::from_bits(0x7FFF_FFFF),
            f32::from_bits(0x7FC0_2000),
        ];
        for x in specials {
            xs.push(x);
            xs.push(-x);
        }
        xs
    }

    fn f16_value(b: u16) -> f32 {
        f16::from_bits(b).to_f32()
    }

    /// The midpoint between `f16` `b` and the next one up (`65536` above
    /// the largest): exact, the significands have 11 bits.
    fn f16_mid(b: u16) -> f32 {
        let next = if b == 0x7BFF {
            65536.0
        } else {
            f16_value(b + 1)
        };
        ((f64::from(f16_value(b)) + f64::from(next)) / 2.0) as f32
    }

    fn bf16_value(b: u16) -> f32 {
        f32::from_bits(u32::from(b) << 16)
    }

    fn bf16_mid(b: u16) -> f32 {
        f32::from_bits(u32::from(b) << 16 | 0x8000)
    }

    /// The reference itself: `half`'s `f16::from_f32` is the nearest `f16`,
    /// ties to even (checked by distance, in `f64`), and `bf16::from_f32`
    /// is the bit formula `(b + 0x7FFF + ((b >> 16) & 1)) >> 16` (RNE,
    /// subnormals included), on the inputs the backends are checked with.
    #[test]
    fn half_crate_rounds_to_nearest_even() {
        let mut bad = Vec::new();
        for x in rounding_inputs(0x7C00, f16_value, f16_mid) {
            if x.is_nan() {
                continue;
            }
            let h = f16::from_f32(x).to_bits();
            let (mag, ax) = (h & 0x7FFF, f64::from(x.abs()));
            let ok = if ax >= 65520.0 {
                mag == 0x7C00
            } else {
                let d = |m: u16| (f64::from(f16_value(m)) - ax).abs();
                let below =
                    mag == 0 || d(mag) < d(mag - 1) || (d(mag) == d(mag - 1) && mag & 1 == 0);
                let above = d(mag) < d(mag + 1) || (d(mag) == d(mag + 1) && mag & 1 == 0);
                mag < 0x7C00 && below && above && (h & 0x8000 != 0) == x.is_sign_negative()
            };
            if !ok {
                bad.push(format!("f16 {:#010x} -> {h:#06x}", x.to_bits()));
            }
        }
        for x in rounding_inputs(0x7F80, bf16_value, bf16_mid) {
            let b = x.to_bits();
            let want = if x.is_nan() {
                (b >> 16) as u16 | 0x40
            } else {
                (b.wrapping_add(0x7FFF + ((b >> 16) & 1)) >> 16) as u16
            };
            if bf16::from_f32(x).to_bits() != want {
                bad.push(format!(
                    "bf16 {b:#010x} -> {:#06x}",
                    bf16::from_f32(x).to_bits()
                ));
            }
        }
        assert!(
            bad.is_empty(),
            "{} wrong: {:?}",
            bad.len(),
            &bad[..bad.len().min(10)]
        );
    }

    /// `f` is a quiet NaN (exponent all ones, top mantissa bit set) whose
    /// sign is `x`'s.
    fn quiet_nan_like(h: u16, x: f32, exp: u16, quiet: u16) -> bool {
        h & exp == exp && h & quiet != 0 && (h & 0x8000 != 0) == x.is_sign_negative()
    }

    #[inline(always)]
    pub(super) fn check_halves<V: Lanes>(r: &mut Report, tag: &str) {
        // Every pattern; every 251st under Miri.
        let all: Vec<u16> = (0..=u16::MAX)
            .step_by(if cfg!(miri) { 251 } else { 1 })
            .collect();

        // (a) from_f16, every pattern.
        let got = widen_all::<V>(&all, false);
        let mut t = Tally::new(format!("{tag}from_f16"));
        for (&b, &y) in all.iter().zip(&got) {
            let want = f16::from_bits(b).to_f32();
            let ok = if want.is_nan() {
                y.is_nan() && y.is_sign_negative() == want.is_sign_negative()
            } else {
                y.to_bits() == want.to_bits()
            };
            t.check(ok, || {
                format!(
                    "{b:#06x} -> {:#010x}, want {:#010x}",
                    y.to_bits(),
                    want.to_bits()
                )
            });
        }
        t.report(r);

        // (c) from_bf16, every pattern: exactly the bits shifted up (`half`
        // makes a signalling NaN quiet; NaN-ness and sign are compared).
        let got = widen_all::<V>(&all, true);
        let mut t = Tally::new(format!("{tag}from_bf16"));
        for (&b, &y) in all.iter().zip(&got) {
            let want = bf16::from_bits(b).to_f32();
            let ok = y.to_bits() == u32::from(b) << 16
                && if want.is_nan() {
                    y.is_nan() && y.is_sign_negative() == want.is_sign_negative()
                } else {
                    y.to_bits() == want.to_bits()
                };
            t.check(ok, || {
                format!(
                    "{b:#06x} -> {:#010x}, want {:#010x}",
                    y.to_bits(),
                    want.to_bits()
                )
            });
        }
        t.report(r);

        // (b) to_f16.
        let xs = rounding_inputs(0x7C00, f16_value, f16_mid);
        let (got, in_range) = narrow_all::<V>(&xs, false);
        r.check(in_range, || {
            format!("{tag}to_f16: a lane outside 0..=0xFFFF")
        });
        let mut t = Tally::new(format!("{tag}to_f16"));
        for (&x, &h) in xs.iter().zip(&got) {
            let want = f16::from_f32(x).to_bits();
            let ok = if x.is_nan() {
                quiet_nan_like(h, x, 0x7C00, 0x0200)
            } else {
                h == want
            };
            t.check(ok, || {
                format!("{:#010x} -> {h:#06x}, want {want:#06x}", x.to_bits())
            });
        }
        t.report(r);

        // (c) to_bf16: `half`'s NaN is ours, `(b >> 16) | 0x40`, so every
        // pattern compares exactly.
        let xs = rounding_inputs(0x7F80, bf16_value, bf16_mid);
        let (got, in_range) = narrow_all::<V>(&xs, true);
        r.check(in_range, || {
            format!("{tag}to_bf16: a lane outside 0..=0xFFFF")
        });
        let mut t = Tally::new(format!("{tag}to_bf16"));
        for (&x, &h) in xs.iter().zip(&got) {
            let want = bf16::from_f32(x).to_bits();
            let ok = h == want && (!x.is_nan() || quiet_nan_like(h, x, 0x7F80, 0x0040));
            t.check(ok, || {
                format!("{:#010x} -> {h:#06x}, want {want:#06x}", x.to_bits())
            });
        }
        t.report(r);
    }
}

/// The floating-point flags, read from MXCSR (x86-64; Miri has no MXCSR).
#[cfg(all(target_arch = "x86_64", not(miri)))]
mod flags {
    use super::{Lanes, NAN, Report, format, ints, lanes};
    use core::hint::black_box;

    /// MXCSR's invalid-operation flag.
    const INVALID: u32 = 1 << 0;
    /// MXCSR's divide-by-zero flag.
    const DIVIDE: u32 = 1 << 2;
    /// All six sticky flags.
    const FLAGS: u32 = 0x3f;

    #[allow(deprecated)] // `_mm_getcsr`: deprecated in favour of inline asm
    fn csr() -> u32 {
        // SAFETY: reading MXCSR has no precondition; SSE is baseline on x86-64.
        unsafe { core::arch::x86_64::_mm_getcsr() }
    }

    #[allow(deprecated)] // `_mm_setcsr`: as `_mm_getcsr`
    fn set_csr(c: u32) {
        // SAFETY: callers pass a value read by `csr` with at most its sticky
        // flag bits cleared: no reserved bit set, the default modes kept.
        unsafe { core::arch::x86_64::_mm_setcsr(c) }
    }

    /// The MXCSR flags `$e` raises, from cleared flags. A macro, not a
    /// closure, so that `$e` stays inside the backend's entry point; its
    /// operands are `black_box`ed so that nothing is folded at compile time.
    macro_rules! flags_of {
        ($e:expr) => {{
            let saved = csr();
            set_csr(saved & !FLAGS);
            black_box($e);
            let raised = csr() & FLAGS;
            set_csr(saved);
            raised
        }};
    }

    /// Quiet operations: `is_nan`, `select`, sign and bit operations raise no
    /// invalid flag on NaN lanes, a quiet NaN whose bits are all ones (the
    /// masks `ldexp_gradual_any` builds) included. Whether `lt`/`le`/`ge` do
    /// is recorded for the caller, which knows the backend.
    #[inline(always)]
    pub(super) fn check_flags<V: Lanes>(r: &mut Report, tag: &str) {
        let ones = f32::from_bits(u32::MAX);
        for (a, b) in [(NAN, 1.0), (1.0, NAN), (ones, ones), (NAN, NAN)] {
            let (x, y) = (V::splat(a), V::splat(b));
            let operands = format!("{:#x}, {:#x}", a.to_bits(), b.to_bits());
            let compares: [(&str, u32); 4] = [
                ("lt", flags_of!(V::all(black_box(x).lt(black_box(y))))),
                (
                    "not_lt",
                    flags_of!(V::all(black_box(x).not_lt(black_box(y)))),
                ),
                ("le", flags_of!(V::all(black_box(x).le(black_box(y))))),
                ("ge", flags_of!(V::all(black_box(x).ge(black_box(y))))),
            ];
            for (name, raised) in compares {
                if raised & INVALID != 0 {
                    r.signalling.push(format!("{tag}{name}({operands})"));
                }
            }
            let quiet: [(&str, u32); 5] = [
                ("is_nan", flags_of!(V::all(black_box(x).is_nan()))),
                (
                    "select",
                    flags_of!(lanes(V::select(
                        black_box(x).is_nan(),
                        black_box(x),
                        black_box(y)
                    ))),
                ),
                ("neg", flags_of!(lanes(-black_box(x)))),
                ("abs", flags_of!(lanes(black_box(x).abs()))),
                ("bits", flags_of!(ints::<V>(black_box(x).to_bits()))),
            ];
            for (name, raised) in quiet {
                r.check(raised & INVALID == 0, || {
                    format!(
                        "{tag}{name}({operands}) raised the invalid flag (MXCSR flags {raised:#x})"
                    )
                });
            }
        }
        check_half_flags::<V>(r, tag);
    }

    /// The half-format conversions raise neither invalid nor
    /// divide-by-zero for non-NaN inputs: each value in every lane (and as
    /// the padding of a short `load_u16_or`).
    #[inline(always)]
    fn check_half_flags<V: Lanes>(r: &mut Report, tag: &str) {
        let floats = [
            0.0,
            -0.0,
            1.0,
            -3.5,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            -f32::MAX,
            65504.0,
            65519.99,
            65520.0,
            -65536.0,
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            -f32::from_bits(0x007F_FFFF),
            2.980_232_2e-8, // 2^-25, the tie between 0 and the least f16
            6.097_555e-5,   // between the largest f16 subnormal and 2^-14
            1.0e-30,
        ];
        for x in floats {
            let v = V::splat(x);
            let ops: [(&str, u32); 2] = [
                ("to_f16", flags_of!(ints::<V>(black_box(v).to_f16()))),
                ("to_bf16", flags_of!(ints::<V>(black_box(v).to_bf16()))),
            ];
            for (name, raised) in ops {
                r.check(raised & (INVALID | DIVIDE) == 0, || {
                    format!("{tag}{name}({x:e}) raised MXCSR flags {raised:#x}")
                });
            }
        }
        // Non-NaN f16 patterns (zeros, subnormals, normals, infinities) and
        // bf16 ones, alone and as the fill of an empty slice.
        let f16s: [u16; 10] = [
            0, 0x8000, 1, 0x03FF, 0x8200, 0x0400, 0x3C00, 0x7BFF, 0x7C00, 0xFC00,
        ];
        let bf16s: [u16; 8] = [0, 0x8000, 1, 0x807F, 0x0080, 0x3F80, 0x7F7F, 0xFF80];
        for (bf, pats) in [(false, &f16s[..]), (true, &bf16s[..])] {
            for &h in pats {
                let name = if bf { "from_bf16" } else { "from_f16" };
                let full = &[h; 32][..V::LANES.min(32)];
                // No closure: the conversions stay in the entry point.
                let raised = if bf {
                    [
                        flags_of!(lanes(V::from_bf16(V::load_u16_or(black_box(full), 0)))),
                        flags_of!(lanes(V::from_bf16(V::load_u16_or(black_box(&[]), h)))),
                    ]
                } else {
                    [
                        flags_of!(lanes(V::from_f16(V::load_u16_or(black_box(full), 0)))),
                        flags_of!(lanes(V::from_f16(V::load_u16_or(black_box(&[]), h)))),
                    ]
                };
                for (how, raised) in ["in every lane", "as the fill"].into_iter().zip(raised) {
                    r.check(raised & (INVALID | DIVIDE) == 0, || {
                        format!("{tag}{name}({h:#06x} {how}) raised MXCSR flags {raised:#x}")
                    });
                }
            }
        }
    }
}
