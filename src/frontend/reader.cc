// Reader: the slow paths of LEB128 decoding, names and UTF-8 checking.
#include "frontend/reader.h"

namespace wasmrust::frontend {

bool Reader::read_u32_slow(uint32_t* out) {
  uint32_t result = 0;
  for (int i = 0; i < 5; ++i) {
    if (p_ >= end_) return eof();
    uint8_t b = *p_++;
    if (i == 4) {
      if (b & 0x80) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer representation too long");
      if (b & 0x70) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer too large");
    }
    result |= static_cast<uint32_t>(b & 0x7F) << (7 * i);
    if (!(b & 0x80)) break;
  }
  *out = result;
  return true;
}

template <int kBits>
bool Reader::read_signed(int64_t* out) {
  constexpr int kMaxBytes = (kBits + 6) / 7;
  constexpr int kLastBits = kBits - 7 * (kMaxBytes - 1);  // value bits in the last byte
  // In the last byte, the sign bit and every unused bit above it must be equal.
  constexpr uint8_t kSignAndUnused = static_cast<uint8_t>(0x7F << (kLastBits - 1)) & 0x7F;
  uint64_t result = 0;
  int shift = 0;
  for (int i = 0; i < kMaxBytes; ++i) {
    if (p_ >= end_) return eof();
    uint8_t b = *p_++;
    if (i == kMaxBytes - 1) {
      if (b & 0x80) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer representation too long");
      uint8_t high = b & kSignAndUnused;
      if (high != 0 && high != kSignAndUnused) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer too large");
    }
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    shift += 7;
    if (!(b & 0x80)) break;
  }
  if (shift < 64 && (result >> (shift - 1)) & 1) result |= ~uint64_t{0} << shift;  // sign-extend
  *out = static_cast<int64_t>(result);
  return true;
}

bool Reader::read_s32_slow(int32_t* out) {
  int64_t v = 0;
  if (!read_signed<32>(&v)) return false;
  *out = static_cast<int32_t>(v);
  return true;
}

bool Reader::read_s64(int64_t* out) {
  if (p_ < end_ && *p_ < 0x80) {
    *out = static_cast<int64_t>(static_cast<uint64_t>(*p_++) << 57) >> 57;
    return true;
  }
  return read_signed<64>(out);
}

bool Reader::read_s33(int64_t* out) { return read_signed<33>(out); }

bool Reader::read_count(uint32_t* out) {
  if (!read_u32(out)) return false;
  if (*out > remaining()) {
    // The items cannot all fit: report it as running off the end, where it would fail.
    p_ = end_;
    return eof();
  }
  return true;
}

bool Reader::read_name(std::string_view* out) {
  uint32_t len = 0;
  if (!read_u32(&len)) return false;
  if (len > remaining()) {
    p_ = end_;
    return eof();
  }
  if (!valid_utf8(p_, len)) return malformed("malformed UTF-8 encoding");
  *out = std::string_view(reinterpret_cast<const char*>(p_), len);
  p_ += len;
  return true;
}

bool valid_utf8(const uint8_t* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t len;
    if ((b & 0xE0) == 0xC0) {
      cp = b & 0x1F;
      len = 2;
    } else if ((b & 0xF0) == 0xE0) {
      cp = b & 0x0F;
      len = 3;
    } else if ((b & 0xF8) == 0xF0) {
      cp = b & 0x07;
      len = 4;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      uint8_t c = p[i + k];
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace wasmrust::frontend
