// The fish completion script (completions/mlctl.fish): one `complete` line per flag, offered
// only after its subcommand, with the value by its kind.

#include <fmt/format.h>

#include "generate.hpp"

namespace mlctl::cli {
namespace {

constexpr const char* kFishPreamble =
    "# fish completion for mlctl.\n"
    "# Generated from mlctl's own flag definitions; do not edit. Regenerate with:\n"
    "#   {}\n"
    "# Install as /usr/share/fish/vendor_completions.d/mlctl.fish.\n"
    "\n"
    "# Files ending in one of the given extensions, and directories.\n"
    "function __mlctl_files\n"
    "    set -l files (complete -C \"__fish_command_without_completions \"(commandline -ct))\n"
    "    string match -r -- '^.*/$' $files\n"
    "    for ext in $argv\n"
    "        string match -r -- \"^.*\\\\.$ext\\$\" $files\n"
    "    end\n"
    "end\n"
    "\n"
    "complete -c mlctl -f\n";

std::string quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string value_options(const FlagSpec& flag) {
  switch (flag.kind) {
    case ValueKind::choices:
      return "-x -a " + quote(join(flag.choices, " "));
    case ValueKind::model_file:
      return "-x -a '(__mlctl_files mlm)'";
    case ValueKind::data_file:
      return "-x -a '(__mlctl_files csv tsv)'";
    case ValueKind::data_or_model:
      return "-x -a '(__mlctl_files csv tsv mlm)'";
    case ValueKind::any_file:
      return "-r -F";
    case ValueKind::text:
      return "-x";
    case ValueKind::none:
      break;
  }
  return "";
}

std::string flag_line(const FlagSpec& flag, const std::string& condition) {
  std::string line = "complete -c mlctl";
  if (!condition.empty()) line += " -n " + quote(condition);
  for (const auto& name : flag.short_names) line += " -s " + name;
  for (const auto& name : flag.long_names) line += " -l " + name;
  if (flag.takes_value()) line += " " + value_options(flag);
  return line + " -d " + quote(flag.description) + "\n";
}

// What the first positional argument offers (files by kind, or a word list); nothing for text.
std::string positional_line(const FlagSpec& first, const std::string& here) {
  if (first.kind == ValueKind::text) return "";
  std::string value = first.kind == ValueKind::any_file ? "-F" : value_options(first);
  const auto list = value.find("-a");
  if (list != std::string::npos) value = value.substr(list);
  return fmt::format("complete -c mlctl -n {} {}\n", quote(here), value);
}

}  // namespace

std::string fish_script(const CliSpec& spec) {
  std::string out =
      fmt::format(kFishPreamble, regenerate_command("completion fish", "completions/mlctl.fish"));
  const std::string no_sub = "not __fish_seen_subcommand_from " + join(subcommand_names(spec), " ");
  for (const auto& sub : spec.subcommands) {
    out += fmt::format("complete -c mlctl -n {} -a {} -d {}\n", quote(no_sub), sub.name,
                       quote(sub.description));
  }
  // --version only before a subcommand; --help and the inherited flags anywhere.
  for (const auto& flag : spec.top.flags) {
    const bool anywhere = !is_long(flag, "version");
    out += flag_line(flag, anywhere ? "" : no_sub);
  }
  for (const auto& sub : spec.subcommands) {
    out += "\n";
    const std::string here = "__fish_seen_subcommand_from " + sub.name;
    for (const auto& flag : sub.flags) {
      if (is_long(flag, "help")) continue;  // offered everywhere
      out += flag_line(flag, here);
    }
    if (!sub.positionals.empty()) out += positional_line(sub.positionals.front(), here);
  }
  return out;
}

}  // namespace mlctl::cli
