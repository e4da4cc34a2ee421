#!/usr/bin/env python3
"""Turns criterion's results (target/criterion, written by
`cargo bench --bench kernels`) into the README's throughput table:
median elements per second per function, implementation (the naive std
loop, then each backend and tier) and n, and the ratio to the naive std
loop measured in the same run.

The functions and implementations are whatever criterion wrote: one
directory per function (the bench's group, named after the function),
one per implementation inside it, one per n inside that.

Usage: python3 tools/bench_table.py [--n 256,4096,65536] [--dir DIR]
"""

import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "target", "criterion")
BASELINE = "std"


def subdirs(path):
    """Directories under `path`, except criterion's own `report`."""
    try:
        names = os.listdir(path)
    except FileNotFoundError:
        return []
    return [n for n in names if n != "report" and os.path.isdir(os.path.join(path, n))]


def estimates(root, func, impl, n):
    return os.path.join(root, func, impl, str(n), "new", "estimates.json")


def rate(root, func, impl, n):
    try:
        with open(estimates(root, func, impl, n)) as f:
            est = json.load(f)
    except FileNotFoundError:
        return None
    return n / (est["median"]["point_estimate"] * 1e-9)


def impl_key(name):
    """The naive loop first, then backends in width order (the number in
    the name compared as a number), each one's tiers after it."""
    base, _, tier = name.partition("-")
    m = re.search(r"\d+$", base)
    width = int(m.group()) if m else 0
    return (name != BASELINE, width, base, tier)


def fmt(r):
    return f"{r / 1e9:.2f} G" if r >= 1e9 else f"{r / 1e6:.0f} M"


def main():
    args = sys.argv[1:]
    root = args[args.index("--dir") + 1] if "--dir" in args else ROOT
    # {function: {impl: {n}}} for every result criterion wrote.
    found = {}
    for func in subdirs(root):
        for impl in subdirs(os.path.join(root, func)):
            for n in subdirs(os.path.join(root, func, impl)):
                if n.isdigit() and os.path.exists(estimates(root, func, impl, n)):
                    found.setdefault(func, {}).setdefault(impl, set()).add(int(n))
    if not found:
        sys.exit(f"no criterion results under {root}: run `cargo bench --bench kernels` first")
    funcs = sorted(found)
    impls = sorted({i for f in found.values() for i in f}, key=impl_key)
    all_sizes = sorted({n for f in found.values() for s in f.values() for n in s})
    sizes = all_sizes
    if "--n" in args:
        sizes = [int(s) for s in args[args.index("--n") + 1].split(",")]

    print("| function | n | " + " | ".join(impls) + " |")
    print("|---|---|" + "---|" * len(impls))
    for f in funcs:
        for n in sizes:
            base = rate(root, f, BASELINE, n)
            cells = []
            for i in impls:
                r = rate(root, f, i, n)
                if r is None:
                    cells.append("")
                elif base is None:
                    cells.append(fmt(r))
                else:
                    cells.append(f"{fmt(r)} ({r / base:.1f}x)")
            if any(cells):
                print(f"| {f} | {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
