#!/usr/bin/env bash
# actkern on Cortex-M, under QEMU (see README.md). Needs qemu-system-arm,
# the thumbv7em-none-eabihf and thumbv6m-none-eabi targets and llvm-tools;
# rustfmt and clippy if present. Runs every step, prints each step's time
# and the tables, and exits non-zero if any step failed.
set -euo pipefail
cd "$(dirname "$0")"

# Our own flags only: RUSTFLAGS meant for the host build (e.g. -C
# target-cpu=native, or -D warnings, which actkern's thumb build would
# fail on its dead-code warning) must not reach the firmware.
unset RUSTFLAGS CARGO_BUILD_TARGET CARGO_ENCODED_RUSTFLAGS
export CARGO_TARGET_DIR="$PWD/target" CARGO_TERM_COLOR=never
v7=thumbv7em-none-eabihf
v6=thumbv6m-none-eabi
semihosting=(-nographic -semihosting-config enable=on,target=native)
# QEMU's MPS2 boards: AN386 is a Cortex-M4F, AN385 a Cortex-M3 (which runs
# ARMv6-M code; the firmware makes unaligned accesses trap there, as on v6-M).
# The M3's full (non-quick) run checks all 65,536 half inputs in soft float
# (the step's time, which this script prints, was 159-227 s in the runs of
# 2026-12-03 and 2026-12-04), hence its longer timeout.
m4=(timeout 120 qemu-system-arm -machine mps2-an386 -cpu cortex-m4 "${semihosting[@]}")
m3=(timeout 600 qemu-system-arm -machine mps2-an385 -cpu cortex-m3 "${semihosting[@]}")

tools="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"

build() { cargo build --locked --quiet --release "$@"; }
# The no-panic proof's profile (Cargo.toml: release without debug info).
nopanic_build() { cargo build --locked --quiet --profile nopanic "$@"; }
# The device tests' own profile (Cargo.toml: no fat LTO, parallel codegen).
tests_build() { cargo build --locked --quiet --profile device-tests --target "$1" --bin tests; }

failed=()
t_all=$SECONDS
step() {
    local name=$1 t0=$SECONDS
    shift
    echo
    echo "=== $name"
    if "$@"; then
        echo "=== $name: ok ($((SECONDS - t0))s)"
    else
        echo "=== $name: FAILED ($((SECONDS - t0))s)"
        failed+=("$name")
    fi
}

lint() {
    if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
        echo "rustfmt or clippy not installed: skipped"
        return 0
    fi
    cargo fmt --check && cargo clippy --locked --quiet --target "$v7" -- -D warnings
}

# The Cortex-M3 accepts ARMv7-M instructions too: check that the thumbv6m
# firmware holds none, i.e. that LLVM's ARMv6-M decoder knows every
# instruction in it (the thumbv7em firmware, as a control, must fail).
v6m_only() {
    local n c
    # Both firmwares must exist: a missing one would count no instructions.
    [ -f "target/$v6/device-tests/tests" ] && [ -f "target/$v7/device-tests/tests" ] || return 1
    n=$("$tools/llvm-objdump" -d --triple="$v6" "target/$v6/device-tests/tests" | grep -c '<unknown>' || true)
    c=$("$tools/llvm-objdump" -d --triple="$v6" "target/$v7/device-tests/tests" | grep -c '<unknown>' || true)
    echo "instructions not in ARMv6-M: $n in the $v6 firmware, $c in the $v7 one (control)"
    [ "$n" -eq 0 ] && [ "$c" -gt 0 ]
}

# The no-panic binary with an out-of-bounds index must fail to link, naming
# the undefined symbol: the check can fail.
canary() {
    local log
    log=$(mktemp)
    if nopanic_build --target "$v7" --bin nopanic --features canary >"$log" 2>&1; then
        echo "the canary linked: the no-panic check cannot detect panics"
        rm -f "$log"
        return 1
    fi
    if grep -q 'undefined symbol: actkern_kernel_can_panic' "$log"; then
        echo "link failed as it must: $(grep -m1 'undefined symbol' "$log" | sed 's/^.*error: //')"
        rm -f "$log"
        return 0
    fi
    echo "the canary failed to build for another reason:"
    cat "$log"
    rm -f "$log"
    return 1
}

step "fmt + clippy -D warnings" lint
# ACTKERN_EMBEDDED_QUICK=1 (CI): the device tests and the no-panic proof
# only; the bench firmware (code size and cost tables, docs/firmware.md)
# is a long fat-LTO build of every function's wrappers, run by hand.
quick=${ACTKERN_EMBEDDED_QUICK:-0}
if [ "$quick" = 1 ]; then
    step "build $v7 (tests)" tests_build "$v7"
else
    step "build $v7 (tests)" tests_build "$v7"
    step "build $v7 (bench)" build --target "$v7" --bin bench
fi
step "tests on Cortex-M4F (QEMU mps2-an386)" "${m4[@]}" -kernel "target/$v7/device-tests/tests"
step "build $v6 (tests)" tests_build "$v6"
step "$v6 firmware holds only ARMv6-M instructions" v6m_only
step "tests on ARMv6-M code, Cortex-M3 (QEMU mps2-an385)" "${m3[@]}" -kernel "target/$v6/device-tests/tests"
nopanic() { nopanic_build --target "$v7" --bin nopanic && nopanic_build --target "$v6" --bin nopanic; }
step "no-panic proof: nopanic links on $v7 and $v6 (panic handler -> undefined symbol)" nopanic
step "no-panic canary: an unchecked index must fail to link" canary
if [ "$quick" != 1 ]; then
    step "code size ($v7, opt-level s)" ./size.sh "target/$v7/release/bench"
    step "instructions per element on Cortex-M4F (QEMU -icount shift=6)" \
        "${m4[@]}" -icount shift=6 -kernel "target/$v7/release/bench"
fi

echo
echo "=== total $((SECONDS - t_all))s"
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED steps:"
    printf '  %s\n' "${failed[@]}"
    exit 1
fi
echo "all steps passed"
