#include "stats/quantile.hpp"

#include <cmath>
#include <cstddef>

namespace mlctl::stats {

double quantile_sorted(std::span<const double> sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const double below = std::floor(position);
  const auto lower = static_cast<std::size_t>(below);
  const std::size_t upper = lower + 1 < sorted.size() ? lower + 1 : lower;
  const double fraction = position - below;
  const double a = sorted[lower];
  const double b = sorted[upper];
  // numpy interpolates from the nearer end, which keeps the result monotone in q and exact
  // at the ends; doing the same gives bit-identical answers.
  const double difference = b - a;
  return fraction >= 0.5 ? b - difference * (1.0 - fraction) : a + difference * fraction;
}

}  // namespace mlctl::stats
