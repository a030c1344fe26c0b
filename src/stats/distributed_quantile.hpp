#pragma once
// Exact order statistics (the k-th smallest value, medians) of numbers spread over the ranks of
// a job (issue #15), without gathering the numbers: no sketch, no error bound to state, the
// same bits as sorting all the values in one process.
//
// Method: each rank sorts its own values as 64-bit keys that order like the doubles (negative
// numbers bit-flipped, positive ones with the sign bit set; -0.0 sorts before +0.0). The k-th
// smallest key over all ranks is found by bisection on the key's bits: at each step every rank
// counts its keys <= the middle of the interval left (a binary search), one allreduce sums the
// counts, and every rank halves the interval the same way. Every query of a call (all columns,
// both middle values of an even count) shares one allreduce per step.
//
// Cost: a sort of this rank's values per set; then 64 steps, each a binary search per query
// and one allreduce of one int64 per query. Memory: the keys, 8 bytes per value of this rank.

#include <cstdint>
#include <vector>

#include "distributed/communicator.hpp"

namespace mlctl::stats {

// One set of numbers spread over the ranks, and which of its order statistics are wanted.
struct OrderQuery {
  std::vector<double> values;            // this rank's part: no NaN, in any order
  std::vector<std::uint64_t> positions;  // 0-based places in the job-wide ascending order, each
                                         // below the job-wide count; the same on every rank
};

// Each query's values at its positions, in the order of the positions; the same on every rank.
// Every rank passes the same number of queries with the same positions. A zero is -0.0 when a
// -0.0 holds that place in the order above (a value equal to the one a sort by < finds there).
// null `comm`: this process alone. Throws Error(internal) on every rank for a position at or
// past the job-wide count.
std::vector<std::vector<double>> order_statistics(std::vector<OrderQuery> queries,
                                                  distributed::Communicator* comm);

// The median of an even count from its two middle values, with the rounding FeaturePipeline's
// median imputation has always had: lower + (upper - lower) / 2.
double median_midpoint(double lower, double upper);

// The exact median of each set of numbers (this rank's part of each: no NaN, any order): the
// middle value of an odd count, median_midpoint of the two middle ones of an even count. One
// allreduce for the counts, then order_statistics. Throws Error(internal) on every rank for a
// set with no value on any rank.
std::vector<double> medians(std::vector<std::vector<double>> parts,
                            distributed::Communicator* comm);

}  // namespace mlctl::stats
