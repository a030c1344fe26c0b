#pragma once
// lint-data's second read: the values of columns that turned to text after some were read as
// numbers (ColumnProfile::pending_end), counted again by their text.

#include <vector>

#include "checks/column_profile.hpp"
#include "csv/block_reader.hpp"
#include "csv/reader.hpp"

namespace mlctl::checks {

// Reads the input of `reader` again up to the last pending row, in blocks on up to `threads`
// threads (the values hashed on the workers, added to the profiles in input order): the
// blocks of the first read when given their `extents` (csv::read_blocks_again), each read
// from the file by its worker. Throws Error(io) when the input has fewer rows than before, or
// changed under the extents.
void count_pending(const csv::Reader& reader, std::vector<ColumnProfile>& profiles,
                   unsigned threads, const std::vector<csv::BlockExtent>& extents = {});

}  // namespace mlctl::checks
