// Test helpers: WebAssembly text to bytes (through wabt), and a tiny byte writer for
// hand-made sections (custom sections, malformed encodings).
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wasmir/module.h"
#include "wasmrust/frontend.h"

namespace wasmrust::testing {

/// WebAssembly text to a binary; fails the test on a parse error.
inline std::vector<uint8_t> wat(std::string_view text) {
  auto r = wat_to_wasm(text, "test.wat");
  if (!r.ok()) FAIL("wat: " << r.error().to_string());
  return std::move(r).value();
}

/// Decode text; fails the test if the module is rejected.
inline ir::Module decode_wat(std::string_view text, const FrontendOptions& options = {}) {
  ir::Module m;
  Status s = decode_wasm(wat(text), &m, options);
  if (!s.ok()) FAIL("decode: " << s.error().to_string());
  return m;
}

/// The error decoding {bytes} gives (fails the test if it decodes).
inline Error decode_error(const std::vector<uint8_t>& bytes, const FrontendOptions& options = {}) {
  ir::Module m;
  Status s = decode_wasm(bytes, &m, options);
  if (s.ok()) FAIL("expected an error");
  return s.error();
}

struct Bytes {
  std::vector<uint8_t> b;
  Bytes& u8(uint8_t v) {
    b.push_back(v);
    return *this;
  }
  Bytes& u32(uint32_t v) {
    do {
      uint8_t byte = v & 0x7F;
      v >>= 7;
      if (v) byte |= 0x80;
      b.push_back(byte);
    } while (v);
    return *this;
  }
  Bytes& name(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  Bytes& raw(const std::vector<uint8_t>& v) {
    b.insert(b.end(), v.begin(), v.end());
    return *this;
  }
  /// A section {id} holding {contents}.
  Bytes& section(uint8_t id, const Bytes& contents) {
    u8(id).u32(static_cast<uint32_t>(contents.b.size()));
    return raw(contents.b);
  }
  /// A custom section {name} holding {contents}.
  Bytes& custom(std::string_view n, const Bytes& contents) {
    Bytes body;
    body.name(n).raw(contents.b);
    return section(0, body);
  }
};

}  // namespace wasmrust::testing

namespace wasmrust::testing {

/// {module} with {extra} (whole sections) inserted before its code section (or at the end).
inline std::vector<uint8_t> insert_before_code(const std::vector<uint8_t>& module, const Bytes& extra) {
  size_t pos = 8;
  while (pos < module.size()) {
    if (module[pos] == 10) break;
    size_t p = pos + 1;
    uint32_t size = 0;
    for (int shift = 0;; shift += 7) {
      uint8_t byte = module[p++];
      size |= uint32_t(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
    }
    pos = p + size;
  }
  std::vector<uint8_t> out(module.begin(), module.begin() + static_cast<long>(pos));
  out.insert(out.end(), extra.b.begin(), extra.b.end());
  out.insert(out.end(), module.begin() + static_cast<long>(pos), module.end());
  return out;
}

}  // namespace wasmrust::testing
