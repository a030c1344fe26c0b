#pragma once
// Summary statistics of a dataset, as plain values: what `mlctl describe` shows. Computing them
// is column_accumulator.hpp's job; showing them is the caller's. (What a model file stores
// about its training data, for drift checks, is reference_stats.hpp's.)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stats/histogram.hpp"

namespace mlctl::stats {

// numeric: every non-missing value is a finite number. categorical: at least one is not.
// empty: no non-missing value at all, so nothing says what the column holds (pandas would
// call it float64 with count 0; we say plainly that it is empty).
enum class ColumnType { empty, numeric, categorical };

std::string_view to_string(ColumnType type);

struct NumericSummary {
  double mean = 0.0;
  double std = 0.0;  // sample standard deviation (ddof = 1, as pandas); NaN for one value
  double min = 0.0;
  double q25 = 0.0;  // quantiles with linear interpolation (numpy / pandas default)
  double median = 0.0;
  double q75 = 0.0;
  double max = 0.0;
  Histogram histogram;  // equal-width bins from min to max
};

struct ValueCount {
  std::string value;
  std::uint64_t count = 0;
};

// The value that made a column categorical: the first non-missing field that is not a number.
struct NotNumberEvidence {
  std::string value;
  std::uint64_t line = 0;
};

struct CategoricalSummary {
  std::vector<ValueCount> top;  // most frequent first; equal counts by value (bytewise)
  NotNumberEvidence because;
};

struct ColumnStats {
  std::string name;
  ColumnType type = ColumnType::empty;
  std::uint64_t count = 0;                        // non-missing values
  std::uint64_t missing = 0;                      // missing values
  std::uint64_t distinct = 0;                     // distinct non-missing values (pandas nunique)
  std::optional<NumericSummary> numeric;          // set for numeric columns
  std::optional<CategoricalSummary> categorical;  // set for categorical columns

  // Percentage of rows where the value is missing; 0 when there are no rows.
  double missing_percent() const;
};

struct DatasetStats {
  std::string source;  // the file's display name
  std::uint64_t rows = 0;
  std::uint64_t rows_with_missing = 0;  // rows with at least one missing value
  std::vector<ColumnStats> columns;

  std::size_t columns_of_type(ColumnType type) const;
};

}  // namespace mlctl::stats
