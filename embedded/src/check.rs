//! Counting checks and printing failures over semihosting.

use core::fmt;
use cortex_m_semihosting::hprintln;

/// Failures printed in full; the rest are only counted.
const PRINTED: u32 = 40;

/// A tally of checks and failures.
#[derive(Default)]
pub struct Check {
    checks: u32,
    failures: u32,
}

impl Check {
    /// No checks yet.
    pub const fn new() -> Check {
        Check {
            checks: 0,
            failures: 0,
        }
    }

    /// Counts one check; prints `what` as a failure unless `ok`. Returns `ok`.
    pub fn expect(&mut self, ok: bool, what: fmt::Arguments) -> bool {
        self.checks += 1;
        if !ok {
            self.failures += 1;
            if self.failures <= PRINTED {
                hprintln!("FAIL: {}", what);
            } else if self.failures == PRINTED + 1 {
                hprintln!("FAIL: (further failures only counted)");
            }
        }
        ok
    }

    /// Counts one check that held.
    pub fn pass(&mut self) {
        self.checks += 1;
    }

    /// Checks run so far.
    pub fn checks(&self) -> u32 {
        self.checks
    }

    /// Failed checks so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The tally now, to pass to [`Check::section`] later.
    pub fn mark(&self) -> (u32, u32) {
        (self.checks, self.failures)
    }

    /// Prints `name: ok (n checks)` or `name: FAILED (k of n)` for the
    /// checks since `mark`.
    pub fn section(&self, name: &str, mark: (u32, u32)) {
        let (n, k) = (self.checks - mark.0, self.failures - mark.1);
        if k == 0 {
            hprintln!("{}: ok ({} checks)", name, n);
        } else {
            hprintln!("{}: FAILED ({} of {} checks)", name, k, n);
        }
    }
}
