// The row passes on worker threads: fixed parts summed in a fixed order, so a fit is
// bit-identical for any thread count, and its errors do not depend on the thread count.

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "solvers/design_source.hpp"
#include "solvers/logistic.hpp"
#include "solvers/ridge.hpp"

namespace {

using mlctl::solvers::LinearModel;
using mlctl::solvers::MatrixSource;

// Deterministic, irregular data: n x d features, a noisy linear score, classes 0..K-1 from it.
struct Synthetic {
  Eigen::MatrixXd X;
  Eigen::VectorXd score;
};

Synthetic synthetic(Eigen::Index n, Eigen::Index d) {
  Synthetic s{Eigen::MatrixXd(n, d), Eigen::VectorXd(n)};
  for (Eigen::Index i = 0; i < n; ++i) {
    double score = 0;
    for (Eigen::Index j = 0; j < d; ++j) {
      s.X(i, j) = std::sin(0.37 * static_cast<double>(i) + 1.3 * static_cast<double>(j)) *
                  static_cast<double>(j + 1);
      score += s.X(i, j) / static_cast<double>(j + 1);
    }
    // A pseudo-random wobble keeps the classes overlapping (a finite logistic optimum).
    const double noise = std::sin(12.9898 * static_cast<double>(i)) * 43758.5453;
    s.score(i) = score + 2.0 * (noise - std::floor(noise) - 0.5);
  }
  return s;
}

Eigen::VectorXd classes_of(const Eigen::VectorXd& score, int K) {
  Eigen::VectorXd y(score.size());
  for (Eigen::Index i = 0; i < score.size(); ++i) {
    y(i) = K == 2 ? (score(i) > 0 ? 1 : 0) : (score(i) < -0.7 ? 0 : (score(i) < 0.7 ? 1 : 2));
  }
  return y;
}

void check_identical(const LinearModel& a, const LinearModel& b) {
  REQUIRE(a.coef.rows() == b.coef.rows());
  REQUIRE(a.coef.cols() == b.coef.cols());
  CHECK(a.coef == b.coef);  // exact: not approximately
  CHECK(a.intercept == b.intercept);
}

}  // namespace

TEST_CASE("parallel fits: binary logistic is bit-identical for 1, 2 and 5 threads") {
  const Synthetic s = synthetic(9000, 6);
  const Eigen::VectorXd y = classes_of(s.score, 2);
  mlctl::solvers::FitReport report;
  const auto one =
      mlctl::solvers::fit_logistic(MatrixSource(s.X, y, {}, 256, 1), {0.5, 2}, &report);
  CHECK(report.converged);
  check_identical(one, mlctl::solvers::fit_logistic(MatrixSource(s.X, y, {}, 256, 2), {0.5, 2}));
  check_identical(one, mlctl::solvers::fit_logistic(MatrixSource(s.X, y, {}, 256, 5), {0.5, 2}));
  // A different block size sums differently: close, and (on this data) not bit-identical, which
  // shows the comparison above can fail.
  const auto other = mlctl::solvers::fit_logistic(MatrixSource(s.X, y, {}, 100, 2), {0.5, 2});
  CHECK((other.coef - one.coef).cwiseAbs().maxCoeff() < 1e-9);
  CHECK(other.coef != one.coef);
}

TEST_CASE("parallel fits: multinomial logistic and ridge are bit-identical for 1 and 3 threads") {
  const Synthetic s = synthetic(7000, 5);
  const Eigen::VectorXd y = classes_of(s.score, 3);
  mlctl::solvers::FitReport report;
  const auto one =
      mlctl::solvers::fit_logistic(MatrixSource(s.X, y, {}, 300, 1), {1.0, 3}, &report);
  CHECK(report.converged);
  check_identical(one, mlctl::solvers::fit_logistic(MatrixSource(s.X, y, {}, 300, 3), {1.0, 3}));

  const auto ridge_one = mlctl::solvers::fit_ridge(MatrixSource(s.X, s.score, {}, 300, 1), {2.0});
  check_identical(ridge_one,
                  mlctl::solvers::fit_ridge(MatrixSource(s.X, s.score, {}, 300, 3), {2.0}));
}

TEST_CASE("parallel passes: a bad weight is reported the same way for any thread count") {
  const Synthetic s = synthetic(2000, 3);
  Eigen::VectorXd w = Eigen::VectorXd::Ones(2000);
  w(1500) = -2;  // in a late part
  w(700) = -1;   // the first in row order: the one reported
  for (const unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    CHECK_THROWS_WITH(mlctl::solvers::fit_ridge(MatrixSource(s.X, s.score, w, 100, threads), {1.0}),
                      "sample weight -1 is not a finite number >= 0");
  }
}
