// Measuring a recipe on rows it never saw (training/evaluation.hpp): the splits the recipe asks
// for, pooled out-of-split predictions, their metrics, and what the model keeps of them.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "model/model.hpp"
#include "table/table_test_support.hpp"
#include "training/evaluation.hpp"
#include "training/selection.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::model::Algorithm;
using mlctl::model::EvaluationMethod;
using mlctl::training::Evaluated;
using mlctl::training::Recipe;
using mlctl::training::Target;

namespace {

// A ridge target y[r] = r for n rows, every row with a target.
Target counting_target(std::size_t n) {
  Target t;
  for (std::size_t r = 0; r < n; ++r) {
    t.y.push_back(static_cast<double>(r));
    t.rows.push_back(r);
  }
  return t;
}

// Predictions of 0 for every one of `n` rows, of target r: residual r on row r (pooled).
Evaluated zero_predictions(std::size_t n) {
  Evaluated e;
  for (std::size_t r = 0; r < n; ++r) e.rows.push_back(r);
  e.predictions = mlctl::SpillMatrix(static_cast<Eigen::Index>(n), 1, nullptr);
  e.predictions.view().setZero();
  mlctl::training::pool_held_out(e, counting_target(n), nullptr);
  return e;
}

}  // namespace

TEST_CASE("evaluation: the splits the recipe asks for, recorded in the evaluation") {
  const Target target = counting_target(50);
  Recipe cv;
  cv.cv = 5;
  cv.seed = 9;
  mlctl::model::Evaluation folds;
  CHECK(mlctl::training::splits_of(target, Algorithm::ridge, cv, folds).size() == 5);
  CHECK(folds.method == EvaluationMethod::cv);
  CHECK(folds.folds == 5);
  CHECK(folds.seed == 9);
  CHECK(folds.train_rows == 0);

  Recipe holdout;
  holdout.holdout = 0.2;
  mlctl::model::Evaluation held;
  const auto one = mlctl::training::splits_of(target, Algorithm::ridge, holdout, held);
  REQUIRE(one.size() == 1);
  CHECK(one.front().held_out.size() == 10);
  CHECK(held.method == EvaluationMethod::holdout);
  CHECK(held.fraction == 0.2);
  CHECK(held.seed == 42);
  CHECK(held.train_rows == 40);

  Recipe none;
  none.holdout = 0.0;
  mlctl::model::Evaluation nothing;
  CHECK(mlctl::training::splits_of(target, Algorithm::ridge, none, nothing).empty());
  CHECK(nothing == mlctl::model::Evaluation{});
}

TEST_CASE("evaluation: k folds predict every row once, each from a fit without it") {
  const auto t = mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(30));
  const Target target = mlctl::training::prepare_target(t, t.column("y"), Algorithm::ridge);
  const std::vector<std::string> features = {"x", "c"};
  const mlctl::training::TrainingData data{t, features, target, Algorithm::ridge};
  Recipe recipe;
  recipe.cv = 3;
  mlctl::model::Evaluation evaluation;
  const auto splits = mlctl::training::splits_of(target, Algorithm::ridge, recipe, evaluation);
  Evaluated e = mlctl::training::evaluate(data, splits, 1.0, recipe, {});
  std::vector<std::size_t> rows(e.rows.begin(), e.rows.end());
  std::sort(rows.begin(), rows.end());
  CHECK(rows == std::vector<std::size_t>(target.rows.begin(), target.rows.end()));
  CHECK(e.predictions.rows() == 30);
  CHECK(e.last_held_out == splits.back().held_out);
  REQUIRE(e.last_split.has_value());
  // The first held-out row's prediction is the first fold's model's, not the last one's.
  const Eigen::MatrixXd first = mlctl::training::predict_rows(
      mlctl::training::fit_rows(data, splits.front().train, 1.0, recipe, {{}, "fold"}), t,
      splits.front().held_out, Algorithm::ridge);
  CHECK(e.predictions.view()(0, 0) == first(0, 0));
  mlctl::training::pool_held_out(e, target, nullptr);
  CHECK(e.job_truth.size() == 30);
  CHECK(e.job_truth[0] == target.y[e.rows[0]]);
  CHECK_FALSE(e.job_predictions.has_value());  // alone: `predictions` are the job's
  const auto metrics = mlctl::training::metrics_of(e, target, Algorithm::ridge);
  CHECK(metrics.n == 30);
  CHECK(metrics.get(mlctl::model::Metric::r2).value() > 0.9);
}

TEST_CASE("evaluation: without splits the recipe's alpha is kept and nothing is measured") {
  const auto t = mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(20));
  const Target target = mlctl::training::prepare_target(t, t.column("y"), Algorithm::ridge);
  const std::vector<std::string> features = {"x", "c"};
  Recipe recipe;
  recipe.holdout = 0.0;
  recipe.alphas = {3.0};
  mlctl::training::TrainReport report;
  const auto outcome =
      mlctl::training::evaluate_recipe({t, features, target, Algorithm::ridge}, recipe, {}, report);
  CHECK_FALSE(outcome.evaluated);
  CHECK(outcome.alpha == 3.0);
  CHECK(outcome.best.rows.empty());
  CHECK(outcome.evaluation == mlctl::model::Evaluation{});
  CHECK(report.evaluation_rows.empty());
  CHECK(report.warnings.empty());
}

TEST_CASE("evaluation: residuals beyond the limit are kept as evenly spaced order statistics") {
  const std::size_t n = 3 * mlctl::model::kMaxResiduals;
  mlctl::model::Model m;
  mlctl::training::store_residuals(m, zero_predictions(n));
  CHECK(m.residual_count == n);
  REQUIRE(m.residuals.size() == mlctl::model::kMaxResiduals);
  CHECK(m.residuals.front() == 0.0);
  CHECK(m.residuals.back() == static_cast<double>(n - 1));
  CHECK(std::is_sorted(m.residuals.begin(), m.residuals.end()));

  mlctl::model::Model few;
  mlctl::training::store_residuals(few, zero_predictions(5));
  CHECK(few.residual_count == 5);
  CHECK(few.residuals == std::vector<double>{0, 1, 2, 3, 4});
}

TEST_CASE("evaluation: the stored sample keeps at most its limit of evenly spaced rows") {
  const std::size_t n = 2 * mlctl::model::kMaxEvaluationSample + 1;
  mlctl::model::Model m;
  mlctl::training::store_evaluation_sample(m, zero_predictions(n));
  CHECK(m.evaluation_sample_width == 2);
  REQUIRE(m.evaluation_sample.size() == 2 * mlctl::model::kMaxEvaluationSample);
  CHECK(m.evaluation_sample[0] == 0.0);  // truth of row 0
  CHECK(m.evaluation_sample[2] == static_cast<double>(n / mlctl::model::kMaxEvaluationSample));
  CHECK(m.evaluation_sample[1] == 0.0);  // its prediction
}
