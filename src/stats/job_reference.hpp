#pragma once
// The statistics of reference_stats.hpp for columns whose rows are spread over the ranks of a
// job (issue #15): each rank holds a contiguous share of every column, rank 0 the first rows.
// The result is the same on every rank and equals what numeric_reference and category_reference
// give on the whole columns in one process: counts, minima, maxima, the stride sample and so the
// distinct counts, quantiles and drift bins, and the category shares exactly; means and spreads
// within rounding (each rank's moments, merged in rank order by Chan, Golub and LeVeque's
// pairwise update: within 1e-12 relative, and bit-identical on one rank).
//
// How, in 1 + a few collectives whatever the row count:
// - one allgather of each rank's row count and per-column moments: from it every rank knows each
//   column's job-wide count of present values, so the one-process sampling stride, and the index
//   of its own first present value (the present values of the ranks before it);
// - each rank takes the values of the one-process sample that it holds, and allgathers them, a
//   batch of columns at a time (a column's sample is at most about kReferenceSample values);
// - each rank counts its categories by label (codes are per rank) and allgathers the counts, a
//   batch of columns at a time; counts are summed by label, then ranked as in one process.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "distributed/communicator.hpp"
#include "stats/reference_stats.hpp"

namespace mlctl::stats {

// This rank's share of a categorical column: codes index its own labels, negative for missing.
struct CategoryPart {
  std::span<const std::int32_t> codes;
  std::span<const std::string> labels;
};

struct JobReferences {
  std::uint64_t rows = 0;  // of the whole job
  std::vector<NumericReference> numeric;
  std::vector<CategoryReference> categorical;
};

// A batch of columns gathered at once holds at most about this many bytes, every rank's part
// together (or one column), so that a job of many columns never holds every sample or label
// count at once.
inline constexpr std::size_t kJobBatchBytes = std::size_t{16} << 20;

// Collective: every rank calls it, with its `rows` rows of each column (numeric values with NaN
// for missing). Ranks that disagree on the numbers of columns all throw ErrorKind::internal.
// Local work runs on up to `threads` threads; neither it nor `batch_bytes` changes the result.
JobReferences job_references(std::uint64_t rows, std::span<const std::span<const double>> numeric,
                             std::span<const CategoryPart> categorical,
                             distributed::Communicator& comm, unsigned threads = 1,
                             std::size_t batch_bytes = kJobBatchBytes);

}  // namespace mlctl::stats
