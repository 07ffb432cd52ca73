// The process-wide code registry: lookups by pc, and lock-free readers racing writers.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "runtime/module_code.h"

using namespace wasmrust::rt;

namespace {

std::unique_ptr<ModuleCode> make_code(uint32_t size) {
  auto c = std::make_unique<ModuleCode>();
  REQUIRE(c->allocate(size).ok());
  std::vector<uint8_t> bytes(size, 0xC3);
  c->add_function(0, 0, bytes.data(), size / 2, nullptr, 0, nullptr, 0);
  c->add_function(1, size / 2, bytes.data(), size / 2, nullptr, 0, nullptr, 0);
  REQUIRE(c->publish().ok());
  return c;
}

}  // namespace

TEST_CASE("registry maps pcs to module code and functions") {
  auto a = make_code(64), b = make_code(128);
  auto pa = reinterpret_cast<uintptr_t>(a->base()), pb = reinterpret_cast<uintptr_t>(b->base());
  CodeRegistry& r = CodeRegistry::get();
  CHECK(r.lookup(pa) == a.get());
  CHECK(r.lookup(pa + 63) == a.get());
  CHECK(r.lookup(pb + 100) == b.get());
  CHECK(a->find_func(pa + 40)->func_index == 1);
  CHECK(a->func_code(1) == a->base() + 32);
  CHECK(a->func_code(2) == nullptr);
  a.reset();
  CHECK(r.lookup(pa) == nullptr);
  CHECK(r.lookup(pb) == b.get());
}

TEST_CASE("registry readers race writers safely") {
  auto stable = make_code(64);
  auto ps = reinterpret_cast<uintptr_t>(stable->base());
  std::atomic<bool> stop{false}, wrong{false};
  std::vector<std::thread> readers;
  for (int k = 0; k < 3; ++k)
    readers.emplace_back([&] {
      while (!stop)
        if (CodeRegistry::get().lookup(ps + 10) != stable.get()) wrong = true;
    });
  for (int i = 0; i < 300; ++i) make_code(32);  // register and unregister
  stop = true;
  for (auto& t : readers) t.join();
  CHECK_FALSE(wrong);
}
