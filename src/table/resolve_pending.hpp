#pragma once
// The second read of read_table: the text of values a column read as numbers before it turned
// categorical (column_builder.hpp, kPending). Internal to src/table/.

#include <cstddef>
#include <vector>

#include "csv/block_reader.hpp"
#include "csv/reader.hpp"
#include "table/column_builder.hpp"
#include "table/table.hpp"

namespace mlctl::table::detail {

// The values of `builders` (kept from the fields at `positions`) still kPending, read again
// from `input` (whose rows are on `lines`): in blocks on up to `threads` threads when the input
// reads so (each block's fields of those columns taken on a worker, given to the builders in
// input order), else row by row. Throws Error(io) when the input is not what was read before.
void resolve_pending(csv::Reader& input, const std::vector<std::size_t>& positions,
                     std::vector<ColumnBuilder>& builders, const Lines& lines, unsigned threads);

// The same from the blocks read_table's read cut `reader`'s input into (its `extents`), each
// read again from the file by the worker that takes its fields (csv::read_blocks_again). False,
// having done nothing, when that cannot be (one thread, no extents, an input that cannot be
// read at offsets, a column kept twice): the caller then reads the input again itself.
bool resolve_pending_again(const csv::Reader& reader, const std::vector<csv::BlockExtent>& extents,
                           const std::vector<std::size_t>& positions,
                           std::vector<ColumnBuilder>& builders, const Lines& lines,
                           unsigned threads);

}  // namespace mlctl::table::detail
