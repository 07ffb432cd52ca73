// Lowering of globals, tables and references. Globals are 16-byte cells reached through
// the vmctx's pointer array (so imported and local globals look the same). table.get/set
// and table.size are inline (a VMTable is a plain array of references and a size);
// table.grow and the bulk table operations go to the runtime. ref.func loads the function's
// VMFuncRef pointer (a funcref value is that pointer; null is 0).
#include "emit/x64/codegen.h"
#include "runtime/libcalls.h"

namespace wasmrust::x64 {

void CodeGen::lower_global_get(Inst i, const InstData& d) {
  Asm& as = *a_;
  Type t = d.type;
  Reg dst = ra_.alloc(ra::class_of(t));
  load_vmctx_ptr(kR11, env_->offsets.global(d.a));
  Mem cell{kR11, ra::kNoReg, 0, 0};
  switch (t) {
    case Type::kI32: as.load(dst, cell, 4); break;
    case Type::kF32: as.sse_rm(SseOp::kMovssLoad, dst, cell); break;
    case Type::kF64: as.sse_rm(SseOp::kMovsdLoad, dst, cell); break;
    case Type::kV128: as.sse_rm(SseOp::kMovdquLoad, dst, cell); break;
    default: as.load(dst, cell, 8); break;
  }
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_global_set(Inst i, const InstData& d) {
  (void)i;
  Value v(d.a);
  Loc src = ra_.loc(v);
  load_vmctx_ptr(kR11, env_->offsets.global(d.b));
  store_loc(kR11, 0, src);
  ra_.release(v);
}

// Traps with {code} unless {index} < table->size; leaves the VMTable* in {table_ptr}.
void CodeGen::table_bounds_check(uint32_t table, Reg index, Reg table_ptr, rt::TrapCode code) {
  load_vmctx_ptr(table_ptr, env_->offsets.table(table));
  a_->alu_rm(AluOp::kCmp, index, Mem{table_ptr, ra::kNoReg, 0, offsetof(rt::VMTable, size)}, false);
  trap_if(kAboveEqual, code);
}

void CodeGen::lower_table_get(Inst i, const InstData& d) {
  Asm& as = *a_;
  Value index(d.a);
  Reg ri = ra_.use(index);
  table_bounds_check(d.b, ri, kR11, rt::TrapCode::kTableOutOfBounds);
  Reg dst = dst_for(index);
  as.load(kR11, Mem{kR11, ra::kNoReg, 0, offsetof(rt::VMTable, elements)}, 8);
  as.load(dst, Mem{kR11, ri, 3, 0}, 8);
  ra_.release(index);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_table_set(Inst i, const InstData& d) {
  (void)i;
  Asm& as = *a_;
  Value index(d.a), val(d.b);
  Reg rv = ra_.use(val);
  Reg ri = ra_.use(index);
  table_bounds_check(d.c, ri, kR11, rt::TrapCode::kTableOutOfBounds);
  as.load(kR11, Mem{kR11, ra::kNoReg, 0, offsetof(rt::VMTable, elements)}, 8);
  as.store(Mem{kR11, ri, 3, 0}, rv, 8);
  ra_.release(index);
  ra_.release(val);
}

void CodeGen::lower_table_size(Inst i, const InstData& d) {
  Reg dst = ra_.alloc(RegClass::kGp);
  load_vmctx_ptr(kR11, env_->offsets.table(d.a));
  a_->load(dst, Mem{kR11, ra::kNoReg, 0, offsetof(rt::VMTable, size)}, 4);
  ra_.define(Value::of_inst(i), dst);
}

void CodeGen::lower_table_grow(Inst i, const InstData& d) {
  Value init(d.a), delta(d.b);
  Loc args[3] = {Loc::constant(d.c, Type::kI32), ra_.loc(init), ra_.loc(delta)};
  ra_.release(init);
  ra_.release(delta);
  call_runtime(i, reinterpret_cast<const void*>(&wr_table_grow), args, 3);
}

void CodeGen::lower_ref(Inst i, const InstData& d) {
  Asm& as = *a_;
  if (d.op == Opcode::kRefFunc) {
    Reg dst = ra_.alloc(RegClass::kGp);
    load_vmctx_ptr(dst, env_->offsets.func_ref(d.a));
    ra_.define(Value::of_inst(i), dst);
    return;
  }
  // ref.is_null
  Value a(d.a);
  Reg ra0 = ra_.use(a);
  bool fused = fuse_with_next(i);
  Reg dst = fused ? ra::kNoReg : ra_.alloc(RegClass::kGp);
  as.test_rr(ra0, ra0, true);
  ra_.release(a);
  compare_result(i, kEqual, fused, dst);
}

}  // namespace wasmrust::x64
