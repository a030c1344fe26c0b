#pragma once
// Rows of one table appended to another with the same columns, as if read on from one input:
// what a share of several files (table/share_table.hpp) is made of.

#include "table/table.hpp"

namespace mlctl::table {

// Appends the rows of `from` after those of `into`. The columns must be the same, in the same
// order and of the same types (Error(internal) if not). A categorical column's labels stay in
// order of first appearance: `from`'s new labels come after `into`'s, its codes renumbered.
// `into` records where `from`'s rows start and their file (Table::parts), and its input_hash
// becomes a hash of both inputs' sizes and hashes (of `from`'s alone when `into` read no bytes).
void append_rows(Table& into, Table&& from);

}  // namespace mlctl::table
