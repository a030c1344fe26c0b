#include "stats/histogram.hpp"

#include <cmath>

namespace mlctl::stats {

Histogram make_histogram(std::span<const double> sorted, std::size_t bins) {
  if (sorted.empty()) return {};
  return make_histogram(sorted, sorted.front(), sorted.back(), bins);
}

Histogram make_histogram(std::span<const double> values, double first, double last,
                         std::size_t bins) {
  HistogramBins histogram(first, last, bins);
  for (const double value : values) histogram.add(value);
  return std::move(histogram).take();
}

HistogramBins::HistogramBins(double first, double last, std::size_t bins) : bins_(bins) {
  if (bins == 0) return;
  if (first == last) {
    first -= 0.5;
    last += 0.5;
  }
  // Edges as numpy.linspace computes them: start + i * step, with the last one pinned. A range
  // wider than the largest double (-1e308 to 1e308) is measured in halves so nothing overflows
  // (numpy fails on such data); for every other range `unit` is 1 and changes no bit.
  const double unit = std::isfinite(last - first) ? 1.0 : 0.5;
  const double bin_count = static_cast<double>(bins);
  const double step = (last * unit - first * unit) / bin_count;
  histogram_.edges.resize(bins + 1);
  for (std::size_t i = 0; i < bins; ++i) {
    histogram_.edges[i] = (static_cast<double>(i) * step + first * unit) / unit;
  }
  histogram_.edges[bins] = last;
  histogram_.counts.assign(bins, 0);
  lanes_.assign(bins * kLanes, 0);
  first_unit_ = first * unit;
  unit_ = unit;
  bin_count_ = bin_count;
  scale_ = bin_count / (last * unit - first * unit);
}

Histogram HistogramBins::take() && {
  for (std::size_t b = 0; b < bins_; ++b) {
    for (std::size_t lane = 0; lane < kLanes; ++lane)
      histogram_.counts[b] += lanes_[b * kLanes + lane];
  }
  return std::move(histogram_);
}

}  // namespace mlctl::stats
