// mlctl predict -m MODEL.mlm [DATA.csv | -] [-o OUT]: stream rows in, predictions out.
//
// A file bigger than one block is predicted block by block (csv::read_blocks), on worker
// threads with -j above 1; a pipe with -j 1 row by row as it comes. The output is the same,
// byte for byte, either way. A bad record ends the run as the streaming order dictates: every
// row before it is written, then its error; nothing after it.

#include <unistd.h>

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/plural.hpp"
#include "csv/block_reader.hpp"
#include "csv/reader.hpp"
#include "large_data_memory.hpp"
#include "messages.hpp"
#include "model/model_file.hpp"
#include "model_reading.hpp"
#include "output.hpp"
#include "pipeline/row_encoder.hpp"
#include "predict_columns.hpp"
#include "predict_rows.hpp"
#include "progress.hpp"

namespace mlctl::cli {
namespace {

struct PredictFlags {
  std::string model;
  std::string data = "-";
  std::string output = "-";
  bool proba = false;
  std::vector<std::string> keep;
  bool no_header = false;
  int part = 0;  // --part N: the input is part N of a split file (0: not given)
  std::string format = "csv";
  double interval = 0.0;
  int explain = 0;
  std::string stats;
  CsvFlags csv;
};

nlohmann::json counters_json(const pipeline::EncodingCounters& counters, const model::Model& m,
                             double seconds) {
  nlohmann::json unseen = nlohmann::json::object();
  nlohmann::json missing = nlohmann::json::object();
  const auto& features = m.pipeline.features();
  for (std::size_t j = 0; j < features.size(); ++j) {
    if (counters.unseen_by_feature[j] > 0) unseen[features[j].name] = counters.unseen_by_feature[j];
    if (counters.missing_by_feature[j] > 0)
      missing[features[j].name] = counters.missing_by_feature[j];
  }
  return {{"model_id", m.provenance.id},
          {"rows", counters.rows},
          {"seconds", seconds},
          {"rows_per_second", seconds > 0 ? static_cast<double>(counters.rows) / seconds : 0.0},
          {"rows_imputed", counters.rows_imputed},
          {"unseen_categories", counters.unseen_values},
          {"unseen_by_column", unseen},
          {"missing_by_column", missing}};
}

// An error in part N of a split input (--part) names the part: its line numbers count from the
// part's own first line, since a job cannot know how many lines the parts before it hold.
Error in_part(const Error& e, int part, const std::string& source) {
  if (part == 0 || e.where().file != source) return e;
  return Error(e.kind(), e.message(),
               {fmt::format("{} (part {})", source, part), e.where().line, e.where().column});
}

int predict_stream(const PredictFlags& flags, const GlobalOptions& global);

int run_predict(const PredictFlags& flags, const GlobalOptions& global) {
  try {
    return predict_stream(flags, global);
  } catch (const Error& e) {
    // The data's name in errors, as csv::ByteSource gives it.
    throw in_part(e, flags.part, flags.data == "-" ? "<stdin>" : flags.data);
  }
}

int predict_stream(const PredictFlags& flags, const GlobalOptions& global) {
  const auto start = std::chrono::steady_clock::now();
  // Everything that can fail before the first output line does: model, header, columns.
  const model::Model m = model::load(flags.model);
  const double half_width =
      flags.interval > 0.0 ? model::conformal_half_width(m, flags.interval) : 0.0;
  if (flags.format != "csv" && flags.format != "jsonl") {
    throw Error(ErrorKind::usage,
                fmt::format("--format must be csv or jsonl, got {}", flags.format));
  }
  csv::Reader reader(flags.data, model_reader_options(flags.csv, m, global.quiet));
  // Read in blocks (predict_all decides by the same rule): their output buffers then come from
  // malloc's heap, kept between blocks, instead of a fresh mapping each (5,000 page faults per
  // million rows of numbers). Not for an input read whole, where it saves nothing. Before any
  // thread starts.
  if (csv::reads_in_blocks(reader, global.worker_threads())) prepare_for_large_data();
  const pipeline::RowEncoder encoder(m.pipeline, reader.header(), reader.display_name());
  Columns columns = output_columns(m, {flags.keep, flags.proba, flags.interval, flags.explain},
                                   reader.header(), reader.display_name());
  const bool jsonl = flags.format == "jsonl";

  Output out(flags.output);
  fmt::memory_buffer text;
  // Of a split input only part 1 writes the header, so that the parts' outputs concatenate
  // (in order: parallel -k) into the output of one run over the whole file.
  if (!jsonl && !flags.no_header && flags.part <= 1) append_header(text, columns);

  const RowPredictor predictor(
      m, encoder,
      {jsonl, flags.proba, half_width, static_cast<std::size_t>(std::max(flags.explain, 0)),
       std::move(columns.keep), std::move(columns.keep_names)});
  pipeline::EncodingCounters counters = encoder.new_counters();
  // Not when the predictions themselves go to the terminal: the two would mix.
  Progress progress("predicting " + reader.display_name(),
                    global.quiet || (flags.output == "-" && ::isatty(STDOUT_FILENO) == 1));
  out.write({text.data(), text.size()});
  predict_all(
      predictor, reader, global.worker_threads(),
      [&out](std::string_view chunk) { out.write(chunk); }, counters, progress);
  progress.finish();
  out.close();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string summary =
      fmt::format("predicted {} in {:.3f} s ({:.0f} rows/s); {} with imputed values; {}",
                  count_of(counters.rows, "row"), seconds,
                  seconds > 0 ? static_cast<double>(counters.rows) / seconds : 0.0,
                  count_of(counters.rows_imputed, "row"),
                  count_of(counters.unseen_values, "unseen categorical value"));
  // A summary, not a problem: a note at normal verbosity when there is something to count
  // (imputed or unseen values, expected in real data), else only with -v.
  if (counters.rows_imputed > 0 || counters.unseen_values > 0)
    note("{}", summary);
  else
    spdlog::info("{}", summary);
  if (!flags.stats.empty()) {
    write_file_atomically(flags.stats, counters_json(counters, m, seconds).dump(2) + "\n");
  }
  return kSuccess;
}

}  // namespace

Subcommand add_predict(CLI::App& parent, const GlobalOptions& global) {
  auto flags = std::make_shared<PredictFlags>();
  Command* app =
      add_command(parent, "predict", "Stream predictions for CSV rows with a model file");
  app->add_value("-m,--model", flags->model, "The model file", model_file("MODEL.mlm"))->required();
  app->add_value("data", flags->data, "Rows to predict: a CSV file, or - for stdin (default)",
                 data_file("DATA.csv"));
  app->add_value("-o,--output", flags->output, "Where to write predictions (default: stdout)",
                 any_file("OUT"));
  app->add_flag("--proba", flags->proba, "Add a proba_<class> column per class (logistic)");
  app->add_value("--keep", flags->keep,
                 "Comma-separated input columns to copy to the front (or repeat the flag, one "
                 "name each)",
                 text("A,B,..."))
      ->allow_extra_args(false);
  app->add_flag("--no-header", flags->no_header, "Leave out the CSV header line");
  app->add_value("--part", flags->part,
                 "The input is part N of a split file (GNU parallel's {#}): only part 1 writes "
                 "the CSV header, and errors name the part",
                 text("N"))
      ->check(CLI::Validator(
          [](const std::string& value) -> std::string {
            const bool whole =
                !value.empty() && value.find_first_not_of("0123456789") == value.npos;
            if (whole && value.find_first_not_of('0') != value.npos) return "";
            return "must be a whole number from 1 (GNU parallel's {#}), got " + value;
          },
          ""));
  app->add_value("--format", flags->format, "csv or jsonl", one_of({"csv", "jsonl"}))
      ->capture_default_str();
  app->add_value("--interval", flags->interval,
                 "Add lower/upper columns of a conformal interval with this coverage (ridge)",
                 text("COVERAGE"));
  app->add_value("--explain", flags->explain,
                 "Add the score and its K largest feature contributions (coef x encoded value)",
                 text("K"))
      ->check(CLI::Range(1, 100000));
  app->add_value("--stats", flags->stats, "Write the monitoring counters as JSON to FILE",
                 any_file("FILE"));
  add_csv_flags(*app, flags->csv, "--no-input-header");
  set_examples(
      *app,
      "  mlctl predict -m titanic.mlm data/titanic.csv --proba --keep name\n"
      "  cat new.csv | mlctl predict -m titanic.mlm --format jsonl\n"
      "  mlctl predict -m diabetes.mlm data/diabetes.csv --interval 0.9 -o predictions.csv\n"
      "  parallel --pipepart -a data/titanic.csv --header : -k mlctl predict -m titanic.mlm "
      "--part {#}\n");
  return {app, [flags, &global] { return run_predict(*flags, global); }};
}

}  // namespace mlctl::cli
