// Host functions that take their Caller (Func::wrap with a first parameter Caller&), which
// WASI is built on: each importing instance is seen as the caller (its own memory), a
// direct host call has no caller, and WasiCtx runs a command end to end through the API
// (arguments, fd_write to a pipe, proc_exit's code).
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include <catch2/catch.hpp>

#include "wasmrust/wasi.h"
#include "wasmrust/wasmrust.h"

using namespace wasmrust;

namespace {

Module compile_text(const Engine& e, const std::string& wat) {
  auto m = Module::compile(e, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(wat.data()), wat.size()));
  if (!m.ok()) FAIL(m.error().to_string());
  return *m;
}

}  // namespace

TEST_CASE("a Caller host function sees the instance that called it", "[caller]") {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  int host_calls_without_instance = 0;
  REQUIRE(linker.func_wrap("host", "peek", [&](Caller& caller, uint32_t ptr) -> Result<int32_t> {
    if (!caller.instance()) {
      ++host_calls_without_instance;
      return -1;
    }
    auto mem = caller.get_memory();
    if (!mem || ptr >= mem->size()) return Error{ErrorCode::kTrap, "peek out of bounds"};
    return static_cast<int32_t>(mem->data()[ptr]);
  }).ok());
  auto make = [&](int byte) {
    return compile_text(engine, R"((module
      (import "host" "peek" (func $peek (param i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 10) ")" + std::string(1, static_cast<char>(byte)) + R"(")
      (func (export "peek") (param i32) (result i32) (call $peek (local.get 0)))))");
  };
  auto a = linker.instantiate(make('A'));
  auto b = linker.instantiate(make('B'));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  auto ra = a->get_func("peek")->call({Val::i32(10)});
  auto rb = b->get_func("peek")->call({Val::i32(10)});
  REQUIRE(ra.ok());
  REQUIRE(rb.ok());
  CHECK((*ra)[0].i32() == 'A');
  CHECK((*rb)[0].i32() == 'B');
  // a host error from the callable is a trap, and the instance stays usable
  auto bad = a->get_func("peek")->call({Val::i32(1 << 20)});
  REQUIRE_FALSE(bad.ok());
  CHECK(trap_kind(bad.error()) == TrapKind::kHostTrap);
  CHECK(a->get_func("peek")->call({Val::i32(10)}).ok());
  // called by the host directly: no caller instance
  auto direct = linker.get("host", "peek")->func()->call({Val::i32(10)});
  REQUIRE(direct.ok());
  CHECK((*direct)[0].i32() == -1);
  CHECK(host_calls_without_instance == 1);
}

TEST_CASE("WasiCtx runs a command: args, fd_write, proc_exit", "[wasi]") {
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  wasi::WasiConfig config;
  config.args = {"prog", "hello"};
  config.stdout_fd = pipefd[1];
  auto ctx = wasi::WasiCtx::create(config);
  REQUIRE(ctx.ok());
  Engine engine;
  Store store(engine);
  Linker linker(store);
  REQUIRE((*ctx)->add_to_linker(linker).ok());
  // writes argv[1] and exits with 3
  auto module = compile_text(engine, R"((module
    (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
    (memory (export "memory") 1)
    (func (export "_start")
      (drop (call $args_get (i32.const 0) (i32.const 100)))
      (i32.store (i32.const 16) (i32.load (i32.const 4)))
      (i32.store (i32.const 20) (i32.const 5))
      (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
      (call $proc_exit (i32.const 3))
      (unreachable))))");
  auto inst = linker.instantiate(module);
  REQUIRE(inst.ok());
  CHECK_FALSE((*ctx)->exit_code());
  auto r = inst->get_func("_start")->call({});
  REQUIRE_FALSE(r.ok());  // proc_exit unwinds as a trap...
  REQUIRE((*ctx)->exit_code());
  CHECK(*(*ctx)->exit_code() == 3);  // ...and leaves its code
  ::close(pipefd[1]);
  char buf[16] = {};
  CHECK(::read(pipefd[0], buf, sizeof buf) == 5);
  ::close(pipefd[0]);
  CHECK(std::string(buf) == "hello");
}

TEST_CASE("WasiCtx::create rejects bad configuration", "[wasi]") {
  wasi::WasiConfig config;
  config.preopens.push_back({"/no/such/directory/anywhere", "/x"});
  auto r = wasi::WasiCtx::create(config);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kIo);
  wasi::WasiConfig env;
  env.env = {"NOEQUALS"};
  CHECK_FALSE(wasi::WasiCtx::create(env).ok());
}
