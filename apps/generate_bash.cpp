// The bash completion script (completions/mlctl.bash): one `case` branch per subcommand that
// offers its flags, and each flag's value by its kind (a word list, files by extension).

#include <fmt/format.h>

#include "generate.hpp"

namespace mlctl::cli {
namespace {

// Everything before the per-subcommand branches; {} is the regenerate line.
constexpr const char* kBashPreamble =
    "# bash completion for mlctl.\n"
    "# Generated from mlctl's own flag definitions; do not edit. Regenerate with:\n"
    "#   {}\n"
    "# Install as /usr/share/bash-completion/completions/mlctl, or source it from ~/.bashrc.\n"
    "\n"
    "# _mlctl_files [EXT...]: files ending in .EXT (any file without EXT) and directories.\n"
    "_mlctl_files() {{\n"
    "  local ext\n"
    "  if (($# == 0)); then\n"
    "    mapfile -t -O \"${{#COMPREPLY[@]}}\" COMPREPLY < <(compgen -f -- \"$cur\")\n"
    "  else\n"
    "    for ext in \"$@\"; do\n"
    "      mapfile -t -O \"${{#COMPREPLY[@]}}\" COMPREPLY < <(compgen -f -X \"!*.$ext\" -- "
    "\"$cur\")\n"
    "    done\n"
    "    mapfile -t -O \"${{#COMPREPLY[@]}}\" COMPREPLY < <(compgen -d -- \"$cur\")\n"
    "  fi\n"
    "  compopt -o filenames 2>/dev/null\n"
    "  return 0\n"
    "}}\n"
    "\n"
    "_mlctl() {{\n"
    "  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=\"\" sub=\"\" i\n"
    "  ((COMP_CWORD > 0)) && prev=${{COMP_WORDS[COMP_CWORD - 1]}}\n"
    "  # --flag=value: bash splits the word at '='.\n"
    "  if [[ $cur == = ]]; then\n"
    "    cur=\"\"\n"
    "  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then\n"
    "    prev=${{COMP_WORDS[COMP_CWORD - 2]}}\n"
    "  fi\n"
    "  COMPREPLY=()\n"
    "  # The subcommand is the first word naming one, skipping the values of top-level flags.\n"
    "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
    "    case ${{COMP_WORDS[i]}} in\n";

std::string value_completion(const FlagSpec& flag) {
  switch (flag.kind) {
    case ValueKind::choices:
      return fmt::format("mapfile -t COMPREPLY < <(compgen -W \"{}\" -- \"$cur\")",
                         join(flag.choices, " "));
    case ValueKind::model_file:
      return "_mlctl_files mlm";
    case ValueKind::data_file:
      return "_mlctl_files csv tsv";
    case ValueKind::data_or_model:
      return "_mlctl_files csv tsv mlm";
    case ValueKind::any_file:
      return "_mlctl_files";
    case ValueKind::text:
    case ValueKind::none:
      break;
  }
  return ":";  // free text: nothing to offer
}

// The body of one `case $sub` branch: values of flags, flags, then subcommands or positionals.
void command_body(std::string& out, const CliSpec& spec, const CommandSpec& command, bool top) {
  std::vector<std::string> words;
  std::string value_cases;
  std::vector<const FlagSpec*> flags;
  if (top) {
    for (const auto& flag : command.flags) flags.push_back(&flag);
  } else {
    flags = flags_of(spec, command);
  }
  for (const FlagSpec* flag : flags) {
    const auto names = spellings(*flag);
    words.insert(words.end(), names.begin(), names.end());
    if (flag->takes_value()) {
      value_cases +=
          fmt::format("        {}) {}; return ;;\n", join(names, " | "), value_completion(*flag));
    }
  }
  if (!value_cases.empty()) out += "      case $prev in\n" + value_cases + "      esac\n";
  out += fmt::format(
      "      if [[ $cur == -* ]]; then\n"
      "        mapfile -t COMPREPLY < <(compgen -W \"{}\" -- \"$cur\")\n"
      "        return\n"
      "      fi\n",
      join(words, " "));
  if (top) {
    out += fmt::format("      mapfile -t COMPREPLY < <(compgen -W \"{}\" -- \"$cur\")\n",
                       join(subcommand_names(spec), " "));
  } else if (!command.positionals.empty()) {
    out += "      " + value_completion(command.positionals.front()) + "\n";
  }
}

}  // namespace

std::string bash_script(const CliSpec& spec) {
  std::string out =
      fmt::format(kBashPreamble, regenerate_command("completion bash", "completions/mlctl.bash"));
  std::vector<std::string> valued;
  for (const auto& flag : spec.top.flags) {
    if (!flag.takes_value()) continue;
    for (const auto& name : spellings(flag)) valued.push_back(name);
  }
  if (!valued.empty()) out += fmt::format("      {}) ((i++)) ;;\n", join(valued, " | "));
  out += fmt::format(
      "      {})\n"
      "        sub=${{COMP_WORDS[i]}}\n"
      "        break\n"
      "        ;;\n"
      "    esac\n"
      "  done\n"
      "  case $sub in\n",
      join(subcommand_names(spec), " | "));
  for (const auto& sub : spec.subcommands) {
    out += fmt::format("    {})\n", sub.name);
    command_body(out, spec, sub, false);
    out += "      ;;\n";
  }
  out += "    *)\n";
  command_body(out, spec, spec.top, true);
  out +=
      "      ;;\n"
      "  esac\n"
      "  return 0\n"
      "}\n"
      "complete -F _mlctl mlctl\n";
  return out;
}

}  // namespace mlctl::cli
