// The opcode table expanded from opcodes.def, and name lookup for the text parser.
#include "wasmrust/opcode.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace wasmrust {

const OpInfo kOpInfo[kOpcodeCount] = {
#define WR_OP(Name, text, Fmt, Result, A0, A1, A2, Flags, Prefix, Code, MemLog2) \
  {text, Format::Fmt, OpType::Result, {OpType::A0, OpType::A1, OpType::A2}, Flags, Prefix, Code, MemLog2},
#include "wasmrust/opcodes.def"
#undef WR_OP
};

uint32_t op_fixed_arity(Opcode op) {
  const OpInfo& info = op_info(op);
  uint32_t n = 0;
  while (n < 3 && info.args[n] != OpType::V) ++n;
  return n;
}

Type op_fixed_type(OpType t) {
  switch (t) {
    case OpType::I32: return Type::kI32;
    case OpType::I64: return Type::kI64;
    case OpType::F32: return Type::kF32;
    case OpType::F64: return Type::kF64;
    case OpType::V128: return Type::kV128;
    case OpType::FRef: return Type::kFuncRef;
    default: return Type::kVoid;
  }
}

namespace {
struct NameIndex {
  std::array<uint16_t, kOpcodeCount> sorted;
  NameIndex() {
    for (uint32_t i = 0; i < kOpcodeCount; ++i) sorted[i] = static_cast<uint16_t>(i);
    std::sort(sorted.begin(), sorted.end(), [](uint16_t a, uint16_t b) {
      return std::strcmp(kOpInfo[a].name, kOpInfo[b].name) < 0;
    });
  }
};
}  // namespace

bool opcode_from_name(std::string_view name, Opcode* out) {
  static const NameIndex index;  // immutable after construction; thread-safe init
  auto it = std::lower_bound(index.sorted.begin(), index.sorted.end(), name,
                             [](uint16_t a, std::string_view n) { return std::string_view(kOpInfo[a].name) < n; });
  if (it == index.sorted.end() || std::string_view(kOpInfo[*it].name) != name) return false;
  *out = static_cast<Opcode>(*it);
  return true;
}

}  // namespace wasmrust
