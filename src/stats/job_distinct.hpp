#pragma once
// The exact number of distinct values of numeric columns whose values are spread over the ranks
// of a job (issue #15), in bounded memory: describe's "distinct" over all ranks, as one process
// counts it on all the values (-0.0 and 0.0 one value).
//
// Method: each rank lists its own distinct values, ascending. Then, in rounds, the ranks agree
// on an upper bound (one allreduce of the minimum, per column, of each rank's value
// `chunk` places past what it has sent so far, or +infinity when fewer remain) and allgather
// their values up to it; every rank merges the gathered values of the round and counts the
// distinct ones among them. A bound is a value, so a value the ranks share is sent in one round
// by all of them: no value is counted twice. Each rank sends at most `chunk` values per column
// per round, and the rank whose own bound was the lowest sends exactly `chunk`: the rounds end.
//
// Cost: a round is one allreduce and one allgather for all columns together; memory per round
// at most columns x ranks x chunk values. One round when every rank holds at most `chunk`
// distinct values of each column.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "distributed/communicator.hpp"

namespace mlctl::stats {

// The values a round gathers, all ranks and columns together, when the caller does not say.
inline constexpr std::size_t kDistinctValuesPerRound = std::size_t{1} << 21;  // 16 MB

// Collective: `sorted[c]` is this rank's values of column c, ascending, no NaN; every rank
// passes the same number of columns. Returns each column's count over all ranks, the same on
// every rank. The values sent per rank and column and round: values_per_round / (columns x
// ranks), at least 1; it changes the number of rounds, never the result.
std::vector<std::uint64_t> job_distinct_counts(
    std::span<const std::span<const double>> sorted, distributed::Communicator& comm,
    std::size_t values_per_round = kDistinctValuesPerRound);

}  // namespace mlctl::stats
