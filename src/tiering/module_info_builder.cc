// ir::Module -> rt::ModuleInfo (see module_info_builder.h).
#include "tiering/module_info_builder.h"

#include <string>

namespace wasmrust::tiering {
namespace {

rt::InitExpr convert(const ir::ConstExpr& e) {
  rt::InitExpr out;
  out.reserve(e.ops.size());
  for (const ir::ConstOp& op : e.ops)
    out.push_back(rt::ConstInstr{static_cast<rt::ConstInstr::Kind>(op.kind), op.type, op.lo, op.hi});
  return out;
}

// The two enums list the same instructions in the same order; a change to either breaks here.
static_assert(int(ir::ConstOp::kI64Mul) == int(rt::ConstInstr::kI64Mul));
static_assert(int(ir::ConstOp::kGlobalGet) == int(rt::ConstInstr::kGlobalGet));
static_assert(int(ir::ExternKind::kGlobal) == int(rt::ExternKind::kGlobal));
static_assert(int(ir::SegmentMode::kDeclarative) == int(rt::SegmentMode::kDeclarative));

std::optional<uint32_t> narrow(const std::optional<uint64_t>& v) {
  return v ? std::optional<uint32_t>(static_cast<uint32_t>(*v)) : std::nullopt;
}

Status convert_entities(const ir::Module& m, rt::ModuleInfo& info) {
  for (const ir::Table& t : m.tables) {
    rt::TableInfo ti;
    ti.elem = t.elem;
    ti.min = static_cast<uint32_t>(t.limits.min);
    ti.max = narrow(t.limits.max);
    if (t.init) ti.init = convert(*t.init);
    ti.imported = t.import.has_value();
    info.tables.push_back(std::move(ti));
  }
  for (const ir::Memory& mem : m.memories) {
    if (mem.is64) return Error{ErrorCode::kUnsupported, "64-bit memories are not supported by the runtime"};
    if (mem.shared) return Error{ErrorCode::kUnsupported, "shared memories are not supported by the runtime"};
    info.memories.push_back({mem.limits.min, mem.limits.max, mem.import.has_value()});
  }
  for (const ir::Global& g : m.globals) info.globals.push_back({g.type, g.mut, convert(g.init), g.import.has_value()});
  return {};
}

void convert_segments(const ir::Module& m, rt::ModuleInfo& info) {
  for (const ir::DataSegment& d : m.datas) {
    rt::DataSegmentInfo di;
    di.mode = static_cast<rt::SegmentMode>(d.mode);
    di.mem = d.mem;
    di.offset = convert(d.offset);
    di.bytes = d.bytes;
    info.datas.push_back(std::move(di));
  }
  for (const ir::ElemSegment& e : m.elems) {
    rt::ElemSegmentInfo ei;
    ei.mode = static_cast<rt::SegmentMode>(e.mode);
    ei.type = e.type;
    ei.table = e.table;
    ei.offset = convert(e.offset);
    ei.items.reserve(e.items.size());
    for (const ir::ConstExpr& item : e.items) ei.items.push_back(convert(item));
    info.elems.push_back(std::move(ei));
  }
}

}  // namespace

std::vector<uint32_t> canonical_type_ids(const ir::Module& m, rt::TypeRegistry& types) {
  std::vector<uint32_t> ids;
  ids.reserve(m.types.size());
  for (const ir::FuncType& t : m.types) ids.push_back(types.intern({t.params, t.results}));
  return ids;
}

rt::VMOffsets vm_offsets(const ir::Module& m) {
  rt::VMOffsets o;
  o.num_memories = static_cast<uint32_t>(m.memories.size());
  o.num_globals = static_cast<uint32_t>(m.globals.size());
  o.num_tables = static_cast<uint32_t>(m.tables.size());
  o.num_funcs = static_cast<uint32_t>(m.funcs.size());
  return o;
}

Result<std::shared_ptr<rt::ModuleInfo>> build_module_info(const ir::Module& m, rt::TypeRegistry& types) {
  auto info = std::make_shared<rt::ModuleInfo>();
  for (const ir::FuncType& t : m.types) info->types.push_back({t.params, t.results});
  info->type_ids = canonical_type_ids(m, types);
  info->func_types.reserve(m.funcs.size());
  info->func_names.reserve(m.funcs.size());
  for (const ir::Function& f : m.funcs) {
    info->func_types.push_back(f.type_index);
    info->func_names.push_back(f.name);
    if (f.import) ++info->num_imported_funcs;
  }
  for (const ir::Import& im : m.imports)
    info->imports.push_back({im.module, im.field, static_cast<rt::ExternKind>(im.kind), im.index});
  WR_TRY(convert_entities(m, *info));
  convert_segments(m, *info);
  for (const ir::Export& e : m.exports) info->exports.push_back({e.name, static_cast<rt::ExternKind>(e.kind), e.index});
  info->start = m.start;
  info->finalize();
  return info;
}

}  // namespace wasmrust::tiering
