// Linear memories (see memory.h).
#include "runtime/memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace wasmrust::rt {
namespace {

// Explicit mode maps at least one page so base is never null, even for a 0-page memory.
uint64_t explicit_mapping(uint64_t bytes) { return bytes ? bytes : kPageSize; }

}  // namespace

Result<std::unique_ptr<Memory>> Memory::create(uint64_t min, std::optional<uint64_t> max, BoundsMode mode) {
  uint64_t limit = max ? std::min(*max, kMaxPages32) : kMaxPages32;
  if (min > kMaxPages32) return Error{ErrorCode::kLimit, "memory size must be at most 65536 pages (4GiB)"};
  std::unique_ptr<Memory> m(new Memory());
  m->mode_ = mode;
  m->declared_max_ = max;
  m->vm_.max_pages = limit;
  uint64_t bytes = min * kPageSize;
  if (mode == BoundsMode::kGuard) {
    void* p = mmap(nullptr, kGuardReservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
      return Error{ErrorCode::kLimit, std::string("cannot reserve linear memory: ") + std::strerror(errno)};
    m->mapping_ = static_cast<uint8_t*>(p);
    m->mapped_ = kGuardReservation;
    if (bytes && mprotect(p, bytes, PROT_READ | PROT_WRITE) != 0)
      return Error{ErrorCode::kLimit, std::string("cannot commit linear memory: ") + std::strerror(errno)};
  } else {
    uint64_t n = explicit_mapping(bytes);
    void* p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
      return Error{ErrorCode::kLimit, std::string("cannot map linear memory: ") + std::strerror(errno)};
    m->mapping_ = static_cast<uint8_t*>(p);
    m->mapped_ = n;
  }
  m->vm_.base = m->mapping_;
  m->vm_.size = bytes;
  return m;
}

Memory::~Memory() {
  if (mapping_) munmap(mapping_, mapped_);
}

int64_t Memory::grow(uint64_t delta) {
  uint64_t old = pages();
  if (delta > vm_.max_pages || old + delta > vm_.max_pages) return -1;
  if (delta == 0) return static_cast<int64_t>(old);
  uint64_t new_bytes = (old + delta) * kPageSize;
  if (mode_ == BoundsMode::kGuard) {
    if (mprotect(mapping_ + vm_.size, new_bytes - vm_.size, PROT_READ | PROT_WRITE) != 0) return -1;
  } else if (new_bytes > mapped_) {
    void* p = mremap(mapping_, mapped_, new_bytes, MREMAP_MAYMOVE);
    if (p == MAP_FAILED) return -1;
    mapping_ = static_cast<uint8_t*>(p);
    mapped_ = new_bytes;
    vm_.base = mapping_;
  }
  vm_.size = new_bytes;
  return static_cast<int64_t>(old);
}

}  // namespace wasmrust::rt
