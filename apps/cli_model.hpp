#pragma once
// A plain description of mlctl's command line, read from the definitions themselves (each flag
// is defined once, in its subcommand's file, with its Value: apps/cli_command.hpp) so that
// --help, the man page and the shell completions cannot disagree.

#include <string>
#include <vector>

#include "cli_command.hpp"

namespace mlctl::cli {

struct FlagSpec {
  std::vector<std::string> short_names;  // without the dash: "o"
  std::vector<std::string> long_names;   // without the dashes: "output"
  std::string positional;                // the name of a positional argument, else empty
  std::string value_name;                // "MODEL.mlm", "TEXT", "K"; empty for a switch
  std::string description;
  std::string default_value;
  std::string env;
  std::vector<std::string> choices;
  ValueKind kind = ValueKind::none;
  bool required = false;
  bool repeatable = false;  // may be given more than once (-vv, --na A --na B)

  bool takes_value() const { return kind != ValueKind::none; }
};

struct CommandSpec {
  std::string name;  // "mlctl" for the top level
  std::string description;
  std::vector<FlagSpec> flags;        // named options, in --help order
  std::vector<FlagSpec> positionals;  // in order
  std::vector<std::string> examples;  // the lines of the "Examples:" footer block
};

struct CliSpec {
  CommandSpec top;                       // the program's own flags
  std::vector<CommandSpec> subcommands;  // the visible ones, in --help order
};

// Walks `root` and its visible subcommands (hidden ones, with an empty group, are left out).
// Throws std::logic_error for a subcommand that is not a Command or an option that takes a
// value but was defined without a Value: a programming error, caught by the generator's tests.
CliSpec describe_cli(const Command& root);

}  // namespace mlctl::cli
