#pragma once
// Regression scores with scikit-learn 1.2's semantics (r2_score, mean_squared_error,
// mean_absolute_error; unweighted).

#include <cstddef>
#include <span>

namespace mlctl::metrics {

struct RegressionMetrics {
  std::size_t n;
  double r2;    // 1 - SS_res / SS_tot. Constant y_true: 1.0 if the predictions are perfect,
                // else 0.0 (force_finite). Fewer than 2 rows: NaN (undefined, as in sklearn).
  double rmse;  // sqrt(mean squared error)
  double mae;   // mean absolute error
};

// Throws Error(internal) if the spans differ in length, Error(data) if they are empty.
RegressionMetrics regression_metrics(std::span<const double> y_true,
                                     std::span<const double> y_pred);

}  // namespace mlctl::metrics
