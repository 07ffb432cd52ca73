// A WASI "hello world" built with the public builder API (wasmrust/builder.h) and written
// as .wasm with the emitter (wasmrust/emit_wasm.h). The result is under 200 bytes and runs
// under node's WASI and `wasm-interp --wasi`.
//
//   hello_builder OUT.wasm
//
// The module: memory holds an iovec {ptr = 8, len = 12} at 0 and the text at 8 (one data
// segment); _start calls fd_write(stdout, iovec, 1 entry, &written at 20) and drops the
// error code.
#include <cstdio>
#include <fstream>
#include <string>

#include "wasmrust/builder.h"
#include "wasmrust/emit_wasm.h"

using namespace wasmrust;

namespace {

Result<std::vector<uint8_t>> build_hello() {
  ModuleBuilder mb;
  auto fd_write_type = mb.add_type({Type::kI32, Type::kI32, Type::kI32, Type::kI32}, {Type::kI32});
  auto start_type = mb.add_type({}, {});
  if (!fd_write_type.ok() || !start_type.ok()) return Error{ErrorCode::kBuilder, "types"};
  auto fd_write = mb.import_function("wasi_snapshot_preview1", "fd_write", *fd_write_type);
  auto memory = mb.add_memory(Limits{1, std::nullopt});
  if (!fd_write.ok()) return fd_write.take_error();
  if (!memory.ok()) return memory.take_error();
  static const char kText[] = "hello world\n";
  std::vector<uint8_t> data = {8, 0, 0, 0, sizeof(kText) - 1, 0, 0, 0};
  data.insert(data.end(), kText, kText + sizeof(kText) - 1);
  WR_TRY(mb.add_data(*memory, ConstInit::i32(0), data));

  auto start = mb.add_function(*start_type);
  if (!start.ok()) return start.take_error();
  FunctionBuilder& f = **start;
  f.switch_to(f.create_block());
  Results r = f.call(*fd_write, {f.i32_const(1), f.i32_const(0), f.i32_const(1), f.i32_const(20)});
  (void)r;  // the errno is dropped
  f.ret({});
  WR_TRY(mb.add_export("memory", ExternKind::kMemory, *memory));
  WR_TRY(mb.add_export("_start", ExternKind::kFunc, f.index()));
  auto module = mb.finish();
  if (!module.ok()) return module.take_error();
  return emit_wasm(**module);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.wasm\n", argv[0]);
    return 2;
  }
  auto wasm = build_hello();
  if (!wasm.ok()) {
    std::fprintf(stderr, "hello_builder: %s\n", wasm.error().to_string().c_str());
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(wasm->data()), static_cast<std::streamsize>(wasm->size()));
  if (!out) {
    std::fprintf(stderr, "hello_builder: cannot write %s\n", argv[1]);
    return 1;
  }
  std::printf("%s: %zu bytes\n", argv[1], wasm->size());
  return 0;
}
