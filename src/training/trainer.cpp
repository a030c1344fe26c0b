#include "training/trainer.hpp"

#include <cmath>
#include <functional>
#include <future>
#include <memory>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/plural.hpp"
#include "distributed/agreed.hpp"
#include "training/evaluation.hpp"
#include "training/fit.hpp"
#include "training/job_facts.hpp"
#include "training/selection.hpp"
#include "training/target_checks.hpp"
#include "training/training_stats.hpp"

namespace mlctl::training {
namespace {

// The options that need no data, checked before the table is looked at.
void validate_options(const Recipe& recipe) {
  if (recipe.target.empty()) throw Error(ErrorKind::usage, "--target is required");
  if (recipe.alphas.empty()) throw Error(ErrorKind::usage, "--alpha needs at least one value");
  for (const double alpha : recipe.alphas) {
    if (!(alpha >= 0.0) || !std::isfinite(alpha)) {
      throw Error(ErrorKind::usage, fmt::format("--alpha must be >= 0, got {}", alpha));
    }
  }
  if (recipe.alphas.size() > 1 && recipe.cv < 2) {
    throw Error(
        ErrorKind::usage,
        "several --alpha values are compared by cross-validation: add --cv K (e.g. --cv 5)");
  }
  if (!(recipe.holdout >= 0.0 && recipe.holdout < 1.0)) {
    throw Error(ErrorKind::usage,
                fmt::format("--holdout must be in [0, 1), got {}", recipe.holdout));
  }
  if (recipe.cv < 0 || recipe.cv == 1) {  // 0 = the holdout; 1 fold would hold out every row
    throw Error(
        ErrorKind::usage,
        fmt::format("--cv needs at least 2 folds, got {} (leave it out for --holdout)", recipe.cv));
  }
}

// The options that depend on the algorithm chosen.
void validate_for_algorithm(const Recipe& recipe, model::Algorithm algorithm) {
  if (algorithm == model::Algorithm::ridge && recipe.class_weight == ClassWeight::balanced) {
    throw Error(ErrorKind::usage,
                fmt::format("--class-weight balanced needs classes: \"{}\" is fitted by ridge "
                            "regression (--algorithm logistic for a classifier)",
                            recipe.target));
  }
  if (algorithm == model::Algorithm::logistic) {
    for (const double alpha : recipe.alphas) {
      if (alpha <= 0.0) {
        throw Error(
            ErrorKind::usage,
            fmt::format("logistic regression needs --alpha > 0 (alpha = 1/C), got {}", alpha));
      }
    }
  }
}

// The rows with a target: a warning for the rows without one; an error for too few rows, a
// single class, or too many classes.
void check_target_rows(const table::Table& table, const Recipe& recipe, const Target& target,
                       model::Algorithm algorithm, const TrainOptions& options,
                       TrainReport& report) {
  distributed::Communicator* processes = options.processes;
  report.rows_without_target = job_sum(processes, table.rows() - target.rows.size());
  const std::uint64_t target_rows = job_sum(processes, target.rows.size());
  if (report.rows_without_target > 0) {
    report.warnings.push_back(fmt::format(
        "{} no value for the target \"{}\": left out",
        report.rows_without_target == 1 ? std::string("1 row has")
                                        : count_of(report.rows_without_target, "row") + " have",
        recipe.target));
  }
  if (target_rows < 2) {
    throw Error(ErrorKind::data,
                fmt::format("too few rows with a target to train on ({})", target_rows),
                {table.source});
  }
  if (algorithm == model::Algorithm::logistic && target.classes.size() < 2) {
    throw Error(ErrorKind::data,
                fmt::format("the target \"{}\" has a single class (\"{}\"): nothing to learn",
                            recipe.target, target.classes.empty() ? "" : target.classes[0]),
                {table.source});
  }
  if (algorithm == model::Algorithm::logistic) {
    check_class_count(table, recipe.target, target.classes.size(), target_rows,
                      options.max_classes);
  }
}

// The per-column statistics the model stores, to be collected when the model is assembled.
// They read only the table: with a thread to spare they are computed beside the fits, whose
// serial stretches leave a core idle (per column, so the same bits); else when asked for.
// Over processes (mlctl-mpi) they are collective: computed now, on the thread that makes the
// job's other collectives, at the same point on every rank.
std::function<model::TrainingStats()> training_stats_later(const table::Table& table,
                                                           unsigned threads,
                                                           distributed::Communicator* processes) {
  if (processes != nullptr) {
    auto stats = std::make_shared<model::TrainingStats>(training_stats(table, threads, processes));
    return [stats] { return std::move(*stats); };
  }
  if (threads > 1) {
    auto stats = std::make_shared<std::future<model::TrainingStats>>(
        std::async(std::launch::async, [&table] { return training_stats(table, 1); }));
    return [stats] { return stats->get(); };
  }
  return [&table, threads] { return training_stats(table, threads); };
}

// The final model learns from every row with a target; the evaluation measured the same recipe
// on rows it had not seen. The same recipe fitted on most of these rows is close to the final
// optimum: starting there saves Newton iterations (the optimum itself does not depend on it).
Fitted refit(const TrainingData& data, const Recipe& recipe, const TrainOptions& options,
             const EvaluationOutcome& outcome, TrainReport& report) {
  const Evaluated& best = outcome.best;
  Fitted final_fit = fit_rows(data, data.target.rows, outcome.alpha, recipe,
                              {options, outcome.evaluated ? "refit" : "fit"},
                              best.job_truth.empty() ? nullptr : &best.last_fit);
  report.final_fit = final_fit.fit;
  if (data.algorithm == model::Algorithm::logistic && !final_fit.fit.converged) {
    report.warnings.push_back(fmt::format(
        "the solver stopped after {} iterations without converging (gradient norm {:.3g}); "
        "raise --max-iter or --alpha",
        final_fit.fit.iterations, final_fit.fit.gradient_norm));
  }
  return final_fit;
}

// The model: the refit, the recipe as run (with the algorithm chosen), the evaluation and what
// it keeps of the out-of-split predictions, and the fingerprint of the data.
model::Model assemble(const TrainingData& data, const Recipe& recipe, Fitted final_fit,
                      EvaluationOutcome outcome) {
  model::Model m;
  m.algorithm = data.algorithm;
  m.alpha = outcome.alpha;
  m.target = recipe.target;
  m.classes = data.target.classes;
  m.pipeline = std::move(final_fit.pipeline);
  m.linear = std::move(final_fit.linear);
  Recipe effective = recipe;
  effective.algorithm = data.algorithm;
  m.recipe = record_of(effective);
  m.recipe.features_used = data.features;
  m.evaluation = std::move(outcome.evaluation);
  const Evaluated& best = outcome.best;
  if (data.algorithm == model::Algorithm::ridge && !best.job_truth.empty()) {
    store_residuals(m, best);
  }
  if (!best.job_truth.empty()) store_evaluation_sample(m, best);
  m.data = model::fingerprint_of(data.table);
  return m;
}

}  // namespace

std::string to_string(const FitProgress& progress) {
  return fmt::format("{}: iteration {}, gradient {:.1e} (stops at {:.1e})", progress.fit,
                     progress.iteration, progress.gradient_norm, progress.tolerance);
}

model::Model train(const table::Table& table, const Recipe& recipe, TrainReport& report,
                   const TrainOptions& options) {
  // Validate: the options, the target's values, the algorithm they imply, the target's rows and
  // the features. Errors come in this order, before any fit.
  validate_options(recipe);
  const table::Column& target_column = table.column(recipe.target);
  distributed::run_agreed(options.processes,
                          [&] { check_target_values(table, target_column, recipe.algorithm); });
  const model::Algorithm algorithm =
      choose_algorithm(target_column, recipe, report, options.processes);
  validate_for_algorithm(recipe, algorithm);
  const auto stats = training_stats_later(table, options.threads, options.processes);
  const Target target = prepare_target(table, target_column, algorithm, options.processes);
  check_target_rows(table, recipe, target, algorithm, options, report);
  const std::vector<std::string> features =
      choose_features(table, recipe, report, options.processes);
  // These warnings look at every row together (duplicates, a few stray texts): over several
  // processes they would count one share's only, so mlctl-mpi leaves them to lint-data.
  if (options.processes == nullptr || options.processes->size() == 1) {
    warn_about_data(
        table,
        {target_column, algorithm, !recipe.algorithm, target.rows, features,
         (recipe.cv >= 2 || recipe.holdout > 0.0) && recipe.features.empty(), options.threads},
        report.warnings);
  }

  // Evaluate on held-out rows (choosing alpha), refit on every row, assemble the model.
  const TrainingData data{table, features, target, algorithm};
  EvaluationOutcome outcome = evaluate_recipe(data, recipe, options, report);
  Fitted final_fit = refit(data, recipe, options, outcome, report);
  model::Model m = assemble(data, recipe, std::move(final_fit), std::move(outcome));
  m.training_stats = stats();
  return m;
}

}  // namespace mlctl::training
