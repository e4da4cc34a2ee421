//! Fuzzing the error paths: arbitrary input/output lengths for every
//! member of `Activation::ALL` (parametric ones also with parameters from
//! arbitrary bits), on every backend in every precision tier, and arbitrary
//! parameters for every parametric function. An `Err` leaves the output
//! untouched, the errors are exactly the documented ones, and nothing ever
//! panics.

#![no_main]

use actkern::{Activation, Backend, Elu, Error, Gauss, Kernels, Kind, LeakyRelu, Precision};
use actkern_testkit::params;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    in_len: u16,
    out_len: u16,
    /// Parameters as bit patterns.
    params: [u32; 3],
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
            Ok(kept) => assert!(v.is_finite() && kept.to_bits() == v.to_bits(), "{name} {v:?}"),
            Err(Error::InvalidParameter { name: n, .. }) => {
                assert!(!v.is_finite() && n == name, "{name} {v:?} rejected as {n}")
            }
            Err(e) => panic!("{name} {v:?}: unexpected {e:?}"),
        }
    }
}
