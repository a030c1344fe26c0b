#include "solvers/linear_model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/error.hpp"
#include "solvers/logistic_math.hpp"

namespace mlctl::solvers {

namespace {

void check_width(const LinearModel& m, Eigen::Index features) {
  if (features != m.coef.cols() || m.intercept.size() != m.coef.rows()) {
    throw Error(
        ErrorKind::internal,
        fmt::format("linear model: {} features given, the model has {}", features, m.coef.cols()));
  }
}

}  // namespace

int num_classes(const LinearModel& m) {
  return m.coef.rows() == 1 ? 2 : static_cast<int>(m.coef.rows());
}

Eigen::MatrixXd decision_function(const LinearModel& m, const Eigen::MatrixXd& X) {
  check_width(m, X.cols());
  Eigen::MatrixXd scores = X * m.coef.transpose();
  scores.rowwise() += m.intercept.transpose();
  return scores;
}

Eigen::MatrixXd predict_proba(const LinearModel& m, const Eigen::MatrixXd& X) {
  return proba_from_scores(m, decision_function(m, X));
}

Eigen::MatrixXd proba_from_scores(const LinearModel& m, const Eigen::MatrixXd& scores) {
  if (scores.cols() != m.coef.rows()) {
    throw Error(ErrorKind::internal, "proba_from_scores: scores have the wrong width");
  }
  if (m.coef.rows() == 1) {
    Eigen::MatrixXd proba(scores.rows(), 2);
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      proba(i, 1) = sigmoid(scores(i, 0));
      proba(i, 0) = sigmoid(-scores(i, 0));
    }
    return proba;
  }
  Eigen::MatrixXd proba(scores.rows(), scores.cols());
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    const double top = scores.row(i).maxCoeff();
    proba.row(i) = (scores.row(i).array() - top).exp();
    proba.row(i) /= proba.row(i).sum();
  }
  return proba;
}

void decision_row(const LinearModel& m, std::span<const double> row, std::span<double> out) {
  check_width(m, static_cast<Eigen::Index>(row.size()));
  if (static_cast<Eigen::Index>(out.size()) != m.coef.rows()) {
    throw Error(ErrorKind::internal, "decision_row: output span has the wrong size");
  }
  const Eigen::Map<const Eigen::VectorXd> x(row.data(), static_cast<Eigen::Index>(row.size()));
  for (Eigen::Index k = 0; k < m.coef.rows(); ++k) {
    out[static_cast<std::size_t>(k)] = m.coef.row(k).dot(x) + m.intercept(k);
  }
}

void proba_row(const LinearModel& m, std::span<const double> row, std::span<double> out) {
  if (static_cast<int>(out.size()) != num_classes(m)) {
    throw Error(ErrorKind::internal, "proba_row: output span has the wrong size");
  }
  if (m.coef.rows() == 1) {
    decision_row(m, row, out.first(1));
    const double score = out[0];
    out[0] = sigmoid(-score);
    out[1] = sigmoid(score);
    return;
  }
  decision_row(m, row, out);
  const double top = *std::max_element(out.begin(), out.end());
  double total = 0;
  for (double& v : out) {
    v = std::exp(v - top);
    total += v;
  }
  for (double& v : out) v /= total;
}

Eigen::VectorXd balanced_class_weights(const Eigen::VectorXd& y, int num_classes) {
  if (num_classes < 2) {
    throw Error(ErrorKind::internal, "balanced_class_weights: fewer than 2 classes");
  }
  Eigen::VectorXd counts = Eigen::VectorXd::Zero(num_classes);
  for (const double value : y) counts(class_index(value, num_classes)) += 1;
  Eigen::VectorXd weights(num_classes);
  for (int k = 0; k < num_classes; ++k) {
    weights(k) = counts(k) > 0 ? static_cast<double>(y.size()) / (num_classes * counts(k)) : 0.0;
  }
  return weights;
}

}  // namespace mlctl::solvers
