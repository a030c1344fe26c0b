// Target leakage: copies and recodings of the target are flagged, shuffled copies and honest
// features are not. Scores are exact where the construction makes them so.

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include <doctest/doctest.h>

#include "checks/leakage.hpp"
#include "checks/lint_test_support.hpp"

using namespace mlctl::checks;
using namespace mlctl::checks::testing;

namespace {

// 200 rows: y in {yes, no} (60/40), copy = y, code = a one-to-one recoding (1/0), shuffled =
// y permuted with a fixed seed, noise = a weak numeric feature, score = perfectly separating.
std::string classification_csv() {
  std::vector<std::string> y;
  for (int i = 0; i < 200; ++i) y.push_back(i % 5 < 3 ? "yes" : "no");
  std::vector<std::string> shuffled = y;
  std::mt19937 rng(7);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  std::string csv = "y,copy,code,shuffled,noise,score\n";
  for (int i = 0; i < 200; ++i) {
    const bool yes = y[static_cast<std::size_t>(i)] == "yes";
    csv += y[static_cast<std::size_t>(i)] + "," + y[static_cast<std::size_t>(i)] + "," +
           (yes ? "1" : "0") + "," + shuffled[static_cast<std::size_t>(i)] + "," +
           std::to_string((i * 37) % 101) + "." + std::to_string(i % 10) + "," +
           std::to_string(yes ? 1000 + i : i) + ".25\n";
  }
  return csv;
}

}  // namespace

TEST_CASE("target-leakage, classification: a copy and a recoding leak, a shuffled copy does not") {
  LintOptions options;
  options.target = "y";
  const auto report = lint_csv(classification_csv(), options);
  const Finding* copy = find(report, "target-leakage", "copy");
  REQUIRE(copy != nullptr);
  CHECK(copy->figure == 1.0);
  CHECK(copy->severity == Severity::error);
  CHECK(copy->message ==
        "determines the target, a likely leak: its value alone gives the class "
        "of \"y\" in 100.0% of sampled rows (the majority class alone: 60.0%)");
  const Finding* code = find(report, "target-leakage", "code");
  REQUIRE(code != nullptr);
  CHECK(code->figure == 1.0);
  const Finding* score = find(report, "target-leakage", "score");
  REQUIRE(score != nullptr);
  // Sorted by score, the 80 "no" rows come first, then the 120 "yes": one change in 199 pairs;
  // chance agreement 0.6^2 + 0.4^2 = 0.52.
  CHECK(score->figure == doctest::Approx((198.0 / 199.0 - 0.52) / 0.48));
  // Strong but not exact (below 0.999): it may be an honest feature, so a warning.
  CHECK(score->severity == Severity::warning);
  CHECK(score->message.rfind("predicts the target almost perfectly: is it known when predicting? ",
                             0) == 0);
  CHECK(code->severity == Severity::error);
  CHECK(find(report, "target-leakage", "shuffled") == nullptr);
  CHECK(find(report, "target-leakage", "noise") == nullptr);
  CHECK(count_rule(report, "target-leakage") == 3);
}

TEST_CASE("target-leakage, regression: correlation near 1 and a discrete recoding") {
  std::string csv = "y,double_y,level,noise\n";
  for (int i = 0; i < 100; ++i) {
    const int y = (i % 10) * 3;
    csv += std::to_string(y) + "," + std::to_string(2 * y + 1) + ".5,L" + std::to_string(i % 10) +
           "," + std::to_string((i * 53) % 97) + "\n";
  }
  LintOptions options;
  options.target = "y";
  const auto report = lint_csv(csv, options);
  // y has 10 distinct integers: read as classes (at most 20), so the recodings are judged by
  // purity; both determine the value.
  CHECK(find(report, "target-leakage", "double_y") != nullptr);
  CHECK(find(report, "target-leakage", "level") != nullptr);
  CHECK(find(report, "target-leakage", "noise") == nullptr);

  std::string continuous = "y,scaled,group,noise\n";
  for (int i = 0; i < 100; ++i) {
    const double y = i * 1.5 + 0.25;
    continuous += fmt::format("{},{},{},{}\n", y, 3.0 * y - 7.0, i % 4, (i * 53) % 97);
  }
  const auto regression = lint_csv(continuous, options);
  const Finding* scaled = find(regression, "target-leakage", "scaled");
  REQUIRE(scaled != nullptr);
  CHECK(scaled->figure == doctest::Approx(1.0));
  CHECK(scaled->message ==
        "determines the target, a likely leak: it correlates with \"y\" at "
        "|r| = 1.0000");
  CHECK(find(regression, "target-leakage", "group") == nullptr);
  CHECK(find(regression, "target-leakage", "noise") == nullptr);
}

TEST_CASE("target-leakage: identifiers are not recodings, too few rows say nothing") {
  std::string csv = "y,id\n";
  for (int i = 0; i < 100; ++i)
    csv += std::string(i % 2 ? "a" : "b") + ",row" + std::to_string(i) + "\n";
  LintOptions options;
  options.target = "y";
  CHECK(find(lint_csv(csv, options), "target-leakage", "id") == nullptr);
  CHECK(count_rule(lint_csv("y,c\na,a\nb,b\na,a\nb,b\n", options), "target-leakage") == 0);
}

TEST_CASE("LeakageSample: a fixed-size reservoir, the same rows on every run") {
  std::vector<Cell> row(1);
  LeakageSample first(1, 10);
  LeakageSample second(1, 10);
  for (int i = 0; i < 1000; ++i) {
    row[0].number = i;
    row[0].key = static_cast<std::uint64_t>(i + 1);
    first.add(row);
    second.add(row);
  }
  REQUIRE(first.rows() == 10);
  bool later_rows = false;
  for (std::size_t r = 0; r < 10; ++r) {
    CHECK(first.at(r, 0).key == second.at(r, 0).key);
    later_rows = later_rows || first.at(r, 0).number >= 10;
  }
  CHECK(later_rows);
  CHECK(leakage_capacity(10000, 74) == 10000);
  CHECK(leakage_capacity(10000, 4096) == 1024);
}
