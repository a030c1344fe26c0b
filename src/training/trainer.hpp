#pragma once
// `mlctl train` without the command line: choose features and algorithm, measure the model
// honestly on rows it never saw (holdout or k-fold, every pipeline step refitted per split),
// pick alpha by cross-validation when given several, then refit on all rows.
// The steps live beside it: selection.hpp (algorithm, target, features), fit.hpp (one fit, and
// where its rows come from), evaluation.hpp (splits, metrics, what the model keeps of them),
// recipe.hpp (the Recipe and its record in the model), model_metrics.hpp (metrics of a model).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "distributed/communicator.hpp"
#include "model/model.hpp"
#include "solvers/objective.hpp"
#include "table/table.hpp"
#include "training/model_metrics.hpp"
#include "training/recipe.hpp"

namespace mlctl::training {

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
  // Bytes of encoded rows a fit may keep in memory between its passes (beyond, each pass
  // encodes again): pipeline::default_encoding_budget() when unset; train --memory sets it.
  std::optional<std::size_t> encoding_budget;
  // mlctl-mpi: the processes of the job, the table being this one's contiguous share of the
  // rows (rank order is row order). Null: this process holds every row.
  distributed::Communicator* processes = nullptr;
  // Whether the report gets a copy of the evaluation's rows, targets and predictions
  // (TrainReport::evaluation_*; retrain compares models on them): 16 bytes and 8 per class of
  // heap per held-out row. `train`, which does not read them, turns it off.
  bool report_held_out = true;
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
  solvers::FitReport final_fit;          // logistic: the final refit's solver report
  // The rows the evaluation metrics were measured on (held-out or out-of-fold), table indices
  // (mlctl-mpi: this process's), split by split; where each split's rows end in them.
  // `retrain` measures the current model on the same rows.
  std::vector<std::size_t> evaluation_rows;
  std::vector<std::size_t> evaluation_split_ends;
  // For each evaluation row of the job (mlctl-mpi: every process's, pooled as
  // job_rows_by_split pools them; alone, evaluation_rows' own): its target (value, or class
  // index) and the prediction made without it (ridge: n x 1 values; logistic: n x K
  // probabilities).
  std::vector<double> evaluation_targets;
  Eigen::MatrixXd evaluation_predictions;
  // mlctl-mpi: the rows each process read, by rank (empty for one process).
  std::vector<std::uint64_t> process_rows;
};

// Trains on `table`. Throws Error(usage) for inconsistent options or unknown columns,
// Error(data) when the data cannot train a model (no rows, a single class, ...).
model::Model train(const table::Table& table, const Recipe& recipe, TrainReport& report,
                   const TrainOptions& options = {});

}  // namespace mlctl::training
