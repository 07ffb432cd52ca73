// Effect inference: local effects per function, a call graph with one node per function
// and one per call_indirect type, Tarjan's strongly connected components (iterative), and
// effect sets propagated from callees to callers in reverse topological order.
#include "wasmir/effects.h"

#include <algorithm>
#include <map>

#include "wasmir/typing.h"

namespace wasmrust::ir {

namespace {
constexpr uint32_t kNone = ~uint32_t{0};

void add_sorted(std::vector<uint32_t>& v, uint32_t x) {
  auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it == v.end() || *it != x) v.insert(it, x);
}
}  // namespace

void add_inst_effects(const FunctionBody& f, Inst i, EffectSet* out) {
  Opcode op = f.inst(i).op;
  if (op_has(op, kMayTrap)) out->flags |= EffectSet::kTrap;
  if (op_has(op, kGlobalWrite)) out->flags |= EffectSet::kGlobalWrite;
  if (op_has(op, kTableWrite)) out->flags |= EffectSet::kTableWrite;
  MemAccess a = memory_access(f, i);
  for (uint32_t k = 0; k < a.count; ++k) {
    if (a.read[k]) add_sorted(out->mem_read, a.mem[k]);
    if (a.write[k]) add_sorted(out->mem_write, a.mem[k]);
  }
}

EffectAnalysis::EffectAnalysis(const Module& m) : m_(m) {
  num_funcs_ = static_cast<uint32_t>(m.funcs.size());
  num_mems_ = static_cast<uint32_t>(m.memories.size());
  collect_hosts();
  canonical_types();
  build_graph();
  solve();
}

void EffectAnalysis::collect_hosts() {
  func_host_.assign(num_funcs_, kNone);
  for (const Function& fn : m_.funcs)
    if (fn.import && *fn.import < m_.imports.size()) hosts_.push_back(m_.imports[*fn.import].module);
  std::sort(hosts_.begin(), hosts_.end());
  hosts_.erase(std::unique(hosts_.begin(), hosts_.end()), hosts_.end());
  for (uint32_t f = 0; f < num_funcs_; ++f) {
    const Function& fn = m_.funcs[f];
    if (!fn.import || *fn.import >= m_.imports.size()) continue;
    auto it = std::lower_bound(hosts_.begin(), hosts_.end(), m_.imports[*fn.import].module);
    func_host_[f] = static_cast<uint32_t>(it - hosts_.begin());
  }
  words_ = (2 * num_mems_ + static_cast<uint32_t>(hosts_.size()) + 63) / 64;
}

void EffectAnalysis::canonical_types() {
  std::map<std::pair<std::vector<Type>, std::vector<Type>>, uint32_t> first;
  canon_type_.resize(m_.types.size());
  for (uint32_t t = 0; t < m_.types.size(); ++t) {
    auto key = std::make_pair(m_.types[t].params, m_.types[t].results);
    canon_type_[t] = first.emplace(std::move(key), t).first->second;
  }
}

uint32_t EffectAnalysis::type_node(uint32_t type_index) const {
  if (type_index >= canon_type_.size()) return kNone;
  return type_node_[canon_type_[type_index]];
}

void EffectAnalysis::build_graph() {
  // Nodes: functions, then one node per canonical type used by a call_indirect.
  type_node_.assign(m_.types.size(), kNone);
  uint32_t nodes = num_funcs_;
  for (const Function& fn : m_.funcs) {
    if (!fn.body) continue;
    const FunctionBody& f = *fn.body;
    for (uint32_t i = 0; i < f.num_insts(); ++i) {
      const InstData& d = f.inst(Inst(i));
      if (d.op != Opcode::kCallIndirect || d.c >= canon_type_.size()) continue;
      uint32_t& tn = type_node_[canon_type_[d.c]];
      if (tn == kNone) tn = nodes++;
    }
  }
  // Edges in CSR form: count, prefix-sum, fill.
  edge_begin_.assign(nodes + 1, 0);
  auto for_edges = [&](auto&& add) {
    for (uint32_t fi = 0; fi < num_funcs_; ++fi) {
      const Function& fn = m_.funcs[fi];
      if (fn.type_index < canon_type_.size() && type_node_[canon_type_[fn.type_index]] != kNone)
        add(type_node_[canon_type_[fn.type_index]], fi);
      if (!fn.body) continue;
      const FunctionBody& f = *fn.body;
      for (uint32_t i = 0; i < f.num_insts(); ++i) {
        const InstData& d = f.inst(Inst(i));
        if (d.op == Opcode::kCall && d.c < num_funcs_) add(fi, d.c);
        if (d.op == Opcode::kCallIndirect && type_node(d.c) != kNone) add(fi, type_node(d.c));
      }
    }
  };
  for_edges([&](uint32_t from, uint32_t) { ++edge_begin_[from + 1]; });
  for (uint32_t n = 0; n < nodes; ++n) edge_begin_[n + 1] += edge_begin_[n];
  edges_.resize(edge_begin_[nodes]);
  std::vector<uint32_t> fill(edge_begin_.begin(), edge_begin_.end() - 1);
  for_edges([&](uint32_t from, uint32_t to) { edges_[fill[from]++] = to; });
  bits_.assign(nodes, Bits{0, std::vector<uint64_t>(words_, 0)});
  for (uint32_t n = 0; n < num_funcs_; ++n) local_effects(n);
}

void EffectAnalysis::set_bit(Bits& b, uint32_t bit) const { b.words[bit / 64] |= uint64_t{1} << (bit % 64); }

void EffectAnalysis::local_effects(uint32_t fi) {
  const Function& fn = m_.funcs[fi];
  Bits& b = bits_[fi];
  auto add_set = [&](const EffectSet& e) {
    b.flags |= e.flags;
    for (uint32_t mem : e.mem_read)
      if (mem < num_mems_) set_bit(b, mem);
    for (uint32_t mem : e.mem_write)
      if (mem < num_mems_) set_bit(b, num_mems_ + mem);
    for (const std::string& h : e.host) {
      auto it = std::lower_bound(hosts_.begin(), hosts_.end(), h);
      if (it != hosts_.end() && *it == h) set_bit(b, 2 * num_mems_ + static_cast<uint32_t>(it - hosts_.begin()));
    }
  };
  if (func_host_[fi] != kNone) {
    set_bit(b, 2 * num_mems_ + func_host_[fi]);
    if (fn.attrs.effects) add_set(*fn.attrs.effects);
    return;
  }
  if (!fn.body) return;
  const FunctionBody& f = *fn.body;
  for (uint32_t i = 0; i < f.num_insts(); ++i) {
    Opcode op = f.inst(Inst(i)).op;
    if (op_has(op, kMayTrap)) b.flags |= EffectSet::kTrap;
    if (op_has(op, kGlobalWrite)) b.flags |= EffectSet::kGlobalWrite;
    if (op_has(op, kTableWrite)) b.flags |= EffectSet::kTableWrite;
    MemAccess a = memory_access(f, Inst(i));
    for (uint32_t k = 0; k < a.count; ++k) {
      if (a.mem[k] >= num_mems_) continue;
      if (a.read[k]) set_bit(b, a.mem[k]);
      if (a.write[k]) set_bit(b, num_mems_ + a.mem[k]);
    }
  }
}

void EffectAnalysis::merge(Bits& into, const Bits& from) const {
  into.flags |= from.flags;
  for (uint32_t w = 0; w < words_; ++w) into.words[w] |= from.words[w];
}

// Tarjan's SCC algorithm without recursion. SCCs complete in reverse topological order
// (callees first), so each SCC merges its members and the already final effects of the
// SCCs it calls, then every member gets the result.
void EffectAnalysis::solve() {
  uint32_t n = static_cast<uint32_t>(bits_.size());
  std::vector<uint32_t> index(n, kNone), low(n, 0), cursor(n, 0), stack, call_stack;
  std::vector<uint8_t> on_stack(n, 0);
  uint32_t counter = 0;
  for (uint32_t root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    call_stack.push_back(root);
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call_stack.empty()) {
      uint32_t v = call_stack.back();
      if (cursor[v] < edge_begin_[v + 1] - edge_begin_[v]) {
        uint32_t w = edges_[edge_begin_[v] + cursor[v]++];
        if (index[w] == kNone) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = 1;
          call_stack.push_back(w);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      call_stack.pop_back();
      if (!call_stack.empty()) low[call_stack.back()] = std::min(low[call_stack.back()], low[v]);
      if (low[v] != index[v]) continue;
      // v roots an SCC: the members are on the stack above it.
      size_t first = std::find(stack.rbegin(), stack.rend(), v).base() - 1 - stack.begin();
      Bits acc{0, std::vector<uint64_t>(words_, 0)};
      for (size_t k = first; k < stack.size(); ++k) {
        uint32_t x = stack[k];
        merge(acc, bits_[x]);
        for (uint32_t e = edge_begin_[x]; e < edge_begin_[x + 1]; ++e)
          if (!on_stack[edges_[e]]) merge(acc, bits_[edges_[e]]);
      }
      for (size_t k = first; k < stack.size(); ++k) {
        bits_[stack[k]] = acc;
        on_stack[stack[k]] = 0;
      }
      stack.resize(first);
    }
  }
}

EffectSet EffectAnalysis::to_set(const Bits& b) const {
  EffectSet e;
  e.flags = b.flags;
  auto bit = [&](uint32_t k) { return (b.words[k / 64] >> (k % 64)) & 1; };
  for (uint32_t mem = 0; mem < num_mems_; ++mem) {
    if (bit(mem)) e.mem_read.push_back(mem);
    if (bit(num_mems_ + mem)) e.mem_write.push_back(mem);
  }
  for (uint32_t h = 0; h < hosts_.size(); ++h)
    if (bit(2 * num_mems_ + h)) e.host.push_back(hosts_[h]);
  return e;
}

EffectSet EffectAnalysis::effects(uint32_t func) const {
  if (func >= num_funcs_) return EffectSet{};
  return to_set(bits_[func]);
}

EffectSet EffectAnalysis::call_effects(const FunctionBody& f, Inst i) const {
  const InstData& d = f.inst(i);
  EffectSet e;
  add_inst_effects(f, i, &e);
  uint32_t node = d.op == Opcode::kCall ? (d.c < num_funcs_ ? d.c : kNone)
                  : d.op == Opcode::kCallIndirect ? type_node(d.c)
                                                  : kNone;
  if (node != kNone) e.merge(to_set(bits_[node]));
  return e;
}

std::vector<uint32_t> EffectAnalysis::indirect_targets(uint32_t type_index) const {
  std::vector<uint32_t> out;
  if (type_index >= canon_type_.size()) return out;
  for (uint32_t f = 0; f < num_funcs_; ++f) {
    uint32_t t = m_.funcs[f].type_index;
    if (t < canon_type_.size() && canon_type_[t] == canon_type_[type_index]) out.push_back(f);
  }
  return out;
}

}  // namespace wasmrust::ir
