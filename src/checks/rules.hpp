#pragma once
// The registry of lint-data rules: stable ids with a one-line description each. SARIF's
// tool.driver.rules and docs/lint-data.md list exactly these.

#include <span>
#include <string_view>

namespace mlctl::checks {

struct Rule {
  std::string_view id;
  std::string_view description;
};

std::span<const Rule> rules();
// The registry index of `id`, or rules().size() for an unknown id.
std::size_t rule_index(std::string_view id);

}  // namespace mlctl::checks
