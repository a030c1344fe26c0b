// mlctl retrain -m CURRENT.mlm NEW.csv (-o CANDIDATE.mlm | --in-place) [gate and recipe flags]
// The comparison and the gate live in src/training/retrain.hpp; this file reads the inputs,
// holds the lock, prints the report, writes what was promoted and appends the audit record.

#include <charconv>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "checks/lint.hpp"
#include "cli.hpp"
#include "common/atomic_file.hpp"
#include "common/audit_log.hpp"
#include "common/error.hpp"
#include "common/file_lock.hpp"
#include "common/hash.hpp"
#include "common/plural.hpp"
#include "model/metadata_json.hpp"
#include "model/model_file.hpp"
#include "model_reading.hpp"
#include "container/container.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "train_report.hpp"
#include "training/retrain.hpp"

namespace mlctl::cli {
namespace {

using nlohmann::json;

constexpr std::size_t kDriftFindingsShown = 5;

struct RetrainFlags {
  std::string model;
  std::string data;
  std::string output;
  bool in_place = false;
  double max_regression = 0.0;
  double min_skill = 2.0;
  bool force = false;
  bool no_wait = false;
  std::string eval;
  bool json = false;
  std::string audit_log;
  std::vector<std::string> alpha;  // repeated, or a TOML array: one list
  double holdout = 0;
  int cv = 0;
  std::uint64_t seed = 0;
  int max_iter = 0;
  std::string class_weight;
  CsvFlags csv;
  // Which overrides were given (CLI11 2.1 has no std::optional options).
  CLI::Option* alpha_option = nullptr;
  CLI::Option* holdout_option = nullptr;
  CLI::Option* cv_option = nullptr;
  CLI::Option* seed_option = nullptr;
  CLI::Option* max_iter_option = nullptr;
  CLI::Option* class_weight_option = nullptr;
};

training::RecipeOverrides overrides_of(const RetrainFlags& f) {
  training::RecipeOverrides o;
  if (f.alpha_option->count() > 0) {
    o.alphas = parse_alphas(fmt::format("{}", fmt::join(f.alpha, ",")));
  }
  if (f.holdout_option->count() > 0) o.holdout = f.holdout;
  if (f.cv_option->count() > 0) o.cv = f.cv;
  if (f.seed_option->count() > 0) o.seed = f.seed;
  if (f.max_iter_option->count() > 0) o.max_iterations = f.max_iter;
  if (f.class_weight_option->count() > 0) {
    o.class_weight = f.class_weight == "balanced" ? training::ClassWeight::balanced
                                                  : training::ClassWeight::none;
  }
  return o;
}

// Reads the columns the current model needs; a missing one is a data error naming it.
// `delimiter`, when not null, receives the delimiter the reader used.
table::Table read_data(const std::string& path, const model::Model& current,
                       csv::ReaderOptions options, unsigned threads, char* delimiter = nullptr) {
  options.hash_input = true;
  csv::Reader reader(path, options);
  if (delimiter != nullptr) *delimiter = reader.delimiter();
  training::check_required_columns(current, reader.header(), reader.display_name());
  table::Table table = table::read_table(reader, training::required_columns(current), {}, threads,
                                         current.read_settings.types);
  if (table.rows() == 0) {
    throw Error(ErrorKind::data, "no data rows", {reader.display_name()});
  }
  return table;
}

std::optional<checks::LintReport> drift_of(const std::string& path, const model::Model& current,
                                           const csv::ReaderOptions& reading) {
  if (path == "-") return std::nullopt;  // stdin was consumed by the training read
  csv::Reader reader(path, reading);
  checks::LintOptions options;
  options.target = current.target;
  return checks::lint(reader, &current, options);
}

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

std::string format_report(const RetrainFlags& flags, const model::Model& current,
                          const table::Table& data, const training::RetrainResult& r,
                          const std::optional<checks::LintReport>& drift) {
  const model::Model& cand = r.candidate;
  std::string out =
      fmt::format("current    {} (id {}, {} alpha {:g})\n", flags.model, current.provenance.id,
                  model::to_string(current.algorithm), current.alpha);
  out += fmt::format("new data   {}: {}, {}, xxh3 {}\n", data.source, count_of(data.rows(), "row"),
                     count_of(data.input_bytes, "byte"), to_hex64(data.input_hash));
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
    out += "\ndrift: not checked (the new data came from stdin)\n";
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

json report_json(const RetrainFlags& flags, const model::Model& current, const table::Table& data,
                 const training::RetrainResult& r, const std::optional<checks::LintReport>& drift,
                 const std::string& written) {
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
  return {{"current", {{"path", flags.model}, {"id", current.provenance.id}}},
          {"data", model::to_json(model::fingerprint_of(data))},
          {"candidate",
           {{"id", r.candidate.provenance.id},
            {"parent_id", r.candidate.provenance.parent_id},
            {"alpha", r.candidate.alpha},
            {"evaluation", model::to_json(r.candidate.evaluation)}}},
          {"recipe_changes", std::move(changes)},
          {"comparisons", comparisons_json(r)},
          {"coefficient_changes", std::move(coefs)},
          {"drift", drift_json(drift)},
          {"decision", decision_json(r.decision, flags.max_regression)},
          {"written", written.empty() ? json(nullptr) : json(written)},
          {"previous",
           flags.in_place && !written.empty() ? json(flags.model + ".prev") : json(nullptr)},
          {"warnings", r.report.warnings}};
}

void check_flags(const RetrainFlags& flags) {
  if (flags.output.empty() && !flags.in_place) {
    throw Error(ErrorKind::usage,
                "say where a promoted model goes: -o CANDIDATE.mlm or --in-place");
  }
  if (!flags.output.empty() && flags.output == flags.model) {
    throw Error(ErrorKind::usage,
                "-o names the current model; use --in-place to replace it (it keeps a .prev)");
  }
  if (flags.no_wait && !flags.in_place) {
    throw Error(ErrorKind::usage, "--no-wait applies to --in-place only");
  }
}

int run_retrain(const RetrainFlags& flags, const GlobalOptions& global) {
  check_flags(flags);
  training::RecipeOverrides overrides = overrides_of(flags);
  reader_options(flags.csv);  // a bad --delimiter fails before any work

  // --in-place: the lock covers reading the current model through replacing it, so a second
  // run compares against (and becomes the child of) whatever the first one promoted.
  std::optional<FileLock> lock;
  if (flags.in_place) {
    const std::string lock_path = flags.model + ".lock";
    if (flags.no_wait) {
      lock = FileLock::try_acquire(lock_path);
      if (!lock) {
        throw Error(ErrorKind::io, "locked by another retrain (--no-wait)", {flags.model});
      }
    } else {
      lock = FileLock::acquire(lock_path);
    }
  }
  // Read once: these bytes are both the model compared and what .prev keeps.
  const std::string current_bytes = read_file_limited(flags.model, container::kMaxFileBytes);
  const model::Model current =
      model::from_container(container::parse(current_bytes, flags.model), flags.model);
  // The new data is read as the current model read its own, flags overriding; the candidate
  // records the settings used.
  const csv::ReaderOptions reading = model_reader_options(flags.csv, current, global.quiet);
  char delimiter = '\0';
  const table::Table data =
      read_data(flags.data, current, reading, global.worker_threads(), &delimiter);
  overrides.read_settings =
      model::read_settings_of(reading, delimiter, current.read_settings.types);
  std::optional<table::Table> eval;
  if (!flags.eval.empty()) {
    eval = read_data(flags.eval, current, reading, global.worker_threads());
  }

  training::GateOptions gate{flags.max_regression, flags.force, flags.min_skill};
  Progress fitting("training", global.quiet);
  training::TrainOptions train_options;
  train_options.threads = global.worker_threads();
  train_options.progress = [&](const training::FitProgress& fit) {
    fitting.update(training::to_string(fit), fit.iteration == 1);
  };
  training::RetrainResult r =
      training::retrain(current, data, eval ? &*eval : nullptr, overrides, gate, train_options);
  fitting.finish();
  for (const auto& w : r.report.warnings) spdlog::warn("{}", w);
  const auto drift = drift_of(flags.data, current, reading);

  std::string written;
  if (r.decision.promoted) {
    if (flags.in_place) {
      // .prev first: if replacing the model then fails, the old one is still in place too.
      write_file_atomically(flags.model + ".prev", current_bytes);
      model::save(r.candidate, flags.model);
      written = flags.model;
    } else {
      model::save(r.candidate, flags.output);
      written = flags.output;
    }
  }

  Output out("-");
  if (flags.json) {
    out.write(report_json(flags, current, data, r, drift, written).dump(2));
    out.write("\n");
  } else {
    out.write(format_report(flags, current, data, r, drift));
    if (!written.empty()) {
      out.print("written    {} (id {}, parent {})\n", written, r.candidate.provenance.id,
                r.candidate.provenance.parent_id);
    }
    if (flags.in_place && !written.empty()) {
      out.print("previous   {0}.prev (restore it: mv {0}.prev {0})\n", flags.model);
    }
  }
  out.close();

  if (!flags.audit_log.empty()) {
    audit::append(
        flags.audit_log,
        {{"time", audit::timestamp()},
         {"command", audit::command_line()},
         {"subcommand", "retrain"},
         {"data", model::to_json(model::fingerprint_of(data))},
         {"parent_id", current.provenance.id},
         {"model_id", r.candidate.provenance.id},
         {"metrics", comparisons_json(r)},
         {"decision", r.decision.forced ? "forced" : (r.decision.passed ? "promoted" : "rejected")},
         {"written", written.empty() ? json(nullptr) : json(written)}});
  }

  if (r.decision.forced) {
    // The reason is in the report's decision line (or its JSON) on stdout: not repeated here.
    spdlog::warn("promoted by --force although the gate failed (the decision says why)");
  }
  if (!r.decision.promoted) {
    spdlog::error("candidate rejected (the decision says why): nothing written");
    return kCheckFailed;
  }
  return kSuccess;
}

}  // namespace

Subcommand add_retrain(CLI::App& parent, const GlobalOptions& global) {
  auto flags = std::make_shared<RetrainFlags>();
  Command* app =
      add_command(parent, "retrain",
                  "Retrain a model on new data; promote it only if not worse (exit 3 if rejected)");
  app->add_value("-m,--model", flags->model, "The current model", model_file("CURRENT.mlm"))
      ->required();
  app->add_value("data", flags->data, "New training data: a CSV file, or - for stdin",
                 data_file("NEW.csv"))
      ->required();
  auto* output =
      app->add_value("-o,--output", flags->output, "Where a promoted candidate is written",
                     model_file("CANDIDATE.mlm"));
  app->add_flag("--in-place", flags->in_place,
                "Replace CURRENT.mlm atomically, keeping the old one as CURRENT.mlm.prev")
      ->excludes(output);
  app->add_value("--max-regression", flags->max_regression,
                 "How much worse the primary metric (R², log loss) may get, on its own scale",
                 text("FLOAT"))
      ->capture_default_str();
  app->add_value("--min-skill", flags->min_skill,
                 "Standard errors by which the candidate must beat predicting the base rate "
                 "(or the mean) on its held-out rows; 0 = off",
                 text("FLOAT"))
      ->capture_default_str();
  app->add_flag("--force", flags->force,
                "Promote even if the gate fails (recorded in the model as forced)");
  app->add_flag("--no-wait", flags->no_wait,
                "--in-place: fail at once (exit 1) if another retrain holds the model's lock");
  app->add_value("--eval", flags->eval, "Also compare both models on this data",
                 data_file("DATA.csv"));
  app->add_flag("--json", flags->json, "Print the comparison and the decision as JSON");
  app->add_value("--audit-log", flags->audit_log, "Append one JSON line about this run",
                 any_file("FILE"))
      ->envname("MLCTL_AUDIT_LOG");
  flags->alpha_option =
      app->add_value("--alpha", flags->alpha, "Override the recipe's L2 strength (list with --cv)",
                     text("TEXT"))
          ->allow_extra_args(false);
  flags->holdout_option =
      app->add_value("--holdout", flags->holdout, "Override the held-out fraction", text("FLOAT"));
  flags->cv_option =
      app->add_value("--cv", flags->cv, "Override: K-fold cross-validation", text("K"));
  flags->seed_option =
      app->add_value("--seed", flags->seed, "Override the split seed", text("UINT"));
  flags->max_iter_option = app->add_value("--max-iter", flags->max_iter,
                                          "Override the logistic solver's iterations", text("INT"));
  flags->class_weight_option =
      app->add_value("--class-weight", flags->class_weight, "Override: none or balanced",
                     one_of({"none", "balanced"}));
  add_csv_flags(*app, flags->csv);
  set_examples(*app,
               "  mlctl retrain -m titanic.mlm new.csv -o candidate.mlm\n"
               "  mlctl retrain -m prod.mlm week42.csv --in-place --max-regression 0.01\n"
               "  mlctl retrain -m prod.mlm week42.csv --in-place --json --audit-log audit.jsonl\n"
               "  mv prod.mlm.prev prod.mlm    # undo the last --in-place promotion\n");
  return {app, [flags, &global] { return run_retrain(*flags, global); }};
}

}  // namespace mlctl::cli
