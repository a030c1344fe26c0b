#include "stats/frequency.hpp"

#include <algorithm>

namespace mlctl::stats {

std::uint64_t count_distinct(std::span<const double> sorted) {
  if (sorted.empty()) return 0;
  std::uint64_t distinct = 1;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i] != sorted[i - 1]) ++distinct;
  }
  return distinct;
}

std::span<LabelCount> most_frequent(std::span<LabelCount> entries, std::size_t k) {
  const std::size_t top = std::min(k, entries.size());
  // A strict total order (labels are distinct), so a partial sort gives the full sort's prefix.
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(top),
                    entries.end(), [](const LabelCount& a, const LabelCount& b) {
                      return a.count != b.count ? a.count > b.count : a.label < b.label;
                    });
  return entries.first(top);
}

}  // namespace mlctl::stats
