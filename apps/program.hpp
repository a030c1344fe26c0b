#pragma once
// What the mlctl, mlctl-serve and mlctl-mpi binaries share around their subcommands: the global
// flags, the logger, parsing the command line, and turning a subcommand's outcome into an exit
// code. Each names itself by its root command's name ("mlctl: error: ...", "mlctl-mpi --version").

#include <functional>
#include <optional>
#include <span>
#include <string>

#include "cli.hpp"
#include "common/error.hpp"

namespace mlctl::cli {

// The logger on stderr: "PROGRAM: LEVEL: message". Quiet by default: warnings and errors only;
// -v adds info, -vv debug; -q keeps errors.
void setup_logging(const std::string& program, int verbosity, bool quiet, const std::string& color);

// The flags every subcommand shares (-v, -q, -j, --color, --config, --version), and how
// `PROGRAM --help` ends.
void add_global_flags(Command& app, GlobalOptions& global, std::string& color);

// Parses the command line; an exit code when that is all there is to do (help, version, a
// usage error), nothing when a subcommand is to run.
std::optional<int> parse_command_line(Command& app, int argc, char** argv);

// The exit code of an error's kind (2 for usage, else 1).
int exit_code_for(ErrorKind kind);
// Logs the error's one line and returns its exit code: run()'s default.
int log_error(const Error& error);

// Runs a parsed subcommand; an mlctl::Error goes to on_error (its result is the exit code),
// anything else becomes one message on stderr and exit code 1.
int run(const Subcommand& sub, const std::function<int(const Error&)>& on_error = log_error);

// The rest of a program once its global flags and subcommands are added: parses the command line
// (help, the version and usage errors end there), sets up the logger, and runs the subcommand that
// was named. With none named, the root's help goes to stderr as a usage error.
int run_program(Command& app, std::span<const Subcommand> subcommands, const GlobalOptions& global,
                const std::string& color, int argc, char** argv);

}  // namespace mlctl::cli
