#include "training/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/parallel.hpp"
#include "common/plural.hpp"
#include "metrics/classification.hpp"
#include "metrics/regression.hpp"
#include "solvers/logistic.hpp"
#include "solvers/ridge.hpp"
#include "pipeline/encoded_source.hpp"
#include "stats/sort_numbers.hpp"
#include "training/split.hpp"
#include "training/target_checks.hpp"
#include "training/training_stats.hpp"

namespace mlctl::training {
namespace {

using table::ColumnType;

// A string column whose values are (almost) all distinct identifies rows (a name, an id): as a
// feature it would one-hot into one column per row and teach the model nothing that transfers.
bool looks_like_identifier(const table::Column& column) {
  if (column.type != ColumnType::categorical) return false;
  const std::size_t count = column.codes.size() - column.missing_count();
  return count >= 20 &&
         static_cast<double>(column.distinct_count()) > 0.9 * static_cast<double>(count);
}

// Stops at the first value: cheaper than counting every missing one.
bool all_missing(const table::Column& column) {
  const std::size_t n =
      column.type == ColumnType::numeric ? column.numbers.size() : column.codes.size();
  for (std::size_t r = 0; r < n; ++r) {
    if (!column.is_missing(r)) return false;
  }
  return true;
}

struct Target {
  std::vector<std::string> classes;  // classification only
  std::vector<double> y;             // per table row: value or class index; NaN = missing
  std::vector<std::size_t> rows;     // rows with a target
  std::vector<int> row_classes;      // class of each of `rows` (classification only)
};

// Whether a numeric column holds exactly two distinct values (-0 and 0 are one): stops at the
// third, where counting them all would sort a copy of the column.
bool has_two_distinct_values(const table::Column& column) {
  std::optional<double> first, second;
  for (const double v : column.numbers) {
    if (std::isnan(v)) continue;
    if (!first) {
      first = v;
    } else if (v != *first) {
      if (!second) {
        second = v;
      } else if (v != *second) {
        return false;
      }
    }
  }
  return second.has_value();
}

model::Algorithm choose_algorithm(const table::Column& target, const Recipe& recipe,
                                  TrainReport& report) {
  if (recipe.algorithm) {
    if (*recipe.algorithm == model::Algorithm::ridge && target.type == ColumnType::categorical) {
      if (target.first_non_number_line == 0) {
        throw Error(ErrorKind::usage,
                    fmt::format("--algorithm ridge needs a numeric target; \"{}\" is declared "
                                "categorical (--categorical)",
                                target.name));
      }
      throw Error(ErrorKind::usage,
                  fmt::format("--algorithm ridge needs a numeric target; \"{}\" holds text "
                              "(e.g. \"{}\")",
                              target.name, target.first_non_number));
    }
    report.algorithm_reason = "chosen with --algorithm";
    return *recipe.algorithm;
  }
  if (target.type == ColumnType::categorical) {
    report.algorithm_reason =
        fmt::format("target \"{}\" holds {} classes", target.name, target.distinct_count());
    return model::Algorithm::logistic;
  }
  if (has_two_distinct_values(target)) {
    report.algorithm_reason = fmt::format("target \"{}\" holds 2 distinct values", target.name);
    return model::Algorithm::logistic;
  }
  report.algorithm_reason = fmt::format("target \"{}\" is numeric", target.name);
  return model::Algorithm::ridge;
}

Target prepare_target(const table::Table& table, const table::Column& column,
                      model::Algorithm algorithm) {
  Target t;
  const std::size_t n = table.rows();
  t.y.assign(n, std::numeric_limits<double>::quiet_NaN());
  t.rows.reserve(n);
  if (algorithm == model::Algorithm::ridge) {
    for (std::size_t r = 0; r < n; ++r) {
      if (column.is_missing(r)) continue;
      t.y[r] = column.numbers[r];
      t.rows.push_back(r);
    }
    return t;
  }
  // Classes sorted as scikit-learn's np.unique: by number for a numeric target, else by text.
  std::vector<std::size_t> class_of_code;
  if (column.type == ColumnType::numeric) {
    std::set<double> values;
    for (std::size_t r = 0; r < n; ++r) {
      if (!column.is_missing(r)) values.insert(column.numbers[r] == 0.0 ? 0.0 : column.numbers[r]);
    }
    std::map<double, int> index;
    for (const double v : values) {
      index[v] = static_cast<int>(t.classes.size());
      t.classes.push_back(fmt::format("{}", v));
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (column.is_missing(r)) continue;
      t.y[r] = index.at(column.numbers[r] == 0.0 ? 0.0 : column.numbers[r]);
      t.rows.push_back(r);
    }
  } else {
    std::vector<std::string> sorted;
    std::vector<bool> used(column.labels.size(), false);
    for (const auto code : column.codes) {
      if (code >= 0) used[static_cast<std::size_t>(code)] = true;
    }
    for (std::size_t code = 0; code < used.size(); ++code) {
      if (used[code]) sorted.push_back(column.labels[code]);
    }
    std::sort(sorted.begin(), sorted.end());
    t.classes = sorted;
    std::vector<int> index(column.labels.size(), -1);
    for (std::size_t code = 0; code < column.labels.size(); ++code) {
      const auto it = std::lower_bound(sorted.begin(), sorted.end(), column.labels[code]);
      if (it != sorted.end() && *it == column.labels[code]) {
        index[code] = static_cast<int>(it - sorted.begin());
      }
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (column.codes[r] < 0) continue;
      t.y[r] = index[static_cast<std::size_t>(column.codes[r])];
      t.rows.push_back(r);
    }
  }
  t.row_classes.reserve(t.rows.size());
  for (const auto r : t.rows) t.row_classes.push_back(static_cast<int>(t.y[r]));
  return t;
}

std::vector<std::string> choose_features(const table::Table& table, const Recipe& recipe,
                                         TrainReport& report) {
  const auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& name : recipe.features) {
    if (name == recipe.target) {
      throw Error(ErrorKind::usage, fmt::format("the target \"{}\" cannot be a feature", name));
    }
    table.column(name);  // throws for an unknown column
  }
  for (const auto& name : recipe.exclude) table.column(name);
  std::vector<std::string> features;
  const bool explicit_list = !recipe.features.empty();
  for (const auto& column : table.columns) {
    const std::string& name = column.name;
    if (name == recipe.target || listed(recipe.exclude, name)) continue;
    if (explicit_list && !listed(recipe.features, name)) continue;
    if (all_missing(column)) {
      report.excluded.push_back(name);
      report.warnings.push_back(
          fmt::format("column \"{}\" is empty (every value missing): left out", name));
      continue;
    }
    if (!explicit_list && looks_like_identifier(column)) {
      report.excluded.push_back(name);
      report.warnings.push_back(fmt::format(
          "column \"{}\" looks like an identifier ({} distinct values in {} rows): left out; "
          "name it in --features to use it",
          name, column.distinct_count(), table.rows()));
      continue;
    }
    features.push_back(name);
  }
  if (features.empty()) {
    throw Error(ErrorKind::usage, "no feature columns left to train on", {table.source});
  }
  // Keep the order of --features when given, so the model lists them as the user did.
  if (explicit_list) {
    std::vector<std::string> ordered;
    for (const auto& name : recipe.features) {
      if (listed(features, name)) ordered.push_back(name);
    }
    return ordered;
  }
  return features;
}

struct Fitted {
  pipeline::FeaturePipeline pipeline;
  solvers::LinearModel linear;
  solvers::FitReport fit;
};

// What a fit is called in progress lines, and how it may run.
struct FitContext {
  const TrainOptions& options;
  std::string name;
};

// The subsample a large logistic fit starts from (TrainOptions::subsample_start_rows).
constexpr std::size_t kWarmStartStride = 16;

Fitted fit_rows(const table::Table& table, const std::vector<std::string>& features,
                std::span<const std::size_t> rows, const Target& target, model::Algorithm algorithm,
                double alpha, const Recipe& recipe, const FitContext& context,
                const solvers::LinearModel* start = nullptr) {
  Fitted fitted;
  const unsigned threads = context.options.threads;
  fitted.pipeline = pipeline::FeaturePipeline::fit(table, features, rows, recipe.pipeline, threads);
  const pipeline::TableEncoder encoder(fitted.pipeline, table);
  pipeline::EncodingOptions encoding;
  encoding.threads = threads;
  if (algorithm == model::Algorithm::ridge) {
    // One pass over the blocks (solvers/ridge.hpp): storing the encoded rows would only add the
    // cost of 160 MB of fresh pages per million rows of 20 features.
    encoding.memory_budget = 0;
    const pipeline::EncodedSource source(encoder, fitted.pipeline, rows, target.y, {}, encoding);
    fitted.linear = solvers::fit_ridge(source, {alpha});
    return fitted;
  }
  const int classes = static_cast<int>(target.classes.size());
  // The binary loss reads categorical features as column indices (pipeline::EncodingOptions).
  encoding.one_hot = classes == 2;
  std::vector<double> weights;
  if (recipe.class_weight == ClassWeight::balanced) {
    Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i)
      y(static_cast<Eigen::Index>(i)) = target.y[rows[i]];
    const Eigen::VectorXd class_weight = solvers::balanced_class_weights(y, classes);
    weights.assign(table.rows(), 0.0);
    for (const auto r : rows) weights[r] = class_weight(static_cast<Eigen::Index>(target.y[r]));
  }
  const pipeline::EncodedSource source(encoder, fitted.pipeline, rows, target.y, weights, encoding);
  solvers::LogisticOptions options;
  options.alpha = alpha;
  options.num_classes = classes;
  options.max_iterations = recipe.max_iterations;
  options.start = start;
  if (context.options.progress) {
    // The solver's stopping threshold: tolerance x the sum of the weights (at least 1).
    double total_weight = 0;
    if (weights.empty()) {
      total_weight = static_cast<double>(rows.size());
    } else {
      for (const auto r : rows) total_weight += weights[r];
    }
    const double threshold = options.tolerance * std::max(1.0, total_weight);
    options.on_iteration = [&context, threshold](int iteration, double gradient_norm) {
      context.options.progress({context.name, iteration, gradient_norm, threshold});
    };
  }
  // The subsample's objective is the same per row (alpha scaled by the sample's share), so its
  // optimum is close to the full one. Only without a start already (the refit has one).
  solvers::LinearModel subsample_optimum;
  if (start == nullptr && rows.size() >= context.options.subsample_start_rows) {
    std::vector<std::size_t> sample;
    sample.reserve(rows.size() / kWarmStartStride + 1);
    for (std::size_t i = 0; i < rows.size(); i += kWarmStartStride) sample.push_back(rows[i]);
    const pipeline::EncodedSource sample_source(encoder, fitted.pipeline, sample, target.y, weights,
                                                encoding);
    solvers::LogisticOptions sample_options = options;
    sample_options.alpha =
        alpha * static_cast<double>(sample.size()) / static_cast<double>(rows.size());
    sample_options.tolerance = 1e-6;  // a start, not the answer
    sample_options.on_iteration = {};
    sample_options.keep_hessian = true;
    try {
      solvers::FitReport sample_fit;
      subsample_optimum = solvers::fit_logistic(sample_source, sample_options, &sample_fit);
      options.start = &subsample_optimum;
      // Its Hessian, scaled to all the rows (as alpha was), stands in for the full one: the
      // full fit starts with a value-and-gradient pass instead of a Hessian pass.
      sample_fit.hessian *= static_cast<double>(rows.size()) / static_cast<double>(sample.size());
      options.start_hessian =
          std::make_shared<const Eigen::MatrixXd>(std::move(sample_fit.hessian));
    } catch (const Error&) {
      // E.g. a class missing from the sample: start from zero, as without the sample.
    }
  }
  // A large fit from a warm start (the subsample's optimum, or the holdout fit's) begins near
  // its optimum: there an earlier Hessian still serves, and a Hessian pass costs what 2-3
  // value-and-gradient passes do.
  options.reuse_hessian =
      options.start != nullptr && rows.size() >= context.options.subsample_start_rows;
  fitted.linear = solvers::fit_logistic(source, options, &fitted.fit);
  return fitted;
}

// Predictions for `rows`: ridge n x 1 values, logistic n x K probabilities.
Eigen::MatrixXd predict_rows(const Fitted& fitted, const table::Table& table,
                             std::span<const std::size_t> rows, model::Algorithm algorithm) {
  const pipeline::TableEncoder encoder(fitted.pipeline, table);
  Eigen::MatrixXd X;
  encoder.encode(rows, X);
  return algorithm == model::Algorithm::ridge ? solvers::decision_function(fitted.linear, X)
                                              : solvers::predict_proba(fitted.linear, X);
}

// Out-of-split predictions for every held-out row, pooled over the splits.
struct Evaluated {
  std::vector<std::size_t> rows;  // held-out table rows, in split order
  Eigen::MatrixXd predictions;    // one row per entry of `rows`
  bool any_not_converged = false;
  solvers::LinearModel last_fit;  // a good starting point for the final refit
  // The last split's fitted recipe and held-out rows: permutation importance is measured there.
  std::optional<Fitted> last_split;
  std::vector<std::size_t> last_held_out;
};

Evaluated evaluate(const table::Table& table, const std::vector<std::string>& features,
                   const std::vector<Split>& splits, const Target& target,
                   model::Algorithm algorithm, double alpha, const Recipe& recipe,
                   const TrainOptions& options) {
  Evaluated e;
  std::vector<Eigen::MatrixXd> parts;
  Eigen::Index total = 0;
  for (std::size_t s = 0; s < splits.size(); ++s) {
    const Split& split = splits[s];
    std::string name = recipe.cv >= 2 ? fmt::format("fold {} of {}", s + 1, splits.size())
                                      : std::string("holdout fit");
    if (recipe.alphas.size() > 1) name += fmt::format(", alpha {}", alpha);
    const Fitted fitted = fit_rows(table, features, split.train, target, algorithm, alpha, recipe,
                                   {options, std::move(name)});
    if (algorithm == model::Algorithm::logistic && !fitted.fit.converged)
      e.any_not_converged = true;
    parts.push_back(predict_rows(fitted, table, split.held_out, algorithm));
    e.last_fit = fitted.linear;
    e.last_held_out = split.held_out;
    e.last_split = fitted;
    e.rows.insert(e.rows.end(), split.held_out.begin(), split.held_out.end());
    total += parts.back().rows();
  }
  e.predictions.resize(total, parts.empty() ? 1 : parts.front().cols());
  Eigen::Index at = 0;
  for (const auto& p : parts) {
    e.predictions.middleRows(at, p.rows()) = p;
    at += p.rows();
  }
  return e;
}

model::Metrics metrics_of(const Evaluated& e, const Target& target, model::Algorithm algorithm) {
  if (algorithm == model::Algorithm::ridge) {
    std::vector<double> truth;
    std::vector<double> predicted;
    for (std::size_t i = 0; i < e.rows.size(); ++i) {
      truth.push_back(target.y[e.rows[i]]);
      predicted.push_back(e.predictions(static_cast<Eigen::Index>(i), 0));
    }
    return regression_metrics_of(truth, predicted);
  }
  std::vector<int> truth;
  for (const auto r : e.rows) truth.push_back(static_cast<int>(target.y[r]));
  return classification_metrics_of(truth, e.predictions, target.classes);
}

double primary_score(const model::Metrics& metrics, model::Algorithm algorithm) {
  return metrics.get(model::primary_metric(algorithm)).value_or(std::nan(""));
}

void store_residuals(model::Model& m, const Evaluated& e, const Target& target) {
  std::vector<double> residuals;
  residuals.reserve(e.rows.size());
  for (std::size_t i = 0; i < e.rows.size(); ++i) {
    residuals.push_back(
        std::abs(target.y[e.rows[i]] - e.predictions(static_cast<Eigen::Index>(i), 0)));
  }
  stats::sort_numbers(residuals);
  m.residual_count = residuals.size();
  if (residuals.size() <= model::kMaxResiduals) {
    m.residuals = std::move(residuals);
    return;
  }
  // Evenly spaced order statistics, first and last included.
  const double step = static_cast<double>(residuals.size() - 1) / (model::kMaxResiduals - 1);
  for (std::size_t k = 0; k < model::kMaxResiduals; ++k) {
    m.residuals.push_back(
        residuals[static_cast<std::size_t>(std::llround(static_cast<double>(k) * step))]);
  }
}

// At most kMaxEvaluationSample evenly spaced held-out rows, each as (truth, prediction(s)):
// enough for the report's charts, small enough to keep the model file compact.
void store_evaluation_sample(model::Model& m, const Evaluated& e, const Target& target) {
  const std::size_t n = e.rows.size();
  const std::size_t kept = std::min(n, model::kMaxEvaluationSample);
  const auto cols = static_cast<std::size_t>(e.predictions.cols());
  m.evaluation_sample_width = 1 + cols;
  m.evaluation_sample.clear();
  m.evaluation_sample.reserve(kept * (1 + cols));
  for (std::size_t k = 0; k < kept; ++k) {
    const std::size_t i = kept == n ? k : k * n / kept;
    m.evaluation_sample.push_back(target.y[e.rows[i]]);
    for (std::size_t c = 0; c < cols; ++c) {
      m.evaluation_sample.push_back(
          e.predictions(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)));
    }
  }
}

// How much the held-out score worsens when one input column's values are shuffled across the
// held-out rows (all its encoded columns together), averaged over a few seeded shuffles. Measured
// with the last split's model on its own held-out rows, so it reflects rows the model never saw.
model::PermutationImportance permutation_importance(const Evaluated& e, const table::Table& table,
                                                    const Target& target,
                                                    model::Algorithm algorithm, std::uint64_t seed,
                                                    unsigned threads) {
  constexpr int kRepeats = 5;
  // Evenly spaced held-out rows, at most this many: the cost is features x repeats x rows.
  constexpr std::size_t kMaxRows = 5000;
  const Fitted& fitted = *e.last_split;
  std::vector<std::size_t> rows;
  const std::size_t n = e.last_held_out.size();
  const std::size_t kept = std::min(n, kMaxRows);
  for (std::size_t k = 0; k < kept; ++k) rows.push_back(e.last_held_out[k * n / kept]);
  const pipeline::TableEncoder encoder(fitted.pipeline, table);
  Eigen::MatrixXd X;
  encoder.encode(rows, X);
  const auto score = [&](const Eigen::MatrixXd& design) {
    if (algorithm == model::Algorithm::ridge) {
      const Eigen::MatrixXd predicted = solvers::decision_function(fitted.linear, design);
      std::vector<double> truth;
      for (const auto r : rows) truth.push_back(target.y[r]);
      return metrics::regression_metrics(truth,
                                         std::span<const double>(predicted.data(), truth.size()))
          .r2;
    }
    std::vector<int> truth;
    for (const auto r : rows) truth.push_back(static_cast<int>(target.y[r]));
    return -metrics::classification_metrics(truth, solvers::predict_proba(fitted.linear, design),
                                            static_cast<int>(target.classes.size()))
                .log_loss;
  };
  const double baseline = score(X);
  const auto& list = fitted.pipeline.features();
  // The shuffles first, in order from one seeded source (split.hpp: the same permutations on
  // every platform); then the features are scored in parallel, each on its own shuffles.
  Random random(seed);
  std::vector<std::vector<std::vector<std::size_t>>> orders(list.size());
  for (auto& feature_orders : orders) {
    std::vector<std::size_t> order(static_cast<std::size_t>(X.rows()));
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
      random.shuffle(order);
      feature_orders.push_back(order);
    }
  }
  std::vector<model::FeatureImportance> importance(list.size());
  parallel_for(list.size(), threads, [&](std::size_t f) {
    const auto begin = static_cast<Eigen::Index>(fitted.pipeline.offset(f));
    const auto width = static_cast<Eigen::Index>(list[f].width());
    double sum = 0.0;
    double squares = 0.0;
    for (const auto& order : orders[f]) {
      Eigen::MatrixXd shuffled = X;
      for (Eigen::Index i = 0; i < X.rows(); ++i) {
        shuffled.block(i, begin, 1, width) =
            X.block(static_cast<Eigen::Index>(order[static_cast<std::size_t>(i)]), begin, 1, width);
      }
      const double drop = baseline - score(shuffled);
      sum += drop;
      squares += drop * drop;
    }
    const double mean = sum / kRepeats;
    const double variance = std::max(0.0, squares / kRepeats - mean * mean);
    importance[f] = {list[f].name, mean, std::sqrt(variance)};
  });
  return {model::primary_metric(algorithm), rows.size(), kRepeats, std::move(importance)};
}
}  // namespace

std::string to_string(const FitProgress& progress) {
  return fmt::format("{}: iteration {}, gradient {:.1e} (stops at {:.1e})", progress.fit,
                     progress.iteration, progress.gradient_norm, progress.tolerance);
}

std::vector<std::string> columns_to_read(const Recipe& recipe) {
  if (recipe.features.empty()) return {};
  std::vector<std::string> columns = recipe.features;
  if (std::find(columns.begin(), columns.end(), recipe.target) == columns.end()) {
    columns.push_back(recipe.target);
  }
  return columns;
}

model::Model train(const table::Table& table, const Recipe& recipe, TrainReport& report,
                   const TrainOptions& options) {
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
  const table::Column& target_column = table.column(recipe.target);
  check_target_values(table, target_column, recipe.algorithm);
  const model::Algorithm algorithm = choose_algorithm(target_column, recipe, report);
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
  // The stored statistics read only the table: with a thread to spare they are computed beside
  // the fits, whose serial stretches leave a core idle (per column, so the same bits).
  std::future<model::TrainingStats> stats;
  if (options.threads > 1) {
    stats = std::async(std::launch::async, [&table] { return training_stats(table, 1); });
  }
  const Target target = prepare_target(table, target_column, algorithm);
  report.rows_without_target = table.rows() - target.rows.size();
  if (report.rows_without_target > 0) {
    report.warnings.push_back(fmt::format(
        "{} no value for the target \"{}\": left out",
        report.rows_without_target == 1 ? std::string("1 row has")
                                        : count_of(report.rows_without_target, "row") + " have",
        recipe.target));
  }
  if (target.rows.size() < 2) {
    throw Error(ErrorKind::data,
                fmt::format("too few rows with a target to train on ({})", target.rows.size()),
                {table.source});
  }
  if (algorithm == model::Algorithm::logistic && target.classes.size() < 2) {
    throw Error(ErrorKind::data,
                fmt::format("the target \"{}\" has a single class (\"{}\"): nothing to learn",
                            recipe.target, target.classes.empty() ? "" : target.classes[0]),
                {table.source});
  }
  if (algorithm == model::Algorithm::logistic) {
    check_class_count(table, recipe.target, target.classes.size(), target.rows.size(),
                      options.max_classes);
  }
  const std::vector<std::string> features = choose_features(table, recipe, report);
  warn_about_data(
      table,
      {target_column, algorithm, !recipe.algorithm, target.rows, features,
       (recipe.cv >= 2 || recipe.holdout > 0.0) && recipe.features.empty(), options.threads},
      report.warnings);
  const std::span<const int> strata = algorithm == model::Algorithm::logistic
                                          ? std::span<const int>(target.row_classes)
                                          : std::span<const int>();

  std::vector<Split> splits;
  model::Evaluation evaluation;
  if (recipe.cv >= 2) {
    splits = kfold_splits(target.rows, strata, recipe.cv, recipe.seed);
    evaluation.method = model::EvaluationMethod::cv;
    evaluation.folds = static_cast<std::uint64_t>(recipe.cv);
    evaluation.seed = recipe.seed;
  } else if (recipe.holdout > 0.0) {
    splits.push_back(holdout_split(target.rows, strata, recipe.holdout, recipe.seed));
    evaluation.method = model::EvaluationMethod::holdout;
    evaluation.fraction = recipe.holdout;
    evaluation.seed = recipe.seed;
    evaluation.train_rows = splits.front().train.size();
  }

  double alpha = recipe.alphas.front();
  Evaluated best;
  model::Metrics best_metrics;
  if (!splits.empty()) {
    bool first = true;
    double best_score = 0;
    for (const double candidate : recipe.alphas) {
      Evaluated e =
          evaluate(table, features, splits, target, algorithm, candidate, recipe, options);
      model::Metrics metrics = metrics_of(e, target, algorithm);
      const double score = primary_score(metrics, algorithm);
      if (recipe.alphas.size() > 1) report.alpha_scores.push_back({candidate, score});
      const bool better =
          algorithm == model::Algorithm::ridge ? score > best_score : score < best_score;
      if (first || better) {
        first = false;
        best_score = score;
        alpha = candidate;
        best = std::move(e);
        best_metrics = std::move(metrics);
      }
    }
    if (best.any_not_converged) {
      report.warnings.push_back(
          "the solver stopped before converging on an evaluation split; raise --max-iter");
    }
    evaluation.rows = best.rows.size();
    report.evaluation_rows = best.rows;
    for (const auto r : best.rows) report.evaluation_targets.push_back(target.y[r]);
    report.evaluation_predictions = best.predictions;
    evaluation.metrics = std::move(best_metrics);
    evaluation.alpha_selected_by_cv = recipe.alphas.size() > 1;
    evaluation.permutation_importance =
        permutation_importance(best, table, target, algorithm, recipe.seed, options.threads);
  }

  // The final model learns from every row with a target; the metrics above measured the same
  // recipe on rows it had not seen.
  // The same recipe fitted on most of these rows is close to the final optimum: starting there
  // saves Newton iterations (the optimum itself does not depend on the start).
  Fitted final_fit = fit_rows(table, features, target.rows, target, algorithm, alpha, recipe,
                              {options, splits.empty() ? "fit" : "refit"},
                              best.rows.empty() ? nullptr : &best.last_fit);
  report.final_fit = final_fit.fit;
  if (algorithm == model::Algorithm::logistic && !final_fit.fit.converged) {
    report.warnings.push_back(fmt::format(
        "the solver stopped after {} iterations without converging (gradient norm {:.3g}); "
        "raise --max-iter or --alpha",
        final_fit.fit.iterations, final_fit.fit.gradient_norm));
  }

  model::Model m;
  m.algorithm = algorithm;
  m.alpha = alpha;
  m.target = recipe.target;
  m.classes = target.classes;
  m.pipeline = std::move(final_fit.pipeline);
  m.linear = std::move(final_fit.linear);
  Recipe effective = recipe;
  effective.algorithm = algorithm;
  m.recipe = record_of(effective);
  m.recipe.features_used = features;
  m.evaluation = std::move(evaluation);
  if (algorithm == model::Algorithm::ridge && !best.rows.empty()) store_residuals(m, best, target);
  if (!best.rows.empty()) store_evaluation_sample(m, best, target);
  m.data = model::fingerprint_of(table);
  m.training_stats = stats.valid() ? stats.get() : training_stats(table, options.threads);
  return m;
}

model::RecipeRecord record_of(const Recipe& recipe) {
  model::RecipeRecord r;
  r.target = recipe.target;
  r.features = recipe.features;
  r.exclude = recipe.exclude;
  r.algorithm = recipe.algorithm;
  r.alphas = recipe.alphas;
  r.impute = recipe.pipeline.impute;
  r.scale = recipe.pipeline.scale;
  r.balanced_class_weight = recipe.class_weight == ClassWeight::balanced;
  r.holdout = recipe.holdout;
  r.cv = recipe.cv;
  r.seed = recipe.seed;
  r.max_iterations = recipe.max_iterations;
  return r;
}

Recipe recipe_of(const model::RecipeRecord& record) {
  Recipe r;
  r.target = record.target;
  r.features = record.features;
  r.exclude = record.exclude;
  r.algorithm = record.algorithm;
  r.alphas = record.alphas;
  r.pipeline.impute = record.impute;
  r.pipeline.scale = record.scale;
  r.class_weight = record.balanced_class_weight ? ClassWeight::balanced : ClassWeight::none;
  r.holdout = record.holdout;
  r.cv = static_cast<int>(record.cv);
  r.seed = record.seed;
  r.max_iterations = static_cast<int>(record.max_iterations);
  return r;
}

model::Metrics regression_metrics_of(std::span<const double> truth,
                                     std::span<const double> predicted) {
  const auto m = metrics::regression_metrics(truth, predicted);
  model::Metrics out;
  out.n = m.n;
  out.values = {
      {model::Metric::r2, m.r2}, {model::Metric::rmse, m.rmse}, {model::Metric::mae, m.mae}};
  return out;
}

model::Metrics classification_metrics_of(std::span<const int> truth, const Eigen::MatrixXd& proba,
                                         const std::vector<std::string>& classes) {
  const auto m = metrics::classification_metrics(truth, proba, static_cast<int>(classes.size()));
  model::Metrics out;
  out.n = m.n;
  out.values = {{model::Metric::accuracy, m.accuracy},
                {model::Metric::precision_macro, m.precision_macro},
                {model::Metric::recall_macro, m.recall_macro},
                {model::Metric::f1_macro, m.f1_macro},
                {model::Metric::log_loss, m.log_loss}};
  if (m.roc_auc) out.values.emplace_back(model::Metric::roc_auc, *m.roc_auc);
  out.classes = classes;
  for (const auto& row : m.confusion) {
    out.confusion_matrix.emplace_back(row.begin(), row.end());
  }
  return out;
}

}  // namespace mlctl::training

namespace mlctl::training {

model::Metrics evaluate_model(const model::Model& m, const table::Table& table,
                              std::span<const std::size_t> rows) {
  const table::Column& target = table.column(m.target);
  std::vector<std::size_t> scored;
  for (const auto r : rows) {
    if (!target.is_missing(r)) scored.push_back(r);
  }
  if (scored.empty()) {
    throw Error(ErrorKind::data,
                fmt::format("no rows with a value for the target \"{}\" to "
                            "measure the model on",
                            m.target),
                {table.source});
  }
  const pipeline::TableEncoder encoder(m.pipeline, table);
  Eigen::MatrixXd X;
  encoder.encode(scored, X);
  if (!m.is_classifier()) {
    if (target.type != table::ColumnType::numeric) {
      throw Error(ErrorKind::data,
                  fmt::format("the target \"{}\" holds text here, but the model predicts numbers",
                              m.target),
                  {table.source});
    }
    const Eigen::MatrixXd predicted = solvers::decision_function(m.linear, X);
    std::vector<double> truth;
    for (const auto r : scored) truth.push_back(target.numbers[r]);
    return regression_metrics_of(truth, std::span<const double>(predicted.data(), truth.size()));
  }
  const Eigen::MatrixXd proba = solvers::predict_proba(m.linear, X);
  std::vector<std::string> labels = m.classes;
  std::vector<int> truth;
  bool unknown = false;
  for (const auto r : scored) {
    const std::string label = target.text(r);
    const auto it = std::find(m.classes.begin(), m.classes.end(), label);
    if (it == m.classes.end()) unknown = true;
    truth.push_back(static_cast<int>(it - m.classes.begin()));  // == K for an unknown class
  }
  if (!unknown) return classification_metrics_of(truth, proba, labels);
  // A class the model never saw: an extra class it gives probability 0.
  labels.emplace_back("<unknown class>");
  Eigen::MatrixXd widened = Eigen::MatrixXd::Zero(proba.rows(), proba.cols() + 1);
  widened.leftCols(proba.cols()) = proba;
  return classification_metrics_of(truth, widened, labels);
}

}  // namespace mlctl::training
