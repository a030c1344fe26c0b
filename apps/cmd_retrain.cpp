// mlctl retrain -m CURRENT.mlm NEW.csv (-o CANDIDATE.mlm | --in-place) [gate and recipe flags]
// The comparison and the gate live in src/training/retrain.hpp; this file reads the inputs,
// holds the lock, prints the report, writes what was promoted and appends the audit record.

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
#include "container/container.hpp"
#include "memory_option.hpp"
#include "model/metadata_json.hpp"
#include "model/model_file.hpp"
#include "model_reading.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "retrain_report.hpp"
#include "training/retrain.hpp"

namespace mlctl::cli {
namespace {

using nlohmann::json;

struct RetrainFlags {
  std::string model;
  std::string data;
  std::string memory;  // --memory LIMIT (empty: default_memory_limit())
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
                       csv::ReaderOptions options, unsigned threads, SpillArena& arena,
                       char* delimiter = nullptr) {
  options.hash_input = true;
  csv::Reader reader(path, options);
  if (delimiter != nullptr) *delimiter = reader.delimiter();
  training::check_required_columns(current, reader.header(), reader.display_name());
  table::Table table = table::read_table(reader, training::required_columns(current), {}, threads,
                                         current.read_settings.types, &arena);
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

// --in-place: the lock covers reading the current model through replacing it, so a second
// run compares against (and becomes the child of) whatever the first one promoted.
std::optional<FileLock> lock_for(const RetrainFlags& flags) {
  if (!flags.in_place) return std::nullopt;
  const std::string lock_path = flags.model + ".lock";
  if (!flags.no_wait) return FileLock::acquire(lock_path);
  auto lock = FileLock::try_acquire(lock_path);
  if (!lock) throw Error(ErrorKind::io, "locked by another retrain (--no-wait)", {flags.model});
  return lock;
}

// Writes a promoted candidate where the flags say; returns that path.
std::string write_promoted(const RetrainFlags& flags, const model::Model& candidate,
                           const std::string& current_bytes) {
  if (!flags.in_place) {
    model::save(candidate, flags.output);
    return flags.output;
  }
  // .prev first: if replacing the model then fails, the old one is still in place too.
  write_file_atomically(flags.model + ".prev", current_bytes);
  model::save(candidate, flags.model);
  return flags.model;
}

void print_report(const RetrainFlags& flags, const RetrainRun& run, const std::string& written) {
  Output out("-");
  if (flags.json) {
    out.write(retrain_report_json(run, written).dump(2));
    out.write("\n");
  } else {
    out.write(retrain_report_text(run));
    if (!written.empty()) {
      out.print("written    {} (id {}, parent {})\n", written, run.result.candidate.provenance.id,
                run.result.candidate.provenance.parent_id);
    }
    if (flags.in_place && !written.empty()) {
      out.print("previous   {0}.prev (restore it: mv {0}.prev {0})\n", flags.model);
    }
  }
  out.close();
}

void append_audit(const RetrainFlags& flags, const RetrainRun& run, const std::string& written) {
  if (flags.audit_log.empty()) return;
  const training::RetrainResult& r = run.result;
  audit::append(
      flags.audit_log,
      {{"time", audit::timestamp()},
       {"command", audit::command_line()},
       {"subcommand", "retrain"},
       {"data", model::to_json(model::fingerprint_of(run.data))},
       {"parent_id", run.current.provenance.id},
       {"model_id", r.candidate.provenance.id},
       {"metrics", comparisons_json(r)},
       {"decision", r.decision.forced ? "forced" : (r.decision.passed ? "promoted" : "rejected")},
       {"written", written.empty() ? json(nullptr) : json(written)}});
}

training::RetrainResult fit_candidate(const model::Model& current, const table::Table& data,
                                      const std::optional<table::Table>& eval,
                                      const training::RecipeOverrides& overrides,
                                      const RetrainFlags& flags, const GlobalOptions& global,
                                      const MemoryPlan& memory) {
  training::GateOptions gate{flags.max_regression, flags.force, flags.min_skill};
  Progress fitting("training", global.quiet);
  training::TrainOptions train_options;
  train_options.threads = global.worker_threads();
  memory.apply(train_options);
  train_options.progress = [&](const training::FitProgress& fit) {
    fitting.update(training::to_string(fit), fit.iteration == 1);
  };
  training::RetrainResult r =
      training::retrain(current, data, eval ? &*eval : nullptr, overrides, gate, train_options);
  fitting.finish();
  for (const auto& w : r.report.warnings) spdlog::warn("{}", w);
  return r;
}

int run_retrain(const RetrainFlags& flags, const GlobalOptions& global) {
  check_flags(flags);
  MemoryPlan memory(flags.memory);  // before the tables: it outlives them
  training::RecipeOverrides overrides = overrides_of(flags);
  reader_options(flags.csv);  // a bad --delimiter fails before any work
  const std::optional<FileLock> lock = lock_for(flags);
  // Read once: these bytes are both the model compared and what .prev keeps.
  const std::string current_bytes = read_file_limited(flags.model, container::kMaxFileBytes);
  const model::Model current =
      model::from_container(container::parse(current_bytes, flags.model), flags.model);
  // The new data is read as the current model read its own, flags overriding; the candidate
  // records the settings used.
  const csv::ReaderOptions reading = model_reader_options(flags.csv, current, global.quiet);
  char delimiter = '\0';
  const table::Table data =
      read_data(flags.data, current, reading, global.worker_threads(), memory.arena(), &delimiter);
  overrides.read_settings =
      model::read_settings_of(reading, delimiter, current.read_settings.types);
  std::optional<table::Table> eval;
  if (!flags.eval.empty()) {
    eval = read_data(flags.eval, current, reading, global.worker_threads(), memory.arena());
  }

  const training::RetrainResult r =
      fit_candidate(current, data, eval, overrides, flags, global, memory);
  memory.log_spill();
  const auto drift = drift_of(flags.data, current, reading);
  const std::string written =
      r.decision.promoted ? write_promoted(flags, r.candidate, current_bytes) : "";
  const RetrainRun run{flags.model, current, data, r, drift, flags.max_regression, flags.in_place};
  print_report(flags, run, written);
  append_audit(flags, run, written);

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
  add_memory_option(*app, flags->memory);
  add_csv_flags(*app, flags->csv);
  set_examples(*app,
               "  mlctl retrain -m titanic.mlm new.csv -o candidate.mlm\n"
               "  mlctl retrain -m prod.mlm week42.csv --in-place --max-regression 0.01\n"
               "  mlctl retrain -m prod.mlm week42.csv --in-place --json --audit-log audit.jsonl\n"
               "  mv prod.mlm.prev prod.mlm    # undo the last --in-place promotion\n");
  return {app, [flags, &global] { return run_retrain(*flags, global); }};
}

}  // namespace mlctl::cli
