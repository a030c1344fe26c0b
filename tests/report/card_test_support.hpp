#pragma once
// Two small hand-made models whose cards the report tests know exactly: a ridge model held out
// on 2 of 8 rows, and a binary classifier measured by cross-validation, retrained once with
// --force, with a held-out sample and permutation importance.

#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/model.hpp"

namespace mlctl::report::testing {

inline pipeline::Feature numeric_feature(const char* name, double center, double scale) {
  pipeline::Feature f;
  f.name = name;
  f.type = table::ColumnType::numeric;
  f.fill = center;
  f.center = center;
  f.scale = scale;
  return f;
}

inline pipeline::Feature categorical_feature(const char* name,
                                             std::vector<std::string> categories) {
  pipeline::Feature f;
  f.name = name;
  f.type = table::ColumnType::categorical;
  f.categories = std::move(categories);
  return f;
}

inline model::ColumnStats numeric_stats(const char* name, double mean, double std, double min,
                                        double max) {
  model::ColumnStats s{name, table::ColumnType::numeric, 8, 0, 5, {}, {}};
  s.numeric = model::NumericSummary{};
  s.numeric->mean = mean;
  s.numeric->std = std;
  s.numeric->min = min;
  s.numeric->max = max;
  s.numeric->bin_edges = {mean};
  s.numeric->bin_shares = {0.5, 0.5};
  return s;
}

// y from x (numeric, standard scaling) and c (categories a, b and missing); 8 rows in toy.csv.
inline model::Model small_ridge() {
  model::Model m;
  m.algorithm = model::Algorithm::ridge;
  m.alpha = 1.0;
  m.target = "y";
  pipeline::Feature c = categorical_feature("c", {"a", "b"});
  c.missing_category = true;
  m.pipeline = pipeline::FeaturePipeline({}, {numeric_feature("x", 2.5, 1.25), c});
  m.linear.coef = Eigen::MatrixXd{{2.0, -0.5, 0.25, 0.0}};
  m.linear.intercept = Eigen::VectorXd{{10.0}};
  m.recipe.target = "y";
  m.recipe.algorithm = model::Algorithm::ridge;
  model::Evaluation& e = m.evaluation;
  e.method = model::EvaluationMethod::holdout;
  e.fraction = 0.25;
  e.train_rows = 6;
  e.rows = 2;
  e.seed = 42;
  e.metrics.n = 2;
  e.metrics.values = {
      {model::Metric::r2, 0.5}, {model::Metric::rmse, 1.25}, {model::Metric::mae, 1}};
  m.residual_count = 2;
  m.residuals = {0.5, 1.5};
  m.evaluation_sample = {11.0, 10.5, 9.0, 10.0};  // truth, prediction; two rows
  m.evaluation_sample_width = 2;
  m.data = {"toy.csv", 64, 8, 0x0123456789abcdefULL, {}};
  m.read_settings.recorded = true;
  m.read_settings.dialect.delimiter = ',';
  model::ColumnStats cs{"c", table::ColumnType::categorical, 7, 1, 2, {}, {}};
  cs.categorical = model::CategoryShares{{{"a", 0.5}, {"b", 0.375}}, 0.0};
  m.training_stats = {8,
                      {numeric_stats("x", 2.5, 1.2, 1, 4), cs, numeric_stats("y", 10, 2, 7, 13)}};
  m.provenance = {"0.1.0", "2026-12-06T00:00:00Z", "00000000000000aa", "", false, {}};
  return m;
}

// "yes" or "no" from z (numeric, min-max scaling); cross-validated, retrained once with --force.
inline model::Model small_classifier() {
  model::Model m;
  m.algorithm = model::Algorithm::logistic;
  m.alpha = 0.5;
  m.target = "ok";
  m.classes = {"no", "yes"};
  pipeline::PipelineOptions options;
  options.impute = pipeline::Imputation::median;
  options.scale = pipeline::Scaling::minmax;
  m.pipeline = pipeline::FeaturePipeline(options, {numeric_feature("z", 0.0, 4.0)});
  m.linear.coef = Eigen::MatrixXd{{3.0}};
  m.linear.intercept = Eigen::VectorXd{{-1.0}};
  m.recipe.target = "ok";
  m.recipe.algorithm = model::Algorithm::logistic;
  model::Evaluation& e = m.evaluation;
  e.method = model::EvaluationMethod::cv;
  e.folds = 2;
  e.seed = 7;
  e.rows = 4;
  e.metrics.n = 4;
  e.metrics.values = {{model::Metric::accuracy, 0.75}, {model::Metric::log_loss, 0.4}};
  e.metrics.classes = {"no", "yes"};
  e.metrics.confusion_matrix = {{2, 0}, {1, 1}};
  e.permutation_importance =
      model::PermutationImportance{model::Metric::log_loss, 4, 5, {{"z", 0.25, 0.05}}};
  // truth (class index), P(no), P(yes); four rows
  m.evaluation_sample = {0, 0.9, 0.1, 0, 0.7, 0.3, 1, 0.6, 0.4, 1, 0.2, 0.8};
  m.evaluation_sample_width = 3;
  m.data = {"new.csv", 32, 4, 0xfedcba9876543210ULL, {}};
  m.training_stats = {4, {numeric_stats("z", 2, 2, 0, 4)}};
  model::Ancestor parent{
      "00000000000000b1", "", "2026-12-01T00:00:00Z", {"old.csv", 16, 2, 1, {}}, false};
  m.provenance = {"0.1.0", "2026-12-06T00:00:00Z", "00000000000000b2", "00000000000000b1", true,
                  {parent}};
  return m;
}

// small_ridge with c widened to `levels` categories ("L0000", ...), whose coefficient grows with
// the level: |coef| = level + 1, alternating in sign, so the largest are the last levels. For
// the cards' cut of many coefficients.
inline model::Model wide_ridge(std::size_t levels) {
  model::Model m = small_ridge();
  std::vector<std::string> names;
  for (std::size_t k = 0; k < levels; ++k) names.push_back(fmt::format("L{:04}", k));
  m.pipeline = pipeline::FeaturePipeline(
      {}, {numeric_feature("x", 2.5, 1.25), categorical_feature("c", std::move(names))});
  m.linear.coef = Eigen::MatrixXd::Zero(1, static_cast<Eigen::Index>(levels + 1));
  m.linear.coef(0, 0) = 0.5;
  for (std::size_t k = 0; k < levels; ++k) {
    m.linear.coef(0, static_cast<Eigen::Index>(k + 1)) =
        (k % 2 ? -1.0 : 1.0) * static_cast<double>(k + 1);
  }
  return m;
}

}  // namespace mlctl::report::testing
