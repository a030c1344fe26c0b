#pragma once
// The bounded memory of lint-data: what it keeps instead of the rows themselves.

#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

namespace mlctl::checks {

// Distinct values of a column, from 64-bit value hashes: exact up to `k` distinct values, then a
// k-minimum-values estimate (relative standard error about 1/sqrt(k - 2), 3% for k = 1024).
class DistinctSketch {
 public:
  explicit DistinctSketch(std::size_t k = 1024) : k_(k) {}
  void add(std::uint64_t hash);
  bool exact() const { return !evicted_; }
  double estimate() const;

 private:
  std::size_t k_;
  std::set<std::uint64_t> smallest_;
  bool evicted_ = false;
};

// Exact duplicate detection on 64-bit row hashes, in an open-addressing table that stops
// growing at `cap` hashes; rows after that are still compared with the kept ones, but not kept.
// Two different rows share a hash with probability about n^2 / 2^65 (negligible at 10^7 rows).
class RowHashSet {
 public:
  explicit RowHashSet(std::uint64_t cap) : cap_(cap) {}
  // True when an equal hash was seen before.
  bool seen_before(std::uint64_t hash);
  bool full() const { return size_ >= cap_; }

 private:
  void grow();
  std::uint64_t cap_;
  std::uint64_t size_ = 0;
  std::vector<std::uint64_t> slots_;  // 0 = empty; a hash of 0 is stored as 1
};

}  // namespace mlctl::checks
