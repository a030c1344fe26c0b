// mlctl retrain -m CURRENT.mlm NEW.csv (-o CANDIDATE.mlm | --in-place) [gate and recipe flags]
// The comparison and the gate live in src/training/retrain.hpp; this file reads the inputs,
// holds the lock, prints the report, writes what was promoted and appends the audit record.

#include <algorithm>
#include <optional>
#include <span>

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
#include "distributed/agreed.hpp"
#include "memory_option.hpp"
#include "model/metadata_json.hpp"
#include "model/model_file.hpp"
#include "model_reading.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "retrain_report.hpp"
#include "training/job_facts.hpp"
#include "training/retrain.hpp"
#include "training_input.hpp"

namespace mlctl::cli {
namespace {

using nlohmann::json;

struct RetrainFlags {
  std::string model;
  std::string data;
  std::vector<std::string> inputs;       // mlctl-mpi: DATA..., files or glob patterns
  std::vector<std::string> eval_inputs;  // mlctl-mpi: --eval, repeatable, files or patterns
  std::string memory;                    // --memory LIMIT (empty: default_memory_limit())
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

// Reads the columns the current model needs (with `job`: this process's share, collective,
// errors agreed); a missing column is a data error naming it, and so is an input without rows.
table::Table read_data(TrainingInput& input, const model::Model& current, unsigned threads,
                       SpillArena& arena, distributed::Communicator* job) {
  distributed::run_agreed(job, [&] {
    training::check_required_columns(current, input.header(), input.display_name());
  });
  table::Table table = input.read(
      {training::required_columns(current), {}, threads, current.read_settings.types, &arena});
  distributed::run_agreed(job, [&] {
    if (training::job_sum(job, table.rows()) == 0) {
      throw Error(ErrorKind::data, "no data rows", {input.display_name()});
    }
  });
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

// --in-place: the lock (read_current says why).
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
       {"data", model::to_json(run.data)},
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
                                      const MemoryPlan& memory, distributed::Communicator* job) {
  training::GateOptions gate{flags.max_regression, flags.force, flags.min_skill};
  Progress fitting("training", global.quiet);
  training::TrainOptions train_options;
  train_options.threads = global.worker_threads();
  train_options.processes = job;
  memory.apply(train_options);
  train_options.progress = [&](const training::FitProgress& fit) {
    fitting.update(training::to_string(fit), fit.iteration == 1);
  };
  training::RetrainResult r;
  // Every error of a job's retrain is thrown on every rank at once: agreed, each rank ends as
  // usual and rank 0 reports it.
  distributed::run_agreed(job, [&] {
    r = training::retrain(current, data, eval ? &*eval : nullptr, overrides, gate, train_options);
  });
  fitting.finish();
  if (job == nullptr || job->rank() == 0) {
    for (const auto& w : r.report.warnings) spdlog::warn("{}", w);
  }
  return r;
}

// The current model as read: its bytes (what .prev keeps) and the model they hold, with the
// --in-place lock held from reading it through replacing it, so a second run compares against
// (and becomes the child of) whatever the first one promoted. With `job`, rank 0 alone locks and
// reads; every rank gets its bytes and compares against the same model.
struct CurrentModel {
  std::optional<FileLock> lock;
  std::string bytes;
  model::Model model;
};

CurrentModel read_current(const RetrainFlags& flags, distributed::Communicator* job) {
  CurrentModel current;
  distributed::run_agreed(job, [&] {
    if (job != nullptr && job->rank() != 0) return;
    current.lock = lock_for(flags);
    current.bytes = read_file_limited(flags.model, container::kMaxFileBytes);
  });
  if (job != nullptr) {
    // Iterators, not memcpy: the ranks other than 0 start with no bytes (a null data()).
    const auto mine = std::as_bytes(std::span(current.bytes));
    std::vector<std::byte> bytes(mine.begin(), mine.end());
    job->broadcast(bytes, 0);
    current.bytes.resize(bytes.size());
    std::transform(bytes.begin(), bytes.end(), current.bytes.begin(),
                   [](std::byte b) { return static_cast<char>(b); });
  }
  distributed::run_agreed(job, [&] {
    current.model =
        model::from_container(container::parse(current.bytes, flags.model), flags.model);
  });
  return current;
}

// The input DATA (or --eval) names: one file or stdin, or (mlctl-mpi) this process's share.
TrainingInput input_of(const std::string& data, const std::vector<std::string>& inputs,
                       const csv::ReaderOptions& options, distributed::Communicator* job) {
  csv::ReaderOptions hashed = options;
  hashed.hash_input = true;
  return job ? TrainingInput(inputs, hashed, *job) : TrainingInput(data, hashed);
}

// With `job` (mlctl-mpi), every process reads its share of DATA (and --eval) and trains and
// compares with the others; rank 0 alone writes and prints. Each step's errors are agreed.
int run_retrain(const RetrainFlags& flags, const GlobalOptions& global,
                distributed::Communicator* job) {
  std::optional<MemoryPlan> memory;  // before the tables: it outlives them
  training::RecipeOverrides overrides;
  distributed::run_agreed(job, [&] {
    check_flags(flags);
    memory.emplace(flags.memory, job ? processes_on_this_machine() : 1);
    overrides = overrides_of(flags);
    reader_options(flags.csv);  // a bad --delimiter fails before any work
  });
  const CurrentModel current = read_current(flags, job);
  // The new data is read as the current model read its own, flags overriding; the candidate
  // records the settings used.
  csv::ReaderOptions reading;
  distributed::run_agreed(
      job, [&] { reading = model_reader_options(flags.csv, current.model, global.quiet); });
  TrainingInput input = input_of(flags.data, flags.inputs, reading, job);
  const unsigned threads = global.worker_threads();
  const table::Table data = read_data(input, current.model, threads, memory->arena(), job);
  overrides.read_settings =
      model::read_settings_of(reading, input.delimiter(), current.model.read_settings.types);
  std::optional<table::Table> eval;
  if (!flags.eval.empty() || !flags.eval_inputs.empty()) {
    TrainingInput eval_input = input_of(flags.eval, flags.eval_inputs, reading, job);
    eval = read_data(eval_input, current.model, threads, memory->arena(), job);
    if (job) overrides.eval_name = eval_input.display_name();
  }
  if (job) overrides.data_name = input.display_name();

  const training::RetrainResult r =
      fit_candidate(current.model, data, eval, overrides, flags, global, *memory, job);
  const int code = r.decision.promoted ? kSuccess : kCheckFailed;
  if (job && job->rank() != 0) return code;
  memory->log_spill();
  // Drift reads the whole file in one process: not under mlctl-mpi, where DATA is shared out.
  std::optional<checks::LintReport> drift;
  if (!job) drift = drift_of(flags.data, current.model, reading);
  const char* no_drift =
      job ? "mlctl-mpi: run mlctl lint-data DATA -m CURRENT.mlm" : "the new data came from stdin";
  const std::string written =
      r.decision.promoted ? write_promoted(flags, r.candidate, current.bytes) : "";
  const RetrainRun run{flags.model, current.model, r.candidate.data,     r,
                       drift,       no_drift,      flags.max_regression, flags.in_place};
  print_report(flags, run, written);
  append_audit(flags, run, written);

  if (r.decision.forced) {
    // The reason is in the report's decision line (or its JSON) on stdout: not repeated here.
    spdlog::warn("promoted by --force although the gate failed (the decision says why)");
  }
  if (!r.decision.promoted) {
    spdlog::error("candidate rejected (the decision says why): nothing written");
  }
  return code;
}

// DATA or --eval: one file (DATA: or stdin); for mlctl-mpi, files or patterns, one input split
// across the processes.
CLI::Option* add_input(Command& app, const std::string& name, RetrainFlags& flags, bool job) {
  const bool data = name == "data";
  if (job) {
    return app
        .add_value(name, data ? flags.inputs : flags.eval_inputs,
                   data ? "New training data: CSV files or quoted glob patterns, read as one "
                          "input with one header and split across the processes"
                        : "Also compare both models on this data: a CSV file or quoted glob "
                          "pattern, split across the processes; repeatable",
                   data_file(data ? "NEW.csv" : "DATA.csv"))
        ->allow_extra_args(data);
  }
  return app.add_value(name, data ? flags.data : flags.eval,
                       data ? "New training data: a CSV file, or - for stdin"
                            : "Also compare both models on this data",
                       data_file(data ? "NEW.csv" : "DATA.csv"));
}

}  // namespace

Subcommand add_retrain(CLI::App& parent, const GlobalOptions& global,
                       distributed::Communicator* job) {
  auto flags = std::make_shared<RetrainFlags>();
  Command* app =
      add_command(parent, "retrain",
                  "Retrain a model on new data; promote it only if not worse (exit 3 if rejected)");
  app->add_value("-m,--model", flags->model, "The current model", model_file("CURRENT.mlm"))
      ->required();
  add_input(*app, "data", *flags, job != nullptr)->required();
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
  add_input(*app, "--eval", *flags, job != nullptr);
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
  if (job) {
    set_examples(*app,
                 "  mpirun -np 4 mlctl-mpi retrain -m prod.mlm 'week42/part-*.csv' --in-place\n"
                 "  mpirun -np 2 mlctl-mpi retrain -m prod.mlm new.csv --eval holdout.csv -o "
                 "candidate.mlm\n");
    return {app, [flags, &global, job] { return run_retrain(*flags, global, job); }};
  }
  set_examples(*app,
               "  mlctl retrain -m titanic.mlm new.csv -o candidate.mlm\n"
               "  mlctl retrain -m prod.mlm week42.csv --in-place --max-regression 0.01\n"
               "  mlctl retrain -m prod.mlm week42.csv --in-place --json --audit-log audit.jsonl\n"
               "  mv prod.mlm.prev prod.mlm    # undo the last --in-place promotion\n");
  return {app, [flags, &global] { return run_retrain(*flags, global, nullptr); }};
}

}  // namespace mlctl::cli
