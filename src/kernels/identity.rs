//! The identity: `x`, bit for bit.
//!
//! What a configuration names where a layer has no activation (ONNX and
//! PyTorch `Identity`, Hugging Face `linear`), so that an engine can
//! apply "the activation" unconditionally. Every input, NaN payloads and
//! the sign of zero included, is returned unchanged.

use super::UnaryKernel;
use crate::lanes::Lanes;
use crate::spec::{Declaration, INF, Kind, NAN, NINF, Tier};

/// The identity: `output[i] = input[i]`, bit for bit (ONNX and
/// PyTorch's `Identity`, Hugging Face's `linear`).
///
/// Every value is returned unchanged, including `-0.0`, infinities,
/// subnormals and NaN payloads (in `f32`; a half format's NaN stays a
/// NaN).
pub(crate) const DECLARATION: Declaration = Declaration {
    name: "identity",
    aliases: &["linear"],
    kind: Kind::Elementwise,
    formula: "x",
    accurate: Tier::new(0.0, "copy"),
    fast: None,
    specials: &[
        (NAN, NAN),
        (INF, INF),
        (NINF, NINF),
        (0.0, 0.0),
        (-0.0, -0.0),
        (1e-45, 1e-45),
        (-1e-45, -1e-45),
        (3.5, 3.5),
        (f32::MAX, f32::MAX),
        (f32::MIN, f32::MIN),
    ],
    pair_specials: &[],
    edges: &[0.0],
    domain: (-10.0, 10.0),
    range: (NINF, INF),
};

/// The kernel of each tier.
pub(crate) const ACCURATE: Identity = Identity;

#[derive(Clone, Copy)]
pub(crate) struct Identity;

impl UnaryKernel for Identity {
    #[inline(always)]
    fn eval<V: Lanes>(self, x: V) -> V {
        // No arithmetic: `x + 0` would turn `-0` into `+0` and quiet a
        // signalling NaN.
        x
    }
}
