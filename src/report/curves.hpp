#pragma once
// The numbers behind the report's evaluation charts, from held-out truth and predictions.

#include <span>
#include <vector>

#include "report/svg.hpp"

namespace mlctl::report {

// ROC curve of scores for the positive class: (false positive rate, true positive rate) from
// (0,0) to (1,1), one point per distinct score. Empty when a class is absent.
std::vector<Point> roc_curve(const std::vector<bool>& positive, std::span<const double> score);

// Calibration: for `bins` equal-width probability bins that hold predictions, (mean predicted
// probability, observed fraction of positives).
std::vector<Point> calibration_curve(const std::vector<bool>& positive,
                                     std::span<const double> probability, int bins);

struct Bins {
  std::vector<double> edges;   // bins + 1 edges
  std::vector<double> counts;  // bins
};

// `bins` equal-width bins from the smallest to the largest value (one bin when all are equal).
Bins equal_width_bins(std::span<const double> values, int bins);

}  // namespace mlctl::report
