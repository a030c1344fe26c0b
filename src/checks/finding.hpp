#pragma once
// One result of a data check: what rule fired, how bad it is, where, and the number behind it.
// The rule ids are stable (CI configurations and SARIF dashboards key on them); rules.hpp lists
// them with their descriptions.

#include <cstdint>
#include <string>
#include <string_view>

namespace mlctl::checks {

enum class Severity { info, warning, error };

const char* to_string(Severity severity);
// "error" or "warning" (the --fail-on levels) and "info"; throws Error(usage) otherwise.
Severity parse_severity(std::string_view text);
// A share (0.25) as messages print it: "25.0%".
std::string percent(double share);

struct Finding {
  std::string rule;  // stable id, e.g. "missing-column", "psi-drift", "duplicate-rows"
  Severity severity = Severity::info;
  std::string column;      // empty for file-level findings
  double figure = 0;       // the measured number (share, PSI, count...)
  std::string message;     // one line
  std::uint64_t line = 0;  // a file line where one applies (first offending row), else 0
};

}  // namespace mlctl::checks
