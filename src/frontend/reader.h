// Byte reader for the wasm binary format: bounds-checked bytes, LEB128 integers with the
// spec's limits, names, and the error that stops decoding.
//
// Depends on: wasmrust/result.h. Guarantees: never reads outside [begin, end); every
// malformed encoding (overlong LEB, unused bits set, bytes past the end, bad UTF-8) sets
// one Error with the module-relative byte offset and returns false. Single-byte LEBs take
// an inline fast path: most immediates in real code are below 128.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "wasmrust/result.h"

namespace wasmrust::frontend {

/// Where a decoding failure is recorded. The first error wins; later ones are ignored.
struct ErrorSink {
  Error error;
  bool failed = false;
  uint32_t func = kNoFunc;  ///< function being decoded, copied into errors

  bool fail(ErrorCode code, uint64_t offset, std::string message) {
    if (!failed) {
      failed = true;
      error.code = code;
      error.offset = offset;
      error.func = func;
      error.message = std::move(message);
    }
    return false;
  }
};

class Reader {
 public:
  Reader() = default;
  /// Read [begin, end); {base} is the module offset of {begin}. {eof} is the message for a
  /// read past {end} ("unexpected end" at top level, "unexpected end of section or function"
  /// inside a section).
  Reader(const uint8_t* begin, const uint8_t* end, uint64_t base, ErrorSink* sink,
         const char* eof = "unexpected end of section or function")
      : begin_(begin), p_(begin), end_(end), base_(base), sink_(sink), eof_(eof) {}

  const uint8_t* pos() const { return p_; }
  const uint8_t* end() const { return end_; }
  void set_pos(const uint8_t* p) { p_ = p; }
  uint64_t offset() const { return base_ + static_cast<uint64_t>(p_ - begin_); }
  uint64_t offset_of(const uint8_t* p) const { return base_ + static_cast<uint64_t>(p - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool at_end() const { return p_ >= end_; }
  ErrorSink* sink() const { return sink_; }

  bool fail(ErrorCode code, std::string message) { return sink_->fail(code, offset(), std::move(message)); }
  bool fail_at(const uint8_t* at, ErrorCode code, std::string message) {
    return sink_->fail(code, offset_of(at), std::move(message));
  }
  bool malformed(std::string message) { return fail(ErrorCode::kMalformed, std::move(message)); }
  bool eof() { return sink_->fail(ErrorCode::kMalformed, offset(), eof_); }

  bool read_u8(uint8_t* out) {
    if (p_ >= end_) return eof();
    *out = *p_++;
    return true;
  }
  bool read_u32(uint32_t* out) {
    if (p_ < end_ && *p_ < 0x80) {
      *out = *p_++;
      return true;
    }
    if (end_ - p_ >= 2 && p_[1] < 0x80) {  // two bytes: indices and offsets up to 16383
      *out = (p_[0] & 0x7Fu) | (uint32_t{p_[1]} << 7);
      p_ += 2;
      return true;
    }
    return read_u32_slow(out);
  }
  bool read_s32(int32_t* out) {
    if (p_ < end_ && *p_ < 0x80) {
      *out = static_cast<int32_t>(static_cast<uint32_t>(*p_++) << 25) >> 25;
      return true;
    }
    return read_s32_slow(out);
  }
  bool read_s64(int64_t* out);
  /// The signed 33-bit integer of block types (a type index when non-negative).
  bool read_s33(int64_t* out);
  bool read_fixed32(uint32_t* out) {
    if (remaining() < 4) {
      p_ = end_;
      return eof();
    }
    std::memcpy(out, p_, 4);
    p_ += 4;
    return true;
  }
  bool read_fixed64(uint64_t* out) {
    if (remaining() < 8) {
      p_ = end_;
      return eof();
    }
    std::memcpy(out, p_, 8);
    p_ += 8;
    return true;
  }
  bool read_bytes(size_t n, const uint8_t** out) {
    if (remaining() < n) {
      p_ = end_;
      return eof();
    }
    *out = p_;
    p_ += n;
    return true;
  }
  /// A vector count; each item takes at least one byte, so a count above the remaining
  /// bytes fails at once (and no count makes us reserve memory the input cannot back).
  bool read_count(uint32_t* out);
  /// vec(byte) holding valid UTF-8.
  bool read_name(std::string_view* out);
  bool skip(size_t n) {
    if (remaining() < n) {
      p_ = end_;
      return eof();
    }
    p_ += n;
    return true;
  }

 private:
  bool read_u32_slow(uint32_t* out);
  bool read_s32_slow(int32_t* out);
  /// Signed LEB128 of {kBits} bits (32, 33 or 64), sign-extended to 64 bits.
  template <int kBits>
  bool read_signed(int64_t* out);

  const uint8_t* begin_ = nullptr;
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint64_t base_ = 0;
  ErrorSink* sink_ = nullptr;
  const char* eof_ = "unexpected end";
};

/// True if [p, p+n) is valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(const uint8_t* p, size_t n);

}  // namespace wasmrust::frontend
