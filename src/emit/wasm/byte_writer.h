// A growable byte buffer with the wasm binary format's primitive encodings (LEB128, names,
// size-prefixed regions).
//
// Depends on nothing but the standard library. Guarantees: LEB128 output is minimal (the
// shortest encoding); a size-prefixed region is patched to a minimal length prefix by moving
// its contents once, so writing a region costs O(its size).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace wasmrust::emit {

class ByteWriter {
 public:
  ByteWriter() = default;
  explicit ByteWriter(std::vector<uint8_t>&& storage) : buf_(std::move(storage)) { buf_.clear(); }

  size_t size() const { return n_; }
  const uint8_t* data() const { return buf_.data(); }
  uint8_t* data() { return buf_.data(); }
  void clear() { n_ = 0; }
  void reserve(size_t n) { if (buf_.size() < n) buf_.resize(n); }

  void byte(uint8_t b) {
    ensure(1);
    buf_[n_++] = b;
  }
  void bytes(const void* p, size_t len) {
    if (len == 0) return;
    ensure(len);
    std::memcpy(buf_.data() + n_, p, len);
    n_ += len;
  }
  void u32(uint32_t v) { u64(v); }
  void u64(uint64_t v) {
    ensure(10);
    uint8_t* p = buf_.data() + n_;
    while (v >= 0x80) {
      *p++ = static_cast<uint8_t>(v | 0x80);
      v >>= 7;
    }
    *p++ = static_cast<uint8_t>(v);
    n_ = static_cast<size_t>(p - buf_.data());
  }
  void s32(int32_t v) { s64(v); }
  void s64(int64_t v) {
    ensure(10);
    uint8_t* p = buf_.data() + n_;
    for (;;) {
      uint8_t b = static_cast<uint8_t>(v & 0x7F);
      v >>= 7;  // arithmetic shift (C++20)
      if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
        *p++ = b;
        break;
      }
      *p++ = b | 0x80;
    }
    n_ = static_cast<size_t>(p - buf_.data());
  }
  void fixed32(uint32_t v) { bytes(&v, 4); }  // little-endian host (x86-64)
  void fixed64(uint64_t v) { bytes(&v, 8); }
  /// A wasm `name`: length then UTF-8 bytes.
  void name(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }

  /// Start a region whose byte length is written in front of it; end it with end_sized().
  size_t begin_sized() {
    ensure(5);
    size_t at = n_;
    n_ += 5;
    return at;
  }
  /// Write the region's length as a minimal LEB128 and close the gap left for it.
  void end_sized(size_t at) { patch_leb(at, n_ - at - 5); }
  /// Fill the 5-byte gap left by begin_sized() at {at} with {value} as a minimal LEB128
  /// (for counts known only after the entries are written).
  void patch_leb(size_t at, uint32_t value) {
    size_t len = n_ - at - 5;
    uint8_t leb[5];
    size_t k = 0;
    uint32_t v = value;
    do {
      uint8_t b = static_cast<uint8_t>(v & 0x7F);
      v >>= 7;
      leb[k++] = v ? (b | 0x80) : b;
    } while (v);
    if (k < 5) std::memmove(buf_.data() + at + k, buf_.data() + at + 5, len);
    std::memcpy(buf_.data() + at, leb, k);
    n_ -= 5 - k;
  }
  /// Insert {len} bytes at offset {at}, moving what follows.
  void insert(size_t at, const void* p, size_t len) {
    ensure(len);
    std::memmove(buf_.data() + at + len, buf_.data() + at, n_ - at);
    std::memcpy(buf_.data() + at, p, len);
    n_ += len;
  }
  /// Drop everything written after the first {n} bytes.
  void truncate(size_t n) { n_ = n; }

  /// Move the written bytes out (the writer is empty afterwards).
  std::vector<uint8_t> take() {
    buf_.resize(n_);
    n_ = 0;
    return std::move(buf_);
  }

 private:
  void ensure(size_t k) {
    if (n_ + k > buf_.size()) buf_.resize(std::max(buf_.size() * 2, n_ + k + 256));
  }

  std::vector<uint8_t> buf_;
  size_t n_ = 0;
};

}  // namespace wasmrust::emit
