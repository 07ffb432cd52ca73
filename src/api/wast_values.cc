// Spec-script values (see wast_values.h).
#include "api/wast_values.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace wasmrust::wast {
namespace {

// externref N of a script is the host pointer N + 1, so that ref.extern 0 is not null.
void* extern_ptr(uintptr_t n) { return reinterpret_cast<void*>(n + 1); }

bool is_null_const(const wabt::Const& c) { return c.ref_bits() == wabt::Const::kRefNullBits; }

bool f32_matches(wabt::ExpectedNan nan, uint32_t want, uint32_t got) {
  switch (nan) {
    case wabt::ExpectedNan::Canonical: return (got & 0x7FFFFFFFu) == 0x7FC00000u;
    case wabt::ExpectedNan::Arithmetic: return (got & 0x7FC00000u) == 0x7FC00000u;
    case wabt::ExpectedNan::None: break;
  }
  return want == got;
}

bool f64_matches(wabt::ExpectedNan nan, uint64_t want, uint64_t got) {
  constexpr uint64_t kCanonical = 0x7FF8000000000000ull;
  switch (nan) {
    case wabt::ExpectedNan::Canonical: return (got & 0x7FFFFFFFFFFFFFFFull) == kCanonical;
    case wabt::ExpectedNan::Arithmetic: return (got & kCanonical) == kCanonical;
    case wabt::ExpectedNan::None: break;
  }
  return want == got;
}

bool v128_matches(const wabt::Const& e, const V128& got) {
  ::v128 want = e.vec128();
  switch (e.lane_type()) {
    case wabt::Type::F32:
      for (int l = 0; l < 4; ++l) {
        uint32_t g;
        std::memcpy(&g, got.bytes + 4 * l, 4);
        if (!f32_matches(e.expected_nan(l), want.f32_bits(l), g)) return false;
      }
      return true;
    case wabt::Type::F64:
      for (int l = 0; l < 2; ++l) {
        uint64_t g;
        std::memcpy(&g, got.bytes + 8 * l, 8);
        if (!f64_matches(e.expected_nan(l), want.f64_bits(l), g)) return false;
      }
      return true;
    default:
      return std::memcmp(want.v, got.bytes, 16) == 0;
  }
}

const char* nan_name(wabt::ExpectedNan n) {
  return n == wabt::ExpectedNan::Canonical ? "nan:canonical" : "nan:arithmetic";
}

std::string hex_bytes(const uint8_t* b) {
  std::string s;
  char buf[8];
  for (int i = 0; i < 16; ++i) {
    std::snprintf(buf, sizeof buf, i ? " %02x" : "%02x", b[i]);
    s += buf;
  }
  return s;
}

}  // namespace

std::optional<Val> to_val(const wabt::Const& c) {
  switch (c.type()) {
    case wabt::Type::I32: return Val::i32(static_cast<int32_t>(c.u32()));
    case wabt::Type::I64: return Val::i64(static_cast<int64_t>(c.u64()));
    case wabt::Type::F32: return Val::f32_bits(c.f32_bits());
    case wabt::Type::F64: return Val::f64_bits(c.f64_bits());
    case wabt::Type::V128: {
      V128 v;
      std::memcpy(v.bytes, c.vec128().v, 16);
      return Val::v128(v);
    }
    case wabt::Type::FuncRef:
      if (is_null_const(c)) return Val::null(Type::kFuncRef);
      return std::nullopt;  // a script cannot name a function as an argument
    case wabt::Type::ExternRef:
      if (is_null_const(c)) return Val::null(Type::kExternRef);
      return Val::externref({extern_ptr(c.ref_bits())});
    default: return std::nullopt;
  }
}

bool matches(const wabt::Const& e, const Val& v) {
  switch (e.type()) {
    case wabt::Type::I32: return v.type() == Type::kI32 && static_cast<uint32_t>(v.i32()) == e.u32();
    case wabt::Type::I64: return v.type() == Type::kI64 && static_cast<uint64_t>(v.i64()) == e.u64();
    case wabt::Type::F32: return v.type() == Type::kF32 && f32_matches(e.expected_nan(0), e.f32_bits(), v.f32_bits());
    case wabt::Type::F64: return v.type() == Type::kF64 && f64_matches(e.expected_nan(0), e.f64_bits(), v.f64_bits());
    case wabt::Type::V128: return v.type() == Type::kV128 && v128_matches(e, v.v128());
    case wabt::Type::FuncRef:
      // (ref.func) without an index expects any non-null function reference.
      return v.type() == Type::kFuncRef && v.is_null() == is_null_const(e);
    case wabt::Type::ExternRef:
      if (v.type() != Type::kExternRef) return false;
      return is_null_const(e) ? v.is_null() : v.externref().ptr == extern_ptr(e.ref_bits());
    default: return false;
  }
}

std::string describe(const wabt::Const& e) {
  char buf[96];
  switch (e.type()) {
    case wabt::Type::I32: std::snprintf(buf, sizeof buf, "i32:%u", e.u32()); break;
    case wabt::Type::I64: std::snprintf(buf, sizeof buf, "i64:%" PRIu64, e.u64()); break;
    case wabt::Type::F32:
      if (e.is_expected_nan(0)) return std::string("f32:") + nan_name(e.expected_nan(0));
      std::snprintf(buf, sizeof buf, "f32:0x%08x", e.f32_bits());
      break;
    case wabt::Type::F64:
      if (e.is_expected_nan(0)) return std::string("f64:") + nan_name(e.expected_nan(0));
      std::snprintf(buf, sizeof buf, "f64:0x%016" PRIx64, e.f64_bits());
      break;
    case wabt::Type::V128: return std::string("v128:") + hex_bytes(e.vec128().v);
    case wabt::Type::FuncRef: return is_null_const(e) ? "funcref:null" : "funcref:<any>";
    case wabt::Type::ExternRef:
      if (is_null_const(e)) return "externref:null";
      std::snprintf(buf, sizeof buf, "externref:%" PRIuPTR, e.ref_bits());
      break;
    default: return "<unknown>";
  }
  return buf;
}

std::string describe(const Val& v) {
  char buf[96];
  switch (v.type()) {
    case Type::kI32: std::snprintf(buf, sizeof buf, "i32:%u", static_cast<uint32_t>(v.i32())); break;
    case Type::kI64: std::snprintf(buf, sizeof buf, "i64:%" PRIu64, static_cast<uint64_t>(v.i64())); break;
    case Type::kF32: std::snprintf(buf, sizeof buf, "f32:0x%08x", v.f32_bits()); break;
    case Type::kF64: std::snprintf(buf, sizeof buf, "f64:0x%016" PRIx64, v.f64_bits()); break;
    case Type::kV128: return std::string("v128:") + hex_bytes(v.v128().bytes);
    case Type::kFuncRef: return v.is_null() ? "funcref:null" : "funcref:<func>";
    case Type::kExternRef:
      if (v.is_null()) return "externref:null";
      std::snprintf(buf, sizeof buf, "externref:%" PRIuPTR, reinterpret_cast<uintptr_t>(v.externref().ptr) - 1);
      break;
    default: return "<void>";
  }
  return buf;
}

}  // namespace wasmrust::wast
