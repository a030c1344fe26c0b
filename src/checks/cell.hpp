#pragma once
// One CSV field as every check sees it: parsed once per row, shared by all of them.

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace mlctl::checks {

struct Cell {
  std::string_view text;
  bool missing = false;
  std::optional<double> number;  // set when the field parses as a finite number
  std::uint64_t key = 0;         // hash of the value (numbers by value: "1" == "1.0"); 0 missing
};

// Text kept for a message: at most 40 bytes, cut on a UTF-8 boundary.
std::string_view excerpt(std::string_view text);

}  // namespace mlctl::checks
