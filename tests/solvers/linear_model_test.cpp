#include <doctest/doctest.h>

#include <array>
#include <cmath>

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
