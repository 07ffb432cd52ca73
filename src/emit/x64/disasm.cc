// Zydis-based disassembly of compiled functions (see disasm.h).
#include "emit/x64/disasm.h"

#include <Zydis/Zydis.h>

#include <cinttypes>
#include <cstdio>

#include "runtime/trap.h"
#include "wasmir/printer.h"

namespace wasmrust::x64 {

namespace {

const char* trap_name_at(const CompiledFunction& f, uint32_t offset) {
  for (const rt::TrapSite& t : f.traps)
    if (t.code_offset == offset) return rt::trap_message(t.code);
  return nullptr;
}

}  // namespace

void disassemble(const std::vector<uint8_t>& code, uint32_t begin, uint32_t end,
                 const std::vector<std::pair<uint32_t, uint32_t>>& data, std::vector<DisasmLine>* out) {
  uint32_t at = begin;
  while (at < end) {
    bool in_data = false;
    for (const auto& [lo, hi] : data) {
      if (at < lo || at >= hi) continue;
      uint32_t stop = hi < end ? hi : end;
      std::string text = ".data";
      char buf[8];
      for (uint32_t k = at; k < stop && k < at + 16; ++k) {
        std::snprintf(buf, sizeof buf, " %02x", code[k]);
        text += buf;
      }
      if (stop - at > 16) text += " ...";
      out->push_back({at, stop - at, text});
      at = stop;
      in_data = true;
      break;
    }
    if (in_data) continue;
    ZydisDisassembledInstruction ins;
    if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, at, code.data() + at, end - at, &ins))) {
      char buf[32];
      std::snprintf(buf, sizeof buf, ".byte 0x%02x", code[at]);
      out->push_back({at, 1, buf});
      ++at;
      continue;
    }
    out->push_back({at, ins.info.length, ins.text});
    at += ins.info.length;
  }
}

std::string disassemble_function(const CompiledFunction& f, const ir::Module* module, const ir::FunctionBody* body,
                                 const DebugInfo* debug) {
  std::string out;
  std::vector<DisasmLine> lines;
  static const std::vector<std::pair<uint32_t, uint32_t>> kNoData;
  const auto& data = debug ? debug->data : kNoData;
  disassemble(f.code, 0, static_cast<uint32_t>(f.code.size()), data, &lines);
  // Group: every line belongs to the last IR instruction whose offset is <= its own.
  std::vector<std::pair<uint32_t, std::string>> heads;  // (offset, header text)
  if (module && body && debug) {
    ir::FuncNames names;
    names.compute(*body);
    heads.push_back({0, "  ; prologue"});
    for (Block b : body->layout()) {
      uint32_t boff = b.index < debug->block_offsets.size() ? debug->block_offsets[b.index] : 0;
      std::string head;
      ir::print_block_name(names, b, &head);
      heads.push_back({boff, head + ":"});
      for (Inst i : body->block_insts(b)) {
        std::string line = "  ; ";
        ir::print_inst(*module, *body, names, i, &line);
        heads.push_back({debug->inst_offsets[i.index], std::move(line)});
      }
    }
    heads.push_back({debug->body_end, "  ; out-of-line trap stubs"});
  }
  size_t h = 0;
  char buf[64];
  for (const DisasmLine& l : lines) {
    while (h < heads.size() && heads[h].first <= l.offset) out += heads[h++].second + "\n";
    std::snprintf(buf, sizeof buf, "    %06x  ", l.offset);
    out += buf + l.text;
    if (const char* t = trap_name_at(f, l.offset)) out += std::string("    ; trap: ") + t;
    out += "\n";
  }
  while (h < heads.size()) out += heads[h++].second + "\n";
  return out;
}

}  // namespace wasmrust::x64
