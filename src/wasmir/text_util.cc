// Exact float spelling, integer literals and string escapes for the WasmIR text form.
#include "wasmir/text_util.h"

#include <bit>
#include <cctype>
#include <charconv>
#include <cstring>
#include <system_error>

namespace wasmrust::ir {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v, 16);
  out.append("0x");
  out.append(buf, r.ptr);
}

// {payload} is the mantissa of a NaN; {canonical} the quiet-NaN payload printed as "nan".
void append_nan(std::string& out, bool neg, uint64_t payload, uint64_t canonical) {
  if (neg) out.push_back('-');
  out.append("nan");
  if (payload != canonical) {
    out.push_back(':');
    append_hex(out, payload);
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Splits an optional sign off {text}; true if negative.
bool take_sign(std::string_view* text) {
  if (text->empty()) return false;
  char c = text->front();
  if (c == '+' || c == '-') {
    text->remove_prefix(1);
    return c == '-';
  }
  return false;
}

// Copies {text} without `_` separators into {buf} (which holds 128 chars); false if too
// long or a separator is not between two digits.
bool strip_underscores(std::string_view text, char* buf, size_t* len) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      bool ok = i > 0 && i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i - 1])) &&
                std::isxdigit(static_cast<unsigned char>(text[i + 1]));
      if (!ok) return false;
      continue;
    }
    if (n >= 127) return false;
    buf[n++] = c;
  }
  *len = n;
  return true;
}

// Parses the magnitude of a float literal (no sign, not inf/nan) as type T.
template <typename T>
bool parse_float_magnitude(std::string_view text, T* out) {
  char buf[128];
  size_t n = 0;
  if (!strip_underscores(text, buf, &n) || n == 0) return false;
  const char* p = buf;
  const char* end = buf + n;
  std::chars_format fmt = std::chars_format::general;
  if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    p += 2;
    fmt = std::chars_format::hex;
  }
  // from_chars accepts "inf"/"nan" and a leading '-'; the caller has taken those.
  if (p == end || !(std::isxdigit(static_cast<unsigned char>(*p)) || *p == '.')) return false;
  T v{};
  auto r = std::from_chars(p, end, v, fmt);
  if (r.ec != std::errc() || r.ptr != end) return false;
  *out = v;
  return true;
}

template <typename T, typename Bits>
bool parse_float(std::string_view text, Bits* bits, unsigned mant_bits) {
  bool neg = take_sign(&text);
  const Bits sign = Bits{1} << (sizeof(Bits) * 8 - 1);
  const Bits exp_all = (sign - 1) & ~((Bits{1} << mant_bits) - 1);
  const Bits mant_mask = (Bits{1} << mant_bits) - 1;
  Bits b;
  if (text == "inf") {
    b = exp_all;
  } else if (text == "nan") {
    b = exp_all | (Bits{1} << (mant_bits - 1));
  } else if (text.starts_with("nan:0x")) {
    uint64_t payload;
    if (!parse_u64(text.substr(4), &payload) || payload == 0 || payload > mant_mask) return false;
    b = exp_all | static_cast<Bits>(payload);
  } else {
    T v;
    if (!parse_float_magnitude(text, &v)) return false;
    b = std::bit_cast<Bits>(v);
  }
  *bits = neg ? (b | sign) : b;
  return true;
}

}  // namespace

void append_u64(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_i64(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_f32(std::string& out, uint32_t bits) {
  bool neg = bits >> 31;
  uint32_t exp = (bits >> 23) & 0xFF, mant = bits & 0x7FFFFF;
  if (exp == 0xFF) {
    if (mant == 0) {
      out.append(neg ? "-inf" : "inf");
    } else {
      append_nan(out, neg, mant, 0x400000);
    }
    return;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, std::bit_cast<float>(bits));
  out.append(buf, r.ptr);
}

void append_f64(std::string& out, uint64_t bits) {
  bool neg = bits >> 63;
  uint64_t exp = (bits >> 52) & 0x7FF, mant = bits & 0xFFFFFFFFFFFFFull;
  if (exp == 0x7FF) {
    if (mant == 0) {
      out.append(neg ? "-inf" : "inf");
    } else {
      append_nan(out, neg, mant, 0x8000000000000ull);
    }
    return;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, std::bit_cast<double>(bits));
  out.append(buf, r.ptr);
}

bool parse_f32(std::string_view text, uint32_t* bits) { return parse_float<float, uint32_t>(text, bits, 23); }
bool parse_f64(std::string_view text, uint64_t* bits) { return parse_float<double, uint64_t>(text, bits, 52); }

bool parse_u64(std::string_view text, uint64_t* out) {
  unsigned base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return false;
  uint64_t v = 0;
  bool prev_digit = false;
  for (char c : text) {
    if (c == '_') {
      if (!prev_digit) return false;
      prev_digit = false;
      continue;
    }
    int d = hex_digit(c);
    if (d < 0 || static_cast<unsigned>(d) >= base) return false;
    if (v > (UINT64_MAX - d) / base) return false;
    v = v * base + d;
    prev_digit = true;
  }
  if (!prev_digit) return false;
  *out = v;
  return true;
}

bool parse_int_bits(std::string_view text, unsigned bits, uint64_t* out) {
  bool neg = take_sign(&text);
  uint64_t mag;
  if (!parse_u64(text, &mag)) return false;
  uint64_t umax = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  uint64_t neg_max = uint64_t{1} << (bits - 1);  // |INT_MIN|
  if (neg ? mag > neg_max : mag > umax) return false;
  uint64_t v = neg ? (0 - mag) : mag;
  *out = v & umax;
  return true;
}

void append_quoted(std::string& out, std::string_view bytes) {
  out.push_back('"');
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c >= 0x20 && c < 0x7F) {
      out.push_back(ch);
    } else {
      out.push_back('\\');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  out.push_back('"');
}

namespace {
void append_utf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes `\u{hex}` starting after the `u`; returns the length consumed or 0.
size_t decode_unicode_escape(std::string_view s, std::string* out) {
  if (s.empty() || s[0] != '{') return 0;
  size_t close = s.find('}');
  if (close == std::string_view::npos || close == 1 || close > 9) return 0;
  uint64_t cp = 0;
  for (char c : s.substr(1, close - 1)) {
    int d = hex_digit(c);
    if (d < 0) return 0;
    cp = cp * 16 + static_cast<uint64_t>(d);
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) return 0;
  append_utf8(out, static_cast<uint32_t>(cp));
  return close + 1;
}
}  // namespace

bool decode_string(std::string_view body, std::string* out) {
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (++i >= body.size()) return false;
    char e = body[i];
    switch (e) {
      case 't': out->push_back('\t'); continue;
      case 'n': out->push_back('\n'); continue;
      case 'r': out->push_back('\r'); continue;
      case '"': case '\'': case '\\': out->push_back(e); continue;
      case 'u': {
        size_t n = decode_unicode_escape(body.substr(i + 1), out);
        if (n == 0) return false;
        i += n;
        continue;
      }
      default: {
        int hi = hex_digit(e);
        int lo = i + 1 < body.size() ? hex_digit(body[i + 1]) : -1;
        if (hi < 0 || lo < 0) return false;
        out->push_back(static_cast<char>(hi * 16 + lo));
        ++i;
        continue;
      }
    }
  }
  return true;
}

}  // namespace wasmrust::ir
