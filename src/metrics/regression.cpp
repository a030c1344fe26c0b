#include "metrics/regression.hpp"

#include <cmath>
#include <limits>

#include "common/error.hpp"

namespace mlctl::metrics {

RegressionMetrics regression_metrics(std::span<const double> y_true,
                                     std::span<const double> y_pred) {
  if (y_true.size() != y_pred.size()) {
    throw Error(ErrorKind::internal, "regression_metrics: y_true and y_pred differ in length");
  }
  if (y_true.empty()) throw Error(ErrorKind::data, "no rows to score");
  const std::size_t n = y_true.size();
  const auto count = static_cast<double>(n);

  double sum_true = 0, squared = 0, absolute = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double error = y_true[i] - y_pred[i];
    sum_true += y_true[i];
    squared += error * error;
    absolute += std::abs(error);
  }
  const double mean_true = sum_true / count;
  double total = 0;
  for (const double y : y_true) total += (y - mean_true) * (y - mean_true);

  double r2 = std::numeric_limits<double>::quiet_NaN();
  if (n >= 2) {
    if (squared == 0) {
      r2 = 1.0;
    } else if (total == 0) {
      r2 = 0.0;
    } else {
      r2 = 1.0 - squared / total;
    }
  }
  return {n, r2, std::sqrt(squared / count), absolute / count};
}

}  // namespace mlctl::metrics
