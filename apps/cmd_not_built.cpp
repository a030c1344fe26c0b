// Subcommands that are announced in --help but not built yet. Each says so and fails.

#include <spdlog/spdlog.h>

#include "cli.hpp"

namespace mlctl::cli {
namespace {

Subcommand not_built(CLI::App& parent, const std::string& name, const std::string& summary) {
  CLI::App* app = parent.add_subcommand(name, summary);
  app->allow_extras();
  return {app, [name] {
            spdlog::error("'mlctl {}' is not built yet in this version", name);
            return kFailure;
          }};
}

}  // namespace

Subcommand add_retrain(CLI::App& parent, const GlobalOptions&) {
  return not_built(parent, "retrain", "Retrain a model on new data; promote it only if not worse");
}
Subcommand add_lint_data(CLI::App& parent, const GlobalOptions&) {
  return not_built(parent, "lint-data", "Check data before training or predicting (CI exit codes)");
}

}  // namespace mlctl::cli
