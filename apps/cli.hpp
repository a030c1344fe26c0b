#pragma once
// What every subcommand of the mlctl binary shares: exit codes, the registration hook, and
// the translation of core errors into one-line messages.

#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli_command.hpp"
#include "csv/reader.hpp"
#include "distributed/communicator.hpp"

namespace mlctl::cli {

// What the exit status says; never change a meaning. kExitCodes below says what each means.
enum ExitCode : int {
  kSuccess = 0,
  kFailure = 1,
  kUsage = 2,
  kCheckFailed = 3,
};

struct ExitCodeMeaning {
  ExitCode code;
  std::string_view name;    // "usage error": the meaning column of docs/exit-codes.md
  std::string_view detail;  // "unknown flag, ...": what follows the name in --help and README.md
  // "usage error: unknown flag, missing or invalid argument" (the name alone without a detail).
  std::string text() const;
};

// The one definition of the exit codes' meanings: the "Exit codes:" block of `mlctl --help` and
// the man page's EXIT STATUS are generated from it; tests/cli/exit_codes_test.sh checks the
// tables of README.md and docs/exit-codes.md against --help.
inline constexpr ExitCodeMeaning kExitCodes[] = {
    {kSuccess, "success", ""},
    {kFailure, "runtime failure", "unreadable or invalid data, bad model file, I/O error"},
    {kUsage, "usage error", "unknown flag, missing or invalid argument"},
    {kCheckFailed, "a check did not pass", "lint-data findings, a rejected retrain"},
};
static_assert(std::size(kExitCodes) == std::size_t{kCheckFailed} + 1 &&
                  kExitCodes[kSuccess].code == kSuccess && kExitCodes[kFailure].code == kFailure &&
                  kExitCodes[kUsage].code == kUsage &&
                  kExitCodes[kCheckFailed].code == kCheckFailed,
              "kExitCodes lists every ExitCode once, in order");

// "Exit codes:\n  0  success\n  1  runtime failure: ...\n": the block of `mlctl --help`.
std::string exit_codes_help();

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

// With `job` (mlctl-mpi): DATA is one or more files or patterns, each process reads its share
// and trains with the others (docs/scale.md); rank 0 writes the model and the report.
Subcommand add_train(CLI::App& parent, const GlobalOptions& global,
                     distributed::Communicator* job = nullptr);
Subcommand add_predict(CLI::App& parent, const GlobalOptions& global);
Subcommand add_retrain(CLI::App& parent, const GlobalOptions& global,
                       distributed::Communicator* job = nullptr);
Subcommand add_lint_data(CLI::App& parent, const GlobalOptions& global);
// With `job` (mlctl-mpi): DATA is one or more files or patterns, each process reads its share,
// rank 0 prints the description of all the rows (docs/scale.md); no model files.
Subcommand add_describe(CLI::App& parent, const GlobalOptions& global,
                        distributed::Communicator* job = nullptr);
// add_serve: serve_flags.hpp.
// Hidden: prints the shell completions and the man page from the definitions of `root`'s flags.
Subcommand add_generate(Command& root);

// Appends an "Examples:" block to a subcommand's --help: `examples` holds one command a line,
// each indented by two spaces. The generator reads them back as app.examples().
void set_examples(Command& app, const std::string& examples);

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
void add_csv_flags(Command& app, CsvFlags& flags, const char* no_header_flag = "--no-header");
// Throws Error(usage) for a delimiter other than , ; tab | auto, a decimal mark other than . or
// ',', --decimal , with --delimiter ',', and --columns without --no-header.
csv::ReaderOptions reader_options(const CsvFlags& flags);

// Splits "a,b,c" into its items, trimming spaces and dropping empty ones.
std::vector<std::string> split_list(const std::string& text);

// --alpha's value: one number or a comma-separated list. Throws Error(usage) naming the item.
std::vector<double> parse_alphas(const std::string& text);

}  // namespace mlctl::cli
