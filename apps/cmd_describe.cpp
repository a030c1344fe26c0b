// `mlctl describe`: registers the subcommand and dispatches on what the input is.

#include <memory>
#include <string>

#include "cli.hpp"
#include "describe_dataset.hpp"
#include "output.hpp"

namespace mlctl::cli {
namespace {

struct DescribeOptions {
  std::string path;
  bool json = false;
  CsvFlags csv;
};

int run(const DescribeOptions& options) {
  DescribeDatasetOptions dataset;
  dataset.reader = reader_options(options.csv);  // a bad --delimiter fails before any output
  dataset.json = options.json;
  Output out("-");
  // Every input is a dataset for now. Model files get their own describe_model() beside
  // describe_dataset(), chosen here by the model format's magic bytes.
  describe_dataset(options.path, dataset, out);
  out.close();
  return kSuccess;
}

}  // namespace

Subcommand add_describe(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("describe", "Summarise a dataset (CSV) or a model file");
  auto options = std::make_shared<DescribeOptions>();
  app->add_option("file", options->path, "CSV file to describe ('-' reads stdin)")
      ->required()
      ->type_name("DATA.csv");
  app->add_flag("--json", options->json, "Print one JSON document (docs/describe-json.md)");
  add_csv_flags(*app, options->csv);
  set_examples(*app,
               "  mlctl describe data/titanic.csv\n"
               "  mlctl describe --json data/penguins.csv > penguins-stats.json\n"
               "  zcat sales.csv.gz | mlctl describe --delimiter ';' --na '?' -\n");
  return {app, [options] { return run(*options); }};
}

}  // namespace mlctl::cli
