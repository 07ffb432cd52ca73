// The name section and the WasmRust attribute sections (formats: docs/custom-sections.md).
#include "frontend/custom_sections.h"

#include <algorithm>
#include <string>

#include "frontend/module_decoder.h"

namespace wasmrust::frontend {

// ---- name section ----

namespace {

using NameMap = std::vector<std::pair<uint32_t, std::string>>;

bool read_name_map(Reader& r, NameMap* out) {
  uint32_t n = 0;
  if (!r.read_count(&n)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t index = 0;
    std::string_view name;
    if (!r.read_u32(&index) || !r.read_name(&name)) return false;
    out->emplace_back(index, std::string(name));
  }
  return true;
}

struct Names {
  std::string module;
  bool has_module = false;
  NameMap funcs, tables, memories, globals, elems, datas;
  std::vector<std::pair<uint32_t, NameMap>> locals;
};

bool parse_names(Reader& r, Names* names) {
  while (!r.at_end()) {
    uint8_t id = 0;
    uint32_t size = 0;
    const uint8_t* body = nullptr;
    if (!r.read_u8(&id) || !r.read_u32(&size) || !r.read_bytes(size, &body)) return false;
    Reader sub(body, body + size, r.offset_of(body), r.sink());
    bool ok = true;
    switch (id) {
      case 0: {
        std::string_view name;
        ok = sub.read_name(&name);
        names->module = std::string(name);
        names->has_module = true;
        break;
      }
      case 1: ok = read_name_map(sub, &names->funcs); break;
      case 2: {
        uint32_t n = 0;
        ok = sub.read_count(&n);
        for (uint32_t i = 0; ok && i < n; ++i) {
          auto& entry = names->locals.emplace_back();
          ok = sub.read_u32(&entry.first) && read_name_map(sub, &entry.second);
        }
        break;
      }
      case 5: ok = read_name_map(sub, &names->tables); break;
      case 6: ok = read_name_map(sub, &names->memories); break;
      case 7: ok = read_name_map(sub, &names->globals); break;
      case 8: ok = read_name_map(sub, &names->elems); break;
      case 9: ok = read_name_map(sub, &names->datas); break;
      default: sub.set_pos(sub.end()); break;  // type, label, field names: not kept
    }
    if (!ok || !sub.at_end()) return false;
  }
  return true;
}

template <typename Vec>
void apply_names(const NameMap& map, Vec& entities) {
  for (const auto& [index, name] : map)
    if (index < entities.size()) entities[index].name = name;
}

}  // namespace

void read_name_section(Reader& r, ir::Module* m) {
  ErrorSink local;
  Reader sub(r.pos(), r.end(), r.offset(), &local);
  r.set_pos(r.end());
  Names names;
  if (!parse_names(sub, &names)) return;  // malformed names are ignored, as the spec allows
  if (names.has_module) m->name = names.module;
  apply_names(names.funcs, m->funcs);
  apply_names(names.tables, m->tables);
  apply_names(names.memories, m->memories);
  apply_names(names.globals, m->globals);
  apply_names(names.elems, m->elems);
  apply_names(names.datas, m->datas);
  for (auto& [func, map] : names.locals) {
    if (func >= m->funcs.size()) continue;
    std::sort(map.begin(), map.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    map.erase(std::unique(map.begin(), map.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
              map.end());
    m->funcs[func].local_names = std::move(map);
  }
}

std::string find_function_name(std::span<const uint8_t> bytes, uint32_t func) {
  ErrorSink sink;
  Reader r(bytes.data(), bytes.data() + bytes.size(), 0, &sink);
  if (!r.skip(8)) return {};
  while (!r.at_end()) {
    uint8_t id = 0;
    uint32_t size = 0;
    const uint8_t* body = nullptr;
    if (!r.read_u8(&id) || !r.read_u32(&size) || !r.read_bytes(size, &body)) return {};
    if (id != 0) continue;
    Reader sec(body, body + size, r.offset_of(body), &sink);
    std::string_view name;
    if (!sec.read_name(&name) || name != "name") continue;
    Names names;
    if (!parse_names(sec, &names)) return {};
    for (const auto& [index, fname] : names.funcs)
      if (index == func) return fname;
    return {};
  }
  return {};
}

// ---- WasmRust attribute sections ----

namespace {

constexpr std::string_view kEffects = "wasmrust.effects";
constexpr std::string_view kLinear = "wasmrust.linear";
constexpr std::string_view kRegions = "wasmrust.regions";
constexpr std::string_view kPriority = "metadata.code.compilation_priority";

/// Errors inside an attribute section name the section.
struct AttrReader {
  Reader& r;
  std::string_view section;
  bool fail(const uint8_t* at, const std::string& what) {
    return r.fail_at(at, ErrorCode::kMalformed, std::string(section) + ": " + what);
  }
  /// An index below {limit} ({what} names the index space).
  bool index(uint32_t* out, size_t limit, const char* what) {
    const uint8_t* at = r.pos();
    if (!r.read_u32(out)) return false;
    if (*out >= limit) return fail(at, std::string("unknown ") + what + " " + std::to_string(*out));
    return true;
  }
  /// vec(u32), strictly increasing, each in [lo, hi).
  bool sorted_indexes(std::vector<uint32_t>* out, uint64_t lo, uint64_t hi, const char* what) {
    uint32_t n = 0;
    if (!r.read_count(&n)) return false;
    out->resize(n);
    for (uint32_t k = 0; k < n; ++k) {
      const uint8_t* at = r.pos();
      if (!r.read_u32(&(*out)[k])) return false;
      uint32_t v = (*out)[k];
      if (v < lo || v >= hi) return fail(at, std::string(what) + " index " + std::to_string(v) + " out of range");
      if (k > 0 && v <= (*out)[k - 1]) return fail(at, std::string(what) + " indexes must be strictly increasing");
    }
    return true;
  }
  /// A function index seen for the first time in this section.
  bool func(uint32_t* f, const ir::Module& m, std::vector<uint8_t>* seen) {
    const uint8_t* at = r.pos();
    if (!index(f, m.funcs.size(), "function")) return false;
    if ((*seen)[*f]) return fail(at, "function " + std::to_string(*f) + " listed twice");
    (*seen)[*f] = 1;
    return true;
  }
};

bool read_effects(AttrReader& a, ir::Module* m) {
  uint32_t n = 0;
  if (!a.r.read_count(&n)) return false;
  std::vector<uint8_t> seen(m->funcs.size());
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t f = 0, flags = 0;
    if (!a.func(&f, *m, &seen)) return false;
    const uint8_t* at = a.r.pos();
    if (!a.r.read_u32(&flags)) return false;
    if (flags & ~0xFu) return a.fail(at, "unknown effect flags " + std::to_string(flags));
    ir::EffectSet e;
    e.flags = flags;
    if (!a.sorted_indexes(&e.mem_read, 0, m->memories.size(), "memory") ||
        !a.sorted_indexes(&e.mem_write, 0, m->memories.size(), "memory"))
      return false;
    uint32_t hosts = 0;
    if (!a.r.read_count(&hosts)) return false;
    for (uint32_t k = 0; k < hosts; ++k) {
      const uint8_t* name_at = a.r.pos();
      std::string_view name;
      if (!a.r.read_name(&name)) return false;
      if (k > 0 && std::string_view(e.host.back()) >= name) return a.fail(name_at, "host names must be strictly increasing");
      e.host.emplace_back(name);
    }
    m->funcs[f].attrs.effects = std::move(e);
  }
  return true;
}

bool read_linear(AttrReader& a, ModuleEnv* env, ir::Module* m) {
  uint32_t n = 0;
  if (!a.r.read_count(&n)) return false;
  std::vector<uint8_t> seen(m->funcs.size());
  env->linear_locals_of.assign(m->funcs.size(), ~uint32_t{0});
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t f = 0;
    if (!a.func(&f, *m, &seen)) return false;
    const ir::FuncType& type = m->func_type(f);
    std::vector<uint32_t> params, results, locals;
    const uint8_t* locals_at = nullptr;
    if (!a.sorted_indexes(&params, 0, type.params.size(), "parameter") ||
        !a.sorted_indexes(&results, 0, type.results.size(), "result"))
      return false;
    locals_at = a.r.pos();
    if (!a.sorted_indexes(&locals, type.params.size(), 0xFFFFFFFFu, "local")) return false;
    ir::FuncAttrs& attrs = m->funcs[f].attrs;
    attrs.linear_params.assign(params.empty() ? 0 : type.params.size(), false);
    for (uint32_t p : params) attrs.linear_params[p] = true;
    attrs.linear_results.assign(results.empty() ? 0 : type.results.size(), false);
    for (uint32_t r : results) attrs.linear_results[r] = true;
    if (locals.empty()) continue;
    if (m->funcs[f].import) return a.fail(locals_at, "imported function " + std::to_string(f) + " has no locals");
    env->linear_locals_of[f] = static_cast<uint32_t>(env->linear_local_lists.size());
    env->linear_local_lists.push_back(std::move(locals));
  }
  return true;
}

bool read_regions(AttrReader& a, ir::Module* m) {
  for (int part = 0; part < 2; ++part) {
    uint32_t n = 0;
    if (!a.r.read_count(&n)) return false;
    size_t limit = part == 0 ? m->memories.size() : m->funcs.size();
    std::vector<uint8_t> seen(limit);
    for (uint32_t i = 0; i < n; ++i) {
      const uint8_t* at = a.r.pos();
      uint32_t index = 0;
      std::string_view region;
      if (!a.index(&index, limit, part == 0 ? "memory" : "function") || !a.r.read_name(&region)) return false;
      if (seen[index]) return a.fail(at, std::string(part == 0 ? "memory " : "function ") + std::to_string(index) + " listed twice");
      seen[index] = 1;
      if (region.empty()) return a.fail(at, "empty region name");
      if (part == 0) m->memories[index].region = std::string(region);
      else m->funcs[index].attrs.region = std::string(region);
    }
  }
  return true;
}

bool read_priority(AttrReader& a, ir::Module* m) {
  uint32_t n = 0;
  if (!a.r.read_count(&n)) return false;
  std::vector<uint8_t> seen(m->funcs.size());
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t f = 0, hints = 0;
    if (!a.func(&f, *m, &seen) || !a.r.read_count(&hints)) return false;
    for (uint32_t k = 0; k < hints; ++k) {
      uint32_t offset = 0, length = 0;
      const uint8_t* payload = nullptr;
      if (!a.r.read_u32(&offset) || !a.r.read_u32(&length) || !a.r.read_bytes(length, &payload)) return false;
      if (offset != 0) continue;  // instruction-level hints: not ours, ignored as the proposal allows
      Reader p(payload, payload + length, a.r.offset_of(payload), a.r.sink());
      uint32_t compile = 0, optimize = 0;
      if (!p.read_u32(&compile)) return false;
      ir::FuncAttrs& attrs = m->funcs[f].attrs;
      attrs.critical = compile == 0;
      attrs.tier = ir::TierHint::kNone;
      if (p.at_end()) continue;
      if (!p.read_u32(&optimize)) return false;
      if (optimize == 0) attrs.tier = ir::TierHint::kOptimized;
      else if (optimize >= 127) attrs.tier = ir::TierHint::kBaseline;
    }
  }
  return true;
}

}  // namespace

bool is_attribute_section(std::string_view name) {
  return name == kEffects || name == kLinear || name == kRegions || name == kPriority;
}

bool read_attribute_section(std::string_view name, Reader& r, ModuleEnv* env, ir::Module* m) {
  AttrReader a{r, name};
  uint32_t bit = name == kEffects ? 1 : name == kLinear ? 2 : name == kRegions ? 4 : 8;
  if (env->attr_sections_seen & bit) return a.fail(r.pos(), "section appears twice");
  env->attr_sections_seen |= bit;
  bool ok = name == kEffects ? read_effects(a, m)
            : name == kLinear ? read_linear(a, env, m)
            : name == kRegions ? read_regions(a, m)
                               : read_priority(a, m);
  if (!ok) return false;
  if (!r.at_end()) return a.fail(r.pos(), "bytes left over at the end of the section");
  return true;
}

bool apply_linear_locals(const ModuleEnv& env, uint32_t func, ir::FunctionBody* body, ErrorSink* sink, uint64_t offset) {
  if (func >= env.linear_locals_of.size() || env.linear_locals_of[func] == ~uint32_t{0}) return true;
  if (!body->linear_locals().empty()) return true;  // already applied
  for (uint32_t l : env.linear_local_lists[env.linear_locals_of[func]]) {
    if (l >= body->num_locals()) {
      return sink->fail(ErrorCode::kMalformed, offset,
                        "wasmrust.linear: local " + std::to_string(l) + " of function " + std::to_string(func) +
                            " does not exist");
    }
    body->mark_local_linear(Local(l));
  }
  return true;
}

bool finish_attributes(const ModuleEnv& env, ir::Module* m, ErrorSink* sink, uint64_t offset) {
  for (uint32_t f = 0; f < env.linear_locals_of.size() && f < m->funcs.size(); ++f) {
    if (m->funcs[f].body && !apply_linear_locals(env, f, m->funcs[f].body.get(), sink, offset)) return false;
  }
  return true;
}

}  // namespace wasmrust::frontend
