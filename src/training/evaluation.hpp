#pragma once
// Measuring a recipe on rows it never saw: the splits (holdout or k-fold), the out-of-split
// predictions of every fit, their metrics, the choice of alpha, and what the model keeps of the
// evaluation (residuals, a sample of predictions, permutation importance). Rows are row indices
// here; fit.hpp reads them.

#include <optional>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "common/spill_matrix.hpp"
#include "model/model.hpp"
#include "solvers/linear_model.hpp"
#include "training/fit.hpp"
#include "training/split.hpp"
#include "training/trainer.hpp"

namespace mlctl::training {

// Out-of-split predictions for every held-out row, pooled over the splits. What holds a value
// per held-out row takes its memory from the table's spill arena (train --memory; on the heap
// while the arena is under its budget), as the columns do.
struct Evaluated {
  table::RowVector<std::size_t> rows;   // held-out table rows, in split order
  std::vector<std::size_t> split_ends;  // where each split's rows end in `rows`
  SpillMatrix predictions;              // one row per entry of `rows`
  bool any_not_converged = false;
  solvers::LinearModel last_fit;  // a good starting point for the final refit
  // The last split's fitted recipe and held-out rows: permutation importance is measured there.
  std::optional<Fitted> last_split;
  table::RowVector<std::size_t> last_held_out;
  // The job's held-out rows (mlctl-mpi: every process's, in rank order; alone, this one's):
  // their targets, and their predictions when there are several processes.
  table::RowVector<double> job_truth;
  std::optional<SpillMatrix> job_predictions;
  Eigen::Map<const Eigen::MatrixXd> pooled_predictions() const {
    return job_predictions ? job_predictions->view() : predictions.view();
  }
};

// The evaluation of a recipe, as train() uses it.
struct EvaluationOutcome {
  // The method, the splits' sizes and seed; with splits, the chosen alpha's metrics and
  // permutation importance.
  model::Evaluation evaluation;
  bool evaluated = false;  // there were splits (holdout > 0 or cv >= 2)
  double alpha = 0;        // the alpha chosen (the recipe's only one, or the best by CV)
  Evaluated best;          // the chosen alpha's out-of-split predictions
};

// The splits the recipe asks for (k folds, a holdout, or none), stratified by class for a
// classifier; `evaluation` records the method, folds or fraction, seed, and training rows.
// With `processes`, this process's share of the job's splits (split.hpp).
std::vector<Split> splits_of(const Target& target, model::Algorithm algorithm, const Recipe& recipe,
                             model::Evaluation& evaluation,
                             distributed::Communicator* processes = nullptr);

// Fits `alpha` on the training side of every split and predicts its held-out rows.
Evaluated evaluate(const TrainingData& data, const std::vector<Split>& splits, double alpha,
                   const Recipe& recipe, const TrainOptions& options);

// Pools the held-out targets and predictions of every process into e.job_truth and
// e.job_predictions, in the table's spill arena (collective with processes: a broadcast per
// rank and split, and one more per kPoolBytes of rows; the only heap is one such piece).
inline constexpr std::size_t kPoolBytes = std::size_t{8} << 20;
void pool_held_out(Evaluated& e, const Target& target, distributed::Communicator* processes,
                   std::size_t piece_bytes = kPoolBytes);

// The metrics of the pooled out-of-split predictions (after pool_held_out).
model::Metrics metrics_of(const Evaluated& e, const Target& target, model::Algorithm algorithm);

// Evaluates every alpha of the recipe on the same splits and keeps the best by the primary
// metric (the first on a tie). Fills the report's alpha scores (several alphas), evaluation
// rows, targets and predictions, and a warning when a split's solver did not converge.
EvaluationOutcome evaluate_recipe(const TrainingData& data, const Recipe& recipe,
                                  const TrainOptions& options, TrainReport& report);

// Sorted absolute out-of-split residuals (ridge), at most model::kMaxResiduals of them, evenly
// spaced order statistics; m.residual_count says how many there were.
void store_residuals(model::Model& m, const Evaluated& e);

// At most model::kMaxEvaluationSample evenly spaced held-out rows, each as (truth,
// prediction(s)): enough for the report's charts, small enough to keep the model file compact.
void store_evaluation_sample(model::Model& m, const Evaluated& e);

// How much the held-out score worsens when one input column's values are shuffled across the
// held-out rows (all its encoded columns together), averaged over a few seeded shuffles.
// Measured with the last split's model on its own held-out rows (e.last_split must be set);
// over processes, on those rows of every process, gathered (training/gathered_rows.hpp).
model::PermutationImportance permutation_importance(const Evaluated& e, const table::Table& table,
                                                    const Target& target,
                                                    model::Algorithm algorithm, std::uint64_t seed,
                                                    unsigned threads,
                                                    distributed::Communicator* processes = nullptr);

}  // namespace mlctl::training
