#pragma once
// `mlctl train` without the command line: choose features and algorithm, measure the model
// honestly on rows it never saw (holdout or k-fold, every pipeline step refitted per split),
// pick alpha by cross-validation when given several, then refit on all rows.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "solvers/objective.hpp"
#include "table/table.hpp"

namespace mlctl::training {

enum class ClassWeight { none, balanced };

struct Recipe {
  std::string target;
  std::vector<std::string> features;  // explicit inputs; empty = every other column
  std::vector<std::string> exclude;
  table::DeclaredTypes declared;  // --categorical, --numeric: types that win over inference
  std::optional<model::Algorithm> algorithm;  // empty = chosen from the target
  std::vector<double> alphas = {1.0};         // several need cv >= 2
  pipeline::PipelineOptions pipeline;
  ClassWeight class_weight = ClassWeight::none;
  double holdout = 0.2;  // 0 = no held-out evaluation
  int cv = 0;            // >= 2: k-fold cross-validation instead of the holdout
  std::uint64_t seed = 42;
  int max_iterations = 200;
};

// How far a solver has got, for progress lines.
struct FitProgress {
  std::string fit;  // "holdout fit", "fold 2 of 5", "fold 2 of 5, alpha 0.1", "refit"
  int iteration = 0;
  double gradient_norm = 0;  // max-norm of the gradient after this iteration
  double tolerance = 0;      // the gradient norm at which the solver stops
};

// "holdout fit: iteration 3, gradient 2.1e-03 (stops at 1.0e-06)"
std::string to_string(const FitProgress& progress);

// How to train, as opposed to what (the Recipe, stored in the model): neither changes the model.
struct TrainOptions {
  // Worker threads for the passes over the rows and the per-column statistics (with 2 or more,
  // the statistics run on one thread of their own beside the fits). The model is bit-identical
  // for any count: work is split into parts fixed by the data, summed in order.
  unsigned threads = 1;
  // Called after each solver iteration of every logistic fit; on the calling thread.
  std::function<void(const FitProgress&)> progress;
  // Logistic fits on at least this many rows start Newton from the optimum of every 16th row,
  // and with a start (that one, or the holdout fit's for the refit) keep a Hessian while it
  // serves (solvers::NewtonOptions::reuse_hessian): the sample's, scaled to all the rows, or
  // else the start's. No Hessian pass over all the rows, or one, instead of 7. The optimum
  // reached is the same.
  std::size_t subsample_start_rows = 100000;
  // --max-classes: a logistic target with more classes is refused. Unset: the default limit,
  // at most 100 classes and one per 5 rows with a target (training/target_checks.hpp).
  std::optional<std::size_t> max_classes;
};

struct AlphaScore {
  double alpha;
  double score;  // the primary metric, cross-validated: R² (ridge) or log loss (logistic)
};

struct TrainReport {
  std::vector<std::string> warnings;  // for the user, one line each
  std::string algorithm_reason;       // why this algorithm ("target has 2 classes")
  std::vector<std::string> excluded;  // identifier-like or empty columns left out
  std::size_t rows_without_target = 0;
  std::vector<AlphaScore> alpha_scores;  // when several alphas were compared
  solvers::FitReport final_fit;           // logistic: the final refit's solver report
  // The rows the evaluation metrics were measured on (held-out or out-of-fold), table indices;
  // `retrain` measures the current model on the same rows.
  std::vector<std::size_t> evaluation_rows;
  // For each evaluation row: its target (value, or class index) and the prediction made
  // without it (ridge: n x 1 values; logistic: n x K probabilities).
  std::vector<double> evaluation_targets;
  Eigen::MatrixXd evaluation_predictions;
};

// Trains on `table`. Throws Error(usage) for inconsistent options or unknown columns,
// Error(data) when the data cannot train a model (no rows, a single class, ...).
model::Model train(const table::Table& table, const Recipe& recipe, TrainReport& report,
                   const TrainOptions& options = {});

// Measures an existing model on `rows` of `table` (which must hold the model's features and
// target): the metrics of the model's kind. Rows whose target is missing are skipped; a class
// the model does not know counts as a wrong prediction with probability 0 for the truth.
model::Metrics evaluate_model(const model::Model& model, const table::Table& table,
                              std::span<const std::size_t> rows);

// The recipe as stored in the model (and read back by `retrain`).
model::RecipeRecord record_of(const Recipe& recipe);
Recipe recipe_of(const model::RecipeRecord& record);

// Columns of `header` that `recipe` will read (features, target); empty = all of them.
std::vector<std::string> columns_to_read(const Recipe& recipe);

// Metrics of predictions, as the model stores them.
model::Metrics regression_metrics_of(std::span<const double> truth,
                                     std::span<const double> predicted);
model::Metrics classification_metrics_of(std::span<const int> truth, const Eigen::MatrixXd& proba,
                                         const std::vector<std::string>& classes);

}  // namespace mlctl::training
