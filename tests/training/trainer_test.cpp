// training::train: the algorithm and feature choices, the report, option errors, the
// evaluation record. (The recipe's record: recipe_test.cpp; metrics: model_metrics_test.cpp.)

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "model/metadata_json.hpp"
#include "model/model.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::model::Algorithm;
using mlctl::model::Model;
using mlctl::table::Table;
using mlctl::table::testing::dataset;
using mlctl::table::testing::table_of;
using mlctl::training::Recipe;
using mlctl::training::train;
using mlctl::training::TrainReport;
using mlctl::training::testing::classification_csv;
using mlctl::training::testing::keys_of;
using mlctl::training::testing::recipe_for;
using mlctl::training::testing::regression_csv;

using mlctl::model::to_json;

namespace {

// The message of the Error that training throws; fails the test when there is none.
Error train_error(const Table& t, const Recipe& recipe) {
  TrainReport report;
  try {
    (void)train(t, recipe, report);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error");
  return Error(ErrorKind::internal, "unreachable");
}

}  // namespace

TEST_CASE("trainer: a text target trains a logistic model") {
  const Table t = table_of(classification_csv(40));
  TrainReport report;
  const Model m = train(t, recipe_for("y"), report);
  CHECK(m.algorithm == Algorithm::logistic);
  CHECK(report.algorithm_reason == "target \"y\" holds 2 classes");
  CHECK(m.classes == std::vector<std::string>{"no", "yes"});
  CHECK(m.target == "y");
  CHECK(m.linear.coef.rows() == 1);
  CHECK(m.linear.coef.cols() == 3);  // x, c=even, c=odd
  CHECK(m.is_classifier());
  CHECK(report.final_fit.converged);
  CHECK(report.warnings.empty());
}

TEST_CASE("trainer: a numeric target with 2 distinct values trains a logistic model") {
  const Table t = table_of("x,y\n1,0\n2,1\n3,0\n4,1\n5,1\n6,0\n7,1\n8,1\n9,0\n10,1\n");
  TrainReport report;
  const Model m = train(t, recipe_for("y"), report);
  CHECK(m.algorithm == Algorithm::logistic);
  CHECK(report.algorithm_reason == "target \"y\" holds 2 distinct values");
  CHECK(m.classes == std::vector<std::string>{"0", "1"});
}

TEST_CASE("trainer: two distinct values counted as the column sorted would count them") {
  // Missing targets are left out, -0 equals 0: still two values.
  const Table two = table_of("x,y\n1,0\n2,1\n3,\n4,-0\n5,1\n6,0\n7,1\n8,NA\n9,0\n10,1\n");
  TrainReport report;
  const Model m = train(two, recipe_for("y"), report);
  CHECK(m.algorithm == Algorithm::logistic);
  CHECK(m.classes == std::vector<std::string>{"0", "1"});
  CHECK(report.algorithm_reason == "target \"y\" holds 2 distinct values");
  // A third value on the last row: ridge.
  const Table three = table_of("x,y\n1,0\n2,1\n3,0\n4,1\n5,1\n6,0\n7,1\n8,1\n9,0\n10,2\n");
  TrainReport report3;
  CHECK(train(three, recipe_for("y"), report3).algorithm == Algorithm::ridge);
  CHECK(report3.algorithm_reason == "target \"y\" is numeric");
}

TEST_CASE("trainer: a numeric target with more values trains ridge") {
  const Table t = table_of(regression_csv(30));
  TrainReport report;
  const Model m = train(t, recipe_for("y"), report);
  CHECK(m.algorithm == Algorithm::ridge);
  CHECK(report.algorithm_reason == "target \"y\" is numeric");
  CHECK(m.classes.empty());
  CHECK(m.alpha == 1.0);
  CHECK(m.pipeline.encoded_names() == std::vector<std::string>{"x", "c=a", "c=b", "c=c"});
  CHECK(to_json(m.recipe).at("features_used") == nlohmann::json({"x", "c"}));
  CHECK(to_json(m.recipe).at("algorithm") == "ridge");  // the effective choice, not "auto"
  CHECK(m.data.rows == 30);
  CHECK(m.data.source == t.source);
}

TEST_CASE("trainer: --algorithm is honoured, ridge with a text target is a usage error") {
  const Table numeric = table_of(regression_csv(30));
  Recipe recipe = recipe_for("y");
  recipe.algorithm = Algorithm::ridge;
  TrainReport report;
  CHECK(train(numeric, recipe, report).algorithm == Algorithm::ridge);
  CHECK(report.algorithm_reason == "chosen with --algorithm");

  const Table text = table_of(classification_csv(40));
  const Error e = train_error(text, recipe);
  CHECK(e.kind() == ErrorKind::usage);
  // classification_csv's first target is "yes" (row 0: i % 5 == 0).
  CHECK(e.message() == "--algorithm ridge needs a numeric target; \"y\" holds text (e.g. \"yes\")");
}

TEST_CASE("trainer: rows without a target are counted and left out") {
  std::string csv = regression_csv(20);
  csv += "100,a,NA\n101,b,\n102,c,NA\n103,a,\n";
  const Table t = table_of(csv);
  Recipe recipe = recipe_for("y");
  recipe.holdout = 0.25;
  TrainReport report;
  const Model m = train(t, recipe, report);
  CHECK(report.rows_without_target == 4);
  CHECK(report.warnings ==
        std::vector<std::string>{"4 rows have no value for the target \"y\": left out"});
  TrainReport one;
  (void)train(table_of(regression_csv(20) + "100,a,NA\n"), recipe, one);
  CHECK(one.warnings ==
        std::vector<std::string>{"1 row has no value for the target \"y\": left out"});
  CHECK(m.data.rows == 24);
  CHECK(to_json(m.evaluation).at("train_rows") == 15);
  CHECK(to_json(m.evaluation).at("rows") == 5);
  CHECK(m.residual_count == 5);
  // x was fitted on the 20 rows with a target only: mean of 1..20.
  CHECK(m.pipeline.features()[0].center == 10.5);
}

TEST_CASE("trainer: an identifier-like column is left out unless listed in --features") {
  std::string csv = "id,x,e,y\n";
  for (int i = 0; i < 25; ++i) {
    csv += fmt::format("p{},{},,{}\n", i, i % 5, i % 2 == 0 ? "a" : "b");
  }
  const Table t = table_of(csv);
  {
    TrainReport report;
    const Model m = train(t, recipe_for("y"), report);
    CHECK(report.excluded == std::vector<std::string>{"id", "e"});
    CHECK(report.warnings ==
          std::vector<std::string>{
              "column \"id\" looks like an identifier (25 distinct values in 25 rows): left out; "
              "name it in --features to use it",
              "column \"e\" is empty (every value missing): left out"});
    CHECK(to_json(m.recipe).at("features_used") == nlohmann::json({"x"}));
  }
  {
    Recipe recipe = recipe_for("y");
    recipe.features = {"x", "id"};
    TrainReport report;
    const Model m = train(t, recipe, report);
    CHECK(report.excluded.empty());
    CHECK(report.warnings.empty());
    CHECK(to_json(m.recipe).at("features_used") ==
          nlohmann::json({"x", "id"}));  // the user's order
    CHECK(m.pipeline.width() == 26);
  }
  {
    Recipe recipe = recipe_for("y");
    recipe.exclude = {"x"};
    recipe.features = {};
    const Error e = train_error(t, recipe);  // id and e left out, x excluded: nothing left
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == "no feature columns left to train on");
  }
}

TEST_CASE("trainer: inconsistent options are usage errors with exact messages") {
  const Table t = table_of(regression_csv(30));
  const auto check = [&](const Recipe& recipe, const std::string& message) {
    CAPTURE(message);
    const Error e = train_error(t, recipe);
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == message);
  };
  Recipe r = recipe_for("y");
  r.alphas = {0.1, 1.0};
  check(r, "several --alpha values are compared by cross-validation: add --cv K (e.g. --cv 5)");
  r = recipe_for("");
  check(r, "--target is required");
  r = recipe_for("y");
  r.alphas = {};
  check(r, "--alpha needs at least one value");
  r.alphas = {-1.0};
  check(r, "--alpha must be >= 0, got -1");
  r = recipe_for("y");
  r.holdout = 1.0;
  check(r, "--holdout must be in [0, 1), got 1");
  // --cv 1 was accepted, recorded and ignored (a holdout was used); --class-weight balanced on
  // ridge was accepted, recorded and had no effect.
  r = recipe_for("y");
  r.cv = 1;
  check(r, "--cv needs at least 2 folds, got 1 (leave it out for --holdout)");
  r.cv = -3;
  check(r, "--cv needs at least 2 folds, got -3 (leave it out for --holdout)");
  r = recipe_for("y");
  r.class_weight = mlctl::training::ClassWeight::balanced;
  check(r,
        "--class-weight balanced needs classes: \"y\" is fitted by ridge regression "
        "(--algorithm logistic for a classifier)");
  r = recipe_for("nope");
  check(r, "no column named \"nope\" in the data");
  r = recipe_for("y");
  r.features = {"x", "y"};
  check(r, "the target \"y\" cannot be a feature");
  r.features = {"x", "q"};
  check(r, "no column named \"q\" in the data");
  r = recipe_for("y");
  r.algorithm = Algorithm::logistic;
  r.alphas = {0.0};
  check(r, "logistic regression needs --alpha > 0 (alpha = 1/C), got 0");
}

TEST_CASE("trainer: data that cannot train is a data error") {
  Error e = train_error(table_of("x,y\n1,a\n2,NA\n"), recipe_for("y"));
  CHECK(e.kind() == ErrorKind::data);
  CHECK(e.message() == "too few rows with a target to train on (1)");
  e = train_error(table_of("x,y\n1,a\n2,a\n3,a\n"), recipe_for("y"));
  CHECK(e.kind() == ErrorKind::data);
  CHECK(e.message() == "the target \"y\" has a single class (\"a\"): nothing to learn");
}

TEST_CASE("trainer: several alphas with --cv are scored and the best is picked") {
  const Table t = table_of(regression_csv(30));
  Recipe recipe = recipe_for("y");
  recipe.alphas = {0.01, 1.0, 1000.0};
  recipe.cv = 3;
  TrainReport report;
  const Model m = train(t, recipe, report);
  REQUIRE(report.alpha_scores.size() == 3);
  CHECK(report.alpha_scores[0].alpha == 0.01);
  CHECK(report.alpha_scores[1].alpha == 1.0);
  CHECK(report.alpha_scores[2].alpha == 1000.0);
  const auto best =
      std::max_element(report.alpha_scores.begin(), report.alpha_scores.end(),
                       [](const auto& a, const auto& b) { return a.score < b.score; });
  CHECK(m.alpha == best->alpha);
  // alpha = 1000 shrinks the slope of 2 far towards 0: much the worst R².
  CHECK(report.alpha_scores[2].score < 0.5);
  CHECK(report.alpha_scores[0].score > 0.99);
  CHECK(m.alpha != 1000.0);
  CHECK(to_json(m.evaluation).at("method") == "cv");
  CHECK(to_json(m.evaluation).at("folds") == 3);
  CHECK(to_json(m.evaluation).at("seed") == 42);
  CHECK(to_json(m.evaluation).at("rows") == 30);
  CHECK(to_json(m.evaluation).at("alpha_selected_by_cv") == true);
  CHECK(to_json(m.evaluation).at("metrics").at("r2").get<double>() == best->score);
  CHECK(m.residual_count == 30);
}

TEST_CASE("trainer: one alpha with --cv records no alpha scores") {
  const Table t = table_of(regression_csv(30));
  Recipe recipe = recipe_for("y");
  recipe.cv = 5;
  TrainReport report;
  const Model m = train(t, recipe, report);
  CHECK(report.alpha_scores.empty());
  CHECK(to_json(m.evaluation).at("method") == "cv");
  CHECK_FALSE(to_json(m.evaluation).contains("alpha_selected_by_cv"));
}

TEST_CASE("trainer: holdout 0 means no evaluation and no residuals") {
  const Table t = table_of(regression_csv(30));
  Recipe recipe = recipe_for("y");
  recipe.holdout = 0.0;
  TrainReport report;
  const Model m = train(t, recipe, report);
  CHECK(to_json(m.evaluation) == nlohmann::json({{"method", "none"}}));
  CHECK(m.residuals.empty());
  CHECK(m.residual_count == 0);
}

TEST_CASE("trainer: the evaluation record of a ridge holdout") {
  const Table t = table_of(regression_csv(40));
  TrainReport report;
  const Model m = train(t, recipe_for("y"), report);
  CHECK(keys_of(to_json(m.evaluation)) == std::set<std::string>{"method", "fraction", "seed",
                                                                "train_rows", "rows", "metrics",
                                                                "permutation_importance"});
  CHECK(to_json(m.evaluation).at("method") == "holdout");
  CHECK(to_json(m.evaluation).at("fraction") == 0.2);
  CHECK(to_json(m.evaluation).at("seed") == 42);
  CHECK(to_json(m.evaluation).at("train_rows") == 32);
  CHECK(to_json(m.evaluation).at("rows") == 8);
  CHECK(keys_of(to_json(m.evaluation).at("metrics")) ==
        std::set<std::string>{"n", "r2", "rmse", "mae"});
  CHECK(to_json(m.evaluation).at("metrics").at("n") == 8);
  CHECK(m.residual_count == 8);
  REQUIRE(m.residuals.size() == 8);
  CHECK(std::is_sorted(m.residuals.begin(), m.residuals.end()));
  CHECK(m.residuals.front() >= 0.0);
  // The MAE is the mean of the residuals.
  double sum = 0;
  for (const double r : m.residuals) sum += r;
  CHECK(to_json(m.evaluation).at("metrics").at("mae").get<double>() == doctest::Approx(sum / 8));
}

TEST_CASE("trainer: the evaluation record of a logistic holdout") {
  const Table t = table_of(classification_csv(40));
  TrainReport report;
  const Model m = train(t, recipe_for("y"), report);
  const auto metrics = to_json(m.evaluation).at("metrics");
  CHECK(keys_of(metrics) == std::set<std::string>{"n", "accuracy", "precision_macro",
                                                  "recall_macro", "f1_macro", "log_loss", "classes",
                                                  "confusion_matrix", "roc_auc"});
  CHECK(metrics.at("classes") == nlohmann::json({"no", "yes"}));
  // Stratified: classification_csv(40) has 20 "no" and 20 "yes"; 4 of each are held out.
  CHECK(metrics.at("n") == 8);
  CHECK(to_json(m.evaluation).at("train_rows") == 32);
  const auto confusion = metrics.at("confusion_matrix").get<std::vector<std::vector<int>>>();
  CHECK(confusion[0][0] + confusion[0][1] == 4);
  CHECK(confusion[1][0] + confusion[1][1] == 4);
  CHECK(m.residuals.empty());  // intervals are for ridge only
  CHECK(m.residual_count == 0);
}

TEST_CASE("trainer: titanic.csv trains a logistic model without the name column") {
  const Table t = dataset("titanic.csv");
  TrainReport report;
  const Model m = train(t, recipe_for("survived"), report);
  CHECK(m.algorithm == Algorithm::logistic);
  CHECK(m.classes == std::vector<std::string>{"no", "yes"});
  CHECK(report.excluded == std::vector<std::string>{"name"});
  CHECK(to_json(m.recipe).at("features_used") == nlohmann::json({"sex", "age", "passengerClass"}));
  CHECK(m.pipeline.encoded_names() ==
        std::vector<std::string>{"sex=female", "sex=male", "age", "passengerClass=1st",
                                 "passengerClass=2nd", "passengerClass=3rd"});
  CHECK(to_json(m.evaluation).at("train_rows") == 1047);  // 809 - ceil(161.8), 500 - ceil(100)
  CHECK(to_json(m.evaluation).at("rows") == 262);
  CHECK(to_json(m.evaluation).at("metrics").at("accuracy").get<double>() > 0.7);
  CHECK(m.data.rows == 1309);
}
