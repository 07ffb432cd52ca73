#!/usr/bin/env bash
# fuzz_wasm_decoder.seeds.sh CORPUS_DIR: seed the decoder fuzzer's corpus with every module
# of the spec suite (valid, invalid and malformed binaries), converted with wast2json.
# The suite is $WR_TESTSUITE_DIR or ../shared/wasm-testsuite next to the repository.
set -uo pipefail
corpus=$1
suite=${WR_TESTSUITE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared/wasm-testsuite}
if [ ! -d "$suite/core" ] || ! command -v wast2json >/dev/null; then
  echo "fuzz_wasm_decoder.seeds.sh: no spec suite or wast2json; using the committed seeds only" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for wast in "$suite"/core/*.wast "$suite"/proposals/multi-memory/*.wast; do
  name=$(basename "$(dirname "$wast")")_$(basename "$wast" .wast)
  flags=""
  case "$wast" in */multi-memory/*) flags=--enable-multi-memory ;; esac
  wast2json $flags "$wast" -o "$tmp/$name.json" >/dev/null 2>&1 || continue
done
mkdir -p "$corpus"
# Small modules only: libFuzzer's default max_len is derived from the corpus.
find "$tmp" -name '*.wasm' -size -16k -exec cp -t "$corpus" {} +
echo "fuzz_wasm_decoder.seeds.sh: $(ls "$corpus" | wc -l) seeds in $corpus" >&2
