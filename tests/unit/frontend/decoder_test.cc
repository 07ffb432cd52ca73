#include <catch2/catch.hpp>
#include "wasmrust/frontend.h"
#include "wasmir/module.h"
using namespace wasmrust;
TEST_CASE("empty module") {
  const uint8_t b[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
  ir::Module m;
  CHECK(decode_wasm(b, &m).ok());
}
