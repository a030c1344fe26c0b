#pragma once
// The bounded memory of lint-data: what it keeps instead of the rows themselves.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlctl::checks {

// 64-bit hashes seen, in an open-addressing table that stops growing at `cap` hashes; hashes
// after that are still compared with the kept ones, but not kept. Exact duplicate rows by
// their hashes: two different rows share a hash with probability about n^2 / 2^65 (negligible
// at 10^7 rows).
class SeenHashes {
 public:
  explicit SeenHashes(std::uint64_t cap) : cap_(cap) {}
  // True when an equal hash was seen (and kept) before; else keeps it, room allowing.
  bool seen_before(std::uint64_t hash);
  bool full() const { return size_ >= cap_; }
  std::uint64_t size() const { return size_; }
  std::size_t slots() const { return slots_.size(); }  // the table's room
  // Forgets every hash; keeps the table's room.
  void clear();
  // Room for `hashes` (at most the cap) without growing: one table made at once, instead of
  // every doubling's (each cleared, each hash moved again). Keeps the hashes seen so far.
  void reserve(std::uint64_t hashes);

 private:
  void rehash(std::size_t slots);
  std::uint64_t cap_;
  std::uint64_t size_ = 0;
  bool zero_ = false;                 // the hash 0, which the table cannot hold
  std::vector<std::uint64_t> slots_;  // 0 = empty
};

// Distinct values of a column, from 64-bit value hashes: exact up to `k` (at least 1) distinct
// values, then a k-minimum-values estimate (relative standard error about 1/sqrt(k - 2), 3% for
// k = 1024).
class DistinctSketch {
 public:
  explicit DistinctSketch(std::size_t k = 1024) : k_(k), seen_(~std::uint64_t{0}) {}
  void add(std::uint64_t hash);
  bool exact() const { return !evicted_; }
  double estimate() const;

 private:
  std::size_t k_;
  // The k smallest distinct hashes, a max-heap: once it is full, most hashes are above its top
  // and cost one comparison. Every value of a column passes here, so the common case must not
  // search a tree (a std::set was a quarter of lint-data's time).
  std::vector<std::uint64_t> smallest_;
  // Holds every hash of `smallest_` (and some evicted since, all above its top, never asked
  // about again): whether a hash under the top is new.
  SeenHashes seen_;
  bool evicted_ = false;
};

}  // namespace mlctl::checks
