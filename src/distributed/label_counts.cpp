#include "distributed/label_counts.hpp"

#include <algorithm>

namespace mlctl::distributed {

void put_label_counts(RecordWriter& out, std::uint64_t missing, std::span<const std::string> labels,
                      std::span<const std::uint64_t> counts) {
  out.put(missing);
  out.put<std::uint64_t>(static_cast<std::uint64_t>(
      std::count_if(counts.begin(), counts.end(), [](std::uint64_t n) { return n > 0; })));
  for (std::size_t code = 0; code < counts.size(); ++code) {
    if (counts[code] == 0) continue;
    out.put(counts[code]);
    out.put_text(labels[code]);
  }
}

void LabelCounts::add(RecordReader& in) {
  missing_ += in.get<std::uint64_t>();
  const auto present = in.get<std::uint64_t>();
  for (std::uint64_t k = 0; k < present; ++k) {
    const auto count = in.get<std::uint64_t>();
    levels_.emplace_back(in.get_text(), count);
  }
}

MergedLabels LabelCounts::merged() && {
  std::sort(levels_.begin(), levels_.end());
  MergedLabels out;
  for (const auto& [label, count] : levels_) {
    if (!out.labels.empty() && out.labels.back() == label) {
      out.counts.back() += count;
    } else {
      out.labels.push_back(label);
      out.counts.push_back(count);
    }
  }
  return out;
}

}  // namespace mlctl::distributed
