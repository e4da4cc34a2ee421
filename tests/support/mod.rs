//! Test support shared by `tests/` and `examples/` (included by `#[path]`).
#![allow(dead_code)]

pub mod cases;
pub mod reference;
pub mod rng;
pub mod ulp;
