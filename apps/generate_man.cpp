// The man page (docs/mlctl.1): every flag of every subcommand with its description, choices,
// default and environment variable; the exit codes from kExitCodes; the examples of --help.

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "cli.hpp"
#include "common/version.hpp"
#include "generate.hpp"

namespace mlctl::cli {
namespace {

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

std::string flag_entry(const FlagSpec& flag) {
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

std::string synopsis(const CommandSpec& sub) {
  std::string out = ".B mlctl " + roff(sub.name) + "\n[\\fIOPTIONS\\fR]";
  for (const auto& positional : sub.positionals) {
    const std::string name = "\\fI" + roff(positional.value_name) + "\\fR";
    out += " " + (positional.required ? name : "[" + name + "]");
  }
  return out + "\n.br\n";
}

// NAME, SYNOPSIS and DESCRIPTION.
std::string head(const CliSpec& spec) {
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
  for (const auto& sub : spec.subcommands) out += synopsis(sub);
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
  return out;
}

// OPTIONS and SUBCOMMANDS: every flag.
std::string flags(const CliSpec& spec) {
  std::string out = ".SH OPTIONS\n";
  for (const auto& flag : spec.top.flags) out += flag_entry(flag);
  out += ".SH SUBCOMMANDS\n";
  for (const auto& sub : spec.subcommands) {
    out += ".SS \"mlctl " + roff(sub.name) + "\"\n" + roff(sub.description) + ".\n";
    for (const auto& flag : sub.positionals) out += flag_entry(flag);
    for (const auto& flag : sub.flags) out += flag_entry(flag);
  }
  return out;
}

std::string exit_status() {
  std::string out = ".SH EXIT STATUS\n";
  for (const auto& exit_code : kExitCodes) {
    out +=
        fmt::format(".TP\n.B {}\n{}.\n", static_cast<int>(exit_code.code), roff(exit_code.text()));
  }
  return out;
}

// Environment variables that stand in for flags, each with the flags it stands for.
std::string environment(const CliSpec& spec) {
  std::vector<std::pair<std::string, std::vector<std::string>>> variables;
  for (const auto& sub : spec.subcommands) {
    for (const auto& flag : sub.flags) {
      if (flag.env.empty()) continue;
      auto known = std::find_if(variables.begin(), variables.end(),
                                [&](const auto& entry) { return entry.first == flag.env; });
      if (known == variables.end()) known = variables.insert(known, {flag.env, {}});
      known->second.push_back("mlctl " + sub.name + " " + spellings(flag).back());
    }
  }
  if (variables.empty()) return "";
  std::string out = ".SH ENVIRONMENT\n";
  for (const auto& [name, names] : variables) {
    out += fmt::format(".TP\n.B {}\n{}\n", roff(name),
                       roff("The default value of " + join(names, ", ") + "."));
  }
  return out;
}

std::string examples(const CliSpec& spec) {
  std::string out = ".SH EXAMPLES\n";
  for (const auto& sub : spec.subcommands) {
    if (sub.examples.empty()) continue;
    out += ".SS \"mlctl " + roff(sub.name) + "\"\n.nf\n";
    for (const auto& example : sub.examples) out += roff(example) + "\n";
    out += ".fi\n";
  }
  return out;
}

// FILES and SEE ALSO.
std::string tail() {
  return ".SH FILES\n"
         ".TP\n.I *.mlm\n" +
         roff("Model files, written by train and retrain, read by predict, retrain and describe.") +
         "\n.TP\n.I *.csv, *.tsv\n" +
         roff(
             "Input data: a header row and one record per line; tab-separated for .tsv and "
             ".tab.") +
         "\n.TP\n.I RECIPE.toml\n" +
         roff("A subcommand's flags as TOML keys, read with --config; command-line flags win.") +
         "\n.SH SEE ALSO\n" +
         roff(
             "The user guide docs/guide.md, the model file format and the exit codes in docs/, "
             "and README.md in the mlctl sources.") +
         "\n";
}

}  // namespace

std::string man_page(const CliSpec& spec) {
  return head(spec) + flags(spec) + exit_status() + environment(spec) + examples(spec) + tail();
}

}  // namespace mlctl::cli
