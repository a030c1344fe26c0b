#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "common/error.hpp"
#include "dataset_loader.hpp"
#include "solvers/design_source.hpp"
#include "solvers/ridge.hpp"
#include "solvers/ridge_cg.hpp"
#include "wide_ridge_source.hpp"

namespace {

using test_data::expand;
using test_data::Expanded;
using test_data::WideRidgeSource;

using mlctl::solvers::DesignSource;
using mlctl::solvers::LinearModel;
using mlctl::solvers::OneHotBlock;
using mlctl::solvers::OneHotLayout;
using mlctl::solvers::RidgeMethod;
using mlctl::solvers::RidgeOptions;
using mlctl::solvers::RidgeShape;

LinearModel fit(const DesignSource& data, double alpha, RidgeMethod method) {
  return mlctl::solvers::fit_ridge(data, RidgeOptions{alpha, method});
}

// sum w (y - X beta - b)^2 + alpha ||beta||^2 over the expanded blocks.
double objective(const DesignSource& data, const LinearModel& model, double alpha) {
  double loss = 0;
  mlctl::solvers::Block scratch;
  for (std::size_t i = 0; i < data.block_count(); ++i) {
    const auto& block = data.block(i, scratch);
    const Eigen::VectorXd r = block.y - (block.X * model.coef.row(0).transpose()).array().matrix() -
                              Eigen::VectorXd::Constant(block.y.size(), model.intercept(0));
    loss += block.w.dot(r.cwiseAbs2());
  }
  return loss + alpha * model.coef.squaredNorm();
}

}  // namespace

TEST_CASE("wide ridge: conjugate gradient reaches the dense exact solve's optimum") {
  const WideRidgeSource data(3000, 256, 1);
  for (const double alpha : {1e-3, 0.1, 1.0, 10.0, 1000.0}) {
    CAPTURE(alpha);
    mlctl::solvers::RidgeCgReport report;
    const LinearModel cg = mlctl::solvers::fit_ridge_cg(data, RidgeOptions{alpha}, &report);
    const LinearModel dense = fit(data, alpha, RidgeMethod::dense);
    CHECK(report.relative_residual < 1e-13);
    CHECK(report.products < 200);
    // Coefficients are O(1): relative above 0.1, absolute below. Both solves round (the dense
    // LDLT's residual is several times CG's: the test case below).
    CHECK(test_data::max_relative_error(cg.coef, dense.coef, 0.1) < 1e-10);
    CHECK(cg.intercept(0) == doctest::Approx(dense.intercept(0)).epsilon(1e-10));
    const double f_cg = objective(data, cg, alpha), f_dense = objective(data, dense, alpha);
    CHECK(std::abs(f_cg - f_dense) <= 1e-12 * f_dense);
    // The levels no row has get no weight.
    CHECK(cg.coef.rightCols(WideRidgeSource::kUnseen).cwiseAbs().maxCoeff() == 0.0);
  }
}

TEST_CASE("wide ridge with alpha 0: the minimum-norm least-squares solution, as dense gives") {
  // Category A's levels sum to the intercept's column and three levels are empty: singular.
  const WideRidgeSource data(3000, 256, 1);
  const LinearModel cg = fit(data, 0.0, RidgeMethod::conjugate_gradient);
  const LinearModel dense = fit(data, 0.0, RidgeMethod::dense);
  CHECK(test_data::max_relative_error(cg.coef, dense.coef, 1e-3) < 1e-8);
  CHECK(cg.intercept(0) == doctest::Approx(dense.intercept(0)).epsilon(1e-9));
  // Minimum norm: category A's coefficients sum to 0 (no part along the null direction).
  const auto a = cg.coef.row(0).segment(WideRidgeSource::kNumeric, WideRidgeSource::kLevelsA);
  CHECK(std::abs(a.sum()) < 1e-9 * a.cwiseAbs().sum());
  CHECK(cg.coef.rightCols(WideRidgeSource::kUnseen).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("wide ridge gives bit-identical models on any thread count") {
  const LinearModel one = fit(WideRidgeSource(3000, 64, 1), 1.0, RidgeMethod::conjugate_gradient);
  for (const unsigned threads : {2u, 3u, 8u}) {
    CAPTURE(threads);
    const LinearModel many =
        fit(WideRidgeSource(3000, 64, threads), 1.0, RidgeMethod::conjugate_gradient);
    CHECK(many.coef == one.coef);
    CHECK(many.intercept == one.intercept);
  }
}

TEST_CASE("wide ridge centres numeric columns in cache: large means cost no digits") {
  const LinearModel base = fit(WideRidgeSource(2000, 128, 1), 1.0, RidgeMethod::conjugate_gradient);
  const LinearModel far =
      fit(WideRidgeSource(2000, 128, 1, 1e6), 1.0, RidgeMethod::conjugate_gradient);
  CHECK(test_data::max_relative_error(far.coef, base.coef, 1e-3) < 1e-7);
  CHECK(far.intercept(0) + 1e6 * far.coef.leftCols(WideRidgeSource::kNumeric).sum() ==
        doctest::Approx(base.intercept(0)).epsilon(1e-7));
}

TEST_CASE("ridge's automatic choice: CG on a wide one-hot source, dense otherwise") {
  const WideRidgeSource data(3000, 256, 1);
  const LinearModel automatic = fit(data, 1.0, RidgeMethod::automatic);
  const LinearModel cg = fit(data, 1.0, RidgeMethod::conjugate_gradient);
  const LinearModel dense = fit(data, 1.0, RidgeMethod::dense);
  const bool wide = mlctl::solvers::ridge_prefers_conjugate_gradient({3000, 71, 3, 2});
  CHECK(automatic.coef == (wide ? cg.coef : dense.coef));
  // Without one-hot blocks there is only the dense path.
  const Expanded all = expand(data);
  const mlctl::solvers::MatrixSource matrix(all.X, all.y, all.w, 256);
  CHECK(fit(matrix, 1.0, RidgeMethod::automatic).coef == fit(matrix, 1.0, RidgeMethod::dense).coef);
  try {
    fit(matrix, 1.0, RidgeMethod::conjugate_gradient);
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::internal);
    CHECK(e.message() == "the wide ridge solver needs a source of one-hot blocks");
  }
}

TEST_CASE("ridge_prefers_conjugate_gradient: dense for narrow shapes, CG for wide ones") {
  using mlctl::solvers::ridge_prefers_conjugate_gradient;
  // No categorical feature: never CG.
  CHECK_FALSE(ridge_prefers_conjugate_gradient({1'000'000, 20'000, 20'000, 0}));
  // The repository's data: a few hundred rows, tens of columns.
  CHECK_FALSE(ridge_prefers_conjugate_gradient({1460, 300, 36, 43}));  // ames-like
  CHECK_FALSE(ridge_prefers_conjugate_gradient({891, 12, 4, 3}));      // titanic-like
  CHECK_FALSE(ridge_prefers_conjugate_gradient({1'000'000, 30, 25, 2}));
  // bench/wide shape a (1629 columns) and b (31 634 columns: 8 GB of Gram matrix).
  CHECK(ridge_prefers_conjugate_gradient({20'000, 1629, 1, 1}));
  CHECK(ridge_prefers_conjugate_gradient({200'000, 31'634, 10, 5}));
  // Too wide for a dense Gram matrix in memory, even on few rows.
  CHECK(ridge_prefers_conjugate_gradient({100, 40'000, 0, 1}));
}

TEST_CASE("wide ridge rejects a negative alpha and data without weight") {
  WideRidgeSource data(100, 32, 1);
  try {
    mlctl::solvers::fit_ridge_cg(data, RidgeOptions{-2.0});
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::usage);
    CHECK(e.message() == "ridge regression needs alpha >= 0, got -2");
  }
  data.zero_weights();
  try {
    mlctl::solvers::fit_ridge_cg(data, RidgeOptions{1.0});
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::data);
    CHECK(e.message() == "ridge regression needs at least one row of positive weight");
  }
}

TEST_CASE("wide ridge solves the normal equations to rounding, closer than the dense LDLT") {
  // The residual of (Xc' W Xc + alpha I) beta = Xc' W yc, from the expanded, centred matrix.
  const WideRidgeSource data(3000, 256, 1);
  const Expanded all = expand(data);
  const double weight = all.w.sum();
  const Eigen::RowVectorXd xbar = all.w.transpose() * all.X / weight;
  const Eigen::MatrixXd Xc = all.X.rowwise() - xbar;
  const Eigen::VectorXd yc = all.y.array() - all.w.dot(all.y) / weight;
  const Eigen::VectorXd b = Xc.transpose() * all.w.cwiseProduct(yc);
  const auto residual = [&](const LinearModel& model, double alpha) {
    const Eigen::VectorXd beta = model.coef.row(0).transpose();
    return (b - Xc.transpose() * all.w.cwiseProduct(Xc * beta) - alpha * beta).norm() / b.norm();
  };
  for (const double alpha : {1e-3, 0.1, 1.0}) {
    CAPTURE(alpha);
    const double cg = residual(fit(data, alpha, RidgeMethod::conjugate_gradient), alpha);
    CHECK(cg < 1e-14);
    CHECK(cg < residual(fit(data, alpha, RidgeMethod::dense), alpha));
  }
}
