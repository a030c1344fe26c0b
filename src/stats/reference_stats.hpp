#pragma once
// The statistics a model stores about each column of its training data, so that new data can
// be checked against what the model saw (lint-data's drift checks, retrain's report, describe
// MODEL). Computed from a column in memory: numbers with NaN for missing, or category codes.
//
// Numeric columns keep count, mean, spread and range, exact (moments.hpp), and order statistics
// (distinct count, quantiles, decile bin edges with the share of each bin: the reference
// distribution of the Population Stability Index) from a sorted copy: of every value up to
// kReferenceSample values, beyond that of a fixed stride sample of about kReferenceSample
// (deterministic, so files stay reproducible; decile edges of 65536 values are within a fraction
// of a percentile of the exact ones). Categorical columns keep category shares (the reference of
// the Jensen-Shannon distance), of the most frequent kMaxCategories values.
//
// describe's summary of a file (column_accumulator.hpp) is exact instead: every value kept and
// sorted, which a model file's bounded size and the training time do not allow. Both count and
// rank values with frequency.hpp, sort with sort_numbers.hpp and interpolate with quantile.hpp.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "stats/frequency.hpp"
#include "stats/moments.hpp"

namespace mlctl::stats {

inline constexpr std::size_t kReferenceSample = 65536;
inline constexpr int kDriftBins = 10;
inline constexpr std::size_t kMaxCategories = 200;
// The quantiles stored, in percent.
inline constexpr int kReferencePercents[] = {5, 25, 50, 75, 95};

struct Quantile {
  int percent = 0;
  double value = 0.0;
};

struct NumericReference {
  std::uint64_t count = 0;  // present values; the fields below are set only when it is not 0
  std::uint64_t missing = 0;
  std::uint64_t distinct = 0;  // of the sample when sampled (a lower bound)
  double mean = 0.0;
  double std = 0.0;  // ddof 1; 0 for a single value
  double min = 0.0;
  double max = 0.0;
  bool sampled = false;             // order statistics from a stride sample
  std::vector<Quantile> quantiles;  // kReferencePercents, in order
  std::vector<double> bin_edges;    // inner decile edges, ascending, ties merged
  // The share of the (sampled) values in each bin, one more than the edges: bin i holds values in
  // (edges[i-1], edges[i]], the first and last open-ended.
  std::vector<double> bin_shares;
};

// `values`: one per row, NaN for missing.
NumericReference numeric_reference(std::span<const double> values);

struct CategoryReference {
  std::uint64_t count = 0;  // present values
  std::uint64_t missing = 0;
  std::uint64_t distinct = 0;  // among present values
  // The share of each of the most frequent values, most frequent first (equal counts by label).
  std::vector<std::pair<std::string, double>> shares;
  double other_share = 0.0;  // the rest (0 with no value present)
};

// `codes`: one per row, an index into `labels` (distinct values), negative for missing.
CategoryReference category_reference(std::span<const std::int32_t> codes,
                                     std::span<const std::string> labels,
                                     std::size_t max_categories = kMaxCategories);

// The pieces of the two functions above, for callers that combine a column's parts (the ranks of
// an MPI job: shared_reference.hpp) into what one call on the whole column gives.
//
// The sample: the present values (counted in column order, missing ones skipped) whose index is
// a multiple of reference_stride(present), -0.0 read as 0.0.
std::size_t reference_stride(std::uint64_t present);
// Appends to `sample` the sampled values of `part`, a run of the column whose first present
// value has index `first_index` among the column's present values.
void add_stride_sample(std::span<const double> part, std::size_t stride, std::uint64_t first_index,
                       std::vector<double>& sample);
// The reference of a column with moments `m` (of every present value), `missing` values, and
// the sample above in any order (taken and sorted).
NumericReference numeric_reference_from(const Moments& m, std::uint64_t missing,
                                        std::vector<double> sample);
// The reference of a column from the counts of its present values (distinct labels, counts
// above 0, any order; reordered) and the count of missing ones.
CategoryReference category_reference_from(std::span<LabelCount> counts, std::uint64_t missing,
                                          std::size_t max_categories = kMaxCategories);

}  // namespace mlctl::stats
