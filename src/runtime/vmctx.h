// The instance context (VMContext) and the runtime structures that generated code reads.
// This is the contract between the code generators (tier-1, tier-2) and the runtime; see
// docs/abi.md. Generated code reads these only through the offsets given here.
//
// Depends on nothing but the standard library. Standard-layout structs; offsets are
// static_asserted so a change is a compile error, not a silent ABI break.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace wasmrust::rt {

struct VMContext;

/// Per-store state shared by all instances of a store (used by one thread at a time).
struct VMStoreContext {
  uintptr_t stack_limit = 0;  ///< lowest rsp wasm code may use; below it: kStackOverflow
  uint64_t reserved[3] = {};  ///< room for an interrupt flag / fuel / epoch
};
static_assert(offsetof(VMStoreContext, stack_limit) == 0);

/// An entry slot: the current code of one function and the context to call it with.
/// funcref values are VMFuncRef pointers (null = 0).
struct VMFuncRef {
  std::atomic<const void*> code;  ///< native entry (docs/abi.md); swapped on tier-up/reload
  VMContext* vmctx;               ///< passed in rdi: the owning instance, or a host function record
  uint32_t type_id;               ///< engine-wide canonical signature id
  uint32_t func_index;            ///< index in its module's function space (for backtraces)
};
static_assert(offsetof(VMFuncRef, code) == 0);
static_assert(offsetof(VMFuncRef, vmctx) == 8);
static_assert(offsetof(VMFuncRef, type_id) == 16);
static_assert(sizeof(VMFuncRef) == 24);

/// A linear memory as generated code sees it.
struct VMMemory {
  uint8_t* base;       ///< start of the memory (fixed in guard mode)
  uint64_t size;       ///< current size in bytes
  uint64_t max_pages;  ///< maximum size in 64 KiB pages
  uint64_t flags;      ///< runtime-private
};
static_assert(offsetof(VMMemory, base) == 0);
static_assert(offsetof(VMMemory, size) == 8);

/// A table: an array of reference values (VMFuncRef* for funcref, opaque for externref).
struct VMTable {
  void** elements;
  uint32_t size;
  uint32_t max;   ///< 0xFFFFFFFF if unbounded
  uint64_t flags; ///< runtime-private
};
static_assert(offsetof(VMTable, elements) == 0);
static_assert(offsetof(VMTable, size) == 8);

/// A global's storage cell: 16 bytes, little-endian value in the low bytes.
struct alignas(16) VMGlobal {
  uint8_t bytes[16];
};

/// Fixed header of every VMContext; the arrays described by VMOffsets follow it.
struct VMContextHeader {
  VMStoreContext* store;  ///< shared per store: stack limit
  void* instance;         ///< the runtime's Instance (opaque to generated code)
  uint64_t reserved[2];
};
static_assert(sizeof(VMContextHeader) == 32);

/// Offsets of the arrays that follow the header. Computed once per module from its counts;
/// tier-1, tier-2 and the runtime all use this one computation.
struct VMOffsets {
  uint32_t num_memories = 0, num_globals = 0, num_tables = 0, num_funcs = 0;

  static constexpr uint32_t kStore = offsetof(VMContextHeader, store);
  static constexpr uint32_t kInstance = offsetof(VMContextHeader, instance);

  uint32_t memories_begin() const { return sizeof(VMContextHeader); }
  uint32_t globals_begin() const { return memories_begin() + 8 * num_memories; }
  uint32_t tables_begin() const { return globals_begin() + 8 * num_globals; }
  uint32_t func_refs_begin() const { return tables_begin() + 8 * num_tables; }
  uint32_t size() const { return func_refs_begin() + 8 * num_funcs; }

  uint32_t memory(uint32_t i) const { return memories_begin() + 8 * i; }    ///< VMMemory*
  uint32_t global(uint32_t i) const { return globals_begin() + 8 * i; }     ///< VMGlobal*
  uint32_t table(uint32_t i) const { return tables_begin() + 8 * i; }       ///< VMTable*
  uint32_t func_ref(uint32_t i) const { return func_refs_begin() + 8 * i; } ///< VMFuncRef*
};

}  // namespace wasmrust::rt
