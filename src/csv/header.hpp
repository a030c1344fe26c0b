#pragma once
// The header row's rules: every column has a non-empty, UTF-8, unique name. Internal to src/csv/.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mlctl::csv {

// Returns the names as strings, or throws Error(data) at {file, line, column number} for the
// first column that breaks a rule.
std::vector<std::string> validated_header(std::span<const std::string_view> names,
                                          const std::string& file, std::uint64_t line);

}  // namespace mlctl::csv
