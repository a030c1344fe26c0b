// mlctl lint-data DATA.csv [-m MODEL.mlm]: check data before training or predicting, for CI.
// The checks live in src/checks/; this file parses flags, prints the report (text, JSON or
// SARIF 2.1.0) and turns it into an exit code (docs/lint-data.md).

#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "checks/lint.hpp"
#include "checks/rules.hpp"
#include "cli.hpp"
#include "common/error.hpp"
#include "common/plural.hpp"
#include "common/version.hpp"
#include "large_data_memory.hpp"
#include "model/model_file.hpp"
#include "model_reading.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace mlctl::cli {
namespace {

// Keys in a fixed, readable order (source and summary before the findings).
using nlohmann::ordered_json;

struct LintFlags {
  std::string data;
  std::string model;
  bool json = false;
  std::string format = "text";
  std::string fail_on = "error";
  checks::LintOptions options;
  CsvFlags csv;
};

std::string summary_line(const checks::LintReport& r) {
  return fmt::format("{}, {}, {} info in {}", count_of(r.count(checks::Severity::error), "error"),
                     count_of(r.count(checks::Severity::warning), "warning"),
                     r.count(checks::Severity::info), count_of(r.rows, "row"));
}

void print_text(Output& out, const checks::LintReport& r, const model::Model* m,
                const std::string& model_path) {
  out.print("lint-data: {}, {}", r.source, count_of(r.rows, "row"));
  if (m != nullptr) out.print(", against model {} ({})", model_path, m->provenance.id);
  out.write("\n");
  const std::pair<checks::Severity, const char*> groups[] = {
      {checks::Severity::error, "Errors"},
      {checks::Severity::warning, "Warnings"},
      {checks::Severity::info, "Info"}};
  for (const auto& [severity, title] : groups) {
    const std::size_t n = r.count(severity);
    if (n == 0) continue;
    out.print("\n{} ({}):\n", title, n);
    for (const auto& f : r.findings) {
      if (f.severity != severity) continue;
      out.print("  {:<18} {}{}{}", f.rule, f.column.empty() ? "" : f.column,
                f.column.empty() ? "" : ": ", f.message);
      if (f.line > 0) out.print(" [line {}]", f.line);
      out.write("\n");
    }
  }
  out.print("\n{}\n", summary_line(r));
}

ordered_json report_json(const checks::LintReport& r, const model::Model* m,
                         const std::string& model_path, checks::Severity fail_on) {
  ordered_json findings = ordered_json::array();
  for (const auto& f : r.findings) {
    findings.push_back(
        {{"rule", f.rule},
         {"severity", checks::to_string(f.severity)},
         {"column", f.column.empty() ? ordered_json(nullptr) : ordered_json(f.column)},
         {"figure", f.figure},
         {"message", f.message},
         {"line", f.line == 0 ? ordered_json(nullptr) : ordered_json(f.line)}});
  }
  ordered_json model = nullptr;
  if (m != nullptr) model = {{"path", model_path}, {"id", m->provenance.id}};
  return {{"source", r.source},
          {"rows", r.rows},
          {"model", model},
          {"fail_on", checks::to_string(fail_on)},
          {"passed", !r.fails(fail_on)},
          {"summary",
           {{"errors", r.count(checks::Severity::error)},
            {"warnings", r.count(checks::Severity::warning)},
            {"info", r.count(checks::Severity::info)}}},
          {"findings", std::move(findings)}};
}

const char* sarif_level(checks::Severity severity) {
  switch (severity) {
    case checks::Severity::error:
      return "error";
    case checks::Severity::warning:
      return "warning";
    case checks::Severity::info:
      return "note";
  }
  return "note";
}

ordered_json report_sarif(const checks::LintReport& r, const std::string& uri) {
  ordered_json rules = ordered_json::array();
  for (const auto& rule : checks::rules()) {
    rules.push_back({{"id", std::string(rule.id)},
                     {"shortDescription", {{"text", std::string(rule.description)}}}});
  }
  ordered_json results = ordered_json::array();
  for (const auto& f : r.findings) {
    ordered_json physical = {{"artifactLocation", {{"uri", uri}}}};
    if (f.line > 0) physical["region"] = {{"startLine", f.line}};
    ordered_json result = {
        {"ruleId", f.rule},
        {"level", sarif_level(f.severity)},
        {"message", {{"text", f.column.empty() ? f.message : f.column + ": " + f.message}}},
        {"locations", ordered_json::array({{{"physicalLocation", physical}}})},
        {"properties", {{"column", f.column}, {"figure", f.figure}}}};
    const std::size_t index = checks::rule_index(f.rule);
    if (index < checks::rules().size()) result["ruleIndex"] = index;
    results.push_back(std::move(result));
  }
  ordered_json driver = {{"name", "mlctl"}, {"version", kVersion}, {"rules", std::move(rules)}};
  return {{"version", "2.1.0"},
          {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"runs", ordered_json::array({{{"tool", {{"driver", std::move(driver)}}},
                                         {"results", std::move(results)}}})}};
}

int run_lint_data(LintFlags flags, const GlobalOptions& global) {
  prepare_for_large_data();  // before any thread starts
  if (flags.json) {
    if (flags.format != "text" && flags.format != "json") {
      throw Error(ErrorKind::usage, fmt::format("--json contradicts --format {}", flags.format));
    }
    flags.format = "json";
  }
  const checks::Severity fail_on = checks::parse_severity(flags.fail_on);
  std::optional<model::Model> m;
  if (!flags.model.empty()) m = model::load(flags.model);

  // A zero-byte file cannot be read (no header): exit 1, as in every subcommand. With -m, the
  // data is read as the model read its training data (flags override).
  csv::Reader reader(flags.data, m ? model_reader_options(flags.csv, *m, global.quiet)
                                   : reader_options(flags.csv));
  const auto& header = reader.header();
  if (m && flags.options.target.empty() &&
      std::find(header.begin(), header.end(), m->target) != header.end()) {
    flags.options.target = m->target;  // the model's target, when the data has it
  }
  Progress progress("reading " + reader.display_name(), global.quiet);
  const checks::LintReport report = checks::lint(
      reader, m ? &*m : nullptr, flags.options,
      [&](const csv::ReadProgress& read) { progress.update(read); }, global.worker_threads());
  progress.finish();

  Output out("-");
  if (flags.format == "json") {
    out.write(report_json(report, m ? &*m : nullptr, flags.model, fail_on).dump(2));
    out.write("\n");
  } else if (flags.format == "sarif") {
    out.write(report_sarif(report, flags.data == "-" ? "stdin" : flags.data).dump(2));
    out.write("\n");
  } else {
    print_text(out, report, m ? &*m : nullptr, flags.model);
  }
  out.close();
  return report.fails(fail_on) ? kCheckFailed : kSuccess;
}

}  // namespace

Subcommand add_lint_data(CLI::App& parent, const GlobalOptions& global) {
  auto flags = std::make_shared<LintFlags>();
  auto& o = flags->options;
  Command* app =
      add_command(parent, "lint-data", "Check data before training or predicting (CI exit codes)");
  app->add_value("data", flags->data, "The CSV file to check, or - for stdin",
                 data_file("DATA.csv"))
      ->required();
  app->add_value("-m,--model", flags->model,
                 "Also check the data against what this model was trained on",
                 model_file("MODEL.mlm"));
  app->add_value("--target", o.target,
                 "The target column: missing labels, class imbalance, leakage (default: the "
                 "model's target, when the data has it)",
                 text("COL"));
  app->add_flag("--json", flags->json, "Same as --format json");
  app->add_value("--format", flags->format, "text, json or sarif (SARIF 2.1.0)",
                 one_of({"text", "json", "sarif"}))
      ->capture_default_str();
  app->add_value("--fail-on", flags->fail_on, "Exit 3 on findings at this level or worse",
                 one_of({"error", "warning"}))
      ->capture_default_str();
  app->add_value("--max-missing", o.missing_threshold,
                 "Flag columns with at least this share of missing values", text("SHARE"))
      ->capture_default_str();
  app->add_value("--psi-warn", o.psi_warning, "PSI at which drift is a warning", text("PSI"))
      ->capture_default_str();
  app->add_value("--psi-fail", o.psi_error, "PSI at which drift is an error", text("PSI"))
      ->capture_default_str();
  app->add_value("--js-warn", o.js_warning,
                 "Jensen-Shannon divergence (base 2) at which drift is a warning", text("JS"))
      ->capture_default_str();
  app->add_value("--js-fail", o.js_error,
                 "Jensen-Shannon divergence (base 2) at which drift is an error", text("JS"))
      ->capture_default_str();
  app->add_value("--unseen-warn", o.unseen_warning,
                 "Share of unseen categories that makes a warning (below: info)", text("SHARE"))
      ->capture_default_str();
  app->add_value("--range-warn", o.range_warning,
                 "Share of values outside the training range that makes a warning", text("SHARE"))
      ->capture_default_str();
  app->add_value("--missing-increase", o.missing_increase,
                 "Rise of a column's missing share since training that makes a warning",
                 text("SHARE"))
      ->capture_default_str();
  app->add_value("--min-class-share", o.minority_share,
                 "Warn when the rarest target class is below this share", text("SHARE"))
      ->capture_default_str();
  app->add_value("--leakage", o.leakage_threshold,
                 "Score (0-1) at which a feature that predicts the target is a leak", text("SCORE"))
      ->capture_default_str();
  add_csv_flags(*app, flags->csv);
  set_examples(*app,
               "  mlctl lint-data data/titanic.csv --target survived\n"
               "  mlctl lint-data new.csv -m titanic.mlm --fail-on warning\n"
               "  mlctl lint-data new.csv -m titanic.mlm --format sarif > lint.sarif\n");
  return {app, [flags, &global] { return run_lint_data(*flags, global); }};
}

}  // namespace mlctl::cli
