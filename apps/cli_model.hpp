#pragma once
// A plain description of mlctl's command line, read from the CLI11 definitions themselves so
// that help, the man page and the shell completions cannot disagree: each flag is defined once
// (in its subcommand's file) and everything a user reads is generated from that definition.

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace mlctl::cli {

// What a shell should offer for an option's value, derived from its value name.
enum class ValueKind {
  none,           // a switch: takes no value
  text,           // free text (a column name, a number): nothing to offer
  choices,        // one of a fixed list (IsMember)
  model_file,     // MODEL.mlm, CURRENT.mlm, ...: *.mlm files
  data_file,      // DATA.csv, NEW.csv: *.csv and *.tsv files
  data_or_model,  // DATA.csv|MODEL.mlm
  any_file,       // FILE, OUT, RECIPE.toml, ...
};

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
  // "-o, --output" (or the positional's name).
  std::string display_names() const;
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
  std::string footer;                    // the top-level help footer (exit codes)
};

// Walks `app` and its visible subcommands (hidden ones, with an empty group, are left out).
CliSpec describe_cli(const CLI::App& app);

// The completion kind for a value name: "MODEL.mlm" -> model_file, "DATA.csv" -> data_file, ...
ValueKind value_kind(std::string_view value_name, bool has_choices);

// Splits CLI11's full type name into the value name and the IsMember choices:
// "TEXT:{auto,ridge,logistic}" -> "TEXT" and {auto, ridge, logistic}; "K:INT in [1 - 9]" -> "K".
void split_type_name(std::string_view type_name, std::string& value_name,
                     std::vector<std::string>& choices);

// The lines of an "Examples:" block in a help footer, without their indentation.
std::vector<std::string> examples_in(std::string_view footer);

}  // namespace mlctl::cli
