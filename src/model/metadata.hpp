#pragma once
// A model's typed metadata: the recipe it was trained with, how it was measured and what its
// training data looked like (#12). The
// model file stores them as JSON; only the model-file code (model/metadata_json.hpp) converts,
// and it validates every field on load. The metric names live in one table, kMetrics.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/feature_pipeline.hpp"
#include "table/table.hpp"

namespace mlctl::model {

enum class Algorithm { ridge, logistic };

// Every metric a model's evaluation holds, in the order reports list them.
enum class Metric {
  r2,
  rmse,
  mae,
  accuracy,
  precision_macro,
  recall_macro,
  f1_macro,
  log_loss,
  roc_auc
};

struct MetricInfo {
  Metric metric;
  std::string_view name;  // as stored, printed and given on the command line
  bool higher_is_better;
  bool classification;  // false: a regression metric
};

inline constexpr std::array<MetricInfo, 9> kMetrics = {{
    {Metric::r2, "r2", true, false},
    {Metric::rmse, "rmse", false, false},
    {Metric::mae, "mae", false, false},
    {Metric::accuracy, "accuracy", true, true},
    {Metric::precision_macro, "precision_macro", true, true},
    {Metric::recall_macro, "recall_macro", true, true},
    {Metric::f1_macro, "f1_macro", true, true},
    {Metric::log_loss, "log_loss", false, true},
    {Metric::roc_auc, "roc_auc", true, true},
}};

const MetricInfo& info(Metric metric);
std::string_view name_of(Metric metric);
std::optional<Metric> metric_named(std::string_view name);
// The metric retrain's gate and the choice of alpha go by: R² for ridge, log loss for logistic.
Metric primary_metric(Algorithm algorithm);

// Metrics of predictions on some rows.
struct Metrics {
  std::uint64_t n = 0;  // rows measured
  // The metrics measured, in kMetrics order (roc_auc for binary classifiers only); NaN for one
  // that is undefined on these rows.
  std::vector<std::pair<Metric, double>> values;
  // Classifiers: the class labels and the confusion matrix [true][predicted].
  std::vector<std::string> classes;
  std::vector<std::vector<std::uint64_t>> confusion_matrix;

  // The value, or nullopt when not measured.
  std::optional<double> get(Metric metric) const;
  // Sets (or adds, in kMetrics order) a value.
  void set(Metric metric, double value);
  bool operator==(const Metrics&) const = default;
};

struct FeatureImportance {
  std::string feature;
  double mean = 0;  // how much the score worsens when the column is shuffled
  double std = 0;
  bool operator==(const FeatureImportance&) const = default;
};

struct PermutationImportance {
  Metric metric = Metric::r2;  // r2, or log_loss for classifiers
  std::uint64_t rows = 0;
  std::uint64_t repeats = 0;
  std::vector<FeatureImportance> features;  // one per input column, in the model's order
  bool operator==(const PermutationImportance&) const = default;
};

enum class EvaluationMethod { none, holdout, cv };
std::string_view to_string(EvaluationMethod method);

// How the model was measured, on rows it never saw.
struct Evaluation {
  EvaluationMethod method = EvaluationMethod::none;
  double fraction = 0;                // holdout: the fraction held out
  std::uint64_t train_rows = 0;       // holdout: the rows the evaluation fit learned from
  std::uint64_t folds = 0;            // cv
  std::uint64_t seed = 0;             // holdout and cv
  std::uint64_t rows = 0;             // rows measured (held-out or out-of-fold)
  bool alpha_selected_by_cv = false;  // cv over several alphas
  Metrics metrics;                    // holdout and cv
  std::optional<PermutationImportance> permutation_importance;  // absent in older files
  bool operator==(const Evaluation&) const = default;
};

// The effective training options, which `retrain` trains with again.
struct RecipeRecord {
  std::string target;
  std::vector<std::string> features;  // as given; empty = every other column
  std::vector<std::string> exclude;
  std::optional<Algorithm> algorithm;  // the effective choice in a trained model
  std::vector<double> alphas = {1.0};
  pipeline::Imputation impute = pipeline::Imputation::mean;
  pipeline::Scaling scale = pipeline::Scaling::standard;
  pipeline::HashingOptions hashing;  // stored only when on ("hashing")
  bool balanced_class_weight = false;
  double holdout = 0.2;
  std::int64_t cv = 0;
  std::uint64_t seed = 42;
  std::int64_t max_iterations = 200;
  // --min-frequency and --max-categories (pipeline/rare_levels.hpp); stored only when given.
  std::optional<double> min_frequency;
  std::optional<std::uint64_t> max_categories;
  // The input columns the model was trained on, in order; absent in files written before it was.
  std::optional<std::vector<std::string>> features_used;
  bool operator==(const RecipeRecord&) const = default;
};

// Per-column statistics of the training data (training/training_stats.hpp computes them): what
// lint-data compares new data with, and what describe shows.
struct NumericSummary {
  double mean = 0;
  double std = 0;  // ddof 1
  double min = 0;
  double max = 0;
  bool sampled = false;                     // order statistics from a stride sample
  std::map<std::string, double> quantiles;  // "q05", "q25", "q50", "q75", "q95"
  std::vector<double> bin_edges;            // inner decile edges, ties merged
  std::vector<double> bin_shares;           // training share per bin: one more than the edges
  bool operator==(const NumericSummary&) const = default;
};

struct CategoryShares {
  std::map<std::string, double> shares;  // the most frequent values
  double other_share = 0;                // the rest
  bool operator==(const CategoryShares&) const = default;
};

struct ColumnStats {
  std::string name;
  table::ColumnType type = table::ColumnType::numeric;
  std::uint64_t count = 0;  // values present
  std::uint64_t missing = 0;
  std::uint64_t distinct = 0;                 // numeric: of the sample when sampled
  std::optional<NumericSummary> numeric;      // a numeric column with at least one value
  std::optional<CategoryShares> categorical;  // a categorical column
  bool operator==(const ColumnStats&) const = default;
};

struct TrainingStats {
  std::uint64_t rows = 0;
  std::vector<ColumnStats> columns;  // in the data's order; empty for a model built by hand
  const ColumnStats* find(std::string_view name) const;  // nullptr if absent
  bool operator==(const TrainingStats&) const = default;
};

}  // namespace mlctl::model
