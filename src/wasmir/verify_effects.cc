// The WasmIR verifier, WasmRust rules over the whole call graph: declared effects must
// cover the inferred ones (effects.h), and a function bound to a region touches no memory
// of another region, directly or through its callees.
#include "wasmir/effects.h"
#include "wasmir/text_util.h"
#include "wasmir/verifier_impl.h"

namespace wasmrust::ir {

namespace {

// The effects of {inferred} missing from {declared}, one short text each
// ("write mem0", "trap", "host \"env\"") with a one-item EffectSet to search culprits.
void missing_effects(const EffectSet& declared, const EffectSet& inferred,
                     std::vector<std::pair<std::string, EffectSet>>* out) {
  auto mem = [&](const std::vector<uint32_t>& have, const std::vector<uint32_t>& need, bool write) {
    for (uint32_t m : need) {
      if (std::binary_search(have.begin(), have.end(), m)) continue;
      EffectSet one;
      (write ? one.mem_write : one.mem_read).push_back(m);
      out->emplace_back((write ? "write mem" : "read mem") + std::to_string(m), std::move(one));
    }
  };
  mem(declared.mem_read, inferred.mem_read, false);
  mem(declared.mem_write, inferred.mem_write, true);
  static constexpr std::pair<uint32_t, const char*> kFlags[] = {{EffectSet::kGlobalWrite, "global_write"},
                                                                {EffectSet::kTableWrite, "table_write"},
                                                                {EffectSet::kAtomics, "atomics"},
                                                                {EffectSet::kTrap, "trap"}};
  for (const auto& [flag, text] : kFlags) {
    if ((inferred.flags & flag) && !(declared.flags & flag)) {
      EffectSet one;
      one.flags = flag;
      out->emplace_back(text, std::move(one));
    }
  }
  for (const std::string& h : inferred.host) {
    if (std::binary_search(declared.host.begin(), declared.host.end(), h)) continue;
    EffectSet one;
    one.host.push_back(h);
    std::string text = "host ";
    append_quoted(text, h);
    out->emplace_back(std::move(text), std::move(one));
  }
}

}  // namespace

void Verifier::effects_and_regions() {
  bool needed = false;
  for (const Function& fn : m_.funcs)
    needed |= fn.body && ((opt_.effects && fn.attrs.effects) || (opt_.regions && !fn.attrs.region.empty()));
  if (!needed) return;  // nothing declared: no call graph needed
  EffectAnalysis analysis(m_);
  std::vector<std::pair<std::string, EffectSet>> missing;
  for (uint32_t fi = 0; fi < m_.funcs.size(); ++fi) {
    begin_function(fi);
    if (f_ == nullptr) continue;
    inst_block_.assign(f_->num_insts(), kNoBlock);
    for (Block b : f_->layout())
      if (b.index < f_->num_blocks())
        for (Inst i : f_->block_insts(b)) inst_block_[i.index] = b.index;
    auto inst_effects = [&](Inst i) {
      Format fmt = op_format(f_->inst(i).op);
      if (fmt == Format::Call || fmt == Format::CallIndirect) return analysis.call_effects(*f_, i);
      EffectSet e;
      add_inst_effects(*f_, i, &e);
      return e;
    };
    const FuncAttrs& a = fn_->attrs;
    if (opt_.effects && a.effects) {
      missing.clear();
      missing_effects(*a.effects, analysis.effects(fi), &missing);
      std::string declared;
      print_effects(*a.effects, &declared);
      for (const auto& [text, one] : missing) {
        Inst culprit;
        for (uint32_t i = 0; i < f_->num_insts() && !culprit.valid(); ++i)
          if (inst_effects(Inst(i)).covers(one) && !one.empty()) culprit = Inst(i);
        std::string msg = "effect `" + text + "` is not declared in " + declared;
        if (culprit.valid()) inst_error(culprit, msg);
        else func_error(msg);
      }
    }
    if (!opt_.regions || a.region.empty()) continue;
    std::vector<uint32_t> mems;
    for (uint32_t i = 0; i < f_->num_insts(); ++i) {
      bool is_call = op_has(f_->inst(Inst(i)).op, kCall);
      mems.clear();
      if (is_call) {
        EffectSet e = analysis.call_effects(*f_, Inst(i));
        mems = e.mem_read;
        mems.insert(mems.end(), e.mem_write.begin(), e.mem_write.end());
        std::sort(mems.begin(), mems.end());
        mems.erase(std::unique(mems.begin(), mems.end()), mems.end());
      } else {
        MemAccess a = memory_access(*f_, Inst(i));
        mems.assign(a.mem, a.mem + a.count);
        if (a.count == 2 && a.mem[0] == a.mem[1]) mems.pop_back();  // memory.copy within one memory
      }
      for (uint32_t mem : mems) {
        if (mem >= m_.memories.size() || m_.memories[mem].region == a.region) continue;
        const std::string& other = m_.memories[mem].region;
        std::string what = "mem" + std::to_string(mem) + (other.empty() ? std::string(" (no region)") : " of region \"" + other + "\"");
        inst_error(Inst(i), std::string(is_call ? "the callee reaches " : "touches ") + what + " from a function bound to region \"" +
                                a.region + "\"");
      }
    }
  }
}

}  // namespace wasmrust::ir
