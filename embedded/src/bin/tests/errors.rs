//! The error paths, for every function of the table (and a parameter set
//! of each parametric one): a length mismatch returns exactly
//! `Err(LengthMismatch)` on every backend and tier and leaves the output
//! untouched; parameters built from invalid bits are rejected; names
//! round-trip through `FromStr`. Then which backends this target reports.

use crate::paths::{BACKENDS, kernels};
use actkern::{Activation, Backend, Error, Kernels, Kind, Precision};
use actkern_embedded::Check;
use actkern_testkit::check;
use actkern_testkit::params;

/// Written to the output before a mismatched call; must survive it.
const SENTINEL: f32 = -12_345.678;

pub fn run_all(c: &mut Check) {
    let mark = c.mark();
    for &a in Activation::ALL {
        let set = params::sets(a).next().map(|s| s.activation);
        for a in [Some(a), set].into_iter().flatten() {
            for (n_in, n_out) in [(5, 4), (3, 9), (0, 1), (1, 0)] {
                for b in BACKENDS {
                    for &p in Precision::ALL {
                        mismatch(c, a, kernels(b, p), n_in, n_out);
                    }
                }
                mismatch(c, a, Kernels::detect(), n_in, n_out);
            }
        }
        parameters(c, a);
        names(c, a);
    }
    let r = "no such function".parse::<Activation>();
    c.expect(
        matches!(r, Err(Error::UnknownName { .. })),
        format_args!("an unknown name parses as {r:?}"),
    );
    backends(c);
    c.section("error paths and backends", mark);
}

fn mismatch(c: &mut Check, a: Activation, k: Kernels, n_in: usize, n_out: usize) {
    let x = [0.5f32; 9];
    let mut y = [SENTINEL; 9];
    let r = k.apply(a, &x[..n_in], &mut y[..n_out]);
    let want = Error::LengthMismatch {
        input: n_in,
        output: n_out,
    };
    let (b, p) = (k.backend(), k.precision());
    c.expect(
        r.as_ref() == Err(&want),
        format_args!(
            "{a:?} on {b} ({p}), lengths {n_in} -> {n_out}: {r:?}, expected Err({want:?})"
        ),
    );
    c.expect(
        y.iter().all(|v| v.to_bits() == SENTINEL.to_bits()),
        format_args!("{a:?} on {b} ({p}), lengths {n_in} -> {n_out}: output written: {y:?}"),
    );
}

/// Parameters from bits: NaN and infinite parameters are rejected, and a
/// function without parameters takes none.
fn parameters(c: &mut Check, a: Activation) {
    let parametric = a.spec().kind == Kind::Parametric;
    let invalid = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY].map(|v| [v.to_bits(); 3]);
    for bits in invalid {
        let r = params::from_bits(a, bits);
        c.expect(
            r.is_none(),
            format_args!("{a:?}: parameters from bits {bits:#x?} accepted: {r:?}"),
        );
    }
    if !parametric {
        let r = params::from_bits(a, [1.0f32.to_bits(); 3]);
        c.expect(
            r.is_none(),
            format_args!("{a:?} has no parameters, yet from_bits gave {r:?}"),
        );
    }
    for set in params::sets(a) {
        let s = set.activation;
        c.expect(
            parametric && s.name() == a.name() && s.spec().kind == Kind::Parametric,
            format_args!("{a:?}: parameter set {s:?} is not of this function"),
        );
    }
}

/// Each table entry carries the default parameters, which its name gives.
fn names(c: &mut Check, a: Activation) {
    let r = a.name().parse::<Activation>();
    c.expect(
        r == Ok(a) && check::is_default(a),
        format_args!("{a:?}: its name {:?} parses as {r:?}", a.name()),
    );
}

fn backends(c: &mut Check) {
    for &b in Backend::ALL {
        let r = Kernels::new(b);
        if BACKENDS.contains(&b) {
            c.expect(
                b.is_available() && r.is_ok(),
                format_args!("{b} not available: {r:?}"),
            );
        } else {
            c.expect(
                !b.is_available() && r == Err(Error::BackendUnavailable(b)),
                format_args!("{b} on Cortex-M: {r:?}, expected BackendUnavailable"),
            );
        }
        // Simd128 is wide's portable code here, slower than Scalar:
        // detection never picks it.
        let d = Kernels::detect_up_to(b).backend();
        c.expect(
            d == Backend::Scalar,
            format_args!("Kernels::detect_up_to({b}) on Cortex-M = {d}, expected scalar"),
        );
    }
    let d = Kernels::detect().backend();
    c.expect(
        d == Backend::Scalar,
        format_args!("Kernels::detect() on Cortex-M = {d}, expected scalar"),
    );
}
