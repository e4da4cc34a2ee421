//! Shared by the firmware in `src/bin/`: the ULP error of `shared/ULP.md`,
//! the host-computed tables, and semihosting output, checks and exit.
#![no_std]

pub mod check;
pub mod out;
pub mod table;
/// The host's ULP function, the same file (it is `no_std`).
#[path = "../../tests/support/ulp.rs"]
pub mod ulp;

pub use check::Check;
