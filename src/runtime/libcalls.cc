// The runtime functions generated code calls (libcalls.h), with the spec's semantics: every
// bounds check happens before any write, copies may overlap, and a zero-length access at
// exactly the end is allowed.
//
// Depends on: instance.h, trap_handler.h. Every trap goes through wr_raise_trap with no C++
// object alive in the calling frame.
#include "runtime/libcalls.h"

#include <cstring>

#include "runtime/instance.h"

using wasmrust::rt::Instance;
using wasmrust::rt::Memory;
using wasmrust::rt::Table;
using wasmrust::rt::TrapCode;

namespace {

Instance& inst_of(VMContext* vmctx) { return *Instance::of(vmctx); }

bool in_bounds(uint64_t start, uint64_t len, uint64_t size) { return start + len <= size; }

}  // namespace

extern "C" {

uint32_t wr_memory_grow(VMContext* vmctx, uint32_t mem, uint32_t delta_pages) {
  return static_cast<uint32_t>(inst_of(vmctx).memory(mem)->grow(delta_pages));
}

void wr_memory_fill(VMContext* vmctx, uint32_t mem, uint32_t dst, uint32_t value, uint32_t len) {
  Memory* m = inst_of(vmctx).memory(mem);
  if (!in_bounds(dst, len, m->size_bytes())) wr_raise_trap(TrapCode::kMemoryOutOfBounds);
  std::memset(m->data() + dst, static_cast<int>(value & 0xFF), len);
}

void wr_memory_copy(VMContext* vmctx, uint32_t dst_mem, uint32_t src_mem, uint32_t dst, uint32_t src,
                    uint32_t len) {
  Instance& inst = inst_of(vmctx);
  Memory* d = inst.memory(dst_mem);
  Memory* s = inst.memory(src_mem);
  if (!in_bounds(dst, len, d->size_bytes()) || !in_bounds(src, len, s->size_bytes()))
    wr_raise_trap(TrapCode::kMemoryOutOfBounds);
  std::memmove(d->data() + dst, s->data() + src, len);
}

void wr_memory_init(VMContext* vmctx, uint32_t mem, uint32_t data_seg, uint32_t dst, uint32_t src,
                    uint32_t len) {
  if (!wasmrust::rt::memory_init(inst_of(vmctx), mem, data_seg, dst, src, len))
    wr_raise_trap(TrapCode::kMemoryOutOfBounds);
}

void wr_data_drop(VMContext* vmctx, uint32_t data_seg) { inst_of(vmctx).drop_data(data_seg); }

void* wr_table_get(VMContext* vmctx, uint32_t table, uint32_t index) {
  Table* t = inst_of(vmctx).table(table);
  if (index >= t->size()) wr_raise_trap(TrapCode::kTableOutOfBounds);
  return t->get(index);
}

void wr_table_set(VMContext* vmctx, uint32_t table, uint32_t index, void* value) {
  Table* t = inst_of(vmctx).table(table);
  if (index >= t->size()) wr_raise_trap(TrapCode::kTableOutOfBounds);
  t->set(index, value);
}

uint32_t wr_table_grow(VMContext* vmctx, uint32_t table, void* init, uint32_t delta) {
  return static_cast<uint32_t>(inst_of(vmctx).table(table)->grow(delta, init));
}

void wr_table_fill(VMContext* vmctx, uint32_t table, uint32_t dst, void* value, uint32_t len) {
  Table* t = inst_of(vmctx).table(table);
  if (!in_bounds(dst, len, t->size())) wr_raise_trap(TrapCode::kTableOutOfBounds);
  for (uint32_t k = 0; k < len; ++k) t->set(dst + k, value);
}

void wr_table_copy(VMContext* vmctx, uint32_t dst_table, uint32_t src_table, uint32_t dst, uint32_t src,
                   uint32_t len) {
  Instance& inst = inst_of(vmctx);
  Table* d = inst.table(dst_table);
  Table* s = inst.table(src_table);
  if (!in_bounds(dst, len, d->size()) || !in_bounds(src, len, s->size()))
    wr_raise_trap(TrapCode::kTableOutOfBounds);
  std::memmove(d->data() + dst, s->data() + src, sizeof(void*) * len);
}

void wr_table_init(VMContext* vmctx, uint32_t table, uint32_t elem_seg, uint32_t dst, uint32_t src,
                   uint32_t len) {
  if (!wasmrust::rt::table_init(inst_of(vmctx), table, elem_seg, dst, src, len))
    wr_raise_trap(TrapCode::kTableOutOfBounds);
}

void wr_elem_drop(VMContext* vmctx, uint32_t elem_seg) { inst_of(vmctx).drop_elem(elem_seg); }

}  // extern "C"
