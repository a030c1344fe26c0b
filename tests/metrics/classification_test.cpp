#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "metrics/classification.hpp"

using mlctl::metrics::classification_metrics;

namespace {

Eigen::MatrixXd binary(const std::vector<double>& p1) {
  Eigen::MatrixXd proba(static_cast<Eigen::Index>(p1.size()), 2);
  for (std::size_t i = 0; i < p1.size(); ++i) {
    proba(static_cast<Eigen::Index>(i), 0) = 1 - p1[i];
    proba(static_cast<Eigen::Index>(i), 1) = p1[i];
  }
  return proba;
}

}  // namespace

TEST_CASE("binary metrics by hand") {
  const std::vector<int> truth = {0, 0, 1, 1};
  const auto m = classification_metrics(truth, binary({0.1, 0.4, 0.35, 0.8}), 2);
  CHECK(m.n == 4);
  CHECK(m.num_classes == 2);
  CHECK(m.confusion == std::vector<std::vector<std::uint64_t>>{{2, 0}, {1, 1}});
  CHECK(m.accuracy == 0.75);
  // class 0: precision 2/3, recall 1; class 1: precision 1, recall 1/2
  CHECK(m.precision_macro == doctest::Approx((2.0 / 3 + 1) / 2).epsilon(1e-15));
  CHECK(m.recall_macro == 0.75);
  CHECK(m.f1_macro == doctest::Approx((0.8 + 2.0 / 3) / 2).epsilon(1e-15));
  CHECK(m.log_loss ==
        doctest::Approx(-(std::log(0.9) + std::log(0.6) + std::log(0.35) + std::log(0.8)) / 4)
            .epsilon(1e-15));
  // pairs (positive score > negative score): 0.35 beats 0.1 only; 0.8 beats both -> 3/4
  REQUIRE(m.roc_auc.has_value());
  CHECK(*m.roc_auc == 0.75);
}

TEST_CASE("ROC AUC counts tied scores as half, and is undefined for one class") {
  const std::vector<int> truth = {0, 1, 0, 1};
  const std::vector<double> scores = {0.5, 0.5, 0.2, 0.9};
  // pairs: (0.5 vs 0.5) 1/2, (0.5 vs 0.2) 1, (0.9 vs 0.5) 1, (0.9 vs 0.2) 1 -> 3.5/4
  CHECK(mlctl::metrics::roc_auc(truth, scores) == 0.875);
  const std::vector<int> ones = {1, 1, 1, 1};
  CHECK_FALSE(mlctl::metrics::roc_auc(ones, scores).has_value());
  CHECK_FALSE(classification_metrics(ones, binary(scores), 2).roc_auc.has_value());
}

TEST_CASE("log loss clips certain wrong answers at machine epsilon") {
  const std::vector<int> truth = {1};
  const auto m = classification_metrics(truth, binary({0.0}), 2);
  const double eps = std::numeric_limits<double>::epsilon();
  CHECK(m.log_loss == doctest::Approx(-std::log(eps / (1 - eps + eps))).epsilon(1e-15));
}

TEST_CASE("classification metrics match scikit-learn on the reference cases") {
  std::ifstream in(MLCTL_FIXTURE_DIR "/metrics/reference.json");
  REQUIRE(in);
  const auto reference = nlohmann::json::parse(in);
  for (const auto& c : reference.at("classification")) {
    CAPTURE(c.at("name").get<std::string>());
    const auto truth = c.at("y_true").get<std::vector<int>>();
    const auto rows = c.at("proba").get<std::vector<std::vector<double>>>();
    const int k = c.at("num_classes").get<int>();
    Eigen::MatrixXd proba(static_cast<Eigen::Index>(rows.size()), k);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (int j = 0; j < k; ++j) {
        proba(static_cast<Eigen::Index>(i), j) = rows[i][static_cast<std::size_t>(j)];
      }
    }
    const auto m = classification_metrics(truth, proba, k);
    CHECK(m.n == truth.size());
    CHECK(m.accuracy == doctest::Approx(c.at("accuracy").get<double>()).epsilon(1e-14));
    CHECK(m.precision_macro ==
          doctest::Approx(c.at("precision_macro").get<double>()).epsilon(1e-14));
    CHECK(m.recall_macro == doctest::Approx(c.at("recall_macro").get<double>()).epsilon(1e-14));
    CHECK(m.f1_macro == doctest::Approx(c.at("f1_macro").get<double>()).epsilon(1e-14));
    CHECK(m.log_loss == doctest::Approx(c.at("log_loss").get<double>()).epsilon(1e-13));
    if (c.at("roc_auc").is_null()) {
      CHECK_FALSE(m.roc_auc.has_value());
    } else {
      REQUIRE(m.roc_auc.has_value());
      CHECK(*m.roc_auc == doctest::Approx(c.at("roc_auc").get<double>()).epsilon(1e-14));
    }
    CHECK(m.confusion == c.at("confusion").get<std::vector<std::vector<std::uint64_t>>>());
  }
}

TEST_CASE("classification metrics reject inconsistent input") {
  const std::vector<int> truth = {0, 1, 2};
  CHECK_THROWS_AS(classification_metrics(truth, binary({0.1, 0.2, 0.3}), 2), mlctl::Error);
  CHECK_THROWS_AS(classification_metrics(truth, Eigen::MatrixXd::Ones(2, 3), 3), mlctl::Error);
  Eigen::MatrixXd with_nan = Eigen::MatrixXd::Constant(3, 3, 1.0 / 3);
  with_nan(1, 2) = std::numeric_limits<double>::quiet_NaN();
  try {
    classification_metrics(truth, with_nan, 3);
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.message() == "classification_metrics: probabilities must be finite");
  }
  try {
    classification_metrics({}, Eigen::MatrixXd(0, 2), 2);
    FAIL("no error");
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::data);
    CHECK(e.message() == "no rows to score");
  }
}
