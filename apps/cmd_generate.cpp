// mlctl generate completion bash|zsh|fish, mlctl generate man: the shell completions and the man
// page, rendered from the CLI11 definitions (apps/cli_model.hpp) so they list exactly the
// subcommands and flags that `--help` does. The files committed under completions/ and docs/ are
// this command's output; tests/cli/completions_test.sh and man_test.sh regenerate and compare.
// Hidden from --help: it is a tool for maintainers and packagers.

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "cli.hpp"
#include "cli_model.hpp"
#include "common/error.hpp"
#include "common/version.hpp"
#include "output.hpp"

namespace mlctl::cli {
namespace {

constexpr const char* kBuildDir = "build";

std::string regenerate_command(const std::string& args, const std::string& file) {
  return fmt::format("{}/mlctl generate {} > {}", kBuildDir, args, file);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// Every spelling of a flag: "-o", "--output".
std::vector<std::string> spellings(const FlagSpec& flag) {
  std::vector<std::string> names;
  for (const auto& name : flag.short_names) names.push_back("-" + name);
  for (const auto& name : flag.long_names) names.push_back("--" + name);
  return names;
}

// The top-level flags that still make sense after a subcommand (CLI11 falls through to them).
std::vector<const FlagSpec*> inherited_flags(const CliSpec& spec) {
  std::vector<const FlagSpec*> flags;
  for (const auto& flag : spec.top.flags) {
    const auto& l = flag.long_names;
    const bool top_only = std::find(l.begin(), l.end(), "help") != l.end() ||
                          std::find(l.begin(), l.end(), "version") != l.end();
    if (!top_only) flags.push_back(&flag);
  }
  return flags;
}

std::vector<const FlagSpec*> flags_of(const CliSpec& spec, const CommandSpec& command) {
  std::vector<const FlagSpec*> flags;
  for (const auto& flag : command.flags) flags.push_back(&flag);
  for (const FlagSpec* flag : inherited_flags(spec)) flags.push_back(flag);
  return flags;
}

// ---- bash -----------------------------------------------------------------------------------

std::string bash_value_completion(const FlagSpec& flag) {
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

void bash_command_body(std::string& out, const CliSpec& spec, const CommandSpec& command,
                       bool top) {
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
      value_cases += fmt::format("        {}) {}; return ;;\n", join(names, " | "),
                                 bash_value_completion(*flag));
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
    std::vector<std::string> names;
    for (const auto& sub : spec.subcommands) names.push_back(sub.name);
    out += fmt::format("      mapfile -t COMPREPLY < <(compgen -W \"{}\" -- \"$cur\")\n",
                       join(names, " "));
  } else if (!command.positionals.empty()) {
    out += "      " + bash_value_completion(command.positionals.front()) + "\n";
  }
}

std::string bash_script(const CliSpec& spec) {
  std::string out = fmt::format(
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
      "    case ${{COMP_WORDS[i]}} in\n",
      regenerate_command("completion bash", "completions/mlctl.bash"));
  std::vector<std::string> valued;
  for (const auto& flag : spec.top.flags) {
    if (!flag.takes_value()) continue;
    for (const auto& name : spellings(flag)) valued.push_back(name);
  }
  if (!valued.empty()) out += fmt::format("      {}) ((i++)) ;;\n", join(valued, " | "));
  std::vector<std::string> names;
  for (const auto& sub : spec.subcommands) names.push_back(sub.name);
  out += fmt::format(
      "      {})\n"
      "        sub=${{COMP_WORDS[i]}}\n"
      "        break\n"
      "        ;;\n"
      "    esac\n"
      "  done\n"
      "  case $sub in\n",
      join(names, " | "));
  for (const auto& sub : spec.subcommands) {
    out += fmt::format("    {})\n", sub.name);
    bash_command_body(out, spec, sub, false);
    out += "      ;;\n";
  }
  out += "    *)\n";
  bash_command_body(out, spec, spec.top, true);
  out +=
      "      ;;\n"
      "  esac\n"
      "  return 0\n"
      "}\n"
      "complete -F _mlctl mlctl\n";
  return out;
}

// ---- zsh ------------------------------------------------------------------------------------

// Inside a single-quoted word of an _arguments spec: ']' ends a description, ':' a field.
std::string zsh_quote(std::string_view text, bool in_brackets) {
  std::string out;
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '\\' || c == ']' || c == '[' || (c == ':' && !in_brackets)) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string zsh_action(const FlagSpec& flag) {
  switch (flag.kind) {
    case ValueKind::choices:
      return "(" + join(flag.choices, " ") + ")";
    case ValueKind::model_file:
      return "_files -g \"*.mlm(-.)\"";
    case ValueKind::data_file:
      return "_files -g \"*.(csv|tsv)(-.)\"";
    case ValueKind::data_or_model:
      return "_files -g \"*.(csv|tsv|mlm)(-.)\"";
    case ValueKind::any_file:
      return "_files";
    case ValueKind::text:
    case ValueKind::none:
      break;
  }
  return " ";  // free text: show the value name, offer nothing
}

std::string zsh_flag_spec(const FlagSpec& flag) {
  std::vector<std::string> names;
  for (const auto& name : flag.short_names)
    names.push_back("-" + name + (flag.takes_value() ? "+" : ""));
  for (const auto& name : flag.long_names)
    names.push_back("--" + name + (flag.takes_value() ? "=" : ""));
  std::string spec;
  if (flag.repeatable) {
    spec = "'*'";
  } else if (names.size() > 1) {
    spec = "'(" + join(spellings(flag), " ") + ")'";
  }
  spec += names.size() > 1 ? "{" + join(names, ",") + "}" : names.front();
  spec += "'[" + zsh_quote(flag.description, true) + "]";
  if (flag.takes_value()) {
    spec += ":" + zsh_quote(flag.value_name, false) + ":" + zsh_quote(zsh_action(flag), false);
  }
  return spec + "'";
}

std::string zsh_positional_spec(const FlagSpec& flag, std::size_t position) {
  return fmt::format("'{}:{}{}:{}'", position, flag.required ? "" : ":",
                     zsh_quote(flag.value_name, false), zsh_quote(zsh_action(flag), false));
}

std::string zsh_script(const CliSpec& spec) {
  std::string out = fmt::format(
      "#compdef mlctl\n"
      "# zsh completion for mlctl.\n"
      "# Generated from mlctl's own flag definitions; do not edit. Regenerate with:\n"
      "#   {}\n"
      "# Install as /usr/share/zsh/vendor-completions/_mlctl, or put its folder on $fpath.\n"
      "\n"
      "_mlctl() {{\n"
      "  local curcontext=$curcontext state line ret=1\n"
      "  typeset -A opt_args\n"
      "  _arguments -C \\\n",
      regenerate_command("completion zsh", "completions/_mlctl"));
  for (const auto& flag : spec.top.flags) out += "    " + zsh_flag_spec(flag) + " \\\n";
  out +=
      "    '1: :->command' \\\n"
      "    '*:: :->argument' && ret=0\n"
      "  case $state in\n"
      "    command)\n"
      "      local -a commands\n"
      "      commands=(\n";
  for (const auto& sub : spec.subcommands) {
    out += fmt::format("        '{}:{}'\n", zsh_quote(sub.name, false),
                       zsh_quote(sub.description, true));
  }
  out +=
      "      )\n"
      "      _describe -t commands 'mlctl subcommand' commands && ret=0\n"
      "      ;;\n"
      "    argument)\n"
      "      curcontext=${curcontext%:*:*}:mlctl-$words[1]:\n"
      "      case $words[1] in\n";
  for (const auto& sub : spec.subcommands) {
    out += fmt::format("        {})\n          _arguments -S \\\n", sub.name);
    for (const FlagSpec* flag : flags_of(spec, sub)) {
      out += "            " + zsh_flag_spec(*flag) + " \\\n";
    }
    for (std::size_t i = 0; i < sub.positionals.size(); ++i) {
      out += "            " + zsh_positional_spec(sub.positionals[i], i + 1) + " \\\n";
    }
    out += "            && ret=0\n          ;;\n";
  }
  out +=
      "      esac\n"
      "      ;;\n"
      "  esac\n"
      "  return ret\n"
      "}\n"
      "\n"
      "_mlctl \"$@\"\n";
  return out;
}

// ---- fish -----------------------------------------------------------------------------------

std::string fish_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string fish_value(const FlagSpec& flag) {
  switch (flag.kind) {
    case ValueKind::choices:
      return "-x -a " + fish_quote(join(flag.choices, " "));
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

std::string fish_flag(const FlagSpec& flag, const std::string& condition) {
  std::string line = "complete -c mlctl";
  if (!condition.empty()) line += " -n " + fish_quote(condition);
  for (const auto& name : flag.short_names) line += " -s " + name;
  for (const auto& name : flag.long_names) line += " -l " + name;
  if (flag.takes_value()) line += " " + fish_value(flag);
  return line + " -d " + fish_quote(flag.description) + "\n";
}

std::string fish_script(const CliSpec& spec) {
  std::vector<std::string> names;
  for (const auto& sub : spec.subcommands) names.push_back(sub.name);
  const std::string all = join(names, " ");
  std::string out = fmt::format(
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
      "complete -c mlctl -f\n",
      regenerate_command("completion fish", "completions/mlctl.fish"));
  const std::string no_sub = "not __fish_seen_subcommand_from " + all;
  for (const auto& sub : spec.subcommands) {
    out += fmt::format("complete -c mlctl -n {} -a {} -d {}\n", fish_quote(no_sub), sub.name,
                       fish_quote(sub.description));
  }
  for (const auto& flag : spec.top.flags) {
    const bool inherited = [&] {
      for (const FlagSpec* f : inherited_flags(spec))
        if (f == &flag) return true;
      return false;
    }();
    const auto& l = flag.long_names;
    const bool help = std::find(l.begin(), l.end(), "help") != l.end();
    out += fish_flag(flag, inherited || help ? "" : no_sub);
  }
  for (const auto& sub : spec.subcommands) {
    out += "\n";
    const std::string here = "__fish_seen_subcommand_from " + sub.name;
    for (const auto& flag : sub.flags) {
      const auto& l = flag.long_names;
      if (std::find(l.begin(), l.end(), "help") != l.end()) continue;  // offered everywhere
      out += fish_flag(flag, here);
    }
    if (!sub.positionals.empty()) {
      const FlagSpec& first = sub.positionals.front();
      std::string value = fish_value(first);
      if (first.kind == ValueKind::any_file) value = "-F";
      if (first.kind != ValueKind::text) {
        out += fmt::format(
            "complete -c mlctl -n {} {}\n", fish_quote(here),
            value.substr(value.find("-a") == std::string::npos ? value.size() : value.find("-a")));
      }
    }
  }
  return out;
}

// ---- man --------------------------------------------------------------------------------------

// Roff text: backslashes and hyphens escaped, non-ASCII as \[uXXXX], no control line by accident.
std::string roff(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // Decode one UTF-8 sequence; the help text is ours, so it is valid UTF-8.
      const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
      unsigned code = c & (0x3Fu >> extra);
      for (int k = 0; k < extra && i + 1 < text.size(); ++k) {
        code = (code << 6) | (static_cast<unsigned char>(text[++i]) & 0x3Fu);
      }
      out += fmt::format("\\[u{:04X}]", code);
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

std::string man_flag(const FlagSpec& flag) {
  std::string out = ".TP\n";
  if (!flag.positional.empty()) {
    out += "\\fI" + roff(flag.value_name) + "\\fR\n";
  } else {
    std::vector<std::string> names;
    for (const auto& name : spellings(flag)) names.push_back("\\fB" + roff(name) + "\\fR");
    out += join(names, ", ");
    // A value from a list reads better as the list itself: --algorithm auto|ridge|logistic.
    const std::string value = flag.choices.empty() ? flag.value_name : join(flag.choices, "|");
    if (flag.takes_value()) out += " \\fI" + roff(value) + "\\fR";
    out += "\n";
  }
  std::string text = flag.description;
  if (!text.empty() && text.back() != '.') text += '.';
  if (!flag.choices.empty()) text += " One of: " + join(flag.choices, ", ") + ".";
  if (!flag.default_value.empty()) text += " Default: " + flag.default_value + ".";
  if (flag.required) text += " Required.";
  if (flag.repeatable && flag.takes_value()) text += " May be repeated.";
  if (!flag.env.empty()) text += " Environment: " + flag.env + ".";
  return out + roff(text) + "\n";
}

std::string man_synopsis(const CommandSpec& sub) {
  std::string out = ".B mlctl " + roff(sub.name) + "\n[\\fIOPTIONS\\fR]";
  for (const auto& positional : sub.positionals) {
    const std::string name = "\\fI" + roff(positional.value_name) + "\\fR";
    out += " " + (positional.required ? name : "[" + name + "]");
  }
  return out + "\n.br\n";
}

std::string man_page(const CliSpec& spec) {
  std::string summary = spec.top.description;
  if (summary.rfind("mlctl: ", 0) == 0) summary = summary.substr(7);
  std::string out = fmt::format(
      ".\\\" Man page for mlctl.\n"
      ".\\\" Generated from mlctl's own flag definitions; do not edit. Regenerate with:\n"
      ".\\\"   {}\n"
      ".TH MLCTL 1 \"\" \"mlctl {}\" \"User Commands\"\n"
      ".SH NAME\n"
      "mlctl \\- {}\n"
      ".SH SYNOPSIS\n"
      ".B mlctl\n"
      "[\\fIOPTIONS\\fR] \\fISUBCOMMAND\\fR [\\fIARGS\\fR]\n"
      ".br\n",
      regenerate_command("man", "docs/mlctl.1"), kVersion, roff(summary));
  for (const auto& sub : spec.subcommands) out += man_synopsis(sub);
  out += ".SH DESCRIPTION\n" +
         roff(
             "mlctl reads tabular data from CSV files, fits a feature pipeline (imputation, "
             "scaling, one-hot encoding) and a ridge or logistic model, and keeps both in one "
             "model file that predict, describe, lint-data and retrain read. Results go to "
             "stdout; messages go to stderr, one line each; the exit status says what happened.") +
         "\n.PP\n" +
         roff(
             "Each subcommand is described below with every flag; 'mlctl SUBCOMMAND --help' "
             "prints the same and ends with examples.") +
         "\n";
  out += ".SH OPTIONS\n";
  for (const auto& flag : spec.top.flags) out += man_flag(flag);
  out += ".SH SUBCOMMANDS\n";
  for (const auto& sub : spec.subcommands) {
    out += ".SS \"mlctl " + roff(sub.name) + "\"\n" + roff(sub.description) + ".\n";
    for (const auto& flag : sub.positionals) out += man_flag(flag);
    for (const auto& flag : sub.flags) out += man_flag(flag);
  }
  // Exit codes: the lines "  N  meaning" of the top-level footer.
  out += ".SH EXIT STATUS\n";
  std::string_view footer = spec.footer;
  while (!footer.empty()) {
    const auto end = footer.find('\n');
    const std::string_view line = footer.substr(0, end);
    if (line.size() > 5 && line.substr(0, 2) == "  " && line[2] >= '0' && line[2] <= '9' &&
        line.substr(3, 2) == "  ") {
      out += ".TP\n.B " + std::string(1, line[2]) + "\n" + roff(line.substr(5)) + ".\n";
    }
    if (end == std::string_view::npos) break;
    footer.remove_prefix(end + 1);
  }
  // Environment variables that stand in for flags, each with the flags it stands for.
  std::vector<std::pair<std::string, std::vector<std::string>>> environment;
  for (const auto& sub : spec.subcommands) {
    for (const auto& flag : sub.flags) {
      if (flag.env.empty()) continue;
      auto known = std::find_if(environment.begin(), environment.end(),
                                [&](const auto& entry) { return entry.first == flag.env; });
      if (known == environment.end()) known = environment.insert(known, {flag.env, {}});
      known->second.push_back("mlctl " + sub.name + " " + spellings(flag).back());
    }
  }
  if (!environment.empty()) out += ".SH ENVIRONMENT\n";
  for (const auto& [name, flags] : environment) {
    out += fmt::format(".TP\n.B {}\n{}\n", roff(name),
                       roff("The default value of " + join(flags, ", ") + "."));
  }
  out += ".SH EXAMPLES\n";
  for (const auto& sub : spec.subcommands) {
    if (sub.examples.empty()) continue;
    out += ".SS \"mlctl " + roff(sub.name) + "\"\n.nf\n";
    for (const auto& example : sub.examples) out += roff(example) + "\n";
    out += ".fi\n";
  }
  out +=
      ".SH FILES\n"
      ".TP\n.I *.mlm\n" +
      roff("Model files, written by train and retrain, read by predict, retrain and describe.") +
      "\n.TP\n.I *.csv, *.tsv\n" +
      roff("Input data: a header row and one record per line; tab-separated for .tsv and .tab.") +
      "\n.TP\n.I RECIPE.toml\n" +
      roff("A subcommand's flags as TOML keys, read with --config; command-line flags win.") +
      "\n.SH SEE ALSO\n" +
      roff(
          "The user guide docs/guide.md, the model file format and the exit codes in docs/, "
          "and README.md in the mlctl sources.") +
      "\n";
  return out;
}

int run_generate(const CLI::App& root, const std::string& what, const std::string& shell) {
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

Subcommand add_generate(CLI::App& parent) {
  auto what = std::make_shared<std::string>();
  auto shell = std::make_shared<std::string>();
  CLI::App* app = parent.add_subcommand(
      "generate", "Print a shell completion script or the man page, from these definitions");
  app->group("");  // hidden: for maintainers and packagers
  app->add_option("what", *what, "completion or man")
      ->required()
      ->check(CLI::IsMember({"completion", "man"}));
  app->add_option("shell", *shell, "bash, zsh or fish (for completion)")
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  set_examples(*app,
               "  mlctl generate completion bash > completions/mlctl.bash\n"
               "  mlctl generate man > docs/mlctl.1\n");
  return {app, [&parent, what, shell] { return run_generate(parent, *what, *shell); }};
}

}  // namespace mlctl::cli
