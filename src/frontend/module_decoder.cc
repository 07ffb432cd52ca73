// Module-level decoding and validation (see module_decoder.h).
#include "frontend/module_decoder.h"

#include <algorithm>
#include <string>

#include "frontend/custom_sections.h"
#include "frontend/op_tables.h"

namespace wasmrust::frontend {

namespace {

std::string unknown(const char* what, uint64_t index) { return std::string("unknown ") + what + " " + std::to_string(index); }

/// Position of each section id in the required order (data count sits before code).
int section_rank(uint8_t id) {
  static constexpr int kRank[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
  return id <= kDataCountSection ? kRank[id] : -1;
}

constexpr uint64_t kMaxPages = 65536;

}  // namespace

ModuleDecoder::ModuleDecoder(ir::Module* module, const FrontendOptions& options) : m_(module), decoder_(&env_) {
  env_.module = module;
  env_.options = options;
}

bool ModuleDecoder::header(Reader& r) {
  const uint8_t* p = nullptr;
  if (!r.read_bytes(4, &p)) return false;
  if (std::memcmp(p, "\0asm", 4) != 0) return r.fail_at(p, ErrorCode::kMalformed, "magic header not detected");
  if (!r.read_bytes(4, &p)) return false;
  if (std::memcmp(p, "\1\0\0\0", 4) != 0) return r.fail_at(p, ErrorCode::kMalformed, "unknown binary version");
  return true;
}

bool ModuleDecoder::begin_section(uint8_t id, uint64_t offset) {
  if (id == kCustomSection) return true;
  int rank = section_rank(id);
  if (rank < 0) return sink_.fail(ErrorCode::kMalformed, offset, "malformed section id " + std::to_string(id));
  if (rank <= last_rank_) {
    return sink_.fail(ErrorCode::kMalformed, offset,
                      rank == last_rank_ ? "unexpected content after last section: repeated section " + std::to_string(id)
                                         : "unexpected content after last section: section " + std::to_string(id) +
                                               " out of order");
  }
  last_rank_ = rank;
  last_id_ = id;
  return true;
}

bool ModuleDecoder::section(uint8_t id, Reader& r) {
  bool ok;
  switch (id) {
    case kCustomSection: return custom_section(r);
    case kTypeSection: ok = type_section(r); break;
    case kImportSection: ok = import_section(r); break;
    case kFunctionSection: ok = function_section(r); break;
    case kTableSection: ok = table_section(r); break;
    case kMemorySection: ok = memory_section(r); break;
    case kGlobalSection: ok = global_section(r); break;
    case kExportSection: ok = export_section(r); break;
    case kStartSection: ok = start_section(r); break;
    case kElementSection: ok = element_section(r); break;
    case kDataCountSection: ok = data_count_section(r); break;
    case kDataSection: ok = data_section(r); break;
    default: return r.malformed("malformed section id");
  }
  if (!ok) return false;
  if (!r.at_end()) return r.malformed("section size mismatch");
  return true;
}

// ---- types ----

bool ModuleDecoder::read_value_type(Reader& r, Type* t) {
  uint8_t b = 0;
  if (!r.read_u8(&b)) return false;
  *t = value_type_from_byte(b);
  if (*t != kBot) return true;
  // The reference interpreter reads type codes as one-byte signed LEBs.
  if (b & 0x80) return r.fail_at(r.pos() - 1, ErrorCode::kMalformed, "integer representation too long");
  return r.fail_at(r.pos() - 1, ErrorCode::kMalformed, "malformed value type");
}

bool ModuleDecoder::read_ref_type(Reader& r, Type* t) {
  uint8_t b = 0;
  if (!r.read_u8(&b)) return false;
  *t = value_type_from_byte(b);
  if (!is_ref(*t)) return r.fail_at(r.pos() - 1, ErrorCode::kMalformed, "malformed reference type");
  return true;
}

bool ModuleDecoder::type_section(Reader& r) {
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  m_->types.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint8_t form = 0;
    if (!r.read_u8(&form)) return false;
    if (form != 0x60) {
      return r.fail_at(r.pos() - 1, ErrorCode::kMalformed,
                       (form & 0x80) ? "integer representation too long" : "malformed function type");
    }
    ir::FuncType ft;
    for (int part = 0; part < 2; ++part) {
      uint32_t n = 0;
      if (!r.read_count(&n)) return false;
      uint32_t max = part == 0 ? kMaxParams : kMaxResults;
      if (n > max) {
        return r.fail(ErrorCode::kLimit, std::string("too many ") + (part == 0 ? "parameters" : "results") +
                                             " (implementation limit " + std::to_string(max) + ")");
      }
      std::vector<Type>& list = part == 0 ? ft.params : ft.results;
      list.resize(n);
      for (uint32_t k = 0; k < n; ++k)
        if (!read_value_type(r, &list[k])) return false;
    }
    m_->types.push_back(std::move(ft));
  }
  return true;
}

bool ModuleDecoder::read_limits(Reader& r, ir::Limits* l, uint64_t max_allowed, const char* too_big) {
  const uint8_t* at = r.pos();
  uint8_t flags = 0;
  if (!r.read_u8(&flags)) return false;
  if (flags > 1) return r.fail_at(at, ErrorCode::kMalformed, flags & 0x80 ? "integer representation too long" : "integer too large");
  uint32_t min, max = 0;
  if (!r.read_u32(&min)) return false;
  if (flags & 1) {
    if (!r.read_u32(&max)) return false;
    l->max = max;
  }
  l->min = min;
  if (min > max_allowed || (l->max && *l->max > max_allowed)) return r.fail_at(at, ErrorCode::kInvalid, too_big);
  if (l->max && min > *l->max) return r.fail_at(at, ErrorCode::kInvalid, "size minimum must not be greater than maximum");
  return true;
}

bool ModuleDecoder::read_table_type(Reader& r, ir::Table* t) {
  return read_ref_type(r, &t->elem) && read_limits(r, &t->limits, 0xFFFFFFFFu, "table size must be at most 2^32-1");
}

bool ModuleDecoder::read_memory_type(Reader& r, ir::Memory* m) {
  return read_limits(r, &m->limits, kMaxPages, "memory size must be at most 65536 pages (4GiB)");
}

bool ModuleDecoder::read_global_type(Reader& r, ir::Global* g) {
  if (!read_value_type(r, &g->type)) return false;
  uint8_t mut = 0;
  if (!r.read_u8(&mut)) return false;
  if (mut > 1) return r.fail_at(r.pos() - 1, ErrorCode::kMalformed, "malformed mutability");
  g->mut = mut == 1;
  return true;
}

bool ModuleDecoder::check_memory_count(Reader& r) {
  if (!env_.options.multi_memory && m_->memories.size() > 1) return r.fail(ErrorCode::kInvalid, "multiple memories");
  return true;
}

// ---- imports, functions, tables, memories, globals ----

bool ModuleDecoder::import_section(Reader& r) {
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  m_->imports.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view module, field;
    if (!r.read_name(&module) || !r.read_name(&field)) return false;
    const uint8_t* at = r.pos();
    uint8_t kind = 0;
    if (!r.read_u8(&kind)) return false;
    ir::Import im{std::string(module), std::string(field), ir::ExternKind::kFunc, 0};
    uint32_t import_index = static_cast<uint32_t>(m_->imports.size());
    switch (kind) {
      case 0: {
        uint32_t type = 0;
        if (!r.read_u32(&type)) return false;
        if (type >= m_->types.size()) return r.fail_at(at, ErrorCode::kInvalid, unknown("type", type));
        im.index = static_cast<uint32_t>(m_->funcs.size());
        ir::Function& f = m_->funcs.emplace_back();
        f.type_index = type;
        f.import = import_index;
        ++env_.num_imported_funcs;
        break;
      }
      case 1: {
        ir::Table t;
        if (!read_table_type(r, &t)) return false;
        t.import = import_index;
        im.kind = ir::ExternKind::kTable;
        im.index = static_cast<uint32_t>(m_->tables.size());
        m_->tables.push_back(std::move(t));
        break;
      }
      case 2: {
        ir::Memory mem;
        if (!read_memory_type(r, &mem)) return false;
        mem.import = import_index;
        im.kind = ir::ExternKind::kMemory;
        im.index = static_cast<uint32_t>(m_->memories.size());
        m_->memories.push_back(std::move(mem));
        if (!check_memory_count(r)) return false;
        break;
      }
      case 3: {
        ir::Global g;
        if (!read_global_type(r, &g)) return false;
        g.import = import_index;
        im.kind = ir::ExternKind::kGlobal;
        im.index = static_cast<uint32_t>(m_->globals.size());
        m_->globals.push_back(std::move(g));
        ++env_.num_imported_globals;
        break;
      }
      default:
        return r.fail_at(at, ErrorCode::kMalformed, "malformed import kind");
    }
    m_->imports.push_back(std::move(im));
  }
  env_.declared_refs.assign(m_->funcs.size(), 0);
  return true;
}

bool ModuleDecoder::function_section(Reader& r) {
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  m_->funcs.reserve(m_->funcs.size() + count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t* at = r.pos();
    uint32_t type = 0;
    if (!r.read_u32(&type)) return false;
    if (type >= m_->types.size()) return r.fail_at(at, ErrorCode::kInvalid, unknown("type", type));
    m_->funcs.emplace_back().type_index = type;
  }
  num_defined_funcs_ = count;
  env_.declared_refs.assign(m_->funcs.size(), 0);
  return true;
}

bool ModuleDecoder::table_section(Reader& r) {
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    ir::Table t;
    if (!read_table_type(r, &t)) return false;
    m_->tables.push_back(std::move(t));
  }
  return true;
}

bool ModuleDecoder::memory_section(Reader& r) {
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    ir::Memory mem;
    if (!read_memory_type(r, &mem)) return false;
    m_->memories.push_back(std::move(mem));
    if (!check_memory_count(r)) return false;
  }
  return true;
}

bool ModuleDecoder::global_section(Reader& r) {
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  m_->globals.reserve(m_->globals.size() + count);
  for (uint32_t i = 0; i < count; ++i) {
    ir::Global g;
    if (!read_global_type(r, &g) || !read_const_expr(r, g.type, &g.init)) return false;
    m_->globals.push_back(std::move(g));
  }
  return true;
}

// ---- exports and start ----

bool ModuleDecoder::export_section(Reader& r) {
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  m_->exports.reserve(count);
  std::vector<uint64_t> offsets;
  offsets.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view name;
    offsets.push_back(r.offset());
    if (!r.read_name(&name)) return false;
    const uint8_t* at = r.pos();
    uint8_t kind = 0;
    uint32_t index = 0;
    if (!r.read_u8(&kind)) return false;
    if (kind > 3) return r.fail_at(at, ErrorCode::kMalformed, "malformed export kind");
    if (!r.read_u32(&index)) return false;
    static constexpr const char* kWhat[] = {"function", "table", "memory", "global"};
    size_t limit = kind == 0 ? m_->funcs.size() : kind == 1 ? m_->tables.size() : kind == 2 ? m_->memories.size()
                                                                                           : m_->globals.size();
    if (index >= limit) return r.fail_at(at, ErrorCode::kInvalid, unknown(kWhat[kind], index));
    if (kind == 0) declare_ref(index);
    m_->exports.push_back({std::string(name), static_cast<ir::ExternKind>(kind), index});
  }
  std::vector<uint32_t> order(count);
  for (uint32_t i = 0; i < count; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return m_->exports[a].name != m_->exports[b].name ? m_->exports[a].name < m_->exports[b].name : a < b;
  });
  for (uint32_t k = 1; k < count; ++k) {
    if (m_->exports[order[k]].name == m_->exports[order[k - 1]].name) {
      return sink_.fail(ErrorCode::kInvalid, offsets[order[k]], "duplicate export name \"" + m_->exports[order[k]].name + "\"");
    }
  }
  return true;
}

bool ModuleDecoder::start_section(Reader& r) {
  const uint8_t* at = r.pos();
  uint32_t f = 0;
  if (!r.read_u32(&f)) return false;
  if (f >= m_->funcs.size()) return r.fail_at(at, ErrorCode::kInvalid, unknown("function", f));
  const ir::FuncType& t = m_->func_type(f);
  if (!t.params.empty() || !t.results.empty()) {
    return r.fail_at(at, ErrorCode::kInvalid, "start function must have type [] -> []");
  }
  m_->start = f;
  return true;
}

// ---- element and data segments ----

bool ModuleDecoder::element_section(Reader& r) {
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  m_->elems.reserve(count);
  for (uint32_t i = 0; i < count; ++i)
    if (!element_segment(r)) return false;
  return true;
}

bool ModuleDecoder::element_segment(Reader& r) {
  const uint8_t* at = r.pos();
  uint32_t flags = 0;
  if (!r.read_u32(&flags)) return false;
  if (flags > 7) return r.fail_at(at, ErrorCode::kMalformed, "malformed elements segment kind");
  ir::ElemSegment seg;
  bool passive_or_declared = flags & 1;
  bool explicit_table = flags & 2;
  bool exprs = flags & 4;
  seg.mode = !passive_or_declared ? ir::SegmentMode::kActive
             : explicit_table     ? ir::SegmentMode::kDeclarative
                                  : ir::SegmentMode::kPassive;
  if (seg.mode == ir::SegmentMode::kActive) {
    const uint8_t* table_at = r.pos();
    if (explicit_table && !r.read_u32(&seg.table)) return false;
    if (seg.table >= m_->tables.size()) return r.fail_at(table_at, ErrorCode::kInvalid, unknown("table", seg.table));
    if (!read_const_expr(r, Type::kI32, &seg.offset)) return false;
  }
  if (passive_or_declared || explicit_table) {
    // elemkind (0x00 = funcref) for index lists, a reference type for expression lists.
    if (exprs) {
      if (!read_ref_type(r, &seg.type)) return false;
    } else {
      uint8_t kind = 0;
      if (!r.read_u8(&kind)) return false;
      if (kind != 0) return r.fail_at(r.pos() - 1, ErrorCode::kMalformed, "malformed element kind");
    }
  }
  if (seg.mode == ir::SegmentMode::kActive && seg.type != m_->tables[seg.table].elem) {
    return r.fail_at(at, ErrorCode::kInvalid, "type mismatch: element segment type differs from the table's");
  }
  uint32_t n = 0;
  if (!r.read_count(&n)) return false;
  seg.items.resize(n);
  for (uint32_t k = 0; k < n; ++k) {
    if (exprs) {
      if (!read_const_expr(r, seg.type, &seg.items[k])) return false;
      continue;
    }
    const uint8_t* f_at = r.pos();
    uint32_t f = 0;
    if (!r.read_u32(&f)) return false;
    if (f >= m_->funcs.size()) return r.fail_at(f_at, ErrorCode::kInvalid, unknown("function", f));
    declare_ref(f);
    seg.items[k].ops.push_back({ir::ConstOp::kRefFunc, Type::kFuncRef, f, 0});
  }
  m_->elems.push_back(std::move(seg));
  return true;
}

bool ModuleDecoder::data_count_section(Reader& r) {
  uint32_t n = 0;
  if (!r.read_u32(&n)) return false;
  env_.has_data_count = true;
  env_.data_count = n;
  m_->data_count = n;
  return true;
}

bool ModuleDecoder::data_section(Reader& r) {
  const uint8_t* at = r.pos();
  uint32_t count = 0;
  if (!r.read_count(&count)) return false;
  saw_data_section_ = true;
  if (env_.has_data_count && count != env_.data_count) {
    return r.fail_at(at, ErrorCode::kMalformed, "data count and data section have inconsistent lengths");
  }
  m_->datas.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t* seg_at = r.pos();
    uint32_t flags = 0;
    if (!r.read_u32(&flags)) return false;
    if (flags > 2) return r.fail_at(seg_at, ErrorCode::kMalformed, "malformed data segment kind");
    ir::DataSegment seg;
    seg.mode = flags == 1 ? ir::SegmentMode::kPassive : ir::SegmentMode::kActive;
    if (flags == 2 && !r.read_u32(&seg.mem)) return false;
    if (seg.mode == ir::SegmentMode::kActive) {
      if (seg.mem >= m_->memories.size()) return r.fail_at(seg_at, ErrorCode::kInvalid, unknown("memory", seg.mem));
      if (!read_const_expr(r, Type::kI32, &seg.offset)) return false;
    }
    uint32_t size = 0;
    const uint8_t* bytes = nullptr;
    if (!r.read_u32(&size) || !r.read_bytes(size, &bytes)) return false;
    seg.bytes.assign(bytes, bytes + size);
    m_->datas.push_back(std::move(seg));
  }
  return true;
}

// ---- constant expressions ----

bool ModuleDecoder::read_const_expr(Reader& r, Type type, ir::ConstExpr* out) {
  Type stack[2];
  uint32_t depth = 0;
  for (;;) {
    const uint8_t* at = r.pos();
    uint8_t op = 0;
    if (!r.read_u8(&op)) return false;
    if (op == 0x0B) break;
    ir::ConstOp c{};
    switch (op) {
      case 0x41: {
        int32_t v = 0;
        if (!r.read_s32(&v)) return false;
        c = {ir::ConstOp::kI32Const, Type::kI32, static_cast<uint32_t>(v), 0};
        break;
      }
      case 0x42: {
        int64_t v = 0;
        if (!r.read_s64(&v)) return false;
        c = {ir::ConstOp::kI64Const, Type::kI64, static_cast<uint64_t>(v), 0};
        break;
      }
      case 0x43: {
        uint32_t v = 0;
        if (!r.read_fixed32(&v)) return false;
        c = {ir::ConstOp::kF32Const, Type::kF32, v, 0};
        break;
      }
      case 0x44: {
        uint64_t v = 0;
        if (!r.read_fixed64(&v)) return false;
        c = {ir::ConstOp::kF64Const, Type::kF64, v, 0};
        break;
      }
      case 0xD0: {
        Type t;
        if (!read_ref_type(r, &t)) return false;
        c = {ir::ConstOp::kRefNull, t, 0, 0};
        break;
      }
      case 0xD2: {
        uint32_t f = 0;
        if (!r.read_u32(&f)) return false;
        if (f >= m_->funcs.size()) return r.fail_at(at, ErrorCode::kInvalid, unknown("function", f));
        declare_ref(f);
        c = {ir::ConstOp::kRefFunc, Type::kFuncRef, f, 0};
        break;
      }
      case 0x23: {
        uint32_t g = 0;
        if (!r.read_u32(&g)) return false;
        // Constant expressions see only imported globals, and only immutable ones.
        if (g >= env_.num_imported_globals || g >= m_->globals.size()) {
          return r.fail_at(at, ErrorCode::kInvalid, unknown("global", g));
        }
        if (m_->globals[g].mut) return r.fail_at(at, ErrorCode::kInvalid, "constant expression required");
        c = {ir::ConstOp::kGlobalGet, m_->globals[g].type, g, 0};
        break;
      }
      case 0xFD: {
        uint32_t sub = 0;
        if (!r.read_u32(&sub)) return false;
        if (sub >= 256 || !kOpTables.fd[sub].valid()) return r.fail_at(at, ErrorCode::kMalformed, "illegal opcode");
        if (sub != 12) return r.fail_at(at, ErrorCode::kInvalid, "constant expression required");
        uint64_t lo = 0, hi = 0;
        if (!r.read_fixed64(&lo) || !r.read_fixed64(&hi)) return false;
        c = {ir::ConstOp::kV128Const, Type::kV128, lo, hi};
        break;
      }
      default: {
        bool known = kOpTables.plain[op].valid() || op <= 0x05 || (op >= 0x0C && op <= 0x11) ||
                     (op >= 0x1A && op <= 0x1C) || op == 0xD1 || op == 0xFC;
        return r.fail_at(at, known ? ErrorCode::kInvalid : ErrorCode::kMalformed,
                         known ? "constant expression required" : "illegal opcode");
      }
    }
    if (depth == 2) return r.fail_at(at, ErrorCode::kInvalid, "type mismatch: constant expression yields several values");
    stack[depth++] = c.type;
    out->ops.push_back(c);
  }
  if (depth != 1 || stack[0] != type) {
    return r.fail(ErrorCode::kInvalid, std::string("type mismatch: constant expression must yield one ") + type_name(type));
  }
  return true;
}

// ---- code ----

bool ModuleDecoder::code_count(uint32_t count, uint64_t offset) {
  saw_code_section_ = true;
  code_count_ = count;
  if (count != num_defined_funcs_) {
    return sink_.fail(ErrorCode::kMalformed, offset, "function and code section have inconsistent lengths");
  }
  return true;
}

bool ModuleDecoder::function_body(const uint8_t* begin, const uint8_t* end, uint64_t base) {
  uint32_t index = env_.num_imported_funcs + bodies_done_;
  if (!decoder_.decode(index, begin, end, base, &body_, &sink_)) {
    const std::string& name = m_->funcs[index].name;
    if (!name.empty()) sink_.error.message += " (in function $" + name + ")";
    return false;
  }
  sink_.func = kNoFunc;
  ++bodies_done_;
  if (env_.options.read_attributes && !apply_linear_locals(env_, index, &body_, &sink_, base)) return false;
  ir::Function& f = m_->funcs[index];
  f.code_offset = static_cast<uint32_t>(base);
  f.code_size = static_cast<uint32_t>(end - begin);
  if (env_.options.retain_bodies) f.body = std::make_unique<ir::FunctionBody>(body_);
  if (callback_) {
    Status s = callback_(body_, *m_);
    if (!s.ok()) {
      Error e = s.take_error();
      sink_.fail(e.code, e.offset == kNoOffset ? base : e.offset, std::move(e.message));
      sink_.error.func = index;
      return false;
    }
  }
  return true;
}

bool ModuleDecoder::end_code(uint64_t offset) {
  if (bodies_done_ != code_count_) return sink_.fail(ErrorCode::kMalformed, offset, "section size mismatch");
  return true;
}

bool ModuleDecoder::finish(uint64_t offset) {
  if (!saw_code_section_ && num_defined_funcs_ != 0) {
    return sink_.fail(ErrorCode::kMalformed, offset, "function and code section have inconsistent lengths");
  }
  if (env_.has_data_count && !saw_data_section_ && env_.data_count != 0) {
    return sink_.fail(ErrorCode::kMalformed, offset, "data count and data section have inconsistent lengths");
  }
  if (env_.options.read_attributes && !finish_attributes(env_, m_, &sink_, offset)) return false;
  return true;
}

// ---- custom sections ----

bool ModuleDecoder::custom_section(Reader& r) {
  std::string_view name;
  if (!r.read_name(&name)) return false;
  if (name == "name") {
    read_name_section(r, m_);
    return true;
  }
  if (env_.options.read_attributes && is_attribute_section(name)) return read_attribute_section(name, r, &env_, m_);
  ir::CustomSection c;
  c.name = std::string(name);
  c.bytes.assign(r.pos(), r.end());
  c.after = last_id_;
  m_->customs.push_back(std::move(c));
  r.set_pos(r.end());
  return true;
}

}  // namespace wasmrust::frontend
