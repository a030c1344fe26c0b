#include "stats/dataset_accumulator.hpp"

namespace mlctl::stats {

DatasetAccumulator::DatasetAccumulator(std::vector<std::string> names)
    : names_(std::move(names)), columns_(names_.size()) {}

void DatasetAccumulator::end_row(bool any_missing) {
  ++rows_;
  if (any_missing) ++rows_with_missing_;
}

DatasetStats DatasetAccumulator::summarize(std::string source, const SummaryOptions& options) {
  DatasetStats stats;
  stats.source = std::move(source);
  stats.rows = rows_;
  stats.rows_with_missing = rows_with_missing_;
  stats.columns.reserve(columns_.size());
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    stats.columns.push_back(columns_[i].summarize(names_[i], options));
  }
  return stats;
}

}  // namespace mlctl::stats
