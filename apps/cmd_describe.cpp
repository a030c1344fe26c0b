// `mlctl describe`: registers the subcommand and dispatches on what the input is.

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli.hpp"
#include "common/error.hpp"
#include "container/container.hpp"
#include "describe_dataset.hpp"
#include "describe_model.hpp"
#include "distributed/agreed.hpp"
#include "html_report.hpp"
#include "large_data_memory.hpp"
#include "model/model_file.hpp"
#include "output.hpp"
#include "report/card_html.hpp"
#include "report/card_text.hpp"

namespace mlctl::cli {
namespace {

struct DescribeOptions {
  std::string path;
  std::vector<std::string> data;  // mlctl-mpi: the files or patterns of one input
  bool json = false;
  std::string html;        // write a self-contained HTML report here instead of printing
  std::optional<int> top;  // coefficients a model's text card lists (default: the card's own)
  CsvFlags csv;
};

// A model file is recognised by its content, or by its name: a damaged or foreign ".mlm" gets
// the model loader's message, as from `predict`, rather than being read as a CSV. Stdin is
// always a dataset, and so is a fifo or any other file that is not regular: its bytes can be
// read only once, and sniffing them here would leave the CSV reader nothing (or block it).
bool is_model_file(const std::string& path) {
  if (path == "-") return false;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  if (std::filesystem::path(path).extension() == ".mlm") return true;
  std::ifstream in(path, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  return container::looks_like_model(std::string_view(head, static_cast<std::size_t>(in.gcount())));
}

int run(const DescribeOptions& options, const GlobalOptions& global) {
  prepare_for_large_data();  // before any thread starts
  DescribeDatasetOptions dataset;
  dataset.reader = reader_options(options.csv);  // a bad --delimiter fails before any output
  dataset.json = options.json;
  dataset.quiet = global.quiet;
  dataset.threads = global.worker_threads();
  if (!options.html.empty()) {
    std::string report;
    if (is_model_file(options.path)) {
      report = mlctl::report::model_card_html(model::load(options.path), options.path);
    } else {
      report = dataset_report_html(read_dataset_stats(options.path, dataset));
    }
    Output out(options.html);
    out.write(report);
    out.close();
    return kSuccess;
  }
  const bool model = is_model_file(options.path);
  if (options.top && !model) {
    throw Error(ErrorKind::usage,
                fmt::format("--top lists a model's coefficients; {} is a dataset", options.path));
  }
  Output out("-");
  if (model) {
    describe_model(
        options.path, options.json, out,
        options.top ? static_cast<std::size_t>(*options.top) : report::kMaxTextCoefficients);
  } else {
    describe_dataset(options.path, dataset, out);
  }
  out.close();
  return kSuccess;
}

// mlctl-mpi describe: each process reads its share of DATA; rank 0 prints or writes the
// description of all the rows. Errors are agreed: every rank ends alike.
int run_job(const DescribeOptions& options, const GlobalOptions& global,
            distributed::Communicator& job) {
  DescribeDatasetOptions dataset;
  distributed::run_agreed(&job, [&] {
    dataset.reader = reader_options(options.csv);
    for (const auto& path : options.data) {
      if (path == "-") {
        // Every process opens every file's header (csv::share_of): stdin can be read only once.
        throw Error(ErrorKind::usage,
                    "mlctl-mpi describe reads files, not stdin (-): use mlctl describe -");
      }
      if (!is_model_file(path)) continue;
      throw Error(ErrorKind::usage,
                  fmt::format("{} is a model file: describe it with mlctl describe (mlctl-mpi "
                              "describe reads data)",
                              path));
    }
  });
  dataset.json = options.json;
  dataset.quiet = global.quiet;
  const auto stats = read_job_dataset_stats(options.data, dataset, job);
  if (job.rank() != 0) return kSuccess;
  Output out(options.html.empty() ? "-" : options.html);
  if (options.html.empty()) {
    print_dataset(stats, dataset, out);
  } else {
    out.write(dataset_report_html(stats));
  }
  out.close();
  return kSuccess;
}

}  // namespace

Subcommand add_describe(CLI::App& parent, const GlobalOptions& global,
                        distributed::Communicator* job) {
  Command* app = add_command(parent, "describe",
                             job != nullptr ? "Summarise a dataset (CSV files), read by the "
                                              "processes of the job"
                                            : "Summarise a dataset (CSV) or a model file");
  auto options = std::make_shared<DescribeOptions>();
  if (job != nullptr) {
    app->add_value("data", options->data,
                   "CSV files or quoted glob patterns, read as one input with one header and "
                   "split across the processes",
                   data_file("DATA.csv"))
        ->required();
  } else {
    app->add_value("file", options->path, "CSV file ('-' reads stdin) or model file to describe",
                   data_or_model("DATA.csv|MODEL.mlm"))
        ->required();
  }
  auto* json =
      app->add_flag("--json", options->json, "Print one JSON document (docs/describe-json.md)");
  app->add_value("--html", options->html,
                 "Write a self-contained HTML report (charts, no scripts) to FILE",
                 any_file("FILE"))
      ->excludes(json);
  if (job == nullptr) {
    app->add_value("--top", options->top,
                   "List the K largest coefficients in a model's text card (default 500; 0: all)",
                   text("K"))
        ->check(CLI::NonNegativeNumber)
        ->excludes(json)
        ->excludes("--html");
  }
  add_csv_flags(*app, options->csv);
  if (job != nullptr) {
    set_examples(*app,
                 "  mpirun -np 4 mlctl-mpi describe data/titanic.csv\n"
                 "  mpirun -np 4 mlctl-mpi describe --json 'sales-*.csv' > sales-stats.json\n");
    return {app, [options, &global, job] { return run_job(*options, global, *job); }};
  }
  set_examples(*app,
               "  mlctl describe data/titanic.csv\n"
               "  mlctl describe --json data/penguins.csv > penguins-stats.json\n"
               "  mlctl describe titanic.mlm --html titanic-card.html\n"
               "  zcat sales.csv.gz | mlctl describe --delimiter ';' --na '?' -\n");
  return {app, [options, &global] { return run(*options, global); }};
}

}  // namespace mlctl::cli
