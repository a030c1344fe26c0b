#include "stats/sparkline.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace mlctl::stats {

std::string sparkline(std::span<const std::uint64_t> counts) {
  static constexpr std::array<std::string_view, 8> kBars = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string line;
  if (counts.empty()) return line;
  const std::uint64_t largest = *std::max_element(counts.begin(), counts.end());
  for (const std::uint64_t count : counts) {
    if (count == 0) {
      line += ' ';
      continue;
    }
    // ceil(8 * count / largest) in integers: 1..8, so level 0..7.
    const std::uint64_t level = (8 * count + largest - 1) / largest - 1;
    line += kBars[level];
  }
  return line;
}

}  // namespace mlctl::stats
