#include "training/model_metrics.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.hpp"
#include "metrics/classification.hpp"
#include "metrics/regression.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "solvers/linear_model.hpp"

namespace mlctl::training {

model::Metrics regression_metrics_of(std::span<const double> truth,
                                     std::span<const double> predicted) {
  const auto m = metrics::regression_metrics(truth, predicted);
  model::Metrics out;
  out.n = m.n;
  out.values = {
      {model::Metric::r2, m.r2}, {model::Metric::rmse, m.rmse}, {model::Metric::mae, m.mae}};
  return out;
}

model::Metrics classification_metrics_of(std::span<const int> truth,
                                         const Eigen::Ref<const Eigen::MatrixXd>& proba,
                                         const std::vector<std::string>& classes,
                                         SpillArena* arena) {
  const auto m =
      metrics::classification_metrics(truth, proba, static_cast<int>(classes.size()), arena);
  model::Metrics out;
  out.n = m.n;
  out.values = {{model::Metric::accuracy, m.accuracy},
                {model::Metric::precision_macro, m.precision_macro},
                {model::Metric::recall_macro, m.recall_macro},
                {model::Metric::f1_macro, m.f1_macro},
                {model::Metric::log_loss, m.log_loss}};
  if (m.roc_auc) out.values.emplace_back(model::Metric::roc_auc, *m.roc_auc);
  out.classes = classes;
  for (const auto& row : m.confusion) {
    out.confusion_matrix.emplace_back(row.begin(), row.end());
  }
  return out;
}

model::Metrics evaluate_model(const model::Model& m, const table::Table& table,
                              std::span<const std::size_t> rows) {
  const table::Column& target = table.column(m.target);
  std::vector<std::size_t> scored;
  for (const auto r : rows) {
    if (!target.is_missing(r)) scored.push_back(r);
  }
  if (scored.empty()) {
    throw Error(ErrorKind::data,
                fmt::format("no rows with a value for the target \"{}\" to "
                            "measure the model on",
                            m.target),
                {table.source});
  }
  const pipeline::TableEncoder encoder(m.pipeline, table);
  Eigen::MatrixXd X;
  encoder.encode(scored, X);
  if (!m.is_classifier()) {
    if (target.type != table::ColumnType::numeric) {
      throw Error(ErrorKind::data,
                  fmt::format("the target \"{}\" holds text here, but the model predicts numbers",
                              m.target),
                  {table.source});
    }
    const Eigen::MatrixXd predicted = solvers::decision_function(m.linear, X);
    std::vector<double> truth;
    for (const auto r : scored) truth.push_back(target.numbers[r]);
    return regression_metrics_of(truth, std::span<const double>(predicted.data(), truth.size()));
  }
  const Eigen::MatrixXd proba = solvers::predict_proba(m.linear, X);
  std::vector<std::string> labels = m.classes;
  std::vector<int> truth;
  bool unknown = false;
  for (const auto r : scored) {
    const std::string label = target.text(r);
    const auto it = std::find(m.classes.begin(), m.classes.end(), label);
    if (it == m.classes.end()) unknown = true;
    truth.push_back(static_cast<int>(it - m.classes.begin()));  // == K for an unknown class
  }
  if (!unknown) return classification_metrics_of(truth, proba, labels);
  // A class the model never saw: an extra class it gives probability 0.
  labels.emplace_back("<unknown class>");
  Eigen::MatrixXd widened = Eigen::MatrixXd::Zero(proba.rows(), proba.cols() + 1);
  widened.leftCols(proba.cols()) = proba;
  return classification_metrics_of(truth, widened, labels);
}

}  // namespace mlctl::training
