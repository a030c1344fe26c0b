// mlctl train DATA.csv --target COL [-o MODEL.mlm] [recipe flags]

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "cli.hpp"
#include "column_list.hpp"
#include "common/audit_log.hpp"
#include "common/error.hpp"
#include "common/near_match.hpp"
#include "container/container.hpp"
#include "csv/reader.hpp"
#include "distributed/agreed.hpp"
#include "large_data_memory.hpp"
#include "memory_option.hpp"
#include "model/metadata_json.hpp"
#include "model/model_file.hpp"
#include "output.hpp"
#include "pipeline/rare_levels.hpp"
#include "progress.hpp"
#include "table/table.hpp"
#include "train_report.hpp"
#include "training/job_facts.hpp"
#include "training/trainer.hpp"
#include "training_input.hpp"

namespace mlctl::cli {
namespace {

struct TrainFlags {
  std::string data;
  std::vector<std::string> inputs;  // mlctl-mpi: DATA..., files or glob patterns
  std::string memory;               // --memory LIMIT (empty: default_memory_limit())
  std::string output;
  std::string target;
  std::vector<std::string> features;
  std::vector<std::string> exclude;
  std::vector<std::string> categorical;
  std::vector<std::string> numeric;
  std::string algorithm = "auto";
  std::vector<std::string> alpha = {"1.0"};  // repeated, or a TOML array: one list
  std::string impute = "mean";
  std::string scale = "standard";
  std::vector<std::string> hash_buckets;
  std::optional<std::uint64_t> hash_seed;
  std::optional<std::string> min_frequency;  // checked by pipeline/rare_levels.hpp
  std::optional<std::string> max_categories;
  std::string class_weight = "none";
  double holdout = 0.2;
  int cv = 0;
  std::uint64_t seed = 42;
  int max_iter = 200;
  std::optional<std::size_t> max_classes;
  bool json = false;
  std::string audit_log;
  CsvFlags csv;
};

training::Recipe recipe_of(const TrainFlags& f) {
  training::Recipe r;
  r.target = f.target;
  if (f.algorithm != "auto") r.algorithm = model::parse_algorithm(f.algorithm);
  r.alphas = parse_alphas(fmt::format("{}", fmt::join(f.alpha, ",")));
  r.pipeline.impute = pipeline::parse_imputation(f.impute);
  r.pipeline.scale = pipeline::parse_scaling(f.scale);
  if (f.hash_seed && f.hash_buckets.empty()) {
    throw Error(ErrorKind::usage, "--hash-seed needs --hash-buckets");
  }
  r.pipeline.hashing = pipeline::parse_hashing(f.hash_buckets, f.hash_seed.value_or(0));
  if (f.min_frequency) r.pipeline.min_frequency = pipeline::parse_min_frequency(*f.min_frequency);
  if (f.max_categories) {
    r.pipeline.max_categories = pipeline::parse_max_categories(*f.max_categories);
  }
  // Rare levels apply to the columns that are not hashed: with every column hashed, none.
  if (r.pipeline.hashing.all_buckets != 0 && (f.min_frequency || f.max_categories)) {
    throw Error(ErrorKind::usage,
                fmt::format("{} applies to one-hot columns, but --hash-buckets {} hashes every "
                            "categorical column; hash some columns with COL=B instead",
                            f.min_frequency ? "--min-frequency" : "--max-categories",
                            r.pipeline.hashing.all_buckets));
  }
  r.class_weight =
      f.class_weight == "balanced" ? training::ClassWeight::balanced : training::ClassWeight::none;
  r.holdout = f.holdout;
  r.cv = f.cv;
  r.seed = f.seed;
  r.max_iterations = f.max_iter;
  return r;
}

std::string default_output(const std::string& data) {
  if (data == "-") {
    throw Error(ErrorKind::usage, "reading data from stdin: name the model file with -o");
  }
  return std::filesystem::path(data).stem().string() + ".mlm";
}

// `-o -`: the model goes to stdout (the report stays on stderr), never onto a terminal.
void check_stdout_output(const TrainFlags& flags) {
  if (flags.json) {
    throw Error(ErrorKind::usage, "-o - and --json both write to stdout: choose one");
  }
  if (::isatty(STDOUT_FILENO) == 1) {
    throw Error(ErrorKind::usage,
                "-o -: stdout is a terminal; redirect it (-o - > model.mlm) or name a file");
  }
}

// An unknown target or --hash-buckets column fails on the header, not after reading every row.
void check_named_columns(const training::Recipe& recipe, const std::vector<std::string>& header,
                         const std::string& source) {
  const auto check = [&](const std::string& name, std::string_view what) {
    if (std::find(header.begin(), header.end(), name) == header.end()) {
      throw Error(ErrorKind::usage,
                  fmt::format("{}no column named \"{}\" in the data{}", what, name,
                              did_you_mean(name, header)),
                  {source});
    }
  };
  if (!recipe.target.empty()) check(recipe.target, "");
  for (const auto& [column, buckets] : recipe.pipeline.hashing.columns) {
    check(column, "--hash-buckets: ");
  }
}

// The model file (or stdout), the report (text on stderr, or --json on stdout) and the audit
// log line.
void write_outputs(model::Model& model, const training::TrainReport& report,
                   const TrainFlags& flags, const GlobalOptions& global,
                   const std::string& output) {
  if (output == "-") {
    Output out("-");
    out.write(container::serialize(model::to_container(model)));
    out.close();
  } else {
    model::save(model, output);
  }
  if (flags.json) {
    Output out("-");
    out.write(train_report_json(model, report, output).dump(2));
    out.write("\n");
    out.close();
  } else if (!global.quiet) {
    fmt::print(stderr, "{}\n",
               format_train_report(model, report, output == "-" ? "<stdout>" : output));
  }
  if (!flags.audit_log.empty()) {
    const auto& e = model.evaluation;
    const bool measured = e.method != model::EvaluationMethod::none;
    audit::append(flags.audit_log,
                  {{"time", audit::timestamp()},
                   {"command", audit::command_line()},
                   {"subcommand", "train"},
                   {"data", model::to_json(model.data)},
                   {"parent_id", model.provenance.parent_id},
                   {"model_id", model.provenance.id},
                   {"metrics", measured ? model::to_json(e.metrics) : nlohmann::json(nullptr)},
                   {"decision", "trained"},
                   {"written", output}});
  }
}

// The recipe's column names checked against the data's header.
void name_columns(training::Recipe& recipe, const TrainFlags& flags, const TrainingInput& input) {
  const auto& header = input.header();
  recipe.features = column_names(flags.features, header);
  recipe.exclude = column_names(flags.exclude, header);
  recipe.declared.categorical = column_names(flags.categorical, header);
  recipe.declared.numeric = column_names(flags.numeric, header);
  check_named_columns(recipe, header, input.display_name());
}

// With `job` (mlctl-mpi), every process reads its share of DATA and trains with the others;
// rank 0 alone writes the model and the report. Each step's errors are then agreed
// (distributed::run_agreed; reading and training agree inside): every rank ends alike.
int run_train(const TrainFlags& flags, const GlobalOptions& global,
              distributed::Communicator* job) {
  prepare_for_large_data();  // before any thread starts
  training::Recipe recipe;
  std::optional<MemoryPlan> memory;  // before the table: it outlives it
  std::string output;
  csv::ReaderOptions options;
  distributed::run_agreed(job, [&] {
    recipe = recipe_of(flags);
    memory.emplace(flags.memory, job ? processes_on_this_machine() : 1);
    output =
        !flags.output.empty() ? flags.output : default_output(job ? flags.inputs[0] : flags.data);
    if (output == "-") check_stdout_output(flags);
    options = reader_options(flags.csv);
    options.hash_input = true;
  });
  TrainingInput input =
      job ? TrainingInput(flags.inputs, options, *job) : TrainingInput(flags.data, options);
  distributed::run_agreed(job, [&] { name_columns(recipe, flags, input); });
  Progress progress("reading " + input.display_name(), global.quiet);
  table::Table table = input.read({training::columns_to_read(recipe),
                                   [&](const csv::ReadProgress& read) { progress.update(read); },
                                   global.worker_threads(), recipe.declared, &memory->arena()});
  progress.finish();
  spdlog::info("{}", progress.read_summary(table.rows()));
  distributed::run_agreed(job, [&] {
    if (training::job_sum(job, table.rows()) == 0) {
      throw Error(ErrorKind::data, "no data rows: nothing to train on", {input.display_name()});
    }
  });
  training::TrainReport report;
  Progress fitting("training", global.quiet);
  training::TrainOptions train_options;
  train_options.threads = global.worker_threads();
  train_options.processes = job;
  train_options.max_classes = flags.max_classes;
  train_options.report_held_out = false;  // retrain reads those copies, train does not
  memory->apply(train_options);
  train_options.progress = [&](const training::FitProgress& fit) {
    fitting.update(training::to_string(fit), fit.iteration == 1);
  };
  model::Model model;
  // Every error of a job's training is thrown on every rank at once (job-wide checks, or
  // agreed): this agreement point lets every rank end as usual, rank 0 reporting it.
  distributed::run_agreed(job,
                          [&] { model = training::train(table, recipe, report, train_options); });
  model.read_settings = model::read_settings_of(options, input.delimiter(), recipe.declared);
  if (job) model.data = training::job_fingerprint(table, input.display_name(), job);
  fitting.finish();
  if (job && job->rank() != 0) return kSuccess;
  for (const auto& w : report.warnings) spdlog::warn("{}", w);
  memory->log_spill();
  model::stamp_provenance(model);
  write_outputs(model, report, flags, global, output);
  return kSuccess;
}

void add_hashing_flags(Command& app, TrainFlags& flags) {
  app.add_value("--hash-buckets", flags.hash_buckets,
                "Hash categorical values into B columns instead of one per level (for unbounded "
                "vocabularies): B for every categorical column, COL=B for one; repeatable",
                text("[COL=]B"))
      ->allow_extra_args(false);
  app.add_value("--hash-seed", flags.hash_seed,
                "Seed of the --hash-buckets hash, XXH64 (default 0)", text("UINT"));
}

// How the feature pipeline encodes: numeric missing values and scaling, rare categories.
void add_encoding_flags(Command& app, TrainFlags& flags) {
  app.add_value("--impute", flags.impute, "Numeric missing values: mean or median",
                one_of({"mean", "median"}))
      ->capture_default_str();
  app.add_value("--scale", flags.scale, "Numeric scaling: standard, minmax or none",
                one_of({"standard", "minmax", "none"}))
      ->capture_default_str();
  app.add_value("--min-frequency", flags.min_frequency,
                "Categorical levels seen fewer than N times (N >= 1), or in under a share N of the "
                "training rows (0 < N < 1), share one infrequent column; unseen levels go there "
                "too (columns not hashed)",
                text("N"));
  app.add_value("--max-categories", flags.max_categories,
                "At most K one-hot columns per categorical feature, the infrequent one included "
                "(K >= 2): the rarest levels share it",
                text("K"));
  add_hashing_flags(app, flags);
}

// DATA: one file or stdin; for mlctl-mpi, one or more files or patterns.
void add_data_argument(Command& app, TrainFlags& flags, bool job) {
  if (job) {
    app.add_value("data", flags.inputs,
                  "Training data: CSV files or quoted glob patterns, read as one input with one "
                  "header and split across the processes",
                  data_file("DATA.csv"))
        ->required();
  } else {
    app.add_value("data", flags.data, "Training data: a CSV file, or - for stdin",
                  data_file("DATA.csv"))
        ->required();
  }
}

}  // namespace

Subcommand add_train(CLI::App& parent, const GlobalOptions& global,
                     distributed::Communicator* job) {
  auto flags = std::make_shared<TrainFlags>();
  Command* app =
      add_command(parent, "train",
                  "Fit a feature pipeline and a ridge/logistic model on a CSV; write a model file");
  add_data_argument(*app, *flags, job != nullptr);
  app->add_value("--target", flags->target, "The column to predict", text("COL"))->required();
  app->add_value("-o,--output", flags->output,
                 "Model file to write (default: the data file's name with .mlm, here); - for "
                 "stdout",
                 model_file("MODEL.mlm"));
  app->add_value("--features", flags->features,
                 "Comma-separated input columns (default: every other column); or repeat the "
                 "flag, one name each",
                 text("A,B,..."))
      ->allow_extra_args(false);
  app->add_value("--exclude", flags->exclude,
                 "Comma-separated columns to leave out; or repeat the flag, one name each",
                 text("A,B,..."))
      ->allow_extra_args(false);
  app->add_value("--categorical", flags->categorical,
                 "Comma-separated columns read as text, even where values look like numbers; or "
                 "repeat the flag, one name each",
                 text("A,B,..."))
      ->allow_extra_args(false);
  app->add_value("--numeric", flags->numeric,
                 "Comma-separated columns that must hold numbers (a non-number is an error); or "
                 "repeat the flag, one name each",
                 text("A,B,..."))
      ->allow_extra_args(false);
  app->add_value("--algorithm", flags->algorithm,
                 "ridge, logistic, or auto: logistic for text or two-valued targets",
                 one_of({"auto", "ridge", "logistic"}))
      ->capture_default_str();
  app->add_value("--alpha", flags->alpha,
                 "L2 strength (logistic: 1/C); a list such as 0.01,0.1,1,10 with --cv picks one",
                 text("TEXT"))
      ->default_str("1.0")
      ->allow_extra_args(false);
  add_encoding_flags(*app, *flags);
  app->add_value("--class-weight", flags->class_weight,
                 "none, or balanced: weight classes by n / (classes * count)",
                 one_of({"none", "balanced"}))
      ->capture_default_str();
  app->add_value("--holdout", flags->holdout,
                 "Fraction of rows held out to measure the model (0 = none)", text("FLOAT"))
      ->capture_default_str();
  app->add_value("--cv", flags->cv, "K-fold cross-validation instead of a holdout (K >= 2)",
                 text("K"));
  app->add_value("--seed", flags->seed, "Seed of the holdout and fold split", text("UINT"))
      ->capture_default_str();
  app->add_value("--max-iter", flags->max_iter, "Logistic solver iterations at most", text("INT"))
      ->capture_default_str();
  app->add_value("--max-classes", flags->max_classes,
                 "Most classes a logistic target may hold (default: 100, and beyond 10 classes "
                 "one per 5 rows with a target)",
                 text("N"))
      ->check(CLI::Range(std::size_t{2}, std::size_t{100000000}));
  app->add_flag("--json", flags->json, "Print the training report as JSON on stdout");
  app->add_value("--audit-log", flags->audit_log,
                 "Append one JSON line about this run (docs/retrain.md)", any_file("FILE"))
      ->envname("MLCTL_AUDIT_LOG");
  add_memory_option(*app, flags->memory);
  add_csv_flags(*app, flags->csv);
  if (job) {
    set_examples(*app,
                 "  mpirun -np 4 mlctl-mpi train 'data/part-*.csv' --target y -o model.mlm\n"
                 "  mpirun -np 2 mlctl-mpi train big.csv --target y --memory 1G -o model.mlm\n");
    return {app, [flags, &global, job] { return run_train(*flags, global, job); }};
  }
  set_examples(
      *app,
      "  mlctl train data/titanic.csv --target survived\n"
      "  mlctl train data/diabetes.csv --target target --alpha 0.1,1,10 --cv 5 -o diabetes.mlm\n"
      "  mlctl train - --target Status --min-frequency 0.02 -o credit.mlm --json < "
      "data/credit.csv\n"
      "  mlctl train data/ames.csv --target Sale_Price --hash-buckets Neighborhood=16\n");
  return {app, [flags, &global] { return run_train(*flags, global, nullptr); }};
}

}  // namespace mlctl::cli
