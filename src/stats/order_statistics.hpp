#pragma once
// The order statistics describe needs of a column (its quantiles' values and its number of
// distinct values) without sorting it: the values are split into buckets by the high bits of
// an order-preserving key, recursively where a bucket is still large, and only the buckets
// holding a wanted rank are put in order (std::nth_element); the distinct values of a bucket
// are counted in a hash table small enough for the cache. A few passes over the values where a
// full sort takes six.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>
#include <vector>

#include "stats/number_key.hpp"

namespace mlctl::stats {

struct OrderStatistics {
  std::uint64_t distinct = 0;  // distinct values; -0.0 and 0.0 are one
  std::vector<double> at;      // per rank asked for: the value there in ascending order
};

struct KeyCount {
  std::uint64_t key;  // 0: none (no number's key is 0)
  std::uint64_t count;
};

// The first slot of `key` in an open-addressing table of 2^(64 - shift) slots (Fibonacci
// hashing: the top bits of the product), for the key tables here.
inline std::size_t key_slot(std::uint64_t key, int shift) {
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift);
}

// A summarised column's numbers, whose memory held their keys (ColumnAccumulator::summarize)
// and serves the next column as scratch: reusing it clears no fresh pages. Only ever handed out
// as room for keys, so that no one reads its elements as the numbers they no longer are.
class SpareKeyRoom {
 public:
  // Keeps `numbers`' memory if it is larger than the memory kept (else it goes back).
  void keep(std::vector<double>&& numbers) {
    if (numbers.capacity() > memory_.capacity()) memory_ = std::move(numbers);
  }
  // Room for `size` keys, their values unspecified; nullptr when the memory kept is smaller.
  std::uint64_t* keys(std::size_t size) {
    if (memory_.capacity() < size) return nullptr;
    if (memory_.size() < size) memory_.resize(size);
    // The keys' lifetime starts here, over the doubles' storage; nothing is written.
    auto* room = reinterpret_cast<std::uint64_t*>(memory_.data());
    for (std::size_t i = 0; i < size; ++i) new (room + i) std::uint64_t;
    return std::launder(room);
  }

 private:
  std::vector<double> memory_;
};
static_assert(sizeof(double) == sizeof(std::uint64_t));

// Memory reused from one column to the next: two arrays as large as the values, and small
// hash tables (fresh arrays would be fresh pages, each a page fault, for every column).
struct OrderWorkspace {
  std::unique_ptr<std::uint64_t[]> keys, scratch;  // never zeroed: written before they are read
  std::size_t key_capacity = 0, scratch_capacity = 0;
  std::size_t largest = 0;  // scratch, once needed, is made this large at once
  std::vector<std::uint64_t> table;
  std::vector<KeyCount> few;  // FewKeys' table
  // The memory of a column already summarised, scratch for order_statistics_of_keys.
  SpareKeyRoom spare;
  // Room for `size` keys (when `with_keys`) and as much scratch (or `largest`); what is there
  // and large enough stays.
  void reserve(std::size_t size, bool with_keys);
};

// For `values` (no NaN) and `ranks` (0-based positions, each < size, in any order): what
// sorting the values would give at those ranks (a zero as 0.0), and their distinct count.
OrderStatistics order_statistics(std::span<const double> values, std::span<const std::size_t> ranks,
                                 OrderWorkspace& workspace);
OrderStatistics order_statistics(std::span<const double> values,
                                 std::span<const std::size_t> ranks);

// The first split of keys into buckets (stats/number_key.hpp), counted by a caller that makes
// the keys in a pass of its own (stats/column_accumulator.cpp): one pass over them fewer.
// Made from the least and the greatest key; add() each key once.
struct KeySplit {
  KeySplit(std::uint64_t least, std::uint64_t greatest);
  std::size_t bucket(std::uint64_t key) const {
    return static_cast<std::size_t>((key - first) >> shift);
  }
  void add(std::uint64_t key) { ++counts[bucket(key) + 1]; }

  std::uint64_t first;
  bool one_key;  // least == greatest
  int shift;
  std::vector<std::size_t> counts;  // kBuckets + 1: counts[b + 1] keys in bucket b
};

// How many times each distinct key occurs, while there are at most kMost of them (a table
// that stays in the cache); past that it stops counting. Counted in the same caller's pass,
// it spares columns of few distinct values (codes, rounded measures) the partition: their
// order statistics come from the counts.
class FewKeys {
 public:
  static constexpr std::size_t kMost = 16384;
  explicit FewKeys(std::vector<KeyCount>& table);
  void add(std::uint64_t key) {
    if (!counting_) return;
    for (std::size_t at = key_slot(key, shift_);; at = (at + 1) & mask_) {
      KeyCount& slot = slots_[at];
      if (slot.key == key) {
        ++slot.count;
        return;
      }
      if (slot.key == 0) {
        slot = {key, 1};
        if (++distinct_ * 2 > mask_ + 1) grow();
        return;
      }
    }
  }
  bool counted() const { return counting_; }  // every key added is counted
  // The keys and their counts, ascending by key (once, when counted()).
  std::span<const KeyCount> sorted();

 private:
  void grow();
  std::vector<KeyCount>& table_;
  KeyCount* slots_;
  std::size_t mask_;
  int shift_;
  std::size_t distinct_ = 0;
  bool counting_ = true;
};

// The same for keys made by number_key from the values, each given to `split` and `few`, the
// keys reordered in place (the workspace's scratch serves, not its keys).
OrderStatistics order_statistics_of_keys(std::span<std::uint64_t> keys, KeySplit& split,
                                         FewKeys& few, std::span<const std::size_t> ranks,
                                         OrderWorkspace& workspace);

}  // namespace mlctl::stats
