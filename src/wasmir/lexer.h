// Tokens of the WasmIR text form (.wir), produced one at a time.
//
// Depends on nothing. Guarantees: the lexer never allocates (tokens are views into the
// source), every call to next() advances or returns kEof, and each token carries its
// 1-based line and column and whether it is the first token on its line (the text form
// is line-oriented: one instruction per line). `;` starts a comment to the end of the line.
#pragma once

#include <cstdint>
#include <string_view>

namespace wasmrust::ir {

enum class Tok : uint8_t {
  kEof,
  kWord,      ///< [A-Za-z_][A-Za-z0-9_.]*  (keywords, opcodes, entity references)
  kNumber,    ///< starts with a digit, or a sign followed by a digit or letter (-inf, +0x10)
  kString,    ///< "..." (text includes the quotes; escapes are decoded by the parser)
  kLParen, kRParen, kLBracket, kRBracket, kLBrace, kRBrace,
  kComma, kEq, kColon, kArrow,
  kSrcLoc,    ///< @hex (text excludes the '@')
  kInvalid,   ///< a character that starts no token, or an unterminated string
};

/// Name of a token kind for error messages ("','", "a number", ...).
const char* tok_name(Tok t);

struct Token {
  Tok kind = Tok::kEof;
  bool line_start = false;  ///< first token on its line
  uint32_t line = 1;
  uint32_t col = 1;
  std::string_view text;
};

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  /// The next token (kEof at the end, repeatedly).
  Token next();
  /// The token next() would return, without consuming it.
  const Token& peek() {
    if (!has_peek_) {
      peeked_ = lex();
      has_peek_ = true;
    }
    return peeked_;
  }
  /// Byte offset in the source of the next unconsumed character.
  uint32_t offset() const { return pos_; }
  /// Skip the rest of the current line without making tokens: stops before the newline or
  /// before a '}' (outside strings and comments), exactly where token-wise skipping stops.
  void skip_rest_of_line();
  /// Skip past the next '}' outside strings and comments; false if there is none.
  bool skip_past_brace();
  /// Line and column just past the last token next() returned (for "missing X" errors).
  uint32_t prev_end_line() const { return prev_line_; }
  uint32_t prev_end_col() const { return prev_col_; }

 private:
  Token lex();
  void skip_space_and_comments(bool* newline);
  void lex_word_chars();
  void lex_number_chars();

  std::string_view src_;
  uint32_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t line_begin_ = 0;
  bool at_start_ = true;
  bool has_peek_ = false;
  Token peeked_;
  uint32_t prev_line_ = 1;
  uint32_t prev_col_ = 1;
};

}  // namespace wasmrust::ir
