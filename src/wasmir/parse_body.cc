// The WasmIR text parser: function bodies (locals, blocks, instructions).
//
// Pass 1 (prescan) reads locals and block headers and predicts every named value's id:
// instruction ids follow textual order; block parameters are created first (aux values in
// header order); results of multi-result calls follow them in textual order. Pass 2
// appends the instructions with use counting off (operands may name later values) and
// checks every prediction; use counts are recomputed at the end.
#include <algorithm>
#include <iterator>

#include "wasmir/parser_impl.h"
#include "wasmir/text_util.h"
#include "wasmir/typing.h"

namespace wasmrust::ir {

namespace {

// Opcode names -> opcodes through a hash table built once (opcode_from_name's binary
// search costs a strlen per probe, and the parser looks up every instruction).
class OpcodeIndex {
 public:
  OpcodeIndex() {
    std::fill(std::begin(slots_), std::end(slots_), kEmpty);
    for (uint32_t i = 0; i < kOpcodeCount; ++i) {
      std::string_view name = opcode_name(static_cast<Opcode>(i));
      uint32_t h = hash(name) & kMask;
      while (slots_[h] != kEmpty) h = (h + 1) & kMask;
      slots_[h] = static_cast<uint16_t>(i);
    }
  }
  bool find(std::string_view name, Opcode* out) const {
    for (uint32_t h = hash(name) & kMask; slots_[h] != kEmpty; h = (h + 1) & kMask) {
      if (opcode_name(static_cast<Opcode>(slots_[h])) == name) {
        *out = static_cast<Opcode>(slots_[h]);
        return true;
      }
    }
    return false;
  }

 private:
  static constexpr uint32_t kSize = 2048, kMask = kSize - 1;
  static constexpr uint16_t kEmpty = 0xFFFF;
  static uint32_t hash(std::string_view s) {
    uint32_t h = 2166136261u;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h ^ (h >> 15);
  }
  uint16_t slots_[kSize] = {};
};

bool lookup_opcode(std::string_view name, Opcode* out) {
  static const OpcodeIndex index = [] {
    static_assert(kOpcodeCount < 1024, "the opcode index stays at most half full");
    return OpcodeIndex();
  }();
  return index.find(name, out);
}

bool is_local_decl(std::string_view w) { return w.size() > 5 && w.starts_with("local") && w[5] >= '0' && w[5] <= '9'; }

std::string op_text(const Token& t) { return std::string(t.text); }
}  // namespace

bool Parser::body(const PendingBody& pb) {
  func_ = pb.func;
  Function& fn = m_->funcs[pb.func];
  FunctionBody& f = *fn.body;
  lex_ = pb.at;
  values_.clear();
  blocks_.clear();
  unplaced_.clear();
  call_defs_.clear();
  inst_count_ = 0;
  body_locs_ = locs_ ? &locs_->bodies[pb.func] : nullptr;
  f.set_count_uses(false);
  while (lex_.peek().kind == Tok::kWord && is_local_decl(lex_.peek().text)) {
    if (!locals_decl(fn, f)) return false;
  }
  Lexer first_line = lex_;
  if (!prescan(f)) return false;
  lex_ = first_line;
  if (!emit_lines(f)) return false;
  if (f.num_insts() != inst_count_) return fail(lex_.peek(), "internal error: instruction count mismatch");
  f.recount_uses();
  f.set_count_uses(true);
  return true;
}

// `localN: type ["name"] [linear]` or `localN..localM: type`
bool Parser::locals_decl(Function& fn, FunctionBody& f) {
  Token t = lex_.next();
  if (!t.line_start) return fail_expected(t, "a new line");
  std::string_view w = t.text;
  size_t dots = w.find("..");
  uint32_t first, last;
  bool range = dots != std::string_view::npos;
  if (!ref_index(w.substr(0, dots), "local", &first) ||
      (range && !ref_index(w.substr(dots + 2), "local", &last))) {
    return fail_expected(t, "a local declaration (localN or localN..localM)");
  }
  if (!range) last = first;
  if (first != f.num_locals()) return fail_expected(t, "local" + std::to_string(f.num_locals()));
  if (last < first) return fail(t, "a local range must not be empty");
  if (uint64_t{last} - first + 1 + f.num_locals() > kMaxLocals) return fail(t, "too many locals");
  Type ty;
  if (!expect(Tok::kColon, "':'") || !value_type(&ty)) return false;
  if (range) {
    f.add_locals(last - first + 1, ty);
    return expect_line_end();
  }
  Local l = f.add_local(ty);
  if (lex_.peek().kind == Tok::kString && !lex_.peek().line_start) {
    if (!string(&str_)) return false;
    fn.local_names.emplace_back(l.index, str_);
  }
  if (peek_word("linear") && !lex_.peek().line_start) {
    lex_.next();
    f.mark_local_linear(l);
  }
  return expect_line_end();
}

bool Parser::prescan(FunctionBody& f) {
  for (;;) {
    Token t = lex_.next();
    if (t.kind == Tok::kRBrace) break;
    if (t.kind == Tok::kEof) return fail(t, "unexpected end of input in a function body");
    if (!t.line_start) return fail_expected(t, "end of line");
    bool has_loc = t.kind == Tok::kSrcLoc;
    if (has_loc) t = lex_.next();
    uint32_t n;
    if (t.kind == Tok::kWord && ref_index(t.text, "block", &n)) {
      if (has_loc) return fail_expected(t, "an instruction after a source location");
      if (!block_header(f, t)) return false;
      continue;
    }
    if (t.kind == Tok::kWord && ref_index(t.text, "v", &n)) {
      if (!prescan_defs(t)) return false;
    } else if (t.kind != Tok::kWord || (has_loc && t.line_start)) {
      return fail_expected(t, "an instruction or a block header");
    }
    ++inst_count_;
    skip_line();
  }
  // Results of multi-result calls come after all block parameters in the aux table.
  uint32_t base = f.num_aux();
  for (uint32_t k = 0; k < call_defs_.size(); ++k) {
    if (!values_.insert(call_defs_[k].name, Value::aux(base + k).index))
      return fail(call_defs_[k].tok, std::string(call_defs_[k].tok.text) + " is defined twice");
  }
  return true;
}

// `blockN[(vK: type [linear], ...)]: [unplaced]`
bool Parser::block_header(FunctionBody& f, const Token& t) {
  uint32_t name;
  ref_index(t.text, "block", &name);
  types_.clear();
  defs_.clear();
  if (lex_.peek().kind == Tok::kLParen && !lex_.peek().line_start) {
    lex_.next();
    if (!accept(Tok::kRParen)) {
      do {
        Token v = lex_.next();
        uint32_t vn;
        if (v.kind != Tok::kWord || !ref_index(v.text, "v", &vn)) return fail_expected(v, "a parameter (vN)");
        Type ty;
        if (!expect(Tok::kColon, "':'") || !value_type(&ty)) return false;
        bool lin = peek_word("linear");
        if (lin) lex_.next();
        types_.push_back(ty);
        defs_.push_back(Def{vn, ty, true, lin, v});
      } while (accept(Tok::kComma));
      if (!expect(Tok::kRParen, "',' or ')'")) return false;
    }
  }
  if (!expect(Tok::kColon, "':' after the block header")) return false;
  bool unplaced = peek_word("unplaced") && !lex_.peek().line_start;
  if (unplaced) lex_.next();
  if (!expect_line_end()) return false;
  if (types_.size() > 0xFFFF) return fail(t, "too many block parameters");
  Block b = f.create_block(types_);
  if (!blocks_.insert(name, b.index)) return fail(t, std::string(t.text) + " is defined twice");
  unplaced_.push_back(unplaced);
  if (body_locs_) body_locs_->blocks.push_back(t.line);
  for (uint32_t k = 0; k < defs_.size(); ++k) {
    Value v = f.block_param(b, k);
    if (!values_.insert(defs_[k].name, v.index))
      return fail(defs_[k].tok, std::string(defs_[k].tok.text) + " is defined twice");
    if (defs_[k].linear) f.mark_linear(v);
  }
  return true;
}

// `vN [: type] [linear], ... =` in pass 1: only the names matter here.
bool Parser::prescan_defs(const Token& first) {
  if (!defs(first)) return false;
  if (defs_.size() == 1) {
    if (!values_.insert(defs_[0].name, Value::of_inst(Inst(inst_count_)).index))
      return fail(first, std::string(first.text) + " is defined twice");
    return true;
  }
  for (const Def& d : defs_) call_defs_.push_back(d);
  return true;
}

bool Parser::defs(Token t) {
  defs_.clear();
  for (;;) {
    Def d{0, Type::kVoid, false, false, t};
    if (t.kind != Tok::kWord || !ref_index(t.text, "v", &d.name)) return fail_expected(t, "a value name (vN)");
    if (accept(Tok::kColon)) {
      if (!value_type(&d.type)) return false;
      d.annotated = true;
    }
    d.linear = accept_word("linear");
    defs_.push_back(d);
    if (!accept(Tok::kComma)) break;
    t = lex_.next();
  }
  return expect(Tok::kEq, "',' or '='");
}

bool Parser::emit_lines(FunctionBody& f) {
  bool in_unplaced = false;
  for (;;) {
    Token t = lex_.next();
    if (t.kind == Tok::kRBrace) return true;
    srcloc_ = 0;
    if (t.kind == Tok::kSrcLoc) {
      if (t.text.size() > 8) return fail(t, "a source location must fit in 32 bits");
      for (char c : t.text) srcloc_ = srcloc_ * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
      t = lex_.next();
    }
    uint32_t n;
    if (t.kind == Tok::kWord && ref_index(t.text, "block", &n)) {
      const uint32_t* found = blocks_.find(n);
      if (found == nullptr) return fail(t, "internal error: block not declared");
      Block b(*found);
      skip_line();
      in_unplaced = unplaced_[b.index];
      if (!in_unplaced) f.switch_to(b);
      continue;
    }
    if (in_unplaced) return fail(t, "an unplaced block has no instructions");
    if (!f.in_block()) {
      return fail(t, f.layout().empty() ? "an instruction before the first block header"
                                        : "an instruction after the block's terminator (start a new block)");
    }
    if (!inst(f, t)) return false;
  }
}

bool Parser::more(const char* what) {
  if (!at_line_end()) return true;
  std::string msg = "expected ";
  msg.append(what);
  msg.append(" before the end of the line");
  Token at;
  at.line = lex_.prev_end_line();
  at.col = lex_.prev_end_col();
  return fail(at, msg);
}

bool Parser::inst_ref(std::string_view prefix, uint32_t* out, const char* what) {
  return more(what) && entity_ref(prefix, out, what);
}

bool Parser::opt_inst_ref(std::string_view prefix, uint32_t* out) {
  if (at_line_end() || !peek_ref(prefix)) return true;
  return entity_ref(prefix, out, "");
}

bool Parser::operand(Value* out) {
  if (!more("a value")) return false;
  Token t = lex_.next();
  uint32_t n;
  if (t.kind != Tok::kWord || !ref_index(t.text, "v", &n)) return fail_expected(t, "a value (vN)");
  const uint32_t* raw = values_.find(n);
  if (raw == nullptr) return fail(t, "undefined value " + std::string(t.text));
  *out = Value(*raw);
  return true;
}

bool Parser::operands(Value* out, uint32_t n) {
  for (uint32_t k = 0; k < n; ++k) {
    if (k > 0 && !expect(Tok::kComma, "','")) return false;
    if (!operand(&out[k])) return false;
  }
  return true;
}

bool Parser::paren_values(std::vector<Value>* out) {
  out->clear();
  if (!expect(Tok::kLParen, "'('")) return false;
  if (accept(Tok::kRParen)) return true;
  do {
    Value v;
    if (!operand(&v)) return false;
    out->push_back(v);
  } while (accept(Tok::kComma));
  return expect(Tok::kRParen, "',' or ')'");
}

bool Parser::block_ref(Block* out) {
  uint32_t n;
  Token t = lex_.peek();
  if (!inst_ref("block", &n, "a block (blockN)")) return false;
  const uint32_t* b = blocks_.find(n);
  if (b == nullptr) return fail(t, "undefined block " + std::string(t.text));
  *out = Block(*b);
  return true;
}

bool Parser::block_call(Block* b, std::vector<Value>* args) {
  args->clear();
  if (!block_ref(b)) return false;
  if (lex_.peek().kind == Tok::kLParen && !lex_.peek().line_start) return paren_values(args);
  return true;
}

bool Parser::result_type(const Token& op, std::optional<Type> inferred, Type* out) {
  if (defs_.empty()) {
    *out = inferred.value_or(Type::kVoid);
    return true;
  }
  if (defs_.size() > 1) return fail(defs_[1].tok, op_text(op) + " has at most one result");
  const Def& d = defs_[0];
  if (d.annotated) {
    *out = d.type;
    return true;
  }
  if (inferred && *inferred != Type::kVoid) {
    *out = *inferred;
    return true;
  }
  if (inferred) return fail(d.tok, op_text(op) + " has no result");
  std::string name(d.tok.text);
  return fail(d.tok, "cannot infer the type of " + name + " here; write " + name + ": <type>");
}

bool Parser::finish_inst(FunctionBody& f, Inst i, const Token& op) {
  for (uint32_t r = 0; r < defs_.size(); ++r) {
    Value v = f.result(i, r);
    if (v != predicted_[r]) return fail(op, "internal error: value numbering mismatch");
    if (defs_[r].linear) f.mark_linear(v);
  }
  if (body_locs_) body_locs_->insts.push_back(op.line);
  return expect_line_end();
}

bool Parser::inst(FunctionBody& f, Token t) {
  defs_.clear();
  predicted_.clear();
  uint32_t n;
  if (t.kind == Tok::kWord && ref_index(t.text, "v", &n)) {
    if (!defs(t)) return false;
    for (const Def& d : defs_) predicted_.push_back(Value(*values_.find(d.name)));
    t = lex_.next();
  }
  Opcode op;
  if (t.kind != Tok::kWord || !lookup_opcode(t.text, &op)) return fail_expected(t, "an instruction");
  f.set_srcloc(srcloc_);
  switch (op_format(op)) {
    case Format::Load: case Format::Store: case Format::LoadLane: case Format::StoreLane:
      return inst_memory(f, op, t);
    case Format::Const128: case Format::Shuffle:
      return inst_simd(f, op, t);
    case Format::MemoryFill: case Format::MemoryCopy: case Format::MemoryInit:
    case Format::TableFill: case Format::TableCopy: case Format::TableInit:
      return inst_bulk(f, op, t);
    case Format::Call: case Format::CallIndirect:
      return inst_call(f, op, t);
    case Format::Jump: case Format::BrIf: case Format::BrTable: case Format::Return:
      return inst_branch(f, op, t);
    default:
      return inst_plain(f, op, t);
  }
}

// Formats whose operands and immediates all sit in InstData's own fields.
bool Parser::inst_plain(FunctionBody& f, Opcode op, const Token& t) {
  InstData d{op, Type::kVoid, 0, 0, 0, 0};
  Value v[3];
  uint64_t bits = 0;
  bool ok = true;
  switch (op_format(op)) {
    case Format::Const32:
      if (op == Opcode::kF32Const) {
        ok = more("a constant") && f32_literal(&d.a);
      } else {
        ok = more("a constant") && int_literal(32, &bits);
        d.a = static_cast<uint32_t>(bits);
      }
      break;
    case Format::Const64:
      ok = more("a constant") && (op == Opcode::kF64Const ? f64_literal(&bits) : int_literal(64, &bits));
      d.a = static_cast<uint32_t>(bits);
      d.b = static_cast<uint32_t>(bits >> 32);
      break;
    case Format::Unary: case Format::RefIsNull: ok = operands(v, 1); break;
    case Format::Binary: ok = operands(v, 2); break;
    case Format::Ternary: case Format::Select: ok = operands(v, 3); break;
    case Format::ExtractLane: case Format::ReplaceLane: {
      Token lt = lex_.peek();
      uint32_t lane = 0;
      if (!more("a lane index") || !u32(&lane, "a lane index")) return false;
      if (lane > 255) return fail(lt, "a lane index must be below 256");
      d.imm8 = static_cast<uint8_t>(lane);
      ok = operands(v, op_format(op) == Format::ExtractLane ? 1 : 2);
      break;
    }
    case Format::LocalGet: ok = inst_ref("local", &d.a, "a local (localN)"); break;
    case Format::LocalSet: case Format::LocalTee: ok = inst_ref("local", &d.b, "a local (localN)") && operands(v, 1); break;
    case Format::GlobalGet: ok = inst_ref("global", &d.a, "a global (globalN)"); break;
    case Format::GlobalSet: ok = inst_ref("global", &d.b, "a global (globalN)") && operands(v, 1); break;
    case Format::MemorySize: ok = opt_inst_ref("mem", &d.a); break;
    case Format::MemoryGrow: ok = opt_inst_ref("mem", &d.b) && operands(v, 1); break;
    case Format::DataDrop: ok = inst_ref("data", &d.a, "a data segment (dataN)"); break;
    case Format::ElemDrop: ok = inst_ref("elem", &d.a, "an element segment (elemN)"); break;
    case Format::TableGet: ok = opt_inst_ref("table", &d.b) && operands(v, 1); break;
    case Format::TableSet: case Format::TableGrow: ok = opt_inst_ref("table", &d.c) && operands(v, 2); break;
    case Format::TableSize: ok = opt_inst_ref("table", &d.a); break;
    case Format::RefNull: {
      Type rt = Type::kVoid;
      ok = more("a reference type") && value_type(&rt);
      d.imm8 = static_cast<uint8_t>(rt);
      break;
    }
    case Format::RefFunc: ok = inst_ref("func", &d.a, "a function (funcN)"); break;
    default: break;  // unreachable: no operands
  }
  if (!ok) return false;
  // The value operands sit in a, b, c in order (fixed_operands' view of these formats).
  uint32_t* fields[3] = {&d.a, &d.b, &d.c};
  for (uint32_t k = 0; k < 3 && v[k].valid(); ++k) *fields[k] = v[k].index;
  if (!result_type(t, infer_result_type(*m_, f, d), &d.type)) return false;
  return finish_inst(f, f.append(d, srcloc_), t);
}

bool Parser::memarg(Opcode op, MemArg* out) {
  out->align_log2 = op_info(op).mem_log2;
  if (!opt_inst_ref("mem", &out->mem)) return false;
  if (!at_line_end() && peek_word("offset")) {
    lex_.next();
    if (!expect(Tok::kEq, "'='") || !u64(&out->offset, "an offset")) return false;
  }
  if (!at_line_end() && peek_word("align")) {
    lex_.next();
    uint64_t a;
    Token at = lex_.peek();
    if (!expect(Tok::kEq, "'='") || !u64(&a, "an alignment in bytes")) return false;
    if (a == 0 || (a & (a - 1)) != 0) return fail(at, "an alignment must be a power of two");
    if (a > 128) return fail(at, "an alignment must be at most 128 bytes");
    uint8_t log2 = 0;
    while ((uint64_t{1} << log2) < a) ++log2;
    out->align_log2 = log2;
  }
  return true;
}

bool Parser::inst_memory(FunctionBody& f, Opcode op, const Token& t) {
  MemArg ma;
  if (!memarg(op, &ma)) return false;
  Format fmt = op_format(op);
  if (fmt == Format::LoadLane || fmt == Format::StoreLane) {
    uint32_t lane;
    Token lt = lex_.peek();
    if (!more("a lane index") || !u32(&lane, "a lane index")) return false;
    if (lane > 15) return fail(lt, "a lane index of a memory access must be below 16");
    ma.lane = static_cast<uint8_t>(lane);
  }
  Value v[2];
  if (!operands(v, fmt == Format::Load ? 1 : 2)) return false;
  InstData probe{op, Type::kVoid, 0, 0, 0, 0};
  Type ty;
  if (!result_type(t, infer_result_type(*m_, f, probe), &ty)) return false;
  Inst i;
  switch (fmt) {
    case Format::Load: i = f.load(op, ty, v[0], ma).inst(); break;
    case Format::Store: i = f.store(op, v[0], v[1], ma); break;
    default: i = f.lane_access(op, ty, v[0], v[1], ma); break;
  }
  f.inst_mut(i).type = ty;
  return finish_inst(f, i, t);
}

bool Parser::inst_simd(FunctionBody& f, Opcode op, const Token& t) {
  uint8_t bytes[16];
  if (op_format(op) == Format::Const128) {
    if (!more("a v128 shape") || !v128_literal(bytes)) return false;
  } else {
    for (uint8_t& lane : bytes) {
      uint32_t l;
      Token lt = lex_.peek();
      if (!more("16 lane indexes") || !u32(&l, "a lane index")) return false;
      if (l > 255) return fail(lt, "a lane index must be below 256");
      lane = static_cast<uint8_t>(l);
    }
  }
  Value v[2];
  if (op_format(op) == Format::Shuffle && !operands(v, 2)) return false;
  Type ty;
  if (!result_type(t, Type::kV128, &ty)) return false;
  Inst i = op_format(op) == Format::Const128 ? f.v128_const(bytes).inst() : f.shuffle(v[0], v[1], bytes).inst();
  f.inst_mut(i).type = ty;
  return finish_inst(f, i, t);
}

bool Parser::inst_bulk(FunctionBody& f, Opcode op, const Token& t) {
  Format fmt = op_format(op);
  bool is_mem = fmt == Format::MemoryFill || fmt == Format::MemoryCopy || fmt == Format::MemoryInit;
  const char* prefix = is_mem ? "mem" : "table";
  uint32_t imm0 = 0, imm1 = 0;
  if (!opt_inst_ref(prefix, &imm0)) return false;
  if ((fmt == Format::MemoryCopy || fmt == Format::TableCopy) && !opt_inst_ref(prefix, &imm1)) return false;
  if (fmt == Format::MemoryInit && !inst_ref("data", &imm1, "a data segment (dataN)")) return false;
  if (fmt == Format::TableInit && !inst_ref("elem", &imm1, "an element segment (elemN)")) return false;
  Value v[3];
  if (!operands(v, 3)) return false;
  Type ty;
  if (!result_type(t, Type::kVoid, &ty)) return false;
  Inst i = f.bulk(op, v[0], v[1], v[2], imm0, imm1);
  f.inst_mut(i).type = ty;
  return finish_inst(f, i, t);
}

bool Parser::inst_call(FunctionBody& f, Opcode op, const Token& t) {
  uint32_t callee_or_type, table = 0;
  Value callee;
  const FuncType* ft;
  if (op == Opcode::kCall) {
    if (!inst_ref("func", &callee_or_type, "a function (funcN)")) return false;
    ft = callee_type_of(*m_, callee_or_type);
  } else {
    if (!inst_ref("type", &callee_or_type, "a type (typeN)") || !opt_inst_ref("table", &table) || !operand(&callee))
      return false;
    ft = type_at(*m_, callee_or_type);
  }
  if (!more("'(' and the arguments") || !paren_values(&args_)) return false;
  uint32_t nd = static_cast<uint32_t>(defs_.size());
  types_.clear();
  if (ft) {
    uint32_t nr = static_cast<uint32_t>(ft->results.size());
    if (nd != 0 && nd != nr)
      return fail(t, "the callee returns " + std::to_string(nr) + " values but " + std::to_string(nd) + " are named");
    if (nd == 0 && nr >= 2) return fail(t, "name the " + std::to_string(nr) + " results of this call");
    for (uint32_t r = 0; r < nr; ++r) types_.push_back(nd && defs_[r].annotated ? defs_[r].type : ft->results[r]);
  } else {
    for (const Def& d : defs_) {
      std::string name(d.tok.text);
      if (!d.annotated) return fail(d.tok, "the callee's type is unknown; write " + name + ": <type>");
      types_.push_back(d.type);
    }
  }
  Inst i;
  if (op == Opcode::kCall) {
    i = f.call(callee_or_type, args_, types_);
  } else {
    args_.push_back(callee);
    i = f.call_indirect(callee_or_type, table, args_, types_);
  }
  return finish_inst(f, i, t);
}

bool Parser::inst_branch(FunctionBody& f, Opcode op, const Token& t) {
  Type ty;
  if (!defs_.empty() && !result_type(t, Type::kVoid, &ty)) return false;
  Value v;
  Block b0, b1;
  Inst i;
  switch (op) {
    case Opcode::kJump:
      if (!block_call(&b0, &args_)) return false;
      i = f.jump(b0, args_);
      break;
    case Opcode::kBrIf:
      if (!operand(&v) || !expect(Tok::kComma, "','") || !block_call(&b0, &args_) ||
          !expect(Tok::kComma, "','") || !block_call(&b1, &args2_))
        return false;
      i = f.br_if(v, b0, args_, b1, args2_);
      break;
    case Opcode::kBrTable:
      targets_.clear();
      args_.clear();
      if (!operand(&v) || !expect(Tok::kComma, "','") || !expect(Tok::kLBracket, "'['")) return false;
      if (!accept(Tok::kRBracket)) {
        do {
          if (!block_ref(&b0)) return false;
          targets_.push_back(b0);
        } while (accept(Tok::kComma));
        if (!expect(Tok::kRBracket, "',' or ']'")) return false;
      }
      if (!expect(Tok::kComma, "','") || !block_ref(&b1)) return false;
      if (!at_line_end() && accept(Tok::kComma) && !paren_values(&args_)) return false;
      i = f.br_table(v, targets_, b1, args_);
      break;
    default:  // return
      args_.clear();
      while (!at_line_end()) {
        if (!args_.empty() && !expect(Tok::kComma, "','")) return false;
        if (!operand(&v)) return false;
        args_.push_back(v);
      }
      i = f.ret(args_);
      break;
  }
  if (!defs_.empty()) f.inst_mut(i).type = ty;
  return finish_inst(f, i, t);
}

}  // namespace wasmrust::ir
