#include "checks/sketches.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace mlctl::checks {

void DistinctSketch::add(std::uint64_t hash) {
  const bool full = smallest_.size() >= k_;
  if (full && hash >= smallest_.front()) {
    if (hash > smallest_.front()) evicted_ = true;
    return;
  }
  if (seen_.seen_before(hash)) return;
  if (!full) {
    smallest_.push_back(hash);
    std::push_heap(smallest_.begin(), smallest_.end());
    return;
  }
  std::pop_heap(smallest_.begin(), smallest_.end());
  smallest_.back() = hash;
  std::push_heap(smallest_.begin(), smallest_.end());
  evicted_ = true;
  // The evicted hashes stay in `seen_` (harmless: above the top); at k of them, start it again
  // from the kept ones: its table stays within 4k slots, the memory the std::set took.
  if (seen_.size() >= 2 * k_) {
    seen_.clear();
    for (const std::uint64_t kept : smallest_) seen_.seen_before(kept);
  }
}

double DistinctSketch::estimate() const {
  if (!evicted_) return static_cast<double>(smallest_.size());
  // The k-th smallest of n uniform hashes sits near k / n of the range.
  const double kth = (static_cast<double>(smallest_.front()) + 1.0) / 18446744073709551616.0;
  return static_cast<double>(k_ - 1) / kth;
}

bool SeenHashes::seen_before(std::uint64_t hash) {
  if (hash == 0) {
    if (zero_) return true;
    if (!full()) {
      zero_ = true;
      ++size_;
    }
    return false;
  }
  if (slots_.empty()) slots_.assign(16, 0);  // small: a column of few values keeps few
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = static_cast<std::size_t>(hash) & mask;
  while (slots_[i] != 0) {
    if (slots_[i] == hash) return true;
    i = (i + 1) & mask;
  }
  if (full()) return false;
  slots_[i] = hash;
  ++size_;
  if (size_ * 2 > slots_.size()) rehash(slots_.size() * 2);
  return false;
}

void SeenHashes::clear() {
  std::fill(slots_.begin(), slots_.end(), 0);
  size_ = 0;
  zero_ = false;
}

void SeenHashes::reserve(std::uint64_t hashes) {
  // A table grows past half full: 2 x hashes slots hold them, the next power of two.
  const std::uint64_t wanted =
      std::bit_ceil(std::max<std::uint64_t>(2 * std::min(hashes, cap_), 16));
  if (wanted > slots_.size()) rehash(static_cast<std::size_t>(wanted));
}

void SeenHashes::rehash(std::size_t slots) {
  std::vector<std::uint64_t> old(slots, 0);
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
