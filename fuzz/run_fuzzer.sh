#!/usr/bin/env bash
# run_fuzzer.sh FUZZER CORPUS_DIR SEED_DIR SECONDS: a bounded libFuzzer run from the seeds.
set -euo pipefail
fuzzer=$1 corpus=$2 seeds=$3 seconds=$4
mkdir -p "$corpus"
# A fuzzer may generate extra seeds (e.g. from the spec suite) with fuzz/<name>.seeds.sh.
gen="$(dirname "$0")/$(basename "$fuzzer").seeds.sh"
if [ -x "$gen" ] && [ -z "$(ls -A "$corpus")" ]; then "$gen" "$corpus" || true; fi
args=("$corpus")
[ -d "$seeds" ] && args+=("$seeds")
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${args[@]}"
