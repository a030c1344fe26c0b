#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "stats/frequency.hpp"

using mlctl::stats::count_distinct;
using mlctl::stats::LabelCount;
using mlctl::stats::most_frequent;

namespace {

std::vector<std::string> shown(std::span<const LabelCount> entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(std::string(e.label) + "=" + std::to_string(e.count));
  return out;
}

}  // namespace

TEST_CASE("count_distinct: runs of equal sorted values count once - -0.0 equals 0.0") {
  CHECK(count_distinct(std::vector<double>{}) == 0);
  CHECK(count_distinct(std::vector<double>{7}) == 1);
  CHECK(count_distinct(std::vector<double>{1, 1, 2, 3, 3, 3}) == 3);
  CHECK(count_distinct(std::vector<double>{-1, -0.0, 0.0, 1}) == 3);
}

TEST_CASE("most_frequent: larger counts first, equal counts by label bytewise") {
  std::vector<LabelCount> entries{{"b", 2}, {"a", 2}, {"C", 5}, {"c", 1}, {"B", 2}};
  CHECK(shown(most_frequent(entries, 3)) == std::vector<std::string>{"C=5", "B=2", "a=2"});
}

TEST_CASE("most_frequent: k beyond the entries gives them all, in order - k = 0 none") {
  std::vector<LabelCount> entries{{"x", 1}, {"y", 3}};
  CHECK(shown(most_frequent(entries, 10)) == std::vector<std::string>{"y=3", "x=1"});
  CHECK(most_frequent(entries, 0).empty());
  std::vector<LabelCount> none;
  CHECK(most_frequent(none, 5).empty());
}
