// The WasmIR text lexer: a hand-written scanner over the source bytes.
#include "wasmir/lexer.h"

#include <cstring>

namespace wasmrust::ir {

namespace {
// Character classes, one table lookup per character on the hot path.
enum : uint8_t { kAlpha = 1, kDigit = 2, kDot = 4, kHex = 8 };
struct CharClass {
  uint8_t c[256] = {};
  constexpr CharClass() {
    for (int x = 'a'; x <= 'z'; ++x) c[x] = kAlpha;
    for (int x = 'A'; x <= 'Z'; ++x) c[x] = kAlpha;
    c['_'] = kAlpha;
    for (int x = '0'; x <= '9'; ++x) c[x] = kDigit | kHex;
    for (int x = 'a'; x <= 'f'; ++x) c[x] |= kHex;
    for (int x = 'A'; x <= 'F'; ++x) c[x] |= kHex;
    c['.'] = kDot;
  }
};
constexpr CharClass kClass;
uint8_t cls(char c) { return kClass.c[static_cast<unsigned char>(c)]; }
bool is_alpha(char c) { return cls(c) & kAlpha; }
bool is_digit(char c) { return cls(c) & kDigit; }
bool is_word_char(char c) { return cls(c) & (kAlpha | kDigit | kDot); }
bool is_hex(char c) { return cls(c) & kHex; }
}  // namespace

const char* tok_name(Tok t) {
  switch (t) {
    case Tok::kEof: return "end of input";
    case Tok::kWord: return "a word";
    case Tok::kNumber: return "a number";
    case Tok::kString: return "a string";
    case Tok::kLParen: return "'('";
    case Tok::kRParen: return "')'";
    case Tok::kLBracket: return "'['";
    case Tok::kRBracket: return "']'";
    case Tok::kLBrace: return "'{'";
    case Tok::kRBrace: return "'}'";
    case Tok::kComma: return "','";
    case Tok::kEq: return "'='";
    case Tok::kColon: return "':'";
    case Tok::kArrow: return "'->'";
    case Tok::kSrcLoc: return "a source location";
    case Tok::kInvalid: return "an invalid character";
  }
  return "?";
}

Token Lexer::next() {
  Token t;
  if (has_peek_) {
    has_peek_ = false;
    t = peeked_;
  } else {
    t = lex();
  }
  if (t.kind != Tok::kEof) {
    prev_line_ = t.line;
    prev_col_ = t.col + static_cast<uint32_t>(t.text.size()) + (t.kind == Tok::kSrcLoc ? 1 : 0);
  }
  return t;
}

void Lexer::skip_space_and_comments(bool* newline) {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '\n') {
      *newline = true;
      ++pos_;
      ++line_;
      line_begin_ = pos_;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else if (c == ';') {
      while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
    } else {
      return;
    }
  }
}

void Lexer::skip_rest_of_line() {
  if (has_peek_) {
    if (peeked_.line_start || peeked_.kind == Tok::kRBrace || peeked_.kind == Tok::kEof) return;
    has_peek_ = false;  // drop it and scan on from where it ended
  }
  // Fast path: a line without '}', '"' or ';' (the common case) ends at its newline.
  const char* p = src_.data() + pos_;
  size_t rest = src_.size() - pos_;
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', rest));
  size_t span = nl ? static_cast<size_t>(nl - p) : rest;
  if (!std::memchr(p, '}', span) && !std::memchr(p, '"', span) && !std::memchr(p, ';', span)) {
    pos_ += static_cast<uint32_t>(span);
    return;
  }
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '\n' || c == '}') return;
    if (c == ';') {
      while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      return;
    }
    ++pos_;
    if (c == '"') {
      while (pos_ < src_.size() && src_[pos_] != '\n') {
        char s = src_[pos_++];
        if (s == '\\' && pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
        else if (s == '"') break;
      }
    }
  }
}

bool Lexer::skip_past_brace() {
  if (has_peek_) {
    has_peek_ = false;
    if (peeked_.kind == Tok::kRBrace) return true;
    if (peeked_.kind == Tok::kEof) return false;
  }
  for (;;) {
    skip_rest_of_line();
    if (pos_ >= src_.size()) return false;
    if (src_[pos_] == '}') {
      ++pos_;
      return true;
    }
    ++pos_;  // the newline
    ++line_;
    line_begin_ = pos_;
  }
}

void Lexer::lex_word_chars() {
  while (pos_ < src_.size() && is_word_char(src_[pos_])) ++pos_;
}

// Numbers: digits, letters, '.', '_' and a sign right after an exponent marker (e/E in
// decimal, p/P in hex), and "nan:0x..." payloads.
void Lexer::lex_number_chars() {
  uint32_t start = pos_;
  if (src_[pos_] == '+' || src_[pos_] == '-') ++pos_;
  bool hex = pos_ + 1 < src_.size() && src_[pos_] == '0' && (src_[pos_ + 1] == 'x' || src_[pos_ + 1] == 'X');
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (is_word_char(c)) {
      ++pos_;
      continue;
    }
    char prev = src_[pos_ - 1];
    bool exp_sign = (c == '+' || c == '-') && pos_ > start &&
                    (hex ? (prev == 'p' || prev == 'P') : (prev == 'e' || prev == 'E'));
    if (exp_sign) {
      ++pos_;
      continue;
    }
    std::string_view so_far = src_.substr(start, pos_ - start);
    bool nan_payload = c == ':' && (so_far == "nan" || so_far == "-nan" || so_far == "+nan") &&
                       pos_ + 1 < src_.size() && src_[pos_ + 1] == '0';
    if (nan_payload) {
      ++pos_;
      continue;
    }
    break;
  }
}

Token Lexer::lex() {
  bool newline = at_start_;
  at_start_ = false;
  skip_space_and_comments(&newline);
  Token t;
  t.line_start = newline;
  t.line = line_;
  t.col = pos_ - line_begin_ + 1;
  if (pos_ >= src_.size()) {
    t.kind = Tok::kEof;
    return t;
  }
  uint32_t start = pos_;
  char c = src_[pos_];
  char c1 = pos_ + 1 < src_.size() ? src_[pos_ + 1] : '\0';
  if (is_alpha(c)) {
    lex_word_chars();
    std::string_view w = src_.substr(start, pos_ - start);
    // nan:0x... is one number token
    if (w == "nan" && pos_ + 1 < src_.size() && src_[pos_] == ':' && src_[pos_ + 1] == '0') {
      pos_ = start;
      lex_number_chars();
      t.kind = Tok::kNumber;
    } else {
      t.kind = (w == "inf" || w == "nan") ? Tok::kNumber : Tok::kWord;
    }
  } else if (is_digit(c) || ((c == '+' || c == '-') && (is_digit(c1) || is_alpha(c1)))) {
    lex_number_chars();
    t.kind = Tok::kNumber;
  } else if (c == '"') {
    ++pos_;
    t.kind = Tok::kInvalid;
    while (pos_ < src_.size() && src_[pos_] != '\n') {
      char s = src_[pos_++];
      if (s == '\\' && pos_ < src_.size() && src_[pos_] != '\n') {
        ++pos_;
      } else if (s == '"') {
        t.kind = Tok::kString;
        break;
      }
    }
  } else if (c == '@' && is_hex(c1)) {
    ++pos_;
    while (pos_ < src_.size() && is_hex(src_[pos_])) ++pos_;
    t.kind = Tok::kSrcLoc;
    t.text = src_.substr(start + 1, pos_ - start - 1);
    return t;
  } else if (c == '-' && c1 == '>') {
    pos_ += 2;
    t.kind = Tok::kArrow;
  } else {
    ++pos_;
    switch (c) {
      case '(': t.kind = Tok::kLParen; break;
      case ')': t.kind = Tok::kRParen; break;
      case '[': t.kind = Tok::kLBracket; break;
      case ']': t.kind = Tok::kRBracket; break;
      case '{': t.kind = Tok::kLBrace; break;
      case '}': t.kind = Tok::kRBrace; break;
      case ',': t.kind = Tok::kComma; break;
      case '=': t.kind = Tok::kEq; break;
      case ':': t.kind = Tok::kColon; break;
      default: t.kind = Tok::kInvalid; break;
    }
  }
  t.text = src_.substr(start, pos_ - start);
  return t;
}

}  // namespace wasmrust::ir
