#include "cli_model.hpp"

#include <stdexcept>

namespace mlctl::cli {
namespace {

FlagSpec flag_spec(const Command& command, const CLI::Option& option) {
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
  if (option.get_expected_max() == 0) return flag;  // a switch
  const Value* value = command.value_of(option);
  if (value == nullptr) {
    throw std::logic_error(command.get_name() + " " + option.get_name() +
                           ": an option that takes a value is defined with add_value");
  }
  if (value->name.empty() || (value->kind == ValueKind::choices) == value->choices.empty()) {
    throw std::logic_error(command.get_name() + " " + option.get_name() +
                           ": a value needs a name, and choices exactly when it is one_of");
  }
  flag.value_name = value->name;
  flag.kind = value->kind;
  flag.choices = value->choices;
  return flag;
}

CommandSpec command_spec(const Command& command) {
  CommandSpec spec;
  spec.name = command.get_name();
  spec.description = command.get_description();
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_group().empty()) continue;  // hidden
    FlagSpec flag = flag_spec(command, *option);
    (flag.positional.empty() ? spec.flags : spec.positionals).push_back(std::move(flag));
  }
  spec.examples = command.examples();
  return spec;
}

}  // namespace

CliSpec describe_cli(const Command& root) {
  CliSpec spec;
  spec.top = command_spec(root);
  for (const CLI::App* sub :
       root.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    const auto* command = dynamic_cast<const Command*>(sub);
    if (command == nullptr) {
      throw std::logic_error(sub->get_name() + ": a subcommand is made with add_command");
    }
    spec.subcommands.push_back(command_spec(*command));
  }
  return spec;
}

}  // namespace mlctl::cli
