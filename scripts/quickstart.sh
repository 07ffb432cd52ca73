#!/usr/bin/env bash
# Set up the machine, build (Release), build one bundled example program (examples/c/json.c)
# to wasm32-wasi with clang-14 and wasi-libc, and run it with `wasmrust run` (the main job),
# with the time of each phase.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
echo "== examples/build.sh build/examples json"
examples/build.sh build/examples json >/dev/null
echo "== wasmrust run --timings build/examples/json-release.wasm 50"
./build/release/wasmrust run --timings build/examples/json-release.wasm 50
