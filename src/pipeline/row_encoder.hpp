#pragma once
// Encodes CSV records for prediction with a fitted pipeline: columns are matched by name (any
// order, extra columns ignored), missing values imputed, unseen categories encoded as zeros.
// Counts what it had to fill in or ignore, for the monitoring summary.

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "csv/reader.hpp"
#include "pipeline/feature_pipeline.hpp"

namespace mlctl::pipeline {

struct EncodingCounters {
  std::uint64_t rows = 0;
  std::uint64_t rows_imputed = 0;                // rows with at least one missing feature value
  std::uint64_t unseen_values = 0;               // categorical values not seen in training
  std::vector<std::uint64_t> unseen_by_feature;  // indexed like pipeline.features()
  std::vector<std::uint64_t> missing_by_feature;
};

class RowEncoder {
 public:
  // Throws Error(data) naming the first feature column missing from `header`.
  RowEncoder(const FeaturePipeline& pipeline, const std::vector<std::string>& header,
             const std::string& source);

  // Writes pipeline.width() values to `out`. Throws Error(data) with line and column for a
  // value that does not parse in a numeric column.
  void encode(const csv::Row& row, const csv::Reader& reader, std::span<double> out);

  const EncodingCounters& counters() const { return counters_; }

 private:
  struct Lookup {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const FeaturePipeline& pipeline_;
  std::string source_;
  std::vector<std::size_t> positions_;  // per feature: field index in the record
  std::vector<std::unordered_map<std::string, std::int32_t, Lookup, std::equal_to<>>> index_;
  EncodingCounters counters_;
};

}  // namespace mlctl::pipeline
