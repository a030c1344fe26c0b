#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "metrics/regression.hpp"

using mlctl::metrics::regression_metrics;

TEST_CASE("regression metrics by hand") {
  // errors 0.5, -0.5, 0, -1: SS_res 1.5, mean y 2.875, SS_tot 29.1875
  const std::vector<double> truth = {3.0, -0.5, 2.0, 7.0};
  const std::vector<double> predicted = {2.5, 0.0, 2.0, 8.0};
  const auto m = regression_metrics(truth, predicted);
  CHECK(m.n == 4);
  CHECK(m.r2 == doctest::Approx(1 - 1.5 / 29.1875).epsilon(1e-15));
  CHECK(m.rmse == doctest::Approx(std::sqrt(1.5 / 4)).epsilon(1e-15));
  CHECK(m.mae == 0.5);
}

TEST_CASE("r2 with a constant truth and with one row, as scikit-learn 1.2 (force_finite)") {
  const std::vector<double> constant = {4.0, 4.0, 4.0};
  CHECK(regression_metrics(constant, constant).r2 == 1.0);
  const std::vector<double> off = {4.0, 5.0, 4.0};
  CHECK(regression_metrics(constant, off).r2 == 0.0);
  const std::vector<double> one = {2.0}, one_pred = {1.0};
  const auto single = regression_metrics(one, one_pred);
  CHECK(std::isnan(single.r2));
  CHECK(single.rmse == 1.0);
}

TEST_CASE("regression metrics match scikit-learn on the reference cases") {
  std::ifstream in(MLCTL_FIXTURE_DIR "/metrics/reference.json");
  REQUIRE(in);
  const auto reference = nlohmann::json::parse(in);
  for (const auto& c : reference.at("regression")) {
    CAPTURE(c.at("name").get<std::string>());
    const auto truth = c.at("y_true").get<std::vector<double>>();
    const auto predicted = c.at("y_pred").get<std::vector<double>>();
    const auto m = regression_metrics(truth, predicted);
    CHECK(m.n == truth.size());
    if (c.at("r2").is_null()) {
      CHECK(std::isnan(m.r2));
    } else {
      CHECK(m.r2 == doctest::Approx(c.at("r2").get<double>()).epsilon(1e-13));
    }
    CHECK(m.rmse == doctest::Approx(c.at("rmse").get<double>()).epsilon(1e-13));
    CHECK(m.mae == doctest::Approx(c.at("mae").get<double>()).epsilon(1e-13));
  }
}

TEST_CASE("regression metrics reject empty and mismatched input") {
  const std::vector<double> empty, two = {1.0, 2.0}, three = {1.0, 2.0, 3.0};
  try {
    regression_metrics(empty, empty);
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::data);
    CHECK(e.message() == "no rows to score");
  }
  CHECK_THROWS_AS(regression_metrics(two, three), mlctl::Error);
}
