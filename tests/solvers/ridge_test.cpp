#include <doctest/doctest.h>

#include <cmath>

#include "common/error.hpp"
#include "dataset_loader.hpp"
#include "solvers/design_source.hpp"
#include "solvers/ridge.hpp"

namespace {

using mlctl::solvers::MatrixSource;
using mlctl::solvers::RidgeOptions;

struct Diabetes {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
};

Diabetes diabetes() {
  const auto table = test_data::load(MLCTL_DATA_DIR "/diabetes.csv");
  const std::vector<std::string> features = {"age", "sex", "bmi", "bp", "s1",
                                             "s2",  "s3",  "s4",  "s5", "s6"};
  return {test_data::numeric(table, features), test_data::numeric(table, {"target"}).col(0)};
}

const nlohmann::json& reference() {
  static const nlohmann::json j =
      test_data::load_json(MLCTL_FIXTURE_DIR "/solvers/reference.json").at("ridge_diabetes");
  return j;
}

}  // namespace

TEST_CASE("ridge on diabetes matches scikit-learn's Ridge for alpha 0, 1 and 10") {
  const Diabetes data = diabetes();
  // Small blocks: the streamed Gram matrix must not depend on the block size.
  const MatrixSource source(data.X, data.y, {}, 100);
  for (const auto& expected : reference()) {
    if (expected.at("weighted").get<bool>()) continue;
    const double alpha = expected.at("alpha").get<double>();
    CAPTURE(alpha);
    const auto model = mlctl::solvers::fit_ridge(source, RidgeOptions{alpha});
    REQUIRE(model.coef.rows() == 1);
    CHECK(test_data::max_relative_error(model.coef.row(0).transpose(),
                                        test_data::vector(expected.at("coef")), 1e-300) < 1e-8);
    CHECK(model.intercept(0) ==
          doctest::Approx(expected.at("intercept").get<double>()).epsilon(1e-10));
  }
}

TEST_CASE("weighted ridge matches scikit-learn's Ridge with sample_weight") {
  const Diabetes data = diabetes();
  Eigen::VectorXd w(data.y.size());
  for (Eigen::Index i = 0; i < w.size(); ++i) w(i) = 1.0 + static_cast<double>(i % 3);
  const MatrixSource source(data.X, data.y, w, 64);
  const auto& expected = reference().at(3);
  REQUIRE(expected.at("weighted").get<bool>());
  const auto model = mlctl::solvers::fit_ridge(source, RidgeOptions{1.0});
  CHECK(test_data::max_relative_error(model.coef.row(0).transpose(),
                                      test_data::vector(expected.at("coef")), 1e-300) < 1e-8);
  CHECK(model.intercept(0) ==
        doctest::Approx(expected.at("intercept").get<double>()).epsilon(1e-10));
}

TEST_CASE("one-pass ridge: any block size, zero-weight blocks and large offsets give the model") {
  const Diabetes data = diabetes();
  Eigen::VectorXd w(data.y.size());
  for (Eigen::Index i = 0; i < w.size(); ++i)
    w(i) = i % 5 == 0 ? 0.0 : 1.0 + static_cast<double>(i % 3);
  const auto whole = mlctl::solvers::fit_ridge(MatrixSource(data.X, data.y, w, 4096), {1.0});
  // Blocks of one row are centred to zero: everything comes from merging them, including the
  // rows of weight 0.
  for (const std::size_t block_rows : {std::size_t{1}, std::size_t{5}, std::size_t{37}}) {
    CAPTURE(block_rows);
    const auto blocked =
        mlctl::solvers::fit_ridge(MatrixSource(data.X, data.y, w, block_rows), {1.0});
    CHECK(test_data::max_relative_error(blocked.coef, whole.coef, 1e-300) < 1e-11);
    CHECK(blocked.intercept(0) == doctest::Approx(whole.intercept(0)).epsilon(1e-12));
  }
  // Diabetes' features spread about 0.05: shifted by 1e6, the uncentred one-pass Gram
  // (X'X - n m m') would lose every digit. Per-block centring keeps the coefficients.
  const Eigen::MatrixXd shifted = data.X.array() + 1e6;
  const auto far = mlctl::solvers::fit_ridge(MatrixSource(shifted, data.y, w, 64), {1.0});
  CHECK(test_data::max_relative_error(far.coef, whole.coef, 1e-300) < 1e-6);
  CHECK(far.intercept(0) + 1e6 * far.coef.sum() ==
        doctest::Approx(whole.intercept(0)).epsilon(1e-6));
}

TEST_CASE("ridge does not penalise the intercept: shifting y moves only the intercept") {
  const Diabetes data = diabetes();
  const auto base = mlctl::solvers::fit_ridge(MatrixSource(data.X, data.y), RidgeOptions{10.0});
  const Eigen::VectorXd shifted_y = data.y.array() + 1e6;
  const auto shifted =
      mlctl::solvers::fit_ridge(MatrixSource(data.X, shifted_y), RidgeOptions{10.0});
  CHECK(test_data::max_relative_error(shifted.coef, base.coef, 1e-300) < 1e-9);
  CHECK(shifted.intercept(0) - base.intercept(0) == doctest::Approx(1e6).epsilon(1e-12));
}

TEST_CASE("ridge with alpha 0 and collinear features gives the minimum-norm solution") {
  // y = 1 + 2 x, with x duplicated: least squares cannot split the weight, the minimum-norm
  // solution gives each copy 1.
  Eigen::MatrixXd X(5, 2);
  Eigen::VectorXd y(5);
  for (int i = 0; i < 5; ++i) {
    X(i, 0) = X(i, 1) = i;
    y(i) = 1 + 2 * i;
  }
  const auto model = mlctl::solvers::fit_ridge(MatrixSource(X, y), RidgeOptions{0.0});
  CHECK(model.coef(0, 0) == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(model.coef(0, 1) == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(model.intercept(0) == doctest::Approx(1.0).epsilon(1e-12));

  // A constant column (zero after centring) with alpha 0: weight 0, no NaN.
  X.col(1).setConstant(3.0);
  const auto constant = mlctl::solvers::fit_ridge(MatrixSource(X, y), RidgeOptions{0.0});
  CHECK(constant.coef(0, 0) == doctest::Approx(2.0).epsilon(1e-12));
  CHECK(std::abs(constant.coef(0, 1)) < 1e-12);
  CHECK(constant.intercept(0) == doctest::Approx(1.0).epsilon(1e-12));
}

TEST_CASE("ridge rejects a negative alpha and data without weight") {
  const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(3, 1);
  const Eigen::VectorXd y = Eigen::VectorXd::Ones(3);
  try {
    mlctl::solvers::fit_ridge(MatrixSource(X, y), RidgeOptions{-1.0});
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::usage);
    CHECK(e.message() == "ridge regression needs alpha >= 0, got -1");
  }
  try {
    mlctl::solvers::fit_ridge(MatrixSource(X, y, Eigen::VectorXd::Zero(3)), RidgeOptions{1.0});
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::data);
    CHECK(e.message() == "ridge regression needs at least one row of positive weight");
  }
  try {
    Eigen::VectorXd w = Eigen::VectorXd::Ones(3);
    w(1) = -0.5;
    mlctl::solvers::fit_ridge(MatrixSource(X, y, w), RidgeOptions{1.0});
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.message() == "sample weight -0.5 is not a finite number >= 0");
  }
}
