#pragma once
// Equal-width histogram between the smallest and the largest value, binned exactly as
// numpy.histogram(values, bins=n) does (every bin half-open except the last, which is closed),
// so the counts can be checked against numpy and later compared across datasets (drift).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
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

// The same one value at a time, for a caller that bins in a pass doing more (stats/
// column_accumulator.cpp): add() every value, then take().
class HistogramBins {
 public:
  HistogramBins(double first, double last, std::size_t bins);
  void add(double value) {
    if (bins_ == 0) return;
    // A first guess from the scaled offset, then corrected against the edges themselves so a
    // value on an edge lands where numpy puts it despite rounding in the scaling. The guess
    // is floor(offset) clamped to the bins: truncating a positive offset is the same.
    const double offset = (value * unit_ - first_unit_) * scale_;
    std::size_t bin = offset >= bin_count_ ? bins_ - 1
                      : offset > 0.0       ? static_cast<std::size_t>(offset)
                                           : 0;
    if (value < histogram_.edges[bin] && bin > 0) {
      --bin;
    } else if (bin + 1 < bins_ && value >= histogram_.edges[bin + 1]) {
      ++bin;
    }
    // Counted in turn in one of kLanes counters per bin: a run of values in one bin does not
    // wait on its own increments.
    ++lanes_[bin * kLanes + lane_];
    lane_ = (lane_ + 1) % kLanes;
  }
  Histogram take() &&;

 private:
  static constexpr std::size_t kLanes = 4;
  Histogram histogram_;
  std::vector<std::uint64_t> lanes_;  // bins x kLanes
  std::size_t lane_ = 0;
  std::size_t bins_;
  double first_unit_ = 0.0, unit_ = 1.0, scale_ = 0.0, bin_count_ = 0.0;
};
}  // namespace mlctl::stats
