#include "training/fit.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>

#include "common/error.hpp"
#include "pipeline/encoded_source.hpp"
#include "solvers/logistic.hpp"
#include "solvers/ridge.hpp"
#include "solvers/ridge_cg.hpp"
#include "training/held_out_scores.hpp"
#include "training/job_facts.hpp"

namespace mlctl::training {
namespace {

// The subsample a large logistic fit starts from (TrainOptions::subsample_start_rows).
constexpr std::size_t kWarmStartStride = 16;

// --class-weight balanced: each row of `rows` weighted by its class's balanced weight (by table
// row, 0 elsewhere). Empty: every weight is 1.
std::vector<double> class_weights(const TrainingData& data, std::span<const std::size_t> rows,
                                  const Recipe& recipe, distributed::Communicator* processes) {
  std::vector<double> weights;
  if (recipe.class_weight != ClassWeight::balanced) return weights;
  const int classes = static_cast<int>(data.target.classes.size());
  Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    y(static_cast<Eigen::Index>(i)) = data.target.y[rows[i]];
  const Eigen::VectorXd class_weight = solvers::balanced_class_weights(y, classes, processes);
  weights.assign(data.table.rows(), 0.0);
  for (const auto r : rows) weights[r] = class_weight(static_cast<Eigen::Index>(data.target.y[r]));
  return weights;
}

// The solver's options for a logistic fit of `rows`, with progress lines when asked for.
solvers::LogisticOptions logistic_options(int classes, double alpha, const Recipe& recipe,
                                          const FitContext& context,
                                          std::span<const std::size_t> rows,
                                          const std::vector<double>& weights,
                                          const solvers::LinearModel* start) {
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
  return options;
}

// The encoded design's shape as the ridge solvers see it with one-hot blocks.
solvers::RidgeShape ridge_shape(const pipeline::FeaturePipeline& pipeline, std::size_t rows) {
  solvers::RidgeShape shape{rows, pipeline.width(), 0, 0};
  for (const auto& feature : pipeline.features()) {
    ++(feature.type == table::ColumnType::numeric ? shape.dense_columns : shape.groups);
  }
  return shape;
}

}  // namespace

Fitted fit_rows(const TrainingData& data, std::span<const std::size_t> rows, double alpha,
                const Recipe& recipe, const FitContext& context,
                const solvers::LinearModel* start) {
  Fitted fitted;
  const unsigned threads = context.options.threads;
  distributed::Communicator* processes = context.options.processes;
  fitted.pipeline = pipeline::FeaturePipeline::fit(data.table, data.features, rows, recipe.pipeline,
                                                   threads, processes);
  // The solvers' choices follow the job's rows, so every process makes the same ones.
  const std::uint64_t job_rows = job_sum(processes, rows.size());
  const pipeline::TableEncoder encoder(fitted.pipeline, data.table);
  pipeline::EncodingOptions encoding;
  encoding.threads = threads;
  if (context.options.encoding_budget) encoding.memory_budget = *context.options.encoding_budget;
  if (data.algorithm == model::Algorithm::ridge) {
    if (solvers::ridge_prefers_conjugate_gradient(ridge_shape(fitted.pipeline, job_rows))) {
      // Wide: CG passes over one-hot blocks, kept in memory (solvers/ridge_cg.hpp).
      encoding.one_hot = true;
    } else {
      // One pass over the blocks (solvers/ridge.hpp): storing the encoded rows would only add
      // the cost of 160 MB of fresh pages per million rows of 20 features.
      encoding.memory_budget = 0;
    }
    pipeline::EncodedSource source(encoder, fitted.pipeline, rows, data.target.y, {}, encoding);
    source.attach(processes);
    fitted.linear = solvers::fit_ridge(source, {alpha});
    return fitted;
  }
  const int classes = static_cast<int>(data.target.classes.size());
  // The binary loss reads categorical features as column indices (pipeline::EncodingOptions);
  // so does a multinomial fit that TRON solves (issue #14): the choice fit_logistic makes.
  encoding.one_hot =
      classes == 2 || solvers::choose_logistic_solver(pipeline::one_hot_shape(
                          fitted.pipeline, job_rows, classes)) == solvers::LogisticSolver::tron;
  // Numeric features only: stored, the encoded rows would be a scaled copy of the table's
  // columns (176 MB of fresh pages per million rows of 20 features, 40% of a fit's page
  // faults), read from memory on every pass as the columns are. Encoding each block again on
  // every pass, in cache, reads the same bytes and costs a subtraction and a division per
  // value (issue #16).
  if (pipeline::one_hot_shape(fitted.pipeline, job_rows, classes).groups == 0) {
    encoding.memory_budget = 0;
  }
  const std::vector<double> weights = class_weights(data, rows, recipe, processes);
  pipeline::EncodedSource source(encoder, fitted.pipeline, rows, data.target.y, weights, encoding);
  source.attach(processes);
  const SampleOf sample_of = [&](std::size_t stride) {
    struct RowSample {
      std::vector<std::size_t> rows;
      std::optional<pipeline::EncodedSource> source;
    };
    auto sample = std::make_shared<RowSample>();
    sample->rows.reserve(rows.size() / stride + 1);
    // Every stride-th row of the job's: this process's first one follows the rows before it.
    const std::uint64_t before = rows_before(processes, rows.size());
    for (std::size_t i = (stride - before % stride) % stride; i < rows.size(); i += stride)
      sample->rows.push_back(rows[i]);
    sample->source.emplace(encoder, fitted.pipeline, sample->rows, data.target.y, weights,
                           encoding);
    sample->source->attach(processes);
    return std::shared_ptr<const solvers::DesignSource>(sample, &*sample->source);
  };
  fitted.linear = fit_logistic_warm(
      source, sample_of, logistic_options(classes, alpha, recipe, context, rows, weights, start),
      context.options.subsample_start_rows, &fitted.fit);
  return fitted;
}

solvers::LinearModel fit_logistic_warm(const solvers::DesignSource& source,
                                       const SampleOf& sample_of, solvers::LogisticOptions options,
                                       std::size_t large, solvers::FitReport* report) {
  const std::size_t rows = source.total_rows();  // the job's: every process decides alike
  solvers::LinearModel subsample_optimum;
  const solvers::LogisticSolver solver = solvers::resolved_solver(source, options);
  // TRON gains nothing from the sample: from near the optimum its trust region starts as small
  // as the gradient, and it takes more steps than from zero. Bench shape b, 4-class: 19
  // iterations and 314 products after the sample's 264, against 8 and 290 from zero (6.7 s of
  // CPU against 10.3); binary: 0.79 s against 0.89.
  if (options.start == nullptr && rows >= large && solver == solvers::LogisticSolver::newton) {
    const auto sample = sample_of(kWarmStartStride);
    solvers::LogisticOptions sample_options = options;
    sample_options.alpha =
        options.alpha * static_cast<double>(sample->total_rows()) / static_cast<double>(rows);
    sample_options.tolerance = 1e-6;  // a start, not the answer
    sample_options.on_iteration = {};
    sample_options.keep_hessian = true;
    // Scaled down, an alpha near the smallest double becomes 0, which no fit takes: no start.
    if (sample_options.alpha > 0.0) {
      try {
        solvers::FitReport sample_fit;
        subsample_optimum = solvers::fit_logistic(*sample, sample_options, &sample_fit);
        options.start = &subsample_optimum;
        // Its Hessian, scaled to all the rows (as alpha was), stands in for the full one: the
        // full fit starts with a value-and-gradient pass instead of a Hessian pass.
        sample_fit.hessian *= static_cast<double>(rows) / static_cast<double>(sample->total_rows());
        options.start_hessian =
            std::make_shared<const Eigen::MatrixXd>(std::move(sample_fit.hessian));
      } catch (const Error& e) {
        // The sample's rows may not fit where all the rows do (a class missing from the
        // sample): start from zero, as without the sample. Any other error is the full
        // fit's as well, or a bug: it propagates.
        if (e.kind() != ErrorKind::data) throw;
      }
    }
  }
  options.reuse_hessian = options.start != nullptr && rows >= large;
  return solvers::fit_logistic(source, options, report);
}

Eigen::MatrixXd predict_rows(const Fitted& fitted, const table::Table& table,
                             std::span<const std::size_t> rows, model::Algorithm algorithm) {
  Eigen::MatrixXd scores = scores_of_rows(fitted.pipeline, fitted.linear, table, rows);
  return algorithm == model::Algorithm::ridge ? scores
                                              : solvers::proba_from_scores(fitted.linear, scores);
}

}  // namespace mlctl::training
