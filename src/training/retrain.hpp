#pragma once
// `mlctl retrain` without the command line: retrain a model's recipe on new data, measure the
// current model and the candidate on the same rows, and decide whether the candidate may
// replace the current one (docs/retrain.md).
//
// The gate compares the primary metric only: R² for ridge (higher is better) and log loss for
// logistic (lower is better). Accuracy and the other metrics are reported beside it but do not
// decide: log loss scores the probabilities every consumer of the model sees, while accuracy
// moves in steps of 1/n on a small holdout and ignores confidence. The candidate must pass on
// every comparison made: the held-out rows of the new data, and --eval data when given.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "table/table.hpp"
#include "training/trainer.hpp"

namespace mlctl::training {

// Hyperparameters the command line may override; unset = as in the current model's recipe.
struct RecipeOverrides {
  std::optional<std::vector<double>> alphas;
  std::optional<double> holdout;
  std::optional<int> cv;
  std::optional<std::uint64_t> seed;
  std::optional<int> max_iterations;
  std::optional<ClassWeight> class_weight;
  // How the new data was read (the current model's settings, flags overriding); the candidate
  // records them. Unset: the candidate keeps the current model's.
  std::optional<model::ReadSettings> read_settings;
  // mlctl-mpi: DATA and --eval as given (files or patterns), naming the comparisons and the
  // candidate's data in place of the tables' sources (a share's is its first file).
  std::optional<std::string> data_name;
  std::optional<std::string> eval_name;
};

// One overridden setting, for the report: "alpha: 1 -> 0.5 (--alpha)".
struct RecipeChange {
  std::string setting;
  std::string from;
  std::string to;
  std::string flag;
};

// The current model's recipe with its input columns fixed to those it was trained on
// (recipe.features_used: the candidate must read what the current model reads), the overrides
// applied, and each override that changes a value listed in `changes`.
Recipe retrain_recipe(const model::Model& current, const RecipeOverrides& overrides,
                      std::vector<RecipeChange>& changes);

// The columns the new data must hold: the current model's features and its target.
std::vector<std::string> required_columns(const model::Model& current);
// Throws Error(data) naming `source` and the first required column `header` lacks.
void check_required_columns(const model::Model& current, const std::vector<std::string>& header,
                            const std::string& source);

// Both models' metrics on the same rows.
struct Comparison {
  std::string on;          // "held-out rows of new.csv", "--eval holdout.csv"
  std::uint64_t rows = 0;  // rows measured
  model::Metrics current;
  model::Metrics candidate;
};

// An encoded feature's coefficient in both models. A feature one model lacks counts as 0
// there; with several outputs (multiclass) the output whose coefficient moved most is shown.
struct CoefficientChange {
  std::string feature;  // encoded name: "age", "sex=male"
  std::string output;   // the class for multiclass models, else empty
  double current = 0;
  double candidate = 0;
  double change() const { return candidate - current; }
};

// The `count` largest absolute changes, largest first (ties by feature name). Empty when the
// two classifiers' classes differ: a class's coefficients then measure log-odds against other
// classes (or, binary, against another class), so no pair of them is comparable.
std::vector<CoefficientChange> coefficient_changes(const model::Model& current,
                                                   const model::Model& candidate,
                                                   std::size_t count);

struct GateOptions {
  double max_regression = 0.0;  // on the primary metric's own scale
  bool force = false;
  // The candidate must beat a model that learned nothing (always the base rate, or always the
  // mean) on its held-out rows by this many standard errors of the paired per-row loss
  // difference; 0 turns the check off. Data with broken labels (e.g. shuffled) trains a
  // candidate with no skill, which can still "win" against the current model on those labels.
  double min_skill = 2.0;
};

// The candidate's skill over a no-skill baseline on its own held-out rows.
struct SkillCheck {
  std::string baseline;      // "the base rate" or "the mean"
  double baseline_loss = 0;  // mean per-row loss (log loss, or squared error)
  double candidate_loss = 0;
  double z = 0;  // mean loss difference / its standard error
  bool passed = true;
};

// Paired comparison of per-row losses; `targets` are values (ridge) or class indices.
SkillCheck skill_check(model::Algorithm algorithm, const std::vector<double>& targets,
                       const Eigen::MatrixXd& predictions, double min_skill);

struct GateCheck {
  std::string on;
  double current = 0;
  double candidate = 0;
  double regression = 0;  // how much worse the candidate is (negative: better)
  bool passed = false;
};

struct Decision {
  std::string metric;  // "r2" or "log_loss"
  bool higher_is_better = true;
  std::vector<GateCheck> checks;
  bool passed = false;              // every check passed
  bool promoted = false;            // passed, or forced
  bool forced = false;              // promoted by --force although a check failed
  std::string reason;               // one line
  std::optional<SkillCheck> skill;  // when the candidate had held-out rows
};

// "r2" for ridge, "log_loss" for logistic.
const char* primary_metric(model::Algorithm algorithm);

// Applies the gate to `comparisons`. Throws Error(internal) when there is nothing to compare.
Decision decide(model::Algorithm algorithm, const std::vector<Comparison>& comparisons,
                const GateOptions& gate);

struct RetrainResult {
  model::Model candidate;  // provenance stamped: parent, lineage, forced
  TrainReport report;
  std::vector<RecipeChange> changes;
  std::vector<Comparison> comparisons;  // held-out rows first, then --eval
  std::vector<CoefficientChange> top_changes;
  std::string classes_changed;  // classes_changed(): also the first of report.warnings
  Decision decision;
};

inline constexpr std::size_t kTopCoefficientChanges = 5;

// "the classes changed: the current model has no, yes; the candidate has maybe, no, yes", or
// empty when both models have the same classes (or are both regressions).
std::string classes_changed(const model::Model& current, const model::Model& candidate);

// Trains the candidate on `data` and compares it with `current` on the candidate's evaluation
// rows (held-out or out-of-fold) and on `eval` when not null. Throws Error(data) when `data`
// or `eval` lack a required column, Error(usage) when there is nothing to compare on (the
// recipe has no held-out evaluation and no `eval` is given), and whatever train() throws.
// `options` (threads, progress, processes) are passed to train(). With options.processes
// (mlctl-mpi; collective), `data` and `eval` are this process's shares: the current model is
// measured on every process's rows as the candidate is, pooled (evaluate_model), so that every
// result and the decision are one process's on all the rows, the same on every process; the
// candidate's data fingerprint is the job's (job_fingerprint). Every error is thrown on every
// process alike.
RetrainResult retrain(const model::Model& current, const table::Table& data,
                      const table::Table* eval, const RecipeOverrides& overrides,
                      const GateOptions& gate, const TrainOptions& options = {});

}  // namespace mlctl::training
