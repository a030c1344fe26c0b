// mlctl generate completion bash|zsh|fish, mlctl generate man: the shell completions and the man
// page, rendered from the flag definitions (apps/cli_model.hpp) so they list exactly the
// subcommands and flags that `--help` does. The files committed under completions/ and docs/ are
// this command's output; tests/cli/completions_test.sh and man_test.sh regenerate and compare.
// Hidden from --help: it is a tool for maintainers and packagers.

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "cli.hpp"
#include "common/error.hpp"
#include "generate.hpp"
#include "output.hpp"

namespace mlctl::cli {

std::string regenerate_command(const std::string& args, const std::string& file) {
  return fmt::format("build/mlctl generate {} > {}", args, file);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::vector<std::string> spellings(const FlagSpec& flag) {
  std::vector<std::string> names;
  for (const auto& name : flag.short_names) names.push_back("-" + name);
  for (const auto& name : flag.long_names) names.push_back("--" + name);
  return names;
}

bool is_long(const FlagSpec& flag, std::string_view name) {
  const auto& l = flag.long_names;
  return std::find(l.begin(), l.end(), name) != l.end();
}

std::vector<const FlagSpec*> inherited_flags(const CliSpec& spec) {
  std::vector<const FlagSpec*> flags;
  for (const auto& flag : spec.top.flags) {
    if (!is_long(flag, "help") && !is_long(flag, "version")) flags.push_back(&flag);
  }
  return flags;
}

std::vector<const FlagSpec*> flags_of(const CliSpec& spec, const CommandSpec& command) {
  std::vector<const FlagSpec*> flags;
  for (const auto& flag : command.flags) flags.push_back(&flag);
  for (const FlagSpec* flag : inherited_flags(spec)) flags.push_back(flag);
  return flags;
}

std::vector<std::string> subcommand_names(const CliSpec& spec) {
  std::vector<std::string> names;
  for (const auto& sub : spec.subcommands) names.push_back(sub.name);
  return names;
}

namespace {

int run_generate(const Command& root, const std::string& what, const std::string& shell) {
  const CliSpec spec = describe_cli(root);
  std::string text;
  if (what == "man") {
    if (!shell.empty()) throw Error(ErrorKind::usage, "generate man takes no shell");
    text = man_page(spec);
  } else if (shell == "bash") {
    text = bash_script(spec);
  } else if (shell == "zsh") {
    text = zsh_script(spec);
  } else if (shell == "fish") {
    text = fish_script(spec);
  } else {
    throw Error(ErrorKind::usage, "generate completion needs a shell: bash, zsh or fish");
  }
  Output out("-");
  out.write(text);
  out.close();
  return kSuccess;
}

}  // namespace

Subcommand add_generate(Command& root) {
  auto what = std::make_shared<std::string>();
  auto shell = std::make_shared<std::string>();
  Command* app = add_command(
      root, "generate", "Print a shell completion script or the man page, from these definitions");
  app->group("");  // hidden: for maintainers and packagers
  app->add_value("what", *what, "completion or man", one_of({"completion", "man"}))->required();
  app->add_value("shell", *shell, "bash, zsh or fish (for completion)",
                 one_of({"bash", "zsh", "fish"}));
  set_examples(*app,
               "  mlctl generate completion bash > completions/mlctl.bash\n"
               "  mlctl generate man > docs/mlctl.1\n");
  return {app, [&root, what, shell] { return run_generate(root, *what, *shell); }};
}

}  // namespace mlctl::cli
