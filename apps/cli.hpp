#pragma once
// What every subcommand of the mlctl binary shares: exit codes, the registration hook, and
// the translation of core errors into one-line messages.

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "csv/reader.hpp"

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

// The flags every subcommand shares, parsed by main().
struct GlobalOptions {
  int verbosity = 0;
  bool quiet = false;
  unsigned threads = 0;  // -j: worker threads for reading and fitting; 0 = one per core
  // The number to use: `threads`, or the machine's core count when it is 0.
  unsigned worker_threads() const;
};

struct Subcommand {
  CLI::App* app = nullptr;
  Action action;
};

Subcommand add_train(CLI::App& parent, const GlobalOptions& global);
Subcommand add_predict(CLI::App& parent, const GlobalOptions& global);
Subcommand add_retrain(CLI::App& parent, const GlobalOptions& global);
Subcommand add_lint_data(CLI::App& parent, const GlobalOptions& global);
Subcommand add_describe(CLI::App& parent, const GlobalOptions& global);
// Hidden: prints the shell completions and the man page from the definitions above.
Subcommand add_generate(CLI::App& parent);

// Appends an "Examples:" block to a subcommand's --help.
void set_examples(CLI::App& app, const std::string& examples);

// The CSV options shared by every subcommand that reads data: the dialect (--delimiter,
// --decimal, --no-header with --columns, --trim, --na) and the limits that keep a hostile file
// from exhausting memory (--max-field-size, --max-columns).
struct CsvFlags {
  std::string delimiter;
  std::string decimal;
  bool no_header = false;
  std::string no_header_flag = "--no-header";  // its name on this subcommand, for messages
  std::string columns;
  bool trim = false;
  std::vector<std::string> na;
  std::size_t max_field_size = csv::ReaderOptions{}.max_field_bytes;
  std::size_t max_columns = csv::ReaderOptions{}.max_columns;
};
// `no_header_flag` names the headerless-input switch: "--no-header", but predict, whose
// --no-header leaves the header out of its output, calls it "--no-input-header".
void add_csv_flags(CLI::App& app, CsvFlags& flags, const char* no_header_flag = "--no-header");
// Throws Error(usage) for a delimiter other than , ; tab | auto, a decimal mark other than . or
// ',', --decimal , with --delimiter ',', and --columns without --no-header.
csv::ReaderOptions reader_options(const CsvFlags& flags);

// Splits "a,b,c" into its items, trimming spaces and dropping empty ones.
std::vector<std::string> split_list(const std::string& text);

// --alpha's value: one number or a comma-separated list. Throws Error(usage) naming the item.
std::vector<double> parse_alphas(const std::string& text);

}  // namespace mlctl::cli
