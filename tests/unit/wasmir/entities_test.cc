// PrimaryMap and SecondaryMap: id allocation, side tables with defaults, reuse after clear.
#include <catch2/catch.hpp>

#include "wasmir/entities.h"
#include "wasmrust/types.h"

using namespace wasmrust;
using namespace wasmrust::ir;

TEST_CASE("PrimaryMap hands out dense ids and keeps capacity across clear") {
  PrimaryMap<Block, int> m;
  CHECK(m.empty());
  CHECK(m.next_key() == Block(0));
  Block a = m.push(10);
  Block b = m.push(20);
  CHECK(a == Block(0));
  CHECK(b == Block(1));
  CHECK(m.size() == 2);
  CHECK(m[a] == 10);
  m[b] = 21;
  CHECK(m[b] == 21);
  CHECK(m.contains(b));
  CHECK_FALSE(m.contains(Block(2)));
  CHECK_FALSE(m.contains(Block()));
  CHECK(m.next_key() == Block(2));
  size_t cap = m.capacity_bytes();
  CHECK(cap >= 2 * sizeof(int));
  m.clear();
  CHECK(m.empty());
  CHECK(m.capacity_bytes() == cap);
  CHECK(m.push(5) == Block(0));
}

TEST_CASE("SecondaryMap reads defaults past its end and grows on write") {
  SecondaryMap<Inst, uint32_t> s(7);
  CHECK(s.size() == 0);
  CHECK(s.get(Inst(100)) == 7);
  s[Inst(3)] = 1;
  CHECK(s.size() == 4);
  CHECK(s.get(Inst(0)) == 7);
  CHECK(s.get(Inst(3)) == 1);
  CHECK(s.get(Inst(4)) == 7);
  s.resize(10);
  CHECK(s.size() == 10);
  CHECK(s.get(Inst(9)) == 7);
  s.clear();
  CHECK(s.size() == 0);
  CHECK(s.get(Inst(3)) == 7);
}

TEST_CASE("typed ids and values") {
  CHECK_FALSE(Block().valid());
  CHECK(Block(0).valid());
  CHECK(Block(1) < Block(2));
  Value v = Value::aux(5);
  CHECK(v.is_aux());
  CHECK(v.aux_index() == 5);
  Value w = Value::of_inst(Inst(9));
  CHECK_FALSE(w.is_aux());
  CHECK(w.inst() == Inst(9));
  CHECK_FALSE(Value().valid());
}
