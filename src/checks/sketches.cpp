#include "checks/sketches.hpp"

#include <cmath>

namespace mlctl::checks {

void DistinctSketch::add(std::uint64_t hash) {
  if (smallest_.size() < k_) {
    smallest_.insert(hash);
    return;
  }
  const auto largest = std::prev(smallest_.end());
  if (hash >= *largest) {
    if (hash > *largest) evicted_ = true;
    return;
  }
  if (smallest_.insert(hash).second) {
    smallest_.erase(std::prev(smallest_.end()));
    evicted_ = true;
  }
}

double DistinctSketch::estimate() const {
  if (!evicted_) return static_cast<double>(smallest_.size());
  // The k-th smallest of n uniform hashes sits near k / n of the range.
  const double kth = (static_cast<double>(*smallest_.rbegin()) + 1.0) / 18446744073709551616.0;
  return static_cast<double>(k_ - 1) / kth;
}

bool RowHashSet::seen_before(std::uint64_t hash) {
  if (hash == 0) hash = 1;
  if (slots_.empty()) slots_.assign(1024, 0);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask;
  while (slots_[i] != 0) {
    if (slots_[i] == hash) return true;
    i = (i + 1) & mask;
  }
  if (full()) return false;
  slots_[i] = hash;
  ++size_;
  if (size_ * 2 > slots_.size()) grow();
  return false;
}

void RowHashSet::grow() {
  std::vector<std::uint64_t> old(slots_.size() * 2, 0);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const std::uint64_t hash : old) {
    if (hash == 0) continue;
    std::size_t i = static_cast<std::size_t>(hash) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = hash;
  }
}

}  // namespace mlctl::checks
