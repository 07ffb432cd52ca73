#!/usr/bin/env bash
# Idempotent machine setup: apt-installs whatever this project needs that is missing.
# With everything present it only queries dpkg (a second or two) and touches nothing.
set -euo pipefail

PKGS=(
  cmake ninja-build g++ pkg-config git python3
  libxbyak-dev libzydis-dev wabt libtbb-dev libspdlog-dev libfmt-dev catch2
  libbenchmark-dev libcli11-dev binaryen
  clang-14 lld-14 llvm-14-dev libclang-rt-14-dev libclang-rt-14-dev-wasm32 wasi-libc
  rustc cargo libstd-rust-dev-wasm32
  nodejs valgrind linux-perf hyperfine
  librust-regex-dev librust-serde-dev librust-serde-derive-dev librust-serde-json-dev
  librust-pulldown-cmark-dev librust-miniz-oxide-dev librust-sha2-dev
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
