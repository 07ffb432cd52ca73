#!/usr/bin/env bash
# Build the example programs to wasm32-wasi with Debian's toolchains:
#   C:    clang-14 --target=wasm32-wasi (wasi-libc from Debian's wasi-libc package)
#   Rust: Debian's /usr/bin/rustc with libstd-rust-dev-wasm32 (not a rustup toolchain)
# Each program in a debug build (-O0: the dev-build case) and a release build.
# usage: examples/build.sh [OUT_DIR [NAME...]]   (default build/examples, every program)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../build/examples}
mkdir -p "$out"
RUSTC=/usr/bin/rustc
CC=clang-14

build_c() {  # name
  local src=$here/c/$1.c
  for mode in debug release; do
    local dst=$out/$1-$mode.wasm flags="-O2"
    [ $mode = debug ] && flags="-O0"
    if [ ! -f "$dst" ] || [ "$src" -nt "$dst" ]; then
      $CC --target=wasm32-wasi $flags -Wall -Wextra -Werror "$src" -o "$dst"
    fi
  done
}

build_rust() {  # name
  local src=$here/rust/$1.rs
  for mode in debug release; do
    local dst=$out/$1-$mode.wasm opt=3
    [ $mode = debug ] && opt=0
    if [ ! -f "$dst" ] || [ "$src" -nt "$dst" ]; then
      $RUSTC --edition 2021 --target wasm32-wasi -C opt-level=$opt -C strip=debuginfo "$src" -o "$dst"
    fi
  done
}

shift || true
names=("$@")
[ ${#names[@]} -eq 0 ] && names=(json sha256 interp textproc)
for n in "${names[@]}"; do
  if [ -f "$here/c/$n.c" ]; then build_c "$n"
  elif [ -f "$here/rust/$n.rs" ]; then build_rust "$n"
  else echo "examples/build.sh: no program $n" >&2; exit 2
  fi
done
ls "$out"/*.wasm
