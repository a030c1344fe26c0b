#include "report/curves.hpp"

#include <algorithm>
#include <numeric>

namespace mlctl::report {

std::vector<Point> roc_curve(const std::vector<bool>& positive, std::span<const double> score) {
  const std::size_t n = std::min(positive.size(), score.size());
  const auto positives = static_cast<double>(
      std::count(positive.begin(), positive.begin() + static_cast<std::ptrdiff_t>(n), true));
  const double negatives = static_cast<double>(n) - positives;
  if (positives == 0.0 || negatives == 0.0) return {};
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  std::vector<Point> points = {{0.0, 0.0}};
  double tp = 0.0;
  double fp = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    (positive[order[i]] ? tp : fp) += 1.0;
    // Tied scores move together: one point after the last of them.
    if (i + 1 == n || score[order[i + 1]] != score[order[i]]) {
      points.push_back({fp / negatives, tp / positives});
    }
  }
  return points;
}

std::vector<Point> calibration_curve(const std::vector<bool>& positive,
                                     std::span<const double> probability, int bins) {
  const auto count = static_cast<std::size_t>(std::max(bins, 1));
  std::vector<double> sum(count, 0.0);
  std::vector<double> hits(count, 0.0);
  std::vector<double> total(count, 0.0);
  const std::size_t n = std::min(positive.size(), probability.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double p = std::clamp(probability[i], 0.0, 1.0);
    const auto bin = std::min(count - 1, static_cast<std::size_t>(p * static_cast<double>(count)));
    sum[bin] += p;
    hits[bin] += positive[i] ? 1.0 : 0.0;
    total[bin] += 1.0;
  }
  std::vector<Point> points;
  for (std::size_t b = 0; b < count; ++b) {
    if (total[b] > 0.0) points.push_back({sum[b] / total[b], hits[b] / total[b]});
  }
  return points;
}

Bins equal_width_bins(std::span<const double> values, int bins) {
  Bins out;
  if (values.empty()) return out;
  const auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
  const double lo = *lo_it;
  const double hi = *hi_it;
  const auto count = hi > lo ? static_cast<std::size_t>(std::max(bins, 1)) : std::size_t{1};
  const double width = hi > lo ? (hi - lo) / static_cast<double>(count) : 1.0;
  for (std::size_t b = 0; b <= count; ++b) out.edges.push_back(lo + width * static_cast<double>(b));
  out.counts.assign(count, 0.0);
  for (const double v : values) {
    const auto bin = std::min(count - 1, static_cast<std::size_t>((v - lo) / width));
    out.counts[bin] += 1.0;
  }
  return out;
}

}  // namespace mlctl::report
