#include "solvers/linear_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "distributed/communicator.hpp"
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

namespace {

// Scores (decision_row's) to probabilities, in place: the sigmoid of the one score for a binary
// model (out has 2 entries, the score in out[0]), the softmax for a multinomial one.
void scores_to_proba(const LinearModel& m, std::span<double> out) {
  if (m.coef.rows() == 1) {
    const double score = out[0];
    out[0] = sigmoid(-score);
    out[1] = sigmoid(score);
    return;
  }
  const double top = *std::max_element(out.begin(), out.end());
  double total = 0;
  for (double& v : out) {
    v = std::exp(v - top);
    total += v;
  }
  for (double& v : out) v /= total;
}

void check_proba_size(const LinearModel& m, std::span<double> out) {
  if (static_cast<int>(out.size()) != num_classes(m)) {
    throw Error(ErrorKind::internal, "proba_row: output span has the wrong size");
  }
}

// decision_row's sum with every encoded column written out, zeros included: the exact dense
// order, for the one case where a sparse sum can differ from it (see decision_sparse).
double dense_order_dot(const LinearModel& m, const SparseRow& row, Eigen::Index k) {
  double sum = 0.0;
  std::size_t next = 0;
  for (Eigen::Index j = 0; j < m.coef.cols(); ++j) {
    double x = 0.0;
    if (next < row.size() && row.columns()[next] == static_cast<std::size_t>(j)) {
      x = row.values()[next++];
    }
    const double term = m.coef(k, j) * x;
    sum = j == 0 ? term : sum + term;
  }
  return sum;
}

}  // namespace

void proba_row(const LinearModel& m, std::span<const double> row, std::span<double> out) {
  check_proba_size(m, out);
  decision_row(m, row, out.first(static_cast<std::size_t>(m.coef.rows())));
  scores_to_proba(m, out);
}

// Why this equals decision_row bit for bit. decision_row sums coef(k, j) * x_j over j in column
// order, left to right (Eigen does not vectorise a row of a column-major matrix: its stride is
// not known at compile time), then adds the intercept; there is no FMA contraction at the
// project's -O2 baseline. Here the unlisted columns' terms are left out. Each is coef * 0.0, a
// zero (coefficients are finite: the model file refuses others), and adding a zero to a
// non-zero sum leaves it unchanged. So after every column the dense and the sparse partial sums
// are equal bit for bit, or both are zeros that may differ in sign. Adding the intercept b then
// gives equal results, except when both sums are zeros and b is -0.0 ((+0) + (-0) = +0, (-0) +
// (-0) = -0): then the score is recomputed in the dense order, O(width), which no fitted model
// with a non-zero intercept ever reaches.
void decision_sparse(const LinearModel& m, const SparseRow& row, std::span<double> out) {
  if (static_cast<Eigen::Index>(out.size()) != m.coef.rows()) {
    throw Error(ErrorKind::internal, "decision_sparse: output span has the wrong size");
  }
  if (!(row.size() == 0) && row.columns().back() >= static_cast<std::size_t>(m.coef.cols())) {
    throw Error(ErrorKind::internal, "decision_sparse: a column beyond the model's features");
  }
  const Eigen::Index outputs = m.coef.rows();
  const std::size_t listed = row.size();
  for (Eigen::Index k = 0; k < outputs; ++k) {
    double sum = 0.0;
    for (std::size_t i = 0; i < listed; ++i) {
      const double term = m.coef(k, static_cast<Eigen::Index>(row.columns()[i])) * row.values()[i];
      sum = i == 0 ? term : sum + term;
    }
    const double b = m.intercept(k);
    if (sum == 0.0 && b == 0.0 && std::signbit(b)) sum = dense_order_dot(m, row, k);
    out[static_cast<std::size_t>(k)] = sum + b;
  }
}

void proba_sparse(const LinearModel& m, const SparseRow& row, std::span<double> out) {
  check_proba_size(m, out);
  decision_sparse(m, row, out.first(static_cast<std::size_t>(m.coef.rows())));
  scores_to_proba(m, out);
}

Eigen::VectorXd balanced_class_weights(const Eigen::VectorXd& y, int num_classes,
                                       distributed::Communicator* communicator) {
  if (num_classes < 2) {
    throw Error(ErrorKind::internal, "balanced_class_weights: fewer than 2 classes");
  }
  // [rows, count of class 0, ..., count of class K-1]: exact integers, summed over the ranks.
  std::vector<std::int64_t> counts(static_cast<std::size_t>(num_classes) + 1, 0);
  counts[0] = static_cast<std::int64_t>(y.size());
  for (const double value : y)
    ++counts[static_cast<std::size_t>(class_index(value, num_classes)) + 1];
  if (communicator != nullptr) communicator->allreduce(counts, distributed::Reduction::sum);
  Eigen::VectorXd weights(num_classes);
  for (int k = 0; k < num_classes; ++k) {
    const auto count = static_cast<double>(counts[static_cast<std::size_t>(k) + 1]);
    weights(k) = count > 0 ? static_cast<double>(counts[0]) / (num_classes * count) : 0.0;
  }
  return weights;
}

}  // namespace mlctl::solvers
