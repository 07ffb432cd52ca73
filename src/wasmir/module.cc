// Module helpers and attribute set operations.
#include "wasmir/module.h"

#include <algorithm>

namespace wasmrust::ir {

const char* extern_kind_name(ExternKind k) {
  switch (k) {
    case ExternKind::kFunc: return "func";
    case ExternKind::kTable: return "table";
    case ExternKind::kMemory: return "memory";
    case ExternKind::kGlobal: return "global";
  }
  return "?";
}

namespace {
template <typename T>
bool includes_sorted(const std::vector<T>& big, const std::vector<T>& small) {
  return std::includes(big.begin(), big.end(), small.begin(), small.end());
}
template <typename T>
void union_sorted(std::vector<T>& into, const std::vector<T>& from) {
  std::vector<T> out;
  out.reserve(into.size() + from.size());
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(out));
  into.swap(out);
}
}  // namespace

bool EffectSet::covers(const EffectSet& other) const {
  return (other.flags & ~flags) == 0 && includes_sorted(mem_read, other.mem_read) &&
         includes_sorted(mem_write, other.mem_write) && includes_sorted(host, other.host);
}

void EffectSet::merge(const EffectSet& other) {
  flags |= other.flags;
  union_sorted(mem_read, other.mem_read);
  union_sorted(mem_write, other.mem_write);
  union_sorted(host, other.host);
}

uint32_t Module::num_imported_funcs() const {
  uint32_t n = 0;
  for (const Import& im : imports)
    if (im.kind == ExternKind::kFunc) ++n;
  return n;
}

uint32_t Module::intern_type(const FuncType& t) {
  for (uint32_t i = 0; i < types.size(); ++i)
    if (types[i] == t) return i;
  types.push_back(t);
  return static_cast<uint32_t>(types.size() - 1);
}

}  // namespace wasmrust::ir
