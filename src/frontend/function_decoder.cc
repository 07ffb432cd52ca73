// Function bodies: decode + validate + build WasmIR in one pass.
//
// How wasm maps to WasmIR (tier-1 codes against this shape):
//  - Wasm locals (parameters first) are FunctionBody locals; local.get/set/tee are WasmIR
//    instructions. Operand-stack values are SSA values. A value that stays on the operand
//    stack across a block boundary is used directly in later blocks (its definition
//    dominates them); it is never threaded through block parameters.
//  - block: its continuation block has the block's results as parameters. It is created
//    when the first branch targets the label; if none does, the code after `end` simply
//    continues in the current WasmIR block (no jump, no empty block).
//  - loop: a header block whose parameters are the loop's parameters; the code before it
//    jumps there with the arguments. Branches to the label jump to the header. After the
//    loop's `end` the code continues in the block that was open at `end`.
//  - if: BrIf(cond) to a fresh then-block and a fresh else-block; both use the if's
//    parameters directly. `else` closes the then-arm with a jump to the continuation. An
//    if without else whose label no branch targets and which has no results continues in
//    the else-block (the then-arm jumps there); otherwise the else-block jumps to the
//    continuation passing the parameters through as results.
//  - br / br_if / br_table become Jump / BrIf (else target = a fresh fall-through block) /
//    BrTable with the label's arguments (loop: header parameters; other: continuation
//    results). A branch to the function's label is `return`: br becomes Return; br_if and
//    br_table target a return block (created when needed) that returns its parameters.
//  - return and the end of the function: Return with the result values. unreachable: the
//    Unreachable terminator.
//  - Code after an unconditional branch, return or unreachable is validated with wasm's
//    stack-polymorphic rules but emits no WasmIR (the FunctionBody has no open block).
//  - drop and nop emit nothing; select is the Select format with its type in the type
//    field. Before each instruction, set_srcloc(module-relative offset of its opcode).
#include "frontend/function_decoder.h"

#include <algorithm>
#include <string>

#include "frontend/op_tables.h"

namespace wasmrust::frontend {


Type value_type_from_byte(uint8_t b) {
  switch (b) {
    case 0x7F: return Type::kI32;
    case 0x7E: return Type::kI64;
    case 0x7D: return Type::kF32;
    case 0x7C: return Type::kF64;
    case 0x7B: return Type::kV128;
    case 0x70: return Type::kFuncRef;
    case 0x6F: return Type::kExternRef;
    default: return kBot;
  }
}

const char* stack_type_name(Type t) { return t == kBot ? "unknown" : type_name(t); }

size_t FunctionDecoder::memory_bytes() const {
  return val_store_.capacity() * 4 + type_store_.capacity() + ctrls_.capacity() * sizeof(Ctrl) +
         saved_params_.capacity() * 4 + targets_.capacity() * 4 + depths_.capacity() * 4;
}

// ---- operand stack ----

bool FunctionDecoder::grow(uint32_t n) {
  uint64_t want = uint64_t{sp_} + n;
  if (want > kMaxOperandStack) return limit("operand stack deeper than the implementation limit (1048576)");
  uint64_t cap = cap_ < 64 ? 64 : uint64_t{cap_} * 2;
  while (cap < want) cap *= 2;
  val_store_.resize(cap);
  type_store_.resize(cap);
  vals_ = val_store_.data();
  types_ = type_store_.data();
  cap_ = static_cast<uint32_t>(cap);
  return true;
}

bool FunctionDecoder::type_mismatch(Type want, Type have) {
  return invalid(std::string("type mismatch: expected ") + stack_type_name(want) + ", got " + stack_type_name(have));
}

bool FunctionDecoder::pop_slow(Type t, Value* v) {
  if (top_->unreachable) {
    *v = Value();
    return true;
  }
  return invalid(std::string("type mismatch: expected ") + stack_type_name(t) + ", but the stack is empty");
}

bool FunctionDecoder::pop_any(Value* v, Type* t) {
  if (sp_ > top_->height) {
    --sp_;
    *v = Value(vals_[sp_]);
    *t = types_[sp_];
    return true;
  }
  if (top_->unreachable) {
    *v = Value();
    *t = kBot;
    return true;
  }
  return invalid("type mismatch: expected a value, but the stack is empty");
}

bool FunctionDecoder::check_top_slow(std::span<const Type> types) {
  uint32_t n = static_cast<uint32_t>(types.size());
  uint32_t avail = sp_ - top_->height;
  if (avail < n) {
    if (!top_->unreachable) {
      return invalid("type mismatch: expected " + std::to_string(n) + " values, got " + std::to_string(avail));
    }
    // Polymorphic stack: the missing values are bottom. Insert them below what is there.
    uint32_t missing = n - avail;
    if (!ensure(missing)) return false;
    uint32_t base = top_->height;
    for (uint32_t k = avail; k-- > 0;) {
      vals_[base + missing + k] = vals_[base + k];
      types_[base + missing + k] = types_[base + k];
    }
    for (uint32_t k = 0; k < missing; ++k) {
      vals_[base + k] = Value::kInvalid;
      types_[base + k] = kBot;
    }
    sp_ += missing;
  }
  const Type* have = types_ + sp_ - n;
  for (uint32_t k = 0; k < n; ++k) {
    if (have[k] != types[k] && have[k] != kBot) return type_mismatch(types[k], have[k]);
  }
  return true;
}

bool FunctionDecoder::check_exact_slow(std::span<const Type> types) {
  if (!check_top(types)) return false;
  if (sp_ - top_->height != types.size()) {
    return invalid("type mismatch: " + std::to_string(sp_ - top_->height - types.size()) +
                   " values left on the stack at the end of the block");
  }
  return true;
}

// ---- control ----

std::span<const Type> FunctionDecoder::params_of(const Ctrl& c) const {
  if (c.type_index == kNoType || c.kind == Kind::kFunc) return {};
  return m_->types[c.type_index].params;
}

std::span<const Type> FunctionDecoder::results_of(const Ctrl& c) const {
  if (c.type_index != kNoType) return m_->types[c.type_index].results;
  if (c.single == Type::kVoid) return {};
  return {&c.single, 1};
}

bool FunctionDecoder::read_block_type(Ctrl* c) {
  c->type_index = kNoType;
  c->single = Type::kVoid;
  if (rd_.at_end()) return rd_.eof();
  uint8_t b = *rd_.pos();
  if (b == 0x40) {
    rd_.skip(1);
    return true;
  }
  Type t = value_type_from_byte(b);
  if (t != kBot) {
    rd_.skip(1);
    c->single = t;
    return true;
  }
  int64_t index = 0;
  if (!rd_.read_s33(&index)) return false;
  if (index < 0) return malformed("malformed block type");
  if (static_cast<uint64_t>(index) >= m_->types.size()) return invalid("unknown type " + std::to_string(index));
  c->type_index = static_cast<uint32_t>(index);
  return true;
}

bool FunctionDecoder::push_ctrl(Kind kind, const Ctrl& sig, uint32_t nparams) {
  Ctrl c = sig;
  c.kind = kind;
  c.unreachable = false;
  c.live = emitting();
  c.height = sp_ - nparams;
  c.label = Block();
  c.else_block = Block();
  c.saved = static_cast<uint32_t>(saved_params_.size());
  ctrls_.push_back(c);
  top_ = &ctrls_.back();
  return true;
}

bool FunctionDecoder::unknown_label(uint32_t depth) { return invalid("unknown label " + std::to_string(depth)); }

Block FunctionDecoder::label_block(Ctrl& c) {
  if (!c.label.valid()) c.label = body_->create_block(label_types(c));
  return c.label;
}

bool FunctionDecoder::op_block(Kind kind) {
  Ctrl sig;
  if (!read_block_type(&sig)) return false;
  sig.kind = Kind::kBlock;
  std::span<const Type> params = params_of(sig);
  uint32_t n = static_cast<uint32_t>(params.size());
  Value cond;
  if (kind == Kind::kIf && !pop(Type::kI32, &cond)) return false;
  if (!check_top(params)) return false;
  bool live = emitting();
  if (!push_ctrl(kind, sig, n)) return false;
  if (!live) return true;
  if (kind == Kind::kLoop) {
    Block header = body_->create_block(params);
    body_->jump(header, top_values(n));
    body_->switch_to(header);
    top_->label = header;
    for (uint32_t k = 0; k < n; ++k) vals_[sp_ - n + k] = body_->block_param(header, k).index;
  } else if (kind == Kind::kIf) {
    Block then_block = body_->create_block();
    top_->else_block = body_->create_block();
    body_->br_if(cond, then_block, {}, top_->else_block, {});
    body_->switch_to(then_block);
    saved_params_.insert(saved_params_.end(), vals_ + sp_ - n, vals_ + sp_);
  }
  return true;
}

bool FunctionDecoder::op_else() {
  Ctrl& c = *top_;
  if (c.kind != Kind::kIf) return malformed("else without a matching if");
  std::span<const Type> results = results_of(c);
  if (!check_exact(results)) return false;
  if (emitting()) body_->jump(label_block(c), top_values(static_cast<uint32_t>(results.size())));
  std::span<const Type> params = params_of(c);
  uint32_t n = static_cast<uint32_t>(params.size());
  sp_ = c.height;
  if (!ensure(n)) return false;
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t v = c.live ? saved_params_[c.saved + k] : Value::kInvalid;
    push_unchecked(Value(v), params[k]);
  }
  c.kind = Kind::kElse;
  c.unreachable = false;
  if (c.live) body_->switch_to(c.else_block);
  return true;
}

bool FunctionDecoder::op_end() {
  Ctrl& c = *top_;
  if (c.kind == Kind::kFunc) return end_function();
  std::span<const Type> results = results_of(c);
  uint32_t n = static_cast<uint32_t>(results.size());
  if (!check_exact(results)) return false;
  bool falls = emitting();  // the arm that ends here reaches `end`
  Block join;               // the block the results arrive in as parameters, if any
  if (c.kind == Kind::kIf) {
    // No else arm: the false edge passes the parameters through as results.
    std::span<const Type> params = params_of(c);
    if (!std::equal(params.begin(), params.end(), results.begin(), results.end())) {
      return invalid("type mismatch: if without else must have the same parameters and results");
    }
    if (c.live && !c.label.valid() && n == 0) {
      // Nothing branches to the end: the else block is the continuation.
      if (falls) body_->jump(c.else_block, {});
      body_->switch_to(c.else_block);
    } else if (c.live) {
      join = label_block(c);
      if (falls) body_->jump(join, top_values(n));
      body_->switch_to(c.else_block);
      body_->jump(join, {reinterpret_cast<const Value*>(saved_params_.data() + c.saved), n});
    }
    falls = false;
  } else if (c.kind != Kind::kLoop && c.label.valid()) {
    join = c.label;
    if (falls) body_->jump(join, top_values(n));
  }
  if (c.kind == Kind::kIf || c.kind == Kind::kElse) saved_params_.resize(c.saved);
  sp_ = c.height;
  ctrls_.pop_back();
  top_ = &ctrls_.back();
  if (join.valid()) body_->switch_to(join);
  // Results: the join block's parameters, the values the arm left (it falls through into
  // the code after `end`), or placeholders in dead code.
  for (uint32_t k = 0; k < n; ++k) {
    if (join.valid()) vals_[sp_ + k] = body_->block_param(join, k).index;
    else if (!falls) vals_[sp_ + k] = Value::kInvalid;
    types_[sp_ + k] = results[k];
  }
  sp_ += n;
  return true;
}

bool FunctionDecoder::end_function() {
  Ctrl& c = *top_;
  std::span<const Type> results = results_of(c);
  uint32_t n = static_cast<uint32_t>(results.size());
  if (!check_exact(results)) return false;
  if (emitting()) {
    if (c.label.valid()) body_->jump(c.label, top_values(n));
    else body_->ret(top_values(n));
  }
  if (c.label.valid()) {
    // The return block (targeted by br_if / br_table) returns its parameters.
    body_->switch_to(c.label);
    sp_ = c.height;
    for (uint32_t k = 0; k < n; ++k) vals_[sp_ + k] = body_->block_param(c.label, k).index;
    body_->ret({reinterpret_cast<const Value*>(vals_ + sp_), n});
  }
  ctrls_.pop_back();
  top_ = nullptr;
  return true;
}

bool FunctionDecoder::op_br() {
  uint32_t depth = 0;
  if (!read_label(&depth)) return false;
  Ctrl& target = ctrls_[ctrls_.size() - 1 - depth];
  std::span<const Type> types = label_types(target);
  if (!check_top(types)) return false;
  if (emitting()) {
    uint32_t n = static_cast<uint32_t>(types.size());
    if (target.kind == Kind::kFunc) body_->ret(top_values(n));
    else body_->jump(label_block(target), top_values(n));
  }
  set_unreachable();
  return true;
}

bool FunctionDecoder::op_br_if() {
  uint32_t depth = 0;
  if (!read_label(&depth)) return false;
  Value cond;
  if (!pop(Type::kI32, &cond)) return false;
  Ctrl& target = ctrls_[ctrls_.size() - 1 - depth];
  std::span<const Type> types = label_types(target);
  if (!check_top(types)) return false;
  uint32_t n = static_cast<uint32_t>(types.size());
  // The operands are popped and pushed back with the label's types.
  for (uint32_t k = 0; k < n; ++k) types_[sp_ - n + k] = types[k];
  if (emitting()) {
    Block fall = body_->create_block();
    body_->br_if(cond, label_block(target), top_values(n), fall, {});
    body_->switch_to(fall);
  }
  return true;
}

bool FunctionDecoder::op_br_table() {
  uint32_t count = 0;
  if (!rd_.read_count(&count)) return false;
  depths_.clear();
  for (uint32_t k = 0; k <= count; ++k) {
    uint32_t depth = 0;
    if (!read_label(&depth)) return false;
    depths_.push_back(depth);
  }
  Value index;
  if (!pop(Type::kI32, &index)) return false;
  uint32_t arity = static_cast<uint32_t>(label_types(ctrls_[ctrls_.size() - 1 - depths_.back()]).size());
  const Type* checked = nullptr;  // labels of one block type share their type list: check it once
  for (uint32_t depth : depths_) {
    std::span<const Type> types = label_types(ctrls_[ctrls_.size() - 1 - depth]);
    if (types.size() != arity) return invalid("type mismatch: br_table targets have different arities");
    if (types.data() == checked && arity > 0) continue;
    if (!check_top(types)) return false;
    checked = types.data();
  }
  if (emitting()) {
    targets_.clear();
    for (uint32_t k = 0; k < count; ++k) targets_.push_back(label_block(ctrls_[ctrls_.size() - 1 - depths_[k]]));
    Block def = label_block(ctrls_[ctrls_.size() - 1 - depths_.back()]);
    body_->br_table(index, targets_, def, top_values(arity));
  }
  set_unreachable();
  return true;
}

bool FunctionDecoder::op_return() {
  std::span<const Type> results = results_of(ctrls_[0]);
  if (!check_top(results)) return false;
  if (emitting()) body_->ret(top_values(static_cast<uint32_t>(results.size())));
  set_unreachable();
  return true;
}

bool FunctionDecoder::ternary(Opcode op, Type r, Type a, Type b, Type c) {
  Value x, y, z;
  if (!pop(c, &z) || !pop(b, &y) || !pop(a, &x)) return false;
  if (!ensure(1)) return false;
  push_unchecked(emitting() ? Value::of_inst(body_->append_inline({op, r, 0, x.index, y.index, z.index}, 3)) : Value(),
                 r);
  return true;
}

// ---- instructions the dispatch loop hands to members ----

bool FunctionDecoder::op_unreachable() {
  if (emitting()) body_->unreachable();
  set_unreachable();
  return true;
}

bool FunctionDecoder::op_const(uint8_t op) {
  if (op == 0x42) {
    int64_t v = 0;
    return rd_.read_s64(&v) && push(emitting() ? body_->i64_const(static_cast<uint64_t>(v)) : Value(), Type::kI64);
  }
  if (op == 0x43) {
    uint32_t bits = 0;
    return rd_.read_fixed32(&bits) && push(emitting() ? body_->f32_const(bits) : Value(), Type::kF32);
  }
  uint64_t bits = 0;
  return rd_.read_fixed64(&bits) && push(emitting() ? body_->f64_const(bits) : Value(), Type::kF64);
}

bool FunctionDecoder::op_load_store(uint8_t op) {
  const OpDesc& d = kOpTables.plain[op];
  ir::MemArg m;
  if (!read_memarg(d.mem_log2, &m)) return false;
  Value addr, v;
  if (d.format == Format::Load) {
    if (!pop(Type::kI32, &addr)) return false;
    return push(emitting() ? body_->load(d.op, d.result, addr, m) : Value(), d.result);
  }
  if (!pop(d.args[1], &v) || !pop(Type::kI32, &addr)) return false;
  if (emitting()) body_->store(d.op, addr, v, m);
  return true;
}

// ---- the body ----

bool FunctionDecoder::read_locals() {
  // Sum the declarations first: a count past 2^32 is malformed, and nothing is allocated
  // before the total is known to be within the implementation limit.
  uint32_t groups = 0;
  if (!rd_.read_count(&groups)) return false;
  const uint8_t* decls = rd_.pos();
  uint64_t total = 0;
  for (uint32_t g = 0; g < groups; ++g) {
    uint32_t count = 0;
    uint8_t code = 0;
    if (!rd_.read_u32(&count) || !rd_.read_u8(&code)) return false;
    if (value_type_from_byte(code) == kBot) {
      if (code & 0x80) return rd_.fail_at(rd_.pos() - 1, ErrorCode::kMalformed, "integer representation too long");
      return rd_.fail_at(rd_.pos() - 1, ErrorCode::kMalformed, "malformed value type");
    }
    total += count;
    if (total > 0xFFFFFFFFu) return malformed("too many locals");
  }
  if (total + body_->num_params > kMaxLocals) {
    return limit("too many locals: " + std::to_string(total + body_->num_params) + " (implementation limit " +
                 std::to_string(kMaxLocals) + ")");
  }
  rd_.set_pos(decls);
  for (uint32_t g = 0; g < groups; ++g) {
    uint32_t count = 0;
    uint8_t code = 0;
    (void)rd_.read_u32(&count);
    (void)rd_.read_u8(&code);
    body_->add_locals(count, value_type_from_byte(code));
  }
  return true;
}

bool FunctionDecoder::decode(uint32_t func_index, const uint8_t* begin, const uint8_t* end, uint64_t base,
                             ir::FunctionBody* body, ErrorSink* sink) {
  m_ = env_->module;
  body_ = body;
  rd_ = Reader(begin, end, base, sink);
  ip_ = begin;
  sink->func = func_index;
  body->clear();
  const ir::Function& fn = m_->funcs[func_index];
  const ir::FuncType& type = m_->types[fn.type_index];
  body->func_index = func_index;
  body->type_index = fn.type_index;
  body->num_params = static_cast<uint32_t>(type.params.size());
  body->results = type.results;
  for (Type t : type.params) body->add_local(t);
  if (!read_locals()) return false;
  num_memories_ = static_cast<uint32_t>(m_->memories.size());
  local_types_ = body->local_types().data();
  num_locals_ = body->num_locals();

  sp_ = 0;
  ctrls_.clear();
  saved_params_.clear();
  Ctrl sig;
  sig.type_index = fn.type_index;
  sig.single = Type::kVoid;
  body->switch_to(body->create_block());
  push_ctrl(Kind::kFunc, sig, 0);
  // Compiler output has 0.40-0.48 WasmIR instructions per code byte (BENCHMARKS.md), so
  // this makes growing inside a body rare without reserving much more than is used.
  body->reserve_insts(static_cast<size_t>(end - rd_.pos()) / 2 + 16);
  return run(end, base + static_cast<uint64_t>(rd_.pos() - begin));
}

// The dispatch loop. The state every instruction touches lives in locals (registers): the
// read position {p}, the operand stack ({vals}, {types}, {sp}, {cap}), the current frame's
// height and whether WasmIR is being emitted. The frequent instructions are handled here on
// that state; the others are member functions, called with the state written back
// (COLD below) and reloaded afterwards. {base} is the module offset of {p} at entry.
bool FunctionDecoder::run(const uint8_t* end, uint64_t base) {
  ir::FunctionBody* const body = body_;
  const uint8_t* const start = rd_.pos();
  const uint8_t* p = start;
  const uint8_t* ip = p;  // start of the current instruction
  uint32_t* vals = vals_;
  Type* types = types_;
  uint32_t sp = sp_, cap = cap_, height = 0;
  bool live = true;
  const Type* const local_types = local_types_;
  const uint32_t num_locals = num_locals_;
  const bool multi_memory = env_->options.multi_memory;
  const uint32_t num_memories = num_memories_;
  const std::vector<ir::Global>& globals = m_->globals;
  // srcloc(at) = base + (at - start), as one addition.
  const uintptr_t bias = static_cast<uintptr_t>(base) - reinterpret_cast<uintptr_t>(start);
  auto srcloc = [bias](const uint8_t* at) { return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(at) + bias); };
  auto reload = [&] {
    p = rd_.pos();
    vals = vals_;
    types = types_;
    sp = sp_;
    cap = cap_;
    if (top_ != nullptr) height = top_->height;
    live = body->in_block();
  };
  // Failures inside the loop: hand the position to the members that build the message.
  auto sync = [&] {
    ip_ = ip;
    rd_.set_pos(p);
    sp_ = sp;
  };
  auto u32 = [&](uint32_t* out) -> bool {
    if (p < end && p[0] < 0x80) [[likely]] {
      *out = *p++;
      return true;
    }
    if (p + 1 < end && p[1] < 0x80) {
      *out = (p[0] & 0x7Fu) | (uint32_t{p[1]} << 7);
      p += 2;
      return true;
    }
    sync();
    uint32_t v = 0;  // not {out}: keep its address from escaping
    bool ok = rd_.read_u32(&v);
    *out = v;
    p = rd_.pos();
    return ok;
  };
  auto push = [&](Value v, Type t) -> bool {
    if (sp == cap) [[unlikely]] {
      sync();
      if (!grow(1)) return false;
      vals = vals_;
      types = types_;
      cap = cap_;
    }
    vals[sp] = v.index;
    types[sp] = t;
    ++sp;
    return true;
  };
  auto pop = [&](Type t, Value* v) -> bool {
    if (sp > height) [[likely]] {
      Type have = types[sp - 1];
      if (have == t || have == kBot) [[likely]] {
        *v = Value(vals[--sp]);
        return true;
      }
      sync();
      return type_mismatch(t, have);
    }
    sync();
    Value bottom;  // not {v}: its address would escape and pin it to memory
    bool ok = pop_slow(t, &bottom);
    *v = bottom;
    return ok;
  };
  auto emit = [&](const ir::InstData& d, uint32_t n) {
    return live ? Value::of_inst(body->append_inline(d, n, srcloc(ip))) : Value();
  };
#define COLD(call)                         \
  do {                                     \
    sync();                                \
    body->set_srcloc(srcloc(ip));          \
    if (!(call)) return false;             \
    if (top_ == nullptr) goto done;        \
    reload();                              \
  } while (0)

  for (;;) {
    ip = p;
    if (p >= end) [[unlikely]] {
      sync();
      return malformed("END opcode expected");
    }
    uint8_t op = *p++;
    switch (op) {
      case 0x20: {  // local.get
        uint32_t x = 0;
        if (!u32(&x)) return false;
        if (x >= num_locals) [[unlikely]] {
          sync();
          return invalid("unknown local " + std::to_string(x));
        }
        Type t = local_types[x];
        if (!push(emit({Opcode::kLocalGet, t, 0, x, 0, 0}, 0), t)) return false;
        break;
      }
      case 0x21: case 0x22: {  // local.set, local.tee
        uint32_t x = 0;
        Value v;
        if (!u32(&x)) return false;
        if (x >= num_locals) [[unlikely]] {
          sync();
          return invalid("unknown local " + std::to_string(x));
        }
        Type t = local_types[x];
        if (!pop(t, &v)) return false;
        if (op == 0x21) {
          emit({Opcode::kLocalSet, Type::kVoid, 0, v.index, x, 0}, 1);
        } else if (!push(emit({Opcode::kLocalTee, t, 0, v.index, x, 0}, 1), t)) {
          return false;
        }
        break;
      }
      case 0x23: {  // global.get
        uint32_t x = 0;
        if (!u32(&x)) return false;
        if (x >= globals.size()) [[unlikely]] {
          sync();
          return invalid("unknown global " + std::to_string(x));
        }
        Type t = globals[x].type;
        if (!push(emit({Opcode::kGlobalGet, t, 0, x, 0, 0}, 0), t)) return false;
        break;
      }
      case 0x28: case 0x29: case 0x2A: case 0x2B: case 0x2C: case 0x2D: case 0x2E: case 0x2F:
      case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: {  // loads
        const OpDesc& d = kOpTables.plain[op];
        uint32_t flags = 0, offset = 0;
        Value addr;
        if (!u32(&flags)) return false;
        if (((flags & 0x40) && multi_memory) || num_memories == 0 || flags > d.mem_log2) [[unlikely]] {
          p = ip + 1;  // the general path reads the memarg again and reports the error
          COLD(op_load_store(op));
          break;
        }
        if (!u32(&offset) || !pop(Type::kI32, &addr)) return false;
        if (!push(emit({d.op, d.result, static_cast<uint8_t>(flags), addr.index, 0, offset}, 1), d.result)) return false;
        break;
      }
      case 0x36: case 0x37: case 0x38: case 0x39: case 0x3A: case 0x3B: case 0x3C: case 0x3D: case 0x3E: {  // stores
        const OpDesc& d = kOpTables.plain[op];
        uint32_t flags = 0, offset = 0;
        Value addr, v;
        if (!u32(&flags)) return false;
        if (((flags & 0x40) && multi_memory) || num_memories == 0 || flags > d.mem_log2) [[unlikely]] {
          p = ip + 1;
          COLD(op_load_store(op));
          break;
        }
        if (!u32(&offset) || !pop(d.args[1], &v) || !pop(Type::kI32, &addr)) return false;
        emit({d.op, Type::kVoid, static_cast<uint8_t>(flags), addr.index, v.index, offset}, 2);
        break;
      }
      case 0x41: {  // i32.const
        int32_t v = 0;
        if (p < end && *p < 0x80) [[likely]] {
          v = static_cast<int32_t>(static_cast<uint32_t>(*p++) << 25) >> 25;
        } else {
          sync();
          int32_t w = 0;
          if (!rd_.read_s32(&w)) return false;
          v = w;
          p = rd_.pos();
        }
        if (!push(emit({Opcode::kI32Const, Type::kI32, 0, static_cast<uint32_t>(v), 0, 0}, 0), Type::kI32)) return false;
        break;
      }
      case 0x1A: {  // drop
        if (sp > height) [[likely]] {
          --sp;
        } else if (!top_->unreachable) {
          sync();
          return invalid("type mismatch: expected a value, but the stack is empty");
        }
        break;
      }
      case 0x01: break;  // nop
      case 0x00: COLD(op_unreachable()); break;
      case 0x02: COLD(op_block(Kind::kBlock)); break;
      case 0x03: COLD(op_block(Kind::kLoop)); break;
      case 0x04: COLD(op_block(Kind::kIf)); break;
      case 0x05: COLD(op_else()); break;
      case 0x0B: COLD(op_end()); break;
      case 0x0C: COLD(op_br()); break;
      case 0x0D: COLD(op_br_if()); break;
      case 0x0E: COLD(op_br_table()); break;
      case 0x0F: COLD(op_return()); break;
      case 0x10: COLD(op_call()); break;
      case 0x11: COLD(op_call_indirect()); break;
      case 0x1B: COLD(op_select(false)); break;
      case 0x1C: COLD(op_select(true)); break;
      case 0x24: COLD(op_global(op)); break;
      case 0x25: case 0x26: COLD(op_table_get_set(op)); break;
      case 0x3F: case 0x40: COLD(op_memory_size_grow(op)); break;
      case 0x42: case 0x43: case 0x44: COLD(op_const(op)); break;
      case 0xD0: case 0xD1: case 0xD2: COLD(op_ref(op)); break;
      case 0xFC: COLD(op_prefix_fc()); break;
      case 0xFD: COLD(op_prefix_fd()); break;
      default: {  // numeric
        const OpDesc& d = kOpTables.plain[op];
        if (op < 0x45 || op > 0xC4 || !d.valid()) [[unlikely]] {
          sync();
          return malformed("illegal opcode");
        }
        Value x, y;
        if (d.format == Format::Unary) {
          if (!pop(d.args[0], &x) || !push(emit({d.op, d.result, 0, x.index, 0, 0}, 1), d.result)) return false;
        } else {
          if (!pop(d.args[1], &y) || !pop(d.args[0], &x)) return false;
          if (!push(emit({d.op, d.result, 0, x.index, y.index, 0}, 2), d.result)) return false;
        }
        break;
      }
    }
  }
#undef COLD
done:
  if (!rd_.at_end()) return rd_.fail(ErrorCode::kMalformed, "section size mismatch: bytes after the function's end");
  return true;
}

}  // namespace wasmrust::frontend
