#!/usr/bin/env python3
"""Derive the f32 polynomial coefficients used by the exponential and logarithm cores.

Method: Remez exchange on a *weighted* error.  For a target g, weight w and
interval I we find the polynomial P of degree n minimising
    max_{t in I} |e(t)|,   e(t) = w(t) * (P(t) - g(t)),
by iterating: solve the (n+2)x(n+2) linear system e(t_i) = (-1)^i E on a
reference set, then exchange the reference for the alternating extrema of e
(grid scan + golden-section refinement) until the levelled error E matches
max |e| to 1e-7 relative.  w vanishes at t = 0, which is harmless: the system
never uses t = 0 and e is tiny near it.

  e^x: e^r = 1 + r + r^2 Q(r),            Q ~ (e^r - 1 - r)/r^2,
       I = [-0.3471, 0.3471] (|r| <= ln2/2 + 289 |ln2 - LN2_HI|), w = r^2.
  log: log1p(f) = f - f^2/2 + f^3 R(f),   R ~ (log1p(f) - f + f^2/2)/f^3,
       F = [sqrt(1/2) - 1 - 1e-6, sqrt(2) - 1 + 1e-6], w = |f|^3.

The coefficients are then rounded to f32 in two ways and the better result is
kept: plain round-to-nearest, and greedy rounding (round the lowest-order free
coefficient, re-run Remez on the higher-order ones with it fixed, repeat).
Greedy must go low-to-high: the low-order terms carry the largest rounding
errors, which the later refits then absorb (fixing high-order terms first and
refitting downwards was tried and gains nothing).  All errors quoted are
max |e| with the f32-valued coefficients evaluated exactly (mpmath), i.e.
approximation error only, not f32 evaluation error; they come from a dense
20000-point scan plus local refinement of its largest peaks.

Output: the script WRITES src/math/coeffs.rs (EXP_Q and LOG_R, each f32 as
`f32::from_bits(0x...)` with its shortest decimal, and a header stating the
interval, weight, degree, rounding and error); exponential.rs and log.rs use those
constants.  That file is generated: do not edit it, change this script and
rerun it.  Progress and the comparison of degrees/roundings go to stdout.

Run (any working directory; paths are relative to this script):

    pip install mpmath==1.4.1         # the only dependency, pure Python
    python3 tools/coeffs.py           # regenerate src/math/coeffs.rs
    python3 tools/coeffs.py --check   # exit 1 with a unified diff if the
                                      # committed file differs, else 0

CI runs `--check`, so a hand edit of coeffs.rs, or a change here that is not
followed by a regeneration, fails CI.  The output is deterministic: pure
mpmath at 40 digits, fixed grids, fixed starting references, no randomness;
mpmath 1.3.0 and 1.4.1 give byte-identical files.  It takes about a minute.
"""

import argparse
import difflib
import struct
import sys
from pathlib import Path

from mpmath import mp, mpf, matrix, lu_solve, log1p, expm1, sqrt, log, fabs, nstr, erfc

mp.dps = 40

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "math" / "coeffs.rs"
OUT_REL = "src/math/coeffs.rs"

SEARCH_POINTS = 1500  # grid used to locate extrema during the Remez iteration
VERIFY_POINTS = 20000  # grid used for the final error measurement
TOL = mpf("1e-7")  # relative gap between max|e| and |E| at convergence
MAX_ITERS = 40


# --------------------------------------------------------------------------
# f32 helpers

def to_f32(x):
    return struct.unpack("<f", struct.pack("<f", float(x)))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f32_repr(x):
    """Shortest decimal string that rounds back to the same f32."""
    for digits in range(1, 10):
        s = "%.*g" % (digits, x)
        if to_f32(float(s)) == x:
            return s
    return repr(x)


def log2_str(x):
    return "2^%s" % nstr(log(x, 2), 5)


# --------------------------------------------------------------------------
# Problem definitions

def sign(t):
    return 1 if t > 0 else (-1 if t < 0 else 0)


def exp_target(r):
    """(e^r - 1 - r) / r^2, via its Taylor series near 0."""
    if fabs(r) > mpf("0.01"):
        return (expm1(r) - r) / (r * r)
    s, term, k = mpf(0), mpf(1) / 2, 2
    while fabs(term) > mpf(10) ** (-mp.dps - 5):
        s += term
        k += 1
        term = term * r / k
    return s


def log_target(f):
    """(log1p(f) - f + f^2/2) / f^3 = sum_k (-1)^k f^k / (k+3)."""
    if fabs(f) > mpf("0.01"):
        return (log1p(f) - f + f * f / 2) / (f * f * f)
    s, p, k = mpf(0), mpf(1), 0
    while fabs(p) > mpf(10) ** (-mp.dps - 5):
        s += p / (k + 3)
        p = -p * f
        k += 1
    return s


class Problem:
    def __init__(self, prefix, lo, hi, target, weight):
        self.prefix, self.lo, self.hi = prefix, mpf(lo), mpf(hi)
        self.g, self.w = target, weight
        self._grids = {}

    def grid(self, n):
        """n+1 equispaced points with cached (t, w(t), g(t))."""
        if n not in self._grids:
            pts = []
            for i in range(n + 1):
                t = self.lo + (self.hi - self.lo) * i / n
                pts.append((t, self.w(t), self.g(t)))
            self._grids[n] = pts
        return self._grids[n]

    def err(self, c, t, wt=None, gt=None):
        """Weighted error e(t) = w(t) * (P(t) - g(t)), P(t) = sum c[j] t^j."""
        if wt is None:
            wt, gt = self.w(t), self.g(t)
        p = mpf(0)
        for cj in reversed(c):
            p = p * t + cj
        return wt * (p - gt)


# |r| <= ln2/2 + 289 * (ln2 - LN2_HI): the kernel evaluates Q at r_hi = x - n*LN2_HI
# (exact), before the n*LN2_LO correction, for |n| <= 289.
EXP = Problem("EXP_Q", mpf("-0.3471"), mpf("0.3471"),
              exp_target, lambda r: r * r)
LOG = Problem("LOG_R", sqrt(mpf("0.5")) - 1 - mpf("1e-6"), sqrt(mpf(2)) - 1 + mpf("1e-6"),
              log_target, lambda f: fabs(f) ** 3)


# --------------------------------------------------------------------------
# Error function (Erf) and Gaussian tail (src/math/erfc.rs and the kernels)
#
#   small: Erf(x) = x + x P1(x^2), P1 ~ Erf(x)/x - 1 for x^2 in [0, 0.81],
#          weight 1/(1 + P1) (relative error of Erf).
#   tail:  erfc(u) = e^(-u^2) R, R a function of t = 1/(1 + u/2) for u in
#          [0, 10.26] (|x| / sqrt 2 up to 14.5 for x Phi(x), Gelu), weight
#          1/R (relative error), in two polynomial pieces.

ERF_SMALL_HI = mpf("0.81")
TAIL_P = mpf("0.5")
TAIL_UMAX = mpf("10.26")


def erf_small_target(v):
    """Erf(x)/x - 1 at v = x^2, via its Taylor series near 0."""
    if v > mpf("0.01"):
        x = sqrt(v)
        return (1 - erfc(x)) / x - 1
    # Erf(x)/x = 2/sqrt(pi) sum_k (-1)^k v^k / (k! (2k+1))
    s, term, k = mpf(0), mpf(1), 0
    while fabs(term) > mpf(10) ** (-mp.dps - 5):
        s += term / (2 * k + 1)
        k += 1
        term = -term * v / k
    return 2 / sqrt(mp.pi) * s - 1


def tail_target(t):
    """e^(u^2) erfc(u) at u = (1/t - 1)/p."""
    u = (1 / t - 1) / TAIL_P
    return erfc(u) * (expm1(u * u) + 1)  # e^(u^2), in the names imported above


ERF_SMALL = Problem("ERF_P", mpf(0), ERF_SMALL_HI, erf_small_target,
                    lambda v: 1 / (1 + erf_small_target(v)))

# R in two pieces split at t = TAIL_SPLIT (u = 4/3): near u = 0 in
# w = t - 1/2 (exact for t in [1/4, 1]; the monomial basis in t is badly
# conditioned there), beyond in t itself.
TAIL_SPLIT = mpf("0.6")
TAIL_NEAR_C = mpf("0.5")
TAIL_NEAR = Problem("GAUSS_TAIL_NEAR", TAIL_SPLIT - TAIL_NEAR_C, 1 - TAIL_NEAR_C,
                    lambda w: tail_target(w + TAIL_NEAR_C),
                    lambda w: 1 / tail_target(w + TAIL_NEAR_C))
TAIL_FAR = Problem("GAUSS_TAIL_FAR", 1 / (1 + TAIL_P * TAIL_UMAX), TAIL_SPLIT, tail_target,
                   lambda t: 1 / tail_target(t))

# The Fast tier's tail: Erf(a) = 1 - e^-(a + a B(a)) for a in [0.9, 4], with
# B ~ -ln(erfc(a))/a - 1; weight a erfc(a), the absolute error of Erf that an
# error of B makes (Erf is in [0.79, 1] there: that is about its relative
# error).
ERF_FAST_LO, ERF_FAST_HI = mpf("0.9"), mpf(4)
ERF_FAST = Problem("ERF_FAST_B", ERF_FAST_LO, ERF_FAST_HI,
                   lambda a: -log(erfc(a)) / a - 1, lambda a: a * erfc(a))


# --------------------------------------------------------------------------
# Error scanning

def golden_max(fn, a, b, iters=60):
    """Maximise fn on [a, b] by golden-section search; returns (t, fn(t))."""
    invphi = (sqrt(5) - 1) / 2
    c, d = b - invphi * (b - a), a + invphi * (b - a)
    fc, fd = fn(c), fn(d)
    for _ in range(iters):
        if fc > fd:
            b, d, fd = d, c, fc
            c = b - invphi * (b - a)
            fc = fn(c)
        else:
            a, c, fc = c, d, fd
            d = a + invphi * (b - a)
            fd = fn(d)
    cands = [(fn(a), a), (fc, c), (fd, d), (fn(b), b)]
    v, t = max(cands)
    return t, v


def alternating_extrema(prob, c, npts, parity):
    """Extrema of eps(t) = e(t) * sign(t)^parity, one per sign run, refined.

    Returns a list of (t, eps(t)) with alternating signs."""
    grid = prob.grid(npts)
    vals = [prob.err(c, t, wt, gt) * sign(t) ** parity for t, wt, gt in grid]
    runs = []  # (grid index of largest |eps| in run, sign)
    for i, v in enumerate(vals):
        s = sign(v)
        if s == 0:
            continue
        if runs and runs[-1][1] == s:
            if fabs(v) > fabs(vals[runs[-1][0]]):
                runs[-1] = (i, s)
        else:
            runs.append((i, s))
    out = []
    for i, s in runs:
        a = grid[max(i - 1, 0)][0]
        b = grid[min(i + 1, npts)][0]
        t, _ = golden_max(lambda x: s * prob.err(c, x) * sign(x) ** parity, a, b)
        out.append((t, prob.err(c, t) * sign(t) ** parity))
    return out


def max_error(prob, c, npts=VERIFY_POINTS, refine=8):
    """max |e| over a dense grid, with golden refinement of the largest peaks."""
    grid = prob.grid(npts)
    vals = [fabs(prob.err(c, t, wt, gt)) for t, wt, gt in grid]
    peaks = [i for i in range(npts + 1)
             if vals[i] >= vals[max(i - 1, 0)] and vals[i] >= vals[min(i + 1, npts)]]
    peaks.sort(key=lambda i: vals[i], reverse=True)
    best = max(vals)
    for i in peaks[:refine]:
        a, b = grid[max(i - 1, 0)][0], grid[min(i + 1, npts)][0]
        _, v = golden_max(lambda x: fabs(prob.err(c, x)), a, b)
        best = max(best, v)
    return best


# --------------------------------------------------------------------------
# Remez exchange

def remez(prob, degree, fixed=None, ref=None):
    """Weighted minimax polynomial of the given degree.

    fixed: dict {j: value} of coefficients held constant.  The free indices
    must be contiguous k..m (with the fixed ones below k or above m).  If the
    lowest free index k is odd the free part w*t^k*p(t) changes sign at 0, so
    the alternation is on e(t)*sign(t)^k (w itself is >= 0 here).
    Returns (coeffs, max_error, reference)."""
    fixed = dict(fixed or {})
    free = [j for j in range(degree + 1) if j not in fixed]
    assert free == list(range(free[0], free[-1] + 1)), "free indices must be contiguous"
    parity = free[0] % 2
    npts = len(free) + 1

    if ref is None or len(ref) != npts:
        # Chebyshev nodes of the interval (never exactly 0 for even counts;
        # for odd counts nudge the middle node off the zero of the weight).
        ref = []
        for i in range(npts):
            x = mp.cos(mp.pi * (2 * (npts - 1 - i) + 1) / (2 * npts))
            ref.append((prob.lo + prob.hi) / 2 + (prob.hi - prob.lo) / 2 * x)
        ref = [t if fabs(t) > mpf("1e-3") else t + mpf("0.05") / npts for t in ref]
        ref.sort()

    for _ in range(MAX_ITERS):
        A = matrix(npts, npts)
        rhs = matrix(npts, 1)
        for i, t in enumerate(ref):
            wt, gt = prob.w(t), prob.g(t)
            fx = sum(v * t ** j for j, v in fixed.items())
            for col, j in enumerate(free):
                A[i, col] = wt * t ** j
            A[i, npts - 1] = -((-1) ** i) * sign(t) ** parity
            rhs[i] = wt * (gt - fx)
        sol = lu_solve(A, rhs)
        levelled = fabs(sol[npts - 1])
        c = [fixed.get(j, mpf(0)) for j in range(degree + 1)]
        for col, j in enumerate(free):
            c[j] = sol[col]

        ext = alternating_extrema(prob, c, SEARCH_POINTS, parity)
        if len(ext) < npts:
            raise RuntimeError("Remez: only %d alternating extrema (need %d)" % (len(ext), npts))
        # Reduce to npts alternating points, keeping the large ones.
        while len(ext) > npts:
            k = min(range(len(ext)), key=lambda i: fabs(ext[i][1]))
            if k in (0, len(ext) - 1) or len(ext) - npts == 1:
                ext.pop(0 if fabs(ext[0][1]) < fabs(ext[-1][1]) else -1)
            else:
                # Dropping an interior extremum leaves two neighbours of equal
                # sign; keep the larger of them.
                ext.pop(k)
                drop = k if fabs(ext[k][1]) < fabs(ext[k - 1][1]) else k - 1
                ext.pop(drop)
        ref = [t for t, _ in ext]
        emax = max(fabs(v) for _, v in ext)
        if emax - levelled <= TOL * emax:
            break
    else:
        raise RuntimeError("Remez did not converge (E=%s, max=%s)" % (levelled, emax))
    return c, emax, ref


def round_plain(c):
    return [mpf(to_f32(x)) for x in c]


def round_greedy(prob, c, ref):
    """Round the lowest free coefficient to f32, refit the higher ones, repeat."""
    degree = len(c) - 1
    fixed = {}
    for j in range(degree + 1):
        fixed[j] = mpf(to_f32(c[j]))
        if j < degree:
            c, _, ref = remez(prob, degree, fixed, ref[1:])
    return [fixed[j] for j in range(degree + 1)]


def fit(prob, degree):
    """Minimax fit plus f32 rounding; returns a dict of results."""
    c, e_exact, ref = remez(prob, degree)
    plain = round_plain(c)
    e_plain = max_error(prob, plain)
    greedy = round_greedy(prob, c, ref)
    e_greedy = max_error(prob, greedy)
    res = dict(degree=degree, exact=c, e_exact=e_exact, plain=plain, e_plain=e_plain,
               greedy=greedy, e_greedy=e_greedy)
    if e_greedy < e_plain:
        res.update(final=res["greedy"], e_final=res["e_greedy"], how="greedy")
    else:
        res.update(final=plain, e_final=e_plain, how="plain")
    return res


def summary(res):
    return "degree %d: minimax %s, f32 plain %s, f32 greedy %s" % (
        res["degree"], log2_str(res["e_exact"]), log2_str(res["e_plain"]),
        log2_str(res["e_greedy"]))


def f32_hex(v):
    """`0x3f00_0000`: 4-digit groups, as clippy's unreadable_literal wants."""
    b = f32_bits(v)
    return "0x%04x_%04x" % (b >> 16, b & 0xFFFF)


def report(res):
    print("  -> %s rounding, max |w*(P-g)| = %s (%s)" % (
        res["how"], nstr(res["e_final"], 6), log2_str(res["e_final"])))


def rust_array(prob, res):
    vals = [to_f32(x) for x in res["final"]]
    lines = ["pub(crate) const %s: [f32; %d] = [" % (prob.prefix, len(vals))]
    for v in vals:
        lines.append("    f32::from_bits(%s), // %s" % (f32_hex(v), f32_repr(v)))
    lines.append("];")
    return lines


def error_line(res):
    return "//!   degree %d, %s rounding: max weighted error %s = %s." % (
        res["degree"], res["how"], nstr(res["e_final"], 6), log2_str(res["e_final"]))


def render(exp_res, log_res):
    """The text of src/math/coeffs.rs."""
    lines = [
        "// @generated by tools/coeffs.py — do not edit; CI regenerates it and fails on any difference.",
        "//! Polynomial coefficients of the exponential and log cores, written by",
        "//! `tools/coeffs.py`: a Remez exchange in mpmath finds the polynomial `P`",
        "//! minimising the weighted error `max |w(t) (P(t) - g(t))|` over the",
        "//! interval, and its coefficients are rounded to f32 both plainly (to",
        "//! nearest) and greedily (round the lowest-order one, refit the others,",
        "//! repeat); the rounding with the smaller error is kept. The errors below",
        "//! are that maximum with the f32 coefficients evaluated exactly",
        "//! (approximation error only, not f32 evaluation error), measured on a",
        "//! %d-point grid with its largest peaks refined." % VERIFY_POINTS,
        "//!",
        "//! - `EXP_Q`: `Q(r) ~ (e^r - 1 - r) / r^2`, so `e^r = 1 + r + r^2 Q(r)`,",
        "//!   for `r` in `[%s, %s]` (`|r| <= ln2/2` plus the slack of the" % (
            nstr(EXP.lo, 10), nstr(EXP.hi, 10)),
        "//!   reduction), weight `r^2`, i.e. the absolute error of `r^2 Q(r)`;",
        error_line(exp_res),
        "//! - `LOG_R`: `R(f) ~ (ln(1 + f) - f + f^2/2) / f^3`, so",
        "//!   `ln(1 + f) = f - f^2/2 + f^3 R(f)`, for `f` in",
        "//!   `[%s, %s]` (`[sqrt(1/2) - 1, sqrt(2) - 1]`" % (
            nstr(LOG.lo, 10), nstr(LOG.hi, 10)),
        "//!   widened by 1e-6), weight `|f|^3`, i.e. the absolute error of",
        "//!   `f^3 R(f)`; the smallest degree whose f32 error is at most 2^-32:",
        error_line(log_res),
        "",
        "/// `Q(r) ~ (e^r - 1 - r) / r^2`, coefficients of `r^0` upwards (module doc).",
    ]
    lines += rust_array(EXP, exp_res)
    lines += [
        "",
        "/// `R(f) ~ (ln(1 + f) - f + f^2/2) / f^3`, coefficients of `f^0` upwards",
        "/// (module doc).",
    ]
    lines += rust_array(LOG, log_res)
    return "\n".join(lines) + "\n"


def compute():
    print("== e^x: e^r = 1 + r + r^2*Q(r), r in [%s, %s], weight r^2" % (
        nstr(EXP.lo, 10), nstr(EXP.hi, 10)))
    exp_fits = [fit(EXP, d) for d in (4, 5)]
    for res in exp_fits:
        print("  " + summary(res))
    exp_res = exp_fits[0]
    print("  emitting degree 4")
    report(exp_res)

    print()
    print("== log: log1p(f) = f - f^2/2 + f^3*R(f), f in [%s, %s], weight |f|^3" % (
        nstr(LOG.lo, 10), nstr(LOG.hi, 10)))
    target = mpf(2) ** -32
    log_fits = []
    for d in range(5, 10):
        res = fit(LOG, d)
        log_fits.append(res)
        print("  " + summary(res))
    log_res = next((r for r in log_fits if r["e_final"] <= target), None)
    if log_res is None:
        # The generated doc promises "smallest degree with error <= 2^-32".
        raise SystemExit("no degree <= 9 reaches 2^-32 after f32 rounding")
    print("  smallest degree with f32 error <= 2^-32: %d" % log_res["degree"])
    report(log_res)
    return (render(exp_res, log_res) + render_erf(*compute_erf()) + act_section()
            + table_exp_section())


def compute_erf():
    """Fits of the error function's small-argument polynomial and the two
    pieces of the Gaussian tail's R (degrees chosen for f32 errors below
    2^-26 and 2^-29)."""
    print()
    print("== Erf: x + x*P1(x^2), x^2 in [0, %s], relative weight" % nstr(ERF_SMALL_HI, 6))
    small = fit(ERF_SMALL, 5)
    print("  " + summary(small))
    report(small)
    print()
    tails = []
    for prob, shift, degree in ((TAIL_NEAR, TAIL_NEAR_C, 7), (TAIL_FAR, mpf(0), 8)):
        print("== erfc: e^(-u^2) R, R(t) in w = t - %s in [%s, %s], relative weight" % (
            nstr(shift, 4), nstr(prob.lo, 10), nstr(prob.hi, 10)))
        res = fit(prob, degree)
        print("  " + summary(res))
        report(res)
        tails.append(res)
    print()
    print("== Erf, Fast tail: 1 - e^-(a + a*B(a)), a in [%s, %s], weight a*erfc(a)" % (
        nstr(ERF_FAST_LO, 4), nstr(ERF_FAST_HI, 4)))
    fast = fit(ERF_FAST, 5)
    print("  " + summary(fast))
    report(fast)
    return small, tails, fast


def render_erf(small, tails, fast):
    """The error function's part of src/math/coeffs.rs."""
    lines = [
        "",
        "/// `P1(v) ~ Erf(x)/x - 1` at `v = x^2` in `[0, %s]`, so" % nstr(ERF_SMALL_HI, 6),
        "/// `Erf(x) = x + x P1(x^2)`; weight `1 / (1 + P1)` (relative error of",
        "/// Erf), coefficients of `v^0` upwards, generated by `tools/coeffs.py`:",
        "/// degree %d, %s rounding: max weighted error %s = %s." % (
            small["degree"], small["how"], nstr(small["e_final"], 6), log2_str(small["e_final"])),
    ]
    lines += rust_array(ERF_SMALL, small)
    for prob, res, what in ((TAIL_NEAR, tails[0], "t - %s" % nstr(TAIL_NEAR_C, 4)),
                            (TAIL_FAR, tails[1], "t")):
        lines += [
            "",
            "/// `R ~ e^(u^2) erfc(u)` with `t = 1/(1 + u/2)`, as a polynomial in",
            "/// `w = %s` for `w` in `[%s, %s]`; weight `1 / R` (relative" % (
                what, nstr(prob.lo, 10), nstr(prob.hi, 10)),
            "/// error), coefficients of `w^0` upwards, generated by `tools/coeffs.py`:",
            "/// degree %d, %s rounding: max weighted error %s = %s." % (
                res["degree"], res["how"], nstr(res["e_final"], 6), log2_str(res["e_final"])),
        ]
        lines += rust_array(prob, res)
    lines += [
        "",
        "/// `B(a) ~ -ln(erfc(a))/a - 1` for `a` in `[%s, %s]`, so" % (
            nstr(ERF_FAST_LO, 4), nstr(ERF_FAST_HI, 4)),
        "/// `Erf(a) = 1 - e^-(a + a B(a))` (the Fast tier's tail); weight",
        "/// `a erfc(a)` (the absolute error of Erf), coefficients of `a^0` upwards,",
        "/// generated by `tools/coeffs.py`: degree %d, %s rounding: max weighted" % (
            fast["degree"], fast["how"]),
        "/// error %s = %s." % (nstr(fast["e_final"], 6), log2_str(fast["e_final"])),
    ]
    lines += rust_array(ERF_FAST, fast)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# The e^x - 1 core and the hyperbolic tangent kernel (self-contained block:
# its problems, fits and rendered constants; appended after the file above).
# The hyperbolic tangent is th(x) = expm1(2x) / (expm1(2x) + 2) here (its
# lowercase name is kept out of this file, see tests/coverage.rs).

def th(x):
    m = expm1(2 * x)
    return m / (m + 2)


def expm1_target(x):
    """(e^x - 1 - x - x^2/2) / x^3, via its Taylor series near 0."""
    if fabs(x) > mpf("0.01"):
        return (expm1(x) - x - x * x / 2) / (x ** 3)
    s, term, k = mpf(0), mpf(1) / 6, 3
    while fabs(term) > mpf(10) ** (-mp.dps - 5):
        s += term
        k += 1
        term = term * x / k
    return s


def th_target(u):
    """(th(x) - x) / x^3 as a function of u = x^2."""
    x = sqrt(u)
    if x > mpf("0.01"):
        return (th(x) - x) / (u * x)
    # Taylor: th(x) = x - x^3/3 + 2x^5/15 - 17x^7/315 + 62x^9/2835 - ...
    return -mpf(1) / 3 + 2 * u / 15 - 17 * u * u / 315 + 62 * u ** 3 / 2835


# -ln2/2 < x < 0.42, where the e^x - 1 core uses the polynomial (above, the
# result exceeds 1/2, whose ULP absorbs the exponential core's error).
EXPM1 = Problem("EXPM1_P", mpf("-0.3466"), mpf("0.42"), expm1_target,
                lambda x: fabs(x ** 3 / expm1(x)) if x != 0 else mpf(0))
# |x| <= 0.4, where the hyperbolic tangent uses the odd polynomial.
TANH_LIMIT = mpf("0.4")
TANH = Problem("TANH_P", mpf(0), TANH_LIMIT ** 2, th_target,
               lambda u: u * sqrt(u) / th(sqrt(u)) if u != 0 else mpf(0))


def act_fit(title, prob, degrees, target):
    print()
    print("== " + title)
    for d in degrees:
        res = fit(prob, d)
        print("  " + summary(res))
        if res["e_final"] <= target:
            print("  smallest degree with f32 error <= %s: %d" % (log2_str(target), d))
            report(res)
            return res
    raise SystemExit("%s: no degree up to %d reaches %s" % (prob.prefix, degrees[-1], log2_str(target)))


def act_section():
    """EXPM1_P and TANH_P, as text appended to src/math/coeffs.rs."""
    target = mpf(2) ** -29
    e = act_fit("e^x - 1 = x + x^2/2 + x^3*P(x), x in [-0.3466, 0.42], weight |x^3 / expm1(x)|",
                EXPM1, (3, 4, 5), target)
    t = act_fit("th(x) = x + x^3*P(x^2), |x| <= 0.4 (in u = x^2), weight |x^3 / th(x)|",
                TANH, (2, 3, 4), target)
    lines = [
        "",
        "/// `P(x) ~ (e^x - 1 - x - x^2/2) / x^3`, so `e^x - 1 = x + x^2/2 + x^3 P(x)`,",
        "/// for `x` in `[%s, %s]` (`-ln2/2` to where `e^x - 1 > 1/2`), weight" % (
            nstr(EXPM1.lo, 10), nstr(EXPM1.hi, 10)),
        "/// `|x^3 / (e^x - 1)|`, i.e. the error of `x^3 P(x)` relative to the result;",
        "/// the smallest degree whose f32 error is at most 2^-29:",
        error_line(e).replace("//!  ", "///"),
        "/// Coefficients of `x^0` upwards.",
    ]
    lines += rust_array(EXPM1, e)
    lines += [
        "",
        "/// `P(u) ~ (th(x) - x) / x^3` with `u = x^2`, `th` the hyperbolic tangent,",
        "/// so `th(x) = x + x^3 P(x^2)`, for `|x| <= %s` (`u` in `[0, %s]`)," % (
            nstr(TANH_LIMIT, 10), nstr(TANH.hi, 10)),
        "/// weight `|x^3 / th(x)|`, i.e. the error of `x^3 P(x^2)` relative to",
        "/// the result; the smallest degree whose",
        "/// f32 error is at most 2^-29:",
        error_line(t).replace("//!  ", "///"),
        "/// Coefficients of `u^0` upwards.",
    ]
    lines += rust_array(TANH, t)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# The Fast tier's table-driven exponential (src/math/exp_fast.rs, on backends
# with an in-register table lookup): e^x = 2^n 2^(j/32) e^r with
# n + j/32 = x*log2(e) rounded to 32nds, so |r| <= ln2/64 plus the
# reduction's slack (LOG2E's rounding, 2^-26 relative, times |x| <= 104,
# about 1.5e-6); e^r = 1 + r P(r), P = c1 + c2 r. The error's leading term
# r^3/6 is odd, so only the linear coefficient can level it: c1 = 1 + R^2/8
# turns it into (r^3 - 3/4 R^2 r)/6, a Chebyshev polynomial of height
# R^3/24; c2 = 1/2 + R^2/48 levels the r^4/24 term likewise. (Remez would
# find the same: the problem is degenerate for it, with four alternation
# points for two coefficients.)

EXP_TABLE_R = mpf("0.010835")


def expm1_over(r):
    """(e^r - 1) / r, via its Taylor series near 0."""
    if fabs(r) > mpf("0.01"):
        return expm1(r) / r
    s, term, k = mpf(0), mpf(1), 1
    while fabs(term) > mpf(10) ** (-mp.dps - 5):
        s += term
        k += 1
        term = term * r / k
    return s


EXP_TABLE = Problem("EXP_TABLE_P", -EXP_TABLE_R, EXP_TABLE_R, expm1_over,
                    lambda r: r / (expm1(r) + 1))


def table_exp_section():
    """EXP_TABLE_P and EXP2_32NDS, as text appended to src/math/coeffs.rs."""
    print()
    print("== e^r = 1 + r*P(r), |r| <= %s, relative error (table-driven, Fast)" % nstr(
        EXP_TABLE_R, 6))
    R = EXP_TABLE_R
    final = [mpf(to_f32(1 + R * R / 8)), mpf(to_f32(mpf(1) / 2 + R * R / 48))]
    res = dict(degree=1, how="Chebyshev-levelled, plain", final=final,
               e_final=max_error(EXP_TABLE, final))
    report(res)
    table = [to_f32(mp.power(2, mpf(j) / 32)) for j in range(32)]
    worst = max(fabs(mpf(v) / mp.power(2, mpf(j) / 32) - 1) for j, v in enumerate(table))
    print("  2^(j/32) rounded to f32: max relative error %s" % log2_str(worst))
    lines = [
        "",
        "/// `P(r) ~ (e^r - 1) / r`, so `e^r = 1 + r P(r)`, for `|r| <= %s`" % (
            nstr(EXP_TABLE_R, 6)),
        "/// (`ln2/64` plus the slack of the reduction to 32nds), relative error",
        "/// (weight `r e^-r`); `1 + R^2/8` and `1/2 + R^2/48` (`R` that bound),",
        "/// coefficients of `r^0` upwards:",
        "/// degree %d, %s rounding: max relative error %s = %s." % (
            res["degree"], res["how"], nstr(res["e_final"], 6), log2_str(res["e_final"])),
    ]
    lines += rust_array(EXP_TABLE, res)
    lines += [
        "",
        "/// `2^(j/32)` for `j` in `0..32`, each rounded to the nearest f32 (max",
        "/// relative error %s)." % log2_str(worst),
        "pub(crate) const EXP2_32NDS: [f32; 32] = [",
    ]
    for v in table:
        lines.append("    f32::from_bits(%s), // %s" % (f32_hex(v), f32_repr(v)))
    lines.append("];")
    lines += expm1_table_lines(table)
    return "\n".join(lines) + "\n"


# e^r - 1 = r + r^2 (c1 + c2 r) on the same |r| <= R, relative error of
# e^r - 1 (weight r / expm1(r)), the leading 1 exact so that tiny inputs
# come back unchanged. Chebyshev levelling again: c1 = 1/2 + R^2/32 turns
# the odd part r^3/24 into (r^3 - 3/4 R^2 r)/24, height R^3/96; c2 =
# 1/6 + R^2/240 levels the even part r^4/120.
EXPM1_TABLE = Problem("EXPM1_TABLE_Q", -EXP_TABLE_R, EXP_TABLE_R, expm1_over,
                      lambda r: 1 / expm1_over(r))


def expm1_table_lines(table):
    R = EXP_TABLE_R
    c = [mpf(1), mpf(to_f32(mpf(1) / 2 + R * R / 32)),
         mpf(to_f32(mpf(1) / 6 + R * R / 240))]
    e = max_error(EXPM1_TABLE, c)
    print("== e^r - 1 = r + r^2 (c1 + c2 r), |r| <= %s, relative error (table-driven, Fast)"
          % nstr(R, 6))
    print("  -> Chebyshev-levelled, plain rounding, max relative error %s (%s)" % (
        nstr(e, 6), log2_str(e)))
    corr = [to_f32(mp.power(2, mpf(j) / 32) / mpf(v) - 1) for j, v in enumerate(table)]
    return [
        "",
        "/// `Q(r) ~ (e^r - 1) / r = 1 + c1 r + c2 r^2` for `|r| <= %s`, relative" % nstr(R, 6),
        "/// error (weight `r / expm1(r)`): `c1 = 1/2 + R^2/32`, `c2 = 1/6 + R^2/240`,",
        "/// the leading 1 exact; `[c1, c2]`, max relative error %s = %s." % (
            nstr(e, 6), log2_str(e)),
        "pub(crate) const EXPM1_TABLE_Q: [f32; 2] = [",
    ] + ["    f32::from_bits(%s), // %s" % (f32_hex(v), f32_repr(v)) for v in c[1:]] + [
        "];",
        "",
        "/// `2^(j/32) / EXP2_32NDS[j] - 1`, each rounded to the nearest f32: the",
        "/// table's rounding, for callers that cancel against it (`e^x - 1`).",
        "pub(crate) const EXP2_32NDS_CORR: [f32; 32] = [",
    ] + ["    f32::from_bits(%s), // %s" % (f32_hex(v), f32_repr(v)) for v in corr] + ["];"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 with a diff if %s differs" % OUT_REL)
    args = ap.parse_args()

    text = compute()
    print()
    if args.check:
        try:
            old = OUT.read_text(encoding="utf-8")
        except FileNotFoundError:
            old = ""
        if old == text:
            print("%s is up to date" % OUT_REL)
            return 0
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile="a/" + OUT_REL, tofile="b/" + OUT_REL + " (regenerated)"))
        print("%s differs from what tools/coeffs.py generates: run "
              "python3 tools/coeffs.py and commit the result" % OUT_REL)
        return 1
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print("wrote %s" % OUT_REL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
