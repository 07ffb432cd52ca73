// W^X code memory (see code_memory.h).
#include "runtime/code_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace wasmrust::rt {

CodeMemory& CodeMemory::operator=(CodeMemory&& o) noexcept {
  if (this != &o) {
    if (base_) munmap(base_, mapped_);
    base_ = o.base_;
    size_ = o.size_;
    mapped_ = o.mapped_;
    executable_ = o.executable_;
    o.base_ = nullptr;
    o.size_ = o.mapped_ = 0;
    o.executable_ = false;
  }
  return *this;
}

CodeMemory::~CodeMemory() {
  if (base_) munmap(base_, mapped_);
}

Result<CodeMemory> CodeMemory::allocate(size_t size) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t mapped = (size + page - 1) / page * page;
  if (mapped == 0) mapped = page;
  void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return Error{ErrorCode::kLimit, std::string("cannot map ") + std::to_string(mapped) + " bytes of code memory: " +
                                        std::strerror(errno)};
  CodeMemory m;
  m.base_ = static_cast<uint8_t*>(p);
  m.size_ = size;
  m.mapped_ = mapped;
  return m;
}

Status CodeMemory::make_executable() {
  if (executable_) return {};
  if (mprotect(base_, mapped_, PROT_READ | PROT_EXEC) != 0)
    return Error{ErrorCode::kLimit, std::string("cannot make code executable: ") + std::strerror(errno)};
  executable_ = true;
  return {};
}

}  // namespace wasmrust::rt
