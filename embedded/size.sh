#!/usr/bin/env bash
# Code size per function on thumbv7em-none-eabihf (opt-level "s", fat LTO),
# from the `#[no_mangle]` wrappers that build.rs generates from the
# function table (see src/bin/bench/wrappers.rs): each wrapper's .text
# plus every function it reaches through calls and tail calls
# (callgraph.awk), i.e. what the function costs alone in a firmware.
# The functions are those with an `ak_slice_<name>` wrapper in the ELF;
# tiers past the accurate one have `ak_<tier>_slice_<name>`.
# Prints markdown; fails if any `scalar::` (element-wise) function exceeds
# 1 KiB.
# Usage: size.sh [ELF] (default: the release `bench` binary; build it first).
set -euo pipefail
cd "$(dirname "$0")"
elf=${1:-target/thumbv7em-none-eabihf/release/bench}
tools="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
limit=1024

"$tools/llvm-nm" --print-size --radix=d --defined-only "$elf" >"$tmp/syms"
"$tools/llvm-nm" -C --print-size --radix=d --defined-only "$elf" >"$tmp/syms-c"
"$tools/llvm-objdump" -d --no-show-raw-insn "$elf" >"$tmp/dis"

# Defined function symbols.
awk '$3 ~ /^[tTwW]$/ { print $4 }' "$tmp/syms" | sort -u >"$tmp/names"
has() { grep -qxF "$1" "$tmp/names"; }
funcs=$(sed -n 's/^ak_slice_//p' "$tmp/names")
if [ -z "$funcs" ]; then
    echo "size.sh: no ak_slice_* wrappers in $elf" >&2
    exit 1
fi
first=$(echo "$funcs" | head -1)
tiers=$(sed -n "s/^ak_\([a-z0-9]*\)_slice_${first}\$/\1/p" "$tmp/names")

roots=""
for f in $funcs; do
    for r in "ak_$f" "naive_$f"; do
        if has "$r"; then roots+=" $r"; fi
    done
    roots+=" ak_slice_$f"
    for t in $tiers; do roots+=" ak_${t}_slice_$f"; done
    roots+=" naive_slice_$f"
done
awk -v roots="$roots" -f callgraph.awk "$tmp/syms" "$tmp/syms-c" "$tmp/dis" >"$tmp/sizes"
if grep -q $'\tmissing' "$tmp/sizes"; then
    echo "size.sh: wrappers missing from $elf:" >&2
    grep $'\tmissing' "$tmp/sizes" >&2
    exit 1
fi
total() { awk -v r="$1" -F'\t' '$1 == r { print $2 }' "$tmp/sizes"; }
cell() { if has "$1"; then total "$1"; else echo "-"; fi; }

echo "Code size, bytes of .text (wrapper + every function it calls), thumbv7em-none-eabihf, opt-level \"s\":"
echo
header='| function | actkern `scalar::` | naive libm | `Kernels` on Scalar, slice |'
rule='|---|---|---|---|'
for t in $tiers; do
    header+=" \`Kernels\` on Scalar, slice, $t |"
    rule+='---|'
done
echo "$header naive slice loop |"
echo "$rule---|"
for f in $funcs; do
    row="| $f | $(cell "ak_$f") | $(cell "naive_$f") | $(total "ak_slice_$f") |"
    for t in $tiers; do row+=" $(total "ak_${t}_slice_$f") |"; done
    echo "$row $(total "naive_slice_$f") |"
done
echo
echo "A tier that shares the accurate kernel (\`spec().fast.shares_accurate\`) compiles to the same code: its wrapper is merged with the accurate one."
echo
echo "Per wrapper (own = the wrapper itself; rodata = constants it addresses, not in the totals):"
echo
echo '| wrapper | total | own | rodata | calls (bytes) |'
echo '|---|---|---|---|---|'
awk -F'\t' '{ c = $6; gsub(/,/, ", ", c); if ($5) c = c " (+ indirect calls!)"
    printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, c == "" ? "nothing (all inlined)" : c }' "$tmp/sizes"
echo
fail=0
for f in $funcs; do
    if has "ak_$f"; then
        s=$(total "ak_$f")
        if [ "$s" -le $limit ]; then
            echo "Target scalar:: $f <= 1 KiB: holds ($s bytes)."
        else
            echo "Target scalar:: $f <= 1 KiB: FAILS ($s bytes)."
            fail=1
        fi
    fi
done
exit $fail
