//! Backends, run-time selection, and the dispatch from a [`Kernels`] handle
//! to a generic kernel instantiated for one backend's lanes.

pub(crate) mod detect;

use crate::lanes::Lanes;
use core::fmt;

/// An instruction-set backend. Every backend runs the same generic kernels;
/// they differ in vector width and in whether multiply-add is fused.
///
/// ```
/// use actkern::Backend;
/// for b in Backend::ALL {
///     println!("{b}: {}", if b.is_available() { "available" } else { "not available" });
/// }
/// assert!(Backend::Scalar.is_available());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// One `f32` at a time. Available everywhere, including soft-float
    /// `thumbv6m`; the reference for the other backends' bounds.
    Scalar,
    /// Four lanes through the `wide` crate: SSE2 on x86-64, NEON on
    /// aarch64, simd128 on wasm32 built with `+simd128`, portable arrays on
    /// every other target. Always available.
    Simd128,
    /// Eight lanes, x86-64 AVX2 + FMA, chosen at run time by CPUID.
    Simd256,
    /// Sixteen lanes, x86-64 AVX-512F (comparisons in k-registers, masked
    /// loads and stores for the tails), chosen at run time by CPUID and
    /// XGETBV (opmask and zmm state). Same kernels and same bounds as
    /// `Simd256`.
    Simd512,
}

impl Backend {
    /// Every backend, slowest first.
    ///
    /// ```
    /// assert_eq!(actkern::Backend::ALL[0], actkern::Backend::Scalar);
    /// ```
    pub const ALL: [Backend; 4] = [
        Backend::Scalar,
        Backend::Simd128,
        Backend::Simd256,
        Backend::Simd512,
    ];

    /// True only if this build and this CPU can run the backend now.
    ///
    /// ```
    /// use actkern::{Backend, Kernels};
    /// for b in Backend::ALL {
    ///     assert_eq!(b.is_available(), Kernels::new(b).is_ok());
    /// }
    /// ```
    pub fn is_available(self) -> bool {
        match self {
            Backend::Scalar | Backend::Simd128 => true,
            Backend::Simd256 => detect::has_avx2_fma(),
            Backend::Simd512 => detect::has_avx512f(),
        }
    }

    /// A short lowercase name: `scalar`, `simd128`, `simd256`, `simd512`
    /// (also what `Display` prints).
    ///
    /// ```
    /// assert_eq!(actkern::Backend::Simd256.name(), "simd256");
    /// assert_eq!(actkern::Backend::Scalar.to_string(), "scalar");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Backend::Scalar => "scalar",
            Backend::Simd128 => "simd128",
            Backend::Simd256 => "simd256",
            Backend::Simd512 => "simd512",
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether `wide::f32x4` maps to a SIMD unit on this target (the cases
/// `wide` 1.x implements with intrinsics), rather than to four scalars.
const SIMD128_NATIVE: bool = cfg!(any(
    target_feature = "sse2",
    all(target_arch = "aarch64", target_feature = "neon"),
    all(target_arch = "wasm32", target_feature = "simd128")
));

/// A piece of work written once over [`Lanes`]; the dispatch picks `V`.
pub(crate) trait Job {
    type Output;
    fn run<V: Lanes>(self) -> Self::Output;
}

/// A validated backend: holding one proves the backend can run here.
///
/// Built by [`Kernels::new`] (which checks the CPU) or [`Kernels::detect`]
/// (the fastest available); there is no other way to make one, so a
/// `Kernels` can never select instructions the CPU lacks.
///
/// ```
/// use actkern::{Backend, Kernels};
/// let k = Kernels::detect();
/// let mut y = [0.0f32; 3];
/// k.sigmoid(&[-1.0, 0.0, 1.0], &mut y)?;
/// assert_eq!(y[1], 0.5);
/// assert!(Kernels::new(Backend::Scalar).is_ok());
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kernels {
    backend: Backend,
}

impl Kernels {
    /// A handle on `backend`.
    ///
    /// # Errors
    /// [`crate::Error::BackendUnavailable`] if `!backend.is_available()`.
    ///
    /// ```
    /// use actkern::{Backend, Error, Kernels};
    /// let k = Kernels::new(Backend::Scalar)?;
    /// assert_eq!(k.backend(), Backend::Scalar);
    /// match Kernels::new(Backend::Simd512) {
    ///     Ok(k) => assert_eq!(k.backend(), Backend::Simd512), // an AVX-512 CPU
    ///     Err(e) => assert_eq!(e, Error::BackendUnavailable(Backend::Simd512)),
    /// }
    /// # Ok::<(), Error>(())
    /// ```
    pub fn new(backend: Backend) -> Result<Kernels, crate::Error> {
        if backend.is_available() {
            Ok(Kernels { backend })
        } else {
            Err(crate::Error::BackendUnavailable(backend))
        }
    }

    /// The fastest available backend: the widest one the CPU runs, except
    /// that `Simd128` is skipped where `wide` has no SIMD unit to use
    /// (`thumbv6m`, `thumbv7em`, wasm without `+simd128`, ...): there its
    /// portable four-lane code is about twice as slow as `Scalar` (measured
    /// on a Cortex-M4, `embedded/run.sh`). CPU detection runs once and is
    /// cached.
    ///
    /// ```
    /// let k = actkern::Kernels::detect();
    /// assert!(k.backend().is_available());
    /// ```
    pub fn detect() -> Kernels {
        let backend = Backend::ALL
            .into_iter()
            .rev()
            .filter(|&b| b != Backend::Simd128 || SIMD128_NATIVE)
            .find(|b| b.is_available())
            .unwrap_or(Backend::Scalar);
        Kernels { backend }
    }

    /// The backend this handle runs.
    ///
    /// ```
    /// println!("running on {}", actkern::Kernels::detect().backend());
    /// ```
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `job` instantiated for this handle's backend.
    #[inline]
    pub(crate) fn run<J: Job>(self, job: J) -> J::Output {
        match self.backend {
            Backend::Scalar => job.run::<f32>(),
            Backend::Simd128 => job.run::<wide::f32x4>(),
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a `Kernels` holding `Simd256` was built by `new` or
            // `detect`, both of which checked `is_available()`, i.e. that the
            // CPU has AVX2 + FMA and the OS saves ymm state.
            Backend::Simd256 => unsafe { crate::lanes::avx2::run(job) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a `Kernels` holding `Simd512` was built by `new` or
            // `detect`, both of which checked `is_available()`, i.e. that the
            // CPU has AVX-512F, AVX2 and FMA and the OS saves zmm and opmask
            // state.
            Backend::Simd512 => unsafe { crate::lanes::avx512::run(job) },
            // Unreachable off x86-64: `new` and `detect` never hold a
            // backend that is unavailable. Falling back keeps the kernels
            // panic-free.
            #[cfg(not(target_arch = "x86_64"))]
            _ => job.run::<f32>(),
        }
    }
}
