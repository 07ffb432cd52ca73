// Names and encodings of value types and error codes.
#include "wasmrust/result.h"
#include "wasmrust/types.h"

#include <string>

namespace wasmrust {

const char* type_name(Type t) {
  switch (t) {
    case Type::kVoid: return "void";
    case Type::kI32: return "i32";
    case Type::kI64: return "i64";
    case Type::kF32: return "f32";
    case Type::kF64: return "f64";
    case Type::kV128: return "v128";
    case Type::kFuncRef: return "funcref";
    case Type::kExternRef: return "externref";
  }
  return "?";
}

uint8_t type_code(Type t) {
  switch (t) {
    case Type::kVoid: return 0x40;
    case Type::kI32: return 0x7F;
    case Type::kI64: return 0x7E;
    case Type::kF32: return 0x7D;
    case Type::kF64: return 0x7C;
    case Type::kV128: return 0x7B;
    case Type::kFuncRef: return 0x70;
    case Type::kExternRef: return 0x6F;
  }
  return 0;
}

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformed: return "malformed";
    case ErrorCode::kInvalid: return "invalid";
    case ErrorCode::kParse: return "parse error";
    case ErrorCode::kVerify: return "verifier error";
    case ErrorCode::kBuilder: return "builder misuse";
    case ErrorCode::kLink: return "link error";
    case ErrorCode::kTrap: return "trap";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kIo: return "i/o error";
    case ErrorCode::kLimit: return "limit exceeded";
  }
  return "?";
}

std::string Error::to_string() const {
  std::string s;
  char buf[64];
  if (line != 0) {
    std::snprintf(buf, sizeof buf, "%u:%u: ", line, column);
    s += buf;
  }
  if (offset != kNoOffset) {
    std::snprintf(buf, sizeof buf, "offset 0x%llx: ", static_cast<unsigned long long>(offset));
    s += buf;
  }
  if (func != kNoFunc) {
    std::snprintf(buf, sizeof buf, "func %u: ", func);
    s += buf;
  }
  s += message;
  return s;
}

}  // namespace wasmrust
