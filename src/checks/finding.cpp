#include "checks/finding.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::checks {

std::string percent(double share) {
  return fmt::format("{:.1f}%", share * 100.0);
}

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "error";
}

Severity parse_severity(std::string_view text) {
  if (text == "error") return Severity::error;
  if (text == "warning") return Severity::warning;
  if (text == "info") return Severity::info;
  throw Error(ErrorKind::usage,
              fmt::format("severity must be error, warning or info, got \"{}\"", text));
}

}  // namespace mlctl::checks
