// Internals of the WasmIR text parser, shared by parser.cc (module items) and
// parse_body.cc (function bodies and instructions). Not part of any interface.
//
// Error handling: every parse step returns bool; the first failure records an Error with
// the token's line and column, and everything unwinds. No recursion anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmir/lexer.h"
#include "wasmir/module.h"
#include "wasmir/parser.h"

namespace wasmrust::ir {

/// uint32 -> uint32 open-addressing map that keeps its storage: clear() is O(1) (a new
/// generation), so one map serves every function of a module.
class NameMap {
 public:
  void clear() {
    ++gen_;
    size_ = 0;
  }
  /// False if {key} is already present.
  bool insert(uint32_t key, uint32_t value);
  const uint32_t* find(uint32_t key) const;

 private:
  struct Slot {
    uint32_t key, value, gen;
  };
  void grow();
  std::vector<Slot> slots_;
  uint32_t size_ = 0;
  uint32_t gen_ = 1;
};

class Parser {
 public:
  Parser(std::string_view text, TextLocations* locs) : lex_(text), text_(text), locs_(locs) {}
  Result<std::unique_ptr<Module>> run();

 private:
  struct PendingBody {
    uint32_t func;
    Lexer at;  // positioned after '{'
  };
  struct Def {
    uint32_t name;
    Type type;
    bool annotated;
    bool linear;
    Token tok;
  };

  // ---- tokens and errors (parser.cc) ----
  bool fail(const Token& at, std::string_view msg);
  bool fail_expected(const Token& at, std::string_view what);
  bool expect(Tok kind, std::string_view what, Token* out = nullptr);
  bool expect_word(std::string_view word);
  bool peek_word(std::string_view word) { return lex_.peek().kind == Tok::kWord && lex_.peek().text == word; }
  /// Consume {word} if it is next; true if it was.
  bool accept_word(std::string_view word) {
    if (!peek_word(word)) return false;
    lex_.next();
    return true;
  }
  bool accept(Tok kind) {
    if (lex_.peek().kind != kind) return false;
    lex_.next();
    return true;
  }
  bool at_line_end() {
    const Token& t = lex_.peek();
    return t.line_start || t.kind == Tok::kRBrace || t.kind == Tok::kEof;
  }
  bool expect_line_end();
  bool skip_line();
  static bool ref_index(std::string_view word, std::string_view prefix, uint32_t* out);
  bool entity_ref(std::string_view prefix, uint32_t* out, const char* what);
  bool peek_ref(std::string_view prefix) {
    uint32_t dummy;
    return lex_.peek().kind == Tok::kWord && ref_index(lex_.peek().text, prefix, &dummy);
  }
  bool value_type(Type* out);
  bool string(std::string* out);
  bool opt_name(std::string* out);
  bool u32(uint32_t* out, const char* what);
  bool u64(uint64_t* out, const char* what);
  bool int_literal(unsigned bits, uint64_t* out);
  bool f32_literal(uint32_t* out);
  bool f64_literal(uint64_t* out);
  bool v128_literal(uint8_t bytes[16]);

  // ---- module items (parser.cc) ----
  bool item(const Token& t);
  bool type_item();
  bool import_item();
  bool func_item(std::optional<uint32_t> import);
  bool func_signature(Function& fn, std::vector<Type>* params, std::vector<Type>* results);
  bool func_attrs(FuncAttrs* a);
  bool effects(EffectSet* e);
  bool table_item(std::optional<uint32_t> import);
  bool memory_item(std::optional<uint32_t> import);
  bool global_item(std::optional<uint32_t> import);
  bool export_item();
  bool segment_mode(SegmentMode* mode, std::string_view prefix, uint32_t* index, ConstExpr* offset);
  bool elem_item();
  bool data_item();
  bool custom_item();
  bool limits(Limits* l);
  bool const_expr(ConstExpr* e);
  bool const_op(ConstExpr* e);
  bool expect_label(std::string_view prefix, size_t next, uint32_t* out);
  void note_line(std::vector<uint32_t> TextLocations::*field, const Token& t) {
    if (locs_) (locs_->*field).push_back(t.line);
  }

  // ---- function bodies (parse_body.cc) ----
  bool body(const PendingBody& pb);
  bool locals_decl(Function& fn, FunctionBody& f);
  bool prescan(FunctionBody& f);
  bool block_header(FunctionBody& f, const Token& t);
  bool prescan_defs(const Token& first);
  bool emit_lines(FunctionBody& f);
  bool inst(FunctionBody& f, Token t);
  bool defs(Token first);
  bool more(const char* what);
  bool inst_ref(std::string_view prefix, uint32_t* out, const char* what);
  bool opt_inst_ref(std::string_view prefix, uint32_t* out);
  bool operand(Value* out);
  bool operands(Value* out, uint32_t n);
  bool paren_values(std::vector<Value>* out);
  bool block_ref(Block* out);
  bool block_call(Block* b, std::vector<Value>* args);
  bool memarg(Opcode op, MemArg* out);
  bool result_type(const Token& op, std::optional<Type> inferred, Type* out);
  bool finish_inst(FunctionBody& f, Inst i, const Token& op);
  bool inst_plain(FunctionBody& f, Opcode op, const Token& t);
  bool inst_memory(FunctionBody& f, Opcode op, const Token& t);
  bool inst_bulk(FunctionBody& f, Opcode op, const Token& t);
  bool inst_call(FunctionBody& f, Opcode op, const Token& t);
  bool inst_branch(FunctionBody& f, Opcode op, const Token& t);
  bool inst_simd(FunctionBody& f, Opcode op, const Token& t);

  Lexer lex_;
  std::string_view text_;
  TextLocations* locs_;
  std::unique_ptr<Module> m_;
  std::optional<Error> err_;
  std::vector<PendingBody> pending_;
  std::string str_;  // scratch for decoded strings

  // per-body state, reused
  uint32_t func_ = 0;
  TextLocations::Body* body_locs_ = nullptr;
  NameMap values_;
  NameMap blocks_;
  std::vector<uint8_t> unplaced_;    // per Block
  std::vector<Def> defs_;
  std::vector<Def> call_defs_;       // names of multi-result call results, in order
  std::vector<Value> predicted_;     // per def of the current instruction
  std::vector<Type> types_;
  std::vector<Value> args_, args2_;
  std::vector<Block> targets_;
  uint32_t inst_count_ = 0;
  uint32_t next_aux_ = 0;
  uint32_t srcloc_ = 0;
};

}  // namespace wasmrust::ir
