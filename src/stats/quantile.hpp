#pragma once
// Quantiles of sorted values with linear interpolation between the two nearest ranks: the
// default of numpy.quantile and pandas.Series.quantile, reproduced to the last bit.

#include <span>

namespace mlctl::stats {

// `sorted` must be non-empty and ascending; `q` in [0, 1].
double quantile_sorted(std::span<const double> sorted, double q);

}  // namespace mlctl::stats
