#pragma once
// The statistics of one block of a parallel read (csv/block_reader.hpp), and how they join
// those of the blocks before it, so that the whole read gives what one pass over the rows
// gives (stats/csv_stats.hpp reads with them).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "csv/block_reader.hpp"
#include "csv/reader.hpp"
#include "stats/dataset_accumulator.hpp"

namespace mlctl::stats {

// Every remaining record of `reader`, into `accumulator`; `progress` as collect_csv_stats'.
void accumulate_rows(csv::Reader& reader, DatasetAccumulator& accumulator,
                     const std::function<void(const csv::ReadProgress&)>& progress = {});

// The pending values (ColumnAccumulator::pending_end) of the rows of `again`, read from its
// first record, which is row `row` of the accumulator's, up to row `end`. Returns the row
// after the last one read.
std::uint64_t count_pending_rows(csv::Reader& again, DatasetAccumulator& accumulator,
                                 std::uint64_t row, std::uint64_t end);

// The same for the whole input from `again` (a fresh Reader, no record read yet), read in
// blocks on `threads` threads (csv::read_blocks_while): a block before every column's
// pending_end is counted on a worker, each column's texts apart, and only the block that holds
// a column's pending_end is read again, up to it. Reading stops at the last pending_end.
// Returns the rows read, which is fewer than the last pending_end only when the input is
// shorter. Reads on the calling thread as count_pending_rows when csv::reads_in_blocks says so.
std::uint64_t count_pending_in_blocks(csv::Reader& again, DatasetAccumulator& accumulator,
                                      unsigned threads);

// The same from the blocks an earlier read of `reader`'s input cut it into (its `extents`,
// csv::read_blocks), each read again from the file by the worker that counts it
// (csv::read_blocks_again: csv::reads_blocks_again(reader, extents, threads) must hold).
std::uint64_t count_pending_in_blocks_again(const csv::Reader& reader,
                                            const std::vector<csv::BlockExtent>& extents,
                                            DatasetAccumulator& accumulator, unsigned threads);

// What the workers know of the read so far: the columns already text (so a block counts
// their values as text at once) and whether numbers must keep their text (an input that
// cannot be read again).
struct BlockPlan {
  BlockPlan(std::size_t columns, bool keep_text);
  std::unique_ptr<std::atomic<bool>[]> text;  // per column, set by join_block
  bool keep_text = false;
};

struct BlockPart {
  DatasetAccumulator columns;
  std::vector<std::string> joined;         // keep_text: per numeric column, its rows' text
  std::optional<csv::BlockSource> source;  // to read the block again for its numbers' text
};

// Reads `block`, a Reader read_blocks handed over, to its end: a block of plain records in
// one pass (csv/plain_block.hpp), any other by the Reader.
BlockPart read_block(csv::Reader& block, const BlockPlan& plan);

// Appends `part`, the block after those already in `into`, and marks in `plan` the columns
// that are text now.
void join_block(DatasetAccumulator& into, BlockPart&& part, BlockPlan& plan);

}  // namespace mlctl::stats
