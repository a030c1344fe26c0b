#pragma once
// The statistics a model stores about its training data (model/metadata.hpp), one entry per
// column of the table: what stats/reference_stats.hpp computes, in the model's terms.

#include "distributed/communicator.hpp"
#include "model/metadata.hpp"
#include "table/table.hpp"

namespace mlctl::training {

// Columns are measured in parallel on `threads` threads; the result does not depend on it.
//
// With `comm` (an MPI job, issue #15), a collective: every rank passes its own share of the rows
// (contiguous, rank 0 the first rows; each rank with its own category codes) and gets the
// statistics of the whole job's rows, the same on every rank and equal to what one process
// computes on all of them (stats/job_reference.hpp: means and spreads within rounding, the rest
// exactly). nullptr: this process's table alone.
model::TrainingStats training_stats(const table::Table& table, unsigned threads = 1,
                                    distributed::Communicator* comm = nullptr);

}  // namespace mlctl::training
