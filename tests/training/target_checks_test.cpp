// training/target_checks: what train refuses (a numeric target with a few non-numbers, too
// many classes) and warns about (an integer target with few values, a feature that is text
// only because of a few non-numbers, rows copied across the holdout), each on a small table.

#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "common/error.hpp"
#include "table/table_test_support.hpp"
#include "training/target_checks.hpp"
#include "training/trainer.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::model::Algorithm;
using mlctl::table::Table;
using mlctl::table::testing::table_of;
using namespace mlctl::training;

namespace {

// "x,y" with x = 1..n and y = x * 3 % 17 + 0.5 (numbers), line 2 on; `replace` sets y of
// some rows (0-based) to a text.
std::string numbers_csv(std::size_t n,
                        const std::vector<std::pair<std::size_t, std::string>>& replace = {}) {
  std::string csv = "x,y\n";
  for (std::size_t i = 0; i < n; ++i) {
    std::string y = fmt::format("{}", static_cast<double>(i * 3 % 17) + 0.5);
    for (const auto& [row, text] : replace) {
      if (row == i) y = text;
    }
    csv += fmt::format("{},{}\n", i + 1, y);
  }
  return csv;
}

std::string error_of(const auto& call) {
  try {
    call();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    return e.message();
  }
  FAIL("no error");
  return "";
}

}  // namespace

TEST_CASE("target checks: a column of numbers with a few non-numbers is found, with lines") {
  const Table t = table_of(numbers_csv(300, {{10, "?"}, {20, "unknown"}, {30, "?"}}));
  const auto found = find_few_non_numbers(t, t.column("y"));
  REQUIRE(found.has_value());
  CHECK(found->numbers == 297);
  CHECK(found->count == 3);
  REQUIRE(found->values.size() == 2);
  CHECK(found->values[0].text == "?");
  CHECK(found->values[0].count == 2);
  CHECK(found->values[0].line == 12);
  CHECK(found->values[1].text == "unknown");
  CHECK(found->values[1].line == 22);
  CHECK(describe(*found) == "\"?\" (2 rows, the first on line 12), \"unknown\" on line 22");
  // A numeric column, and one that is text, are neither.
  CHECK_FALSE(find_few_non_numbers(t, t.column("x")).has_value());
  const Table text = table_of("c\na\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
  CHECK_FALSE(find_few_non_numbers(text, text.column("c")).has_value());
}

TEST_CASE("target checks: 'a few' is at most 1% of the values (or one), of at most 20 texts") {
  // One value is few in 10 values, not in 9.
  const Table ten = table_of(numbers_csv(10, {{0, "?"}}));
  CHECK(find_few_non_numbers(ten, ten.column("y")).has_value());
  const Table nine = table_of(numbers_csv(9, {{0, "?"}}));
  CHECK_FALSE(find_few_non_numbers(nine, nine.column("y")).has_value());
  // 2 in 200 is 1%; 3 in 200 is not.
  const Table two = table_of(numbers_csv(200, {{0, "?"}, {5, "?"}}));
  CHECK(find_few_non_numbers(two, two.column("y")).has_value());
  const Table three = table_of(numbers_csv(200, {{0, "?"}, {5, "?"}, {9, "?"}}));
  CHECK_FALSE(find_few_non_numbers(three, three.column("y")).has_value());
  // 20 distinct texts are few in 2000 values, 21 are not.
  std::vector<std::pair<std::size_t, std::string>> twenty, twenty_one;
  for (std::size_t i = 0; i < 21; ++i) {
    if (i < 20) twenty.emplace_back(i * 7, fmt::format("t{}", i));
    twenty_one.emplace_back(i * 7, fmt::format("t{}", i));
  }
  const Table a = table_of(numbers_csv(2100, twenty));
  const auto found = find_few_non_numbers(a, a.column("y"));
  REQUIRE(found.has_value());
  CHECK(describe(*found) ==
        "\"t0\" on line 2, \"t1\" on line 9, \"t2\" on line 16, \"t3\" on line 23, \"t4\" on "
        "line 30 and 15 more");
  const Table b = table_of(numbers_csv(2100, twenty_one));
  CHECK_FALSE(find_few_non_numbers(b, b.column("y")).has_value());
}

TEST_CASE("target checks: a target of numbers with a stray text is refused, naming --na") {
  const Table t = table_of(numbers_csv(100, {{10, "?"}}));
  CHECK(error_of([&] { check_target_values(t, t.column("y"), std::nullopt); }) ==
        "the target \"y\" holds 99 numbers and 1 value that is not a number: \"?\" on line 12; "
        "if it marks a missing value, add --na '?' (for classes, add --algorithm logistic)");
  CHECK_THROWS_AS(check_target_values(t, t.column("y"), Algorithm::ridge), Error);
  // Classes asked for: trusted.
  CHECK_NOTHROW(check_target_values(t, t.column("y"), Algorithm::logistic));
  const Table two = table_of(numbers_csv(300, {{10, "?"}, {20, "it's"}}));
  CHECK(error_of([&] { check_target_values(two, two.column("y"), std::nullopt); }) ==
        "the target \"y\" holds 298 numbers and 2 values that are not numbers: \"?\" on line 12, "
        "\"it's\" on line 22; if they mark missing values, add --na '?' --na 'it'\\''s' (for "
        "classes, add --algorithm logistic)");
}

TEST_CASE("target checks: more than 100 classes, or than one per 5 rows, needs --max-classes") {
  const Table t = table_of("a\n1\n");
  CHECK_NOTHROW(check_class_count(t, "y", 100, 500, std::nullopt));
  CHECK_NOTHROW(check_class_count(t, "y", 3, 15, std::nullopt));
  CHECK(error_of([&] { check_class_count(t, "y", 101, 1000, std::nullopt); }) ==
        "the target \"y\" holds 101 classes in 1000 rows (without --max-classes, at most 100, and "
        "beyond 10 one per 5 rows): is it a number? To fit them all, add --max-classes 101");
  CHECK_NOTHROW(check_class_count(t, "y", 10, 11, std::nullopt));  // 10 are always allowed
  CHECK_THROWS_AS(check_class_count(t, "y", 11, 54, std::nullopt), Error);
  CHECK_NOTHROW(check_class_count(t, "y", 11, 55, std::nullopt));
  CHECK_NOTHROW(check_class_count(t, "y", 11, 54, std::size_t{11}));
  CHECK_NOTHROW(check_class_count(t, "y", 500, 600, std::size_t{500}));
  CHECK(error_of([&] { check_class_count(t, "y", 7, 1000, std::size_t{6}); }) ==
        "the target \"y\" holds 7 classes, more than --max-classes 6");
}

TEST_CASE("target checks: few_integer_values stops at a fraction or past the limit") {
  const Table t = table_of("a,b,c\n1,1.5,1\n2,2,2\n2,3,3\n-0,4,\n0,5,4\n");
  std::vector<std::size_t> rows = {0, 1, 2, 3, 4};
  const auto a = few_integer_values(t.column("a"), rows, 20);
  REQUIRE(a.has_value());
  CHECK(*a == std::vector<double>{0, 1, 2});  // -0 is 0
  CHECK_FALSE(few_integer_values(t.column("b"), rows, 20).has_value());
  CHECK(few_integer_values(t.column("c"), rows, 4)->size() == 4);  // missing is skipped
  CHECK_FALSE(few_integer_values(t.column("c"), rows, 3).has_value());
}

TEST_CASE("target checks: duplicate rows are exact copies in every column") {
  const Table t = table_of("a,b,c\n1,x,\n1,x,\n-0,y,2\n0,y,2\n1,z,\n1,x,3\n1,x,\n");
  std::vector<std::size_t> all = {0, 1, 2, 3, 4, 5, 6};
  CHECK(count_duplicate_rows(t, all) == 3);  // rows 2 and 7 repeat row 1; 0 and -0 are one
  std::vector<std::size_t> some = {0, 2, 4, 5};
  CHECK(count_duplicate_rows(t, some) == 0);
}

TEST_CASE("target checks: duplicate rows counted a run of hashes at a time, the same count") {
  // 60,000 rows (64 buckets of hashes), each x twice; y differs within every third pair.
  std::string csv = "x,y\n";
  for (int i = 0; i < 60000; ++i)
    csv += std::to_string(i / 2) + "," + std::to_string(i % 2 == 0 ? 0 : (i / 2) % 3 == 0) + "\n";
  const Table t = table_of(csv);
  std::vector<std::size_t> all(t.rows());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const std::size_t whole = count_duplicate_rows(t, all);
  CHECK(whole == 60000 - 30000 - 10000);  // pairs whose y differ (every third x) do not repeat
  for (const std::size_t run_bytes : {std::size_t{1}, std::size_t{4096}, std::size_t{100000}}) {
    CAPTURE(run_bytes);
    CHECK(count_duplicate_rows(t, all, 2, run_bytes) == whole);
  }
}

TEST_CASE("target checks: train warns about an integer target, a stray text, duplicates") {
  std::string csv = "x,f,y\n";
  for (int i = 0; i < 60; ++i) {
    csv += fmt::format("{},{},{}\n", i, i == 7 ? std::string("?") : fmt::format("{}.5", i % 13),
                       i % 3);
  }
  Table t = table_of(csv);
  Recipe recipe;
  recipe.target = "y";
  TrainReport report;
  (void)train(t, recipe, report);
  REQUIRE(report.warnings.size() == 2);
  CHECK(report.warnings[0] ==
        "the target \"y\" holds only 3 distinct integers (0 to 2): fitted as numbers (ridge); "
        "if they are classes, add --algorithm logistic");
  CHECK(report.warnings[1] ==
        "column \"f\" holds 59 numbers and 1 value that is not a number: \"?\" on line 9; read "
        "as text, its 14 distinct values are one-hot encoded; if it marks a missing value, add "
        "--na '?'");
  // Asked for ridge: no hint.
  recipe.algorithm = Algorithm::ridge;
  TrainReport asked;
  (void)train(t, recipe, asked);
  CHECK(asked.warnings.size() == 1);

  // Copies: warned with a holdout, not without one.
  const Table copies = table_of("x,y\n1,a\n2,b\n1,a\n3,a\n4,b\n5,a\n6,b\n1,a\n7,a\n8,b\n");
  Recipe r;
  r.target = "y";
  TrainReport held;
  (void)train(copies, r, held);
  REQUIRE(held.warnings.size() == 1);
  CHECK(held.warnings[0] ==
        "2 rows repeat an earlier row in every column: copies that land on both sides of a "
        "split flatter the held-out metrics");
  r.holdout = 0;
  TrainReport none;
  (void)train(copies, r, none);
  CHECK(none.warnings.empty());
}

TEST_CASE("target checks: train refuses a stray text in the target and too many classes") {
  Table t = table_of(numbers_csv(100, {{10, "?"}}));
  Recipe recipe;
  recipe.target = "y";
  TrainReport report;
  CHECK_THROWS_WITH_AS(
      (void)train(t, recipe, report),
      doctest::Contains("the target \"y\" holds 99 numbers and 1 value that is not a number"),
      Error);
  // Asked for classes: 18 classes in 100 rows are within the default limit.
  recipe.algorithm = Algorithm::logistic;
  recipe.holdout = 0;
  CHECK_NOTHROW((void)train(t, recipe, report));
  // 35 classes in 100 rows: over one per 5 rows.
  std::string csv = "x,y\n";
  for (int i = 0; i < 100; ++i) csv += fmt::format("{},c{}\n", i, i % 35);
  const Table many = table_of(csv);
  recipe.algorithm.reset();
  CHECK_THROWS_WITH_AS(
      (void)train(many, recipe, report),
      doctest::Contains("the target \"y\" holds 35 classes in 100 rows (without --max-classes, at "
                        "most 100, and beyond 10 one per 5 rows): is it a number? To fit them all, "
                        "add --max-classes 35"),
      Error);
  TrainOptions options;
  options.max_classes = 35;
  CHECK_NOTHROW((void)train(many, recipe, report, options));
}
