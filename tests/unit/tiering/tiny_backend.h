// Test support: a tiny Backend (xbyak) for testing the layers around code generation (the
// compile driver, the embedding API) without the real code generator. It handles only
// functions whose values stay where the ABI put them:
//   i32.const (into eax), local.get 0 (i32 into eax; other locals: no code, the value stays
//   in its argument register), call f with the function's own parameters in order (the
//   arguments are already in place), jump to the next block (block parameters stay in the
//   result registers), return, unreachable (a ud2 trap site). Every function checks the
//   store's stack limit in its prologue. Anything else is kUnsupported.
#pragma once

#include <xbyak/xbyak.h>

#include "runtime/vmctx.h"
#include "tiering/backend.h"
#include "wasmir/function.h"

namespace wasmrust::test {

class TinyBackend : public Backend {
 public:
  const char* name() const override { return "tiny"; }
  Status compile(const CompileEnv& env, const ir::FunctionBody& body, CompiledFunction* out) override {
    using namespace Xbyak::util;
    Xbyak::CodeGenerator a(1 << 16, Xbyak::DontSetProtectRWE);
    Xbyak::Label overflow;
    a.push(rbp);
    a.mov(rbp, rsp);
    a.mov(rax, ptr[rdi + rt::VMOffsets::kStore]);
    a.cmp(rsp, ptr[rax]);
    a.jb(overflow, Xbyak::CodeGenerator::T_NEAR);
    const auto& layout = body.layout();
    for (size_t bi = 0; bi < layout.size(); ++bi) {
      for (Inst i : body.block_insts(layout[bi])) {
        const ir::InstData& d = body.inst(i);
        switch (d.op) {
          case Opcode::kI32Const: a.mov(eax, d.a); break;
          case Opcode::kLocalGet:
            if (d.a == 0 && d.type == Type::kI32) a.mov(eax, esi);
            break;
          case Opcode::kCall:
            a.mov(rax, ptr[rdi + env.offsets.func_ref(d.c)]);
            a.mov(rdi, ptr[rax + 8]);
            a.call(ptr[rax]);
            out->calls.push_back({static_cast<uint32_t>(a.getSize()), body.srcloc(i)});
            break;
          case Opcode::kJump:
            if (bi + 1 >= layout.size() || layout[bi + 1].index != d.a) return unsupported();
            break;
          case Opcode::kReturn:
            a.leave();
            a.ret();
            break;
          case Opcode::kUnreachable:
            out->traps.push_back({static_cast<uint32_t>(a.getSize()), body.srcloc(i), rt::TrapCode::kUnreachable});
            a.ud2();
            break;
          default: return unsupported();
        }
      }
    }
    a.L(overflow);
    out->traps.push_back({static_cast<uint32_t>(a.getSize()), 0, rt::TrapCode::kStackOverflow});
    a.ud2();
    a.ready();
    out->code.assign(a.getCode(), a.getCode() + a.getSize());
    return {};
  }

 private:
  static Status unsupported() { return Error{ErrorCode::kUnsupported, "tiny backend: unsupported instruction"}; }
};

}  // namespace wasmrust::test
