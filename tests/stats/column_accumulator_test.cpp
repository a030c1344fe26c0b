#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "stats/column_accumulator.hpp"
#include "stats/dataset_accumulator.hpp"

using mlctl::stats::ColumnAccumulator;
using mlctl::stats::ColumnStats;
using mlctl::stats::ColumnType;
using mlctl::stats::DatasetAccumulator;
using mlctl::stats::SummaryOptions;
using mlctl::stats::TextForm;

namespace {
constexpr std::uint8_t kS = TextForm::kShortest;
constexpr std::uint8_t kP = TextForm::kShortestWithPoint;
}  // namespace

namespace {

// Feeds numbers as a numeric CSV column would arrive: text plus its parsed value.
void add_numbers(ColumnAccumulator& column, const std::vector<double>& values) {
  std::uint64_t line = 2;
  for (const double x : values) column.add(std::to_string(x), x, line++);
}

std::vector<std::string> top_values(const ColumnStats& stats) {
  std::vector<std::string> out;
  for (const auto& entry : stats.categorical->top) {
    out.push_back(entry.value + "=" + std::to_string(entry.count));
  }
  return out;
}

}  // namespace

TEST_CASE("numeric column: count, missing, distinct, mean, sample std, quartiles") {
  ColumnAccumulator column;
  add_numbers(column, {3, 1, 4, 1, 5, 9, 2, 6});
  column.add_missing();
  column.add_missing();
  const ColumnStats s = std::move(column).summarize("x", {});
  CHECK(s.name == "x");
  CHECK(s.type == ColumnType::numeric);
  CHECK(s.count == 8);
  CHECK(s.missing == 2);
  CHECK(s.missing_percent() == 20.0);
  CHECK(s.distinct == 7);
  REQUIRE(s.numeric);
  REQUIRE_FALSE(s.categorical);
  // numpy: mean 3.875, std(ddof=1) 2.748376143938713, quantile 1.75 / 3.5 / 5.25.
  CHECK(s.numeric->mean == 3.875);
  CHECK(s.numeric->std == doctest::Approx(2.748376143938713).epsilon(1e-15));
  CHECK(s.numeric->min == 1.0);
  CHECK(s.numeric->q25 == 1.75);
  CHECK(s.numeric->median == 3.5);
  CHECK(s.numeric->q75 == 5.25);
  CHECK(s.numeric->max == 9.0);
  CHECK(s.numeric->histogram.counts.size() == 20);
  CHECK(s.numeric->histogram.edges.size() == 21);
}

TEST_CASE("standard deviation divides by n - 1 and is NaN for a single value") {
  ColumnAccumulator two;
  add_numbers(two, {1, 3});
  CHECK(std::move(two).summarize("a", {}).numeric->std == std::sqrt(2.0));  // ddof=0 would give 1
  ColumnAccumulator one;
  add_numbers(one, {7});
  const ColumnStats s = std::move(one).summarize("b", {});
  CHECK(s.numeric->mean == 7.0);
  CHECK(std::isnan(s.numeric->std));
}

TEST_CASE("min is the first of equal minima, max the last of equal maxima, as a stable sort") {
  // Zeros of two signs are equal; which one is shown depends on its place, at odd and at even
  // places alike.
  const auto bounds = [](std::vector<double> values) {
    ColumnAccumulator column;
    add_numbers(column, values);
    const ColumnStats s = std::move(column).summarize("z", {});
    return std::pair(std::signbit(s.numeric->min), std::signbit(s.numeric->max));
  };
  CHECK(bounds({3, 0.0, -0.0, 5}).first == false);
  CHECK(bounds({3, -0.0, 0.0, 5}).first == true);
  CHECK(bounds({-0.0, 3, 0.0, 5, 4}).first == true);
  CHECK(bounds({0.0, -0.0, -1, -2}).second == true);
  CHECK(bounds({-1, -0.0, 0.0, -2}).second == false);
  CHECK(bounds({-1, -2, -3, 0.0, -4, -0.0, -5}).second == true);
  CHECK(bounds({-0.0}) == std::pair(true, true));
  CHECK(bounds({0.0, -0.0, 0.0, -0.0, -0.0}) == std::pair(false, true));
}

TEST_CASE("mean and std stay accurate on values with a large common offset") {
  ColumnAccumulator column;
  add_numbers(column, {1e8 + 0.1, 1e8 + 0.2, 1e8 + 0.3});
  const ColumnStats s = std::move(column).summarize("x", {});
  // numpy: mean 100000000.2, std(ddof=1) 0.1000000014901164 (the inputs are not exact).
  CHECK(s.numeric->mean == 100000000.2);
  CHECK(s.numeric->std == doctest::Approx(0.1000000014901164).epsilon(1e-12));
}

namespace {

// The values of the test below, the last of them passed as a number once categorical.
void add_mixed(ColumnAccumulator& column) {
  column.add("1.5", 1.5, 2);
  column.add("2", 2.0, 3);
  column.add_missing();
  column.add("1.50", 1.5, 5);
  column.add("inf", std::nullopt, 17);
  CHECK_FALSE(column.numeric());
  column.add("7", std::nullopt, 18);  // numbers after the switch count as text
  column.add("inf", std::nullopt, 19);
  column.add("x", 99.0, 20);  // a number passed once categorical is ignored
}

void check_mixed(const ColumnStats& s) {
  CHECK(s.type == ColumnType::categorical);
  REQUIRE(s.categorical);
  REQUIRE_FALSE(s.numeric);
  CHECK(s.categorical->because.value == "inf");
  CHECK(s.categorical->because.line == 17);
  CHECK(s.count == 7);
  CHECK(s.missing == 1);
  // Every value as written: "1.5" and "1.50" are two categories, as pandas counts them.
  CHECK(s.distinct == 6);
  CHECK(top_values(s) == std::vector<std::string>{"inf=2", "1.5=1", "1.50=1", "2=1", "7=1"});
}

}  // namespace

TEST_CASE("a column turns categorical at its first non-number, the text kept counts as written") {
  ColumnAccumulator column;
  column.keep_text(std::make_shared<mlctl::Spool>());
  add_mixed(column);
  CHECK(column.pending_end() == 0);
  check_mixed(std::move(column).summarize("c", {}));
}

TEST_CASE("a column turns categorical, the values read as numbers are given again as written") {
  ColumnAccumulator column;
  add_mixed(column);
  // Rows 0 to 3 came before "inf": three numbers and a missing value.
  CHECK(column.pending_end() == 4);
  CHECK_THROWS_AS(ColumnAccumulator(column).summarize("c", {}), mlctl::Error);
  for (const char* text : {"1.5", "2", "1.50"}) column.add_pending(text);
  check_mixed(std::move(column).summarize("c", {}));
}

TEST_CASE("top values: most frequent first, equal counts ordered by value, at most k") {
  ColumnAccumulator column;
  std::uint64_t line = 2;
  for (const char* v : {"b", "a", "c", "b", "d", "e", "f", "a", "g", "c", "b"}) {
    column.add(v, std::nullopt, line++);
  }
  SummaryOptions options;
  options.top_values = 4;
  const ColumnStats s = std::move(column).summarize("letters", options);
  CHECK(s.distinct == 7);
  CHECK(s.count == 11);
  CHECK(s.categorical->because.value == "b");
  CHECK(s.categorical->because.line == 2);
  CHECK(top_values(s) == std::vector<std::string>{"b=3", "a=2", "c=2", "d=1"});
}

TEST_CASE("a column with only missing values is empty") {
  ColumnAccumulator column;
  column.add_missing();
  column.add_missing();
  const ColumnStats s = std::move(column).summarize("nothing", {});
  CHECK(s.type == ColumnType::empty);
  CHECK(s.count == 0);
  CHECK(s.missing == 2);
  CHECK(s.missing_percent() == 100.0);
  CHECK(s.distinct == 0);
  CHECK_FALSE(s.numeric);
  CHECK_FALSE(s.categorical);
  CHECK(ColumnAccumulator{}.summarize("none", {}).missing_percent() == 0.0);
}

TEST_CASE("dataset accumulator counts rows, rows with missing values and column types") {
  DatasetAccumulator data({"n", "s", "e"});
  const auto add_row = [&](std::optional<double> n, const char* s) {
    if (n) {
      data.column(0).add("n", *n, 2);
    } else {
      data.column(0).add_missing();
    }
    data.column(1).add(s, std::nullopt, 2);
    data.column(2).add_missing();
    data.end_row(true);  // column e is always missing
  };
  add_row(1.0, "a");
  add_row(std::nullopt, "b");
  add_row(3.0, "a");
  const auto stats = std::move(data).summarize("t.csv");
  CHECK(stats.source == "t.csv");
  CHECK(stats.rows == 3);
  CHECK(stats.rows_with_missing == 3);
  REQUIRE(stats.columns.size() == 3);
  CHECK(stats.columns[0].name == "n");
  CHECK(stats.columns[0].numeric->mean == 2.0);
  CHECK(stats.columns[1].categorical->top.front().value == "a");
  CHECK(stats.columns_of_type(ColumnType::numeric) == 1);
  CHECK(stats.columns_of_type(ColumnType::categorical) == 1);
  CHECK(stats.columns_of_type(ColumnType::empty) == 1);

  DatasetAccumulator partly({"x"});
  partly.column(0).add("1", 1.0, 2);
  partly.end_row(false);
  partly.column(0).add_missing();
  partly.end_row(true);
  CHECK(std::move(partly).summarize("p.csv").rows_with_missing == 1);
}

TEST_CASE("dataset accumulator: the last row any column has values pending before") {
  DatasetAccumulator data({"a", "b", "c"});
  CHECK(data.pending_end() == 0);
  // a: numbers on rows 0-2, text on row 3 (pending before 3); b: text on row 5 after numbers
  // and a missing value (pending before 5); c: numbers only.
  for (std::uint64_t row = 0; row < 6; ++row) {
    data.column(0).add(row == 3 ? "x" : "1", row == 3 ? std::nullopt : std::optional(1.0), row);
    if (row == 1) {
      data.column(1).add_missing();
    } else {
      data.column(1).add(row == 5 ? "y" : "2", row == 5 ? std::nullopt : std::optional(2.0), row);
    }
    data.column(2).add("3", 3.0, row);
    data.end_row(row == 1);
  }
  CHECK(data.column(0).pending_end() == 3);
  CHECK(data.column(1).pending_end() == 5);
  CHECK(data.pending_end() == 5);
}

TEST_CASE("reserve: the room after the numbers read so far, none once categorical") {
  ColumnAccumulator column;
  add_numbers(column, {1, 2, 3});
  const std::span<std::byte> room = column.reserve(100);
  REQUIRE(column.numbers().capacity() >= 100);
  CHECK(static_cast<void*>(room.data()) == static_cast<void*>(column.numbers().data() + 3));
  CHECK(room.size() == (column.numbers().capacity() - 3) * sizeof(double));
  add_numbers(column, {4});  // written where the room was: no new memory
  CHECK(static_cast<void*>(room.data()) == static_cast<void*>(column.numbers().data() + 3));
  CHECK(column.numbers() == std::vector<double>{1, 2, 3, 4});

  ColumnAccumulator text;
  text.add("a", std::nullopt, 2);
  CHECK(text.reserve(100).empty());
}

TEST_CASE("a column turns categorical: numbers written in one form are counted as written") {
  // Two decimals each ("1.50", "-0.25"): their texts come from the numbers, nothing pending.
  ColumnAccumulator fixed;
  fixed.add("1.50", 1.5, 2, TextForm{2, 0});
  fixed.add_missing();
  fixed.add("-0.25", -0.25, 4, TextForm{2, kS | kP});
  fixed.add("1.50", 1.5, 5, TextForm{2, 0});
  fixed.add("n/a", std::nullopt, 6);
  CHECK(fixed.pending_end() == 0);
  const ColumnStats s = std::move(fixed).summarize("c", {});
  CHECK(s.count == 4);
  CHECK(s.missing == 1);
  CHECK(top_values(s) == std::vector<std::string>{"1.50=2", "-0.25=1", "n/a=1"});

  // Each the shortest text of its number, the decimals varying: the same.
  ColumnAccumulator shortest;
  shortest.add("2.5", 2.5, 2, TextForm{1, kS | kP});
  shortest.add("100", 100.0, 3, TextForm{0, kS});
  shortest.add("x", std::nullopt, 4);
  CHECK(shortest.pending_end() == 0);
  CHECK(top_values(std::move(shortest).summarize("c", {})) ==
        std::vector<std::string>{"100=1", "2.5=1", "x=1"});

  // As Python and pandas write floats: the shortest text, integral ones with ".0".
  ColumnAccumulator python;
  python.add("2.5", 2.5, 2, TextForm{1, kS | kP});
  python.add("3.0", 3.0, 3, TextForm{1, kP});
  python.add("0.125", 0.125, 4, TextForm{3, kS | kP});
  python.add("-0.0", -0.0, 5, TextForm{1, kP});
  python.add("x", std::nullopt, 6);
  CHECK(python.pending_end() == 0);
  CHECK(top_values(std::move(python).summarize("c", {})) ==
        std::vector<std::string>{"-0.0=1", "0.125=1", "2.5=1", "3.0=1", "x=1"});

  // Decimals varying and one text not the shortest ("2.50"), or one number whose form is not
  // known: read again.
  ColumnAccumulator mixed;
  mixed.add("2.50", 2.5, 2, TextForm{2, 0});
  mixed.add("1.0", 1.0, 3, TextForm{1, kP});
  mixed.add("x", std::nullopt, 4);
  CHECK(mixed.pending_end() == 2);
  ColumnAccumulator unknown;
  unknown.add("2.5", 2.5, 2, TextForm{1, kS | kP});
  unknown.add("3.5", 3.5, 3);
  unknown.add("x", std::nullopt, 4);
  CHECK(unknown.pending_end() == 2);
}

TEST_CASE("append: the form of the numbers is the blocks' together") {
  const auto block = [](const char* text, double value, TextForm form) {
    ColumnAccumulator part;
    part.add(text, value, 2, form);
    return part;
  };
  const auto turned = [](ColumnAccumulator column) {
    ColumnAccumulator text;
    text.add("x", std::nullopt, 9);
    column.append(std::move(text), {});
    return column.pending_end();
  };
  ColumnAccumulator same = block("0.5", 0.5, {1, kS | kP});
  ColumnAccumulator only_missing;
  only_missing.add_missing();
  same.append(std::move(only_missing), {});  // no numbers: no form to disagree with
  same.append(block("0.7", 0.7, {1, kS | kP}), {});
  CHECK(turned(std::move(same)) == 0);
  ColumnAccumulator first_missing;
  first_missing.add_missing();
  first_missing.append(block("0.5", 0.5, {1, kS | kP}), {});
  CHECK(turned(std::move(first_missing)) == 0);
  ColumnAccumulator differ = block("0.5", 0.5, {1, kS | kP});
  differ.append(block("0.50", 0.5, {2, 0}), {});
  CHECK(turned(std::move(differ)) == 2);  // the two numbers before "x"
}
