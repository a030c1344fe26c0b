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
#include <span>
#include <vector>

namespace mlctl::stats {

struct OrderStatistics {
  std::uint64_t distinct = 0;  // distinct values; -0.0 and 0.0 are one
  std::vector<double> at;      // per rank asked for: the value there in ascending order
};

// Memory reused from one column to the next: two arrays as large as the values, and a small
// hash table (fresh arrays would be fresh pages, each a page fault, for every column).
struct OrderWorkspace {
  std::unique_ptr<std::uint64_t[]> keys, scratch;  // never zeroed: written before they are read
  std::size_t capacity = 0;
  std::vector<std::uint64_t> table;
};

// For `values` (no NaN) and `ranks` (0-based positions, each < size, in any order): what
// sorting the values would give at those ranks (a zero as 0.0), and their distinct count.
OrderStatistics order_statistics(std::span<const double> values, std::span<const std::size_t> ranks,
                                 OrderWorkspace& workspace);
OrderStatistics order_statistics(std::span<const double> values,
                                 std::span<const std::size_t> ranks);

}  // namespace mlctl::stats
