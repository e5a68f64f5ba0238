#!/usr/bin/env bash
# The hardening half of CI (.ci/run calls it after ./scripts/test.sh).
# One clang build with AddressSanitizer and UBSan holds both the whole test
# suite and the libFuzzer targets (project libraries coverage-instrumented,
# only the fuzz executables link the libFuzzer driver). Then:
#   1. ctest on that build: every test under ASan+UBSan, plus a replay of each
#      fuzz target's seed and regression corpus (fuzz/corpus/<target>);
#   2. each fuzz target for a bounded time (scripts/fuzz.sh), printing the
#      executions per target.
# Exit status non-zero on any failed test, sanitizer report or fuzz finding.
#
#   scripts/ci-hardening.sh            (QT_FUZZ_SECONDS per target, default 45)
#
# Needs clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes);
# .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${QT_HARDEN_BUILD:-build-hardening}"
seconds="${QT_FUZZ_SECONDS:-45}"

if ! command -v clang++ >/dev/null; then
  echo "ci-hardening: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
fuzzer_rt="$(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a)"
if [ ! -f "$fuzzer_rt" ]; then
  echo "ci-hardening: libFuzzer runtime missing ($fuzzer_rt); apt-get install libclang-rt-14-dev" >&2
  exit 1
fi

# -O1 keeps sanitizer builds fast to compile and the fuzzers fast to run;
# Debug keeps assertions on; line tables are enough for sanitizer stacks.
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
    -DQT_SANITIZE=ON -DQT_FUZZ=ON -DQT_BUILD_TESTS=ON -DQT_BUILD_BENCHMARKS=OFF >/dev/null
fi

start=$SECONDS
echo "== ci-hardening: build + ctest under ASan+UBSan ($build)"
QT_ASAN_BUILD="$build" ./scripts/sanitize.sh
echo "== ci-hardening: build + ctest took $((SECONDS - start)) s"

start=$SECONDS
echo "== ci-hardening: fuzzing ${seconds}s per target"
QT_FUZZ_BUILD="$build" ./scripts/fuzz.sh "$seconds"
echo "== ci-hardening: fuzzing took $((SECONDS - start)) s"
