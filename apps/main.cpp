// mlctl: linear models on tabular data, from the command line.
// This file only wires the subcommands together and turns outcomes into exit codes.

#include <csignal>
#include <cstdio>

#include "cli.hpp"
#include "program.hpp"

using namespace mlctl::cli;

int main(int argc, char** argv) {
  // A closed stdout pipe must surface as EPIPE from write(), not kill us silently mid-file.
  std::signal(SIGPIPE, SIG_IGN);

  Command app{"mlctl: train, check and serve linear models on tabular data (CSV)", "mlctl"};
  GlobalOptions global;
  std::string color = "auto";
  add_global_flags(app, global, color);
  const Subcommand subcommands[] = {add_train(app, global),    add_predict(app, global),
                                    add_retrain(app, global),  add_lint_data(app, global),
                                    add_describe(app, global), add_serve(app, global),
                                    add_generate(app)};
  for (const auto& sub : subcommands) sub.app->fallthrough(!sub.app->get_allow_extras());

  if (const auto done = parse_command_line(app, argc, argv)) return *done;
  setup_logging("mlctl", global.verbosity, global.quiet, color);
  for (const auto& sub : subcommands) {
    if (sub.app->parsed()) return run(sub);
  }
  // No subcommand: show what there is, as a usage error.
  std::fputs(app.help().c_str(), stderr);
  return kUsage;
}
