//! The special values each function's table entry declares
//! (`spec().specials`), bit for bit by every path and in every tier (any
//! NaN matches NaN); for row-wise kinds each is a row of one element. Then
//! each parameter set's exact point (`params::sets(a)`, `set.exact`).

use crate::paths::{Path, run, scalar_matches};
use actkern::{Activation, Backend, Kind, Precision};
use actkern_embedded::Check;
use actkern_testkit::check::same;
use actkern_testkit::params;

/// Longest slice of specials handed to the kernels at once.
const MAX: usize = 32;

pub fn run_all(c: &mut Check) {
    let mark = c.mark();
    for &a in Activation::ALL {
        let s = a.spec();
        c.expect(
            !s.specials.is_empty(),
            format_args!("{a:?}: no special values declared"),
        );
        let per_call = if s.kind == Kind::Rowwise { 1 } else { MAX };
        for pairs in s.specials.chunks(per_call) {
            pairs_by_every_path(c, a, pairs);
        }
        for set in params::sets(a) {
            pairs_by_every_path(c, set.activation, &[set.exact]);
        }
    }
    c.section("special values and exact points", mark);
}

/// Every `(input, expected)` pair (at most [`MAX`]) by every path,
/// compared bit for bit.
fn pairs_by_every_path(c: &mut Check, a: Activation, pairs: &[(f32, f32)]) {
    let n = pairs.len();
    let mut x = [0.0f32; MAX];
    for (x, p) in x.iter_mut().zip(pairs) {
        *x = p.0;
    }
    let x = &x[..n];
    let mut on_scalar = [0.0f32; MAX];
    for path in Path::all() {
        let (mut y, mut d) = ([0.0f32; MAX], [0.0f32; MAX]);
        if !run(c, a, path, x, &mut y[..n], &mut d[..n]) {
            continue;
        }
        for (i, &(x, want)) in pairs.iter().enumerate() {
            c.expect(
                same(y[i], want),
                format_args!(
                    "{a:?}({x:e}) on {path} = {:e} ({:#010x}), expected {want:e} ({:#010x})",
                    y[i],
                    y[i].to_bits(),
                    want.to_bits()
                ),
            );
        }
        match path {
            Path::Kernels(Backend::Scalar, Precision::Accurate) => on_scalar = y,
            Path::Scalar => scalar_matches(c, a, x, &on_scalar[..n], &y[..n]),
            _ => {}
        }
    }
}
