#pragma once
// Helpers for the lint-data checks' unit tests: lint a CSV given as text, find a finding.

#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "checks/lint.hpp"
#include "csv/csv_test_support.hpp"

namespace mlctl::checks::testing {

inline LintReport lint_csv(std::string_view text, const LintOptions& options = {},
                           const model::Model* model = nullptr) {
  csv::testing::TempFile file(text);
  csv::Reader reader(file.path());
  return lint(reader, model, options);
}

// The finding of `rule` on `column`, or nullptr.
inline const Finding* find(const LintReport& report, std::string_view rule,
                           std::string_view column = "") {
  for (const auto& f : report.findings) {
    if (f.rule == rule && f.column == column) return &f;
  }
  return nullptr;
}

inline std::size_t count_rule(const LintReport& report, std::string_view rule) {
  std::size_t n = 0;
  for (const auto& f : report.findings) n += f.rule == rule ? 1 : 0;
  return n;
}

}  // namespace mlctl::checks::testing
