//! Every function of two inputs (`Binary::ALL`) on `Backend::Scalar` and
//! `Backend::Simd128`, in every tier: the declared special pairs bit for
//! bit, a grid of pairs within the documented bound, in place and by rows
//! of `[a | b]` halves bit for bit as out of place, and
//! `scalar::apply_binary` as `Backend::Scalar`.

use actkern::{Backend, Binary, Kernels, Precision, scalar};
use actkern_embedded::Check;
use actkern_testkit::check::{self, same};

/// Pairs per call: the first input over the domain, the second from a
/// few magnitudes.
const N: usize = 48;

pub fn run_all(c: &mut Check) {
    let mark = c.mark();
    for &f in Binary::ALL {
        let s = f.spec();
        let (lo, hi) = s.domain;
        let mut a = [0.0f32; N];
        let mut b = [0.0f32; N];
        for i in 0..N {
            a[i] = lo + (hi - lo) * i as f32 / (N - 1) as f32;
            b[i] = [1.0, -3.5, 1.5e20, 6.0e13][i % 4];
        }
        for &be in &[Backend::Scalar, Backend::Simd128] {
            let Ok(k) = Kernels::new(be) else { continue };
            for &p in Precision::ALL {
                let k = k.with_precision(p);
                let mut y = [0.0f32; N];
                c.expect(
                    k.apply_binary(f, &a, &b, &mut y).is_ok(),
                    format_args!("{f:?} on {be}: Err"),
                );
                if let Err(e) = check::pairs(f, p, &a, &b, &y) {
                    c.expect(false, format_args!("{e}"));
                }
                let mut d = a;
                let _ = k.apply_binary_inplace(f, &mut d, &b);
                c.expect(
                    (0..N).all(|i| same(d[i], y[i])),
                    format_args!("{f:?} on {be} {p}: in place differs"),
                );
                // Rows of 6: [a | b] halves of 3.
                let mut x = [0.0f32; 2 * N];
                for r in 0..N / 3 {
                    x[6 * r..6 * r + 3].copy_from_slice(&a[3 * r..3 * r + 3]);
                    x[6 * r + 3..6 * r + 6].copy_from_slice(&b[3 * r..3 * r + 3]);
                }
                let mut z = [0.0f32; N];
                let _ = k.apply_binary_rows(f, 3, &x, &mut z);
                c.expect(
                    (0..N).all(|i| same(z[i], y[i])),
                    format_args!("{f:?} on {be} {p}: rows differ"),
                );
                if be == Backend::Scalar && p == Precision::Accurate {
                    c.expect(
                        (0..N).all(|i| same(scalar::apply_binary(f, a[i], b[i]), y[i])),
                        format_args!("{f:?}: scalar::apply_binary differs from Backend::Scalar"),
                    );
                }
                let sp = s.pair_specials;
                for &(u, v, want) in sp {
                    let mut one = [0.0f32];
                    let _ = k.apply_binary(f, &[u], &[v], &mut one);
                    c.expect(
                        same(one[0], want),
                        format_args!(
                            "{f:?}({u:e}, {v:e}) on {be} = {:e}, documented {want:e}",
                            one[0]
                        ),
                    );
                }
            }
        }
    }
    c.section(
        "functions of two inputs: specials, bounds, in place, rows",
        mark,
    );
}
