// Canonical signature ids (see func_type.h).
#include "runtime/func_type.h"

namespace wasmrust::rt {

namespace {

// The runtime box links without the IR box, so it names types itself.
const char* name_of(Type t) {
  switch (t) {
    case Type::kI32: return "i32";
    case Type::kI64: return "i64";
    case Type::kF32: return "f32";
    case Type::kF64: return "f64";
    case Type::kV128: return "v128";
    case Type::kFuncRef: return "funcref";
    case Type::kExternRef: return "externref";
    case Type::kVoid: break;
  }
  return "void";
}

}  // namespace

std::string FuncSig::to_string() const {
  auto list = [](const std::vector<Type>& ts) {
    std::string s = "(";
    for (size_t i = 0; i < ts.size(); ++i) {
      if (i) s += ", ";
      s += name_of(ts[i]);
    }
    return s + ")";
  };
  return list(params) + " -> " + list(results);
}

size_t FuncSigHash::operator()(const FuncSig& s) const noexcept {
  size_t h = s.params.size() * 31 + s.results.size();
  for (Type t : s.params) h = h * 131 + static_cast<size_t>(t);
  h = h * 137 + 7;
  for (Type t : s.results) h = h * 131 + static_cast<size_t>(t);
  return h;
}

uint32_t TypeRegistry::intern(const FuncSig& sig) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = ids_.find(sig);
  if (it != ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(sigs_.size());
  sigs_.push_back(sig);
  ids_.emplace(sig, id);
  return id;
}

const FuncSig& TypeRegistry::sig(uint32_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return sigs_[id];
}

uint32_t TypeRegistry::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<uint32_t>(sigs_.size());
}

}  // namespace wasmrust::rt
