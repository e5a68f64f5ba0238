#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan, coverage-instrumented
# project libraries) into build-fuzz and runs each one for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    (default 60 s, all targets)
#
# Seeds come from fuzz/corpus/<target>/ (read-only); the growing corpus lives
# in build-fuzz/corpus/<target>/ and crash/timeout/oom inputs land in
# build-fuzz/artifacts/<target>/. A hang over 10 s is a bug (-timeout=10).
# Exit status 1 if any target found a crash, a leak, a timeout or an OOM.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(text jsonl html extract)
fi
build="${QT_FUZZ_BUILD:-build-fuzz}"

if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DQT_FUZZ=ON -DQT_BUILD_TESTS=OFF -DQT_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build "$build" -j "${QT_FUZZ_BUILD_JOBS:-2}" --target \
  $(printf 'fuzz_%s ' "${targets[@]}")

# Large enough for a long article (and quadratic behaviour to show as a
# timeout), small enough to keep the executions per second high.
max_len_for() {
  case "$1" in
    extract) echo 16384 ;;
    *) echo 32768 ;;
  esac
}

status=0
summary=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  log="$build/fuzz-$t.log"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz_$t: ${seconds}s (log: $log)"
  rc=0
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$build/fuzz/fuzz_$t" "$corpus" "fuzz/corpus/$t" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len="$(max_len_for "$t")" -artifact_prefix="$artifacts" \
      -print_final_stats=1 >"$log" 2>&1 || rc=$?
  runs=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" | tail -1 || true)
  cov=$(grep -o "cov: [0-9]*" "$log" | tail -1 | grep -o "[0-9]*" || true)
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "!! fuzz_$t failed (exit $rc); artifacts in $artifacts"
    grep -E 'ERROR|SUMMARY|contract violated|Test unit written' "$log" | head -20 || true
  fi
  summary+=("fuzz_$t: ${runs:-?} executions, coverage ${cov:-?} edges, exit $rc")
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$status"
