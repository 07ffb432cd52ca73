// Name section and WasmRust attribute sections (formats: docs/custom-sections.md and the
// core specification's appendix on the name section).
#include "emit/wasm/custom_sections.h"

#include <algorithm>

namespace wasmrust::emit {

using ir::Module;

namespace {

constexpr std::string_view kEffects = "wasmrust.effects";
constexpr std::string_view kLinear = "wasmrust.linear";
constexpr std::string_view kRegions = "wasmrust.regions";
constexpr std::string_view kHints = "metadata.code.compilation_priority";

// A custom section: id 0, size, name, then what {body} writes. Nothing if {body} wrote
// no entries (it returns the count).
template <typename Fn>
void custom(ByteWriter& w, std::string_view name, Fn&& body) {
  size_t mark = w.size();
  w.byte(0);
  size_t at = w.begin_sized();
  w.name(name);
  if (body() == 0) {
    w.truncate(mark);
    return;
  }
  w.end_sized(at);
}

// A vec whose count is only known after its entries are written.
template <typename Fn>
uint32_t counted_vec(ByteWriter& w, Fn&& entries) {
  size_t at = w.begin_sized();
  uint32_t n = entries();
  w.patch_leb(at, n);
  return n;
}

// A name-section subsection with a name map of the entities whose names are non-empty.
template <typename Get>
void name_map_subsection(ByteWriter& w, uint8_t id, size_t count, Get&& name_of) {
  size_t mark = w.size();
  w.byte(id);
  size_t at = w.begin_sized();
  uint32_t n = counted_vec(w, [&] {
    uint32_t k = 0;
    for (size_t i = 0; i < count; ++i) {
      const std::string& s = name_of(i);
      if (s.empty()) continue;
      w.u32(static_cast<uint32_t>(i));
      w.name(s);
      ++k;
    }
    return k;
  });
  if (n == 0) {
    w.truncate(mark);
    return;
  }
  w.end_sized(at);
}

void write_u32_vec(ByteWriter& w, const std::vector<uint32_t>& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  for (uint32_t x : v) w.u32(x);
}

std::vector<uint32_t> true_indexes(const std::vector<bool>& bits) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < bits.size(); ++i)
    if (bits[i]) out.push_back(i);
  return out;
}

}  // namespace

bool is_attribute_section(std::string_view name) {
  return name == kEffects || name == kLinear || name == kRegions || name == kHints;
}

void write_name_section(ByteWriter& w, const Module& m, const std::vector<uint32_t>& order) {
  custom(w, "name", [&] {
    size_t begin = w.size();
    if (!m.name.empty()) {
      w.byte(0);
      size_t at = w.begin_sized();
      w.name(m.name);
      w.end_sized(at);
    }
    name_map_subsection(w, 1, order.size(), [&](size_t i) -> const std::string& { return m.funcs[order[i]].name; });
    // local names: an indirect name map over functions that have any
    size_t mark = w.size();
    w.byte(2);
    size_t at = w.begin_sized();
    uint32_t n = counted_vec(w, [&] {
      uint32_t k = 0;
      for (uint32_t i = 0; i < order.size(); ++i) {
        const auto& names = m.funcs[order[i]].local_names;
        if (names.empty()) continue;
        w.u32(i);
        w.u32(static_cast<uint32_t>(names.size()));
        for (const auto& [local, name] : names) {
          w.u32(local);
          w.name(name);
        }
        ++k;
      }
      return k;
    });
    if (n == 0) w.truncate(mark);
    else w.end_sized(at);
    name_map_subsection(w, 5, m.tables.size(), [&](size_t i) -> const std::string& { return m.tables[i].name; });
    name_map_subsection(w, 6, m.memories.size(), [&](size_t i) -> const std::string& { return m.memories[i].name; });
    name_map_subsection(w, 7, m.globals.size(), [&](size_t i) -> const std::string& { return m.globals[i].name; });
    name_map_subsection(w, 8, m.elems.size(), [&](size_t i) -> const std::string& { return m.elems[i].name; });
    name_map_subsection(w, 9, m.datas.size(), [&](size_t i) -> const std::string& { return m.datas[i].name; });
    return w.size() == begin ? 0u : 1u;
  });
}

void write_attribute_sections(ByteWriter& w, const Module& m, const std::vector<uint32_t>& order) {
  auto entries = [&](auto&& each) {
    return counted_vec(w, [&] {
      uint32_t k = 0;
      for (uint32_t i = 0; i < order.size(); ++i) k += each(i, m.funcs[order[i]]) ? 1 : 0;
      return k;
    });
  };
  custom(w, kEffects, [&] {
    return entries([&](uint32_t i, const ir::Function& fn) {
      if (!fn.attrs.effects) return false;
      const ir::EffectSet& e = *fn.attrs.effects;
      w.u32(i);
      w.u32(e.flags);
      write_u32_vec(w, e.mem_read);
      write_u32_vec(w, e.mem_write);
      w.u32(static_cast<uint32_t>(e.host.size()));
      for (const std::string& h : e.host) w.name(h);
      return true;
    });
  });
  custom(w, kLinear, [&] {
    return entries([&](uint32_t i, const ir::Function& fn) {
      std::vector<uint32_t> locals;
      if (fn.body) {
        for (Local l : fn.body->linear_locals())
          if (l.index >= fn.body->num_params) locals.push_back(l.index);
        std::sort(locals.begin(), locals.end());
        locals.erase(std::unique(locals.begin(), locals.end()), locals.end());
      }
      std::vector<uint32_t> params = true_indexes(fn.attrs.linear_params);
      std::vector<uint32_t> results = true_indexes(fn.attrs.linear_results);
      if (params.empty() && results.empty() && locals.empty()) return false;
      w.u32(i);
      write_u32_vec(w, params);
      write_u32_vec(w, results);
      write_u32_vec(w, locals);
      return true;
    });
  });
  custom(w, kRegions, [&] {
    uint32_t mems = counted_vec(w, [&] {
      uint32_t k = 0;
      for (uint32_t i = 0; i < m.memories.size(); ++i) {
        if (m.memories[i].region.empty()) continue;
        w.u32(i);
        w.name(m.memories[i].region);
        ++k;
      }
      return k;
    });
    uint32_t funcs = entries([&](uint32_t i, const ir::Function& fn) {
      if (fn.attrs.region.empty()) return false;
      w.u32(i);
      w.name(fn.attrs.region);
      return true;
    });
    return mems + funcs;
  });
  custom(w, kHints, [&] {
    return entries([&](uint32_t i, const ir::Function& fn) {
      const ir::FuncAttrs& a = fn.attrs;
      if (!a.critical && a.tier == ir::TierHint::kNone) return false;
      // one function-level hint: offset 0, payload = compilation priority [optimization priority]
      ByteWriter payload;
      payload.u32(a.critical ? 0 : 1);
      if (a.tier == ir::TierHint::kOptimized) payload.u32(0);
      if (a.tier == ir::TierHint::kBaseline) payload.u32(127);
      w.u32(i);
      w.u32(1);
      w.u32(0);
      w.u32(static_cast<uint32_t>(payload.size()));
      w.bytes(payload.data(), payload.size());
      return true;
    });
  });
}

}  // namespace wasmrust::emit
