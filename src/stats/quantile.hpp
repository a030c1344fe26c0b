#pragma once
// Quantiles of sorted values with linear interpolation between the two nearest ranks: the
// default of numpy.quantile and pandas.Series.quantile, reproduced to the last bit.

#include <cstddef>
#include <span>

namespace mlctl::stats {

// Where quantile q of `count` (> 0) sorted values lies: between the values at `lower` and
// `upper` (0-based), `fraction` of the way.
struct QuantilePlace {
  std::size_t lower = 0;
  std::size_t upper = 0;
  double fraction = 0.0;
};
QuantilePlace quantile_place(std::size_t count, double q);

// The quantile from the values at its place's lower and upper positions (quantile_sorted's
// interpolation, for values found elsewhere: stats/distributed_quantile.hpp).
double quantile_between(double a, double b, double fraction);

// `sorted` must be non-empty and ascending; `q` in [0, 1].
double quantile_sorted(std::span<const double> sorted, double q);

}  // namespace mlctl::stats
