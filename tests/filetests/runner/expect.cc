// Reading test files and matching output against their expectations.
#include <fstream>
#include <sstream>

#include "filetest.h"

namespace wasmrust::filetest {

namespace {

constexpr std::string_view kExpectedMarker = "; expected:";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A whole-line comment `; <word>: <rest>`: sets {rest} and returns true if the word matches.
bool directive(std::string_view line, std::string_view word, std::string* rest) {
  line = trim(line);
  if (!line.starts_with(";")) return false;
  line = trim(line.substr(1));
  if (!line.starts_with(word) || line.size() <= word.size() || line[word.size()] != ':') return false;
  *rest = std::string(trim(line.substr(word.size() + 1)));
  return true;
}

void scan_line(TestFile* t, std::string_view line, uint32_t lineno) {
  std::string rest;
  if (directive(line, "test", &rest)) {
    std::istringstream words(rest);
    for (std::string w; words >> w;) t->kinds.push_back(w);
    return;
  }
  static constexpr std::pair<std::string_view, Directive::Kind> kDirs[] = {
      {"check", Directive::kCheck}, {"nextln", Directive::kNextLine}, {"not", Directive::kNot}};
  for (const auto& [word, kind] : kDirs) {
    if (directive(line, word, &rest)) {
      t->directives.push_back(Directive{kind, rest, lineno});
      return;
    }
  }
  // `; error:` anywhere on a line, possibly several times.
  static constexpr std::string_view kErr = "; error:";
  for (size_t at = line.find(kErr); at != std::string_view::npos; at = line.find(kErr, at + 1)) {
    size_t end = line.find(kErr, at + 1);
    std::string_view text = line.substr(at + kErr.size(), end == std::string_view::npos ? end : end - at - kErr.size());
    t->errors.push_back(Annotation{lineno, std::string(trim(text))});
  }
}

}  // namespace

bool load_test(const std::string& path, TestFile* out, std::string* why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *why = "cannot open " + path;
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  out->path = path;
  out->text = ss.str();
  std::string_view text = out->text;
  uint32_t lineno = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++lineno;
    if (line.starts_with(kExpectedMarker)) {
      out->expected_at = pos;
      // The block: every following line without its leading "; " (or ";").
      for (size_t p = nl == std::string_view::npos ? text.size() : nl + 1; p < text.size();) {
        size_t e = text.find('\n', p);
        std::string_view l = text.substr(p, e == std::string_view::npos ? std::string_view::npos : e - p);
        if (l.starts_with("; ")) l.remove_prefix(2);
        else if (l.starts_with(";")) l.remove_prefix(1);
        out->expected.append(l);
        out->expected.push_back('\n');
        p = e == std::string_view::npos ? text.size() : e + 1;
      }
      break;
    }
    scan_line(out, line, lineno);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  return true;
}

bool parse(TestFile& file) {
  if (!file.parsed) {
    file.parsed = true;
    // The expected block is all comments, so the whole file is the module's text.
    auto r = ir::parse_module(file.text, &file.locations);
    if (r.ok()) file.module = std::move(*r);
    else file.parse_error = r.error().to_string();
  }
  return file.module != nullptr;
}

bool match_checks(const TestFile& file, std::string_view output, TestContext& ctx) {
  size_t pos = 0;            // where the next check may start
  size_t last_line_end = 0;  // end of the line of the previous match
  bool ok = true;
  std::vector<const Directive*> nots;
  auto fail = [&](const Directive& d, const char* what) {
    ctx.fail(file.path + ":" + std::to_string(d.line) + ": " + what + ": " + d.text);
    ok = false;
  };
  for (const Directive& d : file.directives) {
    if (d.kind == Directive::kNot) {
      nots.push_back(&d);
      continue;
    }
    size_t found = output.find(d.text, pos);
    if (d.kind == Directive::kNextLine) {
      size_t line_begin = last_line_end < output.size() ? last_line_end + 1 : output.size();
      size_t line_end = output.find('\n', line_begin);
      if (found == std::string_view::npos || found < line_begin || (line_end != std::string_view::npos && found > line_end)) {
        fail(d, "nextln not on the next line");
        continue;
      }
    } else if (found == std::string_view::npos) {
      fail(d, "check not found");
      continue;
    }
    for (const Directive* n : nots)
      if (output.substr(pos, found - pos).find(n->text) != std::string_view::npos) fail(*n, "not: found");
    nots.clear();
    pos = found + d.text.size();
    last_line_end = output.find('\n', found);
    if (last_line_end == std::string_view::npos) last_line_end = output.size();
  }
  for (const Directive* n : nots)
    if (output.substr(pos).find(n->text) != std::string_view::npos) fail(*n, "not: found");
  return ok;
}

bool match_expected(TestFile& file, std::string_view output, TestContext& ctx) {
  std::string want(output);
  if (!want.empty() && want.back() != '\n') want.push_back('\n');
  if (file.expected_at != std::string::npos && file.expected == want) return true;
  if (!ctx.bless) {
    if (file.expected_at == std::string::npos) {
      ctx.fail(file.path + ": no `; expected:` block (run with --bless to write one)");
    } else {
      ctx.fail(file.path + ": output differs from the expected block (run with --bless to update); got:");
      ctx.log += want;
    }
    return false;
  }
  std::string text = file.text.substr(0, file.expected_at == std::string::npos ? file.text.size() : file.expected_at);
  if (!text.empty() && text.back() != '\n') text.push_back('\n');
  text.append(kExpectedMarker);
  text.push_back('\n');
  for (size_t p = 0; p < want.size();) {
    size_t e = want.find('\n', p);
    std::string_view l = std::string_view(want).substr(p, e - p);
    text.append(l.empty() ? ";" : "; ");
    text.append(l);
    text.push_back('\n');
    p = e + 1;
  }
  std::ofstream out(file.path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    ctx.fail(file.path + ": cannot rewrite the file");
    return false;
  }
  file.text = text;
  file.expected = want;
  ctx.blessed = true;
  return true;
}

bool match_output(TestFile& file, std::string_view output, TestContext& ctx) {
  bool has_checks = false;
  for (const Directive& d : file.directives) has_checks |= d.kind != Directive::kNot;
  bool ok = match_checks(file, output, ctx);
  if (file.expected_at != std::string::npos || !has_checks) ok &= match_expected(file, output, ctx);
  return ok;
}

bool match_errors(TestFile& file, const std::vector<std::pair<uint32_t, std::string>>& errors, TestContext& ctx) {
  bool ok = true;
  for (const auto& [line, msg] : errors) {
    bool matched = false;
    for (Annotation& a : file.errors) {
      if (a.line == line && msg.find(a.text) != std::string::npos) {
        a.matched = true;
        matched = true;
      }
    }
    if (!matched) {
      ctx.fail(file.path + ":" + std::to_string(line) + ": unexpected error: " + msg);
      ok = false;
    }
  }
  for (const Annotation& a : file.errors) {
    if (!a.matched) {
      ctx.fail(file.path + ":" + std::to_string(a.line) + ": expected error not reported: " + a.text);
      ok = false;
    }
  }
  return ok;
}

}  // namespace wasmrust::filetest
