#pragma once
// A categorical column's counts by label, exchanged between ranks: each rank has its own codes
// for its own labels, so counts are summed by label (issue #15). The record (record.hpp) holds
// the missing count, the number of labels present and each one's count and label.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "distributed/record.hpp"

namespace mlctl::distributed {

// Writes the counts of the labels present (a count of 0 is left out). counts[code] counts
// labels[code].
void put_label_counts(RecordWriter& out, std::uint64_t missing, std::span<const std::string> labels,
                      std::span<const std::uint64_t> counts);

// Labels in std::string's order, each once, and their counts.
struct MergedLabels {
  std::vector<std::string_view> labels;
  std::vector<std::uint64_t> counts;
};

// One column's counts from every rank's record, summed by label.
class LabelCounts {
 public:
  // Adds a record of put_label_counts; the labels point into `in`'s bytes, which must outlive
  // this object.
  void add(RecordReader& in);
  // Each label's count summed over the records.
  MergedLabels merged() &&;
  std::uint64_t missing() const { return missing_; }

 private:
  std::vector<std::pair<std::string_view, std::uint64_t>> levels_;
  std::uint64_t missing_ = 0;
};

}  // namespace mlctl::distributed
