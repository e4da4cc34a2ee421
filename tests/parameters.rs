//! Parameters are checked once, by their own types: every parametric
//! function's parameter type rejects non-finite values (a Gaussian also a
//! zero or negative `sigma`) with `Error::InvalidParameter`, so applying a
//! parameter set that exists cannot fail.

use actkern::{Activation, Elu, Error, Gauss, Kind, LeakyRelu};
use actkern_testkit::params;

#[test]
fn every_parameter_type_rejects_non_finite_values() {
    let mut checked = 0;
    for &a in Activation::ALL {
        let r = params::rejects(a, 1.0);
        assert_eq!(
            r.is_some(),
            a.spec().kind == Kind::Parametric,
            "{a}: the test kit does not know its parameter type"
        );
        if r.is_none() {
            continue;
        }
        assert_eq!(r, Some(false), "{a}: a valid parameter of 1 was rejected");
        for &v in params::NOT_FINITE {
            assert_eq!(params::rejects(a, v), Some(true), "{a}: {v} accepted");
            checked += 1;
        }
    }
    assert!(
        checked >= 9,
        "only {checked} cases: a parametric function is missing"
    );
}

#[test]
fn errors_name_the_parameter() {
    for (r, name) in [
        (LeakyRelu::new(f32::NAN).map(|_| ()), "slope"),
        (Elu::new(f32::INFINITY).map(|_| ()), "alpha"),
        (Gauss::new(0.0, -1.0, 1.0).map(|_| ()), "sigma"),
    ] {
        match r {
            Err(Error::InvalidParameter { name: n, .. }) => assert_eq!(n, name),
            other => panic!("expected InvalidParameter {name}, got {other:?}"),
        }
    }
    assert_eq!(LeakyRelu::new(-0.5).map(|p| p.slope()), Ok(-0.5));
    assert_eq!(Elu::new(1e-45).map(|p| p.alpha()), Ok(1e-45));
}
