//! The dispatch: a [`Kernels`] handle (a validated backend and a precision
//! tier); [`entries!`], which compiles a job once per backend as
//! non-generic functions and states each backend's unroll policy; and
//! [`Kernels::entry`], which picks the entry of the handle's tier and
//! backend.

use crate::backend::Backend;
use crate::error::Error;
use crate::kernels::element::{AnySlice, AnySliceMut};
#[cfg(test)]
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
    /// portable four-lane code is 2.3 to 4.5 times as slow as `Scalar`
    /// where there is an exponential or a log (measured on a Cortex-M4,
    /// `embedded/run.sh`). CPU detection runs once and is
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

    /// The entry of this handle's tier and backend in `t`. Inlined into
    /// each named method (itself inlined into its caller), so that a
    /// constant handle folds to one direct call.
    #[inline(always)]
    pub(crate) fn entry<E: Copy>(&self, t: &Tiers<E>) -> E {
        let [accurate, fast] = t;
        let b = match self.precision {
            Precision::Accurate => accurate,
            Precision::Fast => fast,
        };
        match self.backend {
            Backend::Scalar => b.scalar,
            Backend::Simd128 => b.simd128,
            Backend::Simd256 => b.simd256,
            Backend::Simd512 => b.simd512,
        }
    }
}

#[cfg(test)]
impl Kernels {
    /// `job` on this handle's backend, for tests of the lanes themselves
    /// (`src/lanes/contract_test.rs`), with each backend's lanes type.
    pub(crate) fn run<J: Job>(self, job: J) -> J::Output {
        match self.backend {
            Backend::Scalar => job.run::<f32, 1>(),
            Backend::Simd128 => job.run::<wide::f32x4, 2>(),
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a `Kernels` holding `Simd256` was built by `new` or
            // `detect_up_to`, which checked `is_available()` (AVX2 + FMA + F16C,
            // ymm state saved by the OS).
            Backend::Simd256 => unsafe { crate::lanes::avx2::run(job) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above, for AVX-512F and the zmm and opmask state.
            Backend::Simd512 => unsafe { crate::lanes::avx512::run(job) },
            #[cfg(not(target_arch = "x86_64"))]
            _ => job.run::<f32, 1>(),
        }
    }
}

/// One kernel's entries, one per backend: non-generic functions, each
/// compiled once, in this crate (a caller's crate instantiates no kernel),
/// built by [`entries!`].
#[derive(Clone, Copy)]
pub(crate) struct Backends<E> {
    pub scalar: E,
    pub simd128: E,
    pub simd256: E,
    pub simd512: E,
}

/// A function's entries per tier: Accurate, then Fast.
pub(crate) type Tiers<E> = [Backends<E>; 2];

/// An element-wise function's entry, out of place (one per element type:
/// an entry runs only on slices of its own, see `kernels/element.rs`).
pub(crate) type OutEntry = for<'a> fn(Kernels, AnySlice<'a>, AnySliceMut<'a>);
/// An element-wise function's entry, in place.
pub(crate) type InPlaceEntry = for<'a> fn(Kernels, AnySliceMut<'a>);
/// A parametric function's entry out of place, its parameters the kernel.
pub(crate) type ParamOutEntry<P> = for<'a> fn(Kernels, P, AnySlice<'a>, AnySliceMut<'a>);
/// A parametric function's entry in place.
pub(crate) type ParamInPlaceEntry<P> = for<'a> fn(Kernels, P, AnySliceMut<'a>);
/// A row function's entry out of place: the buffers and the row length.
pub(crate) type RowsOutEntry = for<'a> fn(Kernels, AnySlice<'a>, AnySliceMut<'a>, usize);
/// A row function's entry in place.
pub(crate) type RowsInPlaceEntry = for<'a> fn(Kernels, AnySliceMut<'a>, usize);
/// A two-input function's entry.
pub(crate) type BinaryEntry = for<'a> fn(Kernels, AnySlice<'a>, AnySlice<'a>, AnySliceMut<'a>);
/// A two-input function's entry in place: the first input, which takes the
/// results, then the second.
pub(crate) type BinaryInPlaceEntry = for<'a> fn(Kernels, AnySliceMut<'a>, AnySlice<'a>);
/// A two-input function's entry on rows of `[a | b]` halves: the input,
/// the output and the half-row length.
pub(crate) type BinaryRowsEntry = for<'a> fn(Kernels, AnySlice<'a>, AnySliceMut<'a>, usize);

/// [`Backends`] of the job `$job`, built from the entry's arguments (the
/// handle named `$k`, then `$arg`s). Each backend's unroll policy is stated
/// here: lanes type and vectors per main-loop iteration (the x86 ones in
/// `avx2::run` and `avx512::run`).
macro_rules! entries {
    (fn($k:ident $(, $arg:ident: $ty:ty)*) $job:expr) => {{
        use $crate::lanes::Job as _;
        // One float per iteration: with two, LLVM packs the pair into 4-lane
        // SSE operations whose unused lanes compute on junk (0/0 in the
        // log-odds), raising the invalid flag on finite inputs.
        #[inline(never)]
        fn scalar($k: $crate::dispatch::Kernels $(, $arg: $ty)*) {
            let _ = $k;
            $job.run::<f32, 1>()
        }
        // One 4-lane vector, two per iteration.
        #[inline(never)]
        fn simd128($k: $crate::dispatch::Kernels $(, $arg: $ty)*) {
            let _ = $k;
            $job.run::<wide::f32x4, 2>()
        }
        // The features are those of `avx2::run` and `avx512::run`.
        $crate::dispatch::x86_entry!(simd256, "avx2,fma,f16c", Simd256, avx2, fn($k $(, $arg: $ty)*) $job);
        $crate::dispatch::x86_entry!(simd512, "avx512f,avx2,fma", Simd512, avx512, fn($k $(, $arg: $ty)*) $job);
        $crate::dispatch::Backends {
            scalar,
            simd128,
            simd256,
            simd512,
        }
    }};
}
pub(crate) use entries;

/// One x86 entry of [`entries!`], `$name`: it checks the handle's backend,
/// then jumps to a `#[target_feature]` body that takes the entry's own
/// arguments in registers and builds the job there, `$lanes::run` inlined
/// (its features are `$features`): one call per entry, not a second call
/// with the job written to the stack (the fixed cost of a short slice).
macro_rules! x86_entry {
    ($name:ident, $features:literal, $backend:ident, $lanes:ident,
     fn($k:ident $(, $arg:ident: $ty:ty)*) $job:expr) => {
        #[inline(never)]
        fn $name($k: $crate::dispatch::Kernels $(, $arg: $ty)*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = $features)]
                fn body($k: $crate::dispatch::Kernels $(, $arg: $ty)*) {
                    let _ = $k;
                    // SAFETY: `body` is compiled for the features
                    // `$lanes::run` needs, and only called below, on a CPU
                    // that has them.
                    unsafe { $crate::lanes::$lanes::run($job) }
                }
                if $k.backend() == $crate::backend::Backend::$backend {
                    // SAFETY: `new` and `detect_up_to`, which built this
                    // `$backend` handle, checked `is_available()`: the CPU
                    // has the features and the OS saves their registers.
                    unsafe { body($k $(, $arg)*) }
                }
            }
            #[cfg(not(target_arch = "x86_64"))]
            let _ = ($k $(, $arg)*);
        }
    };
}
pub(crate) use x86_entry;
