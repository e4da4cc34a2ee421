//! The instruction-set backends and whether this CPU runs them. Plain data
//! and CPU detection: the dispatch (`src/dispatch.rs`) builds on this.

pub(crate) mod detect;

use crate::error::Error;
use core::{fmt, str::FromStr};

/// An instruction-set backend. Every backend runs the same generic kernels;
/// they differ in vector width and in whether multiply-add is fused.
/// More may be added: match with a wildcard arm, and list them with
/// [`Backend::ALL`].
///
/// ```
/// use actkern::Backend;
/// for &b in Backend::ALL {
///     println!("{b}: {}", if b.is_available() { "available" } else { "not available" });
/// }
/// assert!(Backend::Scalar.is_available());
/// assert_eq!("simd256".parse::<Backend>()?, Backend::Simd256);
/// assert_eq!("AVX2".parse::<Backend>()?, Backend::Simd256); // an alias
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// One `f32` at a time. Available everywhere, including soft-float
    /// `thumbv6m`; the reference for the other backends' bounds.
    Scalar,
    /// Four lanes through the `wide` crate: SSE2 on x86-64, NEON on
    /// aarch64, simd128 on wasm32 built with `+simd128`, portable arrays on
    /// every other target. Always available.
    Simd128,
    /// Eight lanes, x86-64 AVX2 + FMA (and F16C, for the `f16`
    /// conversions), chosen at run time by CPUID.
    Simd256,
    /// Sixteen lanes, x86-64 AVX-512F (comparisons in k-registers; tails
    /// without masked loads or stores, as on Simd256), with AVX2 + FMA + F16C,
    /// chosen at run time by CPUID and XGETBV (opmask and zmm state). Same
    /// kernels and same bounds as `Simd256`.
    Simd512,
}

impl Backend {
    /// Every backend, narrowest (and on most CPUs slowest) first.
    ///
    /// ```
    /// assert_eq!(actkern::Backend::ALL[0], actkern::Backend::Scalar);
    /// ```
    pub const ALL: &'static [Backend] = &[
        Backend::Scalar,
        Backend::Simd128,
        Backend::Simd256,
        Backend::Simd512,
    ];

    /// True only if this build and this CPU can run the backend now.
    ///
    /// ```
    /// use actkern::{Backend, Kernels};
    /// for &b in Backend::ALL {
    ///     assert_eq!(b.is_available(), Kernels::new(b).is_ok());
    /// }
    /// ```
    pub fn is_available(self) -> bool {
        match self {
            Backend::Scalar | Backend::Simd128 => true,
            Backend::Simd256 => detect::has_avx2_fma_f16c(),
            Backend::Simd512 => detect::has_avx512f(),
        }
    }

    /// A short lowercase name: `scalar`, `simd128`, `simd256`, `simd512`
    /// (also what `Display` prints and `FromStr` takes).
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

    /// Other names `FromStr` takes for the backend: the instruction sets
    /// it runs on (`simd128`: `sse2`, `neon`, `wasm`; `simd256`: `avx2`;
    /// `simd512`: `avx512`).
    ///
    /// ```
    /// use actkern::Backend;
    /// assert_eq!(Backend::Simd256.aliases(), ["avx2"]);
    /// for &b in Backend::ALL {
    ///     for a in b.aliases() {
    ///         assert_eq!(a.parse::<Backend>()?, b);
    ///     }
    /// }
    /// # Ok::<(), actkern::Error>(())
    /// ```
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Backend::Scalar => &[],
            Backend::Simd128 => &["sse2", "neon", "wasm"],
            Backend::Simd256 => &["avx2"],
            Backend::Simd512 => &["avx512"],
        }
    }

    /// `f32` lanes per vector: 1, 4, 8 or 16.
    ///
    /// ```
    /// assert_eq!(actkern::Backend::Simd512.lanes(), 16);
    /// ```
    pub fn lanes(self) -> usize {
        match self {
            Backend::Scalar => 1,
            Backend::Simd128 => 4,
            Backend::Simd256 => 8,
            Backend::Simd512 => 16,
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Backend {
    type Err = Error;
    /// The [`Backend::name`] of a backend or one of its
    /// [`Backend::aliases`] (`avx2`, `avx512`, `sse2`, `neon`, `wasm`),
    /// ASCII case-insensitive and trimmed, e.g. from an engine's
    /// configuration or an environment variable. Parsing does not check
    /// availability: pass the result to [`crate::Kernels::new`] or
    /// [`crate::Kernels::detect_up_to`] (`neon` parses on x86-64 too, as
    /// the four-lane backend, which runs everywhere).
    ///
    /// # Errors
    /// [`Error::UnknownName`], naming `s` and listing the known names, for
    /// any other string.
    ///
    /// ```
    /// use actkern::Backend;
    /// assert_eq!(" SIMD512 ".parse::<Backend>()?, Backend::Simd512);
    /// assert_eq!("avx512".parse::<Backend>()?, Backend::Simd512);
    /// assert_eq!("Neon".parse::<Backend>()?, Backend::Simd128);
    /// let e = "avx9".parse::<Backend>().unwrap_err();
    /// assert!(e.to_string().starts_with("unknown backend name \"avx9\""));
    /// assert!(e.to_string().contains("scalar, simd128, simd256, simd512"));
    /// # Ok::<(), actkern::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Backend, Error> {
        crate::error::parse_name(
            Backend::ALL,
            |b| (b.name(), b.aliases()),
            &[],
            s,
            "backend",
            "scalar, simd128, simd256, simd512 (or avx2, avx512, sse2, neon, wasm)",
        )
    }
}
