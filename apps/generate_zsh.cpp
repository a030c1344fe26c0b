// The zsh completion function (completions/_mlctl): one _arguments spec per subcommand, each flag
// with its description, value name and what to offer for the value.

#include <fmt/format.h>

#include "generate.hpp"

namespace mlctl::cli {
namespace {

// Inside a single-quoted word of an _arguments spec: ']' ends a description, ':' a field.
std::string quote(std::string_view text, bool in_brackets) {
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

std::string action(const FlagSpec& flag) {
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

std::string flag_spec(const FlagSpec& flag) {
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
  spec += "'[" + quote(flag.description, true) + "]";
  if (flag.takes_value()) {
    spec += ":" + quote(flag.value_name, false) + ":" + quote(action(flag), false);
  }
  return spec + "'";
}

std::string positional_spec(const FlagSpec& flag, std::size_t position) {
  return fmt::format("'{}:{}{}:{}'", position, flag.required ? "" : ":",
                     quote(flag.value_name, false), quote(action(flag), false));
}

}  // namespace

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
  for (const auto& flag : spec.top.flags) out += "    " + flag_spec(flag) + " \\\n";
  out +=
      "    '1: :->command' \\\n"
      "    '*:: :->argument' && ret=0\n"
      "  case $state in\n"
      "    command)\n"
      "      local -a commands\n"
      "      commands=(\n";
  for (const auto& sub : spec.subcommands) {
    out += fmt::format("        '{}:{}'\n", quote(sub.name, false), quote(sub.description, true));
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
      out += "            " + flag_spec(*flag) + " \\\n";
    }
    for (std::size_t i = 0; i < sub.positionals.size(); ++i) {
      out += "            " + positional_spec(sub.positionals[i], i + 1) + " \\\n";
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

}  // namespace mlctl::cli
