// Tables (see table.h).
#include "runtime/table.h"

#include <string>

namespace wasmrust::rt {

Result<std::unique_ptr<Table>> Table::create(Type elem, uint32_t min, std::optional<uint32_t> max, void* init) {
  if (min > kMaxTableElements)
    return Error{ErrorCode::kLimit, std::string("table of ") + std::to_string(min) + " elements exceeds the implementation limit"};
  std::unique_ptr<Table> t(new Table());
  t->elem_ = elem;
  t->declared_max_ = max;
  t->elements_.assign(min, init);
  t->vm_.elements = t->elements_.data();
  t->vm_.size = min;
  t->vm_.max = max ? *max : 0xFFFFFFFFu;
  return t;
}

int64_t Table::grow(uint32_t delta, void* init) {
  uint64_t old = vm_.size, want = old + uint64_t{delta};
  if (want > vm_.max || want > kMaxTableElements) return -1;
  elements_.resize(want, init);
  vm_.elements = elements_.data();
  vm_.size = static_cast<uint32_t>(want);
  return static_cast<int64_t>(old);
}

}  // namespace wasmrust::rt
