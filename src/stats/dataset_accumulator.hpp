#pragma once
// Accumulates a whole table, row by row, into DatasetStats: one ColumnAccumulator per column
// plus the per-file counts. Independent of the input format (see csv_stats.hpp for CSV).

#include <cstdint>
#include <string>
#include <vector>

#include "stats/column_accumulator.hpp"
#include "stats/column_stats.hpp"

namespace mlctl::stats {

class DatasetAccumulator {
 public:
  explicit DatasetAccumulator(std::vector<std::string> names);

  std::size_t size() const { return columns_.size(); }
  ColumnAccumulator& column(std::size_t index) { return columns_[index]; }
  const ColumnAccumulator& column(std::size_t index) const { return columns_[index]; }
  // Call once per row, after its values went to column(i); `any_missing` if one was missing.
  void end_row(bool any_missing);

  // Counts `rows` more, `with_missing` of them with a missing value: the rows of a block read
  // elsewhere (stats/csv_stats.cpp), whose values go to column(i).append.
  void add_rows(std::uint64_t rows, std::uint64_t with_missing);

  const std::vector<std::string>& names() const { return names_; }
  std::uint64_t rows() const { return rows_; }
  std::uint64_t rows_with_missing() const { return rows_with_missing_; }
  // The row before which some column has values to give again as written (the last of the
  // columns' ColumnAccumulator::pending_end; 0: none).
  std::uint64_t pending_end() const;

  // The columns are summarised `threads` at a time (common/parallel.hpp): the same result.
  // It uses the columns up (ColumnAccumulator::summarize).
  DatasetStats summarize(std::string source, const SummaryOptions& options = {},
                         unsigned threads = 1) &&;

 private:
  std::vector<std::string> names_;
  std::vector<ColumnAccumulator> columns_;
  std::uint64_t rows_ = 0;
  std::uint64_t rows_with_missing_ = 0;
};

}  // namespace mlctl::stats
