// lint-data's progress callback: called as the rows stream by, with the reader's counts.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "checks/lint_test_support.hpp"

using namespace mlctl;
using namespace mlctl::checks;

TEST_CASE("lint reports progress every 16384 rows, with the reader's counts") {
  std::string csv = "x,y\n";
  for (int i = 0; i < 40000; ++i) csv += std::to_string(i) + "," + std::to_string(i % 2) + "\n";
  const csv::testing::TempFile file(csv);
  csv::Reader reader(file.path());
  std::vector<csv::ReadProgress> calls;
  LintOptions options;
  options.target = "y";
  const auto report =
      lint(reader, nullptr, options, [&](const csv::ReadProgress& read) { calls.push_back(read); });
  CHECK(report.rows == 40000);
  csv::testing::check_progress_of_40000_rows(calls, csv.size());
}

TEST_CASE("lint without a progress callback reads the same") {
  const auto report = testing::lint_csv("x\n1\n2\n");
  CHECK(report.rows == 2);
}
