#!/usr/bin/env bash
# Builds the benchmarks (Release, in build-bench) and runs qt_bench.
#   benchmarks/run.sh [SIZES] [qt_bench options...]
# SIZES is a comma-separated list of quote counts (default 10000), e.g.
#   benchmarks/run.sh 10000,100000,1000000
# Corpora and stores go to bench-work/ (removed unless --keep is given).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-10000}"
shift || true
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target qt_bench qt_gen_corpus quotetrack
exec build-bench/benchmarks/qt_bench --sizes "$sizes" --binary build-bench/quotetrack \
  --workdir "${QT_BENCH_WORKDIR:-bench-work}" "$@"
