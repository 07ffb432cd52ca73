#!/usr/bin/env bash
# Every test: sets the machine up, builds Release and runs all tests (unit, file, spec,
# examples), builds the ASan+UBSan flavour and runs the unit and file tests again, runs each
# fuzzer for a bounded time, and ends with the Release run's ctest summary.
# WR_TESTSUITE_DIR (default ../shared/wasm-testsuite) locates the spec test suite.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
status=0
suite=${WR_TESTSUITE_DIR:-$(pwd)/../shared/wasm-testsuite}
if [ ! -d "$suite" ]; then
  echo "WARNING: spec test suite not found at $suite: spec tests will report SKIPPED" >&2
fi

echo "== ASan+UBSan build: unit and file tests"
if scripts/build.sh asan -DWR_TESTSUITE_DIR="$suite"; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build/asan --no-tests=error -L 'unit|file' -j "$(nproc)" --output-on-failure || status=1
else
  echo "ASan build failed"; status=1
fi

echo "== libFuzzer smoke runs"
if scripts/build.sh fuzz; then
  ctest --test-dir build/fuzz --no-tests=error -L fuzz --output-on-failure || status=1
else
  echo "fuzz build failed"; status=1
fi

echo "== Release build: all tests"
if scripts/build.sh release -DWR_TESTSUITE_DIR="$suite"; then
  ctest --test-dir build/release --no-tests=error -j "$(nproc)" --output-on-failure || status=1
else
  echo "Release build failed"; status=1
fi
exit $status
