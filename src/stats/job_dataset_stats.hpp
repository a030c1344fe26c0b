#pragma once
// describe's statistics (column_stats.hpp) of a dataset whose rows are spread over the ranks of
// a job (issue #15): each rank accumulates its own contiguous share of the rows (rank 0 the
// first) with a DatasetAccumulator, then these collectives turn the ranks' accumulators into
// the job's DatasetStats, the same on every rank and equal to what one process's
// DatasetAccumulator gives on all the rows: counts, missing counts, types, the first
// non-number, minima, maxima, quantiles (exact order statistics: distributed_quantile.hpp),
// histogram counts, distinct counts (job_distinct.hpp) and top values bit for bit; means and
// standard deviations within rounding (each rank's compensated sums, added in rank order with
// a compensated sum: bit-identical on one rank).
//
// Two steps, as one process takes them: agree_column_types, after every rank read its rows;
// then, once the values of pending_end() are given again as text (the caller reads its rows
// again), job_dataset_stats.

#include <cstddef>
#include <string>

#include "distributed/communicator.hpp"
#include "stats/column_stats.hpp"
#include "stats/dataset_accumulator.hpp"
#include "stats/job_reference.hpp"

namespace mlctl::stats {

// Collective (one allgather): a column that is text on any rank is text for the job, its first
// non-number that of the lowest rank that has one. On every rank each such column turns
// categorical (ColumnAccumulator::turn_categorical), so a rank that read its values as numbers
// must give them again as written (pending_end, add_pending) before job_dataset_stats. Ranks
// that disagree on the columns all throw Error(internal).
void agree_column_types(DatasetAccumulator& mine, distributed::Communicator& comm);

// Collective, after agree_column_types: the statistics of the job's rows. `source` names the
// input. The categories' counts go a batch of columns (of about `batch_bytes`, every rank's
// together) at a time. Not const: sorts each rank's numbers in place.
DatasetStats job_dataset_stats(DatasetAccumulator& mine, std::string source,
                               distributed::Communicator& comm, const SummaryOptions& options = {},
                               std::size_t batch_bytes = kJobBatchBytes);

}  // namespace mlctl::stats
