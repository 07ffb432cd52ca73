// Runtime functions that generated code calls (by absolute address) for operations too large
// to inline. All follow the C ABI and take the caller's vmctx first. The ones that can trap
// do so through wr_raise_trap, which does not return.
//
// Implemented in src/runtime (libcalls.cc). Generated code must treat every libcall as a
// call: caller-saved registers are clobbered, and in explicit-check mode a memory base may
// have moved after wr_memory_grow.
#pragma once

#include <cstdint>

#include "runtime/trap.h"
#include "runtime/vmctx.h"

extern "C" {

using wasmrust::rt::VMContext;

/// memory.grow: old size in pages, or -1 (as uint32) if it cannot grow.
uint32_t wr_memory_grow(VMContext* vmctx, uint32_t mem, uint32_t delta_pages);
void wr_memory_fill(VMContext* vmctx, uint32_t mem, uint32_t dst, uint32_t value, uint32_t len);
void wr_memory_copy(VMContext* vmctx, uint32_t dst_mem, uint32_t src_mem, uint32_t dst, uint32_t src,
                    uint32_t len);
void wr_memory_init(VMContext* vmctx, uint32_t mem, uint32_t data_seg, uint32_t dst, uint32_t src,
                    uint32_t len);
void wr_data_drop(VMContext* vmctx, uint32_t data_seg);

void* wr_table_get(VMContext* vmctx, uint32_t table, uint32_t index);
void wr_table_set(VMContext* vmctx, uint32_t table, uint32_t index, void* value);
/// table.grow: old size, or -1 (as uint32) if it cannot grow.
uint32_t wr_table_grow(VMContext* vmctx, uint32_t table, void* init, uint32_t delta);
void wr_table_fill(VMContext* vmctx, uint32_t table, uint32_t dst, void* value, uint32_t len);
void wr_table_copy(VMContext* vmctx, uint32_t dst_table, uint32_t src_table, uint32_t dst, uint32_t src,
                   uint32_t len);
void wr_table_init(VMContext* vmctx, uint32_t table, uint32_t elem_seg, uint32_t dst, uint32_t src,
                   uint32_t len);
void wr_elem_drop(VMContext* vmctx, uint32_t elem_seg);

/// Unwind to the innermost host-to-wasm entry with a trap. Never returns.
[[noreturn]] void wr_raise_trap(wasmrust::rt::TrapCode code);

}  // extern "C"
