// What the mlctl and mlctl-mpi binaries share around their subcommands: the global flags, the
// logger, parsing the command line, and turning a subcommand's outcome into an exit code.

#include "program.hpp"

#include <cstdio>
#include <cstdlib>
#include <new>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "common/version.hpp"
#include "container/container.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace mlctl::cli {
namespace {

// Colour marks the level word ("error", "warning") only: on a terminal by default, never when
// NO_COLOR is set (https://no-color.org), as --color says otherwise.
spdlog::color_mode color_mode(const std::string& color) {
  if (color == "always") return spdlog::color_mode::always;
  if (color == "never") return spdlog::color_mode::never;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return spdlog::color_mode::never;
  return spdlog::color_mode::automatic;
}

}  // namespace

void setup_logging(const std::string& program, int verbosity, bool quiet,
                   const std::string& color) {
  auto logger = spdlog::stderr_color_mt(program, color_mode(color));
  logger->set_pattern(program + ": %^%l%$: %v");
  // Quiet by default: warnings and errors only; -v adds info, -vv debug; -q keeps errors.
  auto level = spdlog::level::warn;
  if (quiet) level = spdlog::level::err;
  if (verbosity == 1) level = spdlog::level::info;
  if (verbosity >= 2) level = spdlog::level::debug;
  logger->set_level(level);
  spdlog::set_default_logger(logger);
  set_notes_enabled(!quiet);
}

namespace {

// CLI11 reads config files only for the top-level app, routing "[train]" sections to the
// subcommand. A recipe file is simpler without a section: keys at the top belong to the
// subcommand being run. Options given on the command line win over the file (CLI11 fills only
// options that are still empty).
class SubcommandConfig : public CLI::ConfigTOML {
 public:
  explicit SubcommandConfig(const CLI::App& app) : app_(app) {}
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    auto config = CLI::ConfigTOML::from_config(input);
    const auto parsed = app_.get_subcommands();
    if (parsed.empty()) return config;
    for (auto& item : config) {
      if (item.parents.empty()) item.parents.push_back(parsed.front()->get_name());
    }
    return config;
  }

 private:
  const CLI::App& app_;
};

}  // namespace

void add_global_flags(Command& app, GlobalOptions& global, std::string& color) {
  app.set_version_flag(
      "--version",
      fmt::format("{} {}\nmodel format {} (reads {}.x)", app.get_name(), mlctl::kVersion,
                  mlctl::container::kFormatVersion, mlctl::container::kFormatMajor),
      "Print the version and exit");
  app.add_flag("-v,--verbose", global.verbosity, "More messages on stderr (-vv for debug)");
  app.add_flag("-q,--quiet", global.quiet, "Only errors on stderr");
  app.add_value("-j,--threads", global.threads,
                "Threads for reading CSV and fitting (default 0: one per core); results do not "
                "depend on it",
                text("N"))
      ->capture_default_str();
  app.add_value("--color", color,
                "Colour in messages: auto (on a terminal, unless NO_COLOR is set), always, never",
                one_of({"auto", "always", "never"}))
      ->capture_default_str();
  app.require_subcommand(0, 1);
  app.config_formatter(std::make_shared<SubcommandConfig>(app));
  app.set_value(
      app.set_config("--config", "",
                     "Read a subcommand's flags from a TOML file; command-line flags win"),
      any_file("RECIPE.toml"));
  app.allow_config_extras(CLI::config_extras_mode::error);  // a typo in a recipe fails
  app.footer("\n" + exit_codes_help() +
             fmt::format("\nRun '{} SUBCOMMAND --help' for a subcommand's flags and examples.",
                         app.get_name()));
}

std::optional<int> parse_command_line(Command& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ConfigError& e) {
    // CLI11 says "INI was not able to parse train.bogus"; name the key the user wrote instead.
    std::string what = e.what();
    const std::string prefix = "INI was not able to parse ";
    if (what.rfind(prefix, 0) == 0) {
      what = "--config: unknown key \"" + what.substr(what.find('.') + 1) +
             "\" (not a flag of this subcommand)";
    }
    std::fprintf(stderr, "%s: error: %s\n", app.get_name().c_str(), what.c_str());
    return kUsage;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: error: %s\nRun '%s --help' for usage.\n", app.get_name().c_str(),
                 e.what(), app.get_name().c_str());
    return kUsage;
  }
  return std::nullopt;
}

int log_error(const Error& error) {
  spdlog::error("{}", error.what());
  return exit_code_for(error.kind());
}

int run(const Subcommand& sub, const std::function<int(const Error&)>& on_error) {
  try {
    return sub.action();
  } catch (const BrokenPipe&) {
    return kSuccess;  // the reader has all it wanted (`| head`)
  } catch (const mlctl::Error& e) {
    return on_error(e);
  } catch (const std::bad_alloc&) {
    spdlog::error("out of memory");
    return kFailure;
  } catch (const std::exception& e) {
    // Not one of ours (those say where and what): name the subcommand it stopped, at least.
    spdlog::error("{}: unexpected error: {}", sub.app->get_name(), e.what());
    return kFailure;
  }
}

int run_program(Command& app, std::span<const Subcommand> subcommands, const GlobalOptions& global,
                const std::string& color, int argc, char** argv) {
  // The root's flags may follow a subcommand's own ("mlctl train -v ...").
  for (const Subcommand& sub : subcommands) sub.app->fallthrough(!sub.app->get_allow_extras());
  if (const auto done = parse_command_line(app, argc, argv)) return *done;
  setup_logging(app.get_name(), global.verbosity, global.quiet, color);
  for (const Subcommand& sub : subcommands) {
    if (sub.app->parsed()) return run(sub);
  }
  std::fputs(app.help().c_str(), stderr);
  return kUsage;
}

int exit_code_for(ErrorKind kind) {
  return kind == ErrorKind::usage ? kUsage : kFailure;
}

}  // namespace mlctl::cli
