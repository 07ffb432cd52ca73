#!/usr/bin/env bash
# `wasmrust run` and the CLI end to end on the small programs in wat/: traps (kind, function
# names and offsets on stderr, exit 134), --invoke (parameters parsed by type, results as
# wasmtime prints them), WASI args/environ/proc_exit, reactors, every preview1 import
# linking, sandbox escapes and bad pointers seen from wasm, bad input, --timings, compile
# --target x64, and --help of every subcommand.
# usage: cli_test.sh WASMRUST TEST_SOURCE_DIR WORK_DIR
set -uo pipefail
W=$1 src=$2/wat work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect NAME WANT_STATUS WANT_STDOUT -- COMMAND...: runs COMMAND, compares status and stdout.
expect() {
  local name=$1 want_status=$2 want_out=$3
  shift 4
  "$@" >"$work/out" 2>"$work/err"
  local status=$?
  local out
  out=$(tr '\0' '|' <"$work/out")
  if [ "$status" != "$want_status" ]; then
    fail "$name: exit status $status, want $want_status"; cat "$work/err"
  elif [ "$out" != "$want_out" ]; then
    fail "$name: stdout '$out', want '$want_out'"; cat "$work/err"
  else
    echo "ok: $name"
  fi
}
# stderr_has NAME PATTERN: the last command's stderr matches the extended regex PATTERN.
stderr_has() {
  if ! grep -Eq -- "$2" "$work/err"; then fail "$1: stderr lacks /$2/:"; cat "$work/err"; fi
}

# ---- traps ----
expect "trap in _start" 134 "" -- "$W" run "$src/trap.wat"
stderr_has "trap in _start" 'wasm trap: wasm `unreachable` instruction executed'
stderr_has "trap in _start" '^ +0: +0x[0-9a-f]+ - .*trap.wat!boom$'
stderr_has "trap in _start" '^ +1: +0x[0-9a-f]+ - .*trap.wat!'
expect "trap under --invoke" 134 "" -- "$W" run --invoke div "$src/trap.wat" 5
stderr_has "trap under --invoke" 'wasm trap: integer divide by zero'
stderr_has "trap under --invoke" '0: +0x[0-9a-f]+ - .*!inner$'
stderr_has "trap under --invoke" '1: +0x[0-9a-f]+ - .*!div$'

# ---- --invoke ----
expect "invoke i64" 0 "9223372036854775804" -- "$W" run --invoke add64 "$src/trap.wat" -5 -9223372036854775807
expect "invoke hex" 0 "19" -- "$W" run --invoke add64 "$src/trap.wat" 0x10 3
expect "invoke floats" 0 "1.5
100000000000000000000" -- "$W" run --invoke floats "$src/trap.wat" 1.5 1e20
expect "invoke small floats" 0 "0.1
0.0000001" -- "$W" run --invoke floats "$src/trap.wat" 0.1 1e-7
expect "invoke special floats" 0 "-inf
NaN" -- "$W" run --invoke floats "$src/trap.wat" -inf nan
expect "invoke no results" 0 "" -- "$W" run --invoke none "$src/trap.wat"
expect "invoke too few args" 1 "" -- "$W" run --invoke add64 "$src/trap.wat" 1
stderr_has "invoke too few args" 'not enough arguments'
expect "invoke bad arg" 1 "" -- "$W" run --invoke add64 "$src/trap.wat" 1 x
stderr_has "invoke bad arg" "invalid i64 argument 'x'"
expect "invoke missing export" 1 "" -- "$W" run --invoke nope "$src/trap.wat"
stderr_has "invoke missing export" 'no function export named `nope`'

# ---- WASI command, environment, exit code; reactor ----
expect "args and proc_exit" 7 "$src/args.wat|a|b c|--env|X|" -- "$W" run "$src/args.wat" a "b c" --env X
expect "env" 7 "$src/args.wat|K=V|E=|" -- "$W" run --env K=V --env E= "$src/args.wat"
expect "bad --env" 1 "" -- "$W" run --env NOEQUALS "$src/args.wat"
expect "reactor _initialize" 0 "42" -- "$W" run --invoke get "$src/reactor.wat"
expect "every preview1 import links" 0 "0" -- "$W" run --invoke yield "$src/all_imports.wat"
expect "proc_raise is ENOSYS" 0 "52" -- "$W" run --invoke raise "$src/all_imports.wat"

# ---- the sandbox and guest pointers, from wasm ----
mkdir -p "$work/pre" && echo "hello inside" >"$work/pre/inside.txt" && echo secret >"$work/outside.txt"
for call in escape_dotdot escape_absolute; do
  expect "$call: ENOTCAPABLE" 0 "76" -- "$W" run --dir "$work/pre" --invoke $call "$src/calls.wat"
done
expect "iovec past memory: EFAULT" 0 "21" -- "$W" run --dir "$work/pre" --invoke bad_iovec "$src/calls.wat"
expect "path past memory: EFAULT" 0 "21" -- "$W" run --dir "$work/pre" --invoke bad_path "$src/calls.wat"
expect "sock_accept: ENOSYS" 0 "52" -- "$W" run --dir "$work/pre" --invoke nosys "$src/calls.wat"
expect "read inside the preopen" 0 "13" -- "$W" run --dir "$work/pre::/data" --invoke read_inside "$src/calls.wat"
expect "missing --dir" 1 "" -- "$W" run --dir "$work/no-such-dir" --invoke nosys "$src/calls.wat"
stderr_has "missing --dir" 'cannot open directory'

# ---- bad input ----
expect "missing file" 1 "" -- "$W" run "$work/no-such.wasm"
stderr_has "missing file" 'no-such.wasm'
printf '\0asm\1\0\0\0\1\5' >"$work/truncated.wasm"
expect "malformed module" 1 "" -- "$W" run "$work/truncated.wasm"
stderr_has "malformed module" 'failed to compile'
printf '(module (func (export "f") (result i32) f32.const 1))' >"$work/invalid.wat"
expect "invalid module" 1 "" -- "$W" run --invoke f "$work/invalid.wat"
printf '(module (import "env" "f" (func)))' >"$work/import.wat"
expect "unknown import" 1 "" -- "$W" run "$work/import.wat"
stderr_has "unknown import" 'env'
expect "no file" 1 "" -- "$W" run

# ---- --timings, compile --target x64 ----
expect "run --timings" 0 "42" -- "$W" run --timings --invoke get "$src/reactor.wat"
for phase in decode compile instantiate run; do stderr_has "run --timings" "^$phase: [0-9]+\.[0-9]+ ms$"; done
expect "compile x64" 0 "" -- sh -c "'$W' compile '$src/trap.wat' --target x64 --timings | grep -Eq '^tier-1: 7 functions, [0-9]+ code bytes in [0-9.]+ ms \([0-9.]+ MB/s\)$'"
expect "compile x64 bad input" 1 "" -- "$W" compile "$work/truncated.wasm" --target x64

# ---- --help ----
for cmd in run compile wast validate ir disasm; do
  expect "$cmd --help" 0 "" -- sh -c "'$W' $cmd --help | grep -q 'Usage:'"
done

if [ $failures -ne 0 ]; then
  echo "$failures FAILED"
  exit 1
fi
echo "all passed"
