#!/usr/bin/env bash
# Seeds for fuzz_wir_parser: every WasmIR file test and example, copied into the corpus
# folder given as $1 (run_fuzzer.sh calls this when the corpus is empty).
set -euo pipefail
out=$1
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
for f in "$root"/tests/filetests/*/*.wir "$root"/examples/wir/*.wir; do
  cp "$f" "$out/$(basename "$(dirname "$f")")-$(basename "$f")"
done
