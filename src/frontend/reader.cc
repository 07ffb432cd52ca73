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

bool Reader::read_s32_slow(int32_t* out) {
  uint32_t result = 0;
  for (int i = 0; i < 5; ++i) {
    if (p_ >= end_) return eof();
    uint8_t b = *p_++;
    if (i == 4) {
      if (b & 0x80) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer representation too long");
      // Bits 4-6 of the last byte lie past bit 31: they must repeat the sign bit (bit 3).
      uint8_t high = b & 0x78;
      if (high != 0 && high != 0x78) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer too large");
      result |= static_cast<uint32_t>(b & 0x0F) << 28;
      break;
    }
    result |= static_cast<uint32_t>(b & 0x7F) << (7 * i);
    if (!(b & 0x80)) {
      int shift = 7 * (i + 1);
      if (b & 0x40) result |= ~uint32_t{0} << shift;  // sign-extend
      break;
    }
  }
  *out = static_cast<int32_t>(result);
  return true;
}

bool Reader::read_s64(int64_t* out) {
  if (p_ < end_ && *p_ < 0x80) {
    *out = static_cast<int64_t>(static_cast<uint64_t>(*p_++) << 57) >> 57;
    return true;
  }
  uint64_t result = 0;
  for (int i = 0; i < 10; ++i) {
    if (p_ >= end_) return eof();
    uint8_t b = *p_++;
    if (i == 9) {
      if (b & 0x80) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer representation too long");
      // Only bit 0 of the tenth byte is a value bit (bit 63); the rest repeat it.
      uint8_t high = b & 0x7F;
      if (high != 0 && high != 0x7F) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer too large");
      result |= static_cast<uint64_t>(b & 1) << 63;
      break;
    }
    result |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
    if (!(b & 0x80)) {
      int shift = 7 * (i + 1);
      if ((b & 0x40) && shift < 64) result |= ~uint64_t{0} << shift;
      break;
    }
  }
  *out = static_cast<int64_t>(result);
  return true;
}

bool Reader::read_s33(int64_t* out) {
  uint64_t result = 0;
  for (int i = 0; i < 5; ++i) {
    if (p_ >= end_) return eof();
    uint8_t b = *p_++;
    if (i == 4) {
      if (b & 0x80) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer representation too long");
      // Bits 5-6 of the last byte lie past bit 32: they must repeat the sign bit (bit 4).
      uint8_t high = b & 0x70;
      if (high != 0 && high != 0x70) return fail_at(p_ - 1, ErrorCode::kMalformed, "integer too large");
      result |= static_cast<uint64_t>(b & 0x1F) << 28;
      if (b & 0x10) result |= ~uint64_t{0} << 33;
      break;
    }
    result |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
    if (!(b & 0x80)) {
      if (b & 0x40) result |= ~uint64_t{0} << (7 * (i + 1));
      break;
    }
  }
  *out = static_cast<int64_t>(result);
  return true;
}

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
