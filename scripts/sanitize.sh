#!/usr/bin/env bash
# Builds the whole test suite with AddressSanitizer and UBSan (QT_SANITIZE=ON)
# into build-asan and runs ctest there. Any sanitizer report fails the test
# that triggered it (UBSan does not recover: -fno-sanitize-recover=undefined).
#
#   scripts/sanitize.sh [ctest args...]     e.g. scripts/sanitize.sh -R robustness
set -euo pipefail

cd "$(dirname "$0")/.."
build="${QT_ASAN_BUILD:-build-asan}"
jobs="${QT_JOBS:-2}"

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DQT_SANITIZE=ON \
    -DQT_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build "$build" -j "$jobs"

# Leak checking on; UBSan prints a stack and stops; SQLite and ICU allocate
# caches at exit that LeakSanitizer reports as reachable, not leaked.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Tests that time a sanitized binary run slower; say so to them.
export QT_SANITIZED=1
cd "$build"
ctest --output-on-failure -j "$jobs" --timeout 900 "$@"
