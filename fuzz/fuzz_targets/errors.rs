//! Fuzzing the error paths: arbitrary input/output lengths for every
//! member of `Activation::ALL` (parametric ones also with parameters from
//! arbitrary bits), on every backend in every precision tier, and arbitrary
//! parameters for every parametric function. An `Err` leaves the output
//! untouched, the errors are exactly the documented ones, and nothing ever
//! panics. Then bad attention options (`RowOptions`, `softmax_block_with`):
//! each an `Err` of the documented kind, nothing written, the state
//! unchanged.

#![no_main]

use actkern::{
    Activation, Backend, Elu, Error, Gauss, Kernels, Kind, LeakyRelu, Precision, RowOptions,
    SoftmaxState,
};
use actkern_testkit::params;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    in_len: u16,
    out_len: u16,
    /// Parameters as bit patterns.
    params: [u32; 3],
    /// The attention options' row length (`% 40`), and bits for the bad
    /// values.
    attn_row: u8,
    attn_bits: u32,
    fill: u32,
}

const SENTINEL: u32 = 0x7fc0_1234;

fuzz_target!(|input: Input| {
    let bits = input.params;
    let mut activations: Vec<Activation> = Activation::ALL.to_vec();
    for &a in Activation::ALL {
        if let Some(with) = params::from_bits(a, bits) {
            assert_eq!(
                a.spec().kind,
                Kind::Parametric,
                "{a:?} has no parameters but from_bits gave {with:?}"
            );
            assert_eq!(with.name(), a.name(), "from_bits changed the function");
            activations.push(with);
        }
    }
    gaussian_parameters(bits);
    attention_options(
        input.attn_row as usize % 40,
        input.attn_bits,
        f32::from_bits(input.fill),
        (input.in_len as usize % 300, input.out_len as usize % 300),
    );
    finite_parameters(f32::from_bits(bits[0]));

    let (n_in, n_out) = (input.in_len as usize % 300, input.out_len as usize % 300);
    let x = vec![f32::from_bits(input.fill); n_in];
    for &b in Backend::ALL {
        let Ok(k) = Kernels::new(b) else {
            assert!(!b.is_available());
            assert_eq!(Kernels::new(b), Err(Error::BackendUnavailable(b)));
            continue;
        };
        for &p in Precision::ALL {
            let k = k.with_precision(p);
            for &a in &activations {
                let mut y = vec![f32::from_bits(SENTINEL); n_out];
                let r = k.apply(a, &x, &mut y);
                if n_in == n_out {
                    assert_eq!(r, Ok(()), "{a:?} ({p}) on {b}");
                } else {
                    assert_eq!(
                        r,
                        Err(Error::LengthMismatch {
                            input: n_in,
                            output: n_out
                        }),
                        "{a:?} ({p}) on {b}"
                    );
                    assert!(
                        y.iter().all(|v| v.to_bits() == SENTINEL),
                        "{a:?} ({p}) on {b} wrote despite the error"
                    );
                }
                // In place cannot fail: it returns `()`.
                let mut d = x.clone();
                k.apply_inplace(a, &mut d);
            }
        }
    }
});

/// `Gauss::new` accepts exactly the finite `mu` and `amplitude` and the
/// finite positive `sigma`, keeps them bit for bit, and names the rejected
/// parameter and its value; `params::from_bits` agrees with it.
fn gaussian_parameters(bits: [u32; 3]) {
    let [mu, sigma, a] = bits.map(f32::from_bits);
    let valid = mu.is_finite() && a.is_finite() && sigma.is_finite() && sigma > 0.0;
    let built = Gauss::new(mu, sigma, a);
    match built {
        Ok(g) => {
            assert!(
                valid,
                "Gauss::new({mu:e}, {sigma:e}, {a:e}) accepted invalid parameters"
            );
            assert_eq!([g.mu(), g.sigma(), g.amplitude()].map(f32::to_bits), bits);
        }
        Err(Error::InvalidParameter { name, value, .. }) => {
            assert!(
                !valid,
                "Gauss::new({mu:e}, {sigma:e}, {a:e}) rejected valid parameters"
            );
            let named = match name {
                "mu" => mu,
                "sigma" => sigma,
                "amplitude" => a,
                other => panic!("unknown parameter name {other}"),
            };
            assert_eq!(named.to_bits(), value.to_bits());
        }
        Err(e) => panic!("unexpected error {e:?}"),
    }
    let from_bits = params::from_bits(Activation::Gauss(Gauss::STANDARD), bits);
    assert_eq!(from_bits, built.ok().map(Activation::Gauss));
}

/// `LeakyRelu::new` and `Elu::new` accept exactly the finite values, keep
/// them bit for bit, and name the rejected parameter.
fn finite_parameters(v: f32) {
    for (built, name) in [
        (LeakyRelu::new(v).map(|p| p.slope()), "slope"),
        (Elu::new(v).map(|p| p.alpha()), "alpha"),
    ] {
        match built {
            Ok(kept) => assert!(
                v.is_finite() && kept.to_bits() == v.to_bits(),
                "{name} {v:?}"
            ),
            Err(Error::InvalidParameter { name: n, .. }) => {
                assert!(!v.is_finite() && n == name, "{name} {v:?} rejected as {n}")
            }
            Err(e) => panic!("{name} {v:?}: unexpected {e:?}"),
        }
    }
}

/// What a bad option must give.
#[derive(Debug, Clone, Copy)]
enum Want {
    Param(&'static str),
    /// A mask of this many elements, neither `row_len` nor the buffer's
    /// length.
    Mask(usize),
    Rows,
}

fn matches(e: &Error, w: Want) -> bool {
    match (e, w) {
        (Error::InvalidParameter { name, .. }, Want::Param(n)) => *name == n,
        (Error::BufferLength { buffer, len, .. }, Want::Mask(m)) => *buffer == "mask" && *len == m,
        (Error::RowLength { .. }, Want::Rows) => true,
        _ => false,
    }
}

/// Values that are not finite and `> 0`, from `v`'s bits.
fn not_positive(v: f32) -> [f32; 6] {
    let bad = if v.is_finite() && v > 0.0 { -v } else { v };
    [f32::NAN, 0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, bad]
}

/// Bad `RowOptions` on a buffer of `3 * row_len` (row_len `n`, from 1):
/// `Err` of the documented kind from every entry point, on every backend
/// and tier, with nothing written; bad block arguments leave the state and
/// the output as they were. Unequal lengths give `LengthMismatch` first.
fn attention_options(n: usize, bits: u32, fill: f32, (n_in, n_out): (usize, usize)) {
    let n = n.max(1);
    let v = f32::from_bits(bits);
    let len = 3 * n;
    let x = vec![fill; len.max(n_in)];
    let long_mask = vec![0.0f32; 2 * len + 1];
    let mut bad: Vec<(RowOptions, Want, usize)> = Vec::new();
    let o = RowOptions::new(n);
    for s in not_positive(v) {
        bad.push((o.scale(s), Want::Param("scale"), len));
        bad.push((o.softcap(s), Want::Param("softcap"), len));
    }
    // A mask neither `row_len` nor `len` long.
    let m = n + 1 + (bits as usize % (len + 1));
    if m != len {
        bad.push((o.mask(&long_mask[..m]), Want::Mask(m), len));
    }
    bad.push((o.mask(&long_mask[..n - 1]), Want::Mask(n - 1), len));
    // Stride below the row length.
    if n > 1 {
        bad.push((
            o.stride(n - 1 - bits as usize % (n - 1)),
            Want::Param("stride"),
            len,
        ));
    }
    // A buffer the stride does not fit: 2 strides and 1 + row_len elements.
    let stride = n + 2 + bits as usize % 4;
    bad.push((o.stride(stride), Want::Param("stride"), 2 * stride + n + 1));
    // Whole rows do not fit (no stride).
    if n > 1 {
        bad.push((o, Want::Rows, len + 1 + bits as usize % (n - 1)));
    }
    bad.push((RowOptions::new(0), Want::Rows, len));
    // Slopes: not finite, or distances of 2^24 and more.
    for s in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        bad.push((o.alibi(s), Want::Param("alibi"), len));
    }
    if v.is_finite() {
        let far = (1usize << 24) - 3 - n + 1 + bits as usize % 1024;
        bad.push((o.causal(far).alibi(v), Want::Param("alibi"), len));
        bad.push((
            o.causal(usize::MAX - bits as usize % 8).alibi(v),
            Want::Param("alibi"),
            len,
        ));
    }
    for &b in Backend::ALL.iter().filter(|b| b.is_available()) {
        for &p in Precision::ALL {
            let k = Kernels::new(b).unwrap().with_precision(p);
            for (o, want, l) in &bad {
                let xs = &x[..(*l).min(x.len())];
                if xs.len() != *l {
                    continue;
                }
                let mut y = vec![f32::from_bits(SENTINEL); *l];
                let mut z = xs.to_vec();
                let rs = [
                    k.softmax_rows_with(o, xs, &mut y),
                    k.log_softmax_rows_with(o, xs, &mut y),
                    k.softmax_rows_with_inplace(o, &mut z),
                    k.log_softmax_rows_with_inplace(o, &mut z),
                ];
                for r in rs {
                    assert!(
                        r.as_ref().is_err_and(|e| matches(e, *want)),
                        "{o:?} on {l} ({p}, {b}): {r:?}, expected {want:?}"
                    );
                }
                assert!(
                    y.iter().all(|v| v.to_bits() == SENTINEL),
                    "{o:?} ({p}, {b}): written despite the error"
                );
                assert!(
                    z.iter().zip(xs).all(|(a, b)| a.to_bits() == b.to_bits()),
                    "{o:?} ({p}, {b}): written in place despite the error"
                );
            }
            // Unequal lengths: `LengthMismatch` before anything else.
            if n_in != n_out {
                let mut y = vec![f32::from_bits(SENTINEL); n_out];
                for r in [
                    k.softmax_rows_with(&o, &x[..n_in], &mut y),
                    k.log_softmax_rows_with(&o.scale(f32::NAN), &x[..n_in], &mut y),
                ] {
                    assert_eq!(
                        r,
                        Err(Error::LengthMismatch {
                            input: n_in,
                            output: n_out
                        })
                    );
                }
                assert!(y.iter().all(|v| v.to_bits() == SENTINEL));
            }
            // Blocks: a state with something in it, then bad calls.
            let mut st = SoftmaxState::new();
            k.softmax_block(&mut st, &[0.5, -1.0], &mut [0.0f32; 2])
                .unwrap();
            let before = st;
            for s in not_positive(v) {
                for (scale, cap, name) in [(s, None, "scale"), (1.0, Some(s), "softcap")] {
                    let mut out = vec![f32::from_bits(SENTINEL); n];
                    let r = k.softmax_block_with(scale, cap, &mut st, &x[..n], &mut out);
                    assert!(
                        r.as_ref().is_err_and(|e| matches(e, Want::Param(name))),
                        "block with scale {scale:e}, cap {cap:?} ({p}, {b}): {r:?}"
                    );
                    assert!(out.iter().all(|v| v.to_bits() == SENTINEL));
                    assert_eq!(st, before);
                }
            }
            let mut out = vec![f32::from_bits(SENTINEL); n + 1 + bits as usize % 3];
            let r = k.softmax_block(&mut st, &x[..n], &mut out);
            assert_eq!(
                r,
                Err(Error::LengthMismatch {
                    input: n,
                    output: out.len()
                }),
                "block of unequal lengths ({p}, {b})"
            );
            assert!(out.iter().all(|v| v.to_bits() == SENTINEL));
            assert_eq!(st, before, "the state changed on an error");
        }
    }
}
