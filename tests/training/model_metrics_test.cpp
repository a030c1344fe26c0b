// The metrics a model stores: of predictions (regression_metrics_of,
// classification_metrics_of), and of a model measured on rows of a table (evaluate_model).

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "model/metadata_json.hpp"
#include "table/table_test_support.hpp"
#include "training/model_metrics.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::model::to_json;
using mlctl::training::testing::keys_of;

TEST_CASE("model metrics: of predictions, in their JSON form") {
  const std::vector<double> truth = {1, 2, 3};
  const std::vector<double> predicted = {1, 2, 4};
  const nlohmann::json r = to_json(mlctl::training::regression_metrics_of(truth, predicted));
  CHECK(keys_of(r) == std::set<std::string>{"n", "r2", "rmse", "mae"});
  CHECK(r.at("n") == 3);
  CHECK(r.at("r2").get<double>() == doctest::Approx(0.5).epsilon(1e-15));  // 1 - 1 / 2
  CHECK(r.at("rmse").get<double>() == doctest::Approx(std::sqrt(1.0 / 3.0)).epsilon(1e-15));
  CHECK(r.at("mae").get<double>() == doctest::Approx(1.0 / 3.0).epsilon(1e-15));

  Eigen::MatrixXd proba(3, 2);
  proba << 0.8, 0.2, 0.3, 0.7, 0.4, 0.6;
  const std::vector<int> classes = {0, 1, 0};
  const nlohmann::json c =
      to_json(mlctl::training::classification_metrics_of(classes, proba, {"no", "yes"}));
  CHECK(c.at("n") == 3);
  CHECK(c.at("accuracy").get<double>() == doctest::Approx(2.0 / 3.0).epsilon(1e-15));
  CHECK(c.at("log_loss").get<double>() ==
        doctest::Approx(-(std::log(0.8) + std::log(0.7) + std::log(0.4)) / 3).epsilon(1e-15));
  CHECK(c.at("roc_auc").get<double>() == 1.0);  // 0.7 above both 0.2 and 0.6
  CHECK(c.at("classes") == nlohmann::json({"no", "yes"}));
  CHECK(c.at("confusion_matrix") == nlohmann::json({{1, 1}, {0, 1}}));

  Eigen::MatrixXd three(2, 3);
  three << 0.5, 0.3, 0.2, 0.1, 0.1, 0.8;
  const nlohmann::json m = to_json(
      mlctl::training::classification_metrics_of(std::vector<int>{0, 2}, three, {"a", "b", "c"}));
  CHECK_FALSE(m.contains("roc_auc"));  // binary only
  CHECK(m.at("accuracy") == 1.0);
}

namespace {

using mlctl::table::testing::table_of;

mlctl::model::Model trained_on(const std::string& csv, const std::string& target = "y") {
  mlctl::training::Recipe recipe;
  recipe.target = target;
  mlctl::training::TrainReport report;
  return mlctl::training::train(table_of(csv), recipe, report);
}

std::string error_of(const mlctl::model::Model& m, const std::string& csv,
                     const std::vector<std::size_t>& rows) {
  try {
    (void)mlctl::training::evaluate_model(m, table_of(csv), rows);
  } catch (const mlctl::Error& e) {
    CHECK(e.kind() == mlctl::ErrorKind::data);
    return e.message();
  }
  FAIL("no error");
  return "";
}

}  // namespace

TEST_CASE("model metrics: evaluate_model skips a missing target, an unknown class is wrong") {
  const auto m = trained_on(mlctl::training::testing::classification_csv(40));
  // Row 1 has no target; row 3's class is one the model never saw.
  const std::string csv = "x,c,y\n1,odd,no\n2,even,\n40,even,yes\n39,odd,maybe\n";
  const auto metrics =
      mlctl::training::evaluate_model(m, table_of(csv), std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(metrics.n == 3);
  CHECK(metrics.classes == std::vector<std::string>{"no", "yes", "<unknown class>"});
  REQUIRE(metrics.confusion_matrix.size() == 3);
  CHECK(metrics.confusion_matrix[2][2] == 0);  // never predicted: probability 0
  CHECK(metrics.get(mlctl::model::Metric::accuracy).value() <= 2.0 / 3.0);
  // Only known classes: the model's classes, no extra one.
  const auto known =
      mlctl::training::evaluate_model(m, table_of(csv), std::vector<std::size_t>{0, 2});
  CHECK(known.n == 2);
  CHECK(known.classes == std::vector<std::string>{"no", "yes"});
}

TEST_CASE("model metrics: evaluate_model refuses rows it cannot measure on") {
  const auto ridge = trained_on(mlctl::training::testing::regression_csv(40));
  CHECK(error_of(ridge, "x,c,y\n1,a,2\n2,b,\n", {1}) ==
        "no rows with a value for the target \"y\" to measure the model on");
  CHECK(error_of(ridge, "x,c,y\n1,a,high\n2,b,low\n", {0, 1}) ==
        "the target \"y\" holds text here, but the model predicts numbers");
  const auto r2 =
      mlctl::training::evaluate_model(ridge, table_of(mlctl::training::testing::regression_csv(40)),
                                      std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
  CHECK(r2.n == 6);
  CHECK(r2.get(mlctl::model::Metric::r2).value() > 0.9);
}
