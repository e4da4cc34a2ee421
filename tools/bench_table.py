#!/usr/bin/env python3
"""Turns criterion's results (target/criterion, written by
`cargo bench --bench kernels`) into the README's throughput table:
median elements per second per function, backend and n, and the ratio to
the naive std loop measured in the same run.

Usage: python3 tools/bench_table.py [--n 256,4096,65536]
"""

import json
import os
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "target", "criterion")
FUNCS = ["exp", "sigmoid", "logit", "gauss", "relu", "softmax"]
IMPLS = ["std", "scalar", "simd128", "simd256", "simd512"]


def rate(func, impl, n):
    d = os.path.join(ROOT, func, impl, str(n), "new")
    try:
        with open(os.path.join(d, "estimates.json")) as f:
            est = json.load(f)
    except FileNotFoundError:
        return None
    return n / (est["median"]["point_estimate"] * 1e-9)


def fmt(r):
    return f"{r / 1e9:.2f} G" if r >= 1e9 else f"{r / 1e6:.0f} M"


def main():
    sizes = [256, 4096, 65536]
    if "--n" in sys.argv:
        sizes = [int(s) for s in sys.argv[sys.argv.index("--n") + 1].split(",")]
    impls = [i for i in IMPLS if any(rate(f, i, n) for f in FUNCS for n in sizes)]
    print("| function | n | " + " | ".join(impls) + " |")
    print("|---|---|" + "---|" * len(impls))
    for f in FUNCS:
        for n in sizes:
            base = rate(f, "std", n)
            if base is None:
                continue
            cells = []
            for i in impls:
                r = rate(f, i, n)
                cells.append("" if r is None else f"{fmt(r)} ({r / base:.1f}x)")
            print(f"| {f} | {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
