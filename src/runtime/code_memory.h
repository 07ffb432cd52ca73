// Executable memory with W^X: pages are mapped read-write, filled, then flipped to
// read-execute and never written again.
//
// Depends on: POSIX mmap/mprotect. Guarantees: no page is ever writable and executable at
// once; the mapping is released by the destructor.
#pragma once

#include <cstddef>
#include <cstdint>

#include "wasmrust/result.h"

namespace wasmrust::rt {

class CodeMemory {
 public:
  CodeMemory() = default;
  CodeMemory(CodeMemory&& o) noexcept { *this = static_cast<CodeMemory&&>(o); }
  CodeMemory& operator=(CodeMemory&& o) noexcept;
  CodeMemory(const CodeMemory&) = delete;
  CodeMemory& operator=(const CodeMemory&) = delete;
  ~CodeMemory();

  /// Map {size} bytes read-write (rounded up to pages). kLimit if the mapping fails.
  static Result<CodeMemory> allocate(size_t size);

  /// Writable view while not yet executable.
  uint8_t* data() { return executable_ ? nullptr : base_; }
  const uint8_t* base() const { return base_; }
  size_t size() const { return size_; }
  bool executable() const { return executable_; }

  /// Flip the pages to read-execute. After this the memory is read-only.
  Status make_executable();

 private:
  uint8_t* base_ = nullptr;
  size_t size_ = 0;      // requested bytes
  size_t mapped_ = 0;    // mapped bytes (page multiple)
  bool executable_ = false;
};

}  // namespace wasmrust::rt
