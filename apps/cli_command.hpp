#pragma once
// Where each flag is defined, what its value is: a value name for --help and a kind for the
// shell completions and the man page (a model file, a data file, one of a few words, ...).
// A Command is a CLI11 App that keeps this record for each of its options, so that the generator
// (apps/cli_model.hpp) reads it instead of guessing from the value name's spelling or parsing
// the choices back out of CLI11's help text. In the manner of ripgrep's flag definitions.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace mlctl::cli {

// What a shell should offer for an option's value.
enum class ValueKind {
  none,           // a switch: takes no value
  text,           // free text (a column name, a number): nothing to offer
  choices,        // one of a fixed list
  model_file,     // *.mlm files
  data_file,      // *.csv and *.tsv files
  data_or_model,  // either
  any_file,       // any file: an output, a report, a recipe
};

// An option's value: its name in --help ("MODEL.mlm", "K", "TEXT"), kind and choices.
struct Value {
  std::string name;
  ValueKind kind = ValueKind::text;
  std::vector<std::string> choices;  // for ValueKind::choices
};

// Free text, shown as `name` ("COL", "A,B,...", "FLOAT").
Value text(std::string name);
// One of `choices`, checked by CLI11 (--help shows "TEXT:{a,b,c}").
Value one_of(std::vector<std::string> choices);
// A model file (*.mlm) to read or write.
Value model_file(std::string name);
// A CSV or TSV file to read ('-' for stdin where the subcommand allows it).
Value data_file(std::string name);
// A data file or a model file (describe).
Value data_or_model(std::string name);
// Any file: an output, a report, an audit log, a recipe.
Value any_file(std::string name);

// A CLI11 App that records the Value of each option defined through it.
class Command : public CLI::App {
 public:
  // A top-level program (as CLI::App's public constructor).
  Command(std::string description, std::string name);
  // A subcommand of `parent`, inheriting its settings as CLI::App::add_subcommand does.
  Command(std::string description, std::string name, CLI::App* parent);

  // add_option with the value's name, its choices checked, and the Value recorded.
  template <typename T>
  CLI::Option* add_value(std::string names, T& target, std::string description, Value value) {
    return set_value(add_option(std::move(names), target, std::move(description)),
                     std::move(value));
  }
  // Records `value` for an option added otherwise (--config); returns `option`.
  CLI::Option* set_value(CLI::Option* option, Value value);
  // The Value of `option`, or nullptr for a switch or an option not defined with a Value.
  const Value* value_of(const CLI::Option& option) const;

  // The example command lines ending --help, without their indentation.
  const std::vector<std::string>& examples() const { return examples_; }
  void set_examples(std::vector<std::string> lines) { examples_ = std::move(lines); }

 private:
  std::map<const CLI::Option*, Value> values_;
  std::vector<std::string> examples_;
};

// A new subcommand of `parent`, as parent.add_subcommand(name, description) would make it.
Command* add_command(CLI::App& parent, std::string name, std::string description);

}  // namespace mlctl::cli
