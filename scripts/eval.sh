#!/usr/bin/env bash
# Scores the binary on the annotated data in ../shared (not part of the tests,
# which need nothing outside the repository).
#   ./scripts/eval.sh                 # PolNeAR dev + MRPC train (compare)
#   ./scripts/eval.sh polnear train   # PolNeAR on another split
#   ./scripts/eval.sh polnear dev --errors 20   # with missed/spurious examples
#   ./scripts/eval.sh mrpc
# SHARED=<dir> points elsewhere than ../shared; QT_BUILD_DIR picks the build.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${SHARED:-../shared}"
build_dir="${QT_BUILD_DIR:-build}"
if [[ ! -d "$shared/eval" ]]; then
  echo "eval: $shared/eval not found (set SHARED=<dir>)" >&2
  exit 2
fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" --target quotetrack >/dev/null
what="${1:-all}"
[[ $# -gt 0 ]] && shift
polnear() {
  local split="${1:-dev}"
  [[ $# -gt 0 ]] && shift
  echo "== PolNeAR $split"
  QUOTETRACK="$build_dir/quotetrack" POLNEAR_DIR="$shared/data/polnear" \
    "$shared/eval/run_polnear.sh" "$split" "$@"
}
mrpc() {
  echo "== MRPC train (compare)"
  python3 "$shared/eval/score_pairs.py" "$shared/data/mrpc/msr_paraphrase_train.txt" \
    --bin "$build_dir/quotetrack"
}
case "$what" in
  polnear) polnear "$@" ;;
  mrpc) mrpc ;;
  all) polnear dev; mrpc ;;
  *) echo "eval: unknown evaluation '$what' (polnear, mrpc)" >&2; exit 2 ;;
esac
