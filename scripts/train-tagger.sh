#!/usr/bin/env bash
# Retrains detect's sequence tagger on PolNeAR's train split and writes the
# weights that ship in the binary, src/detect/tagger.bin. Deterministic: the
# same data gives the same bytes. Rebuild afterwards (the build embeds the
# file). Needs ../shared/data/polnear/train (or POLNEAR_DIR=<dir with train/>).
#   ./scripts/train-tagger.sh            # train on all of train, write the weights
#   ./scripts/train-tagger.sh --holdout 84 --out /tmp/t.bin   # also score the last 84 articles
set -euo pipefail
cd "$(dirname "$0")/.."
data="${POLNEAR_DIR:-../shared/data/polnear}/train"
out=src/detect/tagger.bin
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
build_dir="${QT_BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" --target qt_train_tagger
"$build_dir/qt_train_tagger" "$data" "$out" --epochs 12 --bags 4 --cost 200 "${args[@]}"
