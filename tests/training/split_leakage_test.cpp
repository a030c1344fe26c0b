// No split leakage (rows of a split's held-out side reaching its fit; the target leakage that
// lint-data looks for is src/checks/leakage's): every pipeline step used to measure a model is
// fitted on the rows of the split's training side only. The held-out rows here carry extreme values
// and a category nobody else has; the fitted statistics must not see them, and the trainer's
// held-out residuals and metrics must equal those of a pipeline fitted on the training rows alone
// (and differ from a pipeline fitted on every row).

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "model/model.hpp"
#include "pipeline/encoded_source.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "solvers/linear_model.hpp"
#include "solvers/logistic.hpp"
#include "solvers/ridge.hpp"
#include "table/table_test_support.hpp"
#include "training/split.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::model::Algorithm;
using mlctl::model::Model;
using mlctl::pipeline::EncodedSource;
using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::TableEncoder;
using mlctl::table::Table;
using mlctl::table::testing::all_rows;
using mlctl::table::testing::table_of;
using mlctl::training::holdout_split;
using mlctl::training::kfold_splits;
using mlctl::training::Recipe;
using mlctl::training::Split;
using mlctl::training::TrainReport;
using mlctl::training::testing::contains_row;

namespace {

constexpr std::size_t kRows = 40;

// Rows in `held` get x = 1000 + 10 i and c = "only_held"; the others x = i + 1 (missing for
// every 7th) and c = a/b. y = 2x + 3[c == a] + a wobble.
std::string leaky_csv(std::span<const std::size_t> held) {
  std::string csv = "x,c,y\n";
  for (std::size_t i = 0; i < kRows; ++i) {
    const bool out = contains_row(held, i);
    const double x = out ? 1000.0 + 10.0 * static_cast<double>(i) : static_cast<double>(i + 1);
    const std::string c = out ? "only_held" : (i % 2 == 0 ? "a" : "b");
    const double y = 2 * x + (c == "a" ? 3.0 : 0.0) + std::cos(static_cast<double>(i));
    const bool missing_x = !out && i % 7 == 0;
    csv += fmt::format("{},{},{}\n", missing_x ? std::string("NA") : fmt::format("{}", x), c, y);
  }
  return csv;
}

std::vector<double> targets_of(const Table& t) {
  const auto& y = t.column("y").numbers;
  return {y.begin(), y.end()};
}

// Sorted absolute residuals on `split.held_out` of ridge(alpha 1) fitted on `split.train`,
// with the pipeline fitted on `pipeline_rows`.
std::vector<double> ridge_residuals(const Table& t, const Split& split,
                                    std::span<const std::size_t> pipeline_rows) {
  const auto y = targets_of(t);
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x", "c"}, pipeline_rows, {});
  const TableEncoder encoder(p, t);
  const EncodedSource source(encoder, p, split.train, y);
  const auto fitted = mlctl::solvers::fit_ridge(source, {1.0});
  Eigen::MatrixXd X;
  encoder.encode(split.held_out, X);
  const Eigen::MatrixXd predicted = mlctl::solvers::decision_function(fitted, X);
  std::vector<double> residuals;
  for (std::size_t i = 0; i < split.held_out.size(); ++i) {
    residuals.push_back(
        std::abs(y[split.held_out[i]] - predicted(static_cast<Eigen::Index>(i), 0)));
  }
  std::sort(residuals.begin(), residuals.end());
  return residuals;
}

}  // namespace

TEST_CASE(
    "no split leakage: a pipeline fitted on the split's training rows ignores held-out rows") {
  const Split split = holdout_split(all_rows(kRows), {}, 0.25, 42);
  REQUIRE(split.held_out.size() == 10);
  const Table t = table_of(leaky_csv(split.held_out));

  // The training rows' statistics, by hand: x observed on train rows, imputed with their mean.
  std::vector<double> observed;
  std::size_t missing = 0;
  for (const auto r : split.train) {
    if (r % 7 == 0) {
      ++missing;
    } else {
      observed.push_back(static_cast<double>(r + 1));
    }
  }
  REQUIRE(missing > 0);
  double sum = 0;
  for (const double v : observed) sum += v;
  const double fill = sum / static_cast<double>(observed.size());
  // Imputing with the mean keeps the mean; the variance loses the missing rows' share.
  double squares = 0;
  for (const double v : observed) squares += (v - fill) * (v - fill);
  const double scale = std::sqrt(squares / static_cast<double>(split.train.size()));

  const FeaturePipeline p = FeaturePipeline::fit(t, {"x", "c"}, split.train, {});
  const auto& x = p.features()[0];
  CHECK(x.fill == doctest::Approx(fill).epsilon(1e-14));
  CHECK(x.center == doctest::Approx(fill).epsilon(1e-14));
  CHECK(x.scale == doctest::Approx(scale).epsilon(1e-14));
  CHECK(x.center < 41.0);  // every training x is at most 40; held-out ones are over 1000
  const auto& c = p.features()[1];
  CHECK(c.categories == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(c.missing_category);

  // Held-out rows are encoded with the training statistics, their category as all zeros.
  const TableEncoder encoder(p, t);
  Eigen::MatrixXd X;
  encoder.encode(split.held_out, X);
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    const double raw =
        1000.0 + 10.0 * static_cast<double>(split.held_out[static_cast<std::size_t>(i)]);
    CHECK(X(i, 0) == doctest::Approx((raw - fill) / scale).epsilon(1e-14));
    CHECK(X(i, 1) == 0.0);
    CHECK(X(i, 2) == 0.0);
  }

  // The leaky alternative would have seen them.
  const FeaturePipeline everything = FeaturePipeline::fit(t, {"x", "c"}, all_rows(kRows), {});
  CHECK(everything.features()[0].center > 200.0);
  CHECK(everything.features()[1].categories == std::vector<std::string>{"a", "b", "only_held"});
}

TEST_CASE("no split leakage: the trainer's holdout residuals come from a train-only pipeline") {
  const Split split = holdout_split(all_rows(kRows), {}, 0.25, 42);
  const Table t = table_of(leaky_csv(split.held_out));
  Recipe recipe;
  recipe.target = std::string(1, 'y');
  recipe.holdout = 0.25;
  recipe.seed = 42;
  TrainReport report;
  const Model m = mlctl::training::train(t, recipe, report);
  REQUIRE(m.algorithm == Algorithm::ridge);
  REQUIRE(m.evaluation.train_rows == split.train.size());

  const auto honest = ridge_residuals(t, split, split.train);
  const auto leaky = ridge_residuals(t, split, all_rows(kRows));
  CHECK(m.residual_count == 10);
  REQUIRE(m.residuals.size() == honest.size());
  for (std::size_t i = 0; i < honest.size(); ++i) {
    CAPTURE(i);
    CHECK(m.residuals[i] == doctest::Approx(honest[i]).epsilon(1e-12));
  }
  // The test can tell the two apart: a leaky trainer would fail the checks above.
  double largest_gap = 0;
  for (std::size_t i = 0; i < honest.size(); ++i) {
    largest_gap = std::max(largest_gap, std::abs(honest[i] - leaky[i]));
  }
  CHECK(largest_gap > 1e-3);

  // The final model learns from every row, so it does know the held-out category.
  CHECK(m.pipeline.features()[1].categories == std::vector<std::string>{"a", "b", "only_held"});
}

TEST_CASE("no split leakage: every k-fold split gets its own train-only pipeline") {
  const auto rows = all_rows(kRows);
  const auto splits = kfold_splits(rows, {}, 4, 42);
  // Fold 0's rows are the extreme ones: the other three folds train without them.
  const Table t = table_of(leaky_csv(splits[0].held_out));
  Recipe recipe;
  recipe.target = std::string(1, 'y');
  recipe.cv = 4;
  recipe.seed = 42;
  TrainReport report;
  const Model m = mlctl::training::train(t, recipe, report);
  std::vector<double> honest;
  std::vector<double> leaky;
  for (const auto& split : splits) {
    const auto h = ridge_residuals(t, split, split.train);
    const auto l = ridge_residuals(t, split, rows);
    honest.insert(honest.end(), h.begin(), h.end());
    leaky.insert(leaky.end(), l.begin(), l.end());
  }
  std::sort(honest.begin(), honest.end());
  std::sort(leaky.begin(), leaky.end());
  CHECK(m.residual_count == kRows);
  REQUIRE(m.residuals.size() == honest.size());
  double largest_gap = 0;
  for (std::size_t i = 0; i < honest.size(); ++i) {
    CAPTURE(i);
    CHECK(m.residuals[i] == doctest::Approx(honest[i]).epsilon(1e-12));
    largest_gap = std::max(largest_gap, std::abs(honest[i] - leaky[i]));
  }
  CHECK(largest_gap > 1e-3);
}

TEST_CASE("no split leakage: a logistic holdout is measured with a train-only pipeline") {
  // Classes by row: "yes" for odd rows, "no" for even; the trainer stratifies by class index
  // (no = 0, yes = 1) over all rows, so the split is reproducible here.
  std::vector<int> classes;
  for (std::size_t i = 0; i < kRows; ++i) classes.push_back(i % 2 == 1 ? 1 : 0);
  const Split split = holdout_split(all_rows(kRows), classes, 0.25, 42);
  std::string csv = "x,c,y\n";
  for (std::size_t i = 0; i < kRows; ++i) {
    const bool out = contains_row(split.held_out, i);
    const double x = out ? 500.0 + static_cast<double>(i) : static_cast<double>(i % 9);
    // Overlapping classes (x alone does not separate them), so the optimum is finite.
    csv += fmt::format("{},{},{}\n", x, out ? "only_held" : (i % 3 == 0 ? "p" : "q"),
                       classes[i] == 1 ? "yes" : "no");
  }
  const Table t = table_of(csv);
  Recipe recipe;
  recipe.target = std::string(1, 'y');
  recipe.holdout = 0.25;
  TrainReport report;
  const Model m = mlctl::training::train(t, recipe, report);
  REQUIRE(m.algorithm == Algorithm::logistic);

  const auto log_loss_with = [&](std::span<const std::size_t> pipeline_rows) {
    std::vector<double> y(kRows);
    for (std::size_t i = 0; i < kRows; ++i) y[i] = classes[i];
    const FeaturePipeline p = FeaturePipeline::fit(t, {"x", "c"}, pipeline_rows, {});
    const TableEncoder encoder(p, t);
    const EncodedSource source(encoder, p, split.train, y);
    mlctl::solvers::LogisticOptions options;
    options.alpha = 1.0;
    options.num_classes = 2;
    options.max_iterations = recipe.max_iterations;
    const auto fitted = mlctl::solvers::fit_logistic(source, options);
    Eigen::MatrixXd X;
    encoder.encode(split.held_out, X);
    std::vector<int> truth;
    for (const auto r : split.held_out) truth.push_back(classes[r]);
    return *mlctl::training::classification_metrics_of(
                truth, mlctl::solvers::predict_proba(fitted, X), {"no", "yes"})
                .get(mlctl::model::Metric::log_loss);
  };
  const double honest = log_loss_with(split.train);
  const double leaky = log_loss_with(all_rows(kRows));
  const double measured = *m.evaluation.metrics.get(mlctl::model::Metric::log_loss);
  CHECK(measured == doctest::Approx(honest).epsilon(1e-9));
  CHECK(std::abs(honest - leaky) > 1e-3);
}
