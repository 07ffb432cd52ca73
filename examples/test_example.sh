#!/usr/bin/env bash
# One example program (examples/build.sh builds them) in one build mode under `wasmrust run`
# and under node's WASI (examples/node-wasi.mjs): stdout and exit status must be equal, for
# each argument set below. Then `wasm-interp --wasi` the same way where this wabt has WASI
# (Debian's is built without it: that is detected and reported, not counted as a pass).
# Exit 77 (ctest: skipped) with a loud message when a toolchain or node is missing.
# usage: test_example.sh WASMRUST EXAMPLES_OUT NAME MODE
set -uo pipefail
W=$1 out=$2 name=$3 mode=$4
here=$(cd "$(dirname "$0")" && pwd)
wasm=$out/$name-$mode.wasm
case "$name" in
  json | sha256)
    if ! command -v clang-14 >/dev/null || [ ! -f /usr/lib/wasm32-wasi/libc.a ]; then
      echo "SKIPPED: clang-14 or wasi-libc (Debian packages clang-14, wasi-libc) missing: cannot build $name"
      exit 77
    fi ;;
  *)
    if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/wasm32-wasi ]; then
      echo "SKIPPED: /usr/bin/rustc or its wasm32-wasi std (Debian packages rustc, libstd-rust-dev-wasm32) missing: cannot build $name"
      exit 77
    fi ;;
esac
if ! command -v node >/dev/null; then
  echo "SKIPPED: node is not installed: nothing to compare wasmrust run with"
  exit 77
fi
mkdir -p "$out"
# Tests run in parallel: one build at a time (build.sh skips what is up to date).
flock "$out/.build.lock" "$here/build.sh" "$out" "$name" >/dev/null || { echo "FAIL: building $name"; exit 1; }

# The argument sets: debug builds get lighter work (the -O0 code is 10-50x slower).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree/sub" && printf 'alpha\n' >"$work/tree/a.txt" && printf 'beta\n' >"$work/tree/sub/b.txt"
ln -s /etc/hostname "$work/tree/link-out"
runs=()
case "$name-$mode" in
  json-debug) runs=("5") ;;
  json-release) runs=("" "50") ;;
  sha256-debug) runs=("bench 1") ;;
  sha256-release) runs=("" "bench 16") ;;
  interp-debug) runs=("0") ;;
  interp-release) runs=("" "2") ;;
  textproc-debug) runs=("1000") ;;
  textproc-release) runs=("" "20000") ;;
  *) echo "FAIL: no argument sets for $name-$mode"; exit 1 ;;
esac
declare -a dirs=()
if [ "$name" = sha256 ]; then
  # The tree mode walks preopens: a symlink to outside (must fail to stat in both), and
  # `..` / absolute paths that must fail to open. (A relative symlink that stays inside is
  # left out: node's uvwasi refuses `sub/link -> ../a.txt`, which wasmtime and wasmrust
  # follow; tests/unit/wasi covers those.)
  runs+=("tree data" "tree data/sub data" "tree data/.." "tree /etc" "tree data/../..")
  dirs=(--dir "$work/tree::data")
fi

failures=0
# compare ARGS: runs the program with ARGS (split on spaces) under both engines.
compare() {
  local args=$1
  # shellcheck disable=SC2086
  "$W" run "${dirs[@]}" "$wasm" $args >"$work/wr.out" 2>"$work/wr.err"
  local wr_status=$?
  # shellcheck disable=SC2086
  node --no-warnings "$here/node-wasi.mjs" "${dirs[@]}" "$wasm" $args >"$work/node.out" 2>"$work/node.err"
  local node_status=$?
  if [ $wr_status -ne $node_status ] || ! cmp -s "$work/wr.out" "$work/node.out"; then
    echo "FAIL: $name-$mode $args: wasmrust exit $wr_status, node exit $node_status"
    diff "$work/wr.out" "$work/node.out" | head -20
    echo "-- wasmrust stderr:"; head -20 "$work/wr.err"
    failures=$((failures + 1))
  else
    echo "same: $name-$mode ${args:-(no args)}: exit $wr_status, $(wc -l <"$work/wr.out") lines, $(tail -1 "$work/wr.out")"
  fi
}
for args in "${runs[@]}"; do compare "$args"; done

# wasm-interp --wasi, where this wabt has it.
if command -v wasm-interp >/dev/null; then
  probe=$(wasm-interp --wasi "$wasm" 2>&1 | head -1)
  if [ "$probe" = "wasi support not compiled in" ]; then
    echo "NOTE: wasm-interp has no WASI here ('$probe'; Debian builds wabt without uvwasi): not compared"
  else
    args=${runs[0]}  # never a tree run: no preopens needed
    # shellcheck disable=SC2086
    wasm-interp --wasi "$wasm" -- $args >"$work/interp.out" 2>/dev/null
    # shellcheck disable=SC2086
    "$W" run "$wasm" $args >"$work/wr.out" 2>/dev/null
    if cmp -s "$work/interp.out" "$work/wr.out"; then echo "same under wasm-interp --wasi"
    else echo "FAIL: wasm-interp --wasi differs"; failures=$((failures + 1)); fi
  fi
else
  echo "NOTE: wasm-interp is not installed: not compared"
fi
[ $failures -eq 0 ] || { echo "$failures FAILED"; exit 1; }
echo "passed"
