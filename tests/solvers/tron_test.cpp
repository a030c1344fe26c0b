#include <doctest/doctest.h>

#include "labelled_data.hpp"
#include "one_hot_source.hpp"
#include "quadratic_objective.hpp"
#include "solvers/lbfgs.hpp"
#include "solvers/linear_model.hpp"
#include "solvers/logistic_loss.hpp"
#include "solvers/newton.hpp"
#include "solvers/tron.hpp"

namespace {

using mlctl::solvers::BinaryLogisticLoss;
using mlctl::solvers::FitReport;
using mlctl::solvers::MatrixSource;
using mlctl::solvers::MultinomialLogisticLoss;
using mlctl::solvers::Objective;
using mlctl::solvers::StopRule;

// The dense Hessian times v, from the same objective.
Eigen::VectorXd dense_product(const Objective& f, const Eigen::VectorXd& x,
                              const Eigen::VectorXd& v) {
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
  f.value_gradient_hessian(x, gradient, hessian);
  return hessian * v;
}

void check_products(const Objective& f) {
  const Eigen::Index n = f.dimension();
  const Eigen::VectorXd x = 0.3 * Eigen::VectorXd::Random(n);
  const Eigen::VectorXd v = Eigen::VectorXd::Random(n);
  Eigen::VectorXd Hv;
  f.hessian_vector(x, v, Hv);
  const Eigen::VectorXd expected = dense_product(f, x, v);
  REQUIRE(Hv.size() == n);
  CHECK((Hv - expected).cwiseAbs().maxCoeff() < 1e-10 * (1 + expected.cwiseAbs().maxCoeff()));

  Eigen::VectorXd diagonal, gradient;
  Eigen::MatrixXd hessian;
  f.value_gradient_hessian(x, gradient, hessian);
  REQUIRE(f.hessian_diagonal(x, diagonal));
  REQUIRE(diagonal.size() == n);
  CHECK((diagonal - hessian.diagonal()).cwiseAbs().maxCoeff() <
        1e-10 * (1 + hessian.diagonal().cwiseAbs().maxCoeff()));

  // After the diagonal at x, products at x read the rows' curvatures it kept
  // (logistic_loss.hpp, CurvatureCache); at another point they are computed again.
  const Eigen::VectorXd w = Eigen::VectorXd::Random(n);
  for (const double shift : {0.0, 0.1}) {
    CAPTURE(shift);
    const Eigen::VectorXd at = x + Eigen::VectorXd::Constant(n, shift);
    f.hessian_vector(at, w, Hv);
    const Eigen::VectorXd reference = dense_product(f, at, w);
    CHECK((Hv - reference).cwiseAbs().maxCoeff() < 1e-10 * (1 + reference.cwiseAbs().maxCoeff()));
  }
  f.hessian_diagonal(x, diagonal);  // already kept: read back
  CHECK((diagonal - hessian.diagonal()).cwiseAbs().maxCoeff() <
        1e-10 * (1 + hessian.diagonal().cwiseAbs().maxCoeff()));
}

Eigen::VectorXd class_weights(const Eigen::VectorXd& y, int classes) {
  const Eigen::VectorXd per_class = mlctl::solvers::balanced_class_weights(y, classes);
  Eigen::VectorXd w(y.size());
  for (Eigen::Index i = 0; i < y.size(); ++i) w(i) = per_class(static_cast<Eigen::Index>(y(i)));
  return w;
}

// Newton's and TRON's optima from zero under the same rule; the intercepts of a multinomial
// fit centred (only their differences matter).
void check_same_optimum(const Objective& f, Eigen::Index stride, double scale) {
  const StopRule rule{1e-10, scale, 200};
  Eigen::VectorXd newton = Eigen::VectorXd::Zero(f.dimension());
  Eigen::VectorXd tron = newton;
  CHECK(mlctl::solvers::minimize_newton(f, newton, rule).converged);
  const FitReport report = mlctl::solvers::minimize_tron(f, tron, rule);
  CHECK(report.converged);
  CHECK(report.gradient_norm <= 1e-10 * scale);
  CHECK(report.hessian_products > 0);
  const auto centre = [&](Eigen::VectorXd& x) {
    if (stride == x.size()) return;
    Eigen::Map<Eigen::MatrixXd> params(x.data(), stride, x.size() / stride);
    params.row(stride - 1).array() -= params.row(stride - 1).mean();
  };
  centre(newton);
  centre(tron);
  CHECK((tron - newton).cwiseAbs().maxCoeff() < 1e-8);
}

}  // namespace

TEST_CASE("the losses' Hessian-vector products and diagonals match the dense Hessian") {
  const test_data::Labelled cancer = test_data::breast_cancer();
  const MatrixSource binary(cancer.X, cancer.y, class_weights(cancer.y, 2), 100);
  check_products(BinaryLogisticLoss(binary, 0.5));
  const test_data::Labelled penguins = test_data::penguins();
  const MatrixSource multi(penguins.X, penguins.y, class_weights(penguins.y, 3), 50);
  check_products(MultinomialLogisticLoss(multi, 0.5, 3));
  for (const bool one_hot : {true, false}) {
    CAPTURE(one_hot);
    test_data::OneHotSource two(300, 20, 3, 2, 64, 1, true);
    test_data::OneHotSource three(300, 20, 3, 3, 64, 1, true);
    if (!one_hot) {
      two.dense_only();
      three.dense_only();
    }
    check_products(BinaryLogisticLoss(two, 1.0));
    check_products(MultinomialLogisticLoss(three, 1.0, 3));
  }
}

TEST_CASE("TRON reaches Newton's optimum on breast_cancer and penguins, weighted or not") {
  const test_data::Labelled cancer = test_data::breast_cancer();
  const test_data::Labelled penguins = test_data::penguins();
  for (const bool balanced : {false, true}) {
    CAPTURE(balanced);
    const Eigen::VectorXd w2 = balanced ? class_weights(cancer.y, 2) : Eigen::VectorXd();
    const MatrixSource binary(cancer.X, cancer.y, w2, 128);
    check_same_optimum(BinaryLogisticLoss(binary, 1.0), cancer.X.cols() + 1, 569);
    check_same_optimum(BinaryLogisticLoss(binary, 0.01), cancer.X.cols() + 1, 569);
    const Eigen::VectorXd w3 = balanced ? class_weights(penguins.y, 3) : Eigen::VectorXd();
    const MatrixSource multi(penguins.X, penguins.y, w3, 64);
    const double rows = static_cast<double>(penguins.X.rows());
    check_same_optimum(MultinomialLogisticLoss(multi, 0.1, 3), penguins.X.cols() + 1, rows);
  }
}

TEST_CASE("TRON solves a wide one-hot problem to the optimum, for any thread count") {
  // 4000 rows, a 1000-level category with Zipf counts (most levels seen a few times) and
  // 3 numerics: 1003 parameters, small enough for Newton to give the reference optimum.
  const test_data::OneHotSource one_thread(4000, 1000, 3, 2, 512, 1);
  const test_data::OneHotSource two_threads(4000, 1000, 3, 2, 512, 2);
  const BinaryLogisticLoss loss(one_thread, 1.0);
  const StopRule rule{1e-10, 4000, 200};
  Eigen::VectorXd tron = Eigen::VectorXd::Zero(loss.dimension());
  const FitReport report = mlctl::solvers::minimize_tron(loss, tron, rule);
  CHECK(report.converged);
  CHECK(report.gradient_norm <= 1e-10 * 4000);

  Eigen::VectorXd newton = Eigen::VectorXd::Zero(loss.dimension());
  const FitReport reference = mlctl::solvers::minimize_newton(loss, newton, rule);
  REQUIRE(reference.converged);
  CHECK(report.objective <= reference.objective * (1 + 1e-12));
  CHECK((tron - newton).cwiseAbs().maxCoeff() < 1e-8);

  Eigen::VectorXd lbfgs = Eigen::VectorXd::Zero(loss.dimension());
  const FitReport approximate = mlctl::solvers::minimize_lbfgs(loss, lbfgs, {1e-10, 4000, 50});
  CHECK(report.objective <= approximate.objective);

  Eigen::VectorXd parallel = Eigen::VectorXd::Zero(loss.dimension());
  const FitReport twice =
      mlctl::solvers::minimize_tron(BinaryLogisticLoss(two_threads, 1.0), parallel, rule);
  CHECK(twice.iterations == report.iterations);
  CHECK(parallel == tron);  // bit-identical
}

TEST_CASE("TRON on a wide multinomial problem is bit-identical for 1 and 2 threads") {
  const test_data::OneHotSource one_thread(3000, 500, 3, 3, 256, 1, true);
  const test_data::OneHotSource two_threads(3000, 500, 3, 3, 256, 2, true);
  const StopRule rule{1e-10, 3000, 200};
  Eigen::VectorXd a = Eigen::VectorXd::Zero(3 * 503);
  Eigen::VectorXd b = a;
  const FitReport report =
      mlctl::solvers::minimize_tron(MultinomialLogisticLoss(one_thread, 1.0, 3), a, rule);
  CHECK(report.converged);
  mlctl::solvers::minimize_tron(MultinomialLogisticLoss(two_threads, 1.0, 3), b, rule);
  CHECK(a == b);
}

TEST_CASE("TRON reports non-convergence when out of iterations") {
  const test_data::OneHotSource data(2000, 300, 3, 2, 256, 1);
  const BinaryLogisticLoss loss(data, 0.01);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(loss.dimension());
  const FitReport report = mlctl::solvers::minimize_tron(loss, x, {1e-10, 2000, 2});
  CHECK_FALSE(report.converged);
  CHECK(report.iterations == 2);
  CHECK(report.gradient_norm > 1e-10 * 2000);
  CHECK(report.objective > 0);
}

TEST_CASE("TRON minimises a quadratic, with the default (dense) Hessian-vector product") {
  const test_data::Quadratic f = test_data::small_quadratic();
  Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
  const FitReport report = mlctl::solvers::minimize_tron(f, x, {1e-12, 1, 50});
  CHECK(report.converged);
  const Eigen::VectorXd optimum = Eigen::MatrixXd(Eigen::Matrix3d{{4, 1, 0}, {1, 3, 1}, {0, 1, 2}})
                                      .ldlt()
                                      .solve(Eigen::Vector3d(1, -2, 3));
  CHECK((x - optimum).cwiseAbs().maxCoeff() < 1e-10);
}
