// Real-program inputs shared by the benchmarks: the folder of .wasm files that
// examples/build.sh fills ($WR_BENCH_WASM_DIR, default build/examples) and whole-file reads.
// Depends on WR_SOURCE_DIR (set by bench/CMakeLists.txt). Header-only; benchmarks only.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace wasmrust::bench {

/// Every .wasm file of the real-programs folder, sorted; empty (with a note on stderr naming
/// `who`) when the folder does not exist.
inline std::vector<std::filesystem::path> real_program_files(const char* who) {
  const char* env = std::getenv("WR_BENCH_WASM_DIR");
  std::filesystem::path dir = env ? env : std::filesystem::path(WR_SOURCE_DIR) / "build" / "examples";
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr, "%s: no real programs in %s (run examples/build.sh)\n", who, dir.c_str());
    return files;
  }
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".wasm") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

/// The whole file as bytes (empty if it cannot be read).
inline std::vector<uint8_t> read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace wasmrust::bench
