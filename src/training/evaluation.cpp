#include "training/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "common/parallel.hpp"
#include "distributed/record.hpp"
#include "metrics/classification.hpp"
#include "metrics/regression.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "solvers/linear_model.hpp"
#include "stats/sort_numbers.hpp"
#include "training/gathered_rows.hpp"
#include "training/held_out_scores.hpp"
#include "training/job_facts.hpp"

namespace mlctl::training {
namespace {

double primary_score(const model::Metrics& metrics, model::Algorithm algorithm) {
  return metrics.get(model::primary_metric(algorithm)).value_or(std::nan(""));
}

}  // namespace

std::vector<Split> splits_of(const Target& target, model::Algorithm algorithm, const Recipe& recipe,
                             model::Evaluation& evaluation, distributed::Communicator* processes) {
  const std::span<const int> strata = algorithm == model::Algorithm::logistic
                                          ? std::span<const int>(target.row_classes)
                                          : std::span<const int>();
  SpillArena* arena = target.rows.get_allocator().arena();  // the table's
  std::vector<Split> splits;
  if (recipe.cv >= 2) {
    splits = kfold_splits(target.rows, strata, recipe.cv, recipe.seed, arena, processes);
    evaluation.method = model::EvaluationMethod::cv;
    evaluation.folds = static_cast<std::uint64_t>(recipe.cv);
    evaluation.seed = recipe.seed;
  } else if (recipe.holdout > 0.0) {
    splits.push_back(
        holdout_split(target.rows, strata, recipe.holdout, recipe.seed, arena, processes));
    evaluation.method = model::EvaluationMethod::holdout;
    evaluation.fraction = recipe.holdout;
    evaluation.seed = recipe.seed;
    evaluation.train_rows = job_sum(processes, splits.front().train.size());
  }
  return splits;
}

namespace {

// Columns of the held-out predictions: ridge's values, or a probability per class (binary
// logistic has a single score, and two probabilities).
Eigen::Index prediction_width(const solvers::LinearModel& linear, model::Algorithm algorithm) {
  const Eigen::Index outputs = linear.coef.rows();
  return algorithm == model::Algorithm::logistic && outputs == 1 ? 2 : outputs;
}

// Predicts `rows` into `out` (rows x prediction_width), a block of rows at a time: the encoded
// block is all the memory it takes beside `out` (held_out_scores.hpp).
void predict_into(const Fitted& fitted, const table::Table& table,
                  std::span<const std::size_t> rows, model::Algorithm algorithm,
                  Eigen::Ref<Eigen::MatrixXd> out) {
  SpillArena* arena = table.arena();
  score_blocks(fitted.pipeline, fitted.linear, table, rows,
               [&](std::size_t first, const Eigen::MatrixXd& scores) {
                 const auto n =
                     static_cast<Eigen::Index>(std::min(kScoreRows, rows.size() - first));
                 auto block = out.middleRows(static_cast<Eigen::Index>(first), n);
                 if (algorithm == model::Algorithm::ridge) {
                   block = scores.topRows(n);
                 } else {
                   block = solvers::proba_from_scores(fitted.linear, scores.topRows(n));
                 }
                 if (arena != nullptr) arena->check();
               });
}

}  // namespace

Evaluated evaluate(const TrainingData& data, const std::vector<Split>& splits, double alpha,
                   const Recipe& recipe, const TrainOptions& options) {
  SpillArena* arena = data.table.arena();
  Evaluated e;
  e.rows = table::RowVector<std::size_t>(SpillAllocator<std::size_t>(arena));
  e.last_held_out = table::RowVector<std::size_t>(SpillAllocator<std::size_t>(arena));
  std::size_t total = 0;
  for (const Split& split : splits) total += split.held_out.size();
  e.rows.reserve(total);
  for (std::size_t s = 0; s < splits.size(); ++s) {
    const Split& split = splits[s];
    std::string name = recipe.cv >= 2 ? fmt::format("fold {} of {}", s + 1, splits.size())
                                      : std::string("holdout fit");
    if (recipe.alphas.size() > 1) name += fmt::format(", alpha {}", alpha);
    const Fitted fitted = fit_rows(data, split.train, alpha, recipe, {options, std::move(name)});
    if (data.algorithm == model::Algorithm::logistic && !fitted.fit.converged)
      e.any_not_converged = true;
    if (s == 0) {
      e.predictions = SpillMatrix(static_cast<Eigen::Index>(total),
                                  prediction_width(fitted.linear, data.algorithm), arena);
    }
    predict_into(fitted, data.table, split.held_out, data.algorithm,
                 e.predictions.view().middleRows(static_cast<Eigen::Index>(e.rows.size()),
                                                 static_cast<Eigen::Index>(split.held_out.size())));
    e.last_fit = fitted.linear;
    e.last_held_out = split.held_out;
    e.last_split = fitted;
    e.rows.insert(e.rows.end(), split.held_out.begin(), split.held_out.end());
    e.split_ends.push_back(e.rows.size());
  }
  return e;
}

namespace {

// Each process's held-out rows in each split, counts[split * ranks + rank] (one allreduce).
std::vector<std::int64_t> split_counts(const Evaluated& e, distributed::Communicator& processes) {
  const auto ranks = static_cast<std::size_t>(processes.size());
  std::vector<std::int64_t> counts(e.split_ends.size() * ranks, 0);
  std::size_t begin = 0;
  for (std::size_t s = 0; s < e.split_ends.size(); ++s) {
    counts[s * ranks + static_cast<std::size_t>(processes.rank())] =
        static_cast<std::int64_t>(e.split_ends[s] - begin);
    begin = e.split_ends[s];
  }
  processes.allreduce(counts, distributed::Reduction::sum);
  return counts;
}

// Rows [first, first + n) of this process's: each row's target, then its predictions
// (distributed/record.hpp).
void pack_rows(const Evaluated& e, const Target& target, std::size_t first, std::size_t n,
               std::vector<std::byte>& bytes) {
  const auto predictions = e.predictions.view();
  distributed::RecordWriter out;
  for (std::size_t i = first; i < first + n; ++i) {
    out.put(target.y[e.rows[i]]);
    for (Eigen::Index c = 0; c < predictions.cols(); ++c) {
      out.put(predictions(static_cast<Eigen::Index>(i), c));
    }
  }
  bytes = std::move(out).bytes();
}

// pack_rows' bytes into rows [at, at + n) of the job's.
void unpack_rows(const std::vector<std::byte>& bytes, std::size_t at, std::size_t n, Evaluated& e) {
  auto predictions = e.job_predictions->view();
  distributed::RecordReader in(bytes, "a piece of held-out rows");
  for (std::size_t i = 0; i < n; ++i) {
    e.job_truth[at + i] = in.get<double>();
    for (Eigen::Index c = 0; c < predictions.cols(); ++c) {
      predictions(static_cast<Eigen::Index>(at + i), c) = in.get<double>();
    }
  }
  in.expect_end();
}

}  // namespace

void pool_held_out(Evaluated& e, const Target& target, distributed::Communicator* processes,
                   std::size_t piece_bytes) {
  SpillArena* arena = target.rows.get_allocator().arena();  // the table's
  e.job_truth = table::RowVector<double>(SpillAllocator<double>(arena));
  if (processes == nullptr || processes->size() == 1) {
    e.job_truth.reserve(e.rows.size());
    for (const auto r : e.rows) {
      e.job_truth.push_back(target.y[r]);
      if (arena != nullptr && e.job_truth.size() % kScoreRows == 0) arena->check();
    }
    return;
  }
  // Split by split, each over the processes in rank order: the order of one process's rows.
  // Each process sends its rows in pieces of at most piece_bytes, straight into the job's.
  const auto ranks = static_cast<std::size_t>(processes->size());
  const std::vector<std::int64_t> counts = split_counts(e, *processes);
  std::size_t total = 0;
  for (const auto count : counts) total += static_cast<std::size_t>(count);
  const Eigen::Index cols = e.predictions.cols();
  e.job_truth.resize(total);
  e.job_predictions.emplace(static_cast<Eigen::Index>(total), cols, arena);
  const std::size_t piece = std::max<std::size_t>(
      1, piece_bytes / (sizeof(double) * (1 + static_cast<std::size_t>(cols))));
  std::vector<std::byte> bytes;
  std::size_t at = 0, begin = 0;  // in the job's rows; this process's split's first row
  for (std::size_t s = 0; s < e.split_ends.size(); ++s) {
    for (std::size_t r = 0; r < ranks; ++r) {
      const auto count = static_cast<std::size_t>(counts[s * ranks + r]);
      for (std::size_t first = 0; first < count; first += piece) {
        const std::size_t n = std::min(piece, count - first);
        if (r == static_cast<std::size_t>(processes->rank()))
          pack_rows(e, target, begin + first, n, bytes);
        processes->broadcast(bytes, static_cast<int>(r));
        unpack_rows(bytes, at, n, e);
        at += n;
        if (arena != nullptr) arena->check();
      }
    }
    begin = e.split_ends[s];
  }
}

model::Metrics metrics_of(const Evaluated& e, const Target& target, model::Algorithm algorithm) {
  const auto predictions = e.pooled_predictions();
  if (algorithm == model::Algorithm::ridge) {
    return regression_metrics_of(e.job_truth,
                                 std::span<const double>(predictions.data(), e.job_truth.size()));
  }
  table::RowVector<int> truth(SpillAllocator<int>(e.job_truth.get_allocator()));
  truth.reserve(e.job_truth.size());
  for (const double y : e.job_truth) truth.push_back(static_cast<int>(y));
  return classification_metrics_of(truth, predictions, target.classes,
                                   e.job_truth.get_allocator().arena());
}

EvaluationOutcome evaluate_recipe(const TrainingData& data, const Recipe& recipe,
                                  const TrainOptions& options, TrainReport& report) {
  EvaluationOutcome out;
  out.alpha = recipe.alphas.front();
  const std::vector<Split> splits =
      splits_of(data.target, data.algorithm, recipe, out.evaluation, options.processes);
  if (splits.empty()) return out;
  out.evaluated = true;
  bool first = true;
  double best_score = 0;
  model::Metrics best_metrics;
  for (const double candidate : recipe.alphas) {
    Evaluated e = evaluate(data, splits, candidate, recipe, options);
    pool_held_out(e, data.target, options.processes);
    model::Metrics metrics = metrics_of(e, data.target, data.algorithm);
    const double score = primary_score(metrics, data.algorithm);
    if (recipe.alphas.size() > 1) report.alpha_scores.push_back({candidate, score});
    const bool better =
        data.algorithm == model::Algorithm::ridge ? score > best_score : score < best_score;
    if (first || better) {
      first = false;
      best_score = score;
      out.alpha = candidate;
      out.best = std::move(e);
      best_metrics = std::move(metrics);
    }
  }
  const Evaluated& best = out.best;
  if (best.any_not_converged) {
    report.warnings.push_back(
        "the solver stopped before converging on an evaluation split; raise --max-iter");
  }
  out.evaluation.rows = best.job_truth.size();
  if (options.report_held_out) {
    report.evaluation_rows.assign(best.rows.begin(), best.rows.end());
    report.evaluation_split_ends = best.split_ends;
    report.evaluation_targets.assign(best.job_truth.begin(), best.job_truth.end());
    report.evaluation_predictions = best.pooled_predictions();
  }
  out.evaluation.metrics = std::move(best_metrics);
  out.evaluation.alpha_selected_by_cv = recipe.alphas.size() > 1;
  out.evaluation.permutation_importance =
      permutation_importance(best, data.table, data.target, data.algorithm, recipe.seed,
                             options.threads, options.processes);
  return out;
}

void store_residuals(model::Model& m, const Evaluated& e) {
  const auto predictions = e.pooled_predictions();
  SpillArena* arena = e.job_truth.get_allocator().arena();
  table::RowVector<double> residuals{SpillAllocator<double>(arena)};
  residuals.reserve(e.job_truth.size());
  for (std::size_t i = 0; i < e.job_truth.size(); ++i) {
    residuals.push_back(std::abs(e.job_truth[i] - predictions(static_cast<Eigen::Index>(i), 0)));
  }
  // The radix sort takes 16 bytes per value of heap: once the data spills, std::sort in place
  // (the same order: absolute values are never -0.0, and finite).
  if (arena != nullptr && arena->stats().spilled_bytes > 0) {
    std::sort(residuals.begin(), residuals.end());
  } else {
    stats::sort_numbers(residuals);
  }
  m.residual_count = residuals.size();
  if (residuals.size() <= model::kMaxResiduals) {
    m.residuals.assign(residuals.begin(), residuals.end());
    return;
  }
  // Evenly spaced order statistics, first and last included.
  const double step = static_cast<double>(residuals.size() - 1) / (model::kMaxResiduals - 1);
  for (std::size_t k = 0; k < model::kMaxResiduals; ++k) {
    m.residuals.push_back(
        residuals[static_cast<std::size_t>(std::llround(static_cast<double>(k) * step))]);
  }
}

void store_evaluation_sample(model::Model& m, const Evaluated& e) {
  const auto predictions = e.pooled_predictions();
  const std::size_t n = e.job_truth.size();
  const std::size_t kept = std::min(n, model::kMaxEvaluationSample);
  const auto cols = static_cast<std::size_t>(predictions.cols());
  m.evaluation_sample_width = 1 + cols;
  m.evaluation_sample.clear();
  m.evaluation_sample.reserve(kept * (1 + cols));
  for (std::size_t k = 0; k < kept; ++k) {
    const std::size_t i = kept == n ? k : k * n / kept;
    m.evaluation_sample.push_back(e.job_truth[i]);
    for (std::size_t c = 0; c < cols; ++c) {
      m.evaluation_sample.push_back(
          predictions(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)));
    }
  }
}

namespace {

// Evenly spaced held-out rows of the last split, at most this many: the cost is features x
// repeats x rows.
constexpr std::size_t kMaxImportanceRows = 5000;

// The rows permutation importance measures: k * n / kept of the job's n held-out rows of the
// last split, those this process holds (its held-out rows follow the ranks' before it).
std::vector<std::size_t> importance_rows(const Evaluated& e, distributed::Communicator* processes) {
  const std::size_t local = e.last_held_out.size();
  const std::uint64_t before = rows_before(processes, local);
  const std::uint64_t n = job_sum(processes, local);
  const std::uint64_t kept = std::min<std::uint64_t>(n, kMaxImportanceRows);
  SpillArena* arena = e.last_held_out.get_allocator().arena();
  std::vector<std::size_t> rows;
  for (std::uint64_t k = 0; k < kept; ++k) {
    const std::uint64_t at = k * n / kept;
    if (at >= before && at < before + local) rows.push_back(e.last_held_out[at - before]);
    if (arena != nullptr && k % kSpreadRows == 0) arena->check();
  }
  return rows;
}

}  // namespace

model::PermutationImportance permutation_importance(const Evaluated& e, const table::Table& table,
                                                    const Target& target,
                                                    model::Algorithm algorithm, std::uint64_t seed,
                                                    unsigned threads,
                                                    distributed::Communicator* processes) {
  constexpr int kRepeats = 5;
  const Fitted& fitted = *e.last_split;
  std::vector<std::size_t> rows = importance_rows(e, processes);
  std::vector<double> truth_values;
  SpillArena* arena = table.arena();
  for (const auto r : rows) {
    truth_values.push_back(target.y[r]);
    if (arena != nullptr && truth_values.size() % kSpreadRows == 0) arena->check();
  }
  // Over processes, the rows come together on every one (shuffles mix them across shares).
  std::optional<table::Table> gathered;
  if (processes != nullptr && processes->size() > 1) {
    gathered = gather_rows(table, rows, processes);
    Eigen::MatrixXd local_truth = Eigen::Map<const Eigen::VectorXd>(
        truth_values.data(), static_cast<Eigen::Index>(truth_values.size()));
    const Eigen::MatrixXd all = job_rows(processes, local_truth);
    truth_values.assign(all.data(), all.data() + all.size());
    rows.resize(gathered->rows());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
  }
  // Wide pipelines are scored from one-hot rows (held_out_scores.hpp).
  const ShuffledScores design(fitted.pipeline, fitted.linear, gathered ? *gathered : table, rows);
  const auto score = [&](const Eigen::MatrixXd& scores) {
    if (algorithm == model::Algorithm::ridge) {
      return metrics::regression_metrics(
                 truth_values, std::span<const double>(scores.data(), truth_values.size()))
          .r2;
    }
    std::vector<int> truth;
    for (const double y : truth_values) truth.push_back(static_cast<int>(y));
    return -metrics::classification_metrics(truth,
                                            solvers::proba_from_scores(fitted.linear, scores),
                                            static_cast<int>(target.classes.size()))
                .log_loss;
  };
  const double baseline = score(design.scores());
  const auto& list = fitted.pipeline.features();
  // The shuffles first, in order from one seeded source (split.hpp: the same permutations on
  // every platform); then the features are scored in parallel, each on its own shuffles.
  Random random(seed);
  std::vector<std::vector<std::vector<std::size_t>>> orders(list.size());
  for (auto& feature_orders : orders) {
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
      random.shuffle(order);
      feature_orders.push_back(order);
    }
  }
  std::vector<model::FeatureImportance> importance(list.size());
  parallel_for(list.size(), threads, [&](std::size_t f) {
    double sum = 0.0;
    double squares = 0.0;
    for (const auto& order : orders[f]) {
      const double drop = baseline - score(design.shuffled(f, order));
      sum += drop;
      squares += drop * drop;
    }
    const double mean = sum / kRepeats;
    const double variance = std::max(0.0, squares / kRepeats - mean * mean);
    importance[f] = {list[f].name, mean, std::sqrt(variance)};
  });
  return {model::primary_metric(algorithm), rows.size(), kRepeats, std::move(importance)};
}

}  // namespace mlctl::training
