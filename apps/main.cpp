// mlctl: linear models on tabular data, from the command line.
// This file only wires the subcommands together and turns outcomes into exit codes.

#include <algorithm>
#include <csignal>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "program.hpp"
#include "serve_flags.hpp"

using namespace mlctl::cli;

namespace {

// The subcommands, in the order --help lists them.
constexpr std::string_view kSubcommands[] = {"train",    "predict", "retrain", "lint-data",
                                             "describe", "serve",   "generate"};

// The subcommand whose options are the only ones to build, or "" for all of them. Building the
// options of all six took 14% of a one-row predict (1.6 of 11.7 million instructions,
// bench/start/README.md), but leaving some out may change nothing the user sees: so only when
// exactly one argument names a subcommand (another one could be a second subcommand, or a
// typo CLI11 answers with the list), nothing asks for help, the version or a recipe (--config
// may name other subcommands' keys), and the subcommand is not `generate` (which describes all).
std::string_view only_subcommand(int argc, char** argv) {
  std::string_view named;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "--version" ||
        arg.rfind("--config", 0) == 0) {
      return {};
    }
    if (std::find(std::begin(kSubcommands), std::end(kSubcommands), arg) !=
        std::end(kSubcommands)) {
      if (!named.empty()) return {};
      named = arg;
    }
  }
  return named == "generate" ? std::string_view{} : named;
}

}  // namespace

int main(int argc, char** argv) {
  // A closed stdout pipe must surface as EPIPE from write(), not kill us silently mid-file.
  std::signal(SIGPIPE, SIG_IGN);

  Command app{"mlctl: train, check and serve linear models on tabular data (CSV)", "mlctl"};
  GlobalOptions global;
  std::string color = "auto";
  add_global_flags(app, global, color);
  const std::string_view only = only_subcommand(argc, argv);
  const auto wanted = [&](std::string_view name) { return only.empty() || only == name; };
  std::vector<Subcommand> subcommands;
  if (wanted("train")) subcommands.push_back(add_train(app, global));
  if (wanted("predict")) subcommands.push_back(add_predict(app, global));
  if (wanted("retrain")) subcommands.push_back(add_retrain(app, global));
  if (wanted("lint-data")) subcommands.push_back(add_lint_data(app, global));
  if (wanted("describe")) subcommands.push_back(add_describe(app, global));
  if (wanted("serve")) subcommands.push_back(add_serve(app, global, exec_mlctl_serve(argc, argv)));
  if (wanted("generate")) subcommands.push_back(add_generate(app));
  return run_program(app, subcommands, global, color, argc, argv);
}
