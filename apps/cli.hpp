#pragma once
// What every subcommand of the mlctl binary shares: exit codes, the registration hook, and
// the translation of core errors into one-line messages.

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace mlctl::cli {

// Documented in README.md, docs/exit-codes.md and `mlctl --help`; never change a meaning.
enum ExitCode : int {
  kSuccess = 0,
  kFailure = 1,      // unreadable or invalid data, bad model file, I/O error
  kUsage = 2,        // unknown flag, missing or invalid argument
  kCheckFailed = 3,  // lint-data findings at the --fail-on level, a rejected retrain
};

// A subcommand registers its options on `app` and returns the action to run after parsing.
using Action = std::function<int()>;

struct Subcommand {
  CLI::App* app = nullptr;
  Action action;
};

Subcommand add_train(CLI::App& parent);
Subcommand add_predict(CLI::App& parent);
Subcommand add_retrain(CLI::App& parent);
Subcommand add_lint_data(CLI::App& parent);
Subcommand add_describe(CLI::App& parent);

// Appends an "Examples:" block to a subcommand's --help.
void set_examples(CLI::App& app, const std::string& examples);

}  // namespace mlctl::cli
