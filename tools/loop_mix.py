#!/usr/bin/env python3
"""Instruction mix per vector of actkern's hot loops, and their speed of light.

    cargo build --release --example loop_mix
    python3 tools/loop_mix.py --fn sigmoid,tanh [--backend simd512]
        [--precision fast,accurate] [--range -20,20] [--n 1024] [--dump]

For each function and tier, single-steps (ptrace) one in-place f32 call of
`examples/loop_mix.rs` on N and on 2N inputs and takes the difference of
the two counts of every executed instruction: what N more inputs cost, the
fixed cost of the call (dispatch, tails) cancelled. Divided by N / lanes,
it is the mix per vector of the loop that runs on those inputs (branches
taken as the inputs take them); `--dump` lists those instructions. The
time is the best of 2,000 calls at n = 4096 (`--time`), in cycles of the
core clock the helper measures (`--clock`). The last column counts every
instruction of one call on one element: the fixed cost.

Columns: vector operations by kind (`int` includes comparisons and bit
operations, `select` masked moves), `move` register copies, `load` and
`store` memory accesses (a load folded into an operation counts there and
in its kind), `mask` k-register operations, `scalar` general-purpose
register instructions (the loop counter, branches).

Speed of light (cycles per vector): the largest of the port limits of an
Intel Golden Cove core (Sapphire Rapids), where this was written: vector
operations on 2 ports for zmm (p0, p5) and 3 for ymm/xmm (p0, p1, p5), of
which FP arithmetic on 2 and shuffles on 1 (p5); loads 2 (zmm) or 3 per
cycle, stores 1 (zmm) or 2; 6 instructions issued per cycle; k-register
operations on the vector ports; register copies assumed renamed away. A
division counts as one operation, though its unit is not pipelined: the
gap between the measured time and this bound is the loop's dependency
chains and the divider (and the model's simplifications). An estimate:
for cheap SSE loops the measured time can fall below it.
"""
import argparse, collections, ctypes, os, re, signal, subprocess, sys

HELPER = "target/release/examples/loop_mix"
LANES = {"simd512": 16, "simd256": 8, "simd128": 4, "scalar": 1}

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
libc.ptrace.restype = ctypes.c_long
TRACEME, PEEKTEXT, PEEKDATA, PEEKUSER, POKETEXT, POKEUSER, CONT, SINGLESTEP = 0, 1, 2, 3, 4, 6, 7, 9
RIP, RSP = 128, 152


def ptrace(req, pid, addr=0, data=0):
    ctypes.set_errno(0)
    r = libc.ptrace(req, pid, ctypes.c_void_p(addr), ctypes.c_void_p(data))
    if r == -1 and ctypes.get_errno() != 0:
        raise OSError(ctypes.get_errno(), f"ptrace({req})")
    return r & 0xFFFFFFFFFFFFFFFF


def symbol(binary, pattern):
    out = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout
    hits = [l.split() for l in out.splitlines() if pattern in l]
    if len(hits) != 1:
        sys.exit(f"{pattern}: {len(hits)} symbols in {binary}")
    return int(hits[0][0], 16)


def trace(binary, offset, argv):
    """Counts of executed instruction offsets in one call at `offset`."""
    pid = os.fork()
    if pid == 0:
        libc.ptrace(TRACEME, 0, None, None)
        os.execv(binary, [binary] + argv)
    os.waitpid(pid, 0)
    base = None
    real = os.path.realpath(binary)
    with open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            f = line.split()
            if len(f) >= 6 and f[5] == real and int(f[2], 16) == 0:
                base = int(f[0].split("-")[0], 16)
                break
    addr = base + offset
    word = ptrace(PEEKTEXT, pid, addr)
    ptrace(POKETEXT, pid, addr, (word & ~0xFF) | 0xCC)
    ptrace(CONT, pid)
    _, status = os.waitpid(pid, 0)
    if not os.WIFSTOPPED(status):
        sys.exit(f"helper exited before the call: {argv}")
    ptrace(POKETEXT, pid, addr, word)
    ptrace(POKEUSER, pid, RIP, addr)
    ret = ptrace(PEEKDATA, pid, ptrace(PEEKUSER, pid, RSP))
    counts = collections.Counter()
    rip = addr
    while rip != ret:
        counts[rip - base] += 1
        ptrace(SINGLESTEP, pid)
        os.waitpid(pid, 0)
        rip = ptrace(PEEKUSER, pid, RIP)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return counts


def disassembly(binary):
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-M", "intel", binary],
                         capture_output=True, text=True, check=True).stdout
    ins = {}
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)", line)
        if m:
            ins[int(m.group(1), 16)] = (m.group(2), m.group(3).split("<")[0].strip())
    return ins


SHUFFLE = re.compile(r"^v?(perm|shuf|pshuf|unpck|punpck|insert|extract|broadcast|pbroadcast|palignr|valign|compress|expand|movshdup|movsldup)")
FP = re.compile(r"^v?(fn?m(add|sub)|add|sub|mul|div|min|max|rcp|rsqrt|sqrt|scalef|getexp|getmant|rndscale|round|reduce|range|cvt|fixup|dp)")
INT = re.compile(r"^v?(p(add|sub|and|or|xor|ternlog|s[lr]|min|max|mul|cmp|test|abs|movm|movzx|movsx|blend|madd|sign)|and|or|xor|andn|blend|cmp|fpclass|movmsk|ptest|testp)")


def classify(mnem, ops):
    """(class, width) of one instruction; class in vector ALU kinds or
    'load' / 'store' / 'mask' / 'scalar'."""
    width = 512 if "zmm" in ops else 256 if "ymm" in ops else 128 if "xmm" in ops else 64
    mem = "[" in ops
    first = ops.split(",")[0] if ops else ""
    if mnem.startswith("k"):
        return "mask", width
    if width == 64:
        return "scalar", width
    if re.match(r"^v?mov", mnem) and not SHUFFLE.match(mnem) and "{k" not in first:
        if mem:
            return ("store" if "[" in first else "load"), width
        return "move", width
    if "{k" in first and re.match(r"^v?mov", mnem):
        return "select", width
    if SHUFFLE.match(mnem):
        return "shuffle", width
    if re.match(r"^v?(fn?m(add|sub))", mnem):
        return "fma", width
    if FP.match(mnem):
        return "fp", width
    if INT.match(mnem) or mnem.startswith("v"):
        return "int", width
    return "scalar", width


ALU = ("fma", "fp", "int", "shuffle", "select", "mask")


def speed_of_light(mix, width, total):
    alu = sum(mix[c] for c in ALU)
    ports = 2 if width == 512 else 3
    limits = {
        "vector ports": alu / ports,
        "FP ports": (mix["fma"] + mix["fp"]) / 2,
        "shuffle port": mix["shuffle"],
        "loads": mix["load"] / (2 if width == 512 else 3),
        "stores": mix["store"] / (1 if width == 512 else 2),
        "issue": total / 6,
    }
    name = max(limits, key=limits.get)
    return limits[name], name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fn", required=True)
    ap.add_argument("--backend", default="simd512")
    ap.add_argument("--precision", default="fast,accurate")
    ap.add_argument("--range", default="-20,20")
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--dump", action="store_true",
                    help="also list each instruction executed per vector")
    a = ap.parse_args()
    binary = HELPER
    offset = symbol(binary, "traced_call")
    ins = disassembly(binary)
    ghz = float(subprocess.run([binary, "--clock"], capture_output=True, text=True,
                               check=True).stdout)
    lanes = LANES[a.backend]
    vectors = a.n / lanes
    cols = ["fma", "fp", "int", "shuffle", "select", "move", "load", "store", "mask", "scalar"]
    print(f"# {a.backend}, inputs in [{a.range}], core clock {ghz:.2f} GHz; per vector of {lanes}")
    print("| function | tier | instructions | " + " | ".join(cols)
          + " | speed of light (cycles) | bound by | measured (cycles) | measured / light"
          + " | one call, n = 1 |")
    print("|---|---|--:|" + "--:|" * len(cols) + "--:|---|--:|--:|--:|")
    for fn in a.fn.split(","):
        for tier in a.precision.split(","):
            base = ["--fn", fn, "--backend", a.backend, "--precision", tier, "--range", a.range]
            one = trace(binary, offset, base + ["--n", str(a.n)])
            two = trace(binary, offset, base + ["--n", str(2 * a.n)])
            call = sum(trace(binary, offset, base + ["--n", "1"]).values())
            mix = collections.Counter()
            dump = []
            folded = 0.0
            width = 128
            for addr in set(one) | set(two):
                d = two[addr] - one[addr]
                if d == 0:
                    continue
                mnem, ops = ins.get(addr, ("?", ""))
                c, w = classify(mnem, ops)
                if c in ALU:
                    width = max(width, w)
                    if "[" in ops:  # a folded load: an operation and a load
                        folded += d / vectors
                mix[c] += d / vectors
                if a.dump:
                    dump.append((addr, d / vectors, c, mnem, ops))
            ns = float(subprocess.run([binary] + base + ["--n", "4096", "--time"],
                                      capture_output=True, text=True, check=True).stdout)
            measured = ns * lanes * ghz
            total = sum(mix.values())
            mix["load"] += folded
            light, by = speed_of_light(mix, width, total)
            print(f"| {fn} | {tier} | {total:.1f} | "
                  + " | ".join(f"{mix[c]:.1f}" for c in cols)
                  + f" | {light:.1f} | {by} | {measured:.1f} | {measured / light:.2f} | {call} |")
            for addr, per, c, mnem, ops in sorted(dump):
                print(f"    {addr:8x} {per:5.2f} {c:8} {mnem} {ops}")


if __name__ == "__main__":
    main()
