#pragma once
// lint-data's second read: the values of columns that turned to text after some were read as
// numbers (ColumnProfile::pending_end), counted again by their text.

#include <vector>

#include "checks/column_profile.hpp"
#include "csv/reader.hpp"

namespace mlctl::checks {

// Reads the input of `reader` again up to the last pending row, in blocks on up to `threads`
// threads (the values hashed on the workers, added to the profiles in input order). Throws
// Error(io) when the input has fewer rows than before.
void count_pending(const csv::Reader& reader, std::vector<ColumnProfile>& profiles,
                   unsigned threads);

}  // namespace mlctl::checks
