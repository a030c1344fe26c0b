#pragma once
// The charts of the HTML model card (report/card_html.hpp), each an HTML card holding one SVG
// chart (report/svg.hpp) and a short note: the training columns' distributions, the evaluation
// on the stored held-out sample, the coefficients and the permutation importance.

#include <cstddef>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "report/evaluation.hpp"

namespace mlctl::report {

inline constexpr std::size_t kMaxBars = 20;   // coefficient and importance charts: the largest
inline constexpr std::size_t kMaxCurves = 5;  // one-vs-rest curves drawn for a multi-class model

// The held-out rows stored in the model (model::Model::evaluation_sample), row by row.
struct HeldOutSample {
  std::vector<double> truth;                     // value, or class index
  std::vector<std::vector<double>> predictions;  // per row: value, or K probabilities
};
HeldOutSample held_out_sample(const model::Model& model);

// A training column as a small chart (no card): numeric decile bins drawn as densities, or the
// most frequent categories' shares. "" when there is nothing worth drawing.
std::string training_column_chart(const model::ColumnStats& column);

// The evaluation's charts: for a classifier the confusion matrix (from `rows`) and, when the
// model holds a sample, ROC and calibration curves; for ridge predicted against actual and the
// residuals. Cards, "" for none.
std::string evaluation_charts(const model::Model& model, const EvaluationRows& rows);

// One card per output: the coefficients on the standardised scale (per standard deviation of
// each numeric input), the largest kMaxBars.
std::string coefficient_cards(const model::Model& model);

// The permutation importance's card, "" when the model has none.
std::string importance_card(const model::Model& model);

}  // namespace mlctl::report
