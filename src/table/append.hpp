#pragma once
// Tables read from consecutive pieces of one input (mlctl-mpi's share of several files) joined
// into one, as if read in one go: numbers appended, category codes mapped onto the labels of
// the table appended to (new labels after the old, in order of first appearance).

#include "table/table.hpp"

namespace mlctl::table {

// Appends the rows of `more` to `into`. Both have the same columns with the same types (read
// with the same keep list and declared types, after types agreed): else Error(internal).
// `into` keeps its source, and the byte counts add up.
void append_rows(Table& into, const Table& more);

}  // namespace mlctl::table
