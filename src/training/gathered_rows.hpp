#pragma once
// A few rows of every process's share gathered into one small table on every process, in rank
// order (mlctl-mpi): what permutation importance measures, at most a few thousand held-out rows,
// needs the rows themselves, where every other measure needs only sums or predictions.

#include <span>

#include "distributed/communicator.hpp"
#include "table/table.hpp"

namespace mlctl::training {

// The rows `rows` of `table` (this process's), then those of the next rank, and so on: a table
// with the same columns, numbers as they are and categories by label (codes in order of first
// appearance), and each row's line. Collective (one allgather of the rows' values). Alone: the
// same rows of `table`, copied.
table::Table gather_rows(const table::Table& table, std::span<const std::size_t> rows,
                         distributed::Communicator* processes);

}  // namespace mlctl::training
