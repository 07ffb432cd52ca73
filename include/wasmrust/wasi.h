// WASI preview1 (`wasi_snapshot_preview1`) on the host, for the embedding API.
//
//   wasmrust::wasi::WasiConfig config;
//   config.args = {"app.wasm", "input.txt"};
//   config.preopens.push_back({"/srv/data", "/data"});    // the only files the program sees
//   auto wasi = wasmrust::wasi::WasiCtx::create(config);  // Result<std::unique_ptr<WasiCtx>>
//   WR_TRY((*wasi)->add_to_linker(linker));
//   auto instance = linker.instantiate(module);
//   auto r = instance->get_func("_start")->call({});
//   if (auto code = (*wasi)->exit_code()) ...             // the program called proc_exit
//
// Depends on: wasmrust.h (Linker, Func::wrap with Caller&). Guarantees:
//  - Every pointer and length from the guest is checked against the calling instance's
//    exported memory "memory"; a bad one gives EFAULT, never a host access out of bounds.
//  - The sandbox: paths resolve only beneath a preopened directory. Absolute paths, `..`
//    that would climb above the preopen, and symlinks (final or intermediate) that point
//    outside all fail with ENOTCAPABLE (openat2 with RESOLVE_BENEATH where the kernel has
//    it, otherwise a component-by-component walk that holds a descriptor per level).
//  - Calls this build does not support return ENOSYS. proc_exit unwinds the wasm stack (the
//    call returns a trap Error) and records the code in exit_code(); it never exits the host.
//  - A WasiCtx is used by one Store (one thread at a time) and must outlive the store's use
//    of the functions it defined.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasmrust/result.h"
#include "wasmrust/wasmrust.h"

namespace wasmrust::wasi {

/// A host directory given to the program under a guest name.
struct Preopen {
  std::string host_path;   ///< opened when the context is created
  std::string guest_path;  ///< the name the program sees (fd_prestat_dir_name)
};

struct WasiConfig {
  std::vector<std::string> args;  ///< argv, argv[0] first (conventionally the program's name)
  std::vector<std::string> env;   ///< "KEY=VALUE" strings
  std::vector<Preopen> preopens;  ///< become fds 3, 4, ... in this order
  /// Host descriptors behind the guest's fds 0, 1 and 2 (not closed by the context).
  int stdin_fd = 0, stdout_fd = 1, stderr_fd = 2;
};

struct State;

/// The WASI state of one program: arguments, environment, descriptor table, exit code.
class WasiCtx {
 public:
  /// Opens the preopened directories; kIo names one that cannot be opened.
  static Result<std::unique_ptr<WasiCtx>> create(const WasiConfig& config);
  ~WasiCtx();
  WasiCtx(const WasiCtx&) = delete;
  WasiCtx& operator=(const WasiCtx&) = delete;

  /// Defines every `wasi_snapshot_preview1` function in {linker}.
  Status add_to_linker(Linker& linker);
  /// The code the program passed to proc_exit, once it has.
  std::optional<int> exit_code() const;

  /// The module name of WASI preview1 imports.
  static constexpr const char* kModule = "wasi_snapshot_preview1";

 private:
  WasiCtx();
  std::unique_ptr<State> state_;
};

}  // namespace wasmrust::wasi
