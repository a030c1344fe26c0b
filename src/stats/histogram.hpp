#pragma once
// Equal-width histogram between the smallest and the largest value, binned exactly as
// numpy.histogram(values, bins=n) does (every bin half-open except the last, which is closed),
// so the counts can be checked against numpy and later compared across datasets (drift).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace mlctl::stats {

struct Histogram {
  std::vector<double> edges;          // bins + 1 ascending edges
  std::vector<std::uint64_t> counts;  // one per bin
};

// `sorted` must be ascending; empty input gives an empty histogram. When every value is the
// same, the range is widened to [value - 0.5, value + 0.5] as numpy does.
Histogram make_histogram(std::span<const double> sorted, std::size_t bins);

// The same from `values` in any order whose smallest is `first` and largest `last` (those of
// a whole job's column, for the part of it one rank holds: the counts of the parts add up).
Histogram make_histogram(std::span<const double> values, double first, double last,
                         std::size_t bins);

}  // namespace mlctl::stats
