#include "retrain_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/hash.hpp"
#include "common/plural.hpp"
#include "model/metadata_json.hpp"

namespace mlctl::cli {
namespace {

using nlohmann::json;

constexpr std::size_t kDriftFindingsShown = 5;

std::string format_comparison(const training::Comparison& c, const std::string& gate_metric) {
  std::string out = fmt::format("\nmetrics on the {} ({})\n", c.on, count_of(c.rows, "row"));
  out += fmt::format("  {:<16} {:>12} {:>12} {:>12}\n", "metric", "current", "candidate", "change");
  const auto line = [&](std::string_view key, double a, double b) {
    out += fmt::format("  {:<16} {:>12.6g} {:>12.6g} {:>+12.6g}{}\n", key, a, b, b - a,
                       key == gate_metric ? "  <- gate" : "");
  };
  line("n", static_cast<double>(c.current.n), static_cast<double>(c.candidate.n));
  for (const auto& metric : model::kMetrics) {
    const auto a = c.current.get(metric.metric);
    const auto b = c.candidate.get(metric.metric);
    if (a && b) line(metric.name, *a, *b);
  }
  return out;
}

std::string format_coefficients(const std::vector<training::CoefficientChange>& changes) {
  std::string out = "\ncoefficients that changed most (encoded scale; absent = 0)\n";
  std::size_t width = 7;
  for (const auto& c : changes) {
    width = std::max(width, c.feature.size() + (c.output.empty() ? 0 : c.output.size() + 3));
  }
  out += fmt::format("  {:<{}} {:>12} {:>12} {:>12}\n", "feature", width, "current", "candidate",
                     "change");
  for (const auto& c : changes) {
    const std::string name = c.output.empty() ? c.feature : c.feature + " (" + c.output + ")";
    out += fmt::format("  {:<{}} {:>12.6g} {:>12.6g} {:>+12.6g}\n", name, width, c.current,
                       c.candidate, c.change());
  }
  return out;
}

}  // namespace

std::string retrain_report_text(const RetrainRun& run) {
  const auto& [model_path, current, data, r, drift, no_drift, max_regression, in_place] = run;
  const model::Model& cand = r.candidate;
  std::string out =
      fmt::format("current    {} (id {}, {} alpha {:g})\n", model_path, current.provenance.id,
                  model::to_string(current.algorithm), current.alpha);
  out += fmt::format("new data   {}: {}, {}, xxh3 {}\n", data.source, count_of(data.rows, "row"),
                     count_of(data.bytes, "byte"), to_hex64(data.hash));
  if (!data.process_rows.empty()) {  // mlctl-mpi: how the rows were split
    out += fmt::format("processes: {}, rows read by each: {}\n", data.process_rows.size(),
                       fmt::join(data.process_rows, ", "));
  }
  out += fmt::format("candidate  id {}, alpha {:g}, the current model's recipe", cand.provenance.id,
                     cand.alpha);
  out += r.changes.empty() ? "\n" : " with overrides:\n";
  for (const auto& c : r.changes) {
    out += fmt::format("  {}: {} -> {} ({})\n", c.setting, c.from, c.to, c.flag);
  }
  for (const auto& c : r.comparisons) out += format_comparison(c, r.decision.metric);

  if (!r.classes_changed.empty()) {
    out += fmt::format("\ncoefficients: not compared, {}\n", r.classes_changed);
  } else {
    out += format_coefficients(r.top_changes);
  }
  if (drift) {
    out += fmt::format(
        "\ndrift of the new data against the current model (lint-data): {}, {}, {} info\n",
        count_of(drift->count(checks::Severity::error), "error"),
        count_of(drift->count(checks::Severity::warning), "warning"),
        drift->count(checks::Severity::info));
    for (std::size_t i = 0; i < drift->findings.size() && i < kDriftFindingsShown; ++i) {
      const auto& f = drift->findings[i];
      out += fmt::format("  {:<7} {:<16} {}{}\n", checks::to_string(f.severity), f.rule,
                         f.column.empty() ? "" : f.column + ": ", f.message);
    }
  } else {
    out += fmt::format("\ndrift: not checked ({})\n", no_drift);
  }

  const auto& d = r.decision;
  if (d.skill) {
    out += fmt::format(
        "\nskill      {} per-row loss {:.6g} vs {:.6g} for always predicting {}: "
        "{:.3g} standard errors better\n",
        d.metric == "r2" ? "squared error:" : "log loss:", d.skill->candidate_loss,
        d.skill->baseline_loss, d.skill->baseline, d.skill->z);
  }
  out += fmt::format("\ndecision   {}: {}\n",
                     d.forced ? "promoted by --force" : (d.passed ? "promoted" : "rejected"),
                     d.reason);
  return out;
}

namespace {

json drift_json(const std::optional<checks::LintReport>& drift) {
  if (!drift) return nullptr;
  json findings = json::array();
  for (std::size_t i = 0; i < drift->findings.size() && i < kDriftFindingsShown; ++i) {
    const auto& f = drift->findings[i];
    findings.push_back({{"rule", f.rule},
                        {"severity", checks::to_string(f.severity)},
                        {"column", f.column},
                        {"figure", f.figure},
                        {"message", f.message}});
  }
  return {{"errors", drift->count(checks::Severity::error)},
          {"warnings", drift->count(checks::Severity::warning)},
          {"info", drift->count(checks::Severity::info)},
          {"worst", std::move(findings)}};
}

}  // namespace

json comparisons_json(const training::RetrainResult& r) {
  json out = json::array();
  for (const auto& c : r.comparisons) {
    out.push_back({{"on", c.on},
                   {"rows", c.rows},
                   {"current", model::to_json(c.current)},
                   {"candidate", model::to_json(c.candidate)}});
  }
  return out;
}

namespace {

json decision_json(const training::Decision& d, double max_regression) {
  json checks = json::array();
  for (const auto& c : d.checks) {
    checks.push_back({{"on", c.on},
                      {"current", c.current},
                      {"candidate", c.candidate},
                      {"regression", c.regression},
                      {"passed", c.passed}});
  }
  return {{"metric", d.metric},
          {"higher_is_better", d.higher_is_better},
          {"max_regression", max_regression},
          {"checks", std::move(checks)},
          {"passed", d.passed},
          {"promoted", d.promoted},
          {"forced", d.forced},
          {"outcome", d.forced ? "forced" : (d.passed ? "promoted" : "rejected")},
          {"reason", d.reason},
          {"skill", d.skill ? json{{"baseline", d.skill->baseline},
                                   {"baseline_loss", d.skill->baseline_loss},
                                   {"candidate_loss", d.skill->candidate_loss},
                                   {"z", d.skill->z},
                                   {"passed", d.skill->passed}}
                            : json(nullptr)}};
}

}  // namespace

json retrain_report_json(const RetrainRun& run, const std::string& written) {
  const auto& [model_path, current, data, r, drift, no_drift, max_regression, in_place] = run;
  json changes = json::array();
  for (const auto& c : r.changes) {
    changes.push_back({{"setting", c.setting}, {"from", c.from}, {"to", c.to}, {"flag", c.flag}});
  }
  json coefs = json::array();
  for (const auto& c : r.top_changes) {
    coefs.push_back({{"feature", c.feature},
                     {"output", c.output},
                     {"current", c.current},
                     {"candidate", c.candidate},
                     {"change", c.change()}});
  }
  json j = {{"current", {{"path", model_path}, {"id", current.provenance.id}}},
            {"data", model::to_json(data)},
            {"candidate",
             {{"id", r.candidate.provenance.id},
              {"parent_id", r.candidate.provenance.parent_id},
              {"alpha", r.candidate.alpha},
              {"evaluation", model::to_json(r.candidate.evaluation)}}},
            {"recipe_changes", std::move(changes)},
            {"comparisons", comparisons_json(r)},
            {"coefficient_changes", std::move(coefs)},
            {"drift", drift_json(drift)},
            {"decision", decision_json(r.decision, max_regression)},
            {"written", written.empty() ? json(nullptr) : json(written)},
            {"previous", in_place && !written.empty() ? json(model_path + ".prev") : json(nullptr)},
            {"warnings", r.report.warnings}};
  if (!data.process_rows.empty()) j["process_rows"] = data.process_rows;
  return j;
}

}  // namespace mlctl::cli
