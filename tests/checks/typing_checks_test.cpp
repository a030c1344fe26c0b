// lint-data follows the typing rule (docs/csv-input.md, "Column types"): a column with text
// counts every value by its text, the numbers read before its first text included, as pandas'
// nunique() does; a numeric column counts numbers by value.

#include <string>

#include <doctest/doctest.h>

#include "checks/lint_test_support.hpp"

using namespace mlctl::checks;
using namespace mlctl::checks::testing;

TEST_CASE(
    "typing checks: \"1\" and \"1.0\" are two values of a text column, one of a numeric one") {
  std::string csv = "ref,num,y\n";
  for (int i = 0; i < 20; ++i) {
    csv += std::to_string(i) + "," + std::to_string(i) + "," + std::to_string(i % 2) + "\n";
  }
  for (int i = 0; i < 20; ++i) {
    csv += std::to_string(i) + ".0," + std::to_string(i) + ".0," + std::to_string(i % 2) + "\n";
  }
  csv += "x,1,1\n";
  LintOptions options;
  options.target = "y";
  const auto report = lint_csv(csv, options);
  // 41 distinct texts in 41 values: an identifier (by value it would be 21).
  const Finding* ref = find(report, "identifier-column", "ref");
  REQUIRE(ref != nullptr);
  CHECK(ref->message == "all 41 values are distinct: an identifier, not a feature");
  // 20 distinct numbers in 41 values: not one.
  CHECK(find(report, "identifier-column", "num") == nullptr);
}

TEST_CASE("typing checks: numbers after the first text count by their text too") {
  std::string csv = "ref\nx\n";
  for (int i = 0; i < 20; ++i) csv += std::to_string(i) + "\n" + std::to_string(i) + ".0\n";
  const auto report = lint_csv(csv);
  const Finding* ref = find(report, "identifier-column", "ref");
  REQUIRE(ref != nullptr);
  CHECK(ref->message == "all 41 values are distinct: an identifier, not a feature");
}
