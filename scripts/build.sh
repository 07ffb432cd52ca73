#!/usr/bin/env bash
# Configure and build one flavour: release (default), asan (ASan+UBSan tests) or fuzz
# (clang-14 libFuzzer targets). Build trees live in build/<flavour>.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
shift || true
jobs=${WR_JOBS:-$(nproc)}
case "$flavour" in
  release)
    cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null ;;
  asan)
    cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWR_SANITIZE=ON \
      -DWR_BUILD_BENCH=OFF -DWR_ENABLE_LLVM=OFF "$@" >/dev/null ;;
  fuzz)
    CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DWR_BUILD_FUZZ=ON -DWR_BUILD_TESTS=OFF -DWR_BUILD_BENCH=OFF -DWR_ENABLE_LLVM=OFF "$@" >/dev/null ;;
  *) echo "usage: scripts/build.sh [release|asan|fuzz] [cmake args]" >&2; exit 2 ;;
esac
ninja -C "build/$flavour" -j "$jobs"
