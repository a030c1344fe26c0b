#pragma once
// Classification scores with scikit-learn 1.2's semantics, from class probabilities.
//
// - predicted class: argmax of the row of proba, the first on ties (numpy's argmax);
// - precision/recall/F1 macro: averaged over the classes present in y_true or in the
//   predictions (sklearn's default `labels`); 0/0 counts as 0 (zero_division="warn");
//   F1 of a class is 0 when precision + recall = 0;
// - log_loss: sklearn's log_loss(y_true, proba, labels=0..K-1): probabilities clipped to
//   [eps, 1 - eps] (eps = DBL_EPSILON), rows renormalised, mean of -log p(true class);
// - roc_auc: binary only, on P(class 1); trapezoids over the distinct scores (ties count
//   half); nullopt when y_true holds a single class (undefined).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "common/spill_arena.hpp"

namespace mlctl::metrics {

struct ClassificationMetrics {
  std::size_t n;
  int num_classes;
  double accuracy, precision_macro, recall_macro, f1_macro, log_loss;
  std::optional<double> roc_auc;                      // binary only
  std::vector<std::vector<std::uint64_t>> confusion;  // [true][predicted]
};

// y_true: class indices 0..K-1; proba: n x K. The ROC AUC sorts the rows in `arena`'s memory
// (8 bytes per row; the heap without one). Throws Error(internal) on inconsistent sizes or
// an out-of-range class index, Error(data) when there are no rows.
ClassificationMetrics classification_metrics(std::span<const int> y_true,
                                             const Eigen::Ref<const Eigen::MatrixXd>& proba,
                                             int num_classes, SpillArena* arena = nullptr);

// The binary ROC AUC of scores for the positive class (y_true = 1); nullopt when y_true
// holds only one class. Its sort takes 8 bytes per row, from `arena` when given.
std::optional<double> roc_auc(std::span<const int> y_true, std::span<const double> scores,
                              SpillArena* arena = nullptr);

}  // namespace mlctl::metrics
