// model::conformal_half_width and the algorithm names.

#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "model/model.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::model::Algorithm;
using mlctl::model::conformal_half_width;
using mlctl::model::Model;

namespace {

Model ridge_with_residuals(std::vector<double> residuals, std::uint64_t count) {
  Model m;
  m.algorithm = Algorithm::ridge;
  m.residuals = std::move(residuals);
  m.residual_count = count;
  return m;
}

// The message of the Error(data) conformal_half_width throws, or a test failure.
std::string data_error_of(const Model& m, double coverage) {
  try {
    (void)conformal_half_width(m, coverage);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    return e.message();
  }
  FAIL("no error");
  return {};
}

std::string usage_error_of(const Model& m, double coverage) {
  try {
    (void)conformal_half_width(m, coverage);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.message();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("conformal: the half-width is the ceil((n + 1) c)-th smallest residual") {
  const Model m = ridge_with_residuals({1, 2, 3, 4, 5, 6, 7, 8, 9}, 9);
  CHECK(conformal_half_width(m, 0.5) == 5.0);   // rank ceil(5.0) = 5
  CHECK(conformal_half_width(m, 0.8) == 8.0);   // rank ceil(8.0) = 8
  CHECK(conformal_half_width(m, 0.85) == 9.0);  // rank ceil(8.5) = 9
  CHECK(conformal_half_width(m, 0.9) == 9.0);   // rank ceil(9.0) = 9
  CHECK(conformal_half_width(m, 0.05) == 1.0);  // rank ceil(0.5) = 1
  CHECK(conformal_half_width(m, 0.15) == 2.0);  // rank ceil(1.5) = 2
}

TEST_CASE("conformal: too few residuals for the coverage is a data error with the numbers") {
  const Model m = ridge_with_residuals({1, 2, 3, 4, 5, 6, 7, 8, 9}, 9);
  CHECK(data_error_of(m, 0.95) ==
        "--interval 0.95 needs at least 19 held-out residuals; this model has 9 (--interval 0.9 "
        "at most)");
  CHECK(conformal_half_width(m, 0.9) == 9.0);  // the "at most" is right
  const Model one = ridge_with_residuals({0.5}, 1);
  CHECK(conformal_half_width(one, 0.5) == 0.5);  // rank ceil(1.0) = 1
  CHECK(data_error_of(one, 0.6) ==
        "--interval 0.6 needs at least 2 held-out residuals; this model has 1 (--interval 0.5 at "
        "most)");
  const Model many = ridge_with_residuals({1, 2, 3}, 89);
  CHECK(data_error_of(many, 0.999) ==
        "--interval 0.999 needs at least 999 held-out residuals; this model has 89 (--interval "
        "0.988 at most)");
}

TEST_CASE("conformal: coverage must lie strictly between 0 and 1") {
  const Model m = ridge_with_residuals({1, 2, 3}, 3);
  CHECK(usage_error_of(m, 0.0) == "--interval must be between 0 and 1 (exclusive), got 0");
  CHECK(usage_error_of(m, 1.0) == "--interval must be between 0 and 1 (exclusive), got 1");
  CHECK(usage_error_of(m, 95.0) == "--interval must be between 0 and 1 (exclusive), got 95");
  CHECK(usage_error_of(m, std::nan("")) ==
        "--interval must be between 0 and 1 (exclusive), got nan");
}

TEST_CASE("conformal: a model without residuals, or not ridge, has no intervals") {
  const std::string message =
      "this model has no held-out residuals for intervals (a ridge model trained with "
      "--holdout > 0 or --cv has them)";
  CHECK(usage_error_of(ridge_with_residuals({}, 0), 0.9) == message);
  Model logistic = ridge_with_residuals({1, 2, 3}, 3);
  logistic.algorithm = Algorithm::logistic;
  CHECK(usage_error_of(logistic, 0.5) ==
        "--interval needs a regression (ridge) model; for a classifier use --proba");
}

TEST_CASE("conformal: subsampled residuals map the rank onto the stored order statistics") {
  // 4001 residuals 0, 1, ..., 4000 kept as 2001 evenly spaced ones: 0, 2, ..., 4000.
  std::vector<double> stored;
  for (int k = 0; k <= 2000; ++k) stored.push_back(2.0 * k);
  const Model m = ridge_with_residuals(stored, 4001);
  CHECK(conformal_half_width(m, 0.5) == 2000.0);  // rank 2001: value 2000, stored exactly
  // Rank ceil(4002 * 0.9) = 3602 (value 3601) falls between stored ones: the next one up,
  // so the interval is never narrower than the exact one.
  CHECK(conformal_half_width(m, 0.9) == 3602.0);
  CHECK(conformal_half_width(m, 0.9995) == 4000.0);  // rank 4001: the largest
}

TEST_CASE("conformal: on a trained ridge model it reads the held-out residuals") {
  const auto t = mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(40));
  mlctl::training::Recipe recipe;
  recipe.target = std::string(1, 'y');
  mlctl::training::TrainReport report;
  const Model m = mlctl::training::train(t, recipe, report);
  REQUIRE(m.residual_count == 8);
  REQUIRE(m.residuals.size() == 8);
  CHECK(conformal_half_width(m, 0.5) == m.residuals[4]);  // rank ceil(4.5) = 5
  CHECK(conformal_half_width(m, 0.8) == m.residuals[7]);  // rank ceil(7.2) = 8
  CHECK(data_error_of(m, 0.9) ==
        "--interval 0.9 needs at least 9 held-out residuals; this model has 8 (--interval 0.888 "
        "at most)");
}

TEST_CASE("model: algorithm names parse and print") {
  CHECK(mlctl::model::parse_algorithm("ridge") == Algorithm::ridge);
  CHECK(mlctl::model::parse_algorithm("logistic") == Algorithm::logistic);
  CHECK(std::string(mlctl::model::to_string(Algorithm::ridge)) == "ridge");
  CHECK(std::string(mlctl::model::to_string(Algorithm::logistic)) == "logistic");
  for (const char* bad : {"Ridge", "svm", "", "logistic "}) {
    CAPTURE(bad);
    try {
      (void)mlctl::model::parse_algorithm(bad);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK(e.message() == fmt::format("unknown algorithm \"{}\" (ridge, logistic)", bad));
    }
  }
  CHECK_FALSE(Model{}.is_classifier());
}
