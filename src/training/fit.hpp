#pragma once
// Fitting one recipe on some rows: the feature pipeline, then ridge or logistic regression, with
// the warm-start policy of large logistic fits (TrainOptions::subsample_start_rows).
//
// The seam for other row sources (out-of-core, distributed): rows reach the computation only
// here. fit_rows and predict_rows are the passes that read rows of the table (through
// TrainingData and a list of row indices); the solvers see the rows only as a
// solvers::DesignSource, and evaluation.hpp and train() see them only as row indices. Another
// source of rows replaces TrainingData and these two functions; the solvers, the warm-start
// policy, the splits and the metrics stay.

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "model/model.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "solvers/design_source.hpp"
#include "solvers/linear_model.hpp"
#include "solvers/logistic.hpp"
#include "solvers/objective.hpp"
#include "table/table.hpp"
#include "training/selection.hpp"
#include "training/trainer.hpp"

namespace mlctl::training {

// Where the rows come from: an in-memory table, the features chosen in it and its target.
// All references must outlive every use.
struct TrainingData {
  const table::Table& table;
  const std::vector<std::string>& features;
  const Target& target;
  model::Algorithm algorithm;
};

// A recipe fitted on some rows: the pipeline fitted on them and the model fitted after it.
struct Fitted {
  pipeline::FeaturePipeline pipeline;
  solvers::LinearModel linear;
  solvers::FitReport fit;  // logistic only
};

// What a fit is called in progress lines, and how it may run.
struct FitContext {
  const TrainOptions& options;
  std::string name;  // "holdout fit", "fold 2 of 5", "refit", ...
};

// Fits the pipeline and then the model (alpha, recipe's class weight and iteration limit) on
// `rows` of data.table. `start`: a logistic fit starts there (e.g. the evaluation's last fit
// for the refit); the optimum reached does not depend on it. Throws the solvers' Errors.
Fitted fit_rows(const TrainingData& data, std::span<const std::size_t> rows, double alpha,
                const Recipe& recipe, const FitContext& context,
                const solvers::LinearModel* start = nullptr);

// On demand, every `stride`-th row of a fit, encoded as the fit's rows are: the rows its warm
// start is fitted on. Built only when the policy asks, since encoding them costs a pass.
using SampleOf = std::function<std::shared_ptr<const solvers::DesignSource>(std::size_t stride)>;

// The warm-start policy of a logistic fit of `source` (fit_rows' logistic branch). A fit of at
// least `large` rows (TrainOptions::subsample_start_rows) without options.start, fitted by dense
// Newton (solver_choice.hpp), starts from the optimum of every 16th row (from `sample_of`): the
// subsample's objective is the same per row, alpha scaled by the sample's share, so its optimum is
// close to the full one. A sample whose data cannot be fitted (Error(data): a class missing from
// it) gives no start; other errors propagate. A large fit from a start (that one, or the caller's:
// the refit starts from the holdout fit) begins near its optimum: there an earlier Hessian still
// serves (reuse_hessian), and a Hessian pass costs what 2-3 value-and-gradient passes do. The
// optimum does not depend on any of it.
solvers::LinearModel fit_logistic_warm(const solvers::DesignSource& source,
                                       const SampleOf& sample_of, solvers::LogisticOptions options,
                                       std::size_t large, solvers::FitReport* report = nullptr);

// Predictions of `fitted` for `rows` of `table`: ridge n x 1 values, logistic n x K
// probabilities.
Eigen::MatrixXd predict_rows(const Fitted& fitted, const table::Table& table,
                             std::span<const std::size_t> rows, model::Algorithm algorithm);

}  // namespace mlctl::training
