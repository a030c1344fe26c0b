#pragma once
// Counting values, shared by describe's summary (column_accumulator.hpp) and the statistics a
// model stores (reference_stats.hpp), so both count and rank values the same way.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mlctl::stats {

// The number of distinct values of ascending `sorted` (0 when empty).
std::uint64_t count_distinct(std::span<const double> sorted);

struct LabelCount {
  std::string_view label;
  std::uint64_t count = 0;
};

// Puts the `k` most frequent of `entries` first, in order: larger counts first, equal counts by
// label (bytewise); the labels must be distinct. Returns those min(k, size) entries; the order
// of the rest is unspecified.
std::span<LabelCount> most_frequent(std::span<LabelCount> entries, std::size_t k);

}  // namespace mlctl::stats
