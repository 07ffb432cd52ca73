// examples/embed: the embedding API (include/wasmrust/wasmrust.h) in one small program.
// Loads a module (.wat or .wasm), instantiates it with a host function that reads the
// calling instance's memory (Func::wrap with a Caller&), calls an export, and handles a trap
// as the Error it comes back as. No exception crosses the API: every step returns a Result.
//
// usage: embed MODULE (examples/embed/app.wat). Prints what it does; exit 0 when every step
// went as expected.
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "wasmrust/wasmrust.h"

using namespace wasmrust;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: embed MODULE.wat|MODULE.wasm\n");
    return 2;
  }
  Engine engine;
  auto module = Module::compile_file(engine, argv[1]);
  if (!module.ok()) {
    std::fprintf(stderr, "cannot load %s: %s\n", argv[1], module.error().to_string().c_str());
    return 1;
  }
  Store store(engine);
  Linker linker(store);
  // A host function: sums {count} i32s at {ptr} in the caller's memory, bounds-checked.
  Status defined = linker.func_wrap("host", "log_sum", [](Caller& caller, uint32_t ptr, uint32_t count) -> Result<int64_t> {
    auto memory = caller.get_memory("memory");
    if (!memory || uint64_t{ptr} + uint64_t{count} * 4 > memory->size())
      return Error{ErrorCode::kTrap, "log_sum: slice out of bounds"};
    int64_t sum = 0;
    for (uint32_t i = 0; i < count; ++i) {
      int32_t v;
      std::memcpy(&v, memory->data() + ptr + 4 * i, 4);
      sum += v;
    }
    std::printf("host: log_sum(%u, %u) = %" PRId64 "\n", ptr, count, sum);
    return sum;
  });
  if (!defined.ok()) return 1;
  auto instance = linker.instantiate(*module);
  if (!instance.ok()) {
    std::fprintf(stderr, "cannot instantiate: %s\n", instance.error().to_string().c_str());
    return 1;
  }

  auto sum_to = instance->get_func("sum_to");
  if (!sum_to) return 1;
  auto r = sum_to->call({Val::i32(100)});
  if (!r.ok() || r->size() != 1 || (*r)[0].i64() != 5050) {
    std::fprintf(stderr, "sum_to(100) failed\n");
    return 1;
  }
  std::printf("sum_to(100) = %" PRId64 "\n", (*r)[0].i64());

  // A trap is an Error of kind kTrap: its kind, the function and the offset in the module.
  auto divide = instance->get_func("divide");
  if (!divide) return 1;
  auto t = divide->call({Val::i32(7), Val::i32(0)});
  if (t.ok() || trap_kind(t.error()) != TrapKind::kIntegerDivideByZero) {
    std::fprintf(stderr, "divide(7, 0) did not trap with integer divide by zero\n");
    return 1;
  }
  std::printf("divide(7, 0) trapped: %s\n", t.error().message.c_str());
  for (const TrapFrame& f : t.error().backtrace)
    std::printf("  at %s (function %u, offset 0x%" PRIx64 ")\n", f.name.c_str(), f.func, f.offset);

  // The instance is still usable after a trap.
  auto ok = divide->call({Val::i32(7), Val::i32(2)});
  if (!ok.ok() || (*ok)[0].i32() != 3) return 1;
  std::printf("divide(7, 2) = %d\n", (*ok)[0].i32());
  return 0;
}
