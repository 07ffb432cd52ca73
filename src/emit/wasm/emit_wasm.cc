// Whole modules: function order from compile hints, then every section in the canonical
// order with the module's custom sections put back after the section they followed.
#include "emit/wasm/emit_wasm.h"

#include <algorithm>
#include <string>

#include "emit/wasm/custom_sections.h"
#include "emit/wasm/function_writer.h"
#include "wasmir/module.h"

namespace wasmrust::emit {

using ir::Module;

namespace {

// Code-section rank: critical functions stream first, then baseline ones (cheap to compile,
// wanted soon), then those without a tier hint, then optimized ones (slow to compile).
int hint_rank(const ir::FuncAttrs& a) {
  if (a.critical) return 0;
  switch (a.tier) {
    case ir::TierHint::kBaseline: return 1;
    case ir::TierHint::kNone: return 2;
    case ir::TierHint::kOptimized: return 3;
  }
  return 2;
}

// Sections in binary order; custom sections recorded with after = id go right behind id.
constexpr uint8_t kSlotOrder[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11};

class ModuleWriter {
 public:
  ModuleWriter(const Module& m, const EmitOptions& o, EmitStats* stats, FunctionWriter& fw)
      : m_(m), o_(o), stats_(stats), fw_(fw) {}
  Result<std::vector<uint8_t>> run();

 private:
  template <typename Fn>
  void section(uint8_t id, Fn&& body) {
    w_.byte(id);
    size_t at = w_.begin_sized();
    body();
    w_.end_sized(at);
  }
  Status slot(uint8_t id);
  void customs_after(uint8_t id);
  bool regenerated(const std::string& name) const {
    return (o_.names && name == "name") || (o_.attributes && is_attribute_section(name));
  }
  void write_limits(const ir::Limits& l, uint8_t flags);
  void write_table_type(const ir::Table& t);
  void write_memory_type(const ir::Memory& mem);
  void imports();
  void elements();
  void datas();
  Status code();

  const Module& m_;
  const EmitOptions& o_;
  EmitStats* stats_;
  ByteWriter w_;
  std::vector<uint32_t> order_;  // old function index in emitted order (imports first)
  std::vector<uint32_t> map_;    // old index -> emitted index
  FuncMap funcs_;
  FunctionWriter& fw_;
  bool name_placed_ = false;
  size_t data_count_at_ = 0;  // where a data count section would go
};

Result<std::vector<uint8_t>> ModuleWriter::run() {
  uint32_t nimp = m_.num_imported_funcs();
  for (uint32_t i = 0; i < nimp; ++i) order_.push_back(i);
  std::vector<uint32_t> defined = code_order(m_, o_);
  order_.insert(order_.end(), defined.begin(), defined.end());
  map_.resize(order_.size());
  uint32_t moved = 0;
  for (uint32_t k = 0; k < order_.size(); ++k) {
    map_[order_[k]] = k;
    moved += order_[k] != k ? 1 : 0;
  }
  if (moved) funcs_ = FuncMap{map_.data()};
  if (stats_) stats_->reordered += moved;
  for (uint32_t f = nimp; f < m_.funcs.size(); ++f) {
    if (!m_.funcs[f].body)
      return Error{ErrorCode::kUnsupported, "function has no body (the module was decoded without retaining bodies)",
                   kNoOffset, f};
  }
  // room for the usual output at once (about 3 bytes an instruction plus the data)
  size_t estimate = 64;
  for (uint32_t f = nimp; f < m_.funcs.size(); ++f) estimate += 8 + 3 * size_t(m_.funcs[f].body->num_insts());
  for (const ir::DataSegment& d : m_.datas) estimate += 16 + d.bytes.size();
  w_.reserve(estimate);
  static const uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  w_.bytes(kMagic, sizeof(kMagic));
  for (uint8_t id : kSlotOrder) WR_TRY(slot(id));
  for (const ir::CustomSection& c : m_.customs) {
    bool known = std::find(std::begin(kSlotOrder), std::end(kSlotOrder), c.after) != std::end(kSlotOrder);
    if (!known && o_.customs && !regenerated(c.name)) {
      section(0, [&] {
        w_.name(c.name);
        w_.bytes(c.bytes.data(), c.bytes.size());
      });
    }
  }
  if (o_.names && !name_placed_) write_name_section(w_, m_, order_);
  return w_.take();
}

Status ModuleWriter::slot(uint8_t id) {
  const Module& m = m_;
  // The attribute sections go right before the code section: a streaming compile sees them
  // before any body, and a reader has every function and memory they name.
  if (id == 10 && o_.attributes) write_attribute_sections(w_, m_, order_);
  switch (id) {
    case 1:
      if (m.types.empty()) break;
      section(1, [&] {
        w_.u32(static_cast<uint32_t>(m.types.size()));
        for (const ir::FuncType& t : m.types) {
          w_.byte(0x60);
          w_.u32(static_cast<uint32_t>(t.params.size()));
          for (Type p : t.params) w_.byte(type_code(p));
          w_.u32(static_cast<uint32_t>(t.results.size()));
          for (Type r : t.results) w_.byte(type_code(r));
        }
      });
      break;
    case 2:
      if (!m.imports.empty()) section(2, [&] { imports(); });
      break;
    case 3:
      if (order_.size() > m.num_imported_funcs()) {
        section(3, [&] {
          w_.u32(static_cast<uint32_t>(order_.size() - m.num_imported_funcs()));
          for (uint32_t k = m.num_imported_funcs(); k < order_.size(); ++k) w_.u32(m.funcs[order_[k]].type_index);
        });
      }
      break;
    case 4: {
      uint32_t n = 0;
      for (const ir::Table& t : m.tables) n += t.import ? 0 : 1;
      if (!n) break;
      section(4, [&] {
        w_.u32(n);
        for (const ir::Table& t : m.tables) {
          if (t.import) continue;
          if (t.init) {
            w_.byte(0x40);
            w_.byte(0x00);
            write_table_type(t);
            write_const_expr(w_, *t.init, funcs_);
          } else {
            write_table_type(t);
          }
        }
      });
      break;
    }
    case 5: {
      uint32_t n = 0;
      for (const ir::Memory& mem : m.memories) n += mem.import ? 0 : 1;
      if (!n) break;
      section(5, [&] {
        w_.u32(n);
        for (const ir::Memory& mem : m.memories)
          if (!mem.import) write_memory_type(mem);
      });
      break;
    }
    case 6: {
      uint32_t n = 0;
      for (const ir::Global& g : m.globals) n += g.import ? 0 : 1;
      if (!n) break;
      section(6, [&] {
        w_.u32(n);
        for (const ir::Global& g : m.globals) {
          if (g.import) continue;
          w_.byte(type_code(g.type));
          w_.byte(g.mut ? 1 : 0);
          write_const_expr(w_, g.init, funcs_);
        }
      });
      break;
    }
    case 7:
      if (m.exports.empty()) break;
      section(7, [&] {
        w_.u32(static_cast<uint32_t>(m.exports.size()));
        for (const ir::Export& e : m.exports) {
          w_.name(e.name);
          w_.byte(static_cast<uint8_t>(e.kind));
          w_.u32(e.kind == ir::ExternKind::kFunc ? funcs_(e.index) : e.index);
        }
      });
      break;
    case 8:
      if (m.start) section(8, [&] { w_.u32(funcs_(*m.start)); });
      break;
    case 9:
      if (!m.elems.empty()) section(9, [&] { elements(); });
      break;
    case 12:
      // Without a data count in the module, one is still required when a body uses
      // memory.init or data.drop: the code section tells, and it goes in here afterwards.
      if (m.data_count) section(12, [&] { w_.u32(static_cast<uint32_t>(m.datas.size())); });
      else data_count_at_ = w_.size();
      break;
    case 10:
      if (order_.size() > m.num_imported_funcs()) WR_TRY(code());
      break;
    case 11:
      if (!m.datas.empty()) section(11, [&] { datas(); });
      break;
    default:
      break;
  }
  customs_after(id);
  return {};
}

void ModuleWriter::customs_after(uint8_t id) {
  for (const ir::CustomSection& c : m_.customs) {
    if (c.after != id) continue;
    if (c.name == "name" && o_.names) {
      if (!name_placed_) write_name_section(w_, m_, order_);
      name_placed_ = true;
      continue;
    }
    if (!o_.customs || regenerated(c.name)) continue;
    section(0, [&] {
      w_.name(c.name);
      w_.bytes(c.bytes.data(), c.bytes.size());
    });
  }
}

void ModuleWriter::write_limits(const ir::Limits& l, uint8_t flags) {
  if (l.max) flags |= 1;
  w_.byte(flags);
  w_.u64(l.min);
  if (l.max) w_.u64(*l.max);
}

void ModuleWriter::write_table_type(const ir::Table& t) {
  w_.byte(type_code(t.elem));
  write_limits(t.limits, 0);
}

void ModuleWriter::write_memory_type(const ir::Memory& mem) {
  write_limits(mem.limits, static_cast<uint8_t>((mem.shared ? 2 : 0) | (mem.is64 ? 4 : 0)));
}

void ModuleWriter::imports() {
  w_.u32(static_cast<uint32_t>(m_.imports.size()));
  for (const ir::Import& im : m_.imports) {
    w_.name(im.module);
    w_.name(im.field);
    w_.byte(static_cast<uint8_t>(im.kind));
    switch (im.kind) {
      case ir::ExternKind::kFunc: w_.u32(m_.funcs[im.index].type_index); break;
      case ir::ExternKind::kTable: write_table_type(m_.tables[im.index]); break;
      case ir::ExternKind::kMemory: write_memory_type(m_.memories[im.index]); break;
      case ir::ExternKind::kGlobal:
        w_.byte(type_code(m_.globals[im.index].type));
        w_.byte(m_.globals[im.index].mut ? 1 : 0);
        break;
    }
  }
}

// Element segments in the smallest of the eight forms: function indexes when every item is
// a plain ref.func of a funcref segment, expressions otherwise; the table index and element
// kind only when they differ from the defaults (table 0, funcref).
void ModuleWriter::elements() {
  w_.u32(static_cast<uint32_t>(m_.elems.size()));
  for (const ir::ElemSegment& s : m_.elems) {
    bool indexes = s.type == Type::kFuncRef;
    for (const ir::ConstExpr& e : s.items)
      indexes = indexes && e.ops.size() == 1 && e.ops[0].kind == ir::ConstOp::kRefFunc;
    uint8_t flags = indexes ? 0 : 4;
    bool explicit_table = s.mode == ir::SegmentMode::kActive && (s.table != 0 || s.type != Type::kFuncRef);
    if (s.mode == ir::SegmentMode::kPassive) flags |= 1;
    if (s.mode == ir::SegmentMode::kDeclarative) flags |= 3;
    if (explicit_table) flags |= 2;
    w_.byte(flags);
    if (s.mode == ir::SegmentMode::kActive) {
      if (explicit_table) w_.u32(s.table);
      write_const_expr(w_, s.offset, funcs_);
    }
    if (flags & 3) {  // not the short active form: element kind or reference type
      w_.byte(indexes ? 0x00 : type_code(s.type));
    }
    w_.u32(static_cast<uint32_t>(s.items.size()));
    for (const ir::ConstExpr& e : s.items) {
      if (indexes) w_.u32(funcs_(static_cast<uint32_t>(e.ops[0].lo)));
      else write_const_expr(w_, e, funcs_);
    }
  }
}

void ModuleWriter::datas() {
  w_.u32(static_cast<uint32_t>(m_.datas.size()));
  for (const ir::DataSegment& d : m_.datas) {
    if (d.mode == ir::SegmentMode::kPassive) {
      w_.byte(1);
    } else if (d.mem == 0) {
      w_.byte(0);
      write_const_expr(w_, d.offset, funcs_);
    } else {
      w_.byte(2);
      w_.u32(d.mem);
      write_const_expr(w_, d.offset, funcs_);
    }
    w_.u32(static_cast<uint32_t>(d.bytes.size()));
    w_.bytes(d.bytes.data(), d.bytes.size());
  }
}

Status ModuleWriter::code() {
  bool segment_ops = false;
  w_.byte(10);
  size_t at = w_.begin_sized();
  w_.u32(static_cast<uint32_t>(order_.size() - m_.num_imported_funcs()));
  for (uint32_t k = m_.num_imported_funcs(); k < order_.size(); ++k) {
    Status st = fw_.write(*m_.funcs[order_[k]].body, funcs_, w_, stats_, &m_);
    segment_ops = segment_ops || fw_.uses_data_segments();
    if (!st.ok()) {
      Error e = st.take_error();
      e.func = order_[k];
      return e;
    }
  }
  w_.end_sized(at);
  if (segment_ops && !m_.data_count) {
    ByteWriter dc;
    dc.byte(12);
    size_t n = dc.begin_sized();
    dc.u32(static_cast<uint32_t>(m_.datas.size()));
    dc.end_sized(n);
    w_.insert(data_count_at_, dc.data(), dc.size());
  }
  return {};
}

}  // namespace

std::vector<uint32_t> code_order(const Module& m, const EmitOptions& options) {
  std::vector<uint32_t> order;
  for (uint32_t f = m.num_imported_funcs(); f < m.funcs.size(); ++f) order.push_back(f);
  if (options.order_by_hints) {
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return hint_rank(m.funcs[a].attrs) < hint_rank(m.funcs[b].attrs); });
  }
  return order;
}

Result<std::vector<uint8_t>> emit_wasm(const Module& module, const EmitOptions& options, EmitStats* stats) {
  FunctionWriter fw;
  ModuleWriter writer(module, options, stats, fw);
  return writer.run();
}

}  // namespace wasmrust::emit

namespace wasmrust {

Result<std::vector<uint8_t>> emit_wasm(const ir::Module& module, const WasmEmitOptions& options, WasmEmitStats* stats) {
  return emit::emit_wasm(module, options, stats);
}

WasmEmitter::WasmEmitter() : writer_(std::make_unique<emit::FunctionWriter>()) {}
WasmEmitter::~WasmEmitter() = default;

Result<std::vector<uint8_t>> WasmEmitter::emit(const ir::Module& module, const WasmEmitOptions& options,
                                               WasmEmitStats* stats) {
  emit::ModuleWriter writer(module, options, stats, *writer_);
  return writer.run();
}

}  // namespace wasmrust
