//! The dispatch: a [`Kernels`] handle (a validated backend and a precision
//! tier) and the one `match` that instantiates a generic job for the
//! backend's lanes. Each arm states that backend's unroll policy.

use crate::backend::Backend;
use crate::error::Error;
use crate::kernels::{BinaryJob, BinaryKernel, ElementJob, Io, RowJob, RowKernel, UnaryKernel};
use crate::lanes::Job;
use crate::precision::{MaskedRows, Precision};

/// Whether `wide::f32x4` maps to a SIMD unit on this target (the cases
/// `wide` 1.x implements with intrinsics), rather than to four scalars.
const SIMD128_NATIVE: bool = cfg!(any(
    target_feature = "sse2",
    all(target_arch = "aarch64", target_feature = "neon"),
    all(target_arch = "wasm32", target_feature = "simd128")
));

/// A validated backend and a precision tier: holding one proves the
/// backend can run here.
///
/// Built by [`Kernels::new`] (which checks the CPU), [`Kernels::detect`]
/// (the fastest available) or [`Kernels::detect_up_to`]; there is no other
/// way to make one, so a `Kernels` can never select instructions the CPU
/// lacks. The tier is [`Precision::Accurate`] unless changed with
/// [`Kernels::with_precision`].
///
/// ```
/// use actkern::{Activation, Backend, Kernels, Precision};
/// let k = Kernels::detect();
/// let mut y = [0.0f32; 3];
/// k.apply(Activation::Sigmoid, &[-1.0, 0.0, 1.0], &mut y)?;
/// assert_eq!(y[1], 0.5);
/// let fast = k.with_precision(Precision::Fast);
/// fast.apply_inplace(Activation::Sigmoid, &mut y);
/// assert!(Kernels::new(Backend::Scalar).is_ok());
/// # Ok::<(), actkern::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kernels {
    backend: Backend,
    precision: Precision,
    masked: MaskedRows,
}

impl Kernels {
    /// A handle on `backend`, [`Precision::Accurate`].
    ///
    /// # Errors
    /// [`Error::BackendUnavailable`] if `!backend.is_available()`.
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
    pub fn new(backend: Backend) -> Result<Kernels, Error> {
        if backend.is_available() {
            Ok(Kernels {
                backend,
                precision: Precision::Accurate,
                masked: MaskedRows::Nan,
            })
        } else {
            Err(Error::BackendUnavailable(backend))
        }
    }

    /// The fastest available backend: the widest one the CPU runs, except
    /// that `Simd128` is skipped where `wide` has no SIMD unit to use
    /// (`thumbv6m`, `thumbv7em`, wasm without `+simd128`, ...): there its
    /// portable four-lane code is about twice as slow as `Scalar` (measured
    /// on a Cortex-M4, `embedded/run.sh`). CPU detection runs once and is
    /// cached. [`Precision::Accurate`].
    ///
    /// ```
    /// let k = actkern::Kernels::detect();
    /// assert!(k.backend().is_available());
    /// ```
    pub fn detect() -> Kernels {
        Kernels::detect_up_to(Backend::Simd512)
    }

    /// As [`Kernels::detect`], but never wider than `cap`: for CPUs that
    /// lower their clock under 512-bit code, an engine can cap detection
    /// at [`Backend::Simd256`] (and take the cap from its configuration,
    /// with [`Backend`]'s `FromStr`).
    ///
    /// ```
    /// use actkern::{Backend, Kernels};
    /// let k = Kernels::detect_up_to(Backend::Simd256);
    /// assert_ne!(k.backend(), Backend::Simd512);
    /// assert_eq!(Kernels::detect_up_to(Backend::Scalar).backend(), Backend::Scalar);
    /// ```
    pub fn detect_up_to(cap: Backend) -> Kernels {
        let allowed = Backend::ALL
            .iter()
            .position(|&b| b == cap)
            .map_or(Backend::ALL, |i| &Backend::ALL[..=i]);
        let backend = allowed
            .iter()
            .rev()
            .copied()
            .filter(|&b| b != Backend::Simd128 || SIMD128_NATIVE)
            .find(|b| b.is_available())
            .unwrap_or(Backend::Scalar);
        Kernels {
            backend,
            precision: Precision::Accurate,
            masked: MaskedRows::Nan,
        }
    }

    /// The same backend in tier `p`.
    ///
    /// ```
    /// use actkern::{Kernels, Precision};
    /// let k = Kernels::detect().with_precision(Precision::Fast);
    /// assert_eq!(k.precision(), Precision::Fast);
    /// assert_eq!(k.backend(), Kernels::detect().backend());
    /// ```
    #[must_use]
    pub fn with_precision(self, p: Precision) -> Kernels {
        Kernels {
            precision: p,
            ..self
        }
    }

    /// The same handle with fully masked rows giving `m` in the row
    /// functions (see [`MaskedRows`]; the default is [`MaskedRows::Nan`]).
    ///
    /// ```
    /// use actkern::{Kernels, MaskedRows};
    /// let k = Kernels::detect().with_masked_rows(MaskedRows::Zero);
    /// assert_eq!(k.masked_rows(), MaskedRows::Zero);
    /// let mut rows = [1.0f32, 2.0, f32::NEG_INFINITY, f32::NEG_INFINITY];
    /// k.softmax_rows_inplace(2, &mut rows)?;
    /// assert_eq!(rows[2..], [0.0, 0.0]);
    /// # Ok::<(), actkern::Error>(())
    /// ```
    #[must_use]
    pub fn with_masked_rows(self, m: MaskedRows) -> Kernels {
        Kernels { masked: m, ..self }
    }

    /// What fully masked rows give with this handle.
    ///
    /// ```
    /// use actkern::{Kernels, MaskedRows};
    /// assert_eq!(Kernels::detect().masked_rows(), MaskedRows::Nan);
    /// ```
    pub fn masked_rows(&self) -> MaskedRows {
        self.masked
    }

    /// The backend this handle runs.
    ///
    /// ```
    /// println!("running on {}", actkern::Kernels::detect().backend());
    /// ```
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The precision tier of this handle.
    ///
    /// ```
    /// use actkern::{Kernels, Precision};
    /// assert_eq!(Kernels::detect().precision(), Precision::Accurate);
    /// ```
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Runs the element-wise kernel of this handle's tier over `io`.
    #[inline(always)]
    pub(crate) fn run_elementwise<A: UnaryKernel, F: UnaryKernel>(
        self,
        accurate: A,
        fast: F,
        io: Io<'_>,
    ) {
        match self.precision {
            Precision::Accurate => self.run(ElementJob { k: accurate, io }),
            Precision::Fast => self.run(ElementJob { k: fast, io }),
        }
    }

    /// Runs the row kernel of this handle's tier on the whole of `io`.
    #[inline(always)]
    pub(crate) fn run_row<A: RowKernel, F: RowKernel>(self, accurate: A, fast: F, io: Io<'_>) {
        let row_len = io.input().len();
        self.run_rows(accurate, fast, io, row_len);
    }

    /// Runs the row kernel of this handle's tier on each `row_len`
    /// elements of `io` (a length the caller checked).
    #[inline(always)]
    pub(crate) fn run_rows<A: RowKernel, F: RowKernel>(
        self,
        accurate: A,
        fast: F,
        io: Io<'_>,
        row_len: usize,
    ) {
        let masked = self.masked;
        match self.precision {
            Precision::Accurate => self.run(RowJob {
                r: accurate,
                io,
                row_len,
                masked,
            }),
            Precision::Fast => self.run(RowJob {
                r: fast,
                io,
                row_len,
                masked,
            }),
        }
    }

    /// Runs the two-input kernel of this handle's tier (lengths checked by
    /// the caller).
    #[inline(always)]
    pub(crate) fn run_binary<A: BinaryKernel, F: BinaryKernel>(
        self,
        accurate: A,
        fast: F,
        a: &[f32],
        b: &[f32],
        out: &mut [f32],
    ) {
        match self.precision {
            Precision::Accurate => self.run(BinaryJob {
                k: accurate,
                a,
                b,
                out,
            }),
            Precision::Fast => self.run(BinaryJob { k: fast, a, b, out }),
        }
    }

    /// Runs `job` instantiated for this handle's backend, with that
    /// backend's unroll policy (lanes type, vectors per iteration). Inlined
    /// into each named method of `src/api.rs`; the instances it calls are
    /// out of line, so each is compiled once, in this crate.
    #[inline(always)]
    pub(crate) fn run<J: Job>(self, job: J) -> J::Output {
        match self.backend {
            // One float per iteration: with two, LLVM packs the pair into
            // 4-lane SSE operations whose unused lanes compute on junk
            // (0/0 in the log-odds), raising the invalid flag on finite inputs.
            Backend::Scalar => run_lanes::<J, f32, 1>(job),
            // One 4-lane vector, two per iteration.
            Backend::Simd128 => run_lanes::<J, wide::f32x4, 2>(job),
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a `Kernels` holding `Simd256` was built by `new` or
            // `detect_up_to`, both of which checked `is_available()`, i.e.
            // that the CPU has AVX2 + FMA and the OS saves ymm state.
            Backend::Simd256 => unsafe { crate::lanes::avx2::run(job) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a `Kernels` holding `Simd512` was built by `new` or
            // `detect_up_to`, both of which checked `is_available()`, i.e.
            // that the CPU has AVX-512F, AVX2 and FMA and the OS saves zmm
            // and opmask state.
            Backend::Simd512 => unsafe { crate::lanes::avx512::run(job) },
            // Unreachable off x86-64: `new` and `detect_up_to` never hold a
            // backend that is unavailable. Falling back keeps the kernels
            // panic-free.
            #[cfg(not(target_arch = "x86_64"))]
            _ => run_lanes::<J, f32, 2>(job),
        }
    }
}

/// `job` on the lanes `V`, out of line as the `#[target_feature]` entry
/// points are: one instance per kernel and backend, shared by the
/// out-of-place and in-place methods (a fat-LTO firmware that inlined
/// every kernel into one function took over 20 minutes to optimise).
#[inline(never)]
fn run_lanes<J: Job, V: crate::lanes::Lanes, const U: usize>(job: J) -> J::Output {
    job.run::<V, U>()
}
