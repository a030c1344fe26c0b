#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "common/error.hpp"
#include "solvers/linear_model.hpp"

using mlctl::solvers::LinearModel;

TEST_CASE("binary scores and probabilities, by block and by row") {
  LinearModel m{(Eigen::MatrixXd(1, 2) << 2.0, -1.0).finished(), Eigen::VectorXd::Constant(1, 0.5)};
  const Eigen::MatrixXd X = (Eigen::MatrixXd(3, 2) << 0, 0, 1, 1, -400, 0).finished();
  const Eigen::MatrixXd scores = mlctl::solvers::decision_function(m, X);
  REQUIRE(scores.cols() == 1);
  CHECK(scores(0, 0) == 0.5);
  CHECK(scores(1, 0) == 1.5);
  CHECK(scores(2, 0) == -799.5);
  const Eigen::MatrixXd proba = mlctl::solvers::predict_proba(m, X);
  REQUIRE(proba.cols() == 2);
  CHECK(proba(0, 1) == doctest::Approx(1 / (1 + std::exp(-0.5))).epsilon(1e-15));
  CHECK(proba(0, 0) + proba(0, 1) == doctest::Approx(1.0).epsilon(1e-15));
  // far in the tail: no overflow, P(class 1) = exp(-799.5) underflows to 0, P(class 0) = 1
  CHECK(proba(2, 1) == 0.0);
  CHECK(proba(2, 0) == 1.0);
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    const Eigen::RowVectorXd row = X.row(i);
    std::array<double, 2> out{};
    mlctl::solvers::proba_row(m, {row.data(), 2}, out);
    CHECK(out[0] == proba(i, 0));
    CHECK(out[1] == proba(i, 1));
    std::array<double, 1> score{};
    mlctl::solvers::decision_row(m, {row.data(), 2}, score);
    CHECK(score[0] == scores(i, 0));
  }
  CHECK(mlctl::solvers::num_classes(m) == 2);
}

TEST_CASE("multinomial probabilities are a stable softmax of the scores") {
  LinearModel m{(Eigen::MatrixXd(3, 1) << 1.0, 0.0, -1.0).finished(),
                (Eigen::VectorXd(3) << 0.0, 0.0, 0.0).finished()};
  const Eigen::MatrixXd X = (Eigen::MatrixXd(2, 1) << std::log(2.0), 1000.0).finished();
  const Eigen::MatrixXd proba = mlctl::solvers::predict_proba(m, X);
  // scores ln2, 0, -ln2 -> weights 2, 1, 1/2 of 3.5
  CHECK(proba(0, 0) == doctest::Approx(2 / 3.5).epsilon(1e-15));
  CHECK(proba(0, 1) == doctest::Approx(1 / 3.5).epsilon(1e-15));
  CHECK(proba(0, 2) == doctest::Approx(0.5 / 3.5).epsilon(1e-15));
  CHECK(proba(1, 0) == 1.0);  // exp(1000) would overflow without the shift
  CHECK(proba(1, 2) == 0.0);
  const Eigen::RowVectorXd row = X.row(0);
  std::array<double, 3> out{};
  mlctl::solvers::proba_row(m, {row.data(), 1}, out);
  CHECK(out[0] == doctest::Approx(proba(0, 0)).epsilon(1e-15));
  CHECK(out[2] == doctest::Approx(proba(0, 2)).epsilon(1e-15));
  CHECK(mlctl::solvers::num_classes(m) == 3);
  // From the scores: the same numbers, and the width checked.
  CHECK(mlctl::solvers::proba_from_scores(m, mlctl::solvers::decision_function(m, X)) == proba);
  CHECK_THROWS_AS(mlctl::solvers::proba_from_scores(m, Eigen::MatrixXd::Zero(2, 2)), mlctl::Error);
}

TEST_CASE("balanced class weights are n / (K * count)") {
  const Eigen::VectorXd y = (Eigen::VectorXd(4) << 0, 0, 0, 1).finished();
  const Eigen::VectorXd w = mlctl::solvers::balanced_class_weights(y, 2);
  CHECK(w(0) == doctest::Approx(4.0 / 6.0).epsilon(1e-15));
  CHECK(w(1) == 2.0);
  const Eigen::VectorXd three = mlctl::solvers::balanced_class_weights(y, 3);
  CHECK(three(2) == 0.0);  // absent class
  CHECK(three(1) == doctest::Approx(4.0 / 3.0).epsilon(1e-15));
}

namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// A random model: coefficients of both signs, some exactly zero (+0 and -0).
LinearModel random_model(std::mt19937_64& rng, Eigen::Index outputs, Eigen::Index width) {
  std::normal_distribution<double> normal(0.0, 3.0);
  std::uniform_int_distribution<int> kind(0, 9);
  LinearModel m{Eigen::MatrixXd(outputs, width), Eigen::VectorXd(outputs)};
  for (Eigen::Index k = 0; k < outputs; ++k) {
    for (Eigen::Index j = 0; j < width; ++j) {
      const int t = kind(rng);
      m.coef(k, j) = t == 0 ? 0.0 : t == 1 ? -0.0 : normal(rng);
    }
    m.intercept(k) = normal(rng);
  }
  return m;
}

// Checks decision_sparse and proba_sparse against decision_row and proba_row bit for bit, on the
// row `sparse` written out with its zeros.
void check_sparse_equals_dense(const LinearModel& m, const mlctl::solvers::SparseRow& sparse) {
  std::vector<double> dense(static_cast<std::size_t>(m.coef.cols()), 0.0);
  for (std::size_t i = 0; i < sparse.size(); ++i) {
    dense[sparse.columns()[i]] = sparse.values()[i];
  }
  const auto outputs = static_cast<std::size_t>(m.coef.rows());
  std::vector<double> want(outputs);
  std::vector<double> got(outputs);
  mlctl::solvers::decision_row(m, dense, want);
  mlctl::solvers::decision_sparse(m, sparse, got);
  for (std::size_t k = 0; k < outputs; ++k) CHECK(same_bits(got[k], want[k]));
  const auto classes = static_cast<std::size_t>(mlctl::solvers::num_classes(m));
  std::vector<double> want_proba(classes);
  std::vector<double> got_proba(classes);
  mlctl::solvers::proba_row(m, dense, want_proba);
  mlctl::solvers::proba_sparse(m, sparse, got_proba);
  for (std::size_t k = 0; k < classes; ++k) CHECK(same_bits(got_proba[k], want_proba[k]));
}

}  // namespace

TEST_CASE("sparse rows score bit for bit like the dense row with its zeros") {
  std::mt19937_64 rng(14);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::bernoulli_distribution listed(0.2);
  for (const Eigen::Index outputs : {1, 3}) {
    for (const Eigen::Index width : {1, 2, 7, 64, 500}) {
      const LinearModel m = random_model(rng, outputs, width);
      for (int trial = 0; trial < 40; ++trial) {
        CAPTURE(outputs);
        CAPTURE(width);
        CAPTURE(trial);
        mlctl::solvers::SparseRow row;
        for (Eigen::Index j = 0; j < width; ++j) {
          if (!listed(rng)) continue;
          // One-hot 1s, numbers, and listed zeros (a numeric value of 0 is listed).
          const int t = static_cast<int>(rng() % 4);
          row.push(static_cast<std::size_t>(j), t == 0 ? 1.0 : t == 1 ? 0.0 : normal(rng));
        }
        check_sparse_equals_dense(m, row);
      }
    }
  }
}

TEST_CASE("sparse rows: zero sums keep the dense sign of zero, even with a -0 intercept") {
  // Dense, nothing listed: (-1 * 0) + (-2 * 0) + (3 * 0) = -0 + -0 + +0 = +0, + (-0) = +0. The
  // sparse sum is empty: with a -0 intercept it is recomputed in the dense order.
  LinearModel m{(Eigen::MatrixXd(1, 3) << -1.0, -2.0, 3.0).finished(),
                Eigen::VectorXd::Constant(1, -0.0)};
  mlctl::solvers::SparseRow none;
  check_sparse_equals_dense(m, none);
  // A listed -0 term (3 * -0.0) and negative unlisted ones: dense -0.
  mlctl::solvers::SparseRow negative_zero;
  negative_zero.push(2, -0.0);
  check_sparse_equals_dense(m, negative_zero);
  std::array<double, 1> out{};
  mlctl::solvers::decision_sparse(m, negative_zero, out);
  CHECK(std::signbit(out[0]));
  // A positive unlisted coefficient makes the dense sum +0: so must the sparse one.
  m.coef(0, 0) = 1.0;
  check_sparse_equals_dense(m, negative_zero);
  mlctl::solvers::decision_sparse(m, negative_zero, out);
  CHECK(!std::signbit(out[0]));
  // Cancelling terms, with the intercept +0 and -0.
  mlctl::solvers::SparseRow cancel;
  cancel.push(0, 2.0);
  cancel.push(1, 1.0);
  m.coef(0, 0) = 1.0;
  m.intercept(0) = 0.0;
  check_sparse_equals_dense(m, cancel);
  m.intercept(0) = -0.0;
  check_sparse_equals_dense(m, cancel);
}

TEST_CASE("sparse rows: a column beyond the model or a wrong output size is an internal error") {
  const LinearModel m{(Eigen::MatrixXd(1, 2) << 1.0, 2.0).finished(),
                      Eigen::VectorXd::Constant(1, 0.0)};
  mlctl::solvers::SparseRow row;
  row.push(2, 1.0);
  std::array<double, 1> out{};
  CHECK_THROWS_WITH(mlctl::solvers::decision_sparse(m, row, out),
                    "decision_sparse: a column beyond the model's features");
  std::array<double, 2> two{};
  CHECK_THROWS_WITH(mlctl::solvers::decision_sparse(m, {}, two),
                    "decision_sparse: output span has the wrong size");
}
