#pragma once
// Accumulates one column's values in a single pass and turns them into ColumnStats.
//
// Memory: a column that is numeric so far keeps every value as a double (8 bytes per row),
// because exact quantiles and the number of distinct values need them all. A categorical
// column keeps one count per distinct value, so it grows with the number of distinct values,
// not with the rows. When a column turns categorical mid-file, the numbers it has kept are
// converted to their shortest text ("3.0" and "3" both become "3") and counted as categories.
//
// What counts as missing or as a number is the input format's rule, not this class's: the
// caller decides (for CSV, csv::Reader::is_missing and csv::parse_number).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stats/column_stats.hpp"

namespace mlctl::stats {

struct SummaryOptions {
  std::size_t histogram_bins = 20;
  std::size_t top_values = 5;
};

class ColumnAccumulator {
 public:
  void add_missing() { ++missing_; }
  // A non-missing value: its text, and the number it parses as (nullopt when it is not a
  // number). Once numeric() is false the number is ignored, so callers may skip parsing.
  void add(std::string_view text, std::optional<double> number, std::uint64_t line);

  // True while every non-missing value so far was a number.
  bool numeric() const { return !because_.has_value(); }

  // Not const: sorts the kept numbers in place (their order matters to no statistic, so the
  // accumulator stays usable) rather than copying them.
  ColumnStats summarize(std::string name, const SummaryOptions& options);

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };
  using Counts = std::unordered_map<std::string, std::uint64_t, TextHash, std::equal_to<>>;

  void count_text(std::string_view text);
  void become_categorical(std::string_view text, std::uint64_t line);

  std::uint64_t missing_ = 0;
  std::vector<double> numbers_;               // while numeric
  Counts counts_;                             // once categorical
  std::uint64_t categorical_count_ = 0;       // non-missing values, once categorical
  std::optional<NotNumberEvidence> because_;  // set when the column turned categorical
};

}  // namespace mlctl::stats
