// The spec-script runner (see wast_runner.h). One Runner per script: a Store, a Linker
// holding `spectest` and registered instances, the named and current instances, and the
// counts.
#include "api/wast_runner.h"

#include <wabt/binary-writer.h>
#include <wabt/cast.h>
#include <wabt/resolve-names.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "api/wast_values.h"

namespace wasmrust {
namespace {

using wabt::cast;

// A module's binary, or why there is none.
struct ModuleBytes {
  std::vector<uint8_t> bytes;
  bool ok = false;
  bool text_rejected = false;  // a quoted text module wabt's parser refused
  std::string error;
};

ModuleBytes write_binary(wabt::Module& m) {
  ModuleBytes out;
  wabt::Errors errors;
  if (wabt::Failed(wabt::ResolveNamesModule(&m, &errors))) {
    out.error = errors.empty() ? "cannot resolve names" : errors.front().message;
    return out;
  }
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions options;
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, &m, options))) {
    out.error = "wabt cannot write the module";
    return out;
  }
  out.bytes = stream.output_buffer().data;
  out.ok = true;
  return out;
}

ModuleBytes parse_quoted(const std::vector<uint8_t>& text) {
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer("<quote>", text.data(), text.size(), &errors);
  std::unique_ptr<wabt::Module> m;
  wabt::Features features;
  wabt::WastParseOptions options(features);
  if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &m, &errors, &options))) {
    ModuleBytes out;
    out.text_rejected = true;
    out.error = errors.empty() ? "text rejected" : errors.front().message;
    return out;
  }
  return write_binary(*m);
}

ModuleBytes script_module_bytes(wabt::ScriptModule& sm) {
  switch (sm.type()) {
    case wabt::ScriptModuleType::Text: return write_binary(cast<wabt::TextScriptModule>(&sm)->module);
    case wabt::ScriptModuleType::Binary: {
      ModuleBytes out;
      out.bytes = cast<wabt::BinaryScriptModule>(&sm)->data;
      out.ok = true;
      return out;
    }
    case wabt::ScriptModuleType::Quoted: return parse_quoted(cast<wabt::QuotedScriptModule>(&sm)->data);
  }
  return {};
}

// Does a trap message satisfy the script's expected text? The texts are the spec's; either
// may carry extra detail after it.
bool message_matches(const std::string& got, const std::string& want) {
  return got.compare(0, want.size(), want) == 0 || want.compare(0, got.size(), got) == 0;
}

class Runner {
 public:
  Runner(const WastOptions& o, std::string filename)
      : opts_(o), file_(std::move(filename)), engine_(o.engine), store_(engine_), linker_(store_) {
    define_spectest();
  }

  WastResult run(wabt::Script& script) {
    for (auto& cmd : script.commands) run_command(*cmd);
    return result_;
  }

 private:
  // ---- reporting ----
  void pass(int line, const char* what) {
    ++result_.passed;
    if (opts_.verbose) std::fprintf(opts_.log, "%s:%d: %s: ok\n", file_.c_str(), line, what);
  }
  void fail(int line, const char* what, const std::string& why) {
    ++result_.failed;
    std::fprintf(opts_.log, "%s:%d: %s FAILED: %s\n", file_.c_str(), line, what, why.c_str());
  }
  void command_error(int line, const char* what, const std::string& why) {
    ++result_.command_errors;
    std::fprintf(opts_.log, "%s:%d: %s error: %s\n", file_.c_str(), line, what, why.c_str());
  }

  // ---- modules ----
  Result<Module> compile(std::vector<uint8_t> bytes) {
    if (opts_.filter) {
      auto filtered = opts_.filter(bytes);
      if (!filtered.ok()) return filtered.take_error();
      bytes = std::move(filtered.value());
    }
    return Module::compile(engine_, bytes);
  }
  Status validate(std::vector<uint8_t> bytes) {
    if (opts_.filter) {
      auto filtered = opts_.filter(bytes);
      if (!filtered.ok()) return filtered.take_error();
      bytes = std::move(filtered.value());
    }
    return Module::validate(engine_, bytes);
  }

  void define_module(int line, const std::string& name, ModuleBytes mb) {
    current_.reset();
    if (!name.empty()) named_[name].reset();
    if (!mb.ok) return command_error(line, "module", mb.error);
    auto m = compile(std::move(mb.bytes));
    if (!m.ok()) return command_error(line, "module", m.error().to_string());
    auto inst = linker_.instantiate(*m);
    if (!inst.ok()) return command_error(line, "module", inst.error().to_string());
    current_ = *inst;
    if (!name.empty()) named_[name] = *inst;
  }

  std::optional<Instance> instance_for(const wabt::Var& var) {
    if (var.is_name() && !var.name().empty()) {
      auto it = named_.find(var.name());
      return it == named_.end() ? std::nullopt : it->second;
    }
    return current_;
  }

  // ---- actions ----
  Result<std::vector<Val>> perform(const wabt::Action& a) {
    auto inst = instance_for(a.module_var);
    if (!inst) return Error{ErrorCode::kLink, "no module instance for this action"};
    if (a.type() == wabt::ActionType::Get) {
      auto g = inst->get_global(a.name);
      if (!g) return Error{ErrorCode::kLink, std::string("no global export \"") + a.name + "\""};
      return std::vector<Val>{g->get()};
    }
    auto f = inst->get_func(a.name);
    if (!f) return Error{ErrorCode::kLink, std::string("no function export \"") + a.name + "\""};
    std::vector<Val> args;
    for (const wabt::Const& c : cast<wabt::InvokeAction>(&a)->args) {
      auto v = wast::to_val(c);
      if (!v) return Error{ErrorCode::kUnsupported, std::string("argument has no host form: ") + wast::describe(c)};
      args.push_back(*v);
    }
    return f->call(args);
  }

  void assert_return(const wabt::AssertReturnCommand& c) {
    int line = c.action->loc.line;
    auto r = perform(*c.action);
    if (!r.ok()) return fail(line, "assert_return", r.error().to_string());
    const auto& want = c.expected->expected;
    auto same = [&](const wabt::ConstVector& w) {
      if (w.size() != r->size()) return false;
      for (size_t i = 0; i < w.size(); ++i)
        if (!wast::matches(w[i], (*r)[i])) return false;
      return true;
    };
    bool ok = false;
    if (c.expected->type() == wabt::ExpectationType::Values) {
      ok = same(want);
    } else {  // either: any one alternative (each a single value)
      for (const wabt::Const& alt : want) ok = ok || same(wabt::ConstVector{alt});
    }
    if (ok) return pass(line, "assert_return");
    std::string why = "expected";
    for (const auto& e : want) why += ' ' + wast::describe(e);
    why += ", got";
    for (const auto& v : *r) why += ' ' + wast::describe(v);
    fail(line, "assert_return", why);
  }

  void assert_trap(const wabt::Action& a, const std::string& text, const char* what) {
    int line = a.loc.line;
    auto r = perform(a);
    if (r.ok()) return fail(line, what, std::string("expected trap \"") + text + "\", got a result");
    if (r.error().code != ErrorCode::kTrap) return fail(line, what, std::string("expected a trap, got ") + r.error().to_string());
    if (!message_matches(r.error().message, text))
      return fail(line, what, std::string("expected \"") + text + "\", got \"" + r.error().message + "\"");
    pass(line, what);
  }

  // ---- module assertions ----
  void assert_bad_module(wabt::ScriptModule& sm, const char* what) {
    int line = sm.location().line;
    ModuleBytes mb = script_module_bytes(sm);
    if (mb.text_rejected) {
      ++result_.text_not_applicable;
      return;
    }
    if (!mb.ok) return fail(line, what, mb.error);
    Status st = validate(std::move(mb.bytes));
    if (st.ok()) return fail(line, what, "module was accepted");
    if (st.error().code != ErrorCode::kMalformed && st.error().code != ErrorCode::kInvalid)
      return fail(line, what, std::string("unexpected error kind: ") + st.error().to_string());
    pass(line, what);
  }

  void assert_instantiation_fails(wabt::ScriptModule& sm, const std::string& text, bool link, const char* what) {
    int line = sm.location().line;
    ModuleBytes mb = script_module_bytes(sm);
    if (!mb.ok) return fail(line, what, mb.error);
    auto m = compile(std::move(mb.bytes));
    if (!m.ok()) return fail(line, what, std::string("module did not compile: ") + m.error().to_string());
    auto inst = linker_.instantiate(*m);
    if (inst.ok()) return fail(line, what, "module was instantiated");
    ErrorCode want = link ? ErrorCode::kLink : ErrorCode::kTrap;
    if (inst.error().code != want) return fail(line, what, std::string("unexpected error: ") + inst.error().to_string());
    if (!link && !message_matches(inst.error().message, text))
      return fail(line, what, std::string("expected \"") + text + "\", got \"" + inst.error().message + "\"");
    pass(line, what);
  }

  void run_command(wabt::Command& cmd) {
    using CT = wabt::CommandType;
    switch (cmd.type) {
      case CT::Module: {
        auto& c = *cast<wabt::ModuleCommand>(&cmd);
        return define_module(c.module.loc.line, c.module.name, write_binary(c.module));
      }
      case CT::ScriptModule: {
        auto& c = *cast<wabt::ScriptModuleCommand>(&cmd);
        std::string name = c.module.name;
        if (auto* b = dyn_cast<wabt::BinaryScriptModule>(c.script_module.get()); b && !b->name.empty()) name = b->name;
        if (auto* q = dyn_cast<wabt::QuotedScriptModule>(c.script_module.get()); q && !q->name.empty()) name = q->name;
        return define_module(c.script_module->location().line, name, script_module_bytes(*c.script_module));
      }
      case CT::Action: {
        auto& c = *cast<wabt::ActionCommand>(&cmd);
        auto r = perform(*c.action);
        if (!r.ok()) command_error(c.action->loc.line, "action", r.error().to_string());
        return;
      }
      case CT::Register: {
        auto& c = *cast<wabt::RegisterCommand>(&cmd);
        auto inst = instance_for(c.var);
        if (!inst) return command_error(c.var.loc.line, "register", "no module instance to register");
        Status st = linker_.define_instance(c.module_name, *inst);
        if (!st.ok()) command_error(c.var.loc.line, "register", st.error().to_string());
        return;
      }
      case CT::AssertReturn: return assert_return(*cast<wabt::AssertReturnCommand>(&cmd));
      case CT::AssertTrap: {
        auto& c = *cast<wabt::AssertTrapCommand>(&cmd);
        return assert_trap(*c.action, c.text, "assert_trap");
      }
      case CT::AssertExhaustion: {
        auto& c = *cast<wabt::AssertExhaustionCommand>(&cmd);
        return assert_trap(*c.action, c.text, "assert_exhaustion");
      }
      case CT::AssertMalformed: return assert_bad_module(*cast<wabt::AssertMalformedCommand>(&cmd)->module, "assert_malformed");
      case CT::AssertInvalid: return assert_bad_module(*cast<wabt::AssertInvalidCommand>(&cmd)->module, "assert_invalid");
      case CT::AssertUnlinkable: {
        auto& c = *cast<wabt::AssertUnlinkableCommand>(&cmd);
        return assert_instantiation_fails(*c.module, c.text, true, "assert_unlinkable");
      }
      case CT::AssertUninstantiable: {
        auto& c = *cast<wabt::AssertUninstantiableCommand>(&cmd);
        return assert_instantiation_fails(*c.module, c.text, false, "assert_uninstantiable");
      }
      case CT::AssertException: {
        auto& c = *cast<wabt::AssertExceptionCommand>(&cmd);
        return fail(c.action->loc.line, "assert_exception", "exceptions are not supported");
      }
    }
  }

  // The host module every spec script may import from.
  void define_spectest() {
    auto print = [this](const char* name) {
      if (opts_.verbose) std::fprintf(opts_.log, "spectest.%s called\n", name);
    };
    (void)linker_.func_wrap("spectest", "print", [print] { print("print"); });
    (void)linker_.func_wrap("spectest", "print_i32", [print](int32_t) { print("print_i32"); });
    (void)linker_.func_wrap("spectest", "print_i64", [print](int64_t) { print("print_i64"); });
    (void)linker_.func_wrap("spectest", "print_f32", [print](float) { print("print_f32"); });
    (void)linker_.func_wrap("spectest", "print_f64", [print](double) { print("print_f64"); });
    (void)linker_.func_wrap("spectest", "print_i32_f32", [print](int32_t, float) { print("print_i32_f32"); });
    (void)linker_.func_wrap("spectest", "print_f64_f64", [print](double, double) { print("print_f64_f64"); });
    define_global("global_i32", Val::i32(666));
    define_global("global_i64", Val::i64(666));
    define_global("global_f32", Val::f32(666.6f));
    define_global("global_f64", Val::f64(666.6));
    auto table = Table::create(store_, TableType{Type::kFuncRef, Limits{10, 20}}, Val::null(Type::kFuncRef));
    if (table.ok()) (void)linker_.define("spectest", "table", *table);
    auto memory = Memory::create(store_, MemoryType{Limits{1, 2}});
    if (memory.ok()) (void)linker_.define("spectest", "memory", *memory);
  }
  void define_global(const char* name, const Val& v) {
    auto g = Global::create(store_, GlobalType{v.type(), false}, v);
    if (g.ok()) (void)linker_.define("spectest", name, *g);
  }

  const WastOptions& opts_;
  std::string file_;
  Engine engine_;
  Store store_;
  Linker linker_;
  std::optional<Instance> current_;
  std::map<std::string, std::optional<Instance>> named_;
  WastResult result_;
};

// A script that cannot be parsed: every assertion in it counts as failed.
uint32_t count_assertions(std::string_view text) {
  uint32_t n = 0;
  for (size_t p = text.find("(assert_"); p != std::string_view::npos; p = text.find("(assert_", p + 1)) ++n;
  return n;
}

}  // namespace

WastResult run_wast_text(std::string_view text, std::string_view filename, const WastOptions& options) {
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer(filename, text.data(), text.size(), &errors);
  std::unique_ptr<wabt::Script> script;
  wabt::Features features;
  wabt::WastParseOptions parse_options(features);
  if (wabt::Failed(wabt::ParseWastScript(lexer.get(), &script, &errors, &parse_options))) {
    WastResult r;
    r.parse_failed = true;
    r.failed = count_assertions(text);
    for (const auto& e : errors)
      std::fprintf(options.log, "%.*s:%d: script error: %s\n", static_cast<int>(filename.size()), filename.data(),
                   e.loc.line, e.message.c_str());
    return r;
  }
  Runner runner(options, std::string(filename));
  return runner.run(*script);
}

WastResult run_wast_file(const std::string& path, const WastOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(options.log, "%s: cannot open\n", path.c_str());
    WastResult r;
    r.parse_failed = true;
    return r;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return run_wast_text(text, path, options);
}

}  // namespace wasmrust
