#include "cli_command.hpp"

#include <memory>

namespace mlctl::cli {

Value text(std::string name) {
  return {std::move(name), ValueKind::text, {}};
}

Value one_of(std::vector<std::string> choices) {
  return {"TEXT", ValueKind::choices, std::move(choices)};
}

Value model_file(std::string name) {
  return {std::move(name), ValueKind::model_file, {}};
}

Value data_file(std::string name) {
  return {std::move(name), ValueKind::data_file, {}};
}

Value data_or_model(std::string name) {
  return {std::move(name), ValueKind::data_or_model, {}};
}

Value any_file(std::string name) {
  return {std::move(name), ValueKind::any_file, {}};
}

Command::Command(std::string description, std::string name)
    : CLI::App(std::move(description), std::move(name)) {}

Command::Command(std::string description, std::string name, CLI::App* parent)
    : CLI::App(std::move(description), std::move(name), parent) {}

CLI::Option* Command::set_value(CLI::Option* option, Value value) {
  option->type_name(value.name);
  if (value.kind == ValueKind::choices) option->check(CLI::IsMember(value.choices));
  values_[option] = std::move(value);
  return option;
}

const Value* Command::value_of(const CLI::Option& option) const {
  const auto found = values_.find(&option);
  return found == values_.end() ? nullptr : &found->second;
}

Command* add_command(CLI::App& parent, std::string name, std::string description) {
  // What CLI::App::add_subcommand(name, description) does, with a Command in place of an App.
  auto command = std::make_shared<Command>(std::move(description), std::move(name), &parent);
  Command* raw = command.get();
  parent.add_subcommand(std::move(command));
  return raw;
}

}  // namespace mlctl::cli
