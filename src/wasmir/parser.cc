// The WasmIR text parser: tokens, literals and module items. Function bodies are parsed
// after every module item (parse_body.cc), so instructions can infer types from items that
// appear later in the text.
#include <algorithm>
#include <cstring>

#include "wasmir/parser_impl.h"
#include "wasmir/text_util.h"
#include "wasmir/typing.h"

namespace wasmrust::ir {

// ---- NameMap ----

namespace {
uint32_t hash32(uint32_t k) {
  k ^= k >> 16;
  k *= 0x7feb352d;
  k ^= k >> 15;
  k *= 0x846ca68b;
  k ^= k >> 16;
  return k;
}
}  // namespace

bool NameMap::insert(uint32_t key, uint32_t value) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  size_t mask = slots_.size() - 1;
  for (size_t i = hash32(key) & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.gen != gen_) {
      s = Slot{key, value, gen_};
      ++size_;
      return true;
    }
    if (s.key == key) return false;
  }
}

const uint32_t* NameMap::find(uint32_t key) const {
  if (slots_.empty()) return nullptr;
  size_t mask = slots_.size() - 1;
  for (size_t i = hash32(key) & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.gen != gen_) return nullptr;
    if (s.key == key) return &s.value;
  }
}

void NameMap::grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{0, 0, 0});
  uint32_t live = gen_;
  size_ = 0;
  for (const Slot& s : old)
    if (s.gen == live) insert(s.key, s.value);
}

// ---- tokens and errors ----

bool Parser::fail(const Token& at, std::string_view msg) {
  if (!err_) {
    Error e;
    e.code = ErrorCode::kParse;
    e.message = std::string(msg);
    e.line = at.line;
    e.column = at.col;
    err_ = std::move(e);
  }
  return false;
}

bool Parser::fail_expected(const Token& at, std::string_view what) {
  std::string msg = "expected ";
  msg.append(what);
  msg.append(", found ");
  if (at.kind == Tok::kEof) {
    msg.append("end of input");
  } else if (at.kind == Tok::kInvalid && at.text.starts_with("\"")) {
    msg.append("an unterminated string");
  } else {
    msg.push_back('\'');
    msg.append(at.text.substr(0, 40));
    msg.push_back('\'');
  }
  return fail(at, msg);
}

bool Parser::expect(Tok kind, std::string_view what, Token* out) {
  Token t = lex_.next();
  if (t.kind != kind) return fail_expected(t, what);
  if (out) *out = t;
  return true;
}

bool Parser::expect_word(std::string_view word) {
  Token t = lex_.next();
  if (t.kind == Tok::kWord && t.text == word) return true;
  std::string what = "'";
  what.append(word);
  what.push_back('\'');
  return fail_expected(t, what);
}

bool Parser::expect_line_end() {
  if (at_line_end()) return true;
  return fail_expected(lex_.peek(), "end of line");
}

bool Parser::skip_line() {
  lex_.skip_rest_of_line();
  return true;
}

bool Parser::ref_index(std::string_view word, std::string_view prefix, uint32_t* out) {
  if (word.size() <= prefix.size() || word.substr(0, prefix.size()) != prefix) return false;
  uint64_t v = 0;
  for (char c : word.substr(prefix.size())) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v >= 0xFFFFFFFFull) return false;
  }
  *out = static_cast<uint32_t>(v);
  return true;
}

bool Parser::entity_ref(std::string_view prefix, uint32_t* out, const char* what) {
  Token t = lex_.next();
  if (t.kind == Tok::kWord && ref_index(t.text, prefix, out)) return true;
  return fail_expected(t, what);
}

bool Parser::value_type(Type* out) {
  static constexpr std::pair<std::string_view, Type> kTypes[] = {
      {"i32", Type::kI32}, {"i64", Type::kI64}, {"f32", Type::kF32}, {"f64", Type::kF64},
      {"v128", Type::kV128}, {"funcref", Type::kFuncRef}, {"externref", Type::kExternRef}};
  Token t = lex_.next();
  if (t.kind == Tok::kWord) {
    for (const auto& [name, ty] : kTypes) {
      if (t.text == name) {
        *out = ty;
        return true;
      }
    }
  }
  return fail_expected(t, "a value type (i32, i64, f32, f64, v128, funcref, externref)");
}

bool Parser::string(std::string* out) {
  Token t;
  if (!expect(Tok::kString, "a string", &t)) return false;
  out->clear();
  if (!decode_string(t.text.substr(1, t.text.size() - 2), out)) return fail(t, "malformed escape in string");
  return true;
}

bool Parser::opt_name(std::string* out) {
  if (lex_.peek().kind != Tok::kString) return true;
  return string(out);
}

bool Parser::u64(uint64_t* out, const char* what) {
  Token t = lex_.next();
  if (t.kind == Tok::kNumber && parse_u64(t.text, out)) return true;
  return fail_expected(t, what);
}

bool Parser::u32(uint32_t* out, const char* what) {
  Token t = lex_.next();
  uint64_t v;
  if (t.kind == Tok::kNumber && parse_u64(t.text, &v) && v <= 0xFFFFFFFFu) {
    *out = static_cast<uint32_t>(v);
    return true;
  }
  return fail_expected(t, what);
}

bool Parser::int_literal(unsigned bits, uint64_t* out) {
  Token t = lex_.next();
  if (t.kind == Tok::kNumber && parse_int_bits(t.text, bits, out)) return true;
  return fail_expected(t, bits == 32 ? "a 32-bit integer" : "a 64-bit integer");
}

bool Parser::f32_literal(uint32_t* out) {
  Token t = lex_.next();
  if (t.kind == Tok::kNumber && parse_f32(t.text, out)) return true;
  return fail_expected(t, "an f32 literal");
}

bool Parser::f64_literal(uint64_t* out) {
  Token t = lex_.next();
  if (t.kind == Tok::kNumber && parse_f64(t.text, out)) return true;
  return fail_expected(t, "an f64 literal");
}

// v128 literals: a shape, then that many lanes (wasm text syntax).
bool Parser::v128_literal(uint8_t bytes[16]) {
  Token shape = lex_.next();
  static constexpr struct {
    const char* name;
    unsigned lanes, bits;
    bool is_float;
  } kShapes[] = {{"i8x16", 16, 8, false}, {"i16x8", 8, 16, false}, {"i32x4", 4, 32, false},
                 {"i64x2", 2, 64, false}, {"f32x4", 4, 32, true},  {"f64x2", 2, 64, true}};
  for (const auto& s : kShapes) {
    if (shape.kind != Tok::kWord || shape.text != s.name) continue;
    for (unsigned k = 0; k < s.lanes; ++k) {
      uint64_t v = 0;
      if (s.is_float && s.bits == 32) {
        uint32_t b;
        if (!f32_literal(&b)) return false;
        v = b;
      } else if (s.is_float) {
        if (!f64_literal(&v)) return false;
      } else if (!int_literal(s.bits, &v)) {
        return false;
      }
      std::memcpy(bytes + k * (s.bits / 8), &v, s.bits / 8);  // little-endian host
    }
    return true;
  }
  return fail_expected(shape, "a v128 shape (i8x16, i16x8, i32x4, i64x2, f32x4, f64x2)");
}

// ---- module items ----

Result<std::unique_ptr<Module>> Parser::run() {
  m_ = std::make_unique<Module>();
  if (text_.size() >= 0xFFFFFFF0u) {
    Error e{ErrorCode::kParse, "input too large"};
    return e;
  }
  for (;;) {
    Token t = lex_.next();
    if (t.kind == Tok::kEof) break;
    if (!item(t)) return *err_;
  }
  if (locs_) locs_->bodies.resize(m_->funcs.size());
  for (const PendingBody& pb : pending_)
    if (!body(pb)) return *err_;
  return std::move(m_);
}

bool Parser::item(const Token& t) {
  if (t.kind != Tok::kWord) return fail_expected(t, "a module item");
  std::string_view w = t.text;
  if (w == "module") {
    if (!m_->name.empty()) return fail(t, "the module name is given twice");
    if (locs_) locs_->module_name = t.line;
    if (!string(&m_->name)) return false;
    if (m_->name.empty()) return fail(t, "the module name must not be empty");
  } else if (w == "type") {
    note_line(&TextLocations::types, t);
    if (!type_item()) return false;
  } else if (w == "import") {
    note_line(&TextLocations::imports, t);
    if (!import_item()) return false;
  } else if (w == "func") {
    return func_item(std::nullopt);  // ends with its body or line
  } else if (w == "table") {
    if (!table_item(std::nullopt)) return false;
  } else if (w == "memory") {
    if (!memory_item(std::nullopt)) return false;
  } else if (w == "global") {
    if (!global_item(std::nullopt)) return false;
  } else if (w == "export") {
    note_line(&TextLocations::exports, t);
    if (!export_item()) return false;
  } else if (w == "start") {
    if (m_->start) return fail(t, "the start function is given twice");
    if (locs_) locs_->start = t.line;
    uint32_t f;
    if (!entity_ref("func", &f, "a function (funcN)")) return false;
    m_->start = f;
  } else if (w == "elem") {
    note_line(&TextLocations::elems, t);
    if (!elem_item()) return false;
  } else if (w == "data") {
    note_line(&TextLocations::datas, t);
    if (!data_item()) return false;
  } else if (w == "datacount") {
    if (m_->data_count) return fail(t, "datacount is given twice");
    if (locs_) locs_->data_count = t.line;
    uint32_t n;
    if (!u32(&n, "a count")) return false;
    m_->data_count = n;
  } else if (w == "custom") {
    note_line(&TextLocations::customs, t);
    if (!custom_item()) return false;
  } else {
    return fail_expected(t, "a module item (module, type, import, func, table, memory, global, export, "
                            "start, elem, data, datacount, custom)");
  }
  return expect_line_end();
}

bool Parser::expect_label(std::string_view prefix, size_t next, uint32_t* out) {
  Token t = lex_.next();
  uint32_t n;
  if (t.kind != Tok::kWord || !ref_index(t.text, prefix, &n) || n != next) {
    std::string what(prefix);
    what.append(std::to_string(next));
    return fail_expected(t, what);
  }
  *out = n;
  return true;
}

bool Parser::type_item() {
  uint32_t idx;
  if (!expect_label("type", m_->types.size(), &idx) || !expect(Tok::kEq, "'='")) return false;
  FuncType ft;
  for (std::vector<Type>* list : {&ft.params, &ft.results}) {
    if (list == &ft.results && !expect(Tok::kArrow, "'->'")) return false;
    if (!expect(Tok::kLParen, "'('")) return false;
    if (!accept(Tok::kRParen)) {
      do {
        Type t;
        if (!value_type(&t)) return false;
        list->push_back(t);
      } while (accept(Tok::kComma));
      if (!expect(Tok::kRParen, "',' or ')'")) return false;
    }
  }
  m_->types.push_back(std::move(ft));
  return true;
}

bool Parser::import_item() {
  Import im;
  if (!string(&im.module)) return false;
  if (!string(&im.field)) return false;
  Token t = lex_.next();
  uint32_t at = static_cast<uint32_t>(m_->imports.size());
  // As in wasm, imported entities come first in each index space.
  auto defined = [](const auto& v) { return !v.empty() && !v.back().import; };
  bool late = t.kind == Tok::kWord && ((t.text == "func" && defined(m_->funcs)) ||
                                       (t.text == "table" && defined(m_->tables)) ||
                                       (t.text == "memory" && defined(m_->memories)) ||
                                       (t.text == "global" && defined(m_->globals)));
  if (late) return fail(t, "imports must come before the definitions of their kind");
  if (t.kind == Tok::kWord && t.text == "func") {
    im.kind = ExternKind::kFunc;
    im.index = static_cast<uint32_t>(m_->funcs.size());
    m_->imports.push_back(im);
    return func_item(at);
  }
  bool ok;
  if (t.kind == Tok::kWord && t.text == "table") {
    im.kind = ExternKind::kTable;
    im.index = static_cast<uint32_t>(m_->tables.size());
    m_->imports.push_back(im);
    ok = table_item(at);
  } else if (t.kind == Tok::kWord && t.text == "memory") {
    im.kind = ExternKind::kMemory;
    im.index = static_cast<uint32_t>(m_->memories.size());
    m_->imports.push_back(im);
    ok = memory_item(at);
  } else if (t.kind == Tok::kWord && t.text == "global") {
    im.kind = ExternKind::kGlobal;
    im.index = static_cast<uint32_t>(m_->globals.size());
    m_->imports.push_back(im);
    ok = global_item(at);
  } else {
    return fail_expected(t, "func, table, memory or global");
  }
  return ok;
}

// `(local0: i32 "name" linear, ...) -> (i32 linear, ...)`
bool Parser::func_signature(Function& fn, std::vector<Type>* params, std::vector<Type>* results) {
  if (!expect(Tok::kLParen, "'('")) return false;
  std::vector<bool>& lin_p = fn.attrs.linear_params;
  if (!accept(Tok::kRParen)) {
    do {
      uint32_t l;
      if (!expect_label("local", params->size(), &l) || !expect(Tok::kColon, "':'")) return false;
      Type t;
      if (!value_type(&t)) return false;
      params->push_back(t);
      if (lex_.peek().kind == Tok::kString) {
        if (!string(&str_)) return false;
        fn.local_names.emplace_back(l, str_);
      }
      if (peek_word("linear")) {
        lex_.next();
        lin_p.resize(params->size(), false);
        lin_p.back() = true;
      }
    } while (accept(Tok::kComma));
    if (!expect(Tok::kRParen, "',' or ')'")) return false;
  }
  if (!lin_p.empty()) lin_p.resize(params->size(), false);
  if (!expect(Tok::kArrow, "'->'") || !expect(Tok::kLParen, "'('")) return false;
  std::vector<bool>& lin_r = fn.attrs.linear_results;
  if (!accept(Tok::kRParen)) {
    do {
      Type t;
      if (!value_type(&t)) return false;
      results->push_back(t);
      if (peek_word("linear")) {
        lex_.next();
        lin_r.resize(results->size(), false);
        lin_r.back() = true;
      }
    } while (accept(Tok::kComma));
    if (!expect(Tok::kRParen, "',' or ')'")) return false;
  }
  if (!lin_r.empty()) lin_r.resize(results->size(), false);
  return true;
}

bool Parser::effects(EffectSet* e) {
  if (!expect(Tok::kLParen, "'('")) return false;
  if (!accept(Tok::kRParen)) {
    do {
      Token t = lex_.next();
      uint32_t mem;
      std::string_view w = t.kind == Tok::kWord ? t.text : std::string_view();
      if (w == "read" || w == "write") {
        if (!entity_ref("mem", &mem, "a memory (memN)")) return false;
        (w == "read" ? e->mem_read : e->mem_write).push_back(mem);
      } else if (w == "global_write") {
        e->flags |= EffectSet::kGlobalWrite;
      } else if (w == "table_write") {
        e->flags |= EffectSet::kTableWrite;
      } else if (w == "atomics") {
        e->flags |= EffectSet::kAtomics;
      } else if (w == "trap") {
        e->flags |= EffectSet::kTrap;
      } else if (w == "host") {
        if (!string(&str_)) return false;
        e->host.push_back(str_);
      } else {
        return fail_expected(t, "an effect (read memN, write memN, global_write, table_write, atomics, trap, host \"module\")");
      }
    } while (accept(Tok::kComma));
    if (!expect(Tok::kRParen, "',' or ')'")) return false;
  }
  auto sort_unique = [](auto& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  sort_unique(e->mem_read);
  sort_unique(e->mem_write);
  sort_unique(e->host);
  return true;
}

bool Parser::func_attrs(FuncAttrs* a) {
  for (;;) {
    const Token& t = lex_.peek();
    if (t.kind != Tok::kWord || t.line_start) return true;
    Token w = lex_.next();
    if (w.text == "effects") {
      if (a->effects) return fail(w, "effects are given twice");
      a->effects.emplace();
      if (!effects(&*a->effects)) return false;
    } else if (w.text == "tier") {
      Token v = lex_.next();
      if (v.kind == Tok::kWord && v.text == "baseline") a->tier = TierHint::kBaseline;
      else if (v.kind == Tok::kWord && v.text == "optimized") a->tier = TierHint::kOptimized;
      else return fail_expected(v, "baseline or optimized");
    } else if (w.text == "critical") {
      a->critical = true;
    } else if (w.text == "region") {
      if (!string(&a->region)) return false;
      if (a->region.empty()) return fail(w, "a region name must not be empty");
    } else {
      return fail_expected(w, "a function attribute (effects, tier, critical, region) or '{'");
    }
  }
}

bool Parser::func_item(std::optional<uint32_t> import) {
  note_line(&TextLocations::funcs, lex_.peek());
  uint32_t index;
  if (!expect_label("func", m_->funcs.size(), &index)) return false;
  Function fn;
  fn.import = import;
  if (!opt_name(&fn.name) || !entity_ref("type", &fn.type_index, "a type (typeN)")) return false;
  Token sig = lex_.peek();
  std::vector<Type> params, results;
  if (!func_signature(fn, &params, &results) || !func_attrs(&fn.attrs)) return false;
  Token open = lex_.peek();
  bool has_body = !import && open.kind == Tok::kLBrace;
  if (!has_body) {
    const FuncType* ft = type_at(*m_, fn.type_index);
    if (ft && (ft->params != params || ft->results != results))
      return fail(sig, "the signature does not match the function's type");
    m_->funcs.push_back(std::move(fn));
    return expect_line_end();
  }
  lex_.next();
  if (params.size() > kMaxLocals) return fail(sig, "too many parameters");
  auto f = std::make_unique<FunctionBody>();
  f->func_index = index;
  f->type_index = fn.type_index;
  f->num_params = static_cast<uint32_t>(params.size());
  f->results = results;
  for (Type t : params) f->add_local(t);
  fn.body = std::move(f);
  m_->funcs.push_back(std::move(fn));
  pending_.push_back(PendingBody{index, lex_});
  // Skip to the closing brace; the body is parsed once all module items are known.
  if (!lex_.skip_past_brace()) return fail(open, "this function body has no closing '}'");
  return expect_line_end();
}

bool Parser::limits(Limits* l) {
  if (!u64(&l->min, "the minimum size")) return false;
  if (lex_.peek().kind == Tok::kNumber && !lex_.peek().line_start) {
    uint64_t max;
    if (!u64(&max, "the maximum size")) return false;
    l->max = max;
  }
  return true;
}

bool Parser::table_item(std::optional<uint32_t> import) {
  note_line(&TextLocations::tables, lex_.peek());
  uint32_t idx;
  if (!expect_label("table", m_->tables.size(), &idx)) return false;
  Table t;
  t.import = import;
  if (!opt_name(&t.name) || !value_type(&t.elem) || !limits(&t.limits)) return false;
  if (!import && accept(Tok::kEq)) {
    t.init.emplace();
    if (!const_expr(&*t.init)) return false;
  }
  m_->tables.push_back(std::move(t));
  return true;
}

bool Parser::memory_item(std::optional<uint32_t> import) {
  note_line(&TextLocations::memories, lex_.peek());
  uint32_t idx;
  if (!expect_label("mem", m_->memories.size(), &idx)) return false;
  Memory mem;
  mem.import = import;
  if (!opt_name(&mem.name)) return false;
  mem.is64 = accept_word("i64");
  if (!limits(&mem.limits)) return false;
  mem.shared = accept_word("shared");
  if (peek_word("region")) {
    Token r = lex_.next();
    if (!string(&mem.region)) return false;
    if (mem.region.empty()) return fail(r, "a region name must not be empty");
  }
  m_->memories.push_back(std::move(mem));
  return true;
}

bool Parser::global_item(std::optional<uint32_t> import) {
  note_line(&TextLocations::globals, lex_.peek());
  uint32_t idx;
  if (!expect_label("global", m_->globals.size(), &idx)) return false;
  Global g;
  g.import = import;
  if (!opt_name(&g.name)) return false;
  g.mut = accept_word("mut");
  if (!value_type(&g.type)) return false;
  if (!import && accept(Tok::kEq) && !const_expr(&g.init)) return false;
  m_->globals.push_back(std::move(g));
  return true;
}

bool Parser::export_item() {
  Export e;
  if (!string(&e.name)) return false;
  Token t = lex_.next();
  static constexpr struct {
    const char* prefix;
    ExternKind kind;
  } kKinds[] = {{"func", ExternKind::kFunc}, {"mem", ExternKind::kMemory},
                {"table", ExternKind::kTable}, {"global", ExternKind::kGlobal}};
  for (const auto& k : kKinds) {
    if (t.kind == Tok::kWord && ref_index(t.text, k.prefix, &e.index)) {
      e.kind = k.kind;
      m_->exports.push_back(std::move(e));
      return true;
    }
  }
  return fail_expected(t, "what to export (funcN, memN, tableN or globalN)");
}

// `passive`, `declare`, or an active segment's `tableN (offset)` / `memN (offset)`.
bool Parser::segment_mode(SegmentMode* mode, std::string_view prefix, uint32_t* index, ConstExpr* offset) {
  if (accept_word("passive")) {
    *mode = SegmentMode::kPassive;
    return true;
  }
  if (accept_word("declare")) {
    *mode = SegmentMode::kDeclarative;
    return true;
  }
  *mode = SegmentMode::kActive;
  return entity_ref(prefix, index, prefix == "mem" ? "passive or a memory (memN)" : "passive, declare or a table (tableN)") &&
         const_expr(offset);
}

bool Parser::elem_item() {
  uint32_t idx;
  if (!expect_label("elem", m_->elems.size(), &idx)) return false;
  ElemSegment e;
  if (!opt_name(&e.name)) return false;
  if (!segment_mode(&e.mode, "table", &e.table, &e.offset)) return false;
  if (!value_type(&e.type) || !expect(Tok::kLBracket, "'['")) return false;
  if (!accept(Tok::kRBracket)) {
    do {
      ConstExpr item;
      uint32_t f;
      if (lex_.peek().kind == Tok::kWord && ref_index(lex_.peek().text, "func", &f)) {
        lex_.next();
        item.ops.push_back(ConstOp{ConstOp::kRefFunc, Type::kFuncRef, f, 0});
      } else if (!const_expr(&item)) {
        return false;
      }
      e.items.push_back(std::move(item));
    } while (accept(Tok::kComma));
    if (!expect(Tok::kRBracket, "',' or ']'")) return false;
  }
  m_->elems.push_back(std::move(e));
  return true;
}

bool Parser::data_item() {
  uint32_t idx;
  if (!expect_label("data", m_->datas.size(), &idx)) return false;
  DataSegment d;
  if (!opt_name(&d.name)) return false;
  if (!segment_mode(&d.mode, "mem", &d.mem, &d.offset)) return false;
  do {
    if (!string(&str_)) return false;
    d.bytes.insert(d.bytes.end(), str_.begin(), str_.end());
  } while (lex_.peek().kind == Tok::kString && !lex_.peek().line_start);
  m_->datas.push_back(std::move(d));
  return true;
}

bool Parser::custom_item() {
  CustomSection c;
  if (!string(&c.name)) return false;
  if (peek_word("after")) {
    lex_.next();
    uint32_t id;
    Token t = lex_.peek();
    if (!u32(&id, "a section id")) return false;
    if (id > 255) return fail(t, "a section id is at most 255");
    c.after = static_cast<uint8_t>(id);
  }
  do {
    if (!string(&str_)) return false;
    c.bytes.insert(c.bytes.end(), str_.begin(), str_.end());
  } while (lex_.peek().kind == Tok::kString && !lex_.peek().line_start);
  m_->customs.push_back(std::move(c));
  return true;
}

// `(op op ...)`: a constant expression in stack order.
bool Parser::const_expr(ConstExpr* e) {
  if (!expect(Tok::kLParen, "'(' starting a constant expression")) return false;
  while (!accept(Tok::kRParen)) {
    if (!const_op(e)) return false;
  }
  return true;
}

bool Parser::const_op(ConstExpr* e) {
  static constexpr struct {
    const char* name;
    ConstOp::Kind kind;
  } kArith[] = {{"i32.add", ConstOp::kI32Add}, {"i32.sub", ConstOp::kI32Sub}, {"i32.mul", ConstOp::kI32Mul},
                {"i64.add", ConstOp::kI64Add}, {"i64.sub", ConstOp::kI64Sub}, {"i64.mul", ConstOp::kI64Mul}};
  Token t = lex_.next();
  ConstOp op{ConstOp::kI32Const};
  std::string_view w = t.kind == Tok::kWord ? t.text : std::string_view();
  uint32_t idx;
  if (w == "i32.const" || w == "i64.const") {
    op.kind = w == "i32.const" ? ConstOp::kI32Const : ConstOp::kI64Const;
    if (!int_literal(w == "i32.const" ? 32 : 64, &op.lo)) return false;
  } else if (w == "f32.const") {
    op.kind = ConstOp::kF32Const;
    uint32_t b;
    if (!f32_literal(&b)) return false;
    op.lo = b;
  } else if (w == "f64.const") {
    op.kind = ConstOp::kF64Const;
    if (!f64_literal(&op.lo)) return false;
  } else if (w == "v128.const") {
    op.kind = ConstOp::kV128Const;
    uint8_t bytes[16];
    if (!v128_literal(bytes)) return false;
    std::memcpy(&op.lo, bytes, 8);
    std::memcpy(&op.hi, bytes + 8, 8);
  } else if (w == "ref.null") {
    op.kind = ConstOp::kRefNull;
    if (!value_type(&op.type)) return false;
  } else if (w == "ref.func") {
    op.kind = ConstOp::kRefFunc;
    op.type = Type::kFuncRef;
    if (!entity_ref("func", &idx, "a function (funcN)")) return false;
    op.lo = idx;
  } else if (w == "global.get") {
    op.kind = ConstOp::kGlobalGet;
    if (!entity_ref("global", &idx, "a global (globalN)")) return false;
    op.lo = idx;
  } else {
    bool found = false;
    for (const auto& a : kArith) {
      if (w == a.name) {
        op.kind = a.kind;
        found = true;
      }
    }
    if (!found) return fail_expected(t, "a constant instruction or ')'");
  }
  e->ops.push_back(op);
  return true;
}

Result<std::unique_ptr<Module>> parse_module(std::string_view text, TextLocations* locations) {
  if (locations) *locations = TextLocations{};
  Parser p(text, locations);
  return p.run();
}

}  // namespace wasmrust::ir
