//! The function table: one entry per function, from which `declare!`
//! (`src/declare.rs`) generates the public API. Each entry holds the
//! method's docs, the kernel of each precision tier with its documented
//! bound (ULP, `docs/ulp.md`) and method name, the special values, the
//! thresholds worth probing and the domain where results vary. The tests,
//! the exhaustive check, the benches, the fuzzers and the Cortex-M suite
//! read the same entries through [`Activation::ALL`] and [`Spec`].
//!
//! Method names follow XNNPACK: `rr2` a two-constant (Cody-Waite) range
//! reduction, `p4` a degree-4 polynomial, `tf` a two-float (double-f32)
//! intermediate, `div` a true division, `nr1` one Newton step.

use crate::dispatch::Kernels;
use crate::error::finite;
use crate::kernels::Io;
use crate::kernels::{
    elu, erf, exp, gelu, gelu_tanh, hard_sigmoid, hard_swish, leaky_relu, log_softmax, logit, mish,
    relu, sigmoid, silu, silu_mul, softmax, softplus, tanh,
};
use crate::{Error, Gauss, Kind, Precision, Spec, Tier};

const NAN: f32 = f32::NAN;
const INF: f32 = f32::INFINITY;
const NINF: f32 = f32::NEG_INFINITY;

crate::declare::declare! {
    elementwise {
        /// `output[i] = e^input[i]`.
        ///
        /// `exp(NaN) = NaN`, `exp(+inf) = +inf`, `exp(-inf) = +0`; `+inf`
        /// above `88.72283`; results below `f32::MIN_POSITIVE` are
        /// subnormal (gradual underflow down to `2^-149`), then `+0` below
        /// about `-103.97`.
        fn exp, exp_inplace, Exp {
            formula: "e^x",
            accurate: exp::Exp, 1.0, "rr2-p4-tf",
            fast: exp::ExpFast, 3.0, "rr2-p5", shares: false,
            specials: [(NAN, NAN), (INF, INF), (NINF, 0.0), (0.0, 1.0), (-0.0, 1.0), (f32::MAX, INF),
                (f32::MIN, 0.0), (88.722_84, INF), (1000.0, INF), (-104.0, 0.0), (-1000.0, 0.0)],
            edges: [0.0, 88.722_83, -87.336_55, -103.278_93, -103.972_08, 1.0, -1.0, 0.346_573_6, -0.346_573_6],
            domain: (-104.5, 89.0),
            range: (0.0, INF),
            example: "[0.0f32, 1.0, -200.0]",
        }

        /// `output[i] = 1 / (1 + e^-input[i])`.
        ///
        /// Output always in `[0, 1]`; `sigmoid(±0) = 0.5`,
        /// `sigmoid(+inf) = 1`, `sigmoid(-inf) = +0`, NaN gives NaN. For
        /// very negative inputs the result is `e^x`, kept down to the
        /// subnormals rather than flushed.
        fn sigmoid, sigmoid_inplace, Sigmoid {
            formula: "1 / (1 + e^-x)",
            accurate: sigmoid::Sigmoid, 2.0, "rr2-p4-tf-div-corr",
            fast: sigmoid::SigmoidFast, 4.0, "rr2-p5-div", shares: false,
            specials: [(NAN, NAN), (INF, 1.0), (NINF, 0.0), (0.0, 0.5), (-0.0, 0.5), (20.0, 1.0),
                (f32::MAX, 1.0), (f32::MIN, 0.0), (-200.0, 0.0)],
            edges: [0.0, 16.635_532, 17.0, -87.336_55, -103.278_93, -103.972_08, 88.722_83],
            domain: (-105.0, 18.0),
            range: (0.0, 1.0),
            example: "[0.0f32, 100.0, -100.0]",
        }

        /// `output[i] = ln(input[i] / (1 - input[i]))`, the inverse of
        /// sigmoid.
        ///
        /// `logit(±0) = -inf`, `logit(1) = +inf`, `logit(0.5) = 0`; inputs
        /// outside `[0, 1]`, infinities and NaN give NaN. (The naive formula
        /// is 65,000 ULP off near 0.5, as `cargo run --release --example tour`
        /// prints.)
        fn logit, logit_inplace, Logit {
            formula: "ln(x / (1 - x))",
            accurate: logit::Logit, 2.0, "tf-div-log-p8",
            fast: logit::Logit, 2.0, "tf-div-log-p8", shares: true,
            specials: [(NAN, NAN), (INF, NAN), (NINF, NAN), (0.0, NINF), (-0.0, NINF), (1.0, INF),
                (0.5, 0.0), (-1e-30, NAN), (1.000_000_1, NAN), (2.0, NAN), (-1.0, NAN)],
            edges: [0.5, 0.25, 0.75, 1.0, 5.960_464_5e-8, f32::MIN_POSITIVE, 1e-45, 0.707_106_77, 0.292_893_2],
            domain: (0.0, 1.0),
            range: (NINF, INF),
            example: "[0.5f32, 0.0, 1.0]",
        }

        /// `output[i] = max(input[i], 0)`, exact.
        ///
        /// `x <= 0` (including `-0.0` and `-inf`) gives `+0.0`; `x > 0` is
        /// returned bit for bit; NaN gives NaN.
        fn relu, relu_inplace, Relu {
            formula: "max(x, 0)",
            accurate: relu::Relu, 0.0, "select",
            fast: relu::Relu, 0.0, "select", shares: true,
            specials: [(NAN, NAN), (INF, INF), (NINF, 0.0), (0.0, 0.0), (-0.0, 0.0), (1e-45, 1e-45),
                (-1e-45, 0.0), (3.5, 3.5), (-3.5, 0.0), (f32::MAX, f32::MAX)],
            edges: [0.0],
            domain: (-10.0, 10.0),
            range: (0.0, INF),
            example: "[-0.0f32, 2.5, -3.0]",
        }

        /// PyTorch's `Hardsigmoid`: `output[i] = relu6(input[i] + 3) / 6`,
        /// 0 at and below -3, 1 at and above 3, linear between.
        ///
        /// NaN gives NaN, `-inf` gives `+0`, `+inf` gives 1; output in
        /// `[0, 1]`, correctly rounded but for a tiny fraction of an ULP
        /// (the naive `(x + 3) / 6` rounds twice).
        fn hard_sigmoid, hard_sigmoid_inplace, HardSigmoid {
            formula: "min(max(x + 3, 0), 6) / 6",
            accurate: hard_sigmoid::HardSigmoid, 1.0, "clamp-tf-div-corr",
            fast: hard_sigmoid::HardSigmoid, 1.0, "clamp-tf-div-corr", shares: true,
            specials: [(NAN, NAN), (INF, 1.0), (NINF, 0.0), (0.0, 0.5), (-0.0, 0.5), (-3.0, 0.0),
                (3.0, 1.0), (-4.0, 0.0), (4.0, 1.0), (1.5, 0.75), (f32::MAX, 1.0), (f32::MIN, 0.0)],
            edges: [-3.0, 3.0, 0.0],
            domain: (-3.5, 3.5),
            range: (0.0, 1.0),
            example: "[-4.0f32, 0.0, 1.5]",
        }

        /// SiLU (swish): `output[i] = x / (1 + e^-x)`, `x = input[i]`.
        ///
        /// NaN gives NaN, `+inf` gives `+inf`, `-inf` gives `-0`. For very
        /// negative inputs the result keeps its relative accuracy down to
        /// the subnormals (it is not `x` times a flushed or rounded
        /// sigmoid).
        fn silu, silu_inplace, Silu {
            formula: "x / (1 + e^-x)",
            accurate: silu::Silu, 2.5, "rr2-p4-tf-div-corr",
            fast: silu::SiluFast, 5.0, "rr2-p5-div-mul", shares: false,
            specials: [(NAN, NAN), (INF, INF), (NINF, -0.0), (0.0, 0.0), (-0.0, 0.0), (20.0, 20.0),
                (f32::MAX, f32::MAX), (f32::MIN, -0.0), (-200.0, -0.0)],
            edges: [0.0, -1.278_464_5, 16.635_532, -17.0, -87.336_55, -103.278_93, -103.972_08, -110.0, -120.0],
            domain: (-121.0, 18.0),
            range: (-0.278_464_6, INF),
            example: "[0.0f32, 1.0, -100.0]",
        }

        /// GELU in its tanh approximation:
        /// `output[i] = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
        ///
        /// The bound holds against that formula with `sqrt(2/pi)` and
        /// `0.044715` taken exactly, also in the negative tail (computed as
        /// `x * sigmoid(2u)`, where `1 + tanh(u)` would cancel). NaN gives
        /// NaN, `+inf` gives `+inf`, `-inf` gives `-0`.
        fn gelu_tanh, gelu_tanh_inplace, GeluTanh {
            formula: "x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))",
            accurate: gelu_tanh::GeluTanh, 3.0, "tf-cubic-rr2-p4-tf-div-corr",
            fast: gelu_tanh::GeluTanhFast, 6.0, "tf-cubic-rr2-p5-div-mul", shares: false,
            specials: [(NAN, NAN), (INF, INF), (NINF, -0.0), (0.0, 0.0), (20.0, 20.0), (-20.0, -0.0),
                (f32::MAX, f32::MAX), (f32::MIN, -0.0)],
            edges: [0.0, -0.752_461_4, -10.0, -10.5, -11.0, -12.0, 5.0, 12.0],
            domain: (-12.5, 6.0),
            range: (-0.170_040_77, INF),
            example: "[0.0f32, 1.0, -10.0]",
        }

        /// PyTorch's `Hardswish`: `output[i] = x relu6(x + 3) / 6`: a zero
        /// (`-0`) at and below -3, `x` at and above 3, `x (x + 3) / 6`
        /// between.
        ///
        /// NaN gives NaN, `-inf` gives `-0`, `+inf` gives `+inf`; correctly
        /// rounded but for a tiny fraction of an ULP (the naive form rounds
        /// three times).
        fn hard_swish, hard_swish_inplace, HardSwish {
            formula: "x min(max(x + 3, 0), 6) / 6",
            accurate: hard_swish::HardSwish, 1.5, "clamp-tf-mul-div-corr",
            fast: hard_swish::HardSwish, 1.5, "clamp-tf-mul-div-corr", shares: true,
            specials: [(NAN, NAN), (INF, INF), (NINF, -0.0), (0.0, 0.0), (-0.0, 0.0), (-3.0, -0.0),
                (3.0, 3.0), (-4.0, -0.0), (4.0, 4.0), (1.5, 1.125), (-1.5, -0.375), (f32::MAX, f32::MAX),
                (f32::MIN, -0.0)],
            edges: [-3.0, 3.0, 0.0, -1.5],
            domain: (-3.5, 3.5),
            range: (-0.375, INF),
            example: "[-4.0f32, 0.0, 1.5]",
        }

        /// The error function, `output[i] = erf(input[i])`.
        ///
        /// Odd bit for bit (`erf(-x) == -erf(x)`), output in `[-1, 1]`;
        /// `erf(±0) = ±0`, `erf(±inf) = ±1`, NaN gives NaN; exactly `±1`
        /// beyond `|x| = 3.9192`; accurate down to subnormal inputs, where
        /// it is `2x / sqrt(pi)` rounded once.
        fn erf, erf_inplace, Erf {
            formula: "erf(x)",
            accurate: erf::Erf, 2.0, "p5-rr2-p4-tf-div-p10",
            fast: erf::Erf, 2.0, "p5-rr2-p4-tf-div-p10", shares: true,
            specials: [(NAN, NAN), (INF, 1.0), (NINF, -1.0), (0.0, 0.0), (-0.0, -0.0), (4.0, 1.0),
                (-4.0, -1.0), (10.0, 1.0), (f32::MAX, 1.0), (f32::MIN, -1.0)],
            edges: [0.9, -0.9, 3.919_206_4, -3.919_206_4, 4.0, 1e-45, -1e-45, f32::MIN_POSITIVE, 0.5],
            domain: (-4.5, 4.5),
            range: (-1.0, 1.0),
            example: "[0.0f32, 0.5, -10.0]",
        }

        /// PyTorch's default `GELU`: `output[i] = x/2 (1 + erf(x / sqrt 2))`
        /// with `x = input[i]`, i.e. `x Phi(x)`.
        ///
        /// `gelu(±0) = ±0`, `gelu(+inf) = +inf`, `gelu(-inf) = -0`, NaN
        /// gives NaN; `x` itself for large `x`. The negative tail keeps its
        /// relative accuracy down to the subnormals (computed as
        /// `x/2 erfc(-x / sqrt 2)`, no cancellation) and reaches zero near
        /// `x = -14.4`. Output in `[-0.17, +inf]`.
        fn gelu, gelu_inplace, Gelu {
            formula: "x/2 (1 + erf(x / sqrt 2))",
            accurate: gelu::Gelu, 3.0, "tf-sq-rr2-p4-tf-div-p10",
            fast: gelu::Gelu, 3.0, "tf-sq-rr2-p4-tf-div-p10", shares: true,
            specials: [(NAN, NAN), (INF, INF), (NINF, -0.0), (0.0, 0.0), (-0.0, -0.0), (20.0, 20.0),
                (100.0, 100.0), (-20.0, -0.0), (f32::MAX, f32::MAX), (f32::MIN, -0.0)],
            edges: [0.0, -0.751_791_5, -1.0, 1.0, -13.0, -14.0, -14.4, -14.5, 5.0, 6.0, 1e-45, -1e-45],
            domain: (-15.0, 6.0),
            range: (-0.17, INF),
            example: "[0.0f32, 1.0, -1.0]",
        }

        /// `output[i] = tanh(input[i])`, the hyperbolic tangent.
        ///
        /// Odd bit for bit; output in `[-1, 1]`; `tanh(±0) = ±0`,
        /// `tanh(±inf) = ±1`, NaN gives NaN. Inputs below `2^-13` in
        /// magnitude (subnormals included) are returned unchanged; from
        /// `|x| = 9.010914` on the result is `±1`.
        fn tanh, tanh_inplace, Tanh {
            formula: "tanh(x)",
            accurate: tanh::Tanh, 2.0, "p9-rr2-p4-tf-div-corr",
            fast: tanh::TanhFast, 7.0, "rational-13-6-div", shares: false,
            specials: [(NAN, NAN), (INF, 1.0), (NINF, -1.0), (0.0, 0.0), (-0.0, -0.0), (9.010_914, 1.0),
                (-9.010_914, -1.0), (20.0, 1.0), (f32::MAX, 1.0), (f32::MIN, -1.0), (1e-45, 1e-45),
                (-1e-45, -1e-45), (1e-5, 1e-5)],
            edges: [0.0, 0.4, -0.4, 1.220_703_1e-4, -1.220_703_1e-4, 9.010_913, -9.010_913, 10.0, -10.0],
            domain: (-9.5, 9.5),
            range: (-1.0, 1.0),
            example: "[0.0f32, 0.5, -20.0]",
        }

        /// `output[i] = ln(1 + e^input[i])`, computed as
        /// `max(x, 0) + ln(1 + e^-|x|)` without overflow or cancellation.
        ///
        /// `softplus(-inf) = +0`, `softplus(+inf) = +inf`, NaN gives NaN;
        /// output positive. For very negative inputs the result is `e^x`,
        /// kept down to the subnormals (then `+0` below about `-103.97`);
        /// from `x = 14.556091` on the result is `x`.
        fn softplus, softplus_inplace, Softplus {
            formula: "ln(1 + e^x)",
            accurate: softplus::Softplus, 2.0, "rr2-p4-tf-log-p8",
            fast: softplus::Softplus, 2.0, "rr2-p4-tf-log-p8", shares: true,
            specials: [(NAN, NAN), (INF, INF), (NINF, 0.0), (0.0, core::f32::consts::LN_2), (-0.0, core::f32::consts::LN_2),
                (20.0, 20.0), (f32::MAX, f32::MAX), (f32::MIN, 0.0), (-200.0, 0.0), (-104.0, 0.0)],
            edges: [0.0, 14.556_091, -16.635_532, -87.336_55, -103.278_93, -103.972_08, 88.722_83],
            domain: (-105.0, 16.0),
            range: (0.0, INF),
            example: "[0.0f32, 100.0, -100.0]",
        }

        /// `output[i] = x tanh(ln(1 + e^x))` with `x = input[i]` (Mish),
        /// as the rational function `x u(u + 2) / (u(u + 2) + 2)` of
        /// `u = e^x`, without overflow.
        ///
        /// `mish(±0) = ±0`, `mish(+inf) = +inf`, `mish(-inf) = -0`, NaN
        /// gives NaN; output in `[-0.30884343, +inf]`. For very negative
        /// inputs the result is `x e^x`, kept down to the subnormals (then
        /// `-0`); from `x = 8.706489` on the result is `x`.
        fn mish, mish_inplace, Mish {
            formula: "x tanh(ln(1 + e^x))",
            accurate: mish::Mish, 3.0, "rr2-p4-tf-rat-div-corr",
            fast: mish::Mish, 3.0, "rr2-p4-tf-rat-div-corr", shares: true,
            specials: [(NAN, NAN), (INF, INF), (NINF, -0.0), (0.0, 0.0), (-0.0, -0.0), (20.0, 20.0),
                (f32::MAX, f32::MAX), (f32::MIN, -0.0), (-200.0, -0.0), (8.706_489, 8.706_489)],
            edges: [0.0, -1.19243, 8.706_489, 16.0, -82.6, -87.336_55, -99.4, -110.0],
            domain: (-101.0, 10.0),
            range: (-0.308_843_43, INF),
            example: "[0.0f32, 1.0, -1.0]",
        }
    }
    parametric {
        /// `output[i] = g.amplitude * e^(-((input[i] - g.mu) / g.sigma)^2)`.
        ///
        /// NaN gives NaN; `±inf` gives zero with the amplitude's sign; at
        /// `input[i] == mu` the result is the amplitude exactly. The
        /// default parameters are [`Gauss::STANDARD`], `e^(-x^2)`, where
        /// the naive form is 64 ULP off near |x| = 9 (the tour prints it). The bound for any
        /// parameters is against the exact formula on the given `f32`
        /// arguments.
        fn gauss, gauss_inplace, Gauss(g: Gauss = actkern::Gauss::STANDARD) {
            check: Ok(()),
            formula: "a e^(-((x - mu) / sigma)^2)",
            accurate: g, 2.0, 3.0, "tf-sq-rr2-p4-tf",
            fast: g, 2.0, 3.0, "tf-sq-rr2-p4-tf", shares: true,
            specials: [(NAN, NAN), (INF, 0.0), (NINF, 0.0), (0.0, 1.0), (-0.0, 1.0), (11.0, 0.0),
                (-11.0, 0.0), (f32::MAX, 0.0), (f32::MIN, 0.0)],
            edges: [0.0, 9.0, -9.0, 9.345_43, 10.162_62, 10.196_67, 1e-19],
            domain: (-11.0, 11.0),
            range: (0.0, 1.0),
            example: "[0.0f32, 1.0, 2.0]",
        }

        /// Leaky ReLU: `output[i] = x` for `x > 0`, else `slope * x`
        /// (PyTorch's `LeakyReLU`; its default slope is 0.01).
        ///
        /// Exact up to the one rounding of `slope * x`. NaN gives NaN,
        /// `+inf` gives `+inf`, `-inf` gives `-inf` times the slope's sign
        /// (NaN for a zero slope, as `0 * inf`). Any finite slope is
        /// accepted; a non-finite one is an error, and nothing is written.
        fn leaky_relu, leaky_relu_inplace, LeakyRelu(slope: f32 = 0.01) {
            check: finite("slope", slope),
            formula: "x if x > 0, else slope x",
            accurate: leaky_relu::LeakyRelu { slope }, 0.5, 0.5, "select-mul",
            fast: leaky_relu::LeakyRelu { slope }, 0.5, 0.5, "select-mul", shares: true,
            specials: [(NAN, NAN), (INF, INF), (NINF, NINF), (0.0, 0.0), (-0.0, -0.0), (2.0, 2.0),
                (-2.0, -0.02), (f32::MAX, f32::MAX)],
            edges: [0.0, -1e-45, 1e-45],
            domain: (-10.0, 10.0),
            range: (NINF, INF),
            example: "[-2.0f32, 0.0, 3.0]",
        }

        /// ELU: `output[i] = x` for `x > 0`, else `alpha (e^x - 1)`
        /// (PyTorch's `ELU`; its default `alpha` is 1).
        ///
        /// `e^x - 1` is computed without cancellation near 0, so small
        /// negative inputs keep their accuracy. NaN gives NaN, `+inf` gives
        /// `+inf`, `-inf` gives `-alpha`. Any finite `alpha` is accepted; a
        /// non-finite one is an error, and nothing is written.
        fn elu, elu_inplace, Elu(alpha: f32 = 1.0) {
            check: finite("alpha", alpha),
            formula: "x if x > 0, else alpha (e^x - 1)",
            accurate: elu::Elu { alpha }, 2.0, 3.0, "expm1-rr2-p4-tf",
            fast: elu::Elu { alpha }, 2.0, 3.0, "expm1-rr2-p4-tf", shares: true,
            specials: [(NAN, NAN), (INF, INF), (NINF, -1.0), (0.0, 0.0), (2.0, 2.0), (-100.0, -1.0),
                (f32::MAX, f32::MAX), (f32::MIN, -1.0)],
            edges: [0.0, -1e-3, -0.346_573_6, -17.0, -18.0, 1e-45],
            domain: (-18.0, 5.0),
            range: (-1.0, INF),
            example: "[-2.0f32, 0.0, 3.0]",
        }
    }
    rowwise {
        /// Softmax of the whole slice: `output[i] = e^input[i] / sum_j
        /// e^input[j]`, computed stably (the maximum is subtracted first,
        /// so any magnitude works).
        ///
        /// Any NaN or `+inf` in `input` makes every output NaN; `-inf`
        /// elements give 0 (all `-inf` gives all NaN); an empty slice is
        /// `Ok`. Outputs are in `[0, 1]`. The sum is compensated, so the
        /// error does not grow with the length (tested up to 10^5); `x_i -
        /// max` is carried exactly, so in practice the error stays near 2
        /// ULP whatever `|x_i - max|`.
        ///
        /// ```
        /// let k = actkern::Kernels::detect();
        /// let mut y = [0.0f32; 4];
        /// k.softmax(&[3.0, 6.0, 13.0, 6.0], &mut y)?;
        /// // The article's example: [4.53e-05, 9.10e-04, 0.998, 9.10e-04].
        /// for (got, want) in y.iter().zip([4.53e-5f32, 9.10e-4, 0.998, 9.10e-4]) {
        ///     assert!(((got - want) / want).abs() < 5e-3);
        /// }
        /// assert_eq!(y[1], y[3]);
        /// # Ok::<(), actkern::Error>(())
        /// ```
        fn softmax, softmax_inplace, softmax_rows, softmax_rows_inplace, Softmax {
            formula: "e^x_i / sum_j e^x_j",
            metric: "in ULP of each output plus `|x_i - max|`, outputs summing to 1 within 1e-5",
            accurate: softmax::Softmax, 4.0, "max-rr2-p4-tf-kahan-div",
            fast: softmax::SoftmaxFast, 8.0, "max-rr2-p5-kahan-div", shares: false,
            specials: [(NAN, NAN), (INF, NAN), (NINF, NAN), (0.0, 1.0), (-0.0, 1.0), (1e30, 1.0),
                (-1e30, 1.0), (f32::MAX, 1.0), (f32::MIN, 1.0)],
            edges: [0.0, -87.0, -103.0],
            domain: (-20.0, 20.0),
            range: (0.0, 1.0),
            example: "[3.0f32, 6.0, 13.0]",
        }

        /// Log-softmax of the whole slice: `output[i] = x_i - max - ln sum_j
        /// e^(x_j - max)`, the logarithm of softmax without its underflow
        /// (what a cross-entropy loss or a beam search wants).
        ///
        /// Outputs are `<= 0` and their exponentials sum to 1 within 1e-5.
        /// A `-inf` element gives `-inf`; any NaN or `+inf` makes every
        /// output NaN; all `-inf` gives all NaN (all `-inf` with
        /// [`crate::MaskedRows::Zero`]); an empty slice is `Ok`.
        ///
        /// ```
        /// let k = actkern::Kernels::detect();
        /// let mut y = [0.0f32; 3];
        /// k.log_softmax(&[1.0, 2.0, 3.0], &mut y)?;
        /// let sum: f32 = y.iter().map(|v| v.exp()).sum();
        /// assert!((sum - 1.0).abs() < 1e-5);
        /// # Ok::<(), actkern::Error>(())
        /// ```
        fn log_softmax, log_softmax_inplace, log_softmax_rows, log_softmax_rows_inplace, LogSoftmax {
            formula: "x_i - max - ln sum_j e^(x_j - max)",
            metric: "in ULP of `max(|y_i|, 1)` (so an absolute error below 1 in magnitude), the outputs' exponentials summing to 1 within 1e-5",
            accurate: log_softmax::LogSoftmax, 3.0, "max-rr2-p4-tf-kahan-log-p8-tf",
            fast: log_softmax::LogSoftmaxFast, 4.0, "max-rr2-p5-kahan-log-p8-tf", shares: false,
            specials: [(NAN, NAN), (INF, NAN), (NINF, NAN), (0.0, 0.0), (-0.0, 0.0), (1e30, 0.0),
                (-1e30, 0.0), (f32::MAX, 0.0), (f32::MIN, 0.0)],
            edges: [0.0, -87.0, -103.0, -1e6],
            domain: (-20.0, 20.0),
            range: (NINF, 0.0),
            example: "[3.0f32, 6.0, 13.0]",
        }
    }
    binary {
        /// The SwiGLU core: `output[i] = silu(a[i]) * b[i]`, with `a` the
        /// gate and `b` the up projection: `a / (1 + e^-a) * b`.
        ///
        /// One rounding of the product, not two: where the SiLU of the gate
        /// alone is subnormal but the product is not, the result keeps its
        /// accuracy. NaN in either input gives NaN; a gate of `+inf` gives
        /// `b * inf`, of `-inf` (or below -200) a zero times `b` (NaN for an
        /// infinite `b`, as `0 * inf`).
        fn silu_mul, SiluMul {
            formula: "a / (1 + e^-a) * b",
            accurate: silu_mul::SiluMul, 3.0, "rr2-p4-tf-div-corr-mul",
            fast: silu_mul::SiluMul, 3.0, "rr2-p4-tf-div-corr-mul", shares: true,
            specials: [(NAN, 1.0, NAN), (1.0, NAN, NAN), (INF, 2.0, INF), (NINF, 2.0, -0.0), (0.0, 5.0, 0.0),
                (20.0, 1.0, 20.0), (INF, 0.0, NAN), (NINF, INF, NAN), (-250.0, 1e38, -0.0)],
            edges: [0.0, -1.278_464_5, -87.336_55, -103.972_08, -120.0, -150.0, -200.0],
            domain: (-200.0, 20.0),
            range: (NINF, INF),
            example: "[1.0f32, -1.0, 0.0]", "[2.0f32, 3.0, 4.0]",
        }
    }
}
