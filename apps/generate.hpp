#pragma once
// `mlctl generate`: the shell completions and the man page, rendered from the description of
// the command line (apps/cli_model.hpp). One file per output: generate_bash.cpp, generate_zsh.cpp,
// generate_fish.cpp, generate_man.cpp; what they share is here, defined in cmd_generate.cpp.

#include <string>
#include <string_view>
#include <vector>

#include "cli_model.hpp"

namespace mlctl::cli {

std::string bash_script(const CliSpec& spec);  // completions/mlctl.bash
std::string zsh_script(const CliSpec& spec);   // completions/_mlctl
std::string fish_script(const CliSpec& spec);  // completions/mlctl.fish
std::string man_page(const CliSpec& spec);     // docs/mlctl.1

// "build/mlctl generate ARGS > FILE": the line each output quotes to say how to regenerate it.
std::string regenerate_command(const std::string& args, const std::string& file);

std::string join(const std::vector<std::string>& items, std::string_view separator);

// Every spelling of a flag: "-o", "--output".
std::vector<std::string> spellings(const FlagSpec& flag);

// Whether `flag` is spelt --`name` (--help, --version).
bool is_long(const FlagSpec& flag, std::string_view name);

// The top-level flags that still make sense after a subcommand (CLI11 falls through to them):
// all but --help and --version.
std::vector<const FlagSpec*> inherited_flags(const CliSpec& spec);

// The flags offered after `command`: its own, then the inherited top-level ones.
std::vector<const FlagSpec*> flags_of(const CliSpec& spec, const CommandSpec& command);

// The subcommands' names, in --help order.
std::vector<std::string> subcommand_names(const CliSpec& spec);

}  // namespace mlctl::cli
