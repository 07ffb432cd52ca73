// Text form pieces: float spelling is exact for every bit pattern class, integer literals
// accept both ranges, strings escape and decode byte for byte, parse errors have positions.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "wasmir/parser.h"
#include "wasmir/text_util.h"

using namespace wasmrust;
using namespace wasmrust::ir;

TEST_CASE("every f32 and f64 bit pattern prints and parses back exactly") {
  std::mt19937_64 rng(42);
  for (int k = 0; k < 200000; ++k) {
    uint64_t r = rng();
    // Bias towards special exponents (0 and all ones: subnormals, infinities, NaNs).
    if (k % 4 == 1) r &= ~(uint64_t{0x7FF} << 52);
    if (k % 4 == 2) r |= uint64_t{0x7FF} << 52 | uint64_t{0xFF} << 23;
    uint32_t b32 = static_cast<uint32_t>(r >> (k % 7));
    if (k % 4 == 2) b32 |= 0x7F800000u;
    std::string s32, s64;
    append_f32(s32, b32);
    append_f64(s64, r);
    uint32_t back32 = 0;
    uint64_t back64 = 0;
    REQUIRE(parse_f32(s32, &back32));
    REQUIRE(parse_f64(s64, &back64));
    REQUIRE(back32 == b32);
    REQUIRE(back64 == r);
  }
}

TEST_CASE("float literals: hex floats, NaN payloads, signs, range") {
  uint32_t b;
  uint64_t d;
  REQUIRE(parse_f32("0x1.8p+1", &b));
  CHECK(b == 0x40400000u);
  REQUIRE(parse_f32("-nan:0x1", &b));
  CHECK(b == 0xFF800001u);
  REQUIRE(parse_f32("+inf", &b));
  CHECK(b == 0x7F800000u);
  REQUIRE(parse_f64("-0", &d));
  CHECK(d == 0x8000000000000000ull);
  CHECK_FALSE(parse_f32("nan:0x800000", &b));  // payload wider than the mantissa
  CHECK_FALSE(parse_f32("nan:0x0", &b));
  CHECK_FALSE(parse_f32("1e39", &b));
  CHECK_FALSE(parse_f64("1.5x", &d));
  CHECK_FALSE(parse_f64("", &d));
  std::string s;
  append_f32(s, 0x7FC00000u);
  CHECK(s == "nan");
}

TEST_CASE("integer literals take the signed and the unsigned range") {
  uint64_t v;
  REQUIRE(parse_int_bits("-1", 32, &v));
  CHECK(v == 0xFFFFFFFFu);
  REQUIRE(parse_int_bits("0xffff_ffff", 32, &v));
  CHECK(v == 0xFFFFFFFFu);
  REQUIRE(parse_int_bits("-2147483648", 32, &v));
  CHECK(v == 0x80000000u);
  CHECK_FALSE(parse_int_bits("-2147483649", 32, &v));
  CHECK_FALSE(parse_int_bits("4294967296", 32, &v));
  REQUIRE(parse_int_bits("18446744073709551615", 64, &v));
  CHECK(v == ~uint64_t{0});
  CHECK_FALSE(parse_int_bits("18446744073709551616", 64, &v));
  CHECK_FALSE(parse_int_bits("1__0", 64, &v));
}

TEST_CASE("strings round-trip every byte") {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  std::string quoted;
  append_quoted(quoted, all);
  for (char c : quoted) CHECK((c >= 0x20 && c < 0x7F));
  std::string back;
  REQUIRE(decode_string(std::string_view(quoted).substr(1, quoted.size() - 2), &back));
  CHECK(back == all);
  back.clear();
  REQUIRE(decode_string("\\u{1F600}\\t", &back));
  CHECK(back == "\xF0\x9F\x98\x80\t");
  CHECK_FALSE(decode_string("\\u{110000}", &back));
  CHECK_FALSE(decode_string("\\x", &back));
}

TEST_CASE("parse errors carry a line, a column and what was expected") {
  auto r = parse_module("type type0 = (i32) -> (i32)\nfunc func0 type0 (local0: i32) -> (i32) {\nblock0:\n  return v9\n}\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kParse);
  CHECK(r.error().line == 4);
  CHECK(r.error().column == 10);
  CHECK(r.error().message == "undefined value v9");
  auto s = parse_module("memory mem0 1\nmemory mem2 1\n");
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().to_string() == "2:8: expected mem1, found 'mem2'");
}
