#!/usr/bin/env bash
# The test command (README, and .ci/run): installs the packages (plus chromium
# for the HTML report test), builds everything in build/ with warnings as
# errors, and runs the whole CTest suite. The tests need nothing outside the
# repository.
set -euo pipefail
cd "$(dirname "$0")/.."

# QT_BUILD_DIR lets developers try the script without touching their own
# build/; the README uses the default.
build_dir="${QT_BUILD_DIR:-build}"

./scripts/install-deps.sh chromium
# -Wno-restrict: GCC 12 reports a false -Wrestrict inside libstdc++ for
# `"literal" + std::string` at -O3 (GCC bug 105651); with -Werror that would
# fail correct code.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DQT_WERROR=ON \
  -DCMAKE_CXX_FLAGS="-Wno-restrict" >/dev/null
cmake --build "$build_dir"
ctest --test-dir "$build_dir" --output-on-failure
