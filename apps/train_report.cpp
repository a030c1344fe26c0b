#include "train_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/plural.hpp"
#include "model/hashing_json.hpp"
#include "model/metadata_json.hpp"
#include "report/evaluation.hpp"

namespace mlctl::cli {
namespace {

// How the model was measured and its metrics, in train's words (or why it was not measured).
std::string evaluation_account(const model::Model& m) {
  return report::evaluation_text(
      report::evaluation_rows(m.evaluation, report::Voice::train, m.is_classifier()));
}

// The first few hashed features and their collisions (--json and describe list every one).
std::string hashed_account(const pipeline::FeaturePipeline& p) {
  constexpr std::size_t kShown = 5;
  std::string out;
  std::size_t hashed = 0;
  for (const auto& f : p.features()) {
    if (f.hash && ++hashed <= kShown) {
      out += fmt::format("hashed: {} into {}\n", f.name, pipeline::hash_summary(*f.hash));
    }
  }
  if (hashed > kShown) {
    out += fmt::format("hashed: also {} (train --json and describe list them all)\n",
                       count_of(hashed - kShown, "column"));
  }
  return out;
}

}  // namespace

std::string format_train_report(const model::Model& m, const training::TrainReport& report,
                                const std::string& path) {
  std::string out = fmt::format("algorithm: {} ({}), alpha {:g}\n", model::to_string(m.algorithm),
                                report.algorithm_reason, m.alpha);
  out += fmt::format("features: {}, {} encoded\n", count_of(m.pipeline.features().size(), "column"),
                     m.pipeline.width());
  out += hashed_account(m.pipeline);
  if (!report.alpha_scores.empty()) {
    out += fmt::format("alpha by cross-validation ({}):\n",
                       m.is_classifier() ? "log loss, lower is better" : "R², higher is better");
    for (const auto& s : report.alpha_scores) {
      out += fmt::format("  {:<10g} {:.6g}{}\n", s.alpha, s.score,
                         s.alpha == m.alpha ? "  <- best" : "");
    }
  }
  out += evaluation_account(m);
  if (!m.data.process_rows.empty()) {  // mlctl-mpi: how the rows were split
    out += fmt::format("processes: {}, rows read by each: {}\n", m.data.process_rows.size(),
                       fmt::join(m.data.process_rows, ", "));
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
  if (!m.data.process_rows.empty()) j["process_rows"] = m.data.process_rows;
  if (!report.alpha_scores.empty()) {
    nlohmann::json scores = nlohmann::json::array();
    for (const auto& s : report.alpha_scores)
      scores.push_back({{"alpha", s.alpha}, {"score", s.score}});
    j["alpha_scores"] = scores;
  }
  for (const auto& f : m.pipeline.features()) {
    if (f.hash) j["hashed"].push_back({{"feature", f.name}, {"hash", model::to_json(*f.hash)}});
  }
  if (m.is_classifier()) {
    j["solver"] = {{"iterations", report.final_fit.iterations},
                   {"converged", report.final_fit.converged},
                   {"gradient_norm", report.final_fit.gradient_norm},
                   {"method", report.final_fit.method}};
  }
  return j;
}

}  // namespace mlctl::cli
