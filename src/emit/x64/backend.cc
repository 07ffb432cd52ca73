// X64Backend: the Backend interface over one reusable CodeGen, and CPU feature detection.
#include "emit/x64/codegen.h"  // first: xbyak must be seen with XBYAK_NO_EXCEPTION

#include <xbyak/xbyak_util.h>

namespace wasmrust {

std::unique_ptr<Backend> make_x64_backend() { return std::make_unique<x64::X64Backend>(); }

namespace x64 {

CpuFeatures CpuFeatures::detect() {
  static const CpuFeatures features = [] {
    Xbyak::util::Cpu cpu;
    CpuFeatures f;
    f.lzcnt = cpu.has(Xbyak::util::Cpu::tLZCNT);
    f.bmi1 = cpu.has(Xbyak::util::Cpu::tBMI1);
    f.bmi2 = cpu.has(Xbyak::util::Cpu::tBMI2);
    f.popcnt = cpu.has(Xbyak::util::Cpu::tPOPCNT);
    f.sse41 = cpu.has(Xbyak::util::Cpu::tSSE41);
    return f;
  }();
  return features;
}

X64Backend::X64Backend(const Options& opt) : opt_(opt), gen_(std::make_unique<CodeGen>()) {}
X64Backend::~X64Backend() = default;

Status X64Backend::compile(const CompileEnv& env, const ir::FunctionBody& body, CompiledFunction* out) {
  return gen_->compile(env, body, opt_, nullptr, out);
}

Status X64Backend::compile_with_debug(const CompileEnv& env, const ir::FunctionBody& body, CompiledFunction* out,
                                      DebugInfo* debug) {
  return gen_->compile(env, body, opt_, debug, out);
}

}  // namespace x64
}  // namespace wasmrust
