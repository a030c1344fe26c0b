#include "train_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "common/plural.hpp"
#include "model/metadata_json.hpp"

namespace mlctl::cli {

std::string format_metrics(const model::Metrics& metrics) {
  std::string out;
  for (const auto& [metric, value] : metrics.values) {  // in kMetrics order
    out += fmt::format("  {:<16} {:.6g}\n", model::name_of(metric), value);
  }
  if (!metrics.confusion_matrix.empty()) {
    const auto& classes = metrics.classes;
    const auto& matrix = metrics.confusion_matrix;
    std::size_t width = 6;
    for (const auto& c : classes) width = std::max(width, c.size() + 1);
    out += "  confusion matrix (rows: true class, columns: predicted)\n";
    out += fmt::format("  {:>{}}", "", width);
    for (const auto& c : classes) out += fmt::format(" {:>{}}", c, width);
    out += "\n";
    for (std::size_t i = 0; i < classes.size(); ++i) {
      out += fmt::format("  {:>{}}", classes[i], width);
      for (const auto v : matrix[i]) out += fmt::format(" {:>{}}", v, width);
      out += "\n";
    }
  }
  if (!out.empty()) out.pop_back();
  return out;
}

std::string held_out_share(std::uint64_t held_out, std::uint64_t train_rows) {
  const std::uint64_t total = held_out + train_rows;
  return fmt::format(
      "{:.1f}%",
      total == 0 ? 0.0 : 100.0 * static_cast<double>(held_out) / static_cast<double>(total));
}

namespace {

std::string describe_evaluation(const model::Evaluation& e, bool stratified) {
  if (e.method == model::EvaluationMethod::holdout) {
    return fmt::format("held-out evaluation: {} ({}{}, seed {}), model fitted on the other {}",
                       count_of(e.rows, "row"), held_out_share(e.rows, e.train_rows),
                       stratified ? ", stratified by class" : "", e.seed, e.train_rows);
  }
  return fmt::format("{}-fold cross-validation over {} (seed {}{}), out-of-fold predictions",
                     e.folds, count_of(e.rows, "row"), e.seed,
                     stratified ? ", folds stratified by class" : "");
}

}  // namespace

std::string format_train_report(const model::Model& m, const training::TrainReport& report,
                                const std::string& path) {
  std::string out = fmt::format("algorithm: {} ({}), alpha {:g}\n", model::to_string(m.algorithm),
                                report.algorithm_reason, m.alpha);
  out += fmt::format("features: {}, {} encoded\n", count_of(m.pipeline.features().size(), "column"),
                     m.pipeline.width());
  if (!report.alpha_scores.empty()) {
    out += fmt::format("alpha by cross-validation ({}):\n",
                       m.is_classifier() ? "log loss, lower is better" : "R², higher is better");
    for (const auto& s : report.alpha_scores) {
      out += fmt::format("  {:<10g} {:.6g}{}\n", s.alpha, s.score,
                         s.alpha == m.alpha ? "  <- best" : "");
    }
  }
  if (m.evaluation.method == model::EvaluationMethod::none) {
    out +=
        "no held-out evaluation (--holdout 0): the metrics of a model on its own training rows "
        "would flatter it\n";
  } else {
    out += describe_evaluation(m.evaluation, m.is_classifier()) + ":\n";
    out += format_metrics(m.evaluation.metrics) + "\n";
  }
  out +=
      fmt::format("final model refitted on all {} with a target; written to {} (id {})",
                  count_of(m.data.rows - report.rows_without_target, "row"), path, m.provenance.id);
  return out;
}

nlohmann::json train_report_json(const model::Model& m, const training::TrainReport& report,
                                 const std::string& path) {
  nlohmann::json j = {{"model", path},
                      {"id", m.provenance.id},
                      {"algorithm", model::to_string(m.algorithm)},
                      {"algorithm_reason", report.algorithm_reason},
                      {"alpha", m.alpha},
                      {"target", m.target},
                      {"features", m.pipeline.encoded_names().size()},
                      {"excluded_columns", report.excluded},
                      {"rows", m.data.rows},
                      {"rows_without_target", report.rows_without_target},
                      {"evaluation", model::to_json(m.evaluation)},
                      {"warnings", report.warnings}};
  if (!report.alpha_scores.empty()) {
    nlohmann::json scores = nlohmann::json::array();
    for (const auto& s : report.alpha_scores)
      scores.push_back({{"alpha", s.alpha}, {"score", s.score}});
    j["alpha_scores"] = scores;
  }
  if (m.is_classifier()) {
    j["solver"] = {{"iterations", report.final_fit.iterations},
                   {"converged", report.final_fit.converged},
                   {"gradient_norm", report.final_fit.gradient_norm}};
  }
  return j;
}

}  // namespace mlctl::cli
