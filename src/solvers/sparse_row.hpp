#pragma once
// One encoded row that is mostly zeros, as prediction encodes it: every numeric feature's value
// and, per categorical feature, the one column its value sets (none for an unseen value). A
// row costs O(features), not O(encoded width): with one-hot columns of 100,000 levels the dense
// row would be 100,000 doubles, nearly all zero.

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace mlctl::solvers {

class SparseRow {
 public:
  // The listed encoded columns, strictly increasing, and the value of each; unlisted ones are 0.
  std::span<const std::size_t> columns() const { return {columns_.data(), size_}; }
  std::span<const double> values() const { return {values_.data(), size_}; }
  std::size_t size() const { return size_; }

  void clear() { size_ = 0; }
  // Room for `entries` without growing (a row has at most one entry per feature).
  void reserve(std::size_t entries) {
    if (entries > columns_.size()) resize_storage(entries);
  }
  // Lists `column` (above every column listed so far) with `value`. The storage is written by
  // index, not push_back: this runs for every feature of every predicted row, and the
  // compiler left push_back out of line in the encoder's loop (8% of a batch predict).
  void push(std::size_t column, double value) {
    if (size_ == columns_.size()) [[unlikely]]
      resize_storage(std::max<std::size_t>(8, 2 * size_));
    columns_[size_] = column;
    values_[size_] = value;
    ++size_;
  }

 private:
  [[gnu::noinline, gnu::cold]] void resize_storage(std::size_t entries) {
    columns_.resize(entries);
    values_.resize(entries);
  }

  std::vector<std::size_t> columns_;  // [0, size_) in use
  std::vector<double> values_;
  std::size_t size_ = 0;
};

}  // namespace mlctl::solvers
