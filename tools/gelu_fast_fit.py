#!/usr/bin/env python3
"""Derive the rational function of GELU's Fast kernel (src/kernels/gelu.rs).

    S(a) = erfc(a / sqrt 2) e^(a^2 / 2) / 2  ~  P(a) / Q(a),  a in [0, 5.4],
    P of degree 3, Q of degree 4, Q(0) = 1, minimising the relative error.

Method: differential correction (a linear program per iteration, on 2000
equally spaced points) for the minimax rational function; then the
coefficients are rounded to f32 greedily, lowest order first, the
remaining ones refitted after each rounding.  P(0) is fixed at 1/2
(S(0) = 1/2 exactly).  Prints the f32 bit patterns (P times 2^30, as the
kernel stores it; the kernel negates Q) and the relative error of the
rounded function, evaluated exactly (mpmath) on 8001 points, and beyond
the fitted range up to the kernel's clamp of |x| at 11.6.

Unlike tools/coeffs.py this needs numpy and scipy (`pip install numpy
scipy mpmath`) and is not run by CI: the kernel's constants are checked
by the exhaustive accuracy test instead.  Takes about a minute.
"""

import struct

import mpmath as mp
import numpy as np
from scipy.optimize import linprog

mp.mp.dps = 30
END, POINTS, M, N = 5.4, 2000, 3, 4


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def bits(v):
    return struct.unpack("I", struct.pack("f", v))[0]


def s_exact(a):
    a = mp.mpf(a)
    return 0.5 * mp.e ** (a * a / 2) * mp.erfc(a / mp.sqrt(2))


XS = np.linspace(0, END, POINTS)
FS = np.array([float(s_exact(x)) for x in XS])
VAN = np.vander(XS, max(M, N) + 1, increasing=True)


def fit(fixed):
    """Minimax P/Q with the coefficients in `fixed` held (index: P 0..M, Q 1..N at M+1..)."""
    q_prev, best = np.ones(POINTS), None
    nv = M + 1 + N + 1
    for _ in range(25):
        rows, rhs = [], []
        for sign in (1, -1):
            a = np.zeros((POINTS, nv))
            a[:, : M + 1] = sign * VAN[:, : M + 1]
            a[:, M + 1 : M + 1 + N] = -sign * FS[:, None] * VAN[:, 1 : N + 1]
            a[:, -1] = -FS * q_prev
            rows.append(a)
            rhs.append(sign * FS)
        bounds = [(fixed[i], fixed[i]) if i in fixed else (None, None) for i in range(nv - 1)]
        cost = np.zeros(nv)
        cost[-1] = 1
        res = linprog(cost, A_ub=np.vstack(rows), b_ub=np.concatenate(rhs),
                      bounds=bounds + [(0, None)], method="highs")
        if res.x is None:
            break
        p = res.x[: M + 1]
        q = np.concatenate([[1], res.x[M + 1 : M + 1 + N]])
        qv = VAN[:, : N + 1] @ q
        err = np.max(np.abs((VAN[:, : M + 1] @ p) / qv / FS - 1))
        if best is None or err < best[0]:
            best = (err, res.x[:-1].copy())
        q_prev = qv
    return best


def main():
    fixed = {0: 0.5}
    for k in [1, M + 1, 2, M + 2, 3, M + 3, M + 4]:
        _, x = fit(fixed)
        fixed[k] = f32(x[k] * 2**30) / 2**30 if k <= M else f32(x[k])
    p = [fixed[i] for i in range(M + 1)]
    q = [1.0] + [fixed[M + 1 + i] for i in range(N)]
    worst = mp.mpf(0)
    for a in np.linspace(0, END, 8001):
        a = mp.mpf(a)
        pv = sum(mp.mpf(c) * a**i for i, c in enumerate(p))
        qv = sum(mp.mpf(c) * a**i for i, c in enumerate(q))
        worst = max(worst, abs(pv / qv / s_exact(a) - 1))
    print("relative error 2^%.2f" % float(mp.log(worst, 2)))
    # Beyond END the kernel evaluates the same function up to its clamp.
    far = mp.mpf(0)
    for a in np.linspace(END, 11.6, 2001):
        a = mp.mpf(a)
        pv = sum(mp.mpf(c) * a**i for i, c in enumerate(p))
        qv = sum(mp.mpf(c) * a**i for i, c in enumerate(q))
        far = max(far, abs(pv / qv / s_exact(a) - 1))
    print("relative error on [%.1f, 11.6], extrapolated: 2^%.2f" % (END, float(mp.log(far, 2))))
    print("P * 2^30:", ", ".join("0x%08x" % bits(c * 2**30) for c in p))
    print("Q:       ", ", ".join("0x%08x" % bits(c) for c in q))


if __name__ == "__main__":
    main()
