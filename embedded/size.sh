#!/usr/bin/env bash
# Code size per function on thumbv7em-none-eabihf (opt-level "s", fat LTO),
# from the `#[no_mangle]` wrappers in src/bin/bench/wrappers.rs: each
# wrapper's .text plus every function it reaches through calls and tail
# calls (callgraph.awk), i.e. what the function costs alone in a firmware.
# Prints markdown; fails if scalar sigmoid exceeds 1 KiB.
# Usage: size.sh [ELF] (default: the release `bench` binary; build it first).
set -euo pipefail
cd "$(dirname "$0")"
elf=${1:-target/thumbv7em-none-eabihf/release/bench}
tools="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$tools/llvm-nm" --print-size --radix=d --defined-only "$elf" >"$tmp/syms"
"$tools/llvm-nm" -C --print-size --radix=d --defined-only "$elf" >"$tmp/syms-c"
"$tools/llvm-objdump" -d --no-show-raw-insn "$elf" >"$tmp/dis"

funcs="exp sigmoid logit gauss relu softmax"
roots=""
for f in $funcs; do
    [ "$f" = softmax ] || roots+=" ak_$f naive_$f"
    roots+=" ak_slice_$f naive_slice_$f"
done
awk -v roots="$roots" -f callgraph.awk "$tmp/syms" "$tmp/syms-c" "$tmp/dis" >"$tmp/sizes"
if grep -q $'\tmissing' "$tmp/sizes"; then
    echo "size.sh: wrappers missing from $elf:" >&2
    grep $'\tmissing' "$tmp/sizes" >&2
    exit 1
fi
total() { awk -v r="$1" -F'\t' '$1 == r { print $2 }' "$tmp/sizes"; }
cell() { if [ "$1" = softmax ] && [ "$2" != slice ]; then echo "-"; else total "$3"; fi; }

echo "Code size, bytes of .text (wrapper + every function it calls), thumbv7em-none-eabihf, opt-level \"s\":"
echo
echo '| function | actkern `scalar::` | naive libm | `Kernels` on Scalar, slice | naive slice loop |'
echo '|---|---|---|---|---|'
for f in $funcs; do
    echo "| $f | $(cell "$f" one "ak_$f") | $(cell "$f" one "naive_$f") | $(total "ak_slice_$f") | $(total "naive_slice_$f") |"
done
echo
echo "Per wrapper (own = the wrapper itself; rodata = constants it addresses, not in the totals):"
echo
echo '| wrapper | total | own | rodata | calls (bytes) |'
echo '|---|---|---|---|---|'
awk -F'\t' '{ c = $6; gsub(/,/, ", ", c); if ($5) c = c " (+ indirect calls!)"
    printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, c == "" ? "nothing (all inlined)" : c }' "$tmp/sizes"
echo
sig=$(total ak_sigmoid)
if [ "$sig" -le 1024 ]; then
    echo "Target scalar sigmoid <= 1 KiB: holds ($sig bytes)."
else
    echo "Target scalar sigmoid <= 1 KiB: FAILS ($sig bytes)."
    exit 1
fi
