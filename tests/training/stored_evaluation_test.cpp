// What training stores of its evaluation for the report to draw: the held-out sample and
// permutation importance (training/evaluation.hpp, through train()), and their round trip
// through the model file.

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "model/model_file.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

namespace {

using mlctl::model::Model;
using mlctl::table::testing::table_of;
using mlctl::training::Recipe;
using mlctl::training::TrainReport;

Model trained(const std::string& csv) {
  Recipe recipe;
  recipe.target = "y";
  TrainReport report;
  return mlctl::training::train(table_of(csv), recipe, report);
}

}  // namespace

TEST_CASE(
    "stored evaluation: ridge, the held-out sample pairs each truth with its out-of-split "
    "prediction") {
  const auto csv = mlctl::training::testing::regression_csv(40);
  TrainReport report;
  Recipe recipe;
  recipe.target = "y";
  const Model m = mlctl::training::train(table_of(csv), recipe, report);
  CHECK(m.evaluation_sample_width == 2);
  REQUIRE(m.evaluation_sample.size() == 16);  // 8 held-out rows
  for (std::size_t i = 0; i < 8; ++i) {
    CHECK(m.evaluation_sample[2 * i] == report.evaluation_targets[i]);
    CHECK(m.evaluation_sample[2 * i + 1] == report.evaluation_predictions(static_cast<long>(i), 0));
  }
  // y is 2x plus a small step for c == b: shuffling x ruins R², shuffling c barely matters.
  REQUIRE(m.evaluation.permutation_importance.has_value());
  const auto& p = *m.evaluation.permutation_importance;
  CHECK(p.metric == mlctl::model::Metric::r2);
  CHECK(p.rows == 8);
  CHECK(p.repeats == 5);
  REQUIRE(p.features.size() == 2);
  CHECK(p.features[0].feature == "x");
  CHECK(p.features[1].feature == "c");
  const double x = p.features[0].mean;
  const double c = p.features[1].mean;
  CHECK(x > 1.0);
  CHECK(std::abs(c) < 0.1);
  CHECK(p.features[0].std >= 0.0);
}

TEST_CASE(
    "stored evaluation: logistic, the sample holds the class index and K probabilities per row") {
  const Model m = trained(mlctl::training::testing::classification_csv(40));
  CHECK(m.evaluation_sample_width == 3);
  REQUIRE(m.evaluation_sample.size() == 24);
  for (std::size_t i = 0; i < 8; ++i) {
    const double truth = m.evaluation_sample[3 * i];
    CHECK((truth == 0.0 || truth == 1.0));
    CHECK(m.evaluation_sample[3 * i + 1] + m.evaluation_sample[3 * i + 2] == doctest::Approx(1.0));
  }
  REQUIRE(m.evaluation.permutation_importance.has_value());
  CHECK(m.evaluation.permutation_importance->metric == mlctl::model::Metric::log_loss);
}

TEST_CASE(
    "stored evaluation: the sample survives the model file, and files without it still load") {
  const Model m = trained(mlctl::training::testing::classification_csv(40));
  auto container = mlctl::model::to_container(m);
  REQUIRE(container.arrays.count("evaluation.sample") == 1);
  CHECK(container.arrays.at("evaluation.sample").shape == std::vector<std::int64_t>{8, 3});
  const Model back = mlctl::model::from_container(container, "m.mlm");
  CHECK(back.evaluation_sample == m.evaluation_sample);
  CHECK(back.evaluation_sample_width == 3);
  container.arrays.erase("evaluation.sample");
  const Model old = mlctl::model::from_container(container, "old.mlm");
  CHECK(old.evaluation_sample.empty());
  CHECK(old.evaluation_sample_width == 0);
  // A sample whose width does not match the classes is refused.
  container.arrays["evaluation.sample"] = {{4, 2}, std::vector<double>(8, 0.0)};
  try {
    (void)mlctl::model::from_container(container, "bad.mlm");
    FAIL("expected an error");
  } catch (const mlctl::Error& e) {
    CHECK(std::string(e.what()).find("the evaluation sample does not have 3 columns") !=
          std::string::npos);
  }
}
