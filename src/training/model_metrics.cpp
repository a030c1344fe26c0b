#include "training/model_metrics.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.hpp"
#include "metrics/classification.hpp"
#include "metrics/regression.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "solvers/linear_model.hpp"
#include "training/job_facts.hpp"

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

namespace {

// The rows of `rows` with a target, and where each split ends among them.
std::vector<std::size_t> rows_with_target(const table::Column& target,
                                          std::span<const std::size_t> rows,
                                          std::span<const std::size_t> split_ends,
                                          std::vector<std::size_t>& ends) {
  const std::size_t whole[] = {rows.size()};
  std::vector<std::size_t> scored;
  std::size_t begin = 0;
  for (const auto end : split_ends.empty() ? std::span<const std::size_t>(whole) : split_ends) {
    for (std::size_t i = begin; i < end; ++i) {
      if (!target.is_missing(rows[i])) scored.push_back(rows[i]);
    }
    ends.push_back(scored.size());
    begin = end;
  }
  return scored;
}

std::vector<double> column_of(const Eigen::MatrixXd& m, Eigen::Index c) {
  std::vector<double> out(static_cast<std::size_t>(m.rows()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) out[static_cast<std::size_t>(i)] = m(i, c);
  return out;
}

}  // namespace

model::Metrics evaluate_model(const model::Model& m, const table::Table& table,
                              std::span<const std::size_t> rows) {
  return evaluate_model(m, table, rows, nullptr);
}

model::Metrics evaluate_model(const model::Model& m, const table::Table& table,
                              std::span<const std::size_t> rows,
                              distributed::Communicator* processes,
                              std::span<const std::size_t> split_ends) {
  const table::Column& target = table.column(m.target);
  std::vector<std::size_t> ends;
  const std::vector<std::size_t> scored = rows_with_target(target, rows, split_ends, ends);
  if (job_sum(processes, scored.size()) == 0) {
    throw Error(ErrorKind::data,
                fmt::format("no rows with a value for the target \"{}\" to "
                            "measure the model on",
                            m.target),
                {table.source});
  }
  // A column's type is the whole job's (table/share_table.hpp): every process throws alike.
  const pipeline::TableEncoder encoder(m.pipeline, table);
  Eigen::MatrixXd X;
  encoder.encode(scored, X);
  if (!m.is_classifier() && target.type != table::ColumnType::numeric) {
    throw Error(
        ErrorKind::data,
        fmt::format("the target \"{}\" holds text here, but the model predicts numbers", m.target),
        {table.source});
  }
  // Each row: its truth (a value, or a class index: K for a class the model does not know),
  // then the prediction(s); pooled over the processes in one pass.
  const Eigen::MatrixXd predicted = m.is_classifier() ? solvers::predict_proba(m.linear, X)
                                                      : solvers::decision_function(m.linear, X);
  Eigen::MatrixXd local(predicted.rows(), 1 + predicted.cols());
  local.rightCols(predicted.cols()) = predicted;
  for (std::size_t i = 0; i < scored.size(); ++i) {
    const auto at = static_cast<Eigen::Index>(i);
    if (!m.is_classifier()) {
      local(at, 0) = target.numbers[scored[i]];
      continue;
    }
    const std::string label = target.text(scored[i]);
    local(at, 0) = static_cast<double>(std::find(m.classes.begin(), m.classes.end(), label) -
                                       m.classes.begin());
  }
  const Eigen::MatrixXd pooled = job_rows_by_split(processes, local, ends);
  if (!m.is_classifier()) {
    const std::vector<double> truth = column_of(pooled, 0);
    const std::vector<double> values = column_of(pooled, 1);
    return regression_metrics_of(truth, values);
  }
  const Eigen::MatrixXd proba = pooled.rightCols(predicted.cols());
  std::vector<std::string> labels = m.classes;
  std::vector<int> truth;
  bool unknown = false;
  for (Eigen::Index i = 0; i < pooled.rows(); ++i) {
    truth.push_back(static_cast<int>(pooled(i, 0)));
    if (truth.back() == static_cast<int>(m.classes.size())) unknown = true;
  }
  if (!unknown) return classification_metrics_of(truth, proba, labels);
  // A class the model never saw: an extra class it gives probability 0.
  labels.emplace_back("<unknown class>");
  Eigen::MatrixXd widened = Eigen::MatrixXd::Zero(proba.rows(), proba.cols() + 1);
  widened.leftCols(proba.cols()) = proba;
  return classification_metrics_of(truth, widened, labels);
}

}  // namespace mlctl::training
