#include "cli_model.hpp"

#include <algorithm>

namespace mlctl::cli {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "RECIPE.toml": a name, a dot and a lower-case extension (not "A,B,...").
bool has_extension(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(dot) + 1, name.end(),
                     [](char c) { return c >= 'a' && c <= 'z'; });
}

FlagSpec flag_spec(const CLI::Option& option) {
  FlagSpec flag;
  flag.short_names = option.get_snames();
  flag.long_names = option.get_lnames();
  if (option.get_positional() && !option.nonpositional()) flag.positional = option.get_name(true);
  flag.description = option.get_description();
  flag.default_value = option.get_default_str();
  flag.env = option.get_envname();
  flag.required = option.get_required();
  flag.repeatable = option.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll ||
                    option.get_items_expected_max() > 1;
  if (option.get_expected_max() != 0) {  // flags expect no value
    split_type_name(option.get_type_name(), flag.value_name, flag.choices);
    flag.kind = value_kind(flag.value_name, !flag.choices.empty());
  }
  return flag;
}

CommandSpec command_spec(const CLI::App& app, const std::string& name) {
  CommandSpec command;
  command.name = name;
  command.description = app.get_description();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;  // hidden
    FlagSpec flag = flag_spec(*option);
    (flag.positional.empty() ? command.flags : command.positionals).push_back(std::move(flag));
  }
  command.examples = examples_in(app.get_footer());
  return command;
}

}  // namespace

std::string FlagSpec::display_names() const {
  if (!positional.empty()) return positional;
  std::string names;
  for (const auto& name : short_names) names += (names.empty() ? "-" : ", -") + name;
  for (const auto& name : long_names) names += (names.empty() ? "--" : ", --") + name;
  return names;
}

void split_type_name(std::string_view type_name, std::string& value_name,
                     std::vector<std::string>& choices) {
  // Validators append ":" and their description to the value name; an IsMember set reads
  // "{a,b,c}". Other validators (ranges) only narrow a value the shell cannot offer anyway.
  const auto colon = type_name.find(':');
  value_name = std::string(type_name.substr(0, colon));
  choices.clear();
  if (colon == std::string_view::npos) return;
  std::string_view rest = type_name.substr(colon + 1);
  while (!rest.empty()) {
    const auto next = rest.find(':');
    const std::string_view part = rest.substr(0, next);
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      std::string_view items = part.substr(1, part.size() - 2);
      while (!items.empty()) {
        const auto comma = items.find(',');
        if (comma != 0) choices.emplace_back(items.substr(0, comma));
        if (comma == std::string_view::npos) break;
        items.remove_prefix(comma + 1);
      }
    }
    if (next == std::string_view::npos) break;
    rest.remove_prefix(next + 1);
  }
}

ValueKind value_kind(std::string_view value_name, bool has_choices) {
  if (has_choices) return ValueKind::choices;
  bool model = false;
  bool data = false;
  bool file = false;
  while (true) {
    const auto bar = value_name.find('|');
    const std::string_view alternative = value_name.substr(0, bar);
    if (ends_with(alternative, ".mlm")) {
      model = true;
    } else if (ends_with(alternative, ".csv") || ends_with(alternative, ".tsv")) {
      data = true;
    } else if (alternative == "FILE" || alternative == "OUT" || alternative == "PATH" ||
               has_extension(alternative)) {
      file = true;  // RECIPE.toml, REPORT.html, AUDIT.jsonl: any file
    }
    if (bar == std::string_view::npos) break;
    value_name.remove_prefix(bar + 1);
  }
  if (file) return ValueKind::any_file;
  if (model && data) return ValueKind::data_or_model;
  if (model) return ValueKind::model_file;
  if (data) return ValueKind::data_file;
  return ValueKind::text;
}

std::vector<std::string> examples_in(std::string_view footer) {
  std::vector<std::string> lines;
  const auto start = footer.find("Examples:\n");
  if (start == std::string_view::npos) return lines;
  std::string_view rest = footer.substr(start + 10);
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    const auto first = line.find_first_not_of(' ');
    if (first == std::string_view::npos) break;  // a blank line ends the block
    lines.emplace_back(line.substr(first));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return lines;
}

CliSpec describe_cli(const CLI::App& app) {
  CliSpec spec;
  spec.top = command_spec(app, app.get_name());
  spec.footer = app.get_footer();
  for (const CLI::App* sub :
       app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    spec.subcommands.push_back(command_spec(*sub, sub->get_name()));
  }
  return spec;
}

}  // namespace mlctl::cli
