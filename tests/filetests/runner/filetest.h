// The file test runner's shared types: a parsed test file, the table of test kinds, and
// the expectation helpers (`; check:` lines, `; error:` annotations, blessable blocks).
//
// Depends on: src/wasmir (parser, printer, verifier). A test kind is one function in its
// own kind_<name>.cc, listed once in kinds.cc; it reads the file, produces output and
// compares it with the file's expectations. To add a kind (e.g. `run` on the JIT, or
// `emit-wasm`), add kind_<name>.cc and one line in kinds.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wasmir/module.h"
#include "wasmir/parser.h"

namespace wasmrust::filetest {

/// `; check:` (substring, after the previous match), `; nextln:` (on the line after the
/// previous match), `; not:` (absent between the previous match and the next one).
struct Directive {
  enum Kind { kCheck, kNextLine, kNot } kind;
  std::string text;
  uint32_t line;  ///< where it is written in the test file
};

/// `; error: <text>` on a line: an error expected at that line.
struct Annotation {
  uint32_t line;
  std::string text;
  bool matched = false;
};

struct TestFile {
  std::string path;
  std::string text;
  std::vector<std::string> kinds;      ///< from `; test: <kind>` headers
  std::vector<Directive> directives;
  std::vector<Annotation> errors;
  size_t expected_at = std::string::npos;  ///< offset of the `; expected:` line, if any
  std::string expected;                    ///< the block after it, comment markers removed

  // The module, parsed once on demand (parse() below).
  bool parsed = false;
  std::unique_ptr<ir::Module> module;
  ir::TextLocations locations;
  std::string parse_error;  ///< "line:col: message" if the text does not parse
};

/// What a kind reports: failures go to {log}, one per line.
struct TestContext {
  bool bless = false;
  std::string log;
  bool blessed = false;  ///< set when the file was rewritten
  void fail(std::string_view msg) {
    log.append(msg);
    log.push_back('\n');
  }
};

struct TestKind {
  const char* name;
  const char* summary;
  /// Run the test on {file}; false (with reasons in ctx.log) if it fails.
  bool (*run)(TestFile& file, TestContext& ctx);
};

/// Every kind the runner knows (kinds.cc).
const std::vector<TestKind>& test_kinds();

/// Read a test file and its directives; false with a reason if unreadable.
bool load_test(const std::string& path, TestFile* out, std::string* why);
/// Parse the file's module once; false if it does not parse (reason in parse_error).
bool parse(TestFile& file);
/// Apply the `; check:` directives to {output}.
bool match_checks(const TestFile& file, std::string_view output, TestContext& ctx);
/// Compare {output} with the expected block; with bless, rewrite the block instead.
bool match_expected(TestFile& file, std::string_view output, TestContext& ctx);
/// Both of the above; a kind that produces output and has neither fails ("nothing checked").
bool match_output(TestFile& file, std::string_view output, TestContext& ctx);
/// Match {errors} (line, message) against the `; error:` annotations: every error needs an
/// annotation on its line whose text it contains, and every annotation needs an error.
bool match_errors(TestFile& file, const std::vector<std::pair<uint32_t, std::string>>& errors, TestContext& ctx);

}  // namespace wasmrust::filetest
