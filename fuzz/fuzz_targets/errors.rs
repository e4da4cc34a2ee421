//! Fuzzing the error paths: arbitrary input/output lengths and arbitrary
//! `Gauss::new` parameters. An `Err` leaves the output untouched, the
//! errors are exactly the documented ones, and nothing ever panics.

#![no_main]

use actkern::{Backend, Error, Gauss, Kernels};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    in_len: u16,
    out_len: u16,
    mu: u32,
    sigma: u32,
    amplitude: u32,
    fill: u32,
}

fuzz_target!(|input: Input| {
    let (mu, sigma, a) = (
        f32::from_bits(input.mu),
        f32::from_bits(input.sigma),
        f32::from_bits(input.amplitude),
    );
    let valid = mu.is_finite() && a.is_finite() && sigma.is_finite() && sigma > 0.0;
    let g = match Gauss::new(mu, sigma, a) {
        Ok(g) => {
            assert!(valid, "Gauss::new({mu:e}, {sigma:e}, {a:e}) accepted invalid parameters");
            assert_eq!((g.mu().to_bits(), g.sigma().to_bits(), g.amplitude().to_bits()), (input.mu, input.sigma, input.amplitude));
            g
        }
        Err(Error::InvalidParameter { name, value, .. }) => {
            assert!(!valid, "Gauss::new({mu:e}, {sigma:e}, {a:e}) rejected valid parameters");
            let named = match name {
                "mu" => mu,
                "sigma" => sigma,
                "amplitude" => a,
                other => panic!("unknown parameter name {other}"),
            };
            assert_eq!(named.to_bits(), value.to_bits());
            Gauss::STANDARD
        }
        Err(e) => panic!("unexpected error {e:?}"),
    };

    let (n_in, n_out) = (input.in_len as usize % 300, input.out_len as usize % 300);
    let x = vec![f32::from_bits(input.fill); n_in];
    let sentinel = 0x7fc0_1234u32;
    type Call = fn(&Kernels, Gauss, &[f32], &mut [f32]) -> Result<(), Error>;
    let calls: [(&str, Call); 6] = [
        ("exp", |k, _, x, y| k.exp(x, y)),
        ("sigmoid", |k, _, x, y| k.sigmoid(x, y)),
        ("logit", |k, _, x, y| k.logit(x, y)),
        ("relu", |k, _, x, y| k.relu(x, y)),
        ("softmax", |k, _, x, y| k.softmax(x, y)),
        ("gauss", |k, g, x, y| k.gauss(g, x, y)),
    ];
    for b in Backend::ALL {
        let Ok(k) = Kernels::new(b) else {
            assert!(!b.is_available());
            assert_eq!(Kernels::new(b), Err(Error::BackendUnavailable(b)));
            continue;
        };
        for (name, call) in calls {
            let mut y = vec![f32::from_bits(sentinel); n_out];
            let r = call(&k, g, &x, &mut y);
            if n_in == n_out {
                assert_eq!(r, Ok(()), "{name} on {b}");
            } else {
                assert_eq!(r, Err(Error::LengthMismatch { input: n_in, output: n_out }), "{name} on {b}");
                assert!(y.iter().all(|v| v.to_bits() == sentinel), "{name} on {b} wrote despite the error");
            }
        }
    }
});
