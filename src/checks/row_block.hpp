#pragma once
// lint-data's rows as cells (checks/cell.hpp): what every check reads of a field (missing, the
// number, the value's hash) and each row's hash for duplicates. Making them is most of the
// work of a pass, and needs no row before: read_row_block makes them for a block of a parallel
// read (csv/block_reader.hpp) on a worker thread, and checks/lint.cpp feeds them to the checks
// in input order.

#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "checks/cell.hpp"
#include "csv/reader.hpp"

namespace mlctl::checks {

// The key of a cell's value: numbers by value (-0 as 0, "1" as "1.0"), other text by its
// bytes; 0 for a missing value.
std::uint64_t value_key(const Cell& cell);

// The row's hash for duplicate detection: every field with its length, so that ("a,", "b")
// and ("a", ",b") differ. `buffer` is scratch space.
std::uint64_t row_key(const std::vector<Cell>& cells, std::string& buffer);

// The cells of one record, as `reader` tells missing values.
void read_cells(const csv::Row& row, const csv::Reader& reader, std::vector<Cell>& cells);

// The records of one block, read to its end.
struct RowBlock {
  std::size_t width = 0;
  std::vector<Cell> cells;  // width per row; their texts point into `text`
  std::vector<std::uint64_t> lines;
  std::vector<std::uint64_t> keys;                            // row_key of each row
  std::vector<std::pair<std::uint64_t, std::size_t>> ragged;  // skipped records: line, fields
  std::string text;
  std::vector<std::size_t> offsets;  // scratch: each cell's text in `text`

  std::size_t rows() const { return lines.size(); }
};

// Reads every remaining record of `block` into `out`, whose memory is reused (a block's worth
// of cells freshly allocated is thousands of page faults); records with another field count
// than the header are skipped and listed in `ragged`.
void read_row_block(csv::Reader& block, RowBlock& out);

// RowBlocks handed from the thread that consumes them back to the workers that fill them.
class RowBlockPool {
 public:
  RowBlock take();             // a spare one, or a new one
  void give(RowBlock&& used);  // for a later take

 private:
  std::mutex mutex_;
  std::vector<RowBlock> spare_;
};

}  // namespace mlctl::checks
