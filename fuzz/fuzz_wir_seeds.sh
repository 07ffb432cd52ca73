#!/usr/bin/env bash
# Refreshes the seeds of fuzz_wir_parser from the WasmIR file tests and examples.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/seeds/fuzz_wir_parser
rm -rf "$out"
mkdir -p "$out"
for f in tests/filetests/*/*.wir examples/wir/*.wir; do
  suite=$(basename "$(dirname "$f")")
  cp "$f" "$out/${suite}-$(basename "$f")"
done
echo "fuzz_wir_seeds: $(ls "$out" | wc -l) seeds in $out"
