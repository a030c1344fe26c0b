#pragma once
// What every process of a job must agree on about the data before it fits (issue #15): counts
// and sets over all the ranks' shares of the rows. With no communicator (plain mlctl) each is
// the local value itself, so the trainer has one code path. Every function is collective when
// given a communicator: every rank calls it, in the same order.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "distributed/communicator.hpp"
#include "model/model.hpp"
#include "table/table.hpp"

namespace mlctl::training {

// The sum of `local` over the processes.
std::uint64_t job_sum(distributed::Communicator* processes, std::uint64_t local);
// The sum of `local` over the processes below this one (0 alone): the job-wide number of this
// process's first row, when `local` is its row count.
std::uint64_t rows_before(distributed::Communicator* processes, std::uint64_t local);
// Whether `local` holds on every process.
bool job_all(distributed::Communicator* processes, bool local);

// Every process's `local` rows stacked in rank order (all with local.cols() columns; alone,
// `local` itself). Sized for held-out predictions, not for the training rows.
Eigen::MatrixXd job_rows(distributed::Communicator* processes, const Eigen::MatrixXd& local);
// The same, split by split: `split_ends` says where each split's rows end in `local` (the last
// is local.rows()); the job's rows of the first split come first, over the processes in rank
// order, then the second's: the order of one process holding every row (the held-out rows of
// the k folds). One allgather per split; alone, `local` itself.
Eigen::MatrixXd job_rows_by_split(distributed::Communicator* processes,
                                  const Eigen::MatrixXd& local,
                                  std::span<const std::size_t> split_ends);

// The data's fingerprint (model::fingerprint_of) over every process's share: rows summed and
// listed by rank, bytes summed, the shares' hashes hashed (model.hpp), `source` as given.
// Alone: fingerprint_of(table) with `source`.
model::DataFingerprint job_fingerprint(const table::Table& table, std::string source,
                                       distributed::Communicator* processes);

// The union of every process's sorted, duplicate-free values, sorted (std::sort order: bytes
// for strings; numbers ascending, with no NaN and no -0).
std::vector<std::string> job_union(distributed::Communicator* processes,
                                   std::vector<std::string> local);
std::vector<double> job_union(distributed::Communicator* processes, std::vector<double> local);

}  // namespace mlctl::training
