// Flat arenas for IR entities: PrimaryMap allocates ids, SecondaryMap holds side tables.
// (After Cranelift's cranelift-entity.) Both keep their storage across clear() so a
// per-function context can be reused without reallocating.
#pragma once

#include <cstdint>
#include <vector>

#include "support/check.h"

namespace wasmrust::ir {

/// Owns the data for ids of type K; push() hands out the next id.
template <typename K, typename V>
class PrimaryMap {
 public:
  K push(const V& v) {
    data_.push_back(v);
    return K(static_cast<uint32_t>(data_.size() - 1));
  }
  V& operator[](K k) {
    WR_DCHECK(k.index < data_.size());
    return data_[k.index];
  }
  const V& operator[](K k) const {
    WR_DCHECK(k.index < data_.size());
    return data_[k.index];
  }
  uint32_t size() const { return static_cast<uint32_t>(data_.size()); }
  bool empty() const { return data_.empty(); }
  bool contains(K k) const { return k.index < data_.size(); }
  void clear() { data_.clear(); }
  void reserve(size_t n) { data_.reserve(n); }
  K next_key() const { return K(size()); }
  size_t capacity_bytes() const { return data_.capacity() * sizeof(V); }
  const std::vector<V>& raw() const { return data_; }
  std::vector<V>& raw() { return data_; }

 private:
  std::vector<V> data_;
};

/// A side table keyed by ids of another map; reads past the end give the default.
template <typename K, typename V>
class SecondaryMap {
 public:
  explicit SecondaryMap(V default_value = V()) : default_(default_value) {}
  V& operator[](K k) {
    if (k.index >= data_.size()) data_.resize(k.index + 1, default_);
    return data_[k.index];
  }
  const V& get(K k) const { return k.index < data_.size() ? data_[k.index] : default_; }
  void clear() { data_.clear(); }
  void resize(uint32_t n) { data_.resize(n, default_); }
  uint32_t size() const { return static_cast<uint32_t>(data_.size()); }

 private:
  std::vector<V> data_;
  V default_;
};

}  // namespace wasmrust::ir
