// Builders for the per-operation tests (see ops_common.h).
#include "ops_common.h"

namespace x64test {

namespace {

// A fresh value equal to {v} in a register of its own (so operations may clobber it).
Value fresh(FunctionBody& f, Type t, Value v) {
  switch (t) {
    case Type::kI32: return f.binary(Opcode::kI32Xor, t, v, f.i32_const(0));
    case Type::kI64: return f.binary(Opcode::kI64Xor, t, v, f.i64_const(0));
    case Type::kF32: return f.unary(Opcode::kF32Neg, t, f.unary(Opcode::kF32Neg, t, v));
    default: return f.unary(Opcode::kF64Neg, t, f.unary(Opcode::kF64Neg, t, v));
  }
}

// (GCC 12 warns falsely on "literal" + std::to_string(...).)
std::string name(const char* prefix, size_t a, size_t b = ~size_t{0}) {
  char buf[48];
  if (b == ~size_t{0}) std::snprintf(buf, sizeof buf, "%s%zu", prefix, a);
  else std::snprintf(buf, sizeof buf, "%s%zu_%zu", prefix, a, b);
  return buf;
}

void ret1(FunctionBody& f, Value v) {
  Value r[] = {v};
  f.ret(r);
}

}  // namespace

void run_binary(Opcode op, Type at, Type rt, BinaryRef ref, x64::Options opt) {
  std::vector<uint64_t> in = inputs_for(at);
  const size_t n = in.size();
  Harness h(rt::BoundsMode::kGuard, opt);
  uint32_t t_rr = h.type({at, at}, {rt});
  uint32_t t_r = h.type({at}, {rt});
  uint32_t t_0 = h.type({}, {rt});
  {
    FunctionBody& f = h.func(t_rr, "rr");
    ret1(f, f.binary(op, rt, f.local_get(Local(0)), f.local_get(Local(1))));
  }
  {
    FunctionBody& f = h.func(t_rr, "ff");
    Value a = fresh(f, at, f.local_get(Local(0)));
    Value b = fresh(f, at, f.local_get(Local(1)));
    ret1(f, f.binary(op, rt, a, b));
  }
  {
    FunctionBody& f = h.func(t_r, "xx");
    Value a = fresh(f, at, f.local_get(Local(0)));
    ret1(f, f.binary(op, rt, a, a));
  }
  for (size_t k = 0; k < n; ++k) {
    FunctionBody& l = h.func(t_r, name("lc", k));
    ret1(l, l.binary(op, rt, const_of(l, at, in[k]), l.local_get(Local(0))));
    FunctionBody& r = h.func(t_r, name("rc", k));
    ret1(r, r.binary(op, rt, r.local_get(Local(0)), const_of(r, at, in[k])));
  }
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      FunctionBody& f = h.func(t_0, name("cc", a, b));
      ret1(f, f.binary(op, rt, const_of(f, at, in[a]), const_of(f, at, in[b])));
    }
  }
  h.instantiate();
  RawVal res[4];
  for (size_t a = 0; a < n; ++a) {
    for (size_t b = 0; b < n; ++b) {
      Expect e = ref(op, in[a], in[b]);
      std::string what = std::string(opcode_name(op)) + "(" + hex(in[a]) + ", " + hex(in[b]) + ")";
      RawVal A = raw_of(at, in[a]), B = raw_of(at, in[b]);
      check_result(what + " rr", rt, h.call("rr", {A, B}, res), res[0], e);
      check_result(what + " ff", rt, h.call("ff", {A, B}, res), res[0], e);
      check_result(what + " lc", rt, h.call(name("lc", a), {B}, res), res[0], e);
      check_result(what + " rc", rt, h.call(name("rc", b), {A}, res), res[0], e);
      check_result(what + " cc", rt, h.call(name("cc", a, b), {}, res), res[0], e);
    }
    Expect e = ref(op, in[a], in[a]);
    std::string what = std::string(opcode_name(op)) + "(x, x) x=" + hex(in[a]);
    check_result(what, rt, h.call("xx", {raw_of(at, in[a])}, res), res[0], e);
  }
}

void run_unary(Opcode op, Type at, Type rt, UnaryRef ref, x64::Options opt) {
  std::vector<uint64_t> in = inputs_for(at);
  Harness h(rt::BoundsMode::kGuard, opt);
  uint32_t t_r = h.type({at}, {rt});
  uint32_t t_0 = h.type({}, {rt});
  {
    FunctionBody& f = h.func(t_r, "r");
    ret1(f, f.unary(op, rt, f.local_get(Local(0))));
  }
  {
    FunctionBody& f = h.func(t_r, "f");
    ret1(f, f.unary(op, rt, fresh(f, at, f.local_get(Local(0)))));
  }
  for (size_t k = 0; k < in.size(); ++k) {
    FunctionBody& f = h.func(t_0, name("c", k));
    ret1(f, f.unary(op, rt, const_of(f, at, in[k])));
  }
  h.instantiate();
  RawVal res[4];
  for (size_t k = 0; k < in.size(); ++k) {
    Expect e = ref(op, in[k]);
    std::string what = std::string(opcode_name(op)) + "(" + hex(in[k]) + ")";
    check_result(what + " r", rt, h.call("r", {raw_of(at, in[k])}, res), res[0], e);
    check_result(what + " f", rt, h.call("f", {raw_of(at, in[k])}, res), res[0], e);
    check_result(what + " c", rt, h.call(name("c", k), {}, res), res[0], e);
  }
}

}  // namespace x64test
