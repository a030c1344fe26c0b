#include "checks/non_numbers.hpp"

#include <fmt/format.h>

namespace mlctl::checks {

std::string na_flags(const std::vector<std::string>& values) {
  std::string flags;
  for (const auto& value : values) {
    if (!flags.empty()) flags += ' ';
    flags += "--na '";
    for (const char c : value) {
      if (c == '\'') {
        flags += "'\\''";
      } else {
        flags += c;
      }
    }
    flags += '\'';
  }
  return flags;
}

std::string na_advice(const std::vector<std::string>& shown, std::size_t distinct) {
  return fmt::format("if {} missing value{}, add {}{}", distinct == 1 ? "it marks a" : "they mark",
                     distinct == 1 ? "" : "s", na_flags(shown),
                     distinct > shown.size() ? " ..." : "");
}

}  // namespace mlctl::checks
