#include "stats/dataset_accumulator.hpp"

#include <algorithm>
#include <atomic>
#include <utility>

#include "common/parallel.hpp"

namespace mlctl::stats {

DatasetAccumulator::DatasetAccumulator(std::vector<std::string> names)
    : names_(std::move(names)), columns_(names_.size()) {}

void DatasetAccumulator::end_row(bool any_missing) {
  ++rows_;
  if (any_missing) ++rows_with_missing_;
}

void DatasetAccumulator::add_rows(std::uint64_t rows, std::uint64_t with_missing) {
  rows_ += rows;
  rows_with_missing_ += with_missing;
}

std::uint64_t DatasetAccumulator::pending_end() const {
  std::uint64_t end = 0;
  for (const ColumnAccumulator& column : columns_) end = std::max(end, column.pending_end());
  return end;
}

DatasetStats DatasetAccumulator::summarize(std::string source, const SummaryOptions& options,
                                           unsigned threads) && {
  DatasetStats stats;
  stats.source = std::move(source);
  stats.rows = rows_;
  stats.rows_with_missing = rows_with_missing_;
  stats.columns.resize(columns_.size());
  // One task per thread, each taking the next column with its own workspace: the column
  // statistics do not depend on which thread made them.
  const unsigned tasks =
      std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(columns_.size())));
  std::atomic<std::size_t> next{0};
  std::size_t largest = 0;
  for (ColumnAccumulator& column : columns_) {
    if (column.numeric()) largest = std::max(largest, column.numbers().size());
  }
  parallel_for(tasks, tasks, [&](std::size_t) {
    OrderWorkspace workspace;
    workspace.largest = largest;  // scratch, if needed, once for every column this thread takes
    for (std::size_t i = next++; i < columns_.size(); i = next++) {
      stats.columns[i] = std::move(columns_[i]).summarize(names_[i], options, &workspace);
    }
  });
  return stats;
}

}  // namespace mlctl::stats
