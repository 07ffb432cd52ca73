// Generated WebAssembly modules for the tier-1 benchmarks: valid binaries whose code looks
// like unoptimized (debug) C/Rust output: mostly local.get/local.set and constants around
// arithmetic, loads and stores with offsets, a shadow stack pointer in a global, nested
// blocks/loops/ifs with br_if, and calls. Deterministic (a fixed-seed generator).
//
// Depends on nothing but the standard library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wr_bench {

class WasmGen {
 public:
  struct Options {
    uint32_t functions = 2500;
    uint32_t stmts_per_function = 60;  ///< top-level statements per function
    uint32_t extra_locals = 24;        ///< declared locals besides the parameters
    uint32_t max_depth = 3;            ///< nesting of block/loop/if
    uint64_t seed = 0x5EED;
  };

  /// A module with {o.functions} functions.
  std::vector<uint8_t> module(const Options& o);
  /// A module with one function of {locals} locals and about {body_bytes} bytes of code.
  std::vector<uint8_t> big_function_module(uint32_t locals, uint32_t body_bytes, uint64_t seed = 0xB16);

 private:
  enum T : uint8_t { kI32 = 0x7F, kI64 = 0x7E, kF64 = 0x7C };
  struct FuncType {
    std::vector<T> params, results;
  };

  uint32_t rnd(uint32_t n) {
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return static_cast<uint32_t>(rng_ % n);
  }
  static void u8(std::vector<uint8_t>& o, uint8_t b) { o.push_back(b); }
  static void uleb(std::vector<uint8_t>& o, uint64_t v) {
    do {
      uint8_t b = v & 0x7F;
      v >>= 7;
      o.push_back(v ? b | 0x80 : b);
    } while (v);
  }
  static void sleb(std::vector<uint8_t>& o, int64_t v) {
    for (;;) {
      uint8_t b = v & 0x7F;
      v >>= 7;
      bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
      o.push_back(done ? b : b | 0x80);
      if (done) return;
    }
  }
  static void section(std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& body) {
    out.push_back(id);
    uleb(out, body.size());
    out.insert(out.end(), body.begin(), body.end());
  }

  // ---- one function body ----
  void local_of(T t) {
    const std::vector<uint32_t>& v = t == kI32 ? i32_ : t == kI64 ? i64_ : f64_;
    uleb(b_, v[rnd(static_cast<uint32_t>(v.size()))]);
  }
  void expr(T t, uint32_t depth);
  void i32_expr(uint32_t depth);
  void stmt(uint32_t depth);
  void call_stmt();
  void body(uint32_t func, const FuncType& ft, uint32_t extra_locals, uint32_t stmts, uint32_t max_depth,
            std::vector<uint8_t>* out);
  std::vector<uint8_t> assemble(const std::vector<std::vector<uint8_t>>& bodies, const std::vector<uint32_t>& types);

  uint64_t rng_ = 1;
  std::vector<uint8_t> b_;
  std::vector<uint32_t> i32_, i64_, f64_;
  std::vector<FuncType> types_;
  std::vector<uint32_t> func_types_;
  uint32_t cur_func_ = 0;
  uint32_t label_depth_ = 0;
  uint32_t max_depth_ = 3;
};

// ---- implementation ----

inline void WasmGen::i32_expr(uint32_t depth) {
  uint32_t k = depth > 2 ? rnd(3) : rnd(12);
  switch (k) {
    case 0: case 1:
      u8(b_, 0x20);  // local.get
      local_of(kI32);
      return;
    case 2:
      u8(b_, 0x41);  // i32.const
      sleb(b_, static_cast<int32_t>(rnd(2000)) - 100);
      return;
    case 3: case 4: case 5: {  // binary arithmetic
      static const uint8_t ops[] = {0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x76, 0x6A, 0x6A};
      i32_expr(depth + 1);
      i32_expr(depth + 1);
      u8(b_, ops[rnd(sizeof ops)]);
      return;
    }
    case 6: case 7: {  // load with offset
      static const uint8_t loads[] = {0x28, 0x28, 0x28, 0x2D, 0x2F};
      i32_expr(depth + 1);
      uint8_t op = loads[rnd(sizeof loads)];
      u8(b_, op);
      uleb(b_, op == 0x28 ? 2 : op == 0x2D ? 0 : 1);
      uleb(b_, rnd(64) * 4);
      return;
    }
    case 8: {  // comparison
      static const uint8_t cmps[] = {0x46, 0x47, 0x48, 0x49, 0x4A, 0x4C, 0x4E, 0x4F};
      i32_expr(depth + 1);
      i32_expr(depth + 1);
      u8(b_, cmps[rnd(sizeof cmps)]);
      return;
    }
    case 9:
      i32_expr(depth + 1);
      u8(b_, 0x45);  // i32.eqz
      return;
    case 10:
      expr(kI64, depth + 1);
      u8(b_, 0xA7);  // i32.wrap_i64
      return;
    default:
      u8(b_, 0x23);  // global.get $sp
      uleb(b_, 0);
      return;
  }
}

inline void WasmGen::expr(T t, uint32_t depth) {
  if (t == kI32) return i32_expr(depth);
  uint32_t k = depth > 2 ? rnd(2) : rnd(6);
  if (k == 0) {
    u8(b_, 0x20);
    local_of(t);
    return;
  }
  if (k == 1) {
    if (t == kI64) {
      u8(b_, 0x42);
      sleb(b_, static_cast<int64_t>(rnd(100000)) - 50);
    } else {
      u8(b_, 0x44);
      double d = rnd(1000) * 0.25;
      const uint8_t* p = reinterpret_cast<const uint8_t*>(&d);
      b_.insert(b_.end(), p, p + 8);
    }
    return;
  }
  if (k == 2 || k == 3) {
    expr(t, depth + 1);
    expr(t, depth + 1);
    static const uint8_t i64ops[] = {0x7C, 0x7D, 0x7E, 0x83, 0x84, 0x85};
    static const uint8_t f64ops[] = {0xA0, 0xA1, 0xA2, 0xA3};
    u8(b_, t == kI64 ? i64ops[rnd(sizeof i64ops)] : f64ops[rnd(sizeof f64ops)]);
    return;
  }
  if (k == 4) {  // load
    i32_expr(depth + 1);
    u8(b_, t == kI64 ? 0x29 : 0x2B);
    uleb(b_, 3);
    uleb(b_, rnd(32) * 8);
    return;
  }
  // conversion from i32
  i32_expr(depth + 1);
  u8(b_, t == kI64 ? 0xAC : 0xB7);  // i64.extend_i32_s / f64.convert_i32_s
}

inline void WasmGen::call_stmt() {
  if (cur_func_ == 0) return;
  uint32_t callee = cur_func_ - 1 - rnd(cur_func_ < 8 ? cur_func_ : 8);
  const FuncType& ft = types_[func_types_[callee]];
  for (T p : ft.params) expr(p, 2);
  u8(b_, 0x10);
  uleb(b_, callee);
  for (T r : ft.results) {
    u8(b_, 0x21);  // local.set
    local_of(r);
  }
}

inline void WasmGen::stmt(uint32_t depth) {
  uint32_t k = rnd(depth >= max_depth_ ? 11 : 15);
  switch (k) {
    case 0: case 1: case 2: case 3: {  // local.set of an expression
      T t = k == 3 ? (rnd(2) ? kI64 : kF64) : kI32;
      expr(t, 0);
      u8(b_, 0x21);
      local_of(t);
      return;
    }
    case 4: case 5: {  // store
      i32_expr(1);
      T t = rnd(4) == 0 ? kI64 : kI32;
      expr(t, 1);
      u8(b_, t == kI32 ? 0x36 : 0x37);
      uleb(b_, t == kI32 ? 2 : 3);
      uleb(b_, rnd(64) * 4);
      return;
    }
    case 6: {  // local.tee into a store address
      i32_expr(1);
      u8(b_, 0x22);
      local_of(kI32);
      i32_expr(1);
      u8(b_, 0x36);
      uleb(b_, 2);
      uleb(b_, 8);
      return;
    }
    case 7: {  // shadow stack pointer: sp = sp - 16
      u8(b_, 0x23);
      uleb(b_, 0);
      u8(b_, 0x41);
      sleb(b_, 16);
      u8(b_, 0x6B);
      u8(b_, 0x24);
      uleb(b_, 0);
      return;
    }
    case 8: case 9:
      call_stmt();
      return;
    case 10: {  // br_if out of the innermost label, if any
      if (label_depth_ == 0) return;
      i32_expr(1);
      u8(b_, 0x0D);
      uleb(b_, rnd(label_depth_));
      return;
    }
    case 11: case 12: {  // if / else
      i32_expr(1);
      u8(b_, 0x04);
      u8(b_, 0x40);
      ++label_depth_;
      for (uint32_t n = 1 + rnd(4); n--;) stmt(depth + 1);
      if (rnd(2)) {
        u8(b_, 0x05);
        for (uint32_t n = 1 + rnd(3); n--;) stmt(depth + 1);
      }
      --label_depth_;
      u8(b_, 0x0B);
      return;
    }
    case 13: {  // block with statements (br_if inside)
      u8(b_, 0x02);
      u8(b_, 0x40);
      ++label_depth_;
      for (uint32_t n = 2 + rnd(4); n--;) stmt(depth + 1);
      --label_depth_;
      u8(b_, 0x0B);
      return;
    }
    default: {  // counted loop: body, then decrement and branch back
      u8(b_, 0x03);
      u8(b_, 0x40);
      ++label_depth_;
      for (uint32_t n = 2 + rnd(4); n--;) stmt(depth + 1);
      u8(b_, 0x20);
      uint32_t c = i32_[rnd(static_cast<uint32_t>(i32_.size()))];
      uleb(b_, c);
      u8(b_, 0x41);
      sleb(b_, 1);
      u8(b_, 0x6B);
      u8(b_, 0x22);  // local.tee
      uleb(b_, c);
      u8(b_, 0x0D);
      uleb(b_, 0);
      --label_depth_;
      u8(b_, 0x0B);
      return;
    }
  }
}

inline void WasmGen::body(uint32_t func, const FuncType& ft, uint32_t extra_locals, uint32_t stmts,
                          uint32_t max_depth, std::vector<uint8_t>* out) {
  cur_func_ = func;
  max_depth_ = max_depth;
  i32_.clear();
  i64_.clear();
  f64_.clear();
  uint32_t index = 0;
  for (T p : ft.params) (p == kI32 ? i32_ : p == kI64 ? i64_ : f64_).push_back(index++);
  // Locals: 70% i32, 15% i64, 15% f64, declared in three groups.
  uint32_t n64 = extra_locals * 15 / 100, nf = extra_locals * 15 / 100, n32 = extra_locals - n64 - nf;
  if (n32 == 0) n32 = 1;
  b_.clear();
  uleb(b_, 3);
  uleb(b_, n32);
  u8(b_, kI32);
  uleb(b_, n64 ? n64 : 1);
  u8(b_, kI64);
  uleb(b_, nf ? nf : 1);
  u8(b_, kF64);
  for (uint32_t k = 0; k < n32; ++k) i32_.push_back(index++);
  for (uint32_t k = 0; k < (n64 ? n64 : 1); ++k) i64_.push_back(index++);
  for (uint32_t k = 0; k < (nf ? nf : 1); ++k) f64_.push_back(index++);
  label_depth_ = 0;
  for (uint32_t s = 0; s < stmts; ++s) stmt(0);
  for (T r : ft.results) expr(r, 1);
  u8(b_, 0x0B);
  out->clear();
  uleb(*out, b_.size());
  out->insert(out->end(), b_.begin(), b_.end());
}

inline std::vector<uint8_t> WasmGen::assemble(const std::vector<std::vector<uint8_t>>& bodies,
                                              const std::vector<uint32_t>& types) {
  std::vector<uint8_t> out = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  std::vector<uint8_t> s;
  uleb(s, types_.size());
  for (const FuncType& ft : types_) {
    s.push_back(0x60);
    uleb(s, ft.params.size());
    for (T p : ft.params) s.push_back(p);
    uleb(s, ft.results.size());
    for (T r : ft.results) s.push_back(r);
  }
  section(out, 1, s);
  s.clear();
  uleb(s, types.size());
  for (uint32_t t : types) uleb(s, t);
  section(out, 3, s);
  s = {1, 0x00, 16};  // one memory, 16 pages
  section(out, 5, s);
  s = {1, 0x7F, 0x01, 0x41};  // global $sp: mut i32 = 65536
  sleb(s, 65536);
  s.push_back(0x0B);
  section(out, 6, s);
  s.clear();
  uleb(s, bodies.size());
  for (const auto& b : bodies) s.insert(s.end(), b.begin(), b.end());
  section(out, 10, s);
  return out;
}

inline std::vector<uint8_t> WasmGen::module(const Options& o) {
  rng_ = o.seed;
  types_ = {{{kI32, kI32}, {kI32}}, {{kI32}, {}}, {{kI32, kI32, kI32}, {kI32}}, {{kI64, kI32}, {kI64}},
            {{kF64, kF64}, {kF64}}, {{}, {}}};
  func_types_.clear();
  std::vector<std::vector<uint8_t>> bodies(o.functions);
  for (uint32_t f = 0; f < o.functions; ++f) {
    func_types_.push_back(rnd(static_cast<uint32_t>(types_.size())));
    uint32_t stmts = o.stmts_per_function / 2 + rnd(o.stmts_per_function);
    body(f, types_[func_types_[f]], o.extra_locals, stmts, o.max_depth, &bodies[f]);
  }
  return assemble(bodies, func_types_);
}

inline std::vector<uint8_t> WasmGen::big_function_module(uint32_t locals, uint32_t body_bytes, uint64_t seed) {
  rng_ = seed;
  types_ = {{{kI32, kI32}, {kI32}}};
  func_types_ = {0};
  std::vector<std::vector<uint8_t>> bodies(1);
  // Grow the statement count until the body reaches the requested size.
  uint32_t stmts = 256;
  for (;;) {
    uint64_t saved = rng_;
    body(0, types_[0], locals, stmts, 4, &bodies[0]);
    if (bodies[0].size() >= body_bytes) break;
    rng_ = saved;
    stmts = stmts * 5 / 4 + 1;
  }
  return assemble(bodies, func_types_);
}

}  // namespace wr_bench
