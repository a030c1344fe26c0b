#include "training/retrain.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.hpp"
#include "model/model_file.hpp"
#include "training/job_facts.hpp"

namespace mlctl::training {
namespace {

std::string alphas_text(const std::vector<double>& alphas) {
  return fmt::format("{:g}", fmt::join(alphas, ","));
}

const char* class_weight_text(ClassWeight w) {
  return w == ClassWeight::balanced ? "balanced" : "none";
}

template <typename T, typename Format>
void apply(const std::optional<T>& override_value, T& value, const char* setting, const char* flag,
           Format format, std::vector<RecipeChange>& changes) {
  if (!override_value || *override_value == value) return;
  changes.push_back({setting, format(value), format(*override_value), flag});
  value = *override_value;
}

// The names of a model's outputs, to match coefficients between two models: the target for
// ridge, the positive class for binary logistic, every class for multiclass.
std::vector<std::string> output_names(const model::Model& m) {
  if (!m.is_classifier()) return {m.target};
  if (m.classes.size() == 2) return {m.classes[1]};
  return m.classes;
}

// feature -> output -> coefficient.
std::map<std::string, std::map<std::string, double>> coefficient_map(const model::Model& m) {
  std::map<std::string, std::map<std::string, double>> out;
  const auto names = m.pipeline.encoded_names();
  const auto outputs = output_names(m);
  for (std::size_t j = 0; j < names.size(); ++j) {
    for (std::size_t k = 0; k < outputs.size(); ++k) {
      out[names[j]][outputs[k]] =
          m.linear.coef(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j));
    }
  }
  return out;
}

double metric(const model::Metrics& metrics, model::Metric which) {
  return metrics.get(which).value_or(std::nan(""));
}

}  // namespace

Recipe retrain_recipe(const model::Model& current, const RecipeOverrides& o,
                      std::vector<RecipeChange>& changes) {
  Recipe r = recipe_of(current.recipe);
  r.algorithm = current.algorithm;
  r.declared = current.read_settings.types;
  // Same inputs as the current model: its chosen columns, not "every other column" of new data.
  if (current.recipe.features_used) {
    r.features = *current.recipe.features_used;
  } else {
    r.features.clear();
    for (const auto& f : current.pipeline.features()) r.features.push_back(f.name);
  }
  r.exclude.clear();
  // Models written before these were refused recorded --cv 1 (or less) and --class-weight
  // balanced on ridge, neither of which did anything: read them as what they did.
  if (r.cv < 2) r.cv = 0;
  if (current.algorithm == model::Algorithm::ridge) r.class_weight = ClassWeight::none;
  const auto number = [](auto v) { return fmt::format("{:g}", static_cast<double>(v)); };
  const auto integer = [](auto v) { return fmt::format("{}", v); };
  apply(o.alphas, r.alphas, "alpha", "--alpha", alphas_text, changes);
  apply(o.holdout, r.holdout, "holdout", "--holdout", number, changes);
  apply(o.cv, r.cv, "cv", "--cv", integer, changes);
  apply(o.seed, r.seed, "seed", "--seed", integer, changes);
  apply(o.max_iterations, r.max_iterations, "max_iter", "--max-iter", integer, changes);
  apply(o.class_weight, r.class_weight, "class_weight", "--class-weight", class_weight_text,
        changes);
  return r;
}

std::vector<std::string> required_columns(const model::Model& current) {
  std::vector<std::string> columns;
  for (const auto& f : current.pipeline.features()) columns.push_back(f.name);
  columns.push_back(current.target);
  return columns;
}

void check_required_columns(const model::Model& current, const std::vector<std::string>& header,
                            const std::string& source) {
  std::vector<std::string> missing;
  for (const auto& name : required_columns(current)) {
    if (std::find(header.begin(), header.end(), name) == header.end()) {
      missing.push_back(fmt::format("\"{}\"", name));
    }
  }
  if (missing.size() == 1) {
    throw Error(ErrorKind::data,
                fmt::format("the model needs the column {}, which the data lacks", missing[0]),
                {source});
  }
  if (!missing.empty()) {
    throw Error(ErrorKind::data,
                fmt::format("the model needs the columns {}, which the data lacks",
                            fmt::join(missing, ", ")),
                {source});
  }
}

std::vector<CoefficientChange> coefficient_changes(const model::Model& current,
                                                   const model::Model& candidate,
                                                   std::size_t count) {
  if (current.classes != candidate.classes) return {};
  auto before = coefficient_map(current);
  auto after = coefficient_map(candidate);
  std::map<std::string, std::map<std::string, std::pair<double, double>>> joined;
  for (const auto& [feature, outputs] : before) {
    for (const auto& [output, v] : outputs) joined[feature][output].first = v;
  }
  for (const auto& [feature, outputs] : after) {
    for (const auto& [output, v] : outputs) joined[feature][output].second = v;
  }
  const bool multiclass = output_names(current).size() > 1 || output_names(candidate).size() > 1;
  std::vector<CoefficientChange> changes;
  for (const auto& [feature, outputs] : joined) {
    CoefficientChange best;
    bool first = true;
    for (const auto& [output, pair] : outputs) {
      const CoefficientChange c{feature, multiclass ? output : "", pair.first, pair.second};
      if (first || std::abs(c.change()) > std::abs(best.change())) best = c;
      first = false;
    }
    changes.push_back(best);
  }
  std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
    return std::abs(a.change()) > std::abs(b.change());
  });
  if (changes.size() > count) changes.resize(count);
  return changes;
}

std::string classes_changed(const model::Model& current, const model::Model& candidate) {
  if (current.classes == candidate.classes) return {};
  return fmt::format("the classes changed: the current model has {}; the candidate has {}",
                     fmt::join(current.classes, ", "), fmt::join(candidate.classes, ", "));
}

const char* primary_metric(model::Algorithm algorithm) {
  return model::name_of(model::primary_metric(algorithm)).data();
}

Decision decide(model::Algorithm algorithm, const std::vector<Comparison>& comparisons,
                const GateOptions& gate) {
  if (comparisons.empty()) throw Error(ErrorKind::internal, "retrain gate: nothing to compare");
  Decision d;
  d.metric = training::primary_metric(algorithm);
  const model::Metric primary = model::primary_metric(algorithm);
  d.higher_is_better = model::info(primary).higher_is_better;
  d.passed = true;
  const GateCheck* failed = nullptr;
  for (const auto& c : comparisons) {
    GateCheck check;
    check.on = c.on;
    check.current = metric(c.current, primary);
    check.candidate = metric(c.candidate, primary);
    check.regression =
        d.higher_is_better ? check.current - check.candidate : check.candidate - check.current;
    // A NaN (an undefined metric) never passes: the gate must not promote what it cannot judge.
    check.passed = check.regression <= gate.max_regression;
    d.checks.push_back(check);
  }
  for (const auto& check : d.checks) {
    if (!check.passed && failed == nullptr) failed = &check;
  }
  d.passed = failed == nullptr;
  d.promoted = d.passed || gate.force;
  d.forced = !d.passed && gate.force;
  if (d.passed) {
    const auto& c = d.checks.front();
    d.reason = fmt::format(
        "{} on the {}: candidate {:.6g}, current {:.6g} (worse by at most --max-regression {:g})",
        d.metric, c.on, c.candidate, c.current, gate.max_regression);
    if (c.regression <= 0) {
      d.reason = fmt::format("{} on the {}: candidate {:.6g}, current {:.6g} (not worse)", d.metric,
                             c.on, c.candidate, c.current);
    }
  } else {
    d.reason = fmt::format(
        "{} on the {}: candidate {:.6g} is worse than the current {:.6g} by {:.6g} (more than "
        "--max-regression {:g})",
        d.metric, failed->on, failed->candidate, failed->current, failed->regression,
        gate.max_regression);
    if (std::isnan(failed->regression)) {
      d.reason = fmt::format("{} on the {} is undefined (candidate {:.6g}, current {:.6g})",
                             d.metric, failed->on, failed->candidate, failed->current);
    }
  }
  return d;
}

SkillCheck skill_check(model::Algorithm algorithm, const std::vector<double>& targets,
                       const Eigen::MatrixXd& predictions, double min_skill) {
  SkillCheck s;
  const std::size_t n = targets.size();
  std::vector<double> baseline_loss(n);
  std::vector<double> candidate_loss(n);
  if (algorithm == model::Algorithm::ridge) {
    s.baseline = "the mean";
    double mean = 0.0;
    for (const double y : targets) mean += y / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double y = targets[i];
      const double e = y - predictions(static_cast<Eigen::Index>(i), 0);
      baseline_loss[i] = (y - mean) * (y - mean);
      candidate_loss[i] = e * e;
    }
  } else {
    s.baseline = "the base rate";
    const auto classes = static_cast<std::size_t>(predictions.cols());
    std::vector<double> share(classes, 0.0);
    for (const double y : targets)
      share[static_cast<std::size_t>(y)] += 1.0 / static_cast<double>(n);
    constexpr double kEps = std::numeric_limits<double>::epsilon();
    for (std::size_t i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(targets[i]);
      const double p = predictions(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k));
      baseline_loss[i] = -std::log(std::max(share[k], kEps));
      candidate_loss[i] = -std::log(std::clamp(p, kEps, 1.0));
    }
  }
  double mean_diff = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    s.baseline_loss += baseline_loss[i] / static_cast<double>(n);
    s.candidate_loss += candidate_loss[i] / static_cast<double>(n);
    mean_diff += (baseline_loss[i] - candidate_loss[i]) / static_cast<double>(n);
  }
  double var = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = baseline_loss[i] - candidate_loss[i] - mean_diff;
    var += d * d / static_cast<double>(n > 1 ? n - 1 : 1);
  }
  const double se = std::sqrt(var / static_cast<double>(n));
  s.z = se > 0 ? mean_diff / se : (mean_diff > 0 ? std::numeric_limits<double>::infinity() : 0.0);
  s.passed = min_skill <= 0 || s.z >= min_skill;
  return s;
}

namespace {

// Both models on the candidate's evaluation rows of `data` (the job's: every process's, pooled),
// then on every row of `eval`.
std::vector<Comparison> compare(const model::Model& current, const table::Table& data,
                                const table::Table* eval, const RetrainResult& result,
                                const RecipeOverrides& overrides,
                                distributed::Communicator* processes) {
  std::vector<Comparison> comparisons;
  const TrainReport& report = result.report;
  if (!report.evaluation_targets.empty()) {  // the same on every process
    const bool cv = result.candidate.evaluation.method == model::EvaluationMethod::cv;
    comparisons.push_back({fmt::format("{} rows of {}", cv ? "out-of-fold" : "held-out",
                                       overrides.data_name.value_or(data.source)),
                           report.evaluation_targets.size(),
                           evaluate_model(current, data, report.evaluation_rows, processes,
                                          report.evaluation_split_ends),
                           result.candidate.evaluation.metrics});
  }
  if (eval != nullptr) {
    std::vector<std::size_t> all(eval->rows());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    Comparison c{"--eval " + overrides.eval_name.value_or(eval->source), 0,
                 evaluate_model(current, *eval, all, processes),
                 evaluate_model(result.candidate, *eval, all, processes)};
    c.rows = c.candidate.n;
    comparisons.push_back(std::move(c));
  }
  return comparisons;
}

}  // namespace

RetrainResult retrain(const model::Model& current, const table::Table& data,
                      const table::Table* eval, const RecipeOverrides& overrides,
                      const GateOptions& gate, const TrainOptions& options) {
  if (!(gate.max_regression >= 0.0) || !std::isfinite(gate.max_regression)) {
    throw Error(ErrorKind::usage,
                fmt::format("--max-regression must be >= 0, got {:g}", gate.max_regression));
  }
  RetrainResult result;
  const Recipe recipe = retrain_recipe(current, overrides, result.changes);
  std::vector<std::string> header;
  for (const auto& c : data.columns) header.push_back(c.name);
  check_required_columns(current, header, data.source);
  if (eval != nullptr) {
    header.clear();
    for (const auto& c : eval->columns) header.push_back(c.name);
    check_required_columns(current, header, eval->source);
  }
  if (recipe.holdout == 0.0 && recipe.cv < 2 && eval == nullptr) {
    throw Error(ErrorKind::usage,
                "nothing to compare the models on: the recipe has no held-out evaluation "
                "(holdout 0); give --holdout, --cv or --eval DATA.csv");
  }

  // The recipe was accepted once: its class count is not limited again.
  TrainOptions unlimited = options;
  if (!unlimited.max_classes) unlimited.max_classes = std::numeric_limits<std::size_t>::max();
  result.candidate = train(data, recipe, result.report, unlimited);
  result.comparisons = compare(current, data, eval, result, overrides, options.processes);
  const bool held_out = !result.report.evaluation_targets.empty();
  result.top_changes = coefficient_changes(current, result.candidate, kTopCoefficientChanges);
  result.classes_changed = classes_changed(current, result.candidate);
  if (!result.classes_changed.empty()) {
    auto& warnings = result.report.warnings;
    warnings.insert(warnings.begin(), result.classes_changed + " (coefficients not compared)");
  }
  result.decision = decide(current.algorithm, result.comparisons, gate);
  if (held_out) {
    Decision& d = result.decision;
    d.skill = skill_check(current.algorithm, result.report.evaluation_targets,
                          result.report.evaluation_predictions, gate.min_skill);
    if (!d.skill->passed && d.passed) {
      d.passed = false;
      d.promoted = gate.force;
      d.forced = gate.force;
      d.reason = fmt::format(
          "the candidate is no better than always predicting {} on the {} (loss {:.6g} vs "
          "{:.6g}, {:.3g} standard errors < --min-skill {:g}): are the new data's labels broken?",
          d.skill->baseline, result.comparisons.front().on, d.skill->candidate_loss,
          d.skill->baseline_loss, d.skill->z, gate.min_skill);
    }
  }

  model::Model& m = result.candidate;
  m.read_settings = overrides.read_settings.value_or(current.read_settings);
  if (options.processes != nullptr) {
    m.data = job_fingerprint(data, overrides.data_name.value_or(data.source), options.processes);
  }
  m.provenance.parent_id = current.provenance.id;
  m.provenance.forced = result.decision.forced;
  m.provenance.lineage = current.provenance.lineage;
  m.provenance.lineage.push_back({current.provenance.id, current.provenance.parent_id,
                                  current.provenance.created, current.data,
                                  current.provenance.forced});
  model::stamp_provenance(m);
  return result;
}

}  // namespace mlctl::training
