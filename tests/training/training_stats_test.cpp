#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/numbers.hpp"
#include "table/table.hpp"
#include "training/training_stats.hpp"

using mlctl::table::Column;
using mlctl::table::ColumnType;
using mlctl::table::Table;
using mlctl::training::training_stats;

using mlctl::testing::kNaN;

namespace {

// x: 1..n with every 5th missing; c: labels a/b by parity, every 7th missing; e: all missing.
Table small_table(std::size_t n) {
  Table t;
  Column x;
  x.name = "x";
  Column c;
  c.name = "c";
  c.type = ColumnType::categorical;
  c.labels = {"a", "b"};
  Column e;
  e.name = "e";
  for (std::size_t i = 0; i < n; ++i) {
    x.numbers.push_back(i % 5 == 4 ? kNaN : static_cast<double>(i + 1));
    c.codes.push_back(i % 7 == 6 ? -1 : static_cast<std::int32_t>(i % 2));
    e.numbers.push_back(kNaN);
    t.lines.push_back(i + 2);
  }
  t.columns = {std::move(x), std::move(c), std::move(e)};
  return t;
}

}  // namespace

TEST_CASE("training stats: one entry per column, in order, in the model's terms") {
  const auto stats = training_stats(small_table(70));
  CHECK(stats.rows == 70);
  REQUIRE(stats.columns.size() == 3);

  const auto& x = stats.columns[0];
  CHECK(x.name == "x");
  CHECK(x.type == ColumnType::numeric);
  CHECK(x.count == 56);
  CHECK(x.missing == 14);
  CHECK(x.distinct == 56);
  REQUIRE(x.numeric);
  CHECK_FALSE(x.categorical);
  CHECK(x.numeric->min == 1);
  CHECK(x.numeric->max == 69);
  CHECK_FALSE(x.numeric->sampled);
  std::vector<std::string> names;
  for (const auto& [name, value] : x.numeric->quantiles) names.push_back(name);
  CHECK(names == std::vector<std::string>{"q05", "q25", "q50", "q75", "q95"});
  CHECK(x.numeric->bin_edges.size() == 9);
  CHECK(x.numeric->bin_shares.size() == 10);

  const auto& c = stats.columns[1];
  CHECK(c.type == ColumnType::categorical);
  CHECK(c.count == 60);
  CHECK(c.missing == 10);
  CHECK(c.distinct == 2);
  REQUIRE(c.categorical);
  CHECK(c.categorical->shares.at("a") == 30.0 / 60);
  CHECK(c.categorical->shares.at("b") == 30.0 / 60);
  CHECK(c.categorical->other_share == 0.0);

  const auto& e = stats.columns[2];
  CHECK(e.count == 0);
  CHECK(e.missing == 70);
  CHECK(e.distinct == 0);
  CHECK_FALSE(e.numeric);
}

TEST_CASE("training stats: the same on any number of threads") {
  const Table t = small_table(1003);
  CHECK(training_stats(t, 1) == training_stats(t, 4));
}
