#include "stats/quantile.hpp"

#include <cmath>
#include <cstddef>

namespace mlctl::stats {

QuantilePlace quantile_place(std::size_t count, double q) {
  const double position = q * static_cast<double>(count - 1);
  const double below = std::floor(position);
  QuantilePlace place;
  place.lower = static_cast<std::size_t>(below);
  place.upper = place.lower + 1 < count ? place.lower + 1 : place.lower;
  place.fraction = position - below;
  return place;
}

double quantile_sorted(std::span<const double> sorted, double q) {
  const QuantilePlace place = quantile_place(sorted.size(), q);
  return quantile_between(sorted[place.lower], sorted[place.upper], place.fraction);
}

double quantile_between(double a, double b, double fraction) {
  // numpy interpolates from the nearer end, which keeps the result monotone in q and exact
  // at the ends; doing the same gives bit-identical answers.
  const double difference = b - a;
  return fraction >= 0.5 ? b - difference * (1.0 - fraction) : a + difference * fraction;
}

}  // namespace mlctl::stats
