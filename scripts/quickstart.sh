#!/usr/bin/env bash
# Set up the machine, build (Release) and run the main job on a bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release
echo "== wasmrust ir examples/wir/sum.wir"
./build/release/wasmrust ir examples/wir/sum.wir
