#include "stats/histogram.hpp"

#include <cmath>

namespace mlctl::stats {

Histogram make_histogram(std::span<const double> sorted, std::size_t bins) {
  if (sorted.empty()) return {};
  return make_histogram(sorted, sorted.front(), sorted.back(), bins);
}

Histogram make_histogram(std::span<const double> values, double first, double last,
                         std::size_t bins) {
  Histogram histogram;
  if (bins == 0) return histogram;
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
  histogram.edges.resize(bins + 1);
  for (std::size_t i = 0; i < bins; ++i) {
    histogram.edges[i] = (static_cast<double>(i) * step + first * unit) / unit;
  }
  histogram.edges[bins] = last;
  histogram.counts.assign(bins, 0);

  // A first guess from the scaled offset, then corrected against the edges themselves so a
  // value on an edge lands where numpy puts it despite rounding in the scaling.
  const double scale = bin_count / (last * unit - first * unit);
  for (const double value : values) {
    const double position = std::floor((value * unit - first * unit) * scale);
    std::size_t bin = position >= bin_count ? bins - 1
                      : position > 0.0      ? static_cast<std::size_t>(position)
                                            : 0;
    if (value < histogram.edges[bin] && bin > 0) {
      --bin;
    } else if (bin + 1 < bins && value >= histogram.edges[bin + 1]) {
      ++bin;
    }
    ++histogram.counts[bin];
  }
  return histogram;
}

}  // namespace mlctl::stats
