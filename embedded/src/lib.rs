//! Shared by the firmware in `src/bin/`: semihosting output, counting
//! checks, and the exit. The checks themselves (ULP error, references,
//! bounds) are `actkern_testkit`'s, the same code the host tests run.
#![no_std]

pub mod check;
pub mod out;

pub use check::Check;
