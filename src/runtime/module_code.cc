// Module code tables and the lock-free code registry (see module_code.h).
#include "runtime/module_code.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "support/check.h"

namespace wasmrust::rt {

ModuleCode::~ModuleCode() {
  if (registered_) CodeRegistry::get().remove(this);
}

Status ModuleCode::allocate(size_t code_bytes) {
  auto m = CodeMemory::allocate(code_bytes);
  if (!m.ok()) return m.take_error();
  mem_ = std::move(m.value());
  return {};
}

void ModuleCode::add_function(uint32_t func_index, uint32_t offset, const uint8_t* code, uint32_t size,
                              const TrapSite* traps, size_t num_traps, const CallSiteInfo* calls,
                              size_t num_calls) {
  WR_CHECK(!mem_.executable() && offset + size <= mem_.size());
  WR_CHECK(funcs_.empty() || funcs_.back().offset + funcs_.back().size <= offset);
  std::memcpy(mem_.data() + offset, code, size);
  FuncCodeInfo f;
  f.func_index = func_index;
  f.offset = offset;
  f.size = size;
  f.traps_begin = static_cast<uint32_t>(traps_.size());
  traps_.insert(traps_.end(), traps, traps + num_traps);
  f.traps_end = static_cast<uint32_t>(traps_.size());
  f.calls_begin = static_cast<uint32_t>(calls_.size());
  calls_.insert(calls_.end(), calls, calls + num_calls);
  f.calls_end = static_cast<uint32_t>(calls_.size());
  if (func_index >= code_of_func_.size()) code_of_func_.resize(func_index + 1, kNoCode);
  code_of_func_[func_index] = static_cast<uint32_t>(funcs_.size());
  funcs_.push_back(f);
}

Status ModuleCode::publish() {
  WR_TRY(mem_.make_executable());
  CodeRegistry::get().add(this);
  registered_ = true;
  return {};
}

bool ModuleCode::contains(uintptr_t pc) const {
  uintptr_t b = reinterpret_cast<uintptr_t>(mem_.base());
  return pc >= b && pc < b + mem_.size();
}

const void* ModuleCode::func_code(uint32_t func_index) const {
  if (func_index >= code_of_func_.size() || code_of_func_[func_index] == kNoCode) return nullptr;
  return mem_.base() + funcs_[code_of_func_[func_index]].offset;
}

const FuncCodeInfo* ModuleCode::find_func(uintptr_t pc) const {
  if (!contains(pc)) return nullptr;
  uint32_t off = static_cast<uint32_t>(pc - reinterpret_cast<uintptr_t>(mem_.base()));
  auto it = std::upper_bound(funcs_.begin(), funcs_.end(), off,
                             [](uint32_t o, const FuncCodeInfo& f) { return o < f.offset; });
  if (it == funcs_.begin()) return nullptr;
  --it;
  return off < it->offset + it->size ? &*it : nullptr;
}

const TrapSite* ModuleCode::find_trap(const FuncCodeInfo& f, uintptr_t pc) const {
  uint32_t off = static_cast<uint32_t>(pc - reinterpret_cast<uintptr_t>(mem_.base())) - f.offset;
  auto b = traps_.begin() + f.traps_begin, e = traps_.begin() + f.traps_end;
  auto it = std::lower_bound(b, e, off, [](const TrapSite& t, uint32_t o) { return t.code_offset < o; });
  return it != e && it->code_offset == off ? &*it : nullptr;
}

uint32_t ModuleCode::call_srcloc(const FuncCodeInfo& f, uintptr_t pc) const {
  uint32_t off = static_cast<uint32_t>(pc - reinterpret_cast<uintptr_t>(mem_.base())) - f.offset;
  auto b = calls_.begin() + f.calls_begin, e = calls_.begin() + f.calls_end;
  auto it = std::lower_bound(b, e, off, [](const CallSiteInfo& c, uint32_t o) { return c.return_offset < o; });
  return it != e && it->return_offset == off ? it->srcloc : ~0u;
}

const std::string& ModuleCode::func_name(uint32_t func_index) const {
  static const std::string kEmpty;
  return func_index < names_.size() ? names_[func_index] : kEmpty;
}

// ---- registry ----
//
// Readers (the signal handler, backtraces) count themselves in {readers_} around their use of
// the table; a writer swaps in a new table and waits until no reader is inside before
// freeing the old one. Readers are a binary search long, so the wait is short.

CodeRegistry& CodeRegistry::get() {
  static CodeRegistry* r = new CodeRegistry();  // never destroyed: handlers may run at exit
  return *r;
}

CodeRegistry::Table* CodeRegistry::make_table(size_t n) {
  auto* t = static_cast<Table*>(std::malloc(sizeof(Table) + sizeof(Entry) * (n ? n - 1 : 0)));
  WR_CHECK(t != nullptr);
  t->size = n;
  return t;
}

void CodeRegistry::swap_in(Table* t) {
  Table* old = table_.exchange(t, std::memory_order_seq_cst);
  while (readers_.load(std::memory_order_seq_cst) != 0) std::this_thread::yield();
  std::free(old);
}

void CodeRegistry::add(const ModuleCode* code) {
  std::lock_guard<std::mutex> lock(mu_);
  Table* cur = table_.load();
  size_t n = cur ? cur->size : 0;
  Table* t = make_table(n + 1);
  uintptr_t start = reinterpret_cast<uintptr_t>(code->base());
  Entry e{start, start + code->code_size(), code};
  size_t j = 0;
  bool placed = false;
  for (size_t i = 0; i < n; ++i) {
    if (!placed && start < cur->entries[i].start) {
      t->entries[j++] = e;
      placed = true;
    }
    t->entries[j++] = cur->entries[i];
  }
  if (!placed) t->entries[j++] = e;
  swap_in(t);
}

void CodeRegistry::remove(const ModuleCode* code) {
  std::lock_guard<std::mutex> lock(mu_);
  Table* cur = table_.load();
  if (!cur) return;
  Table* t = make_table(cur->size);
  size_t j = 0;
  for (size_t i = 0; i < cur->size; ++i)
    if (cur->entries[i].code != code) t->entries[j++] = cur->entries[i];
  t->size = j;
  swap_in(t);
}

const ModuleCode* CodeRegistry::lookup(uintptr_t pc) const {
  readers_.fetch_add(1, std::memory_order_seq_cst);
  const ModuleCode* found = nullptr;
  if (const Table* t = table_.load(std::memory_order_seq_cst)) {
    size_t lo = 0, hi = t->size;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (pc < t->entries[mid].start) hi = mid;
      else if (pc >= t->entries[mid].end) lo = mid + 1;
      else { found = t->entries[mid].code; break; }
    }
  }
  readers_.fetch_sub(1, std::memory_order_seq_cst);
  return found;
}

}  // namespace wasmrust::rt
